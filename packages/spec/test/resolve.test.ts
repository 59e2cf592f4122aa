import { describe, expect, it } from "vitest";
import { resolve, SpecError, STAGE_PROFILES, type WorkloadSpec } from "../src/index.ts";
import { baseSpec, withProd } from "./fixtures.ts";

describe("resolve: Copilot Studio connectors follow the agent's declared use", () => {
  const cases: { name: string; agent: WorkloadSpec["agent"]; business: string[]; blocked: string[] }[] = [
    {
      name: "unauthenticated chat unblocks PvaAuth; Direct Line replaces Teams",
      agent: { authentication: { mode: "none" }, channels: ["directLine"] },
      business: ["PvaAuth", "PvaCustomDemoMobile", "shared_microsoftcopilotstudio"],
      blocked: [
        "CSKnowledgeDocs",
        "CSKnowledgePublicSites",
        "CSKnowledgeSharePoint",
        "Http",
        "PvaFacebook",
        "PvaMicrosoftTeams",
        "PvaOmniChannel",
        "PvaSharePoint",
        "PvaSkills",
        "PvaWhatsApp",
      ],
    },
    {
      name: "knowledge kinds and the HTTP tool",
      agent: {
        knowledgeSources: {
          web: { kind: "publicWebsite", url: "https://www.contoso.com/benefits" },
          files: { kind: "documents" },
          dv: { kind: "dataverse" },
        },
        connectors: ["Http", "/providers/Microsoft.PowerApps/apis/shared_office365"],
      },
      business: [
        "CSKnowledgeDocs",
        "CSKnowledgePublicSites",
        "Http",
        "PvaMicrosoftTeams",
        "shared_commondataserviceforapps",
        "shared_microsoftcopilotstudio",
        "shared_office365",
      ],
      blocked: [
        "CSKnowledgeSharePoint",
        "PvaAuth",
        "PvaCustomDemoMobile",
        "PvaFacebook",
        "PvaOmniChannel",
        "PvaSharePoint",
        "PvaSkills",
        "PvaWhatsApp",
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const m = resolve(withProd({}, c.agent));
      expect([m.stages.prod.connectorPolicy.business, m.stages.prod.connectorPolicy.blocked]).toStrictEqual([
        c.business,
        c.blocked,
      ]);
    });
  }

  it("a data source's HTTP or skills connector is Business in every stage, like any data-source connector", () => {
    const spec = baseSpec();
    const owner = { owningTeam: "Claims IT", contact: { name: "Ana", email: "ana@contoso.com" } };
    spec.dataSources = {
      claimsApi: { system: "Claims API", ...owner, classification: "internal", access: "read", connector: "Http" },
      skills: { system: "Skills", ...owner, classification: "internal", access: "read", connector: "PvaSkills" },
    };
    const m = resolve(spec);
    for (const stage of ["dev", "test", "prod"] as const) {
      const cp = m.stages[stage]!.connectorPolicy;
      expect([stage, cp.business, cp.blocked]).toStrictEqual([
        stage,
        ["Http", "PvaMicrosoftTeams", "PvaSkills", "shared_microsoftcopilotstudio"],
        [
          "CSKnowledgeDocs",
          "CSKnowledgePublicSites",
          "CSKnowledgeSharePoint",
          "PvaAuth",
          "PvaCustomDemoMobile",
          "PvaFacebook",
          "PvaOmniChannel",
          "PvaSharePoint",
          "PvaWhatsApp",
        ],
      ]);
    }
  });

  it("lets an explicit classification win over the derived one, and records it", () => {
    const m = resolve(withProd({ connectorPolicy: { nonBusiness: ["PvaMicrosoftTeams"], business: ["PvaSkills"] } }));
    const cp = m.stages.prod.connectorPolicy;
    expect([cp.business, cp.nonBusiness]).toStrictEqual([
      ["PvaSkills", "shared_microsoftcopilotstudio"],
      ["PvaMicrosoftTeams"],
    ]);
    expect(m.overrides.map((o) => o.path)).toStrictEqual([
      "connectorPolicy.business",
      "connectorPolicy.nonBusiness",
      "connectorPolicy.blocked",
    ]);
  });

  it("allows only the declared knowledge URLs in test and prod, not in dev", () => {
    const agent = {
      knowledgeSources: {
        b: { kind: "publicWebsite" as const, url: "https://www.contoso.com/b" },
        a: { kind: "publicWebsite" as const, url: "https://www.contoso.com/a" },
      },
    };
    const m = resolve(withProd({}, agent));
    expect(m.stages.dev?.connectorPolicy.endpointRules).toStrictEqual({});
    expect(m.stages.prod.connectorPolicy.endpointRules).toStrictEqual({
      CSKnowledgePublicSites: [
        { behavior: "allow", endpoint: "https://www.contoso.com/a" },
        { behavior: "allow", endpoint: "https://www.contoso.com/b" },
        { behavior: "deny", endpoint: "*" },
      ],
      Http: [{ behavior: "deny", endpoint: "*" }],
    });
  });

  it("closes user endpoint rules with deny * in prod and keeps a rule list that already ends with *", () => {
    const m = resolve(
      withProd({
        connectorPolicy: {
          endpointRules: {
            Http: [{ behavior: "allow", endpoint: "https://api.contoso.com" }],
            shared_sql: [
              { behavior: "allow", endpoint: "contoso.database.windows.net" },
              { behavior: "deny", endpoint: "*" },
            ],
          },
        },
      }),
    );
    expect(m.stages.prod.connectorPolicy.endpointRules).toStrictEqual({
      Http: [
        { behavior: "allow", endpoint: "https://api.contoso.com" },
        { behavior: "deny", endpoint: "*" },
      ],
      shared_sql: [
        { behavior: "allow", endpoint: "contoso.database.windows.net" },
        { behavior: "deny", endpoint: "*" },
      ],
    });
  });
});

