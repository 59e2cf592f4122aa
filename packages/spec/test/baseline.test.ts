/**
 * The tenant baseline (`kind: TenantBaseline`): the bundled example, the resolved defaults, every cross-field rule
 * with its exact message and position, kind dispatch between the two kinds of spec, and hostile input through the
 * baseline's loader (the same reader as a workload's, worded for a baseline).
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  baselinePlaceholders,
  baselineTexts,
  EMPTY_BILLING_NOTIFY,
  EMPTY_TENANT_WIDE_BLOCKED,
  formatIssues,
  loadBaselineFile,
  loadBaselineText,
  loadSpecFile,
  loadSpecText,
  loadWorkloadFile,
  loadWorkloadText,
  resolveBaseline,
  SpecError,
  type TenantBaselineModel,
  type TenantBaselineSpec,
} from "../src/index.ts";
import { tenantBaselineJsonSchemaText } from "../src/json-schema.ts";
import { MAX_NESTING } from "../src/read-yaml.ts";
import { MINIMAL } from "./fixtures.ts";

const EXAMPLE = "examples/tenant-baseline/tenant.yaml";

/** The smallest valid baseline, as a user writes it (line and column assertions count from here). */
const BASE = `apiVersion: govai/v1
kind: TenantBaseline
metadata:
  name: contoso-fs
  displayName: Contoso FS tenant baseline
  owningTeam: Power Platform CoE
  accountable: { name: Jonas Weber, email: jonas.weber@contoso-fs.com }
  tenantId: 8D3C5F2A-6B1E-4C7D-9A0F-3E2B1C4D5E6F
dataPolicies:
  tenantWide:
    blocked: [shared_twitter]
`;

function edit(from: string, to: string): string {
  expect(BASE).toContain(from);
  return BASE.replace(from, to);
}

function errorsOf(text: string): string {
  const r = loadBaselineText(text, "t.yaml");
  if (r.ok) throw new Error("expected the baseline to be rejected");
  return formatIssues(r.errors);
}

function modelOf(text: string): TenantBaselineModel {
  const r = loadBaselineText(text, "t.yaml");
  if (!r.ok) throw new Error(formatIssues(r.errors));
  return r.model;
}

const NO_RULES = {
  sharing: undefined,
  solutionChecker: undefined,
  usageInsights: undefined,
  makerWelcome: undefined,
  backupRetentionDays: undefined,
  generativeAi: undefined,
};

