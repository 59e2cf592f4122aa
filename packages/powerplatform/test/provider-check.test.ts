import { describe, expect, it } from "vitest";
import { computeDiff } from "../src/provider/diff.ts";
import type { PowerPlatformPort } from "../src/provider/port.ts";
import { makeProvider } from "../src/provider/provider.ts";
import { secret, UNKNOWN } from "../src/provider/wire.ts";

// Table tests of check and diff, calling the provider directly (no gRPC, no HTTP): the same rules as the spec,
// the normalisation a reviewer reads in a diff, replacements, secrets and unknowns.

const noPort = (() => {
  throw new Error("check and diff must not call the Power Platform");
}) as unknown as () => PowerPlatformPort;
const provider = makeProvider(noPort);
const urn = (type: string, name = "r") => `urn:pulumi:dev::proj::govai:powerplatform:${type}::${name}`;
const ENV = "6b1c3a52-0d55-4f0e-9f57-2f4bb8f6f0a1";
const SG = "0f8fad5b-d9cb-469f-a165-70867728950e";

const environment = {
  displayName: "Claims (dev)",
  environmentType: "Sandbox",
  location: "Europe",
  azureRegion: "westeurope",
  dataverse: { language: 1033, currency: "eur", domain: "Claims-Dev", securityGroupId: SG.toUpperCase() },
};
const managed = {
  environmentId: ENV,
  sharing: {
    apps: { groupSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxUsers: 20 },
    flows: { mode: "disableSharing" },
    agents: { editorSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxViewers: 20 },
  },
  solutionChecker: { mode: "block", ruleOverrides: ["meta-b", "meta-a", "meta-b"], suppressValidationEmails: true },
  usageInsights: true,
};
const policy = {
  displayName: "claims-prod-dlp",
  defaultGroup: "blocked",
  environmentIds: [ENV.toUpperCase()],
  business: ["shared_sharepointonline", "shared_commondataserviceforapps"],
  nonBusiness: [],
  blocked: ["Http"],
  endpointRules: {
    Http: [
      { behavior: "allow", endpoint: "https://api.contoso.com" },
      { behavior: "deny", endpoint: "*" },
    ],
  },
  customConnectorPatterns: [
    { order: 2, classification: "blocked", pattern: "*" },
    { order: 1, classification: "business", pattern: "https://*.contoso.com" },
  ],
};
const settings = {
  environmentId: ENV,
  auditing: { enabled: true, userAccessAudit: true, readAudit: false, retentionDays: 365 },
  firewall: {
    mode: "audit",
    allowedRanges: ["52.1.2.3/32", "10.0.0.0/8"],
    serviceTags: ["PowerPlatformInfra"],
    allowMicrosoftTrustedServices: true,
    allowApplicationUsers: true,
    cookieBinding: true,
  },
};

