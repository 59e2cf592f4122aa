/**
 * A production-grade WorkloadModel built by hand (no spec loader involved), which passes every gate check in every
 * stage. Tests clone it and mutate one value to prove each check fails with its exact message.
 */
import type { StageModel, StageName, WorkloadModel } from "@govai/spec";
import type { EvidenceSet } from "../src/index.ts";

export const NOW = new Date("2026-11-28T12:00:00Z");
export const DIGEST = `sha256:${"a".repeat(64)}`;

function stage(name: StageName): StageModel {
  const prod = name === "prod";
  return {
    name,
    environment: {
      displayName: `Claims agent (${name})`,
      description: "Claims triage agent",
      type: prod ? "Production" : "Sandbox",
      location: "europe",
      azureRegion: "westeurope",
      dataverse: {
        language: 1033,
        currency: "EUR",
        domain: `claims-${name}`,
        securityGroupId: "11111111-1111-1111-1111-111111111111",
      },
    },
    groups: { admins: ["22222222-2222-2222-2222-222222222222"], makers: ["33333333-3333-3333-3333-333333333333"] },
    connectorPolicy: {
      displayName: `claims-${name} DLP`,
      defaultGroup: "blocked",
      business: ["CSKnowledgeSharePoint", "Http", "PvaMicrosoftTeams", "shared_servicenow", "shared_sharepointonline"],
      nonBusiness: [],
      blocked: ["PvaAuth", "PvaCustomDemoMobile", "PvaFacebook"],
      endpointRules: {
        Http: [
          { behavior: "allow", endpoint: "https://api.contoso.com" },
          { behavior: "deny", endpoint: "*" },
        ],
        CSKnowledgeSharePoint: [
          { behavior: "allow", endpoint: "https://contoso.sharepoint.com/sites/claims" },
          { behavior: "deny", endpoint: "*" },
        ],
      },
      actionRules: {},
      customConnectorPatterns: [{ order: 1, classification: "blocked", pattern: "*" }],
    },
    managedEnvironment: {
      sharing: {
        apps: { groupSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxUsers: 25 },
        flows: { mode: "disableSharing" },
        agents: { editorSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxViewers: 25 },
      },
      solutionChecker: { mode: "block", ruleOverrides: [], suppressValidationEmails: false },
      usageInsights: true,
      makerWelcome: undefined,
    },
    auditing: { enabled: true, userAccessAudit: true, readAudit: false, retentionDays: 365 },
    firewall: {
      mode: "enforce",
      allowedRanges: ["203.0.113.0/24"],
      serviceTags: ["PowerPlatformInfra"],
      allowMicrosoftTrustedServices: true,
      allowApplicationUsers: true,
      cookieBinding: true,
    },
    telemetry: {
      workspace: { mode: "create", retentionDays: 90 },
      samplingPercentage: 100,
      logActivities: true,
      logActions: true,
      logSensitiveActivity: false,
      bindAgent: true,
    },
    alerts: {
      p95LatencyMs: 3000,
      failureRatePercent: 2,
      volumeAnomaly: { enabled: true, sensitivity: "medium" },
      windowMinutes: 15,
      notify: { oncall: { name: "Claims On-call", email: "claims-oncall@contoso.com" } },
    },
    identities: {
      deployment: {
        displayName: `claims-${name}-deploy`,
        federatedCredentials: {
          main: {
            issuer: "https://token.actions.githubusercontent.com",
            subject: `repo:contoso/claims:environment:${name}`,
            audience: "api://AzureADTokenExchange",
          },
        },
        clientSecret: undefined,
        owners: ["44444444-4444-4444-4444-444444444444"],
        roles: ["System Administrator"],
      },
      runtime: { bot: { displayName: `claims-${name}-runtime`, existingClientId: undefined, roles: ["Basic User"] } },
      createGroups: false,
    },
    cost: {
      monthlyBudget: 1000,
      currency: "EUR",
      expectedInteractionsPerMonth: 20000,
      targetCostPerInteraction: 0.05,
      alertThresholdsPercent: [50, 80, 100],
    },
    protection: { protectFromDeletion: prod, allowDataverseDeletion: false },
    names: {
      resourceGroup: `rg-claims-${name}`,
      logAnalyticsWorkspace: `log-claims-${name}`,
      appInsights: `appi-claims-${name}`,
      actionGroup: `ag-claims-${name}`,
      actionGroupShortName: `claims${name}`,
      budget: `budget-claims-${name}`,
      deploymentApplication: `claims-${name}-deploy`,
      dlpPolicy: `claims-${name}-dlp`,
    },
    tags: { workload: "claims", stage: name },
    resourceGroup: { mode: "create" },
  };
}

