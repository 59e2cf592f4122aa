/**
 * Proves the component outputs: environment ids and URLs, application and client ids, the App Insights connection
 * string and a requested client secret as Pulumi secrets, and the governance summary per stage.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type * as Components from "../src/index.ts";
import { exampleModel } from "./fixtures/model.ts";
import { fakeOutputs, resolved } from "./support/harness.ts";

// Mock-runtime registrations run at 50–150 per second on a shared 2-core machine; give whole stages room.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let c: typeof Components;
beforeAll(async () => {
  c = await import("../src/index.ts");
});

describe("outputs", () => {
  it("ids, URLs, client ids per stage; connection strings and client secrets are secrets", async () => {
    const model = exampleModel();
    model.stages.test!.identities.deployment.clientSecret = { expiresInDays: 90 };
    const { result, resources } = await c.runUnderMocks(
      async () => {
        const w = new c.GovernedAiWorkload("policy-lookup", {
          model,
          stages: ["dev", "test"],
          budgetStartDate: "2026-11-01",
        });
        const test = w.stages.test!;
        return {
          environmentIds: await resolved(w.environmentIds),
          environmentUrls: await resolved(w.environmentUrls),
          deploymentClientIds: await resolved(w.deploymentClientIds),
          runtimeClientIds: await resolved(w.runtimeClientIds),
          connectionStrings: await resolved(w.appInsightsConnectionStrings),
          connectionStringsSecret: await pulumi.isSecret(w.appInsightsConnectionStrings),
          stageConnectionStringSecret: await pulumi.isSecret(test.appInsightsConnectionString),
          clientSecret: await resolved(test.deploymentClientSecret),
          clientSecretIsSecret: await pulumi.isSecret(test.deploymentClientSecret),
          devClientSecret: await resolved(w.stages.dev!.deploymentClientSecret),
          resourceGroupName: await resolved(test.resourceGroupName),
          workspace: await resolved(test.workspaceResourceId),
        };
      },
      { preview: false, outputs: fakeOutputs },
    );
    expect(result).toEqual({
      environmentIds: {
        dev: "policy-lookup-dev-powerplatform-env-env-guid",
        test: "policy-lookup-test-powerplatform-env-env-guid",
      },
      environmentUrls: {
        dev: "https://policy-lookup-dev-powerplatform-env.crm4.dynamics.com/",
        test: "https://policy-lookup-test-powerplatform-env.crm4.dynamics.com/",
      },
      deploymentClientIds: {
        dev: "policy-lookup-dev-identities-deploy-client-id",
        test: "policy-lookup-test-identities-deploy-client-id",
      },
      runtimeClientIds: {
        dev: { agent: "policy-lookup-dev-identities-runtime-agent-client-id" },
        test: {
          agent: "policy-lookup-test-identities-runtime-agent-client-id",
          flows: "33333333-3333-4333-8333-333333333333",
        },
      },
      connectionStrings: {
        dev: "InstrumentationKey=policy-lookup-dev-telemetry-appi",
        test: "InstrumentationKey=policy-lookup-test-telemetry-appi",
      },
      connectionStringsSecret: true,
      stageConnectionStringSecret: true,
      clientSecret: "policy-lookup-test-identities-deploy-secret-secret-value",
      clientSecretIsSecret: true,
      devClientSecret: undefined,
      resourceGroupName: "rg-policy-lookup-test",
      workspace: "policy-lookup-test-telemetry-law-id",
    });
    // The secret is requested explicitly, expires, and is the only password in either stage.
    expect(
      resources
        .filter((r) => r.type === "azuread:index/applicationPassword:ApplicationPassword")
        .map((r) => [r.name, r.inputs]),
    ).toEqual([
      [
        "policy-lookup-test-identities-deploy-secret",
        {
          applicationId: "policy-lookup-test-identities-deploy-id",
          displayName: "govai deployment secret",
          endDateRelative: "2160h",
        },
      ],
    ]);
  });

  it("the connection string reaches the Copilot Studio binding only as a secret", async () => {
    const { resources } = await c.runUnderMocks(
      () => {
        new c.GovernedAiWorkload("policy-lookup", {
          model: exampleModel(),
          stages: ["test"],
          copilotTelemetry: { enabled: true },
          budgetStartDate: "2026-11-01",
        });
      },
      { preview: false, outputs: fakeOutputs },
    );
    const binding = resources.find((r) => r.type === "govai:powerplatform:CopilotTelemetry")!;
    expect([binding.secretInputs, binding.inputs.connectionString]).toEqual([["connectionString"], c.SECRET]);
  });

  it("no Copilot Studio binding without a bot id, even when enabled; the summary says why", async () => {
    const model = exampleModel();
    model.agent.botId = undefined;
    const { result, resources } = await c.runUnderMocks(
      () =>
        new c.GovernedAiWorkload("policy-lookup", {
          model,
          stages: ["dev"],
          copilotTelemetry: { enabled: true },
          budgetStartDate: "2026-11-01",
        }).governance.dev!.telemetry.copilotTelemetryBinding,
      { preview: false, outputs: fakeOutputs },
    );
    expect(result).toBe("skippedNoBotId");
    expect(resources.filter((r) => r.type === "govai:powerplatform:CopilotTelemetry")).toEqual([]);
  });

  it("the governance summary of prod", async () => {
    const { result } = await c.runUnderMocks(
      () =>
        new c.GovernedAiWorkload("policy-lookup", {
          model: exampleModel(),
          stages: ["prod"],
          gate: { assertGate() {} },
          budgetStartDate: "2026-11-01",
        }).governance,
      { preview: false, outputs: fakeOutputs },
    );
    expect(result).toEqual({
      prod: {
        stage: "prod",
        environment: {
          type: "Production",
          location: "europe",
          azureRegion: "westeurope",
          domain: "policy-lookup-prod",
          securityGroupSet: true,
        },
        dlp: {
          displayName: "policy-lookup prod DLP",
          defaultGroup: "blocked",
          business: ["CSKnowledgeSharePoint", "PvaMicrosoftTeams", "shared_sharepointonline"],
          nonBusiness: [],
          blocked: ["Http", "PvaAuth", "PvaCustomDemoMobile", "PvaFacebook"],
          endpointFiltered: ["CSKnowledgeSharePoint"],
        },
        sharing: {
          agents: { editorSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxViewers: 200 },
          apps: { groupSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxUsers: 5 },
          flows: { mode: "disableSharing" },
        },
        solutionChecker: "block",
        auditing: { enabled: true, userAccessAudit: true, readAudit: true, retentionDays: 2555 },
        firewall: { mode: "enforce", cookieBinding: true },
        identities: {
          deployment: { federatedCredentials: ["github-main"], clientSecret: false, roles: ["System Administrator"] },
          runtime: {
            agent: { created: true, roles: ["Basic User"] },
            flows: { created: false, roles: ["Basic User", "Environment Maker"] },
          },
        },
        telemetry: {
          workspace: "create",
          logSensitiveActivity: false,
          appInsightsLocalAuthException: true,
          copilotTelemetryBinding: "skippedNotEnabled",
        },
        alerts: { p95LatencyMs: 4000, failureRatePercent: 2, windowMinutes: 15, notify: ["accountable", "oncall"] },
        cost: { monthlyBudget: 500, alertThresholdsPercent: [50, 80, 100] },
        protection: { protectFromDeletion: true, retainDataverseOnDelete: true },
        gate: "passed",
      },
    });
  });

  it("adopting an existing resource group and workspace creates neither and scopes the budget to the adopted group", async () => {
    const model = exampleModel();
    const ws =
      "/subscriptions/s/resourceGroups/rg-shared/providers/Microsoft.OperationalInsights/workspaces/law-shared";
    model.stages.dev!.resourceGroup = { mode: "existing", name: "rg-shared" };
    model.stages.dev!.telemetry.workspace = { mode: "existing", resourceId: ws };
    const { resources } = await c.runUnderMocks(
      () => {
        new c.GovernedAiWorkload("policy-lookup", {
          model,
          stages: ["dev"],
          subscriptionId: "44444444-4444-4444-8444-444444444444",
          budgetStartDate: "2026-11-01",
        });
      },
      { preview: false, outputs: fakeOutputs },
    );
    const types = resources.map((r) => r.type);
    expect([
      types.includes("azure-native:resources:ResourceGroup"),
      types.includes("azure-native:operationalinsights:Workspace"),
    ]).toEqual([false, false]);
    const appi = resources.find((r) => r.type === "azure-native:applicationinsights:Component")!;
    const budget = resources.find((r) => r.type === "azure-native:consumption:Budget")!;
    expect([appi.inputs.resourceGroupName, appi.inputs.workspaceResourceId, budget.inputs.scope]).toEqual([
      "rg-shared",
      ws,
      "/subscriptions/44444444-4444-4444-8444-444444444444/resourceGroups/rg-shared",
    ]);
  });
});