describe("resolve: overrides", () => {
  it("records nothing for the defaults and for values without a default", () => {
    const m = resolve(
      withProd({
        groups: { admins: ["0b7e2c1d-3a4f-4b5c-9d6e-7f8a9b0c1d01"] },
        firewall: { allowedRanges: ["10.0.0.0/8"] },
        environment: { dataverse: { securityGroupId: "6a1f3c2e-9b7d-4e5a-8c1f-2d3e4f5a6b03" } },
      }),
    );
    expect(m.overrides).toStrictEqual([]);
    expect(m.stages.prod.firewall.mode).toBe("enforce");
  });

  it("records a firewall downgrade in prod against the enforce default", () => {
    const m = resolve(withProd({ firewall: { mode: "audit", allowedRanges: ["10.0.0.0/8"] } }));
    expect(m.overrides).toStrictEqual([
      { stage: "prod", path: "firewall.mode", defaultValue: "enforce", value: "audit" },
    ]);
  });

  it("records an adopted workspace as one override of the whole choice", () => {
    const resourceId =
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-shared/providers/Microsoft.OperationalInsights/workspaces/log-shared";
    const m = resolve(withProd({ telemetry: { workspace: { existingResourceId: resourceId } } }));
    expect(m.overrides).toStrictEqual([
      {
        stage: "prod",
        path: "telemetry.workspace",
        defaultValue: { mode: "create", retentionDays: 90 },
        value: { mode: "existing", resourceId },
      },
    ]);
  });

  it("records workload-wide agent choices without a stage, before the stages", () => {
    const spec = withProd(
      { protection: { protectFromDeletion: false } },
      {
        authentication: { mode: "manual", requireSignIn: false },
        channels: ["teams", "directLine"],
      },
    );
    spec.stages.dev = { auditing: { retentionDays: -1 } };
    expect(resolve(spec).overrides).toStrictEqual([
      { stage: undefined, path: "agent.authentication.mode", defaultValue: "entra", value: "manual" },
      { stage: undefined, path: "agent.authentication.requireSignIn", defaultValue: true, value: false },
      { stage: undefined, path: "agent.channels", defaultValue: ["teams"], value: ["teams", "directLine"] },
      { stage: "dev", path: "auditing.retentionDays", defaultValue: 31, value: -1 },
      { stage: "prod", path: "protection.protectFromDeletion", defaultValue: true, value: false },
    ]);
  });

  it("records dev moving away from the geography it inherits from prod (data residency), like any inherited value", () => {
    const spec = withProd({});
    spec.stages.dev = { environment: { location: "unitedstates", azureRegion: "eastus" } };
    expect(resolve(spec).overrides).toStrictEqual([
      { stage: "dev", path: "environment.location", defaultValue: "europe", value: "unitedstates" },
      { stage: "dev", path: "environment.azureRegion", defaultValue: "westeurope", value: "eastus" },
    ]);
  });

  it("records evidence waivers as workload-wide overrides, before the stages", () => {
    const spec = withProd({ protection: { protectFromDeletion: false } });
    spec.readiness = { evidenceWaivers: { restoreDrill: "Quarterly platform drill covers this environment" } };
    const m = resolve(spec);
    expect(m.readiness.evidenceWaivers).toStrictEqual({
      restoreDrill: "Quarterly platform drill covers this environment",
    });
    expect(m.overrides).toStrictEqual([
      {
        stage: undefined,
        path: "readiness.evidenceWaivers.restoreDrill",
        defaultValue: undefined,
        value: "Quarterly platform drill covers this environment",
      },
      { stage: "prod", path: "protection.protectFromDeletion", defaultValue: true, value: false },
    ]);
  });

  it("takes the declared data residency and tags every stage with it", () => {
    const spec = withProd({});
    spec.metadata.dataResidency = "eu";
    const m = resolve(spec);
    expect(m.metadata.dataResidency).toBe("eu");
    for (const s of ["dev", "test", "prod"] as const) expect(m.stages[s]?.tags["data-residency"]).toBe("eu");
    expect(resolve(withProd({})).stages.prod.tags["data-residency"]).toBeUndefined();
  });

  it("records a client secret (never a default)", () => {
    const m = resolve(withProd({ identities: { deployment: { clientSecret: { expiresInDays: 30 } } } }));
    expect(m.overrides).toStrictEqual([
      {
        stage: "prod",
        path: "identities.deployment.clientSecret",
        defaultValue: undefined,
        value: { expiresInDays: 30 },
      },
    ]);
  });
});

