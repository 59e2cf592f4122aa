/**
 * Proves the components and the policy pack agree: every resource the components register for the example's
 * stages, fed through every govai CrossGuard policy (the offline `pulumi preview --policy-pack` of pulumi-notes §8),
 * draws no mandatory violation where the gate passes the model, and exactly the expected advisories.
 */
import { policies } from "@govai/gate/policies";
import { loadWorkloadFile, type WorkloadModel } from "@govai/spec";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type * as Components from "../packages/components/src/index.ts";
import { fakeOutputs } from "../packages/components/test/support/harness.ts";
import { runPolicy } from "../packages/gate/test/policy-harness.ts";

// Mock-runtime registrations run at 50–150 per second on a shared 2-core machine; give whole stages room.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let c: typeof Components;
let model: WorkloadModel;
beforeAll(async () => {
  c = await import("../packages/components/src/index.ts");
  const loaded = await loadWorkloadFile("examples/policy-lookup-agent/workload.yaml");
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  model = loaded.model;
});

async function findings(stage: "dev" | "test" | "prod") {
  const { resources } = await c.runUnderMocks(
    () => {
      new c.GovernedAiWorkload(model.metadata.name, {
        model,
        stages: [stage],
        budgetStartDate: "2026-11-01",
        copilotTelemetry: { enabled: true },
        gate: { assertGate() {} }, // the example's prod lacks sign-offs, which no resource carries
      });
    },
    { preview: false, outputs: fakeOutputs },
  );
  const out: string[] = [];
  for (const r of resources.filter((x) => x.custom)) {
    for (const policy of policies) {
      const run = await runPolicy(policy, {
        type: r.type,
        props: r.inputs,
        name: r.name,
        stack: `policy-lookup-${stage}`,
        config: { stage },
        protect: r.protect,
      });
      for (const v of run.violations) out.push(`${policy.enforcementLevel} ${policy.name} ${r.name}: ${v}`);
      if (run.unknownAtPreview) out.push(`unknown ${policy.name} ${r.name}`);
    }
  }
  return out.sort();
}

const expected: Record<"dev" | "test" | "prod", string[]> = {
  dev: [
    "advisory govai-security-dlp-default-blocked-advisory policy-lookup-dev-powerplatform-dlp: The data policy's default group is nonBusiness: connectors nobody classified, including ones Microsoft adds later, are allowed.",
    "advisory govai-security-endpoint-filtering-advisory policy-lookup-dev-powerplatform-dlp: Endpoint filtering is missing or does not end with deny * for: CSKnowledgeSharePoint.",
  ],
  test: [],
  prod: [],
};

describe("components × policy pack on the example", () => {
  for (const stage of ["dev", "test", "prod"] as const) {
    it(`${stage}: no mandatory violation, exactly the expected advisories`, async () => {
      expect(await findings(stage)).toEqual(expected[stage]);
    });
  }

  it("a runtime identity holding System Administrator in prod is a mandatory violation", async () => {
    const original = model;
    model = structuredClone(original);
    const runtime = Object.values(model.stages.prod.identities.runtime)[0]!;
    runtime.roles = [...runtime.roles, "System Administrator"];
    try {
      const all = await findings("prod");
      expect(all.filter((f) => f.startsWith("mandatory")).map((f) => f.split(":")[0])).toEqual([
        `mandatory govai-security-least-privilege policy-lookup-prod-powerplatform-appuser-runtime-${Object.keys(model.stages.prod.identities.runtime)[0]}`,
      ]);
    } finally {
      model = original;
    }
  });
});