describe("examples/tenant-baseline/tenant.yaml", () => {
  it("loads into the model with every value spelled out", async () => {
    const r = await loadBaselineFile(EXAMPLE);
    if (!r.ok) throw new Error(formatIssues(r.errors));
    const jonas = { name: "Jonas Weber", email: "jonas.weber@contoso-fs.com" };
    expect(r.model).toStrictEqual({
      apiVersion: "govai/v1",
      kind: "TenantBaseline",
      metadata: {
        name: "contoso-fs",
        displayName: "Contoso FS tenant baseline",
        owningTeam: "Power Platform CoE",
        accountable: jonas,
        tenantId: "8d3c5f2a-6b1e-4c7d-9a0f-3e2b1c4d5e6f",
      },
      dataPolicies: {
        defaultEnvironment: {
          displayName: "contoso-fs-default-environment-dlp",
          environmentId: "Default-8d3c5f2a-6b1e-4c7d-9a0f-3e2b1c4d5e6f",
          defaultGroup: "blocked",
          business: [
            "shared_approvals",
            "shared_office365",
            "shared_office365users",
            "shared_onedriveforbusiness",
            "shared_sharepointonline",
            "shared_teams",
          ],
          nonBusiness: [],
          blocked: ["shared_dropbox", "shared_gmail"],
        },
        tenantWide: {
          displayName: "contoso-fs-tenant-wide-dlp",
          scope: "allEnvironments",
          exceptEnvironments: [],
          blocked: [
            "PvaAuth",
            "PvaCustomDemoMobile",
            "shared_dropbox",
            "shared_facebook",
            "shared_gmail",
            "shared_googledrive",
            "shared_twitter",
          ],
        },
      },
      settings: {
        environmentCreation: { production: "adminsOnly", trials: "adminsOnly", developer: "everyone" },
        billingPolicyCreation: "adminsOnly",
        shareWithEveryone: false,
        copilotStudio: { copilotFeatures: true, publishAgentsWithAi: false },
        environmentRouting: { enabled: true, targetGroup: "developer" },
        deleteBehavior: "restore",
      },
      environmentGroups: {
        developer: {
          displayName: "Developer environments",
          description: "Personal developer environments that makers are routed to; building only, no production data.",
          rules: {
            sharing: { apps: { groupSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxUsers: 5 } },
            solutionChecker: { mode: "warn", ruleOverrides: [], suppressValidationEmails: true },
            usageInsights: true,
            makerWelcome: {
              markdown:
                "## Welcome to your developer environment\nBuild and try things here. Production data stays out; ask the CoE for a pilot when it is time to share.",
              url: "https://contosofs.sharepoint.com/sites/PowerPlatformCoE/SitePages/Developer-environments.aspx",
            },
            backupRetentionDays: 7,
            generativeAi: { moveDataAcrossRegions: false, bingSearch: false },
          },
        },
        pilots: {
          displayName: "Copilot Studio pilots",
          description: "The dev, test and prod environments of governed AI pilots.",
          rules: {
            ...NO_RULES,
            solutionChecker: { mode: "block", ruleOverrides: [], suppressValidationEmails: false },
            usageInsights: true,
            backupRetentionDays: 28,
            generativeAi: { moveDataAcrossRegions: false, bingSearch: false },
          },
        },
      },
      billingPolicies: {
        "copilot-pilots": {
          displayName: "Copilot Studio pilots",
          location: "europe",
          subscriptionId: "4f6a2c1e-8b3d-4e7f-a1c2-5d6e7f8a9b0c",
          resourceGroup: "rg-pp-billing-weu",
          monthlyBudget: 2000,
          currency: "EUR",
          notify: { coe: jonas, finance: { name: "Lena Fischer", email: "lena.fischer@contoso-fs.com" } },
        },
      },
      source: { file: EXAMPLE },
    });
  });

  it("has no placeholder in its contacts and texts", async () => {
    const r = await loadBaselineFile(EXAMPLE);
    expect(r.ok && baselinePlaceholders(r.model)).toStrictEqual([]);
  });

  it("points editors at the tenant baseline's JSON Schema", async () => {
    const first = (await readFile(EXAMPLE, "utf8")).split("\n")[0];
    expect(first).toBe("# yaml-language-server: $schema=../../packages/spec/schema/tenant-baseline.schema.json");
  });
});

