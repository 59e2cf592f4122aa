/**
 * Proves that bad arguments and a failing production-readiness gate are refused synchronously, in the constructor,
 * before any resource (not even the component itself) is registered, with messages that name every input path or
 * failing check.
 */
import { GateFailedError } from "@govai/gate";
import type { WorkloadModel } from "@govai/spec";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type * as Components from "../src/index.ts";
import { exampleModel } from "./fixtures/model.ts";
import { fakeOutputs } from "./support/harness.ts";

// Mock-runtime registrations run at 50–150 per second on a shared 2-core machine; give whole stages room.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let c: typeof Components;
beforeAll(async () => {
  c = await import("../src/index.ts");
});

const passing = { assertGate() {} };

function mutate(f: (m: WorkloadModel) => void): WorkloadModel {
  const m = exampleModel();
  f(m);
  return m;
}

describe("argument validation", () => {
  it("names every bad input path and registers nothing", async () => {
    const model = mutate((m) => {
      m.stages.prod.alerts.p95LatencyMs = -1;
      m.stages.prod.alerts.windowMinutes = 7;
      m.stages.prod.environment.dataverse.domain = "Policy_Lookup";
      m.stages.prod.identities.deployment.owners = ["not-a-guid"];
      m.stages.prod.cost.alertThresholdsPercent = [];
      m.stages.prod.names.actionGroupShortName = "much-too-long-name";
    });
    let thrown: unknown;
    const { resources } = await c.runUnderMocks(() => {
      try {
        new c.GovernedAiWorkload("policy-lookup", { model, stages: ["prod"], gate: passing });
      } catch (e) {
        thrown = e;
      }
    });
    expect(resources).toEqual([]);
    expect(thrown).toBeInstanceOf(c.ComponentArgsError);
    expect((thrown as Error).message).toBe(
      [
        'govai:workload:GovernedAiWorkload "policy-lookup": invalid arguments:',
        '  - model.stages.prod.environment.dataverse.domain: expected a Dataverse domain: 2–63 lower-case letters, digits or hyphens, starting with a letter, found "Policy_Lookup"',
        "  - model.stages.prod.alerts.p95LatencyMs: expected a whole number ≥ 1, found -1",
        "  - model.stages.prod.alerts.windowMinutes: expected one of 5, 10, 15, 30, 45, 60, 120, 180, 240, 300, 360, 1440 or 2880 minutes (the windows Azure Monitor log alerts accept), found 7",
        '  - model.stages.prod.identities.deployment.owners.0: expected a GUID (Entra object or client id), found "not-a-guid"',
        "  - model.stages.prod.cost.alertThresholdsPercent: expected at least 1 item, found an empty list",
        "  - model.stages.prod.names.actionGroupShortName: expected an action group short name: 1–12 letters, digits, spaces, '-' or '_', found \"much-too-long-name\"",
      ].join("\n"),
    );
  });

  const cases: [string, () => Partial<Components.GovernedAiWorkloadArgs>, string][] = [
    [
      "an unknown stage",
      () => ({ stages: ["staging" as "dev"] }),
      '  - stages.0: unknown stage "staging"; expected one of dev, test, prod',
    ],
    [
      "a stage the model leaves out, with the reason",
      () => {
        const model = exampleModel();
        delete model.stages.test;
        model.omittedStages.test = "no test tenant";
        return { model, stages: ["test"] };
      },
      '  - stages.0: stage "test" is not in the model (omitted: no test tenant); present: dev, prod',
    ],
    ["a stage listed twice", () => ({ stages: ["dev", "dev"] }), '  - stages.1: stage "dev" is listed twice'],
    ["an empty stage list", () => ({ stages: [] }), "  - stages: must list at least one stage"],
    [
      "a budget start date that is not the first of a month",
      () => ({ budgetStartDate: "2026-11-15" }),
      "  - budgetStartDate: must be the first of a month, YYYY-MM-01",
    ],
    [
      "an existing resource group without a subscription id",
      () => ({
        model: mutate((m) => {
          m.stages.dev!.resourceGroup = { mode: "existing", name: "rg-shared" };
        }),
        stages: ["dev"],
      }),
      '  - subscriptionId: required because stage "dev" uses the existing resource group "rg-shared" (the budget is scoped to it)',
    ],
    [
      "a stage whose name does not match its key",
      () => ({
        model: mutate((m) => {
          m.stages.dev!.name = "test";
        }),
        stages: ["dev"],
      }),
      '  - model.stages.dev.name: must be "dev" (the map key), got "test"',
    ],
  ];
  for (const [what, args, message] of cases) {
    it(`refuses ${what}`, () => {
      const build = () =>
        new c.GovernedAiWorkload("policy-lookup", { model: exampleModel(), gate: passing, ...args() });
      expect(build).toThrow(c.ComponentArgsError);
      expect(build).toThrow(`govai:workload:GovernedAiWorkload "policy-lookup": invalid arguments:\n${message}`);
    });
  }

  it("WorkloadStage validates the same way, under its own name", () => {
    const model = mutate((m) => {
      m.stages.dev!.telemetry.samplingPercentage = 0;
    });
    expect(() => new c.WorkloadStage("x-dev", { model, stage: "dev" })).toThrow(
      'govai:workload:WorkloadStage "x-dev": invalid arguments:\n  - model.stages.dev.telemetry.samplingPercentage: expected a percentage greater than 0 and at most 100, found 0',
    );
  });

  it("WorkloadStage names its single `stage` argument", () => {
    const build = (stage: string | undefined) => () =>
      new c.WorkloadStage("x", { model: exampleModel(), stage: stage as "dev" });
    expect(build(undefined)).toThrow('govai:workload:WorkloadStage "x": invalid arguments:\n  - stage: is required');
    expect(build("qa")).toThrow(
      'govai:workload:WorkloadStage "x": invalid arguments:\n  - stage: unknown stage "qa"; expected one of dev, test, prod',
    );
  });

  it("the supporting-resource trio refuses existing together with args", () => {
    expect(
      () =>
        new c.StageTelemetry("t", {
          resourceGroupName: "rg",
          location: "westeurope",
          workspace: { workspaceName: "law", existing: { resourceId: "/x" }, args: { retentionInDays: 30 } },
          appInsights: { resourceName: "appi", samplingPercentage: 100 },
          tags: {},
        }),
    ).toThrow(
      'govai:workload:StageTelemetry "t": invalid arguments:\n  - workspace: only one of [workspace.existing] or [workspace.args] can be specified',
    );
  });
});