describe("check", () => {
  it("normalises an environment: casing, zero GUIDs, defaults spelled out", async () => {
    const r = await provider.check!(
      urn("Environment"),
      {},
      { ...environment, environmentGroupId: "00000000-0000-0000-0000-000000000000" },
    );
    expect(r).toEqual({
      inputs: {
        displayName: "Claims (dev)",
        description: "",
        environmentType: "Sandbox",
        location: "europe",
        azureRegion: "westeurope",
        dataverse: { language: 1033, currency: "EUR", domain: "claims-dev", securityGroupId: SG },
      },
      failures: [],
    });
  });

  it("normalises a DLP policy: sorted connectors, environments and patterns", async () => {
    const r = await provider.check!(urn("DataPolicy"), {}, policy);
    expect(r.failures).toEqual([]);
    expect(r.inputs).toEqual({
      ...policy,
      environmentIds: [ENV],
      environmentScope: "onlyEnvironments",
      business: ["shared_commondataserviceforapps", "shared_sharepointonline"],
      actionRules: {},
      customConnectorPatterns: [
        { order: 1, classification: "business", pattern: "https://*.contoso.com" },
        { order: 2, classification: "blocked", pattern: "*" },
      ],
    });
  });

  it("sorts and de-duplicates solution checker rule overrides", async () => {
    const r = await provider.check!(urn("ManagedEnvironment"), {}, managed);
    expect((r.inputs as { solutionChecker: unknown }).solutionChecker).toEqual({
      mode: "block",
      ruleOverrides: ["meta-a", "meta-b"],
      suppressValidationEmails: true,
    });
  });

  const failing: Array<[string, string, Record<string, unknown>, Array<{ property: string; reason: string }>]> = [
    [
      "Environment",
      "an unknown environment type and a bad domain",
      { ...environment, environmentType: "Trial", dataverse: { ...environment.dataverse, domain: "-x" } },
      [
        { property: "environmentType", reason: 'Invalid option: expected one of "Sandbox"|"Production"' },
        {
          property: "dataverse.domain",
          reason: "domain must be 1-63 letters, digits or hyphens, not starting or ending with a hyphen",
        },
      ],
    ],
    [
      "Environment",
      "a typo in a key",
      { ...environment, displayname: "x" },
      [{ property: "", reason: 'Unrecognized key: "displayname"; remove it' }],
    ],
    [
      "DataPolicy",
      "a connector in two groups",
      { ...policy, nonBusiness: ["/providers/Microsoft.PowerApps/apis/shared_sharepointonline"] },
      [
        {
          property: "nonBusiness",
          reason:
            "connector /providers/Microsoft.PowerApps/apis/shared_sharepointonline is also in business; the groups must be disjoint",
        },
      ],
    ],
    [
      "DataPolicy",
      "custom-connector orders with a gap and * not last",
      {
        ...policy,
        customConnectorPatterns: [
          { order: 1, classification: "blocked", pattern: "*" },
          { order: 3, classification: "business", pattern: "https://*.contoso.com" },
        ],
      },
      [
        { property: "customConnectorPatterns", reason: "orders must be 1..2 without gaps or duplicates; got 1, 3" },
        {
          property: "customConnectorPatterns",
          reason: "the * pattern must have the highest order (it is evaluated last)",
        },
      ],
    ],
    [
      "DataPolicy",
      "an endpoint list whose * rule is not last",
      {
        ...policy,
        endpointRules: {
          Http: [
            { behavior: "deny", endpoint: "*" },
            { behavior: "allow", endpoint: "https://a" },
          ],
        },
      },
      [{ property: "endpointRules.Http", reason: "the * rule must be the last endpoint rule" }],
    ],
    [
      "DataPolicy",
      "no environments for onlyEnvironments",
      { ...policy, environmentIds: [] },
      [
        {
          property: "environmentIds",
          reason: "must name at least one environment when environmentScope is onlyEnvironments",
        },
      ],
    ],
    [
      "ManagedEnvironment",
      "a sharing cap over 10000 (MAX_SHARE_LIMIT)",
      { ...managed, sharing: { ...managed.sharing, apps: { ...managed.sharing.apps, maxUsers: 10_001 } } },
      [{ property: "sharing.apps.maxUsers", reason: "maxUsers must be -1 (no cap) to 10000" }],
    ],
    [
      "EnvironmentGroupRuleSet",
      "a sharing cap over 99, the rule set's MaximumShareLimit",
      {
        groupId: ENV,
        rules: { sharing: { apps: { groupSharingDisabled: true, mode: "noLimit", maxUsers: 100 } } },
      },
      [{ property: "rules.sharing.apps.maxUsers", reason: "maxUsers must be -1 (no cap) to 99" }],
    ],
    [
      "EnvironmentSettings",
      "retention below 30 days",
      { ...settings, auditing: { ...settings.auditing, retentionDays: 29 } },
      [
        {
          property: "auditing.retentionDays",
          reason: "retentionDays must be 30 (the organisation's default) to 24855, or -1 to keep forever",
        },
      ],
    ],
    [
      "EnvironmentSettings",
      "an enforced firewall that allows nobody",
      { ...settings, firewall: { ...settings.firewall, mode: "enforce", allowedRanges: [], serviceTags: [] } },
      [
        {
          property: "firewall.mode",
          reason: "enforce with no allowed ranges or service tags would block every caller; use audit first",
        },
      ],
    ],
    [
      "ApplicationUser",
      "an application id that is not a GUID",
      { environmentId: ENV, applicationId: "my-app", roles: [] },
      [{ property: "applicationId", reason: "applicationId must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)" }],
    ],
    [
      "CopilotTelemetry",
      "something that is not a connection string",
      {
        environmentId: ENV,
        botId: "bot",
        connectionString: secret("abc"),
        logActivities: true,
        logActions: true,
        logSensitiveActivity: false,
      },
      [
        {
          property: "connectionString",
          reason:
            "connectionString must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…)",
        },
      ],
    ],
    [
      "AdminApplication",
      "an unknown cloud",
      { applicationId: ENV, cloud: "mars" },
      [{ property: "cloud", reason: 'Invalid option: expected one of "public"|"gcc"|"gcchigh"|"dod"|"china"' }],
    ],
  ];
  it.each(failing)("%s: refuses %s", async (type, _what, news, failures) => {
    const r = await provider.check!(urn(type), {}, news);
    expect(r.failures).toEqual(failures);
    expect(r.inputs).toEqual(news);
  });

  it("accepts a managed environment's sharing caps over 99: only a group's rule set is capped there", async () => {
    // The Terraform provider validates no maximum on managed_environment's max_limit_user_sharing; its
    // environment_group_rule_set resource documents MaximumShareLimit as -1..99.
    const news = {
      ...managed,
      sharing: {
        ...managed.sharing,
        apps: { ...managed.sharing.apps, maxUsers: 400 },
        agents: { editorSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxViewers: 400 },
      },
    };
    const r = await provider.check!(urn("ManagedEnvironment"), {}, news);
    expect(r.failures).toEqual([]);
  });

  it("does not fail on unknowns, and leaves them in place", async () => {
    const news = {
      ...environment,
      displayName: UNKNOWN,
      dataverse: UNKNOWN,
    };
    const r = await provider.check!(urn("Environment"), {}, news);
    expect(r).toEqual({
      inputs: { ...news, description: "", location: "europe", dataverse: UNKNOWN },
      failures: [],
    });
    const p = await provider.check!(urn("DataPolicy"), {}, { ...policy, environmentIds: [UNKNOWN], business: UNKNOWN });
    expect(p.failures).toEqual([]);
    expect((p.inputs as { environmentIds: unknown }).environmentIds).toEqual([UNKNOWN]);
  });

  it("keeps secrets secret and always wraps the connection string", async () => {
    const tel = {
      environmentId: ENV,
      botId: "bot",
      logActivities: true,
      logActions: true,
      logSensitiveActivity: false,
    };
    const plain = await provider.check!(
      urn("CopilotTelemetry"),
      {},
      { ...tel, connectionString: "InstrumentationKey=k" },
    );
    expect(plain.inputs).toEqual({ ...tel, connectionString: secret("InstrumentationKey=k") });
    const wrapped = await provider.check!(urn("AdminApplication"), {}, { applicationId: secret(ENV.toUpperCase()) });
    expect(wrapped.inputs).toEqual({ applicationId: secret(ENV) });
  });

  it("ignores Pulumi's own __ keys", async () => {
    const r = await provider.check!(urn("AdminApplication"), {}, { applicationId: ENV, __defaults: [] });
    expect(r).toEqual({ inputs: { applicationId: ENV }, failures: [] });
  });

  it("names the served types when asked about another", async () => {
    await expect(provider.check!("urn:pulumi:dev::proj::govai:powerplatform:Nope::r", {}, {})).rejects.toThrow(
      'unknown resource type "govai:powerplatform:Nope"; this provider serves govai:powerplatform:Environment, govai:powerplatform:ManagedEnvironment, govai:powerplatform:DataPolicy, govai:powerplatform:EnvironmentSettings, govai:powerplatform:ApplicationUser, govai:powerplatform:CopilotTelemetry, govai:powerplatform:AdminApplication',
    );
  });
});

