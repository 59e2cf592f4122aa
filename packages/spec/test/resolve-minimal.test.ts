/**
 * The minimal example resolved: every value of every stage, asserted as whole objects. These are the secure
 * defaults of the stage profiles (dev builds, test mirrors prod, prod is locked down); a change here is a change
 * of governance and must be deliberate.
 */
import { describe, expect, it } from "vitest";
import { loadWorkloadFile, type WorkloadModel } from "../src/index.ts";

async function minimal(): Promise<WorkloadModel> {
  const r = await loadWorkloadFile("examples/minimal/workload.yaml");
  if (!r.ok) throw new Error(`the minimal example does not load: ${JSON.stringify(r.errors)}`);
  return r.model;
}

describe("resolve(minimal example)", () => {
  it("resolves the workload-wide parts", async () => {
    const m = await minimal();
    expect(m.apiVersion).toBe("govai/v1");
    expect(m.metadata).toStrictEqual({
      name: "hr-faq",
      displayName: "HR FAQ Agent",
      description: "",
      owningTeam: "People Operations",
      accountable: { name: "Dana Smith", email: "dana.smith@contoso.com" },
      businessUnit: "Human Resources",
      costCenter: "CC-1001",
      tags: {},
      dataResidency: undefined,
    });
    expect(m.problem).toStrictEqual({
      statement: "Employees wait two days for answers to routine HR policy questions.",
      successMetrics: {
        timeToAnswer: {
          description: "",
          baseline: 2880,
          target: 5,
          unit: "minutes",
          measuredIn: "HR service desk report",
        },
      },
      outOfScope: [],
      revision: 1,
      lockedDigest: undefined,
      digest: "sha256:a3aec318a95b97686c2acc6ce4d97900ca89d1ba3fd2e77282d15f7d698596f7",
    });
    expect(m.dataSources).toStrictEqual({});
    expect(m.agent).toStrictEqual({
      platform: "copilotStudio",
      displayName: "HR FAQ Agent",
      botId: undefined,
      authentication: { mode: "entra", requireSignIn: true },
      channels: ["teams"],
      knowledgeSources: {},
      connectors: [],
      actions: {},
    });
    expect(m.omittedStages).toStrictEqual({});
    expect(m.readiness).toStrictEqual({
      slos: { p95LatencyMs: undefined, throughputPerMinute: undefined },
      failureHandling: { fallback: undefined, escalationPath: undefined },
      rollback: { rtoMinutes: undefined },
      signOffs: {},
      evidence: {},
      evidenceWaivers: {},
    });
    expect(m.overrides).toStrictEqual([]);
    expect(m.source).toStrictEqual({ file: "examples/minimal/workload.yaml" });
    expect(Object.keys(m.stages)).toStrictEqual(["dev", "test", "prod"]);
  });

  it("resolves dev: for building", async () => {
    expect((await minimal()).stages.dev).toStrictEqual({
      name: "dev",
      environment: {
        displayName: "HR FAQ Agent (dev)",
        description: "dev environment of the governed AI workload hr-faq",
        type: "Sandbox",
        location: "europe",
        azureRegion: "westeurope",
        dataverse: {
          language: 1033,
          currency: "USD",
          domain: "hr-faq-dev",
          securityGroupId: undefined,
        },
        environmentGroupId: undefined,
      },
      groups: {
        admins: [],
        makers: [],
      },
      connectorPolicy: {
        displayName: "hr-faq-dev-dlp",
        defaultGroup: "nonBusiness",
        business: ["PvaMicrosoftTeams", "shared_microsoftcopilotstudio"],
        nonBusiness: [],
        blocked: [
          "CSKnowledgeDocs",
          "CSKnowledgePublicSites",
          "CSKnowledgeSharePoint",
          "Http",
          "PvaAuth",
          "PvaCustomDemoMobile",
          "PvaFacebook",
          "PvaOmniChannel",
          "PvaSharePoint",
          "PvaSkills",
          "PvaWhatsApp",
        ],
        endpointRules: {},
        actionRules: {},
        customConnectorPatterns: [],
      },
      managedEnvironment: {
        sharing: {
          apps: {
            groupSharingDisabled: false,
            mode: "noLimit",
            maxUsers: -1,
          },
          flows: {
            mode: "noLimit",
          },
          agents: {
            editorSharingDisabled: false,
            mode: "excludeSharingToSecurityGroups",
            maxViewers: 10,
          },
        },
        solutionChecker: {
          mode: "warn",
          ruleOverrides: [],
          suppressValidationEmails: true,
        },
        usageInsights: true,
        makerWelcome: undefined,
      },
      auditing: {
        enabled: true,
        userAccessAudit: true,
        readAudit: false,
        retentionDays: 31,
      },
      firewall: {
        mode: "audit",
        allowedRanges: [],
        serviceTags: [],
        allowMicrosoftTrustedServices: true,
        allowApplicationUsers: true,
        cookieBinding: false,
      },
      telemetry: {
        workspace: {
          mode: "create",
          retentionDays: 30,
        },
        samplingPercentage: 100,
        logActivities: true,
        logActions: true,
        logSensitiveActivity: false,
        bindAgent: false,
      },
      alerts: {
        p95LatencyMs: 15000,
        failureRatePercent: 20,
        volumeAnomaly: {
          enabled: false,
          sensitivity: "medium",
        },
        windowMinutes: 60,
        notify: {
          accountable: {
            name: "Dana Smith",
            email: "dana.smith@contoso.com",
          },
        },
      },
      identities: {
        deployment: {
          displayName: "govai-hr-faq-dev-deploy",
          federatedCredentials: {},
          clientSecret: undefined,
          owners: [],
          roles: ["System Administrator"],
        },
        runtime: {},
        createGroups: false,
      },
      cost: {
        monthlyBudget: 100,
        currency: "USD",
        expectedInteractionsPerMonth: 0,
        targetCostPerInteraction: 0,
        alertThresholdsPercent: [80, 100],
      },
      protection: {
        protectFromDeletion: false,
        allowDataverseDeletion: false,
      },
      names: {
        resourceGroup: "rg-hr-faq-dev",
        logAnalyticsWorkspace: "log-hr-faq-dev",
        appInsights: "appi-hr-faq-dev",
        actionGroup: "ag-hr-faq-dev",
        actionGroupShortName: "hr-faq-dev",
        budget: "budget-hr-faq-dev",
        deploymentApplication: "govai-hr-faq-dev-deploy",
        dlpPolicy: "hr-faq-dev-dlp",
      },
      tags: {
        "govai-workload": "hr-faq",
        "govai-stage": "dev",
        owner: "dana.smith@contoso.com",
        "cost-center": "CC-1001",
        "problem-revision": "1",
      },
      resourceGroup: {
        mode: "create",
      },
      billingPolicyId: undefined,
    });
  });

  it("resolves test: mirrors prod", async () => {
    expect((await minimal()).stages.test).toStrictEqual({
      name: "test",
      environment: {
        displayName: "HR FAQ Agent (test)",
        description: "test environment of the governed AI workload hr-faq",
        type: "Sandbox",
        location: "europe",
        azureRegion: "westeurope",
        dataverse: {
          language: 1033,
          currency: "USD",
          domain: "hr-faq-test",
          securityGroupId: undefined,
        },
        environmentGroupId: undefined,
      },
      groups: {
        admins: [],
        makers: [],
      },
      connectorPolicy: {
        displayName: "hr-faq-test-dlp",
        defaultGroup: "blocked",
        business: ["PvaMicrosoftTeams", "shared_microsoftcopilotstudio"],
        nonBusiness: [],
        blocked: [
          "CSKnowledgeDocs",
          "CSKnowledgePublicSites",
          "CSKnowledgeSharePoint",
          "Http",
          "PvaAuth",
          "PvaCustomDemoMobile",
          "PvaFacebook",
          "PvaOmniChannel",
          "PvaSharePoint",
          "PvaSkills",
          "PvaWhatsApp",
        ],
        endpointRules: {
          Http: [
            {
              behavior: "deny",
              endpoint: "*",
            },
          ],
        },
        actionRules: {},
        customConnectorPatterns: [],
      },
      managedEnvironment: {
        sharing: {
          apps: {
            groupSharingDisabled: true,
            mode: "excludeSharingToSecurityGroups",
            maxUsers: 25,
          },
          flows: {
            mode: "disableSharing",
          },
          agents: {
            editorSharingDisabled: true,
            mode: "excludeSharingToSecurityGroups",
            maxViewers: 25,
          },
        },
        solutionChecker: {
          mode: "block",
          ruleOverrides: [],
          suppressValidationEmails: false,
        },
        usageInsights: true,
        makerWelcome: undefined,
      },
      auditing: {
        enabled: true,
        userAccessAudit: true,
        readAudit: false,
        retentionDays: 90,
      },
      firewall: {
        mode: "audit",
        allowedRanges: [],
        serviceTags: [],
        allowMicrosoftTrustedServices: true,
        allowApplicationUsers: true,
        cookieBinding: true,
      },
      telemetry: {
        workspace: {
          mode: "create",
          retentionDays: 30,
        },
        samplingPercentage: 100,
        logActivities: true,
        logActions: true,
        logSensitiveActivity: false,
        bindAgent: false,
      },
      alerts: {
        p95LatencyMs: 8000,
        failureRatePercent: 5,
        volumeAnomaly: {
          enabled: false,
          sensitivity: "medium",
        },
        windowMinutes: 15,
        notify: {
          accountable: {
            name: "Dana Smith",
            email: "dana.smith@contoso.com",
          },
        },
      },
      identities: {
        deployment: {
          displayName: "govai-hr-faq-test-deploy",
          federatedCredentials: {},
          clientSecret: undefined,
          owners: [],
          roles: ["System Administrator"],
        },
        runtime: {},
        createGroups: false,
      },
      cost: {
        monthlyBudget: 200,
        currency: "USD",
        expectedInteractionsPerMonth: 0,
        targetCostPerInteraction: 0,
        alertThresholdsPercent: [50, 80, 100],
      },
      protection: {
        protectFromDeletion: false,
        allowDataverseDeletion: false,
      },
      names: {
        resourceGroup: "rg-hr-faq-test",
        logAnalyticsWorkspace: "log-hr-faq-test",
        appInsights: "appi-hr-faq-test",
        actionGroup: "ag-hr-faq-test",
        actionGroupShortName: "hr-faq-tst",
        budget: "budget-hr-faq-test",
        deploymentApplication: "govai-hr-faq-test-deploy",
        dlpPolicy: "hr-faq-test-dlp",
      },
      tags: {
        "govai-workload": "hr-faq",
        "govai-stage": "test",
        owner: "dana.smith@contoso.com",
        "cost-center": "CC-1001",
        "problem-revision": "1",
      },
      resourceGroup: {
        mode: "create",
      },
      billingPolicyId: undefined,
    });
  });

  it("resolves prod: locked down", async () => {
    expect((await minimal()).stages.prod).toStrictEqual({
      name: "prod",
      environment: {
        displayName: "HR FAQ Agent (prod)",
        description: "prod environment of the governed AI workload hr-faq",
        type: "Production",
        location: "europe",
        azureRegion: "westeurope",
        dataverse: {
          language: 1033,
          currency: "USD",
          domain: "hr-faq-prod",
          securityGroupId: undefined,
        },
        environmentGroupId: undefined,
      },
      groups: {
        admins: [],
        makers: [],
      },
      connectorPolicy: {
        displayName: "hr-faq-prod-dlp",
        defaultGroup: "blocked",
        business: ["PvaMicrosoftTeams", "shared_microsoftcopilotstudio"],
        nonBusiness: [],
        blocked: [
          "CSKnowledgeDocs",
          "CSKnowledgePublicSites",
          "CSKnowledgeSharePoint",
          "Http",
          "PvaAuth",
          "PvaCustomDemoMobile",
          "PvaFacebook",
          "PvaOmniChannel",
          "PvaSharePoint",
          "PvaSkills",
          "PvaWhatsApp",
        ],
        endpointRules: {
          Http: [
            {
              behavior: "deny",
              endpoint: "*",
            },
          ],
        },
        actionRules: {},
        customConnectorPatterns: [],
      },
      managedEnvironment: {
        sharing: {
          apps: {
            groupSharingDisabled: true,
            mode: "excludeSharingToSecurityGroups",
            maxUsers: 50,
          },
          flows: {
            mode: "disableSharing",
          },
          agents: {
            editorSharingDisabled: true,
            mode: "excludeSharingToSecurityGroups",
            maxViewers: 50,
          },
        },
        solutionChecker: {
          mode: "block",
          ruleOverrides: [],
          suppressValidationEmails: false,
        },
        usageInsights: true,
        makerWelcome: undefined,
      },
      auditing: {
        enabled: true,
        userAccessAudit: true,
        readAudit: false,
        retentionDays: 365,
      },
      firewall: {
        mode: "audit",
        allowedRanges: [],
        serviceTags: [],
        allowMicrosoftTrustedServices: true,
        allowApplicationUsers: true,
        cookieBinding: true,
      },
      telemetry: {
        workspace: {
          mode: "create",
          retentionDays: 90,
        },
        samplingPercentage: 100,
        logActivities: true,
        logActions: true,
        logSensitiveActivity: false,
        bindAgent: false,
      },
      alerts: {
        p95LatencyMs: 8000,
        failureRatePercent: 2,
        volumeAnomaly: {
          enabled: true,
          sensitivity: "medium",
        },
        windowMinutes: 15,
        notify: {
          accountable: {
            name: "Dana Smith",
            email: "dana.smith@contoso.com",
          },
        },
      },
      identities: {
        deployment: {
          displayName: "govai-hr-faq-prod-deploy",
          federatedCredentials: {},
          clientSecret: undefined,
          owners: [],
          roles: ["System Administrator"],
        },
        runtime: {},
        createGroups: false,
      },
      cost: {
        monthlyBudget: 1000,
        currency: "USD",
        expectedInteractionsPerMonth: 0,
        targetCostPerInteraction: 0,
        alertThresholdsPercent: [50, 80, 100],
      },
      protection: {
        protectFromDeletion: true,
        allowDataverseDeletion: false,
      },
      names: {
        resourceGroup: "rg-hr-faq-prod",
        logAnalyticsWorkspace: "log-hr-faq-prod",
        appInsights: "appi-hr-faq-prod",
        actionGroup: "ag-hr-faq-prod",
        actionGroupShortName: "hr-faq-prd",
        budget: "budget-hr-faq-prod",
        deploymentApplication: "govai-hr-faq-prod-deploy",
        dlpPolicy: "hr-faq-prod-dlp",
      },
      tags: {
        "govai-workload": "hr-faq",
        "govai-stage": "prod",
        owner: "dana.smith@contoso.com",
        "cost-center": "CC-1001",
        "problem-revision": "1",
      },
      resourceGroup: {
        mode: "create",
      },
      billingPolicyId: undefined,
    });
  });
});
