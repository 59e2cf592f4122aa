/**
 * The policy-lookup example resolved: the security-relevant parts of every stage (DLP, identities, firewall),
 * the workload-wide parts and the exact list of overrides.
 */
import { describe, expect, it } from "vitest";
import { loadWorkloadFile, type WorkloadModel } from "../src/index.ts";

const FILE = "examples/policy-lookup-agent/workload.yaml";

async function model(): Promise<WorkloadModel> {
  const r = await loadWorkloadFile(FILE);
  if (!r.ok) throw new Error(`the example does not load: ${JSON.stringify(r.errors)}`);
  return r.model;
}

const USED = [
  "CSKnowledgeSharePoint",
  "PvaMicrosoftTeams",
  "shared_commondataserviceforapps",
  "shared_microsoftcopilotstudio",
  "shared_service-now",
  "shared_sharepointonline",
];
const UNUSED = [
  "CSKnowledgeDocs",
  "CSKnowledgePublicSites",
  "Http",
  "PvaAuth",
  "PvaCustomDemoMobile",
  "PvaFacebook",
  "PvaOmniChannel",
  "PvaSharePoint",
  "PvaSkills",
  "PvaWhatsApp",
];
const FILTERED = {
  CSKnowledgeSharePoint: [
    { behavior: "allow", endpoint: "https://contosofs.sharepoint.com/sites/GroupPolicies" },
    { behavior: "deny", endpoint: "*" },
  ],
  Http: [{ behavior: "deny", endpoint: "*" }],
};