describe("resolving the smallest baseline", () => {
  it("spells out the defaults: no default-environment policy, tenant-wide over every environment, nothing else managed", () => {
    expect(modelOf(BASE)).toStrictEqual({
      apiVersion: "govai/v1",
      kind: "TenantBaseline",
      metadata: {
        name: "contoso-fs",
        displayName: "Contoso FS tenant baseline",
        owningTeam: "Power Platform CoE",
        accountable: { name: "Jonas Weber", email: "jonas.weber@contoso-fs.com" },
        tenantId: "8d3c5f2a-6b1e-4c7d-9a0f-3e2b1c4d5e6f",
      },
      dataPolicies: {
        defaultEnvironment: undefined,
        tenantWide: {
          displayName: "contoso-fs-tenant-wide-dlp",
          scope: "allEnvironments",
          exceptEnvironments: [],
          blocked: ["shared_twitter"],
        },
      },
      settings: {
        environmentCreation: { production: undefined, trials: undefined, developer: undefined },
        billingPolicyCreation: undefined,
        shareWithEveryone: undefined,
        copilotStudio: { copilotFeatures: undefined, publishAgentsWithAi: undefined },
        environmentRouting: undefined,
        deleteBehavior: "restore",
      },
      environmentGroups: {},
      billingPolicies: {},
      source: { file: "t.yaml" },
    });
  });

  it("normalises connector and environment ids, and fills a given rule from the prod profile", () => {
    const m = modelOf(
      edit(
        "    blocked: [shared_twitter]\n",
        [
          "    scope: exceptEnvironments",
          "    exceptEnvironments: [B2C3D4E5-0000-4000-8000-000000000002, a1b2c3d4-0000-4000-8000-000000000001]",
          "    blocked: [/providers/Microsoft.PowerApps/apis/shared_twitter, Http]",
          "  defaultEnvironment: {}",
          "environmentGroups:",
          "  dev:",
          "    displayName: Developers",
          "    rules: { sharing: { apps: { maxUsers: 20 } }, solutionChecker: {}, generativeAi: { bingSearch: true } }",
          "billingPolicies:",
          "  pilots:",
          "    displayName: Pilots",
          "    location: europe",
          "    subscriptionId: 4F6A2C1E-8B3D-4E7F-A1C2-5D6E7F8A9B0C",
          "    resourceGroup: rg-billing",
          "    monthlyBudget: 150.5",
          "    notify: { finance: { name: Lena Fischer, email: lena.fischer@contoso-fs.com } }",
          "",
        ].join("\n"),
      ),
    );
    expect(m.dataPolicies).toStrictEqual({
      defaultEnvironment: {
        displayName: "contoso-fs-default-environment-dlp",
        environmentId: "Default-8d3c5f2a-6b1e-4c7d-9a0f-3e2b1c4d5e6f",
        defaultGroup: "blocked",
        business: [],
        nonBusiness: [],
        blocked: [],
      },
      tenantWide: {
        displayName: "contoso-fs-tenant-wide-dlp",
        scope: "exceptEnvironments",
        exceptEnvironments: ["a1b2c3d4-0000-4000-8000-000000000001", "b2c3d4e5-0000-4000-8000-000000000002"],
        blocked: ["Http", "shared_twitter"],
      },
    });
    expect(m.environmentGroups).toStrictEqual({
      dev: {
        displayName: "Developers",
        description: "",
        rules: {
          ...NO_RULES,
          sharing: { apps: { groupSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxUsers: 20 } },
          solutionChecker: { mode: "block", ruleOverrides: [], suppressValidationEmails: false },
          generativeAi: { moveDataAcrossRegions: false, bingSearch: true },
        },
      },
    });
    expect(m.billingPolicies).toStrictEqual({
      pilots: {
        displayName: "Pilots",
        location: "europe",
        subscriptionId: "4f6a2c1e-8b3d-4e7f-a1c2-5d6e7f8a9b0c",
        resourceGroup: "rg-billing",
        monthlyBudget: 150.5,
        currency: "USD",
        notify: { finance: { name: "Lena Fischer", email: "lena.fischer@contoso-fs.com" } },
      },
    });
  });

  it("accepts an empty exceptEnvironments with allEnvironments (it says the same as the scope)", () => {
    expect(
      modelOf(edit("    blocked:", "    exceptEnvironments: []\n    blocked:")).dataPolicies.tenantWide,
    ).toStrictEqual({
      displayName: "contoso-fs-tenant-wide-dlp",
      scope: "allEnvironments",
      exceptEnvironments: [],
      blocked: ["shared_twitter"],
    });
  });
});

const GROUPS = `environmentGroups:
  developer: { displayName: Developer environments }
`;
const BILLING = `billingPolicies:
  pilots:
    displayName: Pilots
    location: europe
    subscriptionId: 4f6a2c1e-8b3d-4e7f-a1c2-5d6e7f8a9b0c
    resourceGroup: rg-billing
    monthlyBudget: 2000
    notify: { finance: { name: Lena Fischer, email: lena.fischer@contoso-fs.com } }
`;

/** The refusal of a group's agent sharing, word for word (checkGroupAgentSharing). */
const GROUP_AGENT_SHARING =
  "an environment group's rules cannot set agent sharing yet: the service's rule for Copilot Studio agent sharing appears in no recorded response, so govai can neither write it nor read it back; remove sharing.agents (agents in the group's environments keep the tenant's sharing defaults, which `govai gate` on this baseline reports per group; a workload stage outside any group limits its agents with managedEnvironment.sharing.agents)";