describe("diff", () => {
  const base = {
    displayName: "Claims (dev)",
    description: "",
    environmentType: "Sandbox",
    location: "europe",
    azureRegion: "westeurope",
    dataverse: { language: 1033, currency: "EUR", domain: "claims-dev" },
  };
  const state = {
    ...base,
    environmentId: ENV,
    dataverseUrl: "https://x/",
    organizationId: "o",
    tenantId: "t",
    state: "Ready",
  };
  const cases: Array<[string, Record<string, unknown>, ReturnType<typeof computeDiff>]> = [
    ["nothing", base, { changes: false, changed: [], replaces: [], deleteBeforeReplace: false }],
    [
      "the type (in place, modifySku)",
      { ...base, environmentType: "Production" },
      { changes: true, changed: ["environmentType"], replaces: [], deleteBeforeReplace: false },
    ],
    [
      "the domain (in place, rename)",
      { ...base, dataverse: { ...base.dataverse, domain: "claims-dev2" } },
      { changes: true, changed: ["dataverse"], replaces: [], deleteBeforeReplace: false },
    ],
    [
      "the currency (replaces; the domain stays, so delete first)",
      { ...base, dataverse: { ...base.dataverse, currency: "USD" } },
      { changes: true, changed: ["dataverse"], replaces: ["dataverse"], deleteBeforeReplace: true },
    ],
    [
      "the location and the domain (replace, create first)",
      { ...base, location: "unitedstates", dataverse: { ...base.dataverse, domain: "claims-us" } },
      { changes: true, changed: ["location", "dataverse"], replaces: ["location"], deleteBeforeReplace: false },
    ],
    [
      "the cloud",
      { ...base, cloud: "gcc" },
      { changes: true, changed: ["cloud"], replaces: ["cloud"], deleteBeforeReplace: true },
    ],
    [
      "an unknown display name",
      { ...base, displayName: UNKNOWN },
      { changes: true, changed: ["displayName"], replaces: [], deleteBeforeReplace: false },
    ],
    [
      "an unknown Dataverse block (may replace)",
      { ...base, dataverse: UNKNOWN },
      { changes: true, changed: ["dataverse"], replaces: ["dataverse"], deleteBeforeReplace: false },
    ],
  ];
  it("takes the program's currency when Read could not learn it (the organisation names no base currency)", () => {
    const imported = { ...state, dataverse: { language: 1033, domain: "claims-dev" } };
    expect(computeDiff("Environment", imported, base)).toEqual({
      changes: false,
      changed: [],
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it.each(cases)("Environment: %s", (_what, news, expected) => {
    expect(computeDiff("Environment", state, news)).toEqual(expected);
  });

  it("compares secrets by value and reports replacements over gRPC's fields only", async () => {
    const tel = {
      environmentId: ENV,
      botId: "bot",
      logActivities: true,
      logActions: true,
      logSensitiveActivity: false,
    };
    const same = await provider.diff!(
      "id",
      urn("CopilotTelemetry"),
      { ...tel, connectionString: secret("a") },
      { ...tel, connectionString: secret("a") },
    );
    expect(same).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    const bot = await provider.diff!(
      "id",
      urn("CopilotTelemetry"),
      { ...tel, connectionString: secret("a") },
      { ...tel, botId: "b2", connectionString: secret("b") },
    );
    expect(bot).toEqual({ changes: true, replaces: ["botId"], deleteBeforeReplace: false });
  });

  it("replaces an application user on a new application id, and changes roles in place", () => {
    const old = { environmentId: ENV, applicationId: SG, roles: ["Basic User"], systemUserId: "u", adopted: false };
    expect(
      computeDiff("ApplicationUser", old, {
        environmentId: ENV,
        applicationId: SG,
        roles: ["Basic User", "Environment Maker"],
      }),
    ).toEqual({
      changes: true,
      changed: ["roles"],
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(
      computeDiff("ApplicationUser", old, { environmentId: ENV, applicationId: ENV, roles: ["Basic User"] }).replaces,
    ).toEqual(["applicationId"]);
  });
});