describe("resolve: federated credentials", () => {
  const table: [string, Record<string, unknown>, { issuer: string; subject: string; audience: string }][] = [
    [
      "GitHub environment defaults to the stage",
      { github: { repo: "contoso/agent" } },
      {
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:contoso/agent:environment:prod",
        audience: "api://AzureADTokenExchange",
      },
    ],
    [
      "GitHub branch",
      { github: { repo: "contoso/agent", branch: "main" } },
      {
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:contoso/agent:ref:refs/heads/main",
        audience: "api://AzureADTokenExchange",
      },
    ],
    [
      "GitHub tag",
      { github: { repo: "contoso/agent", tag: "v1.2.0" } },
      {
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:contoso/agent:ref:refs/tags/v1.2.0",
        audience: "api://AzureADTokenExchange",
      },
    ],
    [
      "GitHub pull requests",
      { github: { repo: "contoso/agent", pullRequest: true } },
      {
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:contoso/agent:pull_request",
        audience: "api://AzureADTokenExchange",
      },
    ],
    [
      "Azure DevOps service connection",
      {
        azureDevOps: {
          organization: "contoso",
          project: "Agents",
          serviceConnection: "sc-prod",
          organizationId: "1A2B3C4D-0000-4000-8000-000000000001",
        },
      },
      {
        issuer: "https://vstoken.dev.azure.com/1a2b3c4d-0000-4000-8000-000000000001",
        subject: "sc://contoso/Agents/sc-prod",
        audience: "api://AzureADTokenExchange",
      },
    ],
    [
      "raw triple, default audience",
      { issuer: "https://issuer.contoso.com", subject: "deploy:prod" },
      { issuer: "https://issuer.contoso.com", subject: "deploy:prod", audience: "api://AzureADTokenExchange" },
    ],
  ];
  for (const [name, cred, expected] of table) {
    it(name, () => {
      const m = resolve(withProd({ identities: { deployment: { federatedCredentials: { ci: cred as never } } } }));
      expect(m.stages.prod.identities.deployment.federatedCredentials).toStrictEqual({ ci: expected });
    });
  }
});

