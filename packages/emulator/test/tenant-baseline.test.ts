/**
 * The tenant-baseline services: pay-as-you-go billing policies (licensing), legacy environment-group rule sets and
 * removing an environment from its group (tenant-scoped PPAPI), and the tenant-settings document against the one the
 * service returned to the Terraform provider.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, tenantHostLabel } from "../src/index.ts";
import { BAP, call, client, createEnvironment, id, NOW, start, token } from "./support.ts";

let emulator: Emulator;
let ppapiToken: string;
beforeEach(async () => {
  emulator = await start();
  ppapiToken = await token("https://api.powerplatform.com/.default");
});
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

const pp = (method: string, path: string, version: string, body?: unknown) =>
  call(method, `${emulator.endpoints.ppapi}${path}${path.includes("?") ? "&" : "?"}api-version=${version}`, {
    token: ppapiToken,
    body,
  });
const LICENSING = "2022-03-01-preview";
const lic = (method: string, path: string, body?: unknown) => pp(method, `/licensing${path}`, LICENSING, body);
/** The tenant-scoped host of the default tenant, as a path under the PPAPI prefix. */
const TENANT = "/tenant/4f6c7b1e0d3a4c559e1a7a1c2b3d4e.5f";
const RULES = "2021-10-01-preview";

const SUB = "0f0f0f0f-0000-4000-8000-000000000a01";
const createBody = {
  location: "europe",
  name: "copilot-pilots",
  status: "Enabled",
  billingInstrument: { resourceGroup: "rg-pp-billing", subscriptionId: SUB },
};

/** The policy as the service returns it (the shape of the provider's Validate_Create/post_billing_policy.json). */
function policy(n: number, status: string, name = "copilot-pilots") {
  return {
    id: id(n),
    name,
    type: "TenantOwned",
    status,
    location: "europe",
    billingInstrument: {
      id: `/subscriptions/${SUB}/resourceGroups/rg-pp-billing/providers/Microsoft.PowerPlatform/accounts/copilot-pilots`,
      subscriptionId: SUB,
      resourceGroup: "rg-pp-billing",
    },
    createdOn: NOW,
    createdBy: { id: "00000000-0000-4000-8000-0000000000a1", type: "ServicePrincipal" },
    lastModifiedOn: NOW,
    lastModifiedBy: { id: "00000000-0000-4000-8000-0000000000a1", type: "ServicePrincipal" },
  };
}

