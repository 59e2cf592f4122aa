/**
 * Proves the exact security-relevant inputs of every stage: the DLP policy, managed-environment sharing and solution
 * checker, auditing and firewall, application users and their roles, Entra applications and federated credentials
 * (no secret unless asked), the SLO alert thresholds, the budget, and protection flags. Whole input objects, per stage.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type * as Components from "../src/index.ts";
import type { RecordedResource } from "../src/mock-runtime.ts";
import { exampleModel } from "./fixtures/model.ts";
import { fakeOutputs, inputsOf } from "./support/harness.ts";

// Mock-runtime registrations run at 50–150 per second on a shared 2-core machine; give whole stages room.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

type Stage = "dev" | "test" | "prod";
const STAGES: Stage[] = ["dev", "test", "prod"];
let c: typeof Components;
const runs: Partial<Record<Stage, RecordedResource[]>> = {};

beforeAll(async () => {
  c = await import("../src/index.ts");
  for (const stage of STAGES) {
    const { resources } = await c.runUnderMocks(
      () => {
        new c.GovernedAiWorkload("policy-lookup", {
          model: exampleModel(),
          stages: [stage],
          budgetStartDate: "2026-11-01",
          copilotTelemetry: { enabled: true },
          gate: { assertGate() {} },
        });
      },
      { preview: false, outputs: fakeOutputs },
    );
    runs[stage] = resources;
  }
});

const res = (stage: Stage) => runs[stage]!;
const n = (stage: Stage, suffix: string) => `policy-lookup-${stage}-${suffix}`;
const envId = (stage: Stage) => `${n(stage, "powerplatform-env")}-env-guid`;
const tags = (stage: Stage) => ({
  businessUnit: "claims",
  "cost-center": "CC-4711",
  "govai-stage": stage,
  "govai-workload": "policy-lookup",
  owner: "ana.ruiz@contoso.example",
  "problem-revision": "2",
});

describe("Power Platform governance inputs", () => {
  const dlp: Record<Stage, { defaultGroup: string; nonBusiness: string[]; blocked: string[] }> = {
    dev: {
      defaultGroup: "nonBusiness",
      nonBusiness: ["PvaCustomDemoMobile"],
      blocked: ["Http", "PvaAuth", "PvaFacebook"],
    },
    test: {
      defaultGroup: "blocked",
      nonBusiness: [],
      blocked: ["Http", "PvaAuth", "PvaCustomDemoMobile", "PvaFacebook"],
    },
    prod: {
      defaultGroup: "blocked",
      nonBusiness: [],
      blocked: ["Http", "PvaAuth", "PvaCustomDemoMobile", "PvaFacebook"],
    },
  };
  for (const stage of STAGES) {
    it(`${stage}: the DLP policy covers exactly this environment with the stage's groups`, () => {
      expect(inputsOf(res(stage), n(stage, "powerplatform-dlp"))).toEqual({
        displayName: `policy-lookup ${stage} DLP`,
        defaultGroup: dlp[stage].defaultGroup,
        environmentIds: [envId(stage)],
        environmentScope: "onlyEnvironments",
        business: ["CSKnowledgeSharePoint", "PvaMicrosoftTeams", "shared_sharepointonline"],
        nonBusiness: dlp[stage].nonBusiness,
        blocked: dlp[stage].blocked,
        endpointRules: {
          CSKnowledgeSharePoint: [
            { behavior: "allow", endpoint: "https://contoso.sharepoint.com/sites/policies" },
            { behavior: "deny", endpoint: "*" },
          ],
        },
        actionRules: {},
        customConnectorPatterns: [{ classification: "blocked", order: 1, pattern: "*" }],
      });
    });
  }

  const sharing: Record<Stage, unknown> = {
    dev: {
      apps: { groupSharingDisabled: false, maxUsers: 10, mode: "excludeSharingToSecurityGroups" },
      flows: { mode: "noLimit" },
      agents: { editorSharingDisabled: false, maxViewers: 10, mode: "excludeSharingToSecurityGroups" },
    },
    test: {
      apps: { groupSharingDisabled: true, maxUsers: 5, mode: "excludeSharingToSecurityGroups" },
      flows: { mode: "disableSharing" },
      agents: { editorSharingDisabled: true, maxViewers: 25, mode: "excludeSharingToSecurityGroups" },
    },
    prod: {
      apps: { groupSharingDisabled: true, maxUsers: 5, mode: "excludeSharingToSecurityGroups" },
      flows: { mode: "disableSharing" },
      agents: { editorSharingDisabled: true, maxViewers: 200, mode: "excludeSharingToSecurityGroups" },
    },
  };
  for (const stage of STAGES) {
    it(`${stage}: managed environment sharing limits and solution checker`, () => {
      expect(inputsOf(res(stage), n(stage, "powerplatform-managed"))).toEqual({
        environmentId: envId(stage),
        sharing: sharing[stage],
        solutionChecker: {
          mode: stage === "dev" ? "warn" : "block",
          ruleOverrides: [],
          suppressValidationEmails: stage === "dev",
        },
        usageInsights: true,
      });
    });
  }

  const settings: Record<Stage, unknown> = {
    dev: {
      auditing: { enabled: true, readAudit: false, retentionDays: 90, userAccessAudit: true },
      firewall: { mode: "audit", cookieBinding: false },
    },
    test: {
      auditing: { enabled: true, readAudit: false, retentionDays: 90, userAccessAudit: true },
      firewall: { mode: "enforce", cookieBinding: true },
    },
    prod: {
      auditing: { enabled: true, readAudit: true, retentionDays: 2555, userAccessAudit: true },
      firewall: { mode: "enforce", cookieBinding: true },
    },
  };
  for (const stage of STAGES) {
    it(`${stage}: auditing, retention and firewall settings`, () => {
      const expected = settings[stage] as { auditing: unknown; firewall: { mode: string; cookieBinding: boolean } };
      expect(inputsOf(res(stage), n(stage, "powerplatform-settings"))).toEqual({
        environmentId: envId(stage),
        auditing: expected.auditing,
        firewall: {
          ...expected.firewall,
          allowApplicationUsers: true,
          allowMicrosoftTrustedServices: true,
          allowedRanges: ["198.51.100.0/24", "203.0.113.0/24"],
          serviceTags: ["PowerPlatformInfra"],
        },
      });
    });
  }

  for (const stage of STAGES) {
    it(`${stage}: application users for the deployment and runtime identities, with their roles`, () => {
      const users = res(stage)
        .filter((r) => r.type === "govai:powerplatform:ApplicationUser")
        .map((r) => [r.name, r.inputs]);
      const expected: [string, unknown][] = [
        [
          n(stage, "powerplatform-appuser-deployment"),
          {
            environmentId: envId(stage),
            applicationId: `${n(stage, "identities-deploy")}-client-id`,
            roles: ["System Administrator"],
          },
        ],
        [
          n(stage, "powerplatform-appuser-runtime-agent"),
          {
            environmentId: envId(stage),
            applicationId: `${n(stage, "identities-runtime-agent")}-client-id`,
            roles: ["Basic User"],
          },
        ],
      ];
      if (stage !== "dev") {
        expected.push([
          n(stage, "powerplatform-appuser-runtime-flows"),
          {
            environmentId: envId(stage),
            applicationId: "33333333-3333-4333-8333-333333333333",
            roles: ["Basic User", "Environment Maker"],
          },
        ]);
      }
      expect(users).toEqual(expected);
    });
  }

  for (const stage of STAGES) {
    it(`${stage}: the environment, its protection and its retention on delete`, () => {
      const env = res(stage).find((r) => r.name === n(stage, "powerplatform-env"))!;
      expect(env.inputs).toEqual({
        displayName: `Policy lookup (${stage})`,
        description: "Answers policy questions for claims handlers",
        environmentType: stage === "prod" ? "Production" : "Sandbox",
        location: "europe",
        azureRegion: "westeurope",
        dataverse: {
          language: 1033,
          currency: "EUR",
          domain: `policy-lookup-${stage}`,
          ...(stage === "dev" ? {} : { securityGroupId: "22222222-2222-4222-8222-222222222222" }),
        },
      });
      expect([env.protect, env.retainOnDelete]).toEqual(
        { dev: [false, false], test: [false, true], prod: [true, true] }[stage],
      );
    });
  }

  it("protect is set on exactly the prod data resources", () => {
    const protectedNames = STAGES.flatMap((s) =>
      res(s)
        .filter((r) => r.protect)
        .map((r) => r.name),
    ).sort();
    expect(protectedNames).toEqual([
      "policy-lookup-prod-powerplatform-env",
      "policy-lookup-prod-rg",
      "policy-lookup-prod-telemetry-appi",
      "policy-lookup-prod-telemetry-law",
    ]);
  });

  it("application users wait for the Dataverse settings (an enforcing firewall must let them through)", () => {
    const settingsUrn = res("prod").find((r) => r.name === n("prod", "powerplatform-settings"))!.urn;
    const users = res("prod").filter((r) => r.type === "govai:powerplatform:ApplicationUser");
    expect(users.map((u) => u.dependencies.includes(settingsUrn))).toEqual([true, true, true]);
  });
});

describe("Entra identities", () => {
  const entraTags = (stage: Stage) => [
    "businessUnit:claims",
    "cost-center:CC-4711",
    `govai-stage:${stage}`,
    "govai-workload:policy-lookup",
    "owner:ana.ruiz@contoso.example",
    "problem-revision:2",
  ];
  const owners = ["11111111-1111-4111-8111-111111111111"];
  for (const stage of STAGES) {
    it(`${stage}: deployment application, service principal and federated credentials; no secret`, () => {
      const r = res(stage);
      expect(inputsOf(r, n(stage, "identities-deploy"))).toEqual({
        displayName: `policy-lookup-${stage}-deploy`,
        owners,
        preventDuplicateNames: true,
        signInAudience: "AzureADMyOrg",
        tags: entraTags(stage),
      });
      expect(inputsOf(r, n(stage, "identities-deploy-sp"))).toEqual({
        clientId: `${n(stage, "identities-deploy")}-client-id`,
        owners,
        tags: entraTags(stage),
      });
      const fics = r
        .filter((x) => x.type.endsWith(":ApplicationFederatedIdentityCredential"))
        .map((x) => [x.name, x.inputs]);
      const fic = (key: string, subject: string) => [
        n(stage, `identities-deploy-fic-${key}`),
        {
          applicationId: `${n(stage, "identities-deploy")}-id`,
          audiences: ["api://AzureADTokenExchange"],
          description: `govai: CI subject ${subject}`,
          displayName: key,
          issuer: "https://token.actions.githubusercontent.com",
          subject,
        },
      ];
      expect(fics).toEqual([
        fic("github-main", `repo:contoso/policy-lookup:environment:${stage}`),
        ...(stage === "dev" ? [fic("github-pr", "repo:contoso/policy-lookup:pull_request")] : []),
      ]);
      expect(r.filter((x) => x.type.endsWith(":ApplicationPassword"))).toEqual([]);
    });
  }

  it("runtime identities: created unless an existing client id is given", () => {
    const apps = STAGES.flatMap((s) =>
      res(s)
        .filter((r) => r.type === "azuread:index/application:Application")
        .map((r) => [r.name, r.inputs.displayName]),
    );
    expect(apps).toEqual([
      ["policy-lookup-dev-identities-deploy", "policy-lookup-dev-deploy"],
      ["policy-lookup-dev-identities-runtime-agent", "policy-lookup-dev-agent"],
      ["policy-lookup-test-identities-deploy", "policy-lookup-test-deploy"],
      ["policy-lookup-test-identities-runtime-agent", "policy-lookup-test-agent"],
      ["policy-lookup-prod-identities-deploy", "policy-lookup-prod-deploy"],
      ["policy-lookup-prod-identities-runtime-agent", "policy-lookup-prod-agent"],
    ]);
  });

  it("dev creates the admins and makers security groups, owned by the deployment owners", () => {
    const groups = res("dev")
      .filter((r) => r.type === "azuread:index/group:Group")
      .map((r) => r.inputs);
    const group = (role: string, displayName: string) => ({
      displayName,
      description: `govai ${role} of policy-lookup (dev)`,
      mailEnabled: false,
      owners,
      preventDuplicateNames: true,
      securityEnabled: true,
    });
    expect(groups).toEqual([
      group("admins", "Policy Lookup Admins"),
      group("makers", "Claims Makers"),
      group("makers", "Policy Lookup Makers"),
    ]);
  });
});

describe("Azure telemetry, alerts and budget inputs", () => {
  for (const stage of STAGES) {
    it(`${stage}: workspace-based App Insights keeps local auth (the named exception); the workspace does not`, () => {
      const r = res(stage);
      expect(inputsOf(r, n(stage, "telemetry-law"))).toEqual({
        features: { disableLocalAuth: true },
        location: "westeurope",
        resourceGroupName: `rg-policy-lookup-${stage}`,
        retentionInDays: stage === "prod" ? 365 : 30,
        sku: { name: "PerGB2018" },
        tags: tags(stage),
        workspaceName: `log-policy-lookup-${stage}`,
      });
      expect(inputsOf(r, n(stage, "telemetry-appi"))).toEqual({
        applicationType: "web",
        disableLocalAuth: false,
        flowType: "Bluefield",
        ingestionMode: "LogAnalytics",
        kind: "web",
        location: "westeurope",
        publicNetworkAccessForIngestion: "Enabled",
        publicNetworkAccessForQuery: "Enabled",
        requestSource: "rest",
        resourceGroupName: `rg-policy-lookup-${stage}`,
        resourceName: `appi-policy-lookup-${stage}`,
        samplingPercentage: 100,
        tags: tags(stage),
        workspaceResourceId: `${n(stage, "telemetry-law")}-id`,
      });
    });
  }

  const slo: Record<Stage, { p95: number; failure: number; window: string }> = {
    dev: { p95: 8000, failure: 10, window: "PT1H" },
    test: { p95: 8000, failure: 10, window: "PT1H" },
    prod: { p95: 4000, failure: 2, window: "PT15M" },
  };
  for (const stage of STAGES) {
    it(`${stage}: SLO alert rules (p95 latency, failure rate) notify the action group`, () => {
      const r = res(stage);
      const rule = (key: string, column: string, query: string, threshold: number, description: string) => ({
        actions: { actionGroups: [`${n(stage, "alerts-ag")}-id`] },
        autoMitigate: true,
        criteria: {
          allOf: [
            {
              failingPeriods: { minFailingPeriodsToAlert: 1, numberOfEvaluationPeriods: 1 },
              metricMeasureColumn: column,
              operator: "GreaterThan",
              query,
              threshold,
              timeAggregation: "Maximum",
            },
          ],
        },
        description,
        displayName: `appi-policy-lookup-${stage} ${key}`,
        enabled: true,
        evaluationFrequency: "PT5M",
        kind: "LogAlert",
        location: "westeurope",
        resourceGroupName: `rg-policy-lookup-${stage}`,
        ruleName: `appi-policy-lookup-${stage}-${key}`,
        scopes: [`${n(stage, "telemetry-appi")}-id`],
        severity: 2,
        tags: tags(stage),
        windowSize: slo[stage].window,
      });
      const w = slo[stage].window;
      expect(inputsOf(r, n(stage, "alerts-p95-latency"))).toEqual(
        rule(
          "p95-latency",
          "p95",
          c.p95LatencyQuery(),
          slo[stage].p95,
          `p95 dependency latency above ${slo[stage].p95} ms over ${w} (test-pane traffic excluded)`,
        ),
      );
      expect(inputsOf(r, n(stage, "alerts-failure-rate"))).toEqual(
        rule(
          "failure-rate",
          "failureRate",
          c.failureRateQuery(),
          slo[stage].failure,
          `Failure rate above ${slo[stage].failure}% over ${w} (test-pane traffic excluded)`,
        ),
      );
      const volume = r.filter((x) => x.name === n(stage, "alerts-volume-anomaly")).map((x) => x.inputs);
      expect(volume).toEqual(
        stage !== "prod"
          ? []
          : [
              {
                ...rule("volume-anomaly", "turns", c.turnVolumeQuery(), 0, ""),
                criteria: {
                  allOf: [
                    {
                      alertSensitivity: "Medium",
                      criterionType: "DynamicThresholdCriterion",
                      failingPeriods: { minFailingPeriodsToAlert: 1, numberOfEvaluationPeriods: 1 },
                      metricMeasureColumn: "turns",
                      operator: "GreaterOrLessThan",
                      query: c.turnVolumeQuery(),
                      timeAggregation: "Total",
                    },
                  ],
                },
                description:
                  "Message volume outside its learned band over PT15M, medium sensitivity (test-pane traffic excluded)",
              },
            ],
      );
      expect(inputsOf(r, n(stage, "alerts-ag"))).toEqual({
        actionGroupName: `ag-policy-lookup-${stage}`,
        emailReceivers: [
          { emailAddress: "ana.ruiz@contoso.example", name: "accountable", useCommonAlertSchema: true },
          { emailAddress: "claims-oncall@contoso.example", name: "oncall", useCommonAlertSchema: true },
        ],
        enabled: true,
        groupShortName: `policyl-${stage}`,
        location: "global",
        resourceGroupName: `rg-policy-lookup-${stage}`,
        tags: tags(stage),
      });
    });
  }

  for (const stage of STAGES) {
    it(`${stage}: a monthly budget on the resource group with a notification per threshold`, () => {
      const r = res(stage);
      const note = (threshold: number) => ({
        contactEmails: ["ana.ruiz@contoso.example", "claims-oncall@contoso.example"],
        contactGroups: [`${n(stage, "alerts-ag")}-id`],
        enabled: true,
        operator: "GreaterThanOrEqualTo",
        threshold,
        thresholdType: "Actual",
      });
      expect(inputsOf(r, n(stage, "cost-budget"))).toEqual({
        amount: stage === "prod" ? 500 : 100,
        budgetName: `budget-policy-lookup-${stage}`,
        category: "Cost",
        notifications: { "actual-50": note(50), "actual-80": note(80), "actual-100": note(100) },
        scope: `${n(stage, "rg")}-id`,
        timeGrain: "Monthly",
        timePeriod: { startDate: "2026-11-01" },
      });
      expect(r.find((x) => x.name === n(stage, "cost-budget"))!.ignoreChanges).toEqual(["timePeriod.startDate"]);
    });
  }

  it("the KQL of both alerts excludes test-pane telemetry", () => {
    expect(c.p95LatencyQuery()).toBe(
      [
        "dependencies",
        '| where tostring(customDimensions["designMode"]) != "True"',
        "| summarize p95 = percentile(duration, 95)",
      ].join("\n"),
    );
    expect(c.failureRateQuery().match(/designMode"\]\) != "True"/g)).toHaveLength(3);
    expect(c.turnVolumeQuery()).toBe(
      [
        "customEvents",
        '| where tostring(customDimensions["designMode"]) != "True"',
        '| where name == "BotMessageReceived"',
        "| summarize turns = count()",
      ].join("\n"),
    );
  });
});

describe("tags", () => {
  it("every resource that takes tags carries the stage's tags (Entra as key:value strings)", () => {
    for (const stage of STAGES) {
      const custom = res(stage).filter((r) => r.custom);
      const untagged = custom.filter((r) => r.inputs.tags === undefined).map((r) => r.type);
      // Budgets, federated credentials, groups and Power Platform resources take no tags.
      expect([...new Set(untagged)].sort()).toEqual([
        "azure-native:consumption:Budget",
        "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
        ...(stage === "dev" ? ["azuread:index/group:Group"] : []),
        "govai:powerplatform:ApplicationUser",
        "govai:powerplatform:CopilotTelemetry",
        "govai:powerplatform:DataPolicy",
        "govai:powerplatform:Environment",
        "govai:powerplatform:EnvironmentSettings",
        "govai:powerplatform:ManagedEnvironment",
      ]);
      for (const r of custom.filter((x) => x.inputs.tags !== undefined)) {
        expect([r.name, r.inputs.tags]).toEqual([
          r.name,
          r.type.startsWith("azuread:")
            ? Object.entries(tags(stage))
                .sort()
                .map(([k, v]) => `${k}:${v}`)
            : tags(stage),
        ]);
      }
    }
  });
});

describe("Power Platform inputs against the provider's input descriptions", () => {
  it("every Power Platform resource registers only inputs its description declares", async () => {
    const { DESCRIPTIONS } = await import("@govai/powerplatform/provider");
    const unknown: string[] = [];
    for (const stage of STAGES) {
      for (const r of res(stage).filter((x) => x.type.startsWith("govai:powerplatform:"))) {
        const d = DESCRIPTIONS[r.type.split(":")[2] as keyof typeof DESCRIPTIONS];
        const declared = new Set(Object.keys(d.inputs.shape));
        unknown.push(
          ...Object.keys(r.inputs)
            .filter((k) => !declared.has(k))
            .map((k) => `${r.name}: ${k}`),
        );
      }
    }
    expect(unknown).toEqual([]);
  });

  it("each stage's ManagedEnvironment inputs, the model's block passed field for field, pass the provider's rules", async () => {
    const { DESCRIPTIONS } = await import("@govai/powerplatform/provider");
    for (const stage of STAGES) {
      const me = res(stage).find((r) => r.type === "govai:powerplatform:ManagedEnvironment");
      const inputs = { ...me?.inputs, environmentId: "0f1e2d3c-4b5a-4697-8877-665544332211" };
      const parsed = DESCRIPTIONS.ManagedEnvironment.inputs.safeParse(inputs);
      expect([stage, parsed.success ? "valid" : parsed.error.issues]).toEqual([stage, "valid"]);
      const model = exampleModel().stages[stage]!.managedEnvironment;
      expect(Object.keys(me?.inputs ?? {}).sort()).toEqual(
        ["environmentId", ...Object.keys(model).filter((k) => model[k as keyof typeof model] !== undefined)].sort(),
      );
    }
  });
});