describe("cross-field rules: exact message and position", () => {
  it.each([
    [
      "exceptEnvironments with scope allEnvironments",
      edit("    blocked:", "    exceptEnvironments: [a1b2c3d4-0000-4000-8000-000000000001]\n    blocked:"),
      "t.yaml:11:5 dataPolicies.tenantWide.exceptEnvironments: exceptEnvironments applies only with scope exceptEnvironments (the scope is allEnvironments, so the policy would cover these environments too); set scope: exceptEnvironments or remove exceptEnvironments",
    ],
    [
      "scope exceptEnvironments without the list",
      edit("    blocked:", "    scope: exceptEnvironments\n    blocked:"),
      "t.yaml:11:12 dataPolicies.tenantWide.scope: scope exceptEnvironments needs at least one environment id in exceptEnvironments; list the environments the policy leaves out, or use scope allEnvironments",
    ],
    [
      "scope exceptEnvironments with an empty list",
      edit("    blocked:", "    scope: exceptEnvironments\n    exceptEnvironments: []\n    blocked:"),
      "t.yaml:12:5 dataPolicies.tenantWide.exceptEnvironments: scope exceptEnvironments needs at least one environment id in exceptEnvironments; list the environments the policy leaves out, or use scope allEnvironments",
    ],
    [
      "the same environment twice, in two cases",
      edit(
        "    blocked:",
        "    scope: exceptEnvironments\n    exceptEnvironments: [a1b2c3d4-0000-4000-8000-00000000000a, A1B2C3D4-0000-4000-8000-00000000000A]\n    blocked:",
      ),
      't.yaml:12:64 dataPolicies.tenantWide.exceptEnvironments[1]: environment "a1b2c3d4-0000-4000-8000-00000000000a" is listed twice in exceptEnvironments',
    ],
    [
      "a routing target that is no group (with a suggestion)",
      `${BASE}settings:\n  environmentRouting: { enabled: true, targetGroup: developr }\n${GROUPS}`,
      't.yaml:13:53 settings.environmentRouting.targetGroup: unknown environment group "developr"; did you mean "developer"?',
    ],
    [
      "a routing target when there are no groups",
      `${BASE}settings:\n  environmentRouting: { enabled: true, targetGroup: developer }\n`,
      't.yaml:13:53 settings.environmentRouting.targetGroup: unknown environment group "developer"; environmentGroups is empty: declare the group there',
    ],
    [
      "a connector in two groups of the default environment's policy (short and full id)",
      `${BASE}  defaultEnvironment:\n    business: [shared_office365]\n    blocked: [/providers/Microsoft.PowerApps/apis/shared_office365]\n`,
      't.yaml:14:15 dataPolicies.defaultEnvironment.blocked[0]: connector "shared_office365" is in both business and blocked; a connector belongs to one group',
    ],
    [
      "a connector listed twice in the tenant-wide policy",
      edit("[shared_twitter]", "[shared_twitter, shared_twitter]"),
      't.yaml:11:31 dataPolicies.tenantWide.blocked[1]: connector "shared_twitter" is listed twice in blocked',
    ],
    [
      "a tenant-wide policy that blocks nothing",
      edit("[shared_twitter]", "[]"),
      `t.yaml:11:5 dataPolicies.tenantWide.blocked: ${EMPTY_TENANT_WIDE_BLOCKED}`,
    ],
    [
      "a budget of 0",
      `${BASE}${BILLING.replace("monthlyBudget: 2000", "monthlyBudget: 0")}`,
      "t.yaml:18:20 billingPolicies.pilots.monthlyBudget: expected an amount greater than 0, found 0",
    ],
    [
      "a budget nobody is notified about",
      `${BASE}${BILLING.replace(/notify: .*/, "notify: {}")}`,
      `t.yaml:19:5 billingPolicies.pilots.notify: ${EMPTY_BILLING_NOTIFY}`,
    ],
    [
      "a backup retention Power Platform does not offer",
      `${BASE}${GROUPS.replace("Developer environments }", "Developer environments, rules: { backupRetentionDays: 10 } }")}`,
      "t.yaml:13:83 environmentGroups.developer.rules.backupRetentionDays: expected 7, 14, 21 or 28 (the backup retention days Power Platform accepts), found 10",
    ],
    [
      "an app sharing cap over 99, the rule set's MaximumShareLimit (a stage's cap may be higher)",
      `${BASE}${GROUPS.replace("Developer environments }", "Developer environments, rules: { sharing: { apps: { maxUsers: 100 } } } }")}`,
      "t.yaml:13:91 environmentGroups.developer.rules.sharing.apps.maxUsers: expected a whole number from 0 to 99, or -1 for no limit, found 100",
    ],
    [
      "agent sharing in a group's rules (flow style: at the key)",
      `${BASE}${GROUPS.replace("Developer environments }", "Developer environments, rules: { sharing: { agents: { maxViewers: 5 } } } }")}`,
      `t.yaml:13:73 environmentGroups.developer.rules.sharing.agents: ${GROUP_AGENT_SHARING}`,
    ],
    [
      "agent sharing in two groups, block style, an empty block included: each at its key",
      `${BASE}environmentGroups:
  developer:
    displayName: Developer environments
    rules:
      sharing:
        apps: { maxUsers: 5 }
        agents:
          mode: disableSharing
  pilots:
    displayName: Pilots
    rules: { sharing: { agents: {} } }
`,
      [
        `t.yaml:18:9 environmentGroups.developer.rules.sharing.agents: ${GROUP_AGENT_SHARING}`,
        `t.yaml:22:25 environmentGroups.pilots.rules.sharing.agents: ${GROUP_AGENT_SHARING}`,
      ].join("\n"),
    ],
    [
      "a misspelt block",
      edit("  tenantWide:", "  tenantwide:"),
      [
        "t.yaml:9:1 dataPolicies.tenantWide: required, missing; expected a map",
        't.yaml:10:3 dataPolicies.tenantwide: unknown key "tenantwide"; did you mean "tenantWide"?',
      ].join("\n"),
    ],
    [
      "a tenant id that is no GUID",
      edit("8D3C5F2A-6B1E-4C7D-9A0F-3E2B1C4D5E6F", "contoso.onmicrosoft.com"),
      't.yaml:8:13 metadata.tenantId: expected a GUID (Entra object or client id), found "contoso.onmicrosoft.com"',
    ],
  ])("%s", (_name, text, expected) => {
    expect(errorsOf(text)).toBe(expected);
  });

  it("resolveBaseline() gives the same messages without positions for a baseline built in code", () => {
    const spec: TenantBaselineSpec = {
      apiVersion: "govai/v1",
      kind: "TenantBaseline",
      metadata: {
        name: "contoso-fs",
        displayName: "Contoso FS",
        owningTeam: "CoE",
        accountable: { name: "Jonas Weber", email: "jonas.weber@contoso-fs.com" },
        tenantId: "8d3c5f2a-6b1e-4c7d-9a0f-3e2b1c4d5e6f",
      },
      dataPolicies: { tenantWide: { scope: "exceptEnvironments", blocked: ["shared_twitter"] } },
    };
    let thrown: unknown;
    try {
      resolveBaseline(spec);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SpecError);
    expect((thrown as SpecError).message).toBe(
      "1 problem in the tenant baseline:\n<spec> dataPolicies.tenantWide.scope: scope exceptEnvironments needs at least one environment id in exceptEnvironments; list the environments the policy leaves out, or use scope allEnvironments",
    );
  });
});

