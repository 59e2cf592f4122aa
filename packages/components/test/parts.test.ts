/**
 * Proves the parts used on their own, and the create / adopt / skip trio of the supporting resources: what each
 * choice registers, and what it hands on.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type * as Components from "../src/index.ts";
import { exampleModel } from "./fixtures/model.ts";
import { fakeOutputs, resolved, tree } from "./support/harness.ts";

// Mock-runtime registrations run at 50–150 per second on a shared 2-core machine; give whole stages room.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let c: typeof Components;
beforeAll(async () => {
  c = await import("../src/index.ts");
});

const update = { preview: false, outputs: fakeOutputs } as const;
// Without the volume rule: these cases are about the action group.
const alerts = {
  ...exampleModel().stages.prod.alerts,
  volumeAnomaly: { enabled: false, sensitivity: "medium" as const },
};

describe("StageTelemetry", () => {
  it("adopts an existing App Insights component: no component created, its connection string passed on as a secret", async () => {
    const { result, resources } = await c.runUnderMocks(async () => {
      const t = new c.StageTelemetry("t", {
        resourceGroupName: "rg",
        location: "westeurope",
        workspace: { workspaceName: "law" },
        appInsights: {
          resourceName: "appi",
          samplingPercentage: 100,
          existing: { connectionString: "InstrumentationKey=adopted", resourceId: "/appi/adopted" },
        },
        tags: { stage: "dev" },
      });
      return {
        connectionString: await resolved(t.connectionString),
        secret: await pulumi.isSecret(t.connectionString),
        id: await resolved(t.appInsightsResourceId),
      };
    }, update);
    expect(result).toEqual({ connectionString: "InstrumentationKey=adopted", secret: true, id: "/appi/adopted" });
    expect(tree(resources)).toEqual([
      ["govai:StageTelemetry", "t", undefined],
      ["azure-native:Workspace", "t-law", "t"],
    ]);
  });

  it("registers the created component with its connection string and instrumentation key secret in its own state", async () => {
    // Before: only this component's `connectionString` output was a secret; the child's state kept both in plain text.
    const { resources } = await c.runUnderMocks(() => {
      new c.StageTelemetry("t", {
        resourceGroupName: "rg",
        location: "westeurope",
        workspace: { workspaceName: "law" },
        appInsights: { resourceName: "appi", samplingPercentage: 100 },
        tags: {},
      });
    }, update);
    expect(resources.map((r) => [r.name, r.type, r.additionalSecretOutputs])).toEqual([
      ["t-appi", "azure-native:applicationinsights:Component", ["connectionString", "instrumentationKey"]],
      ["t-law", "azure-native:operationalinsights:Workspace", []],
      ["t", "govai:workload:StageTelemetry", []],
    ]);
  });

  it("skips App Insights: nothing but the workspace, an undefined connection string", async () => {
    const { result, resources } = await c.runUnderMocks(async () => {
      const t = new c.StageTelemetry("t", {
        resourceGroupName: "rg",
        location: "westeurope",
        workspace: { workspaceName: "law", args: { retentionInDays: 60 } },
        appInsights: { resourceName: "appi", samplingPercentage: 100, skip: true },
        tags: {},
      });
      return await resolved(t.connectionString);
    }, update);
    expect(result).toBeUndefined();
    expect(resources.map((r) => [r.name, r.inputs.retentionInDays]).sort()).toEqual([
      ["t", undefined],
      ["t-law", 60],
    ]);
  });
});

describe("StageAlerts", () => {
  it("with an existing action group: creates none and the rules notify the adopted one", async () => {
    const { resources } = await c.runUnderMocks(() => {
      new c.StageAlerts("a", {
        resourceGroupName: "rg",
        location: "westeurope",
        appInsightsResourceId: "/appi",
        alerts,
        ruleNamePrefix: "appi",
        actionGroup: { actionGroupName: "ag", shortName: "ag", existing: { resourceId: "/ag/central" } },
        tags: {},
      });
    }, update);
    expect(
      resources
        .map((r) => [r.name, (r.inputs.actions as { actionGroups?: string[] } | undefined)?.actionGroups])
        .sort(),
    ).toEqual([
      ["a", undefined],
      ["a-failure-rate", ["/ag/central"]],
      ["a-p95-latency", ["/ag/central"]],
    ]);
  });

  it("with the action group skipped: the rules notify nobody", async () => {
    const { resources } = await c.runUnderMocks(() => {
      new c.StageAlerts("a", {
        resourceGroupName: "rg",
        location: "westeurope",
        appInsightsResourceId: "/appi",
        alerts,
        ruleNamePrefix: "appi",
        actionGroup: { actionGroupName: "ag", shortName: "ag", skip: true },
        tags: {},
      });
    }, update);
    expect(
      resources
        .map((r) => [r.name, (r.inputs.actions as { actionGroups?: string[] } | undefined)?.actionGroups])
        .sort(),
    ).toEqual([
      ["a", undefined],
      ["a-failure-rate", []],
      ["a-p95-latency", []],
    ]);
  });
});

describe("StageCostGuardrail", () => {
  it("skip creates no budget; e-mail only without an action group", async () => {
    const run = (skip: boolean) =>
      c.runUnderMocks(() => {
        new c.StageCostGuardrail("cost", {
          scope: "/subscriptions/s/resourceGroups/rg",
          budgetName: "b",
          amount: 10,
          thresholdsPercent: [100, 80, 80],
          contactEmails: ["b@x.example", "a@x.example", "b@x.example"],
          startDate: "2026-01-01",
          budget: { skip },
        });
      }, update);
    expect((await run(true)).resources.map((r) => r.name)).toEqual(["cost"]);
    const budget = (await run(false)).resources.find((r) => r.name === "cost-budget")!;
    expect(budget.inputs.notifications).toEqual({
      "actual-80": {
        contactEmails: ["a@x.example", "b@x.example"],
        contactGroups: [],
        enabled: true,
        operator: "GreaterThanOrEqualTo",
        threshold: 80,
        thresholdType: "Actual",
      },
      "actual-100": {
        contactEmails: ["a@x.example", "b@x.example"],
        contactGroups: [],
        enabled: true,
        operator: "GreaterThanOrEqualTo",
        threshold: 100,
        thresholdType: "Actual",
      },
    });
  });

  it("a zero monthly budget in the model creates no budget resource", async () => {
    const model = exampleModel();
    model.stages.dev!.cost.monthlyBudget = 0;
    const { resources } = await c.runUnderMocks(() => {
      new c.GovernedAiWorkload("policy-lookup", { model, stages: ["dev"], budgetStartDate: "2026-11-01" });
    }, update);
    expect(resources.filter((r) => r.type === "azure-native:consumption:Budget")).toEqual([]);
  });
});

describe("more argument checks", () => {
  it("adopts a workspace whose ARM id Azure returned in lower case (resource ids are case-insensitive)", async () => {
    const id =
      "/subscriptions/0000/resourcegroups/rg-ops/providers/microsoft.operationalinsights/workspaces/law-central";
    const model = exampleModel();
    model.stages.dev!.telemetry.workspace = { mode: "existing", resourceId: id };
    const { resources } = await c.runUnderMocks(() => {
      new c.GovernedAiWorkload("policy-lookup", { model, stages: ["dev"], budgetStartDate: "2026-11-01" });
    }, update);
    expect(
      resources
        .filter((r) => r.type.startsWith("azure-native:operationalinsights") || r.type.endsWith(":Component"))
        .map((r) => [r.type, r.inputs.workspaceResourceId]),
    ).toEqual([["azure-native:applicationinsights:Component", id]]);
  });

  it("refuses group display names that would collide as resource names, and more than 5 budget thresholds", () => {
    const model = exampleModel();
    model.stages.dev!.groups.makers = ["Claims Makers", "claims-makers"];
    model.stages.dev!.cost.alertThresholdsPercent = [10, 20, 30, 40, 50, 60];
    expect(() => new c.GovernedAiWorkload("w", { model, stages: ["dev"] })).toThrow(
      [
        'govai:workload:GovernedAiWorkload "w": invalid arguments:',
        "  - model.stages.dev.cost.alertThresholdsPercent: expected at most 5 items, found a list of 6",
      ].join("\n"),
    );
    model.stages.dev!.cost.alertThresholdsPercent = [50];
    expect(() => new c.GovernedAiWorkload("w", { model, stages: ["dev"] })).toThrow(
      [
        'govai:workload:GovernedAiWorkload "w": invalid arguments:',
        '  - model.stages.dev.groups.makers: "Claims Makers" and "claims-makers" would get the same resource name; rename one',
      ].join("\n"),
    );
  });
});

describe("parts validate their own arguments", () => {
  it("StageAlerts and StageCostGuardrail name every bad path, before registering anything", () => {
    expect(
      () =>
        new c.StageAlerts("a", {
          resourceGroupName: "rg",
          location: "",
          appInsightsResourceId: "/appi",
          alerts: { ...alerts, windowMinutes: 20 },
          ruleNamePrefix: "appi",
          actionGroup: { actionGroupName: "ag", shortName: "a-very-long-short-name" },
          tags: {},
        }),
    ).toThrow(
      [
        'govai:workload:StageAlerts "a": invalid arguments:',
        "  - location: must not be empty",
        "  - alerts.windowMinutes: expected one of 5, 10, 15, 30, 45, 60, 120, 180, 240, 300, 360, 1440 or 2880 minutes (the windows Azure Monitor log alerts accept), found 20",
        "  - actionGroup.shortName: must be at most 12 characters",
      ].join("\n"),
    );
    expect(
      () =>
        new c.StageCostGuardrail("cost", {
          scope: "/s",
          budgetName: "b",
          amount: 0,
          thresholdsPercent: [],
          contactEmails: ["not-an-email"],
          startDate: "2026-13-01",
        }),
    ).toThrow(
      [
        'govai:workload:StageCostGuardrail "cost": invalid arguments:',
        "  - amount: expected a number > 0, found 0",
        "  - thresholdsPercent: expected at least 1 item, found an empty list",
        "  - contactEmails.0: must be an e-mail address",
        "  - startDate: must be the first of a month, YYYY-MM-01",
      ].join("\n"),
    );
  });
});

describe("pure helpers", () => {
  it("durations, slugs and the month start", () => {
    expect([5, 15, 60, 120, 1440, 2880].map(c.isoDuration)).toEqual(["PT5M", "PT15M", "PT1H", "PT2H", "P1D", "P2D"]);
    expect(["Policy Lookup Admins", "  --  ", "Ops/ITSM (EU)"].map(c.slug)).toEqual([
      "policy-lookup-admins",
      "x",
      "ops-itsm-eu",
    ]);
    expect(c.currentMonthStart(new Date("2026-02-28T23:59:59Z"))).toBe("2026-02-01");
    expect(c.entraTags({ stage: "dev", a: "1" })).toEqual(["a:1", "stage:dev"]);
  });
});
