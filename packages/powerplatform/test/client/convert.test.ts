/** Pure converter and parser tables: the API's quirks stop at these borders. */
import { describe, expect, it } from "vitest";
import { parseClaimsChallenge } from "../../src/client/auth.ts";
import { CLOUD_PROFILES, resolveEndpoints } from "../../src/client/clouds.ts";
import { readEnum, readOptionalId, readStringBoolean, readStringInteger } from "../../src/client/common.convert.ts";
import { errorFields, parseGoDuration, parseRetryAfter } from "../../src/client/http.ts";
import { checkOwnerKey, ownerKey } from "../../src/client/owner-key.ts";
import type { DlpPolicyInput } from "../../src/client/types.ts";
import { mergeConnectors } from "../../src/services/connectors/convert.ts";
import {
  dlpOwnerKey,
  formatDlpOwnershipMarker,
  fromWireClassification,
  fromWireDlpPolicy,
  fromWireUrlClassification,
  fullConnectorId,
  parseDlpOwnershipMarker,
  toWireClassification,
  toWireDlpPolicy,
  toWireUrlClassification,
} from "../../src/services/data-policy/convert.ts";
import type { WireDlpPolicy } from "../../src/services/data-policy/wire.ts";
import {
  fromWireEnvironment,
  normaliseDomain,
  toWireEnvironmentCreate,
  toWireEnvironmentPatch,
} from "../../src/services/environment/convert.ts";
import { fromWireOrganization, toWireOrganizationPatch } from "../../src/services/environment-settings/convert.ts";
import {
  toManagedEnvironmentSettings,
  toWireExtendedSettings,
} from "../../src/services/managed-environment/convert.ts";
import { changedTenantSettings, pickTenantSettings } from "../../src/services/tenant-settings/convert.ts";

const ZERO = "00000000-0000-0000-0000-000000000000";
const GROUP = "3b2a1c0d-0000-4000-8000-0000000000e1";

describe("DLP classification names (the mapping TF once inverted)", () => {
  it.each([
    ["business", "Confidential"],
    ["nonBusiness", "General"],
    ["blocked", "Blocked"],
  ] as const)("%s ↔ %s", (group, wire) => {
    expect(toWireClassification(group)).toEqual(wire);
    expect(fromWireClassification(wire)).toEqual(group);
    expect(fromWireClassification(wire.toUpperCase())).toEqual(group);
  });

  it("custom-connector rules add Ignore", () => {
    expect(toWireUrlClassification("ignore")).toEqual("Ignore");
    expect(fromWireUrlClassification("Ignore")).toEqual("ignore");
    expect(fromWireUrlClassification("Confidential")).toEqual("business");
  });

  it("an unknown classification is a clear error", () => {
    expect(() => fromWireClassification("Business")).toThrow(
      'unknown DLP classification "Business"; expected Confidential, General or Blocked',
    );
  });

  it.each([
    ["shared_sharepointonline", "/providers/Microsoft.PowerApps/apis/shared_sharepointonline"],
    ["/providers/Microsoft.PowerApps/apis/shared_x", "/providers/Microsoft.PowerApps/apis/shared_x"],
    ["Http", "Http"],
    ["PvaAuth", "PvaAuth"],
  ])("connector id %s → %s", (input, full) => {
    expect(fullConnectorId(input)).toEqual(full);
  });

  it("reads endPoint and endpoint, sorts endpoint and URL rules by order", () => {
    const policy = fromWireDlpPolicy({
      policyDefinition: {
        name: "p1",
        displayName: "p",
        defaultConnectorsClassification: "General",
        environmentType: "ExceptEnvironments",
        environments: [
          { name: "e1", id: "/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments/e1", type: "t" },
        ],
        connectorGroups: [
          {
            classification: "Blocked",
            connectors: [
              { id: "b", name: "b", type: "t" },
              { id: "a", name: "a", type: "t" },
            ],
          },
        ],
      },
      connectorConfigurationsDefinition: {
        endpointConfigurations: [
          {
            connectorId: "Http",
            endpointRules: [
              { order: 2, behavior: "Deny", endPoint: "*" },
              { order: 1, behavior: "Allow", endpoint: "https://a.example" },
            ],
          },
        ],
      },
      customConnectorUrlPatternsDefinition: {
        rules: [
          { order: 2, customConnectorRuleClassification: "Blocked", pattern: "*" },
          { order: 1, customConnectorRuleClassification: "General", pattern: "https://x" },
        ],
      },
    });
    expect(policy).toEqual({
      id: "p1",
      displayName: "p",
      defaultGroup: "nonBusiness",
      environments: { kind: "except", environmentIds: ["e1"] },
      business: [],
      nonBusiness: [],
      blocked: ["a", "b"],
      endpointRules: {
        Http: [
          { behavior: "allow", endpoint: "https://a.example" },
          { behavior: "deny", endpoint: "*" },
        ],
      },
      actionRules: {},
      customConnectorPatterns: [
        { order: 1, classification: "nonBusiness", pattern: "https://x" },
        { order: 2, classification: "blocked", pattern: "*" },
      ],
      etag: undefined,
      createdTime: undefined,
      lastModifiedTime: undefined,
    });
  });
});

