/**
 * Individual-sharing caps: a stage's managed environment takes any cap up to MAX_SHARE_LIMIT (the service documents
 * no maximum there), an environment group's rules at most GROUP_MAX_SHARE_LIMIT (the rule set's MaximumShareLimit,
 * -1..99). The same constants bound the provider's Check and the client's converters, so what validate accepts is what
 * `pulumi up` can write.
 */
import { describe, expect, it } from "vitest";
import { formatIssues, loadWorkloadText } from "../src/index.ts";
import { GROUP_MAX_SHARE_LIMIT, MAX_SHARE_LIMIT } from "../src/model.ts";
import { MINIMAL } from "./fixtures.ts";

const PROD_ENV = "    environment: { location: europe, azureRegion: westeurope }\n";

function prodSharing(apps: number, agents: number): string {
  expect(MINIMAL).toContain(PROD_ENV);
  return MINIMAL.replace(
    PROD_ENV,
    `${PROD_ENV}    managedEnvironment: { sharing: { apps: { maxUsers: ${apps} }, agents: { maxViewers: ${agents} } } }\n`,
  );
}

describe("sharing caps", () => {
  it("are bounded once: 10000 for a managed environment, 99 for a group's rule set", () => {
    expect([MAX_SHARE_LIMIT, GROUP_MAX_SHARE_LIMIT]).toEqual([10_000, 99]);
  });

  it("a stage takes caps over 99, up to the bound, and keeps them in the model", () => {
    const r = loadWorkloadText(prodSharing(400, 10_000), "w.yaml");
    if (!r.ok) throw new Error(formatIssues(r.errors));
    expect([
      r.model.stages.prod.managedEnvironment.sharing.apps.maxUsers,
      r.model.stages.prod.managedEnvironment.sharing.agents.maxViewers,
    ]).toEqual([400, 10_000]);
  });

  it("a stage's cap over the bound is refused at its position", () => {
    const r = loadWorkloadText(prodSharing(10_001, 10_001), "w.yaml");
    expect(r.ok ? "loaded" : formatIssues(r.errors)).toBe(
      [
        "w.yaml:21:56 stages.prod.managedEnvironment.sharing.apps.maxUsers: expected a whole number from 0 to 10000, or -1 for no limit, found 10001",
        "w.yaml:21:87 stages.prod.managedEnvironment.sharing.agents.maxViewers: expected a whole number from 0 to 10000, found 10001",
      ].join("\n"),
    );
  });
});
