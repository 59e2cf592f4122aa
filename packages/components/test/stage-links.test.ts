/**
 * A stage that joins an environment group (`environment.environmentGroupId`) or links a billing policy
 * (`billingPolicyId`), the two outputs of a tenant baseline stack a workload consumes: exact inputs under the mock
 * runtime, no ManagedEnvironment for a grouped environment, and the governance summary and the plan saying so.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type * as Components from "../src/index.ts";
import { exampleModel } from "./fixtures/model.ts";
import { fakeOutputs, tree } from "./support/harness.ts";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let c: typeof Components;
beforeAll(async () => {
  c = await import("../src/index.ts");
});

const GROUP = "3c1e2a4b-5d6f-4a7b-8c9d-0e1f2a3b4c5d";
const POLICY = "7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d";

function linkedModel() {
  const m = exampleModel();
  m.stages.dev!.environment.environmentGroupId = GROUP;
  m.stages.dev!.billingPolicyId = POLICY;
  return m;
}

async function runDev(model = linkedModel()) {
  return c.runUnderMocks(
    () =>
      new c.GovernedAiWorkload("policy-lookup", { model, stages: ["dev"], budgetStartDate: "2026-11-01" }).governance
        .dev,
    { preview: false, outputs: fakeOutputs },
  );
}

describe("a stage that joins an environment group and links a billing policy", () => {
  it("registers the environment with the group id, no ManagedEnvironment, and the billing link with exact inputs", async () => {
    const { resources } = await runDev();
    const pp = tree(resources).filter(([, , parent]) => parent === "policy-lookup-dev-powerplatform");
    expect(pp.map(([type, name]) => [type, name])).toEqual([
      ["govai:ApplicationUser", "policy-lookup-dev-powerplatform-appuser-deployment"],
      ["govai:ApplicationUser", "policy-lookup-dev-powerplatform-appuser-runtime-agent"],
      ["govai:BillingPolicyEnvironment", "policy-lookup-dev-powerplatform-billing"],
      ["govai:DataPolicy", "policy-lookup-dev-powerplatform-dlp"],
      ["govai:Environment", "policy-lookup-dev-powerplatform-env"],
      ["govai:EnvironmentSettings", "policy-lookup-dev-powerplatform-settings"],
    ]);
    const env = resources.find((r) => r.name === "policy-lookup-dev-powerplatform-env")!;
    expect(env.inputs.environmentGroupId).toBe(GROUP);
    const link = resources.find((r) => r.name === "policy-lookup-dev-powerplatform-billing")!;
    expect(link.type).toBe("govai:powerplatform:BillingPolicyEnvironment");
    expect(link.inputs).toEqual({
      billingPolicyId: POLICY,
      environmentId: "policy-lookup-dev-powerplatform-env-env-guid",
    });
  });

  it("the governance summary names the group and the policy and leaves out the settings nothing of the stage applies", async () => {
    const { result } = await runDev();
    expect(result?.environmentGroup).toEqual({
      id: GROUP,
      governs: ["sharing.apps", "solutionChecker", "usageInsights", "makerWelcome"],
      note: `the environment joins environment group ${GROUP}: the group's rules govern app sharing, solution checker, usage insights and maker welcome (agent sharing, which a group cannot limit yet, keeps the tenant's defaults), so the stage registers no ManagedEnvironment`,
    });
    expect(result?.billingPolicyId).toBe(POLICY);
    expect(result?.sharing).toBeUndefined();
    expect(result?.solutionChecker).toBeUndefined();
  });

  it("an ungrouped, unlinked stage is unchanged: a ManagedEnvironment, no link, no group in the summary", async () => {
    const { result, resources } = await runDev(exampleModel());
    const names = resources.map((r) => r.name);
    expect(names).toContain("policy-lookup-dev-powerplatform-managed");
    expect(names).not.toContain("policy-lookup-dev-powerplatform-billing");
    expect(resources.find((r) => r.name === "policy-lookup-dev-powerplatform-env")!.inputs).not.toHaveProperty(
      "environmentGroupId",
    );
    expect(result).not.toHaveProperty("environmentGroup");
    expect(result).not.toHaveProperty("billingPolicyId");
    expect(result?.solutionChecker).toBe("warn");
  });

  it("the plan says which stage the group's rules govern and which is billed to the policy", async () => {
    const plan = await c.collectPlan(linkedModel(), ["dev", "test"], { gate: { assertGate() {} } });
    expect(plan.notes).toEqual([
      `dev: the environment joins environment group ${GROUP}: the group's rules govern app sharing, solution checker, usage insights and maker welcome (agent sharing, which a group cannot limit yet, keeps the tenant's defaults), so the stage registers no ManagedEnvironment`,
      `dev: the environment is linked to billing policy ${POLICY} (pay-as-you-go: its Copilot Studio consumption is billed to that policy's Azure subscription)`,
    ]);
    expect(
      plan.resources.filter((r) => r.type === "govai:powerplatform:ManagedEnvironment").map((r) => r.name),
    ).toEqual(["policy-lookup-test-powerplatform-managed"]);
    expect((await c.collectPlan(exampleModel(), ["dev"])).notes).toEqual([]);
  });

  it("refuses a group or policy id that is not a GUID, before registering anything", async () => {
    const model = linkedModel();
    model.stages.dev!.environment.environmentGroupId = "developer";
    model.stages.dev!.billingPolicyId = "copilot-pilots";
    expect(() => new c.GovernedAiWorkload("policy-lookup", { model, stages: ["dev"] })).toThrow(
      [
        'govai:workload:GovernedAiWorkload "policy-lookup": invalid arguments:',
        '  - model.stages.dev.environment.environmentGroupId: expected a GUID (Entra object or client id), found "developer"',
        '  - model.stages.dev.billingPolicyId: expected a GUID (Entra object or client id), found "copilot-pilots"',
      ].join("\n"),
    );
  });
});