/**
 * The recorded read of a created policy, as the Terraform provider's fixture
 * `internal/services/dlp_policy/tests/resource/Validate_Create/get_policy_00000000-0000-0000-0000-000000000001.json`
 * has it (connector groups shortened to one connector each, as recorded): the URL rules end with `{Ignore, "*"}`.
 */
const RECORDED_CREATE: WireDlpPolicy = {
  policyDefinition: {
    name: "00000000-0000-0000-0000-000000000001",
    displayName: "Block All Policy",
    defaultConnectorsClassification: "Blocked",
    connectorGroups: [
      {
        classification: "Confidential",
        connectors: [
          {
            id: "/providers/Microsoft.PowerApps/apis/shared_sharepointonline",
            name: "shared_sharepointonline",
            type: "Microsoft.PowerApps/apis",
          },
        ],
      },
      {
        classification: "General",
        connectors: [
          {
            id: "/providers/Microsoft.PowerApps/apis/shared_sql",
            name: "shared_sql",
            type: "Microsoft.PowerApps/apis",
          },
        ],
      },
      {
        classification: "Blocked",
        connectors: [
          {
            id: "/providers/Microsoft.PowerApps/apis/shared_azureblob",
            name: "shared_azureblob",
            type: "Microsoft.PowerApps/apis",
          },
        ],
      },
    ],
    environmentType: "OnlyEnvironments",
    environments: [
      {
        id: "/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments/00000000-0000-0000-0000-000000000000",
        name: "00000000-0000-0000-0000-000000000000",
        type: "Microsoft.BusinessAppPlatform/scopes/environments",
      },
    ],
    createdBy: { displayName: "createdBy" },
    createdTime: "createdTime",
    lastModifiedBy: { displayName: "lastModifiedBy" },
    lastModifiedTime: "lastModifiedTime",
    etag: "etag",
    isLegacySchemaVersion: false,
  },
  connectorConfigurationsDefinition: {
    connectorActionConfigurations: [
      {
        connectorId: "/providers/Microsoft.PowerApps/apis/shared_sql",
        actionRules: [
          { actionId: "DeleteItem_V2", behavior: "Block" },
          { actionId: "ExecutePassThroughNativeQuery_V2", behavior: "Block" },
        ],
        defaultConnectorActionRuleBehavior: "Allow",
      },
    ],
    endpointConfigurations: [
      {
        connectorId: "/providers/Microsoft.PowerApps/apis/shared_sql",
        endpointRules: [
          { order: 1, behavior: "Allow", endPoint: "contoso.com" },
          { order: 2, behavior: "Deny", endPoint: "*" },
        ],
      },
    ],
  },
  customConnectorUrlPatternsDefinition: {
    rules: [
      { order: 1, customConnectorRuleClassification: "Blocked", pattern: "https://*.contoso.com" },
      { order: 2, customConnectorRuleClassification: "Ignore", pattern: "*" },
    ],
  },
};

const MARKER = { owner: "7c7e05bef7df73e1bdd9a620", incarnation: "0badc0de" };
const markerRule = {
  order: 1,
  customConnectorRuleClassification: "Blocked",
  pattern: "https://govai-7c7e05bef7df73e1bdd9a620-0badc0de.invalid",
};
const minimalInput: DlpPolicyInput = {
  displayName: "agents-dev-dlp",
  defaultGroup: "blocked",
  environments: { kind: "all" },
  business: [],
  nonBusiness: [],
  blocked: [],
  endpointRules: {},
  actionRules: {},
  customConnectorPatterns: [
    { order: 2, classification: "blocked", pattern: "*" },
    { order: 1, classification: "business", pattern: "https://*.contoso.com" },
  ],
};