describe("kind dispatch", () => {
  it("loadSpecText loads a workload as loadWorkloadText does", () => {
    const r = loadSpecText(MINIMAL, "w.yaml");
    const w = loadWorkloadText(MINIMAL, "w.yaml");
    expect(r.ok && r.kind).toBe("Workload");
    expect(r.ok && w.ok && r.model).toStrictEqual(w.ok && w.model);
  });

  it("loadSpecText loads a tenant baseline as loadBaselineText does", () => {
    const r = loadSpecText(BASE, "t.yaml");
    expect(r.ok && r.kind).toBe("TenantBaseline");
    expect(r.ok && r.model).toStrictEqual(modelOf(BASE));
  });

  it("loadSpecFile loads the bundled examples of both kinds", async () => {
    const kinds = await Promise.all(
      [EXAMPLE, "examples/policy-lookup-agent/workload.yaml"].map(async (f) => {
        const r = await loadSpecFile(f);
        return r.ok ? r.kind : formatIssues(r.errors);
      }),
    );
    expect(kinds).toStrictEqual(["TenantBaseline", "Workload"]);
  });

  it.each([
    [
      "an unknown kind, with a suggestion",
      BASE.replace("kind: TenantBaseline", "kind: Tenantbaseline"),
      't.yaml:2:7 kind: unknown kind "Tenantbaseline"; expected "Workload" or "TenantBaseline" (a workload spec or a tenant baseline); did you mean "TenantBaseline"?',
    ],
    [
      "an unknown kind",
      BASE.replace("kind: TenantBaseline", "kind: Deployment"),
      't.yaml:2:7 kind: unknown kind "Deployment"; expected "Workload" or "TenantBaseline" (a workload spec or a tenant baseline)',
    ],
    [
      "no kind",
      BASE.replace("kind: TenantBaseline\n", ""),
      't.yaml:1:1 kind: required, missing; expected kind "Workload" or "TenantBaseline" (a workload spec or a tenant baseline)',
    ],
    [
      "an empty document",
      "",
      't.yaml:1:1 (document): the document is empty; expected a spec starting with apiVersion: govai/v1 and kind "Workload" or "TenantBaseline" (a workload spec or a tenant baseline)',
    ],
    [
      "a list",
      "- kind: Workload\n",
      't.yaml:1:1 (document): expected a map with kind "Workload" or "TenantBaseline" (a workload spec or a tenant baseline), found a list of 1',
    ],
  ])("loadSpecText refuses %s naming both kinds", (_name, text, expected) => {
    const r = loadSpecText(text, "t.yaml");
    expect(r.ok ? "loaded" : formatIssues(r.errors)).toBe(expected);
  });

  it("loadWorkloadText refuses a tenant baseline at its kind, naming the loader to use", () => {
    const r = loadWorkloadText(BASE, "t.yaml");
    expect(r.ok ? "loaded" : formatIssues(r.errors)).toBe(
      "t.yaml:2:7 kind: this is a tenant baseline (kind: TenantBaseline), not a workload spec; load it with loadBaselineText (or loadSpecText, which takes either kind)",
    );
  });

  it("loadWorkloadFile refuses the example baseline, naming the file loader", async () => {
    const r = await loadWorkloadFile(EXAMPLE);
    expect(r.ok ? "loaded" : formatIssues(r.errors)).toBe(
      `${EXAMPLE}:8:7 kind: this is a tenant baseline (kind: TenantBaseline), not a workload spec; load it with loadBaselineFile (or loadSpecFile, which takes either kind)`,
    );
  });

  it("loadBaselineText refuses a workload spec at its kind, naming the loader to use", () => {
    const r = loadBaselineText(MINIMAL, "w.yaml");
    expect(r.ok ? "loaded" : formatIssues(r.errors)).toBe(
      "w.yaml:2:7 kind: this is a workload spec (kind: Workload), not a tenant baseline; load it with loadWorkloadText (or loadSpecText, which takes either kind)",
    );
  });

  it("loadWorkloadText still words an unknown kind as before", () => {
    const r = loadWorkloadText(MINIMAL.replace("kind: Workload", "kind: Deployment"), "w.yaml");
    expect(r.ok ? "loaded" : formatIssues(r.errors)).toBe('w.yaml:2:7 kind: expected "Workload", found "Deployment"');
  });
});

