/** Tenant settings, the connector catalogue, environment groups and Copilot Studio App Insights. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultTenantSettings, type Emulator } from "../src/index.ts";
import { BAP, call, client, createEnvironment, id, NOW, start, token } from "./support.ts";

let emulator: Emulator;
beforeEach(async () => {
  emulator = await start();
});
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

describe("tenant settings", () => {
  it("listTenantSettings returns the full document; updateTenantSettings merges a partial one and returns the full document", async () => {
    const c = await client(emulator);
    const read = await c.bap("POST", `${BAP}/listTenantSettings?api-version=2023-06-01`);
    expect(read).toMatchObject({ status: 200, body: defaultTenantSettings() });
    const updated = await c.bap("POST", `${BAP}/scopes/admin/updateTenantSettings?api-version=2023-06-01`, {
      disableTrialEnvironmentCreationByNonAdminUsers: true,
      powerPlatform: { intelligence: { disableCopilot: true } },
    });
    const expected = defaultTenantSettings() as { powerPlatform: { intelligence: Record<string, unknown> } } & Record<
      string,
      unknown
    >;
    expected.disableTrialEnvironmentCreationByNonAdminUsers = true;
    expected.powerPlatform.intelligence.disableCopilot = true;
    expect(updated).toMatchObject({ status: 200, body: expected });
    expect((await c.bap("POST", `${BAP}/listTenantSettings?api-version=2023-06-01`)).body).toEqual(expected);
  });

  it("refuses a value of the wrong type", async () => {
    const c = await client(emulator);
    const reply = await c.bap("POST", `${BAP}/scopes/admin/updateTenantSettings?api-version=2023-06-01`, {
      powerPlatform: { powerApps: { disableShareWithEveryone: "yes" } },
    });
    expect(reply.body).toEqual({
      error: {
        code: "InvalidRequestContent",
        message: "The tenant setting 'powerPlatform.powerApps.disableShareWithEveryone' has the wrong type.",
        detailUrlType: "NotSpecified",
      },
    });
  });
});

describe("connector catalogue", () => {
  it("lists PowerApps connectors, the unblockable ones and the virtual ones with the Copilot Studio connectors", async () => {
    const c = await client(emulator);
    const apis = await call(
      "GET",
      `${emulator.endpoints.powerApps}/providers/Microsoft.PowerApps/apis?api-version=2019-05-01&showApisWithToS=true&hideDlpExemptApis=true&showAllDlpEnforceableApis=true&$filter=${encodeURIComponent("environment eq '~Default'")}`,
      { token: c.bapToken },
    );
    const value = (apis.body as { value: Array<Record<string, unknown>> }).value;
    expect(value[1]).toEqual({
      name: "shared_sharepointonline",
      id: "/providers/Microsoft.PowerApps/apis/shared_sharepointonline",
      type: "Microsoft.PowerApps/apis",
      properties: {
        displayName: "SharePoint",
        description: "SharePoint connector",
        tier: "Standard",
        publisher: "Microsoft",
      },
    });
    const unblockable = await c.bap("GET", "/providers/PowerPlatform.Governance/v1/connectors/metadata/unblockable");
    expect((unblockable.body as unknown[])[0]).toEqual({
      id: "/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps",
      metadata: { unblockable: true },
    });
    const virtual = await c.bap("GET", "/providers/PowerPlatform.Governance/v1/connectors/metadata/virtual");
    const ids = (virtual.body as Array<{ id: string }>).map((v) => v.id);
    expect(ids).toEqual([
      "PvaAuth",
      "PvaCustomDemoMobile",
      "PvaMicrosoftTeams",
      "PvaFacebook",
      "PvaOmniChannel",
      "PvaSkills",
      "CSKnowledgeDocs",
      "CSKnowledgePublicSites",
      "CSKnowledgeSharePoint",
      "Http",
      "HttpWebhook",
      "HttpRequestReceived",
      "TeamsWebhookRequestReceived",
    ]);
    expect((virtual.body as unknown[])[0]).toEqual({
      id: "PvaAuth",
      metadata: {
        virtualConnector: true,
        name: "Chat without Microsoft Entra ID authentication in Copilot Studio",
        type: "Microsoft.PowerApps/apis",
        displayName: "Chat without Microsoft Entra ID authentication in Copilot Studio",
        iconUri: "https://connectoricons-prod.azureedge.net/virtual/PvaAuth/icon.png",
      },
    });
  });
});

describe("environment groups", () => {
  const GROUPS = `${BAP}/environmentGroups`;

  it("create (201), get, update, and delete (200) an empty group", async () => {
    const c = await client(emulator);
    const created = await c.bap("POST", `${GROUPS}?api-version=2021-04-01`, {
      displayName: "agents",
      description: "AI pilots",
    });
    expect(created).toMatchObject({
      status: 201,
      body: {
        id: id(1),
        displayName: "agents",
        description: "AI pilots",
        createdTime: NOW,
        createdBy: { id: "66666666-7777-4888-9999-000000000000", type: "ServicePrincipal" },
      },
    });
    const updated = await c.bap("PUT", `${GROUPS}/${id(1)}?api-version=2021-04-01`, {
      displayName: "agents-2",
      description: "",
    });
    expect((updated.body as { displayName: string }).displayName).toBe("agents-2");
    expect(
      ((await c.bap("GET", `${GROUPS}/${id(1)}?api-version=2021-04-01`)).body as { displayName: string }).displayName,
    ).toBe("agents-2");
    expect((await c.bap("DELETE", `${GROUPS}/${id(1)}?api-version=2021-04-01`)).status).toBe(200);
    expect((await c.bap("GET", `${GROUPS}/${id(1)}?api-version=2021-04-01`)).status).toBe(404);
  });

  it("DELETE answers 409 EnvironmentsInEnvironmentGroup with members and 409 PolicyAssignedToEnvironmentGroup with a policy", async () => {
    const c = await client(emulator);
    await c.bap("POST", `${GROUPS}?api-version=2021-04-01`, { displayName: "busy" });
    const envId = await createEnvironment(emulator, "member", { parentEnvironmentGroup: { id: id(1) } });
    const withMember = await c.bap("DELETE", `${GROUPS}/${id(1)}?api-version=2021-04-01`);
    expect(withMember).toMatchObject({
      status: 409,
      body: {
        error: {
          code: "EnvironmentsInEnvironmentGroup",
          message: `The environment group '${id(1)}' cannot be deleted because it contains 1 environment(s): ${envId}.`,
        },
      },
    });
    delete emulator.state.environments[envId]?.properties.parentEnvironmentGroup;
    emulator.state.environmentGroups[id(1)]!.assignedPolicyId = "policy-1";
    const withPolicy = await c.bap("DELETE", `${GROUPS}/${id(1)}?api-version=2021-04-01`);
    expect(withPolicy).toMatchObject({ status: 409, body: { error: { code: "PolicyAssignedToEnvironmentGroup" } } });
  });
});

describe("Copilot Studio Application Insights", () => {
  const path = (envId: string) =>
    `/api/botmanagement/2022-01-15/environments/${envId}/bots/bot-1/applicationinsightsconfiguration`;
  const cs =
    "InstrumentationKey=11111111-2222-3333-4444-555555555555;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/";

  it("GET gives the empty configuration; PUT sets it; a user token is required", async () => {
    const envId = await createEnvironment(emulator, "bots");
    const user = await client(emulator, { kind: "user" });
    const headers = { "x-cci-tenantid": emulator.state.tenantId };
    const empty = await user.copilot("GET", path(envId), undefined, headers);
    expect(empty.body).toEqual({
      environmentId: envId,
      botId: "bot-1",
      appInsightsConnectionString: "",
      includeActivities: false,
      includeActions: false,
      includeSensitiveInformation: false,
      networkIsolation: "PublicNetwork",
      errors: null,
    });
    const body = {
      appInsightsConnectionString: cs,
      includeActivities: true,
      includeActions: true,
      includeSensitiveInformation: false,
    };
    const set = await user.copilot("PUT", path(envId), body, headers);
    expect(set).toMatchObject({
      status: 200,
      body: { ...body, environmentId: envId, botId: "bot-1", networkIsolation: "PublicNetwork", errors: null },
    });
    expect((await user.copilot("GET", path(envId), undefined, headers)).body).toEqual(set.body);

    const app = await client(emulator);
    const refused = await app.copilot("GET", path(envId), undefined, headers);
    expect(refused).toMatchObject({
      status: 403,
      body: {
        error: {
          code: "UserContextRequired",
          message:
            "This API requires a delegated user token; application (service principal) tokens are not supported.",
        },
      },
    });
  });

  it("needs x-cci-tenantid, answers errors in a 200 for a bad connection string, and checks the audience", async () => {
    const envId = await createEnvironment(emulator, "bots2");
    const user = await client(emulator, { kind: "user" });
    expect((await user.copilot("GET", path(envId))).status).toBe(400);
    const bad = await user.copilot(
      "PUT",
      path(envId),
      { appInsightsConnectionString: "nonsense" },
      { "x-cci-tenantid": emulator.state.tenantId },
    );
    expect(bad.status).toBe(200);
    expect((bad.body as { errors: unknown }).errors).toEqual([
      { code: "InvalidConnectionString", message: "The Application Insights connection string is invalid." },
    ]);
    const wrongAudience = await call("GET", `${emulator.url}/copilot${path(envId)}`, {
      token: await token("https://service.powerapps.com/.default", { kind: "user" }),
      headers: { "x-cci-tenantid": emulator.state.tenantId },
    });
    expect(wrongAudience.status).toBe(401);
  });
});

describe("solution-checker rule catalogue", () => {
  it("serves the rules at <url>/advisor, the environment's microsoft.PowerAppsAdvisor endpoint, with the advisor audience", async () => {
    const c = await client(emulator);
    const envId = await createEnvironment(emulator, "checked");
    const env = await c.bap("GET", `${BAP}/scopes/admin/environments/${envId}?api-version=2023-06-01`);
    const advisor = (env.body as { properties: { runtimeEndpoints: Record<string, string> } }).properties
      .runtimeEndpoints["microsoft.PowerAppsAdvisor"];
    expect(advisor).toBe(`${emulator.url}/advisor`);
    const url = `${advisor}/api/rule?api-version=2.0&ruleset=0ad12346-e108-40b8-a956-9a8f95ea18c9`;
    const rules = await call("GET", url, { token: await token("https://advisor.powerapps.com/.default") });
    expect((rules.body as Array<{ code: string }>).map((r) => r.code)).toEqual([
      "meta-remove-dup-reg",
      "meta-avoid-reg-no-attribute",
      "il-avoid-specialized-update-ops",
      "web-use-strict-mode",
      "app-formula-issues-high",
    ]);
    expect((await call("GET", url, { token: c.bapToken })).status).toBe(401);
  });
});