describe("DLP ownership marker and the recorded read-back", () => {
  it("reads the recorded create: the service's trailing {Ignore, *} rule is reported as it is, and no marker", () => {
    const policy = fromWireDlpPolicy(RECORDED_CREATE);
    expect(policy.customConnectorPatterns).toEqual([
      { order: 1, classification: "blocked", pattern: "https://*.contoso.com" },
      { order: 2, classification: "ignore", pattern: "*" },
    ]);
    expect([policy.ownership, policy.createdBy, policy.createdTime, policy.etag]).toEqual([
      undefined,
      "createdBy",
      "createdTime",
      "etag",
    ]);
    expect(policy.endpointRules).toEqual({
      "/providers/Microsoft.PowerApps/apis/shared_sql": [
        { behavior: "allow", endpoint: "contoso.com" },
        { behavior: "deny", endpoint: "*" },
      ],
    });
  });

  it("the owner key is the first 24 hex digits of the seed's SHA-256: stable per URN, different for another", () => {
    const urn = "urn:pulumi:dev::agents::govai:powerplatform:DataPolicy::agents-dev-dlp";
    expect(dlpOwnerKey(urn)).toEqual("7c7e05bef7df73e1bdd9a620");
    expect(dlpOwnerKey(urn.replace("dev::", "prod::"))).not.toEqual(dlpOwnerKey(urn));
    expect(() => dlpOwnerKey("")).toThrow("the seed of an owner key must not be empty");
    // One helper for every create that writes an owner key: DLP's name is the shared function.
    expect(dlpOwnerKey).toBe(ownerKey);
    expect(() => checkOwnerKey("urn:pulumi:x", "ownerKey")).toThrow(
      'ownerKey is 24 lower-case hex digits (see ownerKey); got "urn:pulumi:x"',
    );
    expect(checkOwnerKey("7c7e05bef7df73e1bdd9a620", "ownerKey")).toEqual("7c7e05bef7df73e1bdd9a620");
  });

  it.each([
    ["7c7e05bef7df73e1bdd9a620-0badc0de", MARKER],
    ["7c7e05bef7df73e1bdd9a620", undefined],
    ["7C7E05BEF7DF73E1BDD9A620-0BADC0DE", undefined],
    ["7c7e05bef7df73e1bdd9a620-0badc0de-1", undefined],
    [42, undefined],
  ])("parseDlpOwnershipMarker(%s)", (text, marker) => {
    expect(parseDlpOwnershipMarker(text)).toEqual(marker);
  });

  it("writes the marker as the first URL rule, shifting the caller's rules, and reads it back out", () => {
    const wire = toWireDlpPolicy({ ...minimalInput, ownership: MARKER });
    expect(wire.customConnectorUrlPatternsDefinition).toEqual({
      rules: [
        markerRule,
        { order: 2, customConnectorRuleClassification: "Confidential", pattern: "https://*.contoso.com" },
        { order: 3, customConnectorRuleClassification: "Blocked", pattern: "*" },
      ],
    });
    const read = fromWireDlpPolicy({ ...wire, policyDefinition: { ...wire.policyDefinition, name: "p1" } });
    expect(read.ownership).toEqual(MARKER);
    expect(formatDlpOwnershipMarker(MARKER)).toEqual("7c7e05bef7df73e1bdd9a620-0badc0de");
    expect(read.customConnectorPatterns).toEqual([
      { order: 1, classification: "business", pattern: "https://*.contoso.com" },
      { order: 2, classification: "blocked", pattern: "*" },
    ]);
  });

  it("a marker alone still sends the URL block; without one and without rules the block is left out", () => {
    const only = toWireDlpPolicy({ ...minimalInput, customConnectorPatterns: [], ownership: MARKER });
    expect(only.customConnectorUrlPatternsDefinition).toEqual({ rules: [markerRule] });
    const none = toWireDlpPolicy({ ...minimalInput, customConnectorPatterns: [] });
    expect(none.customConnectorUrlPatternsDefinition).toBeUndefined();
  });

  it("a marker rule an admin reclassified is no longer ours: it stays visible and proves nothing", () => {
    const read = fromWireDlpPolicy({
      ...RECORDED_CREATE,
      customConnectorUrlPatternsDefinition: {
        rules: [
          { ...markerRule, customConnectorRuleClassification: "General" },
          { order: 2, customConnectorRuleClassification: "Ignore", pattern: "*" },
        ],
      },
    });
    expect(read.ownership).toBeUndefined();
    expect(read.customConnectorPatterns).toEqual([
      { order: 1, classification: "nonBusiness", pattern: markerRule.pattern },
      { order: 2, classification: "ignore", pattern: "*" },
    ]);
  });

  it("refuses a caller pattern on a govai-….invalid host and a malformed marker, before anything is sent", () => {
    expect(() =>
      toWireDlpPolicy({
        ...minimalInput,
        customConnectorPatterns: [{ order: 1, classification: "business", pattern: "https://govai-x.invalid" }],
      }),
    ).toThrow(
      'custom-connector pattern "https://govai-x.invalid" is reserved for govai\'s ownership marker; use another host',
    );
    expect(() => toWireDlpPolicy({ ...minimalInput, ownership: { owner: "urn:pulumi:x" } })).toThrow(
      'a DLP owner key is 24 lower-case hex digits (see dlpOwnerKey); got "urn:pulumi:x"',
    );
    expect(() => toWireDlpPolicy({ ...minimalInput, ownership: { ...MARKER, incarnation: "x" } })).toThrow(
      'a DLP incarnation is 8 lower-case hex digits; got "x"',
    );
  });
});