describe("billing policies", () => {
  // internal/services/licensing/resource_billing_policy_test.go: POST …/BillingPolicies → 201, GET → 200, PUT → 200,
  // DELETE → 204; Validate_Create_WithoutFinalStatusInPostResponse: the POST says Provisioning, the GET Enabled.
  it("create answers 201 Provisioning, the next GET the requested status; list, update (name, status), delete 204", async () => {
    const created = await lic("POST", "/BillingPolicies", createBody);
    const principal = created.body as { createdBy: { id: string } };
    const who = principal.createdBy.id;
    const expected = (status: string, name?: string) => {
      const p = policy(1, status, name);
      p.createdBy.id = who;
      p.lastModifiedBy.id = who;
      return p;
    };
    expect(created).toMatchObject({ status: 201, body: expected("Provisioning") });
    expect(await lic("GET", `/billingPolicies/${id(1)}`)).toMatchObject({ status: 200, body: expected("Enabled") });
    expect((await lic("GET", "/billingPolicies")).body).toEqual({ value: [expected("Enabled")] });
    const updated = await lic("PUT", `/billingPolicies/${id(1)}`, { name: "pilots", status: "Disabled" });
    expect(updated).toMatchObject({ status: 200, body: expected("Disabled", "pilots") });
    expect(await lic("DELETE", `/BillingPolicies/${id(1)}`)).toMatchObject({ status: 204, body: undefined });
    // internal/services/licensing/test/resource/environments/Validate_Read_ParentDeleted/get_billing_policy.json
    expect(await lic("GET", `/billingPolicies/${id(1)}`)).toMatchObject({
      status: 404,
      body: { error: { code: "BillingPolicyNotFound", message: `The billing policy '${id(1)}' could not be found.` } },
    });
  });

  it("answers the final status at once with billingPolicyProvisioningReads 0 (Validate_Create/post_billing_policy.json)", async () => {
    emulator.config.timing.billingPolicyProvisioningReads = 0;
    expect(((await lic("POST", "/BillingPolicies", createBody)).body as { status: string }).status).toBe("Enabled");
  });

  it("refuses a bad create and a location change, changing nothing", async () => {
    const bad = await lic("POST", "/BillingPolicies", { ...createBody, billingInstrument: { resourceGroup: "rg" } });
    expect(bad).toMatchObject({
      status: 400,
      body: {
        error: {
          code: "InvalidRequestContent",
          message: "'billingInstrument' needs a GUID 'subscriptionId' and a non-empty 'resourceGroup'.",
        },
      },
    });
    expect(emulator.state.billingPolicies).toEqual({});
    await lic("POST", "/BillingPolicies", createBody);
    const moved = await lic("PUT", `/billingPolicies/${id(1)}`, { name: "x", status: "Enabled", location: "asia" });
    expect(moved.body).toEqual({
      error: {
        code: "InvalidRequestContent",
        message: `The location of billing policy '${id(1)}' cannot be changed (it is 'europe').`,
      },
    });
    expect(emulator.state.billingPolicies[id(1)]?.name).toBe("copilot-pilots");
  });

  // internal/services/licensing/resource_billing_policy_environment_test.go: add/remove → 200 with an empty body;
  // datasource/environments/get_environments_for_policy.json for the list's shape.
  it("links and unlinks environments; the environment record says which policy bills it", async () => {
    const env = await createEnvironment(emulator, "agents-dev");
    await lic("POST", "/BillingPolicies", createBody);
    const policyId = Object.keys(emulator.state.billingPolicies)[0] as string;
    const add = await lic("POST", `/billingPolicies/${policyId}/environments/add`, { environmentIds: [env] });
    expect(add).toMatchObject({ status: 200, body: undefined });
    expect((await lic("GET", `/billingPolicies/${policyId}/environments`)).body).toEqual({
      value: [{ billingPolicyId: policyId, environmentId: env }],
    });
    expect(emulator.state.environments[env]?.properties.billingPolicy).toEqual({ id: policyId });
    const remove = await lic("POST", `/billingPolicies/${policyId}/environments/remove`, { environmentIds: [env] });
    expect(remove).toMatchObject({ status: 200, body: undefined });
    expect((await lic("GET", `/billingPolicies/${policyId}/environments`)).body).toEqual({ value: [] });
    expect(emulator.state.environments[env]?.properties.billingPolicy).toBeUndefined();
    const missing = await lic("POST", `/billingPolicies/${policyId}/environments/add`, { environmentIds: [id(99)] });
    expect(missing).toMatchObject({
      status: 404,
      body: { error: { code: "EnvironmentNotFound", message: `The environment '${id(99)}' could not be found.` } },
    });
  });
});

/** The rule set the provider created (internal/services/environment_group_rule_set/tests/Validate_Create/post_rule_set.json, shortened). */
const PARAMETERS = [
  {
    type: "Sharing",
    resourceType: "App",
    value: [
      { id: "CanShareWithSecurityGroups", value: "excludeSharingToSecurityGroups" },
      { id: "IsGroupSharingDisabled", value: "true" },
      { id: "MaximumShareLimit", value: "42" },
    ],
    hasStagedChanges: true,
  },
  { type: "Lifecycle", resourceType: "NotSpecified", value: [{ id: "RetentionPeriod", value: "21.00:00:00" }] },
  { type: "SomethingNew", resourceType: "NotSpecified", value: [{ id: "x", value: "1" }] },
];

