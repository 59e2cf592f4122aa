/**
 * The root program's second kind of stack, under the mock runtime: a stack whose config names a tenant baseline
 * (`govai-workload:baseline`, the real stack file stacks/Pulumi.contoso-fs-baseline.yaml) deploys the
 * TenantBaseline of examples/tenant-baseline and nothing else; a spec of the wrong kind under either key, both keys,
 * or a stage with a baseline end the run with a clean message naming the right key, and register nothing.
 */
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import type * as Components from "../packages/components/src/index.ts";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let c: typeof Components;
let main: () => Promise<Record<string, unknown>>;
beforeAll(async () => {
  c = await import("../packages/components/src/index.ts");
  main = (await import("../program/index.ts")).default as unknown as typeof main;
});

const BASELINE = "examples/tenant-baseline/tenant.yaml";
const WORKLOAD = "examples/policy-lookup-agent/workload.yaml";

function stackConfig(stack: string): Record<string, string> {
  return parse(readFileSync(new URL(`../stacks/Pulumi.${stack}.yaml`, import.meta.url), "utf8")).config;
}

/** Runs the program with `config`; the error it ends with (undefined if none) and what it registered. */
async function runWith(config: Record<string, string>) {
  let error: unknown;
  const { result, resources } = await c.runUnderMocks(
    async () => {
      pulumi.runtime.setAllConfig(config);
      return main().catch((e) => {
        error = e;
        return undefined;
      });
    },
    { preview: true },
  );
  return { error, result, resources };
}

describe("a tenant baseline stack", () => {
  it("stack contoso-fs-baseline deploys the example's TenantBaseline and no workload", async () => {
    const config = stackConfig("contoso-fs-baseline");
    expect(config).toEqual({ "govai-workload:baseline": BASELINE });
    const { error, result, resources } = await runWith(config);
    expect(error).toBeUndefined();
    expect(result?.baseline).toBe("contoso-fs");
    const top = resources.filter((r) => r.parent === undefined).map((r) => [r.type, r.name]);
    expect(top).toEqual([["govai:tenant:TenantBaseline", "contoso-fs"]]);
    expect(resources.map((r) => r.type).sort()).toEqual([
      "azure-native:consumption:Budget",
      "govai:powerplatform:BillingPolicy",
      "govai:powerplatform:DataPolicy",
      "govai:powerplatform:DataPolicy",
      "govai:powerplatform:EnvironmentGroup",
      "govai:powerplatform:EnvironmentGroup",
      "govai:powerplatform:EnvironmentGroupRuleSet",
      "govai:powerplatform:EnvironmentGroupRuleSet",
      "govai:powerplatform:TenantSettings",
      "govai:tenant:TenantBaseline",
      "govai:workload:StageCostGuardrail",
    ]);
  });

  const refusals: [string, Record<string, string>, string][] = [
    [
      "a workload stack whose workload names a tenant baseline",
      { "govai-workload:workload": BASELINE, "govai-workload:stage": "dev" },
      `${BASELINE} is a tenant baseline (kind: TenantBaseline), not a workload spec: a baseline stack names it with govai-workload:baseline and sets no govai-workload:stage`,
    ],
    [
      "a baseline stack whose baseline names a workload spec",
      { "govai-workload:baseline": WORKLOAD },
      `${WORKLOAD} is a workload spec (kind: Workload), not a tenant baseline: a workload stack names it with govai-workload:workload and a govai-workload:stage, and sets no govai-workload:baseline`,
    ],
    [
      "a stack that sets both, with a stage",
      { "govai-workload:baseline": BASELINE, "govai-workload:workload": WORKLOAD, "govai-workload:stage": "dev" },
      [
        "Stack configuration is invalid:",
        "  - govai-workload:workload: a stack deploys a workload stage or a tenant baseline, not both; remove one of govai-workload:workload and govai-workload:baseline",
        "  - govai-workload:stage: a tenant baseline has no stages (one baseline stack per tenant); remove govai-workload:stage",
      ].join("\n"),
    ],
    [
      "a baseline that does not load",
      { "govai-workload:baseline": "no/such/tenant.yaml" },
      "The tenant baseline has 1 problem(s):\n  no/such/tenant.yaml:0:0 cannot read the spec: file not found",
    ],
  ];
  for (const [what, config, message] of refusals) {
    it(`refuses ${what} with a clean message, registering nothing`, async () => {
      const { error, resources } = await runWith(config);
      expect(pulumi.RunError.isInstance(error)).toBe(true);
      expect((error as Error).message).toBe(message);
      expect(resources).toEqual([]);
    });
  }
});