describe("zero GUIDs, string booleans, enum drift", () => {
  it.each([
    [undefined, undefined],
    [null, undefined],
    ["", undefined],
    [ZERO, undefined],
    [GROUP, GROUP],
  ])("readOptionalId(%s) = %s", (input, output) => {
    expect(readOptionalId(input)).toEqual(output);
  });

  it.each([
    ["true", true],
    ["True", true],
    ["false", false],
    [undefined, true],
    ["yes", true],
  ])("readStringBoolean(%s, true) = %s", (input, output) => {
    expect(readStringBoolean(input, true)).toEqual(output);
  });

  it.each([
    ["20", 20],
    ["-1", -1],
    ["x", 5],
    [undefined, 5],
  ])("readStringInteger(%s, 5) = %s", (input, output) => {
    expect(readStringInteger(input, 5)).toEqual(output);
  });

  it.each([
    ["NoLimit", "noLimit"],
    ["EXCLUDESHARINGTOSECURITYGROUPS", "excludeSharingToSecurityGroups"],
    ["unknown", "noLimit"],
  ])("readEnum(%s) = %s", (input, output) => {
    expect(readEnum(input, ["noLimit", "excludeSharingToSecurityGroups"] as const, "noLimit")).toEqual(output);
  });
});

describe("environment converters", () => {
  it.each([
    ["Contoso-Dev", "contoso-dev"],
    [" agents ", "agents"],
  ])("normaliseDomain(%s) = %s", (input, output) => {
    expect(normaliseDomain(input)).toEqual(output);
  });

  it.each(["", "-a", "a-", "a_b", "x".repeat(64)])("normaliseDomain refuses %j", (input) => {
    expect(() => normaliseDomain(input)).toThrow(/^invalid Dataverse domain/);
  });

  it("the create body leaves out group, billing policy and cluster when unset; the zero GUID never goes out as a group", () => {
    const base = { displayName: "d", type: "Sandbox" as const, location: "europe" };
    expect(
      toWireEnvironmentCreate({ ...base, environmentGroupId: ZERO, billingPolicyId: "" }, CLOUD_PROFILES.public),
    ).toEqual({
      location: "europe",
      properties: { displayName: "d", environmentSku: "Sandbox" },
    });
    expect(
      toWireEnvironmentCreate(
        { ...base, environmentGroupId: GROUP, earlyRelease: true, updateCadence: "Frequent" },
        CLOUD_PROFILES.gcc,
      ),
    ).toEqual({
      location: "europe",
      properties: {
        displayName: "d",
        environmentSku: "Sandbox",
        parentEnvironmentGroup: { id: GROUP },
        cluster: { category: "GovFR" },
        updateCadence: { id: "Frequent" },
      },
    });
  });

  it("AI switches are public-cloud only", () => {
    const input = { displayName: "d", type: "Sandbox" as const, location: "usgov", ai: { bingSearch: false } };
    expect(() => toWireEnvironmentCreate(input, CLOUD_PROFILES.gcc)).toThrow(
      "generative-AI settings (ai.*) are only accepted in the public cloud, not in gcc",
    );
    expect(toWireEnvironmentCreate(input, CLOUD_PROFILES.public).properties.bingChatEnabled).toEqual(false);
  });

  it("on PATCH, null means the zero GUID (remove from the group, detach the policy)", () => {
    expect(toWireEnvironmentPatch({ environmentGroupId: null, billingPolicyId: null, securityGroupId: null })).toEqual({
      properties: {
        parentEnvironmentGroup: { id: ZERO },
        billingPolicy: { id: ZERO },
        linkedEnvironmentMetadata: { securityGroupId: ZERO },
      },
    });
    expect(toWireEnvironmentPatch({ ai: { bingSearch: true } })).toBeUndefined();
  });

  it("reads empty and zero ids as none, upper-case domains as lower-case, and no Dataverse without an instance URL", () => {
    const env = fromWireEnvironment({
      name: "e1",
      location: "europe",
      properties: {
        displayName: "d",
        environmentSku: "Production",
        billingPolicy: { id: ZERO },
        parentEnvironmentGroup: { id: "" },
        governanceConfiguration: { protectionLevel: "Standard", settings: null },
        linkedEnvironmentMetadata: {
          domainName: "Contoso",
          instanceUrl: "https://contoso.crm4.dynamics.com/",
          securityGroupId: "",
        },
      },
    });
    expect(env).toMatchObject({
      id: "e1",
      billingPolicyId: undefined,
      environmentGroupId: undefined,
      managed: true,
      governance: undefined,
      dataverse: { domain: "contoso", securityGroupId: undefined, url: "https://contoso.crm4.dynamics.com/" },
    });
    expect(
      fromWireEnvironment({ name: "e2", properties: { linkedEnvironmentMetadata: { domainName: "x" } } })?.dataverse,
    ).toBeUndefined();
    expect(fromWireEnvironment({})).toBeUndefined();
  });
});

