/**
 * The opt-in agent solution of a WorkloadStage: with `agentSolution` the stage gains exactly one child, a
 * SolutionDeployment named `<stage>-agent-solution` under the stage, in the stage's environment, after its
 * governance, with the spec's RTO and the stage's protection; without it nothing changes (children.test.ts holds the
 * unchanged trees); a malformed arg registers nothing.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type * as Components from "../src/index.ts";
import { exampleModel } from "./fixtures/model.ts";
import { fakeOutputs, inputsOf, tree } from "./support/harness.ts";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let c: typeof Components;
beforeAll(async () => {
  c = await import("../src/index.ts");
});

const SHA = "3f".repeat(32);
const agentSolution = {
  uniqueName: "PolicyLookupAgent",
  version: "1.4",
  solutionFile: "artifacts/PolicyLookupAgent_1_4_0_0_managed.zip",
  sha256: SHA,
  deploymentSettings: {
    environmentVariables: { pl_PolicyApiUrl: "https://policies.contoso.example/api" },
    connectionReferences: {
      pl_sharepoint: {
        connectionId: "shared-sharepointonl-test",
        connectorId: "/providers/Microsoft.PowerApps/apis/shared_sharepointonline",
      },
    },
  },
  rollbackStrategy: "uninstallAndReinstall" as const,
};

async function stageWith(stage: "test" | "prod", extra: Partial<Components.WorkloadStageArgs>) {
  return c.runUnderMocks(
    () => {
      new c.WorkloadStage(`policy-lookup-${stage}`, {
        model: exampleModel(),
        stage,
        budgetStartDate: "2026-11-01",
        gate: { assertGate() {} },
        ...extra,
      });
    },
    { preview: false, outputs: fakeOutputs },
  );
}

describe("WorkloadStage agentSolution (opt-in)", () => {
  it.each([
    ["test", false, true],
    ["prod", true, true],
  ] as const)(
    "%s: one more child, in the stage's environment, after its governance, protect %s, retainOnDelete %s",
    async (stage, protect, retain) => {
      const without = tree((await stageWith(stage, {})).resources);
      const { resources } = await stageWith(stage, { agentSolution });
      const name = `policy-lookup-${stage}-agent-solution`;
      expect(tree(resources)).toEqual(
        [...without, ["govai:SolutionDeployment", name, `policy-lookup-${stage}`] as [string, string, string]].sort(
          (a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0),
        ),
      );
      expect(inputsOf(resources, name)).toEqual({
        environmentId: `policy-lookup-${stage}-powerplatform-env-env-guid`,
        uniqueName: "PolicyLookupAgent",
        version: "1.4",
        solutionFile: "artifacts/PolicyLookupAgent_1_4_0_0_managed.zip",
        sha256: SHA,
        deploymentSettings: agentSolution.deploymentSettings,
        // The spec's readiness.rollback.rtoMinutes.
        rollback: { strategy: "uninstallAndReinstall", rtoMinutes: 60 },
      });
      const r = resources.find((x) => x.name === name);
      expect([r?.protect, r?.retainOnDelete]).toEqual([protect, retain]);
      // dependsOn the StagePowerPlatform component: the engine waits for every resource under it.
      const governance = resources
        .filter((x) => x.parent === resources.find((p) => p.name === `policy-lookup-${stage}-powerplatform`)?.urn)
        .map((x) => x.urn)
        .sort();
      expect(governance.length).toBeGreaterThan(4);
      expect([...(r?.dependencies ?? [])].sort()).toEqual(governance);
    },
  );

  it("refuses a malformed agentSolution before registering anything", async () => {
    const { resources, error } = await c
      .runUnderMocks(
        () => {
          new c.WorkloadStage("policy-lookup-test", {
            model: exampleModel(),
            stage: "test",
            agentSolution: { uniqueName: "1bad", version: "v1", solutionFile: "a.zip" },
          });
        },
        { preview: false, outputs: fakeOutputs },
      )
      .then(
        (r) => ({ ...r, error: undefined }),
        (e: Error) => ({ resources: [], error: e }),
      );
    expect(resources).toEqual([]);
    expect(error?.message).toEqual(
      'govai:workload:WorkloadStage "policy-lookup-test": invalid arguments:\n' +
        "  - agentSolution.uniqueName: must be a solution unique name (letters, digits, _)\n" +
        "  - agentSolution.version: must be one to four whole numbers, e.g. 1.2.0.0\n" +
        "  - agentSolution.sha256: is required with solutionFile: the zip's SHA-256 in hex",
    );
  });
});