describe("environment-group rule sets (tenant-scoped PPAPI)", () => {
  async function group(): Promise<string> {
    const c = await client(emulator);
    return (
      (await c.bap("POST", `${BAP}/environmentGroups?api-version=2021-04-01`, { displayName: "dev" })).body as {
        id: string;
      }
    ).id;
  }

  it("the tenant host label is the id without dashes split 30 + 2 (reference §1.1)", () => {
    expect(tenantHostLabel("00000000-0000-0000-0000-000000000123")).toBe("000000000000000000000000000001.23");
  });

  // resource_environment_group_rule_set_test.go: GET …/environmentGroups/{id}/ruleSets 200 or 204, POST 201 whose
  // body carries only parameters (Validate_Create/post_rule_set.json), PUT …/ruleSets/{id} 200 (put_rule_set_1.json),
  // DELETE 200.
  it("204 before a rule set exists; POST 201 with only the parameters; GET, PUT and DELETE by rule-set id", async () => {
    const g = await group();
    expect(await pp("GET", `${TENANT}/governance/environmentGroups/${g}/ruleSets`, RULES)).toMatchObject({
      status: 204,
      body: undefined,
    });
    const created = await pp("POST", `${TENANT}/governance/environmentGroups/${g}/ruleSets`, RULES, {
      parameters: PARAMETERS,
    });
    expect(created).toMatchObject({ status: 201 });
    expect(created.body).toEqual({ parameters: PARAMETERS });
    const ruleSet = {
      parameters: PARAMETERS,
      id: id(2),
      lastModified: NOW,
      environmentFilter: { type: "Include", values: [{ id: g, type: "EnvironmentGroup" }] },
    };
    expect((await pp("GET", `${TENANT}/governance/environmentGroups/${g}/ruleSets`, RULES)).body).toEqual({
      value: [ruleSet],
    });
    const again = await pp("POST", `${TENANT}/governance/environmentGroups/${g}/ruleSets`, RULES, { parameters: [] });
    expect(again).toMatchObject({ status: 409, body: { error: { code: "RuleSetAlreadyExists" } } });
    const put = await pp("PUT", `${TENANT}/governance/ruleSets/${id(2)}`, RULES, {
      parameters: PARAMETERS.slice(0, 1),
    });
    expect(put).toMatchObject({ status: 200, body: { ...ruleSet, parameters: PARAMETERS.slice(0, 1) } });
    expect(await pp("DELETE", `${TENANT}/governance/ruleSets/${id(2)}`, RULES)).toMatchObject({
      status: 200,
      body: undefined,
    });
    expect((await pp("GET", `${TENANT}/governance/environmentGroups/${g}/ruleSets`, RULES)).status).toBe(204);
    expect(await pp("DELETE", `${TENANT}/governance/ruleSets/${id(2)}`, RULES)).toMatchObject({
      status: 404,
      body: { error: { code: "RuleSetNotFound", message: `The rule set '${id(2)}' could not be found.` } },
    });
  });

  it("refuses a retention outside 7/14/21/28 days and another tenant's host, storing nothing", async () => {
    const g = await group();
    const bad = await pp("POST", `${TENANT}/governance/environmentGroups/${g}/ruleSets`, RULES, {
      parameters: [
        { type: "Lifecycle", resourceType: "NotSpecified", value: [{ id: "RetentionPeriod", value: "10.00:00:00" }] },
      ],
    });
    expect(bad.body).toEqual({
      error: {
        code: "InvalidRequestContent",
        message: "RetentionPeriod must be 7, 14, 21 or 28 days ('<days>.00:00:00'); got '10.00:00:00'.",
      },
    });
    const other = await pp(
      "GET",
      `/tenant/000000000000000000000000000001.23/governance/environmentGroups/${g}/ruleSets`,
      RULES,
    );
    expect(other).toMatchObject({ status: 404, body: { error: { code: "TenantNotFound" } } });
    expect(emulator.state.environmentGroupRuleSets).toEqual({});
  });

  // internal/services/environment_groups/api_environment_group.go: removeEnvironment on the tenant host, api-version 1, 202.
  it("removeEnvironment takes a member out of its group (202); a non-member is refused", async () => {
    const g = await group();
    const env = await createEnvironment(emulator, "agents-dev", { parentEnvironmentGroup: { id: g } });
    const path = `${TENANT}/environmentmanagement/environmentGroups/${g}/removeEnvironment/${env}`;
    expect(await pp("POST", path, "1")).toMatchObject({ status: 202, body: undefined });
    expect(emulator.state.environments[env]?.properties.parentEnvironmentGroup).toBeUndefined();
    expect(await pp("POST", path, "1")).toMatchObject({
      status: 400,
      body: {
        error: {
          code: "EnvironmentNotInEnvironmentGroup",
          message: `The environment '${env}' is not in the environment group '${g}'.`,
        },
      },
    });
  });
});

/**
 * Every key of the document the service returned to the Terraform provider, with its JSON type:
 * internal/services/tenant_settings/tests/datasource/post_list_tenant_settings.json.
 */