describe("managed-environment settings", () => {
  it("reads the drifted casing and round-trips", () => {
    const wire = {
      excludeEnvironmentFromAnalysis: "True",
      isGroupSharingDisabled: "false",
      limitSharingMode: "NoLimit",
      maxLimitUserSharing: "-1",
      solutionCheckerMode: "Warn",
      solutionCheckerRuleOverrides: "a-rule, b-rule",
      suppressValidationEmails: "false",
      "bot-limitSharingMode": "DisableSharing",
      "bot-authoringSharingDisabled": "true",
      "bot-maxLimitUserSharing": "5",
      makerOnboardingMarkdown: "# Welcome",
      someFutureKey: "x",
    };
    const read = toManagedEnvironmentSettings(wire);
    expect(read).toEqual({
      sharing: {
        apps: { groupSharingDisabled: false, mode: "noLimit", maxUsers: -1 },
        flows: undefined,
        agents: { editorSharingDisabled: true, mode: "disableSharing", maxViewers: 5 },
      },
      solutionChecker: { mode: "warn", ruleOverrides: ["a-rule", "b-rule"], suppressValidationEmails: false },
      usageInsights: false,
      makerWelcome: { markdown: "# Welcome", url: undefined },
      other: { someFutureKey: "x" },
    });
    expect(toWireExtendedSettings(read)).toEqual({
      someFutureKey: "x",
      excludeEnvironmentFromAnalysis: "true",
      includeOnHomepageInsights: "false",
      isGroupSharingDisabled: "false",
      limitSharingMode: "noLimit",
      maxLimitUserSharing: "-1",
      solutionCheckerMode: "warn",
      solutionCheckerRuleOverrides: "a-rule,b-rule",
      suppressValidationEmails: "false",
      disableAiGeneratedDescriptions: "false",
      "bot-authoringSharingDisabled": "true",
      "bot-limitSharingMode": "disableSharing",
      "bot-maxLimitUserSharing": "5",
      makerOnboardingMarkdown: "# Welcome",
    });
  });
});