describe("placeholders in a baseline's contacts and texts", () => {
  it("lists each with its path", () => {
    const m = modelOf(
      `${BASE.replace("Power Platform CoE", "TODO team")}${BILLING.replace("Lena Fischer, email: lena.fischer@contoso-fs.com", "TBD, email: finance@example.com")}environmentGroups:\n  dev: { displayName: Developers, description: "<what the group is for>" }\n`,
    );
    expect(baselinePlaceholders(m)).toStrictEqual([
      "metadata.owningTeam (TODO)",
      "environmentGroups.dev.description (<what the group is for>)",
      "billingPolicies.pilots.notify.finance.name (TBD)",
      "billingPolicies.pilots.notify.finance.email (finance@example.com)",
    ]);
    expect(Object.keys(baselineTexts(m))).toStrictEqual([
      "metadata.displayName",
      "metadata.owningTeam",
      "metadata.accountable.name",
      "metadata.accountable.email",
      "environmentGroups.dev.displayName",
      "environmentGroups.dev.description",
      "billingPolicies.pilots.displayName",
      "billingPolicies.pilots.notify.finance.name",
      "billingPolicies.pilots.notify.finance.email",
    ]);
  });
});

describe("hostile input through loadBaselineText", () => {
  const reserved = (key: string) =>
    `the key "${key}" is not allowed: it names a built-in property of every JavaScript object; choose another name`;

  it.each([
    [
      "__proto__ as an environment group",
      `${BASE}environmentGroups:\n  __proto__: { displayName: x }\n`,
      `t.yaml:13:3 environmentGroups.__proto__: ${reserved("__proto__")}`,
    ],
    [
      "toString as a person to notify",
      `${BASE}${BILLING.replace(/notify: .*/, "notify: { toString: { name: Lena Fischer, email: lena.fischer@contoso-fs.com } }")}`,
      `t.yaml:19:15 billingPolicies.pilots.notify.toString: ${reserved("toString")}`,
    ],
    [
      "a tag beyond the core schema",
      edit("  displayName: Contoso FS tenant baseline", "  displayName: !!js/function 'function () {}'"),
      't.yaml:5:30 metadata.displayName: the YAML tag "!!js/function" is not allowed: a tenant baseline holds plain strings, numbers, booleans, maps and lists',
    ],
    [
      "a control character written as an escape",
      edit("  displayName: Contoso FS tenant baseline", '  displayName: "Contoso\\0FS"'),
      "t.yaml:5:16 metadata.displayName: a NUL character (U+0000), written as an escape, is not allowed in a value; remove it",
    ],
    [
      "a NUL byte",
      edit("Contoso FS tenant", "Contoso\u0000FS tenant"),
      "t.yaml:5:23 (document): a NUL byte (U+0000) is not allowed: a tenant baseline is UTF-8 text (is this a binary or UTF-16 file?)",
    ],
    [
      "a second document",
      `${BASE}---\n${BASE}`,
      "t.yaml:12:1 (document): YAML syntax: a tenant baseline is one YAML document; remove the second one (after ---) or move it to its own file",
    ],
    [
      `maps nested more than ${MAX_NESTING} levels`,
      `${BASE}settings: ${"{a: ".repeat(100)}1${"}".repeat(100)}\n`,
      `t.yaml:12:${11 + 4 * (MAX_NESTING - 1)} (document): YAML: maps and lists nested more than ${MAX_NESTING} levels deep; a tenant baseline needs fewer than 10`,
    ],
  ])("%s", (_name, text, expected) => {
    expect(errorsOf(text)).toBe(expected);
  });

  it("loadSpecText words the reader's refusals for the kind the text declares", () => {
    const text = edit("  displayName: Contoso FS tenant baseline", "  displayName: !foo x");
    const r = loadSpecText(text, "t.yaml");
    expect(r.ok ? "loaded" : formatIssues(r.errors)).toBe(
      't.yaml:5:21 metadata.displayName: the YAML tag "!foo" is not allowed: a tenant baseline holds plain strings, numbers, booleans, maps and lists',
    );
  });

  it("resolveBaseline() refuses a reserved key in a baseline built in code", () => {
    const spec = JSON.parse(
      '{"apiVersion":"govai/v1","kind":"TenantBaseline","metadata":{"name":"contoso-fs","displayName":"x","owningTeam":"y","accountable":{"name":"Jonas Weber","email":"jonas.weber@contoso-fs.com"},"tenantId":"8d3c5f2a-6b1e-4c7d-9a0f-3e2b1c4d5e6f"},"dataPolicies":{"tenantWide":{"blocked":["shared_twitter"]}},"environmentGroups":{"__proto__":{"displayName":"x"}}}',
    ) as TenantBaselineSpec;
    expect(() => resolveBaseline(spec)).toThrow(
      `1 problem in the tenant baseline:\n<spec> environmentGroups.__proto__: ${reserved("__proto__")}`,
    );
  });
});