/** A fresh production-ready model; every call returns a new object. */
export function readyModel(): WorkloadModel {
  const signOff = (name: string) => ({
    name,
    email: `${name.toLowerCase().replace(/ /g, ".")}@contoso.com`,
    date: "2026-11-20",
    problemRevision: 2,
  });
  return {
    apiVersion: "govai/v1",
    metadata: {
      name: "claims",
      displayName: "Claims triage agent",
      description: "Triage of incoming claims",
      owningTeam: "Claims Ops",
      accountable: { name: "Ada Owner", email: "ada.owner@contoso.com" },
      businessUnit: "Insurance",
      costCenter: "CC-1234",
      tags: {},
      dataResidency: "eu",
    },
    problem: {
      statement: "Claims handlers spend 20 minutes per claim finding the policy clause.",
      successMetrics: {
        handlingTime: {
          description: "Median handling time",
          baseline: 20,
          target: 8,
          unit: "minutes",
          measuredIn: "Claims dashboard",
        },
      },
      outOfScope: ["Paying claims"],
      revision: 2,
      lockedDigest: DIGEST,
      digest: DIGEST,
    },
    dataSources: {
      policies: {
        system: "SharePoint Online",
        owningTeam: "Policy Admin",
        contact: { name: "Pat Policy", email: "pat.policy@contoso.com" },
        classification: "confidential",
        access: "read",
        connector: "shared_sharepointonline",
        freshness: "updated nightly",
      },
      tickets: {
        system: "ServiceNow",
        owningTeam: "IT Service Desk",
        contact: { name: "Sam Desk", email: "sam.desk@contoso.com" },
        classification: "internal",
        access: "readWrite",
        connector: "shared_servicenow",
        freshness: "99.9% business hours",
      },
    },
    agent: {
      platform: "copilotStudio",
      displayName: "Claims assistant",
      botId: "cr123_claimsAssistant",
      authentication: { mode: "entra", requireSignIn: true },
      channels: ["teams"],
      knowledgeSources: {
        policies: { kind: "sharepoint", dataSource: "policies", url: "https://contoso.sharepoint.com/sites/claims" },
      },
      connectors: ["shared_servicenow"],
      actions: { createTicket: { connector: "shared_servicenow", operation: "CreateIncident", dataSource: "tickets" } },
    },
    stages: { dev: stage("dev"), test: stage("test"), prod: stage("prod") },
    omittedStages: {},
    readiness: {
      slos: { p95LatencyMs: 4000, throughputPerMinute: 30 },
      failureHandling: { fallback: "Hand over to a claims handler in Teams", escalationPath: "Claims Ops queue" },
      rollback: { rtoMinutes: 240 },
      signOffs: {
        it: signOff("Ian Tech"),
        security: signOff("Sue Secure"),
        legal: signOff("Lee Gal"),
        businessOwner: signOff("Ada Owner"),
      },
      evidence: {},
      evidenceWaivers: {},
    },
    overrides: [],
    source: undefined,
  };
}

/** A ready model with one change applied (to a deep copy). */
export function mutated(change: (m: WorkloadModel) => void): WorkloadModel {
  const m = readyModel();
  change(m);
  return m;
}

/**
 * Evidence that proves what prod requires by default (a load test, an evaluation run, a restore drill), recent at
 * {@link NOW}; built in memory, as `loadEvidence` would return it.
 */
export function readyEvidence(): EvidenceSet {
  const ref = (kind: "loadTest" | "evaluation" | "restoreDrill", file: string) => ({
    kind,
    file,
    resolvedPath: undefined,
  });
  return {
    items: {
      evaluation: {
        key: "evaluation",
        ref: ref("evaluation", "evaluation.json"),
        path: "/evidence/evaluation.json",
        status: "ok",
        document: { kind: "evaluation", date: "2026-11-12", testSet: "claims-golden", total: 40, passed: 37 },
      },
      loadTest: {
        key: "loadTest",
        ref: ref("loadTest", "load-test.json"),
        path: "/evidence/load-test.json",
        status: "ok",
        document: {
          kind: "loadTest",
          date: "2026-11-10",
          conversations: 120,
          p95LatencyMs: 3100,
          throughputPerMinute: 45,
          failureRatePercent: 0.5,
        },
      },
      restoreDrill: {
        key: "restoreDrill",
        ref: ref("restoreDrill", "restore-drill.json"),
        path: "/evidence/restore-drill.json",
        status: "ok",
        document: { kind: "restoreDrill", date: "2026-11-01", durationMinutes: 95, succeeded: true },
      },
    },
  };
}