describe("Retry-After, Go durations, error bodies, CAE challenges", () => {
  const now = Date.UTC(2026, 0, 1, 10);
  it.each([
    ["7", 7_000],
    ["0", 0],
    ["1.5", 1_500],
    ["5s", 5_000],
    ["300ms", 300],
    ["1m30s", 90_000],
    ["1h", 3_600_000],
    ["Thu, 01 Jan 2026 10:00:30 GMT", 30_000],
    ["Thu, 01 Jan 2026 09:00:00 GMT", 0],
    ["soon", undefined],
    ["", undefined],
  ])("parseRetryAfter(%j) = %s", (value, ms) => {
    expect(parseRetryAfter(value, now)).toEqual(ms);
  });

  it("parseRetryAfter(null) is undefined and Go durations reject junk", () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseGoDuration("5x")).toBeUndefined();
  });

  it.each([
    [{ error: { code: "EnvironmentNotFound", message: "gone" } }, { code: "EnvironmentNotFound", message: "gone" }],
    [{ error: { errorCode: "E1", errorName: "N1", message: "m" } }, { code: "E1", message: "m" }],
    [{ error: { message: "only text" } }, { code: undefined, message: "only text" }],
    ["not json", { code: undefined, message: undefined }],
  ])("errorFields(%j)", (body, fields) => {
    expect(errorFields(body)).toEqual(fields);
  });

  it("decodes a base64 claims challenge and ignores other 401s", () => {
    const claims = '{"access_token":{"nbf":{"essential":true}}}';
    const header = `Bearer realm="", error="insufficient_claims", claims="${Buffer.from(claims).toString("base64")}"`;
    expect(parseClaimsChallenge(header)).toEqual(claims);
    expect(parseClaimsChallenge('Bearer error="invalid_token"')).toBeUndefined();
    expect(parseClaimsChallenge(null)).toBeUndefined();
  });
});

describe("clouds", () => {
  it("resolves overrides and refuses bad URLs", () => {
    expect(resolveEndpoints("gcc", { ppapi: "http://127.0.0.1:1/ppapi/" })).toEqual({
      bapi: "https://gov.api.bap.microsoft.us",
      powerApps: "https://gov.api.powerapps.us",
      ppapi: "http://127.0.0.1:1/ppapi",
    });
    expect(() => resolveEndpoints("gcc", { bapi: "nope" })).toThrow(
      'endpoints.bapi must be an absolute http(s) URL, got "nope"',
    );
    expect(() => resolveEndpoints("mars" as "gcc", {})).toThrow(
      'unknown cloud "mars"; expected one of public, gcc, gcchigh, dod, china',
    );
  });
});