describe("packages/spec/schema/tenant-baseline.schema.json", () => {
  it("is up to date with the zod schema (regenerate: npx node packages/spec/scripts/write-schema.ts)", async () => {
    const onDisk = await readFile(new URL("../schema/tenant-baseline.schema.json", import.meta.url), "utf8");
    expect(onDisk === tenantBaselineJsonSchemaText()).toBe(true);
  });

  it("rejects unknown keys, requires the tenant-wide block list and offers the four backup retentions", () => {
    const schema = JSON.parse(tenantBaselineJsonSchemaText());
    expect(schema.title).toBe("govai tenant baseline (govai/v1)");
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toStrictEqual(["apiVersion", "kind", "metadata", "dataPolicies"]);
    const wide = schema.properties.dataPolicies.properties.tenantWide;
    expect(wide.required).toStrictEqual(["blocked"]);
    expect(wide.properties.blocked.minItems).toBe(1);
    const rules = schema.properties.environmentGroups.additionalProperties.properties.rules;
    expect(rules.properties.backupRetentionDays.enum).toStrictEqual([7, 14, 21, 28]);
    const policy = schema.properties.billingPolicies.additionalProperties;
    expect(policy.properties.monthlyBudget.exclusiveMinimum).toBe(0);
    expect(policy.required).toStrictEqual([
      "displayName",
      "location",
      "subscriptionId",
      "resourceGroup",
      "monthlyBudget",
      "notify",
    ]);
  });
});