describe("resolve(policy-lookup example)", () => {
  it("classifies used connectors Business and every unused Copilot Studio connector Blocked, per stage", async () => {
    const m = await model();
    expect(m.stages.dev?.connectorPolicy).toStrictEqual({
      displayName: "policy-lookup-dev-dlp",
      defaultGroup: "nonBusiness",
      business: USED,
      nonBusiness: [],
      blocked: UNUSED,
      endpointRules: {},
      actionRules: {},
      customConnectorPatterns: [],
    });
    expect(m.stages.test?.connectorPolicy).toStrictEqual({
      displayName: "policy-lookup-test-dlp",
      defaultGroup: "blocked",
      business: USED,
      nonBusiness: [],
      blocked: UNUSED,
      endpointRules: FILTERED,
      actionRules: {
        shared_commondataserviceforapps: {
          defaultBehavior: "block",
          actions: { GetItem: "allow", ListRecords: "allow" },
        },
      },
      customConnectorPatterns: [],
    });
    expect(m.stages.prod.connectorPolicy).toStrictEqual({
      displayName: "policy-lookup-prod-dlp",
      defaultGroup: "blocked",
      business: USED,
      nonBusiness: [],
      blocked: UNUSED,
      endpointRules: FILTERED,
      actionRules: {
        shared_commondataserviceforapps: {
          defaultBehavior: "block",
          actions: { GetItem: "allow", ListRecords: "allow" },
        },
        "shared_service-now": { defaultBehavior: "block", actions: { CreateRecord: "allow", GetRecord: "allow" } },
      },
      customConnectorPatterns: [
        { order: 1, classification: "business", pattern: "https://*.contoso-fs.com" },
        { order: 2, classification: "blocked", pattern: "*" },
      ],
    });
  });

  it("turns friendly GitHub credentials into issuer/subject/audience and keeps runtime roles least-privilege", async () => {
    const m = await model();
    expect(m.stages.prod.identities).toStrictEqual({
      deployment: {
        displayName: "govai-policy-lookup-prod-deploy",
        federatedCredentials: {
          "github-prod": {
            issuer: "https://token.actions.githubusercontent.com",
            subject: "repo:contoso-fs/policy-lookup-agent:environment:prod",
            audience: "api://AzureADTokenExchange",
          },
        },
        clientSecret: undefined,
        owners: ["2d9a4e3f-5c6b-4d7e-9f8a-0b1c2d3e4f01"],
        roles: ["System Administrator"],
      },
      runtime: {
        escalations: {
          displayName: "govai-policy-lookup-prod-escalations",
          existingClientId: undefined,
          roles: ["Basic User", "Policy Lookup Escalation Writer"],
        },
      },
      createGroups: false,
    });
    expect(m.stages.dev?.identities.deployment.federatedCredentials).toStrictEqual({
      "github-dev": {
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:contoso-fs/policy-lookup-agent:environment:dev",
        audience: "api://AzureADTokenExchange",
      },
    });
  });

  it("enforces the firewall in prod only (ranges given), audits it in dev and test", async () => {
    const m = await model();
    const ranges = ["203.0.113.0/24", "198.51.100.0/24"];
    const common = { serviceTags: [], allowMicrosoftTrustedServices: true, allowApplicationUsers: true };
    expect(m.stages.dev?.firewall).toStrictEqual({ mode: "audit", allowedRanges: [], ...common, cookieBinding: false });
    expect(m.stages.test?.firewall).toStrictEqual({
      mode: "audit",
      allowedRanges: ranges,
      ...common,
      cookieBinding: true,
    });
    expect(m.stages.prod.firewall).toStrictEqual({
      mode: "enforce",
      allowedRanges: ranges,
      ...common,
      cookieBinding: true,
    });
  });

  it("inherits the prod geography, language and currency in dev and test", async () => {
    const m = await model();
    for (const stage of ["dev", "test"] as const) {
      const env = m.stages[stage]?.environment;
      expect([env?.location, env?.azureRegion, env?.dataverse.language, env?.dataverse.currency]).toStrictEqual([
        "europe",
        "westeurope",
        1033,
        "EUR",
      ]);
      expect(m.stages[stage]?.cost.currency).toBe("EUR");
    }
  });

  it("keeps the declared lock equal to the digest, and the incomplete sign-offs as written", async () => {
    const m = await model();
    expect(m.problem.revision).toBe(2);
    expect(m.problem.lockedDigest).toBe(m.problem.digest);
    expect(m.readiness.signOffs).toStrictEqual({
      it: { name: "Jonas Weber", email: "jonas.weber@contoso-fs.com", date: "2026-11-12", problemRevision: 2 },
      security: { name: "Amara Okafor", email: "amara.okafor@contoso-fs.com", date: "2026-10-02", problemRevision: 1 },
      businessOwner: {
        name: "Priya Raman",
        email: "priya.raman@contoso-fs.com",
        date: "2026-11-10",
        problemRevision: 2,
      },
    });
    expect(
      m.readiness.evidence.loadTest?.resolvedPath?.endsWith("examples/policy-lookup-agent/evidence/load-test.json"),
    ).toBe(true);
  });

  it("tags every resource with the standard tags, then the user's", async () => {
    expect((await model()).stages.prod.tags).toStrictEqual({
      "govai-workload": "policy-lookup",
      "govai-stage": "prod",
      owner: "priya.raman@contoso-fs.com",
      "cost-center": "OPS-4410",
      "problem-revision": "2",
      criticality: "business-important",
      "data-residency": "eu",
    });
  });

  it("records every override, by stage then path, and nothing else", async () => {
    const m = await model();
    expect(m.overrides.map((o) => [o.stage, o.path, o.defaultValue, o.value])).toStrictEqual([
      ["dev", "cost.monthlyBudget", 100, 150],
      [
        "test",
        "connectorPolicy.actionRules.shared_commondataserviceforapps",
        undefined,
        { defaultBehavior: "block", actions: { GetItem: "allow", ListRecords: "allow" } },
      ],
      ["test", "telemetry.bindAgent", false, true],
      ["test", "alerts.p95LatencyMs", 8000, 6000],
      ["test", "cost.monthlyBudget", 200, 300],
      ["prod", "environment.dataverse.currency", "USD", "EUR"],
      [
        "prod",
        "connectorPolicy.actionRules.shared_commondataserviceforapps",
        undefined,
        { defaultBehavior: "block", actions: { GetItem: "allow", ListRecords: "allow" } },
      ],
      [
        "prod",
        "connectorPolicy.actionRules.shared_service-now",
        undefined,
        { defaultBehavior: "block", actions: { CreateRecord: "allow", GetRecord: "allow" } },
      ],
      [
        "prod",
        "connectorPolicy.customConnectorPatterns",
        [],
        [
          { order: 1, classification: "business", pattern: "https://*.contoso-fs.com" },
          { order: 2, classification: "blocked", pattern: "*" },
        ],
      ],
      ["prod", "managedEnvironment.sharing.agents.maxViewers", 50, 400],
      ["prod", "auditing.readAudit", false, true],
      ["prod", "auditing.retentionDays", 365, 2555],
      ["prod", "telemetry.workspace.retentionDays", 90, 365],
      ["prod", "telemetry.bindAgent", false, true],
      ["prod", "alerts.p95LatencyMs", 8000, 6000],
      [
        "prod",
        "alerts.notify.opsOnCall",
        undefined,
        { name: "Operations on-call", email: "ops-oncall@contoso-fs.com" },
      ],
      ["prod", "cost.monthlyBudget", 1000, 1500],
      ["prod", "cost.currency", "USD", "EUR"],
    ]);
  });
});