describe("Dataverse, tenant settings, connectors", () => {
  it("organisation settings: lists are comma-separated, only given fields are written", () => {
    expect(
      toWireOrganizationPatch({
        firewall: { allowedRanges: ["10.0.0.0/8"], reverseProxyIps: [] },
        cookieBinding: false,
      }),
    ).toEqual({
      allowediprangeforfirewall: "10.0.0.0/8",
      reverseproxyipaddresses: "",
      enableipbasedcookiebinding: false,
    });
    expect(
      fromWireOrganization({
        organizationid: "o",
        allowediprangeforfirewall: "1.2.3.4/32, 10.0.0.0/8",
        allowedservicetagsforfirewall: null,
      }),
    ).toEqual({
      organizationId: "o",
      // Neither retention column in the row: the organisation default, never -1 (forever).
      auditing: { enabled: false, userAccessAudit: false, readAudit: false, retentionDays: 30 },
      firewall: {
        enabled: false,
        auditMode: false,
        allowedRanges: ["1.2.3.4/32", "10.0.0.0/8"],
        serviceTags: [],
        allowMicrosoftTrustedServices: false,
        allowApplicationUsers: false,
        reverseProxyIps: [],
      },
      cookieBinding: false,
    });
  });

  // A new organisation's row as the real service answers it (v2 null, legacy 30), recorded by the Terraform
  // provider: internal/services/environment_settings/tests/resources/Validate_Create_Empty_Settings/get_organisations_1.json;
  // an organisation set to keep forever: internal/services/environment_settings/tests/datasource/organisations.json.
  it("audit retention read: v2 when set, else the legacy column; null is never -1", () => {
    const days = (row: object) => fromWireOrganization({ organizationid: "o", ...row }).auditing.retentionDays;
    expect(days({ auditretentionperiodv2: null, auditretentionperiod: 30 })).toEqual(30);
    expect(days({ auditretentionperiodv2: -1, auditretentionperiod: 30 })).toEqual(-1);
    expect(days({ auditretentionperiodv2: 365, auditretentionperiod: 30 })).toEqual(365);
    expect(days({ auditretentionperiodv2: null, auditretentionperiod: 90 })).toEqual(90);
    expect(days({ auditretentionperiodv2: null })).toEqual(30);
  });

  it("audit retention write: 30–24855 or -1 from a caller; 30 is the default, written by clearing v2", () => {
    const patch = (retentionDays: number, options: Parameters<typeof toWireOrganizationPatch>[1] = {}) =>
      toWireOrganizationPatch({ auditing: { retentionDays } }, options);
    const newOrg = { organizationid: "o", auditretentionperiodv2: null, auditretentionperiod: 30 };
    const setOrg = { organizationid: "o", auditretentionperiodv2: 365, auditretentionperiod: 30 };
    expect(() => patch(29)).toThrow(
      "auditing.retentionDays must be an integer from 30 (the organisation's default) to 24855, or -1 to keep forever; got 29",
    );
    expect(() => patch(24856)).toThrow("got 24856");
    expect(patch(31)).toEqual({ auditretentionperiodv2: 31 });
    expect(patch(-1)).toEqual({ auditretentionperiodv2: -1 });
    expect(patch(30)).toEqual({ auditretentionperiodv2: null });
    expect(patch(30, { current: setOrg })).toEqual({ auditretentionperiodv2: null });
    // Already the default: nothing to write.
    expect(patch(30, { current: newOrg })).toEqual({});
    // The default of this organisation is not 30, so 30 cannot be kept as the default.
    expect(() => patch(30, { current: { ...newOrg, auditretentionperiod: 90 } })).toThrow(
      "auditing.retentionDays 30 is kept as the organisation's default retention, and this organisation's default (auditretentionperiod) is 90 days; choose 31 to 24855, or -1",
    );
  });

  it("audit retention restore (read back): any whole number as read, 30 back to not set, never a -1 it did not read", () => {
    const restore = (retentionDays: number, current: object) =>
      toWireOrganizationPatch({ auditing: { retentionDays } }, { readBack: true, current: current as never });
    const setOrg = { organizationid: "o", auditretentionperiodv2: 365, auditretentionperiod: 30 };
    expect(restore(30, setOrg)).toEqual({ auditretentionperiodv2: null });
    expect(restore(7, setOrg)).toEqual({ auditretentionperiodv2: 7 });
    expect(restore(-1, setOrg)).toEqual({ auditretentionperiodv2: -1 });
    // v2 held 30 itself (the default was 90): it goes back as read.
    expect(restore(30, { ...setOrg, auditretentionperiod: 90 })).toEqual({ auditretentionperiodv2: 30 });
    expect(() => restore(30.5, setOrg)).toThrow(
      "auditing.retentionDays must be a whole number of days as read back; got 30.5",
    );
  });

  it("tenant settings: only differing leaves are written; a snapshot picks the managed keys", () => {
    const current = { a: true, b: false, nested: { x: 1, y: 2 }, other: "kept" };
    expect(changedTenantSettings(current, { a: true, nested: { x: 1, y: 3 } })).toEqual({ nested: { y: 3 } });
    expect(changedTenantSettings(current, { a: true })).toBeUndefined();
    expect(pickTenantSettings(current, { b: true, nested: { y: 0 } })).toEqual({ b: false, nested: { y: 2 } });
  });

  it("connectors: virtual ids join the catalogue, unblockable ones are marked", () => {
    expect(
      mergeConnectors(
        [
          {
            name: "shared_x",
            id: "/providers/Microsoft.PowerApps/apis/shared_x",
            properties: { displayName: "X", tier: "Standard" },
          },
        ],
        [{ id: "/providers/Microsoft.PowerApps/apis/shared_x", metadata: { unblockable: true } }],
        [{ id: "Http", metadata: { virtualConnector: true, displayName: "HTTP" } }],
      ),
    ).toEqual([
      {
        id: "/providers/Microsoft.PowerApps/apis/shared_x",
        name: "shared_x",
        displayName: "X",
        tier: "Standard",
        publisher: undefined,
        virtual: false,
        unblockable: true,
      },
      {
        id: "Http",
        name: "Http",
        displayName: "HTTP",
        tier: undefined,
        publisher: undefined,
        virtual: true,
        unblockable: false,
      },
    ]);
  });
});
