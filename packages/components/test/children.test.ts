/**
 * Proves the exact child tree of each stage: every resource and component, its type, its logical name and its
 * parent. Nothing more, nothing less. The copilot telemetry binding is on (opt-in) for test and prod here; dev
 * creates groups (createGroups) and has no adopted runtime identity; only prod watches message volume.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type * as Components from "../src/index.ts";
import { exampleModel } from "./fixtures/model.ts";
import { fakeOutputs, tree } from "./support/harness.ts";

// Mock-runtime registrations run at 50–150 per second on a shared 2-core machine; give whole stages room.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let c: typeof Components;
beforeAll(async () => {
  c = await import("../src/index.ts");
});

type Triple = [string, string, string | undefined];
const expected: Record<"dev" | "test" | "prod", Triple[]> = {
  dev: [
    ["govai:GovernedAiWorkload", "policy-lookup", undefined],
    ["govai:WorkloadStage", "policy-lookup-dev", "policy-lookup"],
    ["govai:StageAlerts", "policy-lookup-dev-alerts", "policy-lookup-dev"],
    ["azure-native:ActionGroup", "policy-lookup-dev-alerts-ag", "policy-lookup-dev-alerts"],
    ["azure-native:ScheduledQueryRule", "policy-lookup-dev-alerts-failure-rate", "policy-lookup-dev-alerts"],
    ["azure-native:ScheduledQueryRule", "policy-lookup-dev-alerts-p95-latency", "policy-lookup-dev-alerts"],
    ["govai:StageCostGuardrail", "policy-lookup-dev-cost", "policy-lookup-dev"],
    ["azure-native:Budget", "policy-lookup-dev-cost-budget", "policy-lookup-dev-cost"],
    ["govai:StageIdentities", "policy-lookup-dev-identities", "policy-lookup-dev"],
    ["azuread:Application", "policy-lookup-dev-identities-deploy", "policy-lookup-dev-identities"],
    [
      "azuread:ApplicationFederatedIdentityCredential",
      "policy-lookup-dev-identities-deploy-fic-github-main",
      "policy-lookup-dev-identities",
    ],
    [
      "azuread:ApplicationFederatedIdentityCredential",
      "policy-lookup-dev-identities-deploy-fic-github-pr",
      "policy-lookup-dev-identities",
    ],
    ["azuread:ServicePrincipal", "policy-lookup-dev-identities-deploy-sp", "policy-lookup-dev-identities"],
    ["azuread:Group", "policy-lookup-dev-identities-group-admins-policy-lookup-admins", "policy-lookup-dev-identities"],
    ["azuread:Group", "policy-lookup-dev-identities-group-makers-claims-makers", "policy-lookup-dev-identities"],
    ["azuread:Group", "policy-lookup-dev-identities-group-makers-policy-lookup-makers", "policy-lookup-dev-identities"],
    ["azuread:Application", "policy-lookup-dev-identities-runtime-agent", "policy-lookup-dev-identities"],
    ["azuread:ServicePrincipal", "policy-lookup-dev-identities-runtime-agent-sp", "policy-lookup-dev-identities"],
    ["govai:StagePowerPlatform", "policy-lookup-dev-powerplatform", "policy-lookup-dev"],
    ["govai:ApplicationUser", "policy-lookup-dev-powerplatform-appuser-deployment", "policy-lookup-dev-powerplatform"],
    [
      "govai:ApplicationUser",
      "policy-lookup-dev-powerplatform-appuser-runtime-agent",
      "policy-lookup-dev-powerplatform",
    ],
    ["govai:DataPolicy", "policy-lookup-dev-powerplatform-dlp", "policy-lookup-dev-powerplatform"],
    ["govai:Environment", "policy-lookup-dev-powerplatform-env", "policy-lookup-dev-powerplatform"],
    ["govai:ManagedEnvironment", "policy-lookup-dev-powerplatform-managed", "policy-lookup-dev-powerplatform"],
    ["govai:EnvironmentSettings", "policy-lookup-dev-powerplatform-settings", "policy-lookup-dev-powerplatform"],
    ["azure-native:ResourceGroup", "policy-lookup-dev-rg", "policy-lookup-dev"],
    ["govai:StageTelemetry", "policy-lookup-dev-telemetry", "policy-lookup-dev"],
    ["azure-native:Component", "policy-lookup-dev-telemetry-appi", "policy-lookup-dev-telemetry"],
    ["azure-native:Workspace", "policy-lookup-dev-telemetry-law", "policy-lookup-dev-telemetry"],
  ],
  test: [
    ["govai:GovernedAiWorkload", "policy-lookup", undefined],
    ["govai:WorkloadStage", "policy-lookup-test", "policy-lookup"],
    ["govai:StageAlerts", "policy-lookup-test-alerts", "policy-lookup-test"],
    ["azure-native:ActionGroup", "policy-lookup-test-alerts-ag", "policy-lookup-test-alerts"],
    ["azure-native:ScheduledQueryRule", "policy-lookup-test-alerts-failure-rate", "policy-lookup-test-alerts"],
    ["azure-native:ScheduledQueryRule", "policy-lookup-test-alerts-p95-latency", "policy-lookup-test-alerts"],
    ["govai:StageCostGuardrail", "policy-lookup-test-cost", "policy-lookup-test"],
    ["azure-native:Budget", "policy-lookup-test-cost-budget", "policy-lookup-test-cost"],
    ["govai:StageIdentities", "policy-lookup-test-identities", "policy-lookup-test"],
    ["azuread:Application", "policy-lookup-test-identities-deploy", "policy-lookup-test-identities"],
    [
      "azuread:ApplicationFederatedIdentityCredential",
      "policy-lookup-test-identities-deploy-fic-github-main",
      "policy-lookup-test-identities",
    ],
    ["azuread:ServicePrincipal", "policy-lookup-test-identities-deploy-sp", "policy-lookup-test-identities"],
    ["azuread:Application", "policy-lookup-test-identities-runtime-agent", "policy-lookup-test-identities"],
    ["azuread:ServicePrincipal", "policy-lookup-test-identities-runtime-agent-sp", "policy-lookup-test-identities"],
    ["govai:StagePowerPlatform", "policy-lookup-test-powerplatform", "policy-lookup-test"],
    [
      "govai:ApplicationUser",
      "policy-lookup-test-powerplatform-appuser-deployment",
      "policy-lookup-test-powerplatform",
    ],
    [
      "govai:ApplicationUser",
      "policy-lookup-test-powerplatform-appuser-runtime-agent",
      "policy-lookup-test-powerplatform",
    ],
    [
      "govai:ApplicationUser",
      "policy-lookup-test-powerplatform-appuser-runtime-flows",
      "policy-lookup-test-powerplatform",
    ],
    [
      "govai:CopilotTelemetry",
      "policy-lookup-test-powerplatform-copilot-telemetry",
      "policy-lookup-test-powerplatform",
    ],
    ["govai:DataPolicy", "policy-lookup-test-powerplatform-dlp", "policy-lookup-test-powerplatform"],
    ["govai:Environment", "policy-lookup-test-powerplatform-env", "policy-lookup-test-powerplatform"],
    ["govai:ManagedEnvironment", "policy-lookup-test-powerplatform-managed", "policy-lookup-test-powerplatform"],
    ["govai:EnvironmentSettings", "policy-lookup-test-powerplatform-settings", "policy-lookup-test-powerplatform"],
    ["azure-native:ResourceGroup", "policy-lookup-test-rg", "policy-lookup-test"],
    ["govai:StageTelemetry", "policy-lookup-test-telemetry", "policy-lookup-test"],
    ["azure-native:Component", "policy-lookup-test-telemetry-appi", "policy-lookup-test-telemetry"],
    ["azure-native:Workspace", "policy-lookup-test-telemetry-law", "policy-lookup-test-telemetry"],
  ],
  prod: [
    ["govai:GovernedAiWorkload", "policy-lookup", undefined],
    ["govai:WorkloadStage", "policy-lookup-prod", "policy-lookup"],
    ["govai:StageAlerts", "policy-lookup-prod-alerts", "policy-lookup-prod"],
    ["azure-native:ActionGroup", "policy-lookup-prod-alerts-ag", "policy-lookup-prod-alerts"],
    ["azure-native:ScheduledQueryRule", "policy-lookup-prod-alerts-failure-rate", "policy-lookup-prod-alerts"],
    ["azure-native:ScheduledQueryRule", "policy-lookup-prod-alerts-p95-latency", "policy-lookup-prod-alerts"],
    ["azure-native:ScheduledQueryRule", "policy-lookup-prod-alerts-volume-anomaly", "policy-lookup-prod-alerts"],
    ["govai:StageCostGuardrail", "policy-lookup-prod-cost", "policy-lookup-prod"],
    ["azure-native:Budget", "policy-lookup-prod-cost-budget", "policy-lookup-prod-cost"],
    ["govai:StageIdentities", "policy-lookup-prod-identities", "policy-lookup-prod"],
    ["azuread:Application", "policy-lookup-prod-identities-deploy", "policy-lookup-prod-identities"],
    [
      "azuread:ApplicationFederatedIdentityCredential",
      "policy-lookup-prod-identities-deploy-fic-github-main",
      "policy-lookup-prod-identities",
    ],
    ["azuread:ServicePrincipal", "policy-lookup-prod-identities-deploy-sp", "policy-lookup-prod-identities"],
    ["azuread:Application", "policy-lookup-prod-identities-runtime-agent", "policy-lookup-prod-identities"],
    ["azuread:ServicePrincipal", "policy-lookup-prod-identities-runtime-agent-sp", "policy-lookup-prod-identities"],
    ["govai:StagePowerPlatform", "policy-lookup-prod-powerplatform", "policy-lookup-prod"],
    [
      "govai:ApplicationUser",
      "policy-lookup-prod-powerplatform-appuser-deployment",
      "policy-lookup-prod-powerplatform",
    ],
    [
      "govai:ApplicationUser",
      "policy-lookup-prod-powerplatform-appuser-runtime-agent",
      "policy-lookup-prod-powerplatform",
    ],
    [
      "govai:ApplicationUser",
      "policy-lookup-prod-powerplatform-appuser-runtime-flows",
      "policy-lookup-prod-powerplatform",
    ],
    [
      "govai:CopilotTelemetry",
      "policy-lookup-prod-powerplatform-copilot-telemetry",
      "policy-lookup-prod-powerplatform",
    ],
    ["govai:DataPolicy", "policy-lookup-prod-powerplatform-dlp", "policy-lookup-prod-powerplatform"],
    ["govai:Environment", "policy-lookup-prod-powerplatform-env", "policy-lookup-prod-powerplatform"],
    ["govai:ManagedEnvironment", "policy-lookup-prod-powerplatform-managed", "policy-lookup-prod-powerplatform"],
    ["govai:EnvironmentSettings", "policy-lookup-prod-powerplatform-settings", "policy-lookup-prod-powerplatform"],
    ["azure-native:ResourceGroup", "policy-lookup-prod-rg", "policy-lookup-prod"],
    ["govai:StageTelemetry", "policy-lookup-prod-telemetry", "policy-lookup-prod"],
    ["azure-native:Component", "policy-lookup-prod-telemetry-appi", "policy-lookup-prod-telemetry"],
    ["azure-native:Workspace", "policy-lookup-prod-telemetry-law", "policy-lookup-prod-telemetry"],
  ],
};

async function childrenOf(stage: "dev" | "test" | "prod") {
  const { resources } = await c.runUnderMocks(
    () => {
      new c.GovernedAiWorkload("policy-lookup", {
        model: exampleModel(),
        stages: [stage],
        budgetStartDate: "2026-11-01",
        copilotTelemetry: { enabled: stage !== "dev" },
        gate: { assertGate() {} },
      });
    },
    { preview: false, outputs: fakeOutputs },
  );
  return tree(resources);
}

describe("children per stage", () => {
  for (const stage of ["dev", "test", "prod"] as const) {
    it(`${stage}: exactly the expected children, each under its parent`, async () => {
      expect(await childrenOf(stage)).toEqual(expected[stage]);
    });
  }

  it("all three stages in one program: one WorkloadStage per stage, children not shared", async () => {
    const { resources } = await c.runUnderMocks(
      () => {
        new c.GovernedAiWorkload("policy-lookup", {
          model: exampleModel(),
          budgetStartDate: "2026-11-01",
          copilotTelemetry: { enabled: true },
          gate: { assertGate() {} },
        });
      },
      { preview: false, outputs: fakeOutputs },
    );
    const all = tree(resources);
    const union = [...expected.dev, ...expected.test.slice(1), ...expected.prod.slice(1)];
    // dev gains the telemetry binding when it is enabled for every stage.
    union.push([
      "govai:CopilotTelemetry",
      "policy-lookup-dev-powerplatform-copilot-telemetry",
      "policy-lookup-dev-powerplatform",
    ]);
    expect(all).toEqual(union.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)));
  });
});