const RECORDED_TENANT_SETTINGS: Record<string, string> = {
  walkMeOptOut: "boolean",
  disableNPSCommentsReachout: "boolean",
  disableNewsletterSendout: "boolean",
  disableEnvironmentCreationByNonAdminUsers: "boolean",
  disablePortalsCreationByNonAdminUsers: "boolean",
  disableSurveyFeedback: "boolean",
  disableTrialEnvironmentCreationByNonAdminUsers: "boolean",
  disableCapacityAllocationByEnvironmentAdmins: "boolean",
  disableSupportTicketsVisibleByAllUsers: "boolean",
  "powerPlatform.search.disableDocsSearch": "boolean",
  "powerPlatform.search.disableCommunitySearch": "boolean",
  "powerPlatform.search.disableBingVideoSearch": "boolean",
  "powerPlatform.teamsIntegration.shareWithColleaguesUserLimit": "number",
  "powerPlatform.powerApps.disableShareWithEveryone": "boolean",
  "powerPlatform.powerApps.enableGuestsToMake": "boolean",
  "powerPlatform.powerApps.disableMakerMatch": "boolean",
  "powerPlatform.powerApps.disableUnusedLicenseAssignment": "boolean",
  "powerPlatform.powerApps.disableCreateFromImage": "boolean",
  "powerPlatform.powerApps.disableCreateFromFigma": "boolean",
  "powerPlatform.powerApps.disableConnectionSharingWithEveryone": "boolean",
  "powerPlatform.powerAutomate.disableCopilot": "boolean",
  "powerPlatform.powerAutomate.disableCopilotWithBing": "boolean",
  "powerPlatform.environments.disablePreferredDataLocationForTeamsEnvironment": "boolean",
  "powerPlatform.governance.disableAdminDigest": "boolean",
  "powerPlatform.governance.disableDeveloperEnvironmentCreationByNonAdminUsers": "boolean",
  "powerPlatform.governance.enableDefaultEnvironmentRouting": "boolean",
  "powerPlatform.governance.policy.enableDesktopFlowDataPolicyManagement": "boolean",
  "powerPlatform.licensing.disableBillingPolicyCreationByNonAdminUsers": "boolean",
  "powerPlatform.licensing.enableTenantCapacityReportForEnvironmentAdmins": "boolean",
  "powerPlatform.licensing.storageCapacityConsumptionWarningThreshold": "number",
  "powerPlatform.licensing.enableTenantLicensingReportForEnvironmentAdmins": "boolean",
  "powerPlatform.licensing.disableUseOfUnassignedAIBuilderCredits": "boolean",
  "powerPlatform.licensing.applyAutoClaimToOnlyManagedEnvironments": "boolean",
  "powerPlatform.powerPages": "object",
  "powerPlatform.champions.disableChampionsInvitationReachout": "boolean",
  "powerPlatform.champions.disableSkillsMatchInvitationReachout": "boolean",
  "powerPlatform.intelligence.disableCopilot": "boolean",
  "powerPlatform.intelligence.enableOpenAiBotPublishing": "boolean",
  "powerPlatform.intelligence.disableCopilotFeedback": "boolean",
  "powerPlatform.intelligence.disableCopilotFeedbackMetadata": "boolean",
  "powerPlatform.modelExperimentation.enableModelDataSharing": "boolean",
  "powerPlatform.modelExperimentation.disableDataLogging": "boolean",
  "powerPlatform.catalogSettings.powerCatalogAudienceSetting": "string",
  "powerPlatform.userManagementSettings.enableDeleteDisabledUserinAllEnvironments": "boolean",
};

describe("tenant settings against the recorded document", () => {
  it("listTenantSettings has every recorded key with the recorded JSON type", async () => {
    const c = await client(emulator);
    const doc = (await c.bap("POST", `${BAP}/listTenantSettings?api-version=2023-06-01`)).body as Record<
      string,
      unknown
    >;
    const typeAt = (path: string) => {
      let v: unknown = doc;
      for (const key of path.split(".")) v = (v as Record<string, unknown> | undefined)?.[key];
      return v === undefined ? "missing" : typeof v;
    };
    const found = Object.fromEntries(Object.keys(RECORDED_TENANT_SETTINGS).map((path) => [path, typeAt(path)]));
    expect(found).toEqual(RECORDED_TENANT_SETTINGS);
  });
});
