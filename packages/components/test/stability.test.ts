/**
 * Proves that names and inputs do not move when the user reorders map entries (or set-like lists), and that nothing
 * branches on unknown values: a preview (every computed output unknown) registers exactly the same tree as an update.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type * as Components from "../src/index.ts";
import type { RecordedResource } from "../src/mock-runtime.ts";
import { exampleModel } from "./fixtures/model.ts";
import { fakeOutputs, tree } from "./support/harness.ts";

// Mock-runtime registrations run at 50–150 per second on a shared 2-core machine; give whole stages room.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let c: typeof Components;
beforeAll(async () => {
  c = await import("../src/index.ts");
});

const SET_LIKE = new Set([
  "business",
  "nonBusiness",
  "blocked",
  "admins",
  "makers",
  "owners",
  "roles",
  "allowedRanges",
  "serviceTags",
  "alertThresholdsPercent",
  "ruleOverrides",
]);

/** Every object's keys in reverse order; set-like lists reversed; ordered lists (endpoint rules) kept. */
function reorder(v: unknown, key = ""): unknown {
  if (Array.isArray(v)) {
    const items = v.map((x) => reorder(x));
    return SET_LIKE.has(key) ? items.reverse() : items;
  }
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v)
        .reverse()
        .map((k) => [k, reorder((v as Record<string, unknown>)[k], k)]),
    );
  }
  return v;
}

const everything = {
  budgetStartDate: "2026-11-01",
  copilotTelemetry: { enabled: true },
  gate: { assertGate() {} },
};

async function run(model: ReturnType<typeof exampleModel>, preview: boolean): Promise<RecordedResource[]> {
  const { resources } = await c.runUnderMocks(
    () => {
      new c.GovernedAiWorkload("policy-lookup", { model, ...everything });
    },
    preview ? { preview: true } : { preview: false, outputs: fakeOutputs },
  );
  return resources;
}

describe("reordering", () => {
  it("reordered maps and set-like lists give the same URNs and the same inputs", async () => {
    const model = exampleModel();
    // Add a second key to every map that has one, so reordering has something to move.
    model.stages.prod.identities.deployment.federatedCredentials["ado-release"] = {
      issuer: "https://vstoken.dev.azure.com/00000000-0000-4000-8000-000000000000",
      subject: "sc://contoso/policy-lookup/prod",
      audience: "api://AzureADTokenExchange",
    };
    const reordered = reorder(model) as typeof model;
    expect(Object.keys(reordered.stages)).toEqual(["prod", "test", "dev"]);
    expect(Object.keys(reordered.stages.prod.alerts.notify)).toEqual(["accountable", "oncall"]);
    const [a, b] = [await run(model, false), await run(reordered, false)];
    expect(b.map((r) => [r.urn, r.inputs])).toEqual(a.map((r) => [r.urn, r.inputs]));
    expect(a.length).toBe(84); // all three stages ran: 29 + 26 + 29 registrations, dev with the telemetry binding
  });
});

describe("preview", () => {
  it("registers exactly the update's tree with every computed value unknown, and never throws", async () => {
    const [update, preview] = [await run(exampleModel(), false), await run(exampleModel(), true)];
    expect(tree(preview)).toEqual(tree(update));
    const appUser = preview.find((r) => r.name === "policy-lookup-prod-powerplatform-appuser-runtime-agent")!;
    expect(appUser.inputs).toEqual({
      applicationId: c.KNOWN_AFTER_APPLY,
      environmentId: c.KNOWN_AFTER_APPLY,
      roles: ["Basic User"],
    });
    const dlp = preview.find((r) => r.name === "policy-lookup-prod-powerplatform-dlp")!;
    expect(dlp.inputs.environmentIds).toEqual([c.KNOWN_AFTER_APPLY]);
  });

  it("the component outputs that come from the model are known at preview", async () => {
    const { result } = await c.runUnderMocks(
      () =>
        new c.GovernedAiWorkload("policy-lookup", { model: exampleModel(), stages: ["dev"], ...everything }).governance
          .dev?.dlp.defaultGroup,
      { preview: true },
    );
    expect(result).toBe("nonBusiness");
  });
});