describe("the production-readiness gate", () => {
  it("refuses prod with the real gate's list of failing checks, before registering anything", async () => {
    let thrown: unknown;
    const { resources } = await c.runUnderMocks(() => {
      try {
        new c.GovernedAiWorkload("policy-lookup", { model: exampleModel(), stages: ["dev", "prod"] });
      } catch (e) {
        thrown = e;
      }
    });
    expect(resources).toEqual([]);
    expect(thrown).toBeInstanceOf(GateFailedError);
    const failures = (thrown as GateFailedError).failures;
    // The fixture's prod lacks evidence (the components never read files), the telemetry binding, a sized budget,
    // real owners (its addresses are under the reserved .example domain), the problem lock and the sign-offs.
    expect(failures.map((f) => [f.id, f.path])).toEqual([
      ["latency.load-test", "readiness.evidence"],
      ["quality.evaluation", "readiness.evidence"],
      ["observability.telemetry-bound", "agent.botId"],
      ["observability.alerts-routed", "stages.prod.alerts.notify"],
      ["cost.budget-sized", "stages.prod.cost"],
      ["rollback.restore-drill", "readiness.evidence"],
      ["signoff.owner-named", "metadata"],
      ["signoff.problem-locked", "problem.lockedDigest"],
      ["signoff.it", "readiness.signOffs.it"],
      ["signoff.security", "readiness.signOffs.security"],
      ["signoff.legal", "readiness.signOffs.legal"],
      ["signoff.businessOwner", "readiness.signOffs.businessOwner"],
    ]);
    expect((thrown as Error).message.split("\n")[0]).toBe(
      `The production-readiness gate refuses prod for workload "policy-lookup": ${failures.length} check(s) fail.`,
    );
    expect((thrown as Error).message.split("\n").slice(1)).toEqual(
      failures.map((f) => `  - ${f.id} (${f.path}): ${f.message} Fix: ${f.remediation}`),
    );
  });

  it("asks the gate about prod only, and refuses with the injected gate's error", () => {
    const asked: string[] = [];
    const gate = {
      assertGate(_m: WorkloadModel, stage: string) {
        asked.push(stage);
        throw new Error("gate: 2 checks fail\n  - signoff.security\n  - evidence.loadTest");
      },
    };
    expect(() => new c.GovernedAiWorkload("policy-lookup", { model: exampleModel(), gate })).toThrow(
      "gate: 2 checks fail\n  - signoff.security\n  - evidence.loadTest",
    );
    expect(asked).toEqual(["prod"]);
  });

  it("a passing gate is asked once, about prod, even with every stage in one program", async () => {
    const asked: string[] = [];
    await c.runUnderMocks(
      () => {
        new c.GovernedAiWorkload("policy-lookup", {
          model: exampleModel(),
          budgetStartDate: "2026-11-01",
          gate: { assertGate: (_m, stage) => void asked.push(stage) },
        });
      },
      { preview: true },
    );
    expect(asked).toEqual(["prod"]);
  });

  it("dev and test are not gated", async () => {
    const gate = {
      assertGate(): void {
        throw new Error("must not be asked");
      },
    };
    const { resources } = await c.runUnderMocks(
      () => {
        new c.GovernedAiWorkload("policy-lookup", {
          model: exampleModel(),
          stages: ["dev", "test"],
          gate,
          budgetStartDate: "2026-11-01",
        });
      },
      { preview: false, outputs: fakeOutputs },
    );
    expect(resources.filter((r) => r.type === "govai:workload:WorkloadStage").map((r) => r.name)).toEqual([
      "policy-lookup-dev",
      "policy-lookup-test",
    ]);
  });

  it("a WorkloadStage built directly is gated too", () => {
    const gate = {
      assertGate(): void {
        throw new Error("refused");
      },
    };
    expect(() => new c.WorkloadStage("policy-lookup-prod", { model: exampleModel(), stage: "prod", gate })).toThrow(
      "refused",
    );
  });
});