describe("resolve: invalid specs", () => {
  it("throws one SpecError carrying every cross-field problem, without positions", () => {
    const spec = baseSpec();
    delete spec.stages.test;
    spec.stages.prod.telemetry = { logSensitiveActivity: true };
    let caught: unknown;
    try {
      resolve(spec, { file: "w.yaml" });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SpecError);
    expect((caught as SpecError).issues.map((i) => [i.file, i.line, i.column, i.path])).toStrictEqual([
      ["w.yaml", 0, 0, "stages"],
      ["w.yaml", 0, 0, "stages.prod.telemetry.logSensitiveActivity"],
    ]);
  });

  it("accepts omitted stages with a reason and records them", () => {
    const spec = baseSpec();
    delete spec.stages.dev;
    delete spec.stages.test;
    spec.omittedStages = { dev: "built in the shared maker environment", test: "UAT happens in prod pilot ring" };
    const m = resolve(spec);
    expect(Object.keys(m.stages)).toStrictEqual(["prod"]);
    expect(m.omittedStages).toStrictEqual({
      dev: "built in the shared maker environment",
      test: "UAT happens in prod pilot ring",
    });
  });

  it("is deterministic: the same spec gives the same model", () => {
    expect(JSON.stringify(resolve(baseSpec()))).toBe(JSON.stringify(resolve(baseSpec())));
  });
});

describe("resolve: names", () => {
  it("takes the organisation's names where given and keeps the derived ones elsewhere", () => {
    const m = resolve(
      withProd({
        names: { resourceGroup: "rg-ops-hrfaq-prd-weu-001", logAnalyticsWorkspace: "log-ops-hrfaq-prd-weu-001" },
        connectorPolicy: { displayName: "DLP HR FAQ (prod)" },
      }),
    );
    expect(m.stages.prod.names).toStrictEqual({
      resourceGroup: "rg-ops-hrfaq-prd-weu-001",
      logAnalyticsWorkspace: "log-ops-hrfaq-prd-weu-001",
      appInsights: "appi-hr-faq-prod",
      actionGroup: "ag-hr-faq-prod",
      actionGroupShortName: "hr-faq-prd",
      budget: "budget-hr-faq-prod",
      deploymentApplication: "govai-hr-faq-prod-deploy",
      dlpPolicy: "DLP HR FAQ (prod)",
    });
    expect(m.stages.prod.connectorPolicy.displayName).toBe("DLP HR FAQ (prod)");
    expect(m.overrides.map((o) => [o.path, o.defaultValue, o.value])).toStrictEqual([
      ["connectorPolicy.displayName", "hr-faq-prod-dlp", "DLP HR FAQ (prod)"],
      ["names.resourceGroup", "rg-hr-faq-prod", "rg-ops-hrfaq-prd-weu-001"],
      ["names.logAnalyticsWorkspace", "log-hr-faq-prod", "log-ops-hrfaq-prd-weu-001"],
      ["names.dlpPolicy", "hr-faq-prod-dlp", "DLP HR FAQ (prod)"],
    ]);
  });
});

describe("resolve: isolation", () => {
  it("never shares lists with the spec, and the stage profiles cannot be changed at run time", () => {
    const spec = withProd({ groups: { admins: ["g1"] }, firewall: { allowedRanges: ["10.0.0.0/8"] } });
    const m = resolve(spec);
    m.stages.prod.groups.admins.push("g2");
    m.stages.prod.firewall.allowedRanges.push("10.1.0.0/16");
    expect([spec.stages.prod.groups?.admins, spec.stages.prod.firewall?.allowedRanges]).toStrictEqual([
      ["g1"],
      ["10.0.0.0/8"],
    ]);
    expect(() => {
      (STAGE_PROFILES.prod.auditing as { retentionDays: number }).retentionDays = 1;
    }).toThrow(TypeError);
    expect(STAGE_PROFILES.prod.auditing.retentionDays).toBe(365);
  });
});

describe("resolve: hand-built specs", () => {
  it("validates the shape first and reports every problem, without positions", () => {
    const spec = baseSpec() as unknown as Record<string, unknown>;
    (spec.metadata as Record<string, unknown>).name = "Not DNS";
    (spec.stages as Record<string, Record<string, unknown>>).prod!.auditng = {};
    let caught: unknown;
    try {
      resolve(spec as unknown as WorkloadSpec, { file: "program.ts" });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SpecError);
    expect((caught as SpecError).message).toBe(
      [
        "2 problems in the workload spec:",
        'program.ts metadata.name: expected a DNS-safe name: 3–24 lower-case letters, digits or hyphens, starting with a letter and not ending with a hyphen, found "Not DNS"',
        'program.ts stages.prod.auditng: unknown key "auditng"; did you mean "auditing"?',
      ].join("\n"),
    );
  });
});
