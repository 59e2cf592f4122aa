/** Governance, DLP, connectors, Dataverse settings, application users, identities, Copilot Studio, tenant, groups. */
import type { Emulator } from "@govai/emulator";
import { afterEach, describe, expect, it } from "vitest";
import {
  GovernanceBlockedByGroupError,
  PowerPlatformApiError,
  PowerPlatformError,
  UnexpectedResponseError,
} from "../../src/client/errors.ts";
import type { DlpPolicyInput } from "../../src/client/types.ts";
import { APP, clientFor, devInput, prodExtendedSettings, prodSettings, start } from "./support.ts";

let emulator: Emulator;
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

describe("managed environment", () => {
  it("enables with every extended setting as a string, and reads it back through the enum case drift", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    const managed = await client.setManagedEnvironment(env.id, prodSettings);
    expect(managed.managed).toEqual(true);
    expect(managed.governance).toEqual(prodSettings);
    const sent = {
      protectionLevel: "Standard",
      settings: {
        extendedSettings: prodExtendedSettings,
      },
    };
    // Right after the create the environment is busy: the first POST gets an empty 409 and is sent again.
    const posts = emulator.log.find({ method: "POST", apiPath: /governanceConfiguration$/ });
    expect(posts.map((e) => [e.status, e.body])).toEqual([
      [409, sent],
      [202, sent],
    ]);
    const off = await client.disableManagedEnvironment(env.id);
    expect(off.managed).toEqual(false);
    expect(off.governance).toBeUndefined();
  });

  it("an environment in a group is refused with GovernanceBlockedByGroupError", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const group = await client.createEnvironmentGroup({ displayName: "Agents" });
    const env = await client.createEnvironment({ ...devInput(), environmentGroupId: group.id });
    const error = await client.setManagedEnvironment(env.id, prodSettings).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GovernanceBlockedByGroupError);
    expect((error as GovernanceBlockedByGroupError).code).toEqual("GovernanceConfigurationChangeBlockedByGroup");
    expect((error as GovernanceBlockedByGroupError).hint).toEqual(
      "the environment belongs to an environment group whose rules own its managed-environment settings; change them on the group's rules, or remove the environment from the group first",
    );
  });

  it("an environment without Dataverse is refused before anything is sent", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const { dataverse: _, ...input } = devInput();
    const env = await client.createEnvironment(input);
    await expect(client.setManagedEnvironment(env.id, prodSettings)).rejects.toThrow(
      `setManagedEnvironment: environment ${env.id} has no Dataverse database; managed environments require one\nHint: create the environment with Dataverse first`,
    );
    expect(emulator.log.count({ apiPath: /governanceConfiguration$/ })).toEqual(0);
  });
});

const policyInput = (envId: string): DlpPolicyInput => ({
  displayName: "agents-prod-dlp",
  defaultGroup: "blocked",
  environments: { kind: "only", environmentIds: [envId] },
  business: ["shared_commondataserviceforapps", "/providers/Microsoft.PowerApps/apis/shared_sharepointonline", "Http"],
  nonBusiness: [],
  blocked: ["PvaAuth"],
  endpointRules: {
    Http: [
      { behavior: "allow", endpoint: "https://api.contoso.com" },
      { behavior: "deny", endpoint: "*" },
    ],
  },
  actionRules: { shared_sharepointonline: { defaultBehavior: "allow", actions: { DeleteItem: "block" } } },
  customConnectorPatterns: [
    { order: 1, classification: "business", pattern: "https://*.contoso.com" },
    { order: 2, classification: "blocked", pattern: "*" },
  ],
});

describe("DLP policies", () => {
  it("creates with the wire classification names and reads back through endPoint and unordered URL rules", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    const created = await client.createDlpPolicy(policyInput(env.id));
    const sent = emulator.log.find({ route: "dlp.create" })[0]?.body as Record<string, Record<string, unknown>>;
    expect(sent.policyDefinition?.connectorGroups).toEqual([
      {
        classification: "Confidential",
        connectors: [
          {
            id: "/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps",
            name: "shared_commondataserviceforapps",
            type: "Microsoft.PowerApps/apis",
          },
          {
            id: "/providers/Microsoft.PowerApps/apis/shared_sharepointonline",
            name: "shared_sharepointonline",
            type: "Microsoft.PowerApps/apis",
          },
          { id: "Http", name: "Http", type: "Microsoft.PowerApps/apis" },
        ],
      },
      { classification: "General", connectors: [] },
      { classification: "Blocked", connectors: [{ id: "PvaAuth", name: "PvaAuth", type: "Microsoft.PowerApps/apis" }] },
    ]);
    expect(sent.connectorConfigurationsDefinition).toEqual({
      connectorActionConfigurations: [
        {
          connectorId: "/providers/Microsoft.PowerApps/apis/shared_sharepointonline",
          defaultConnectorActionRuleBehavior: "Allow",
          actionRules: [{ actionId: "DeleteItem", behavior: "Block" }],
        },
      ],
      endpointConfigurations: [
        {
          connectorId: "Http",
          endpointRules: [
            { order: 1, behavior: "Allow", endpoint: "https://api.contoso.com" },
            { order: 2, behavior: "Deny", endpoint: "*" },
          ],
        },
      ],
    });
    const { id, etag, createdTime, lastModifiedTime, createdBy, ownership, ...rest } = created;
    expect(createdBy).toEqual(APP);
    // Without a caller's owner key the client writes a random marker, first, and shifts the caller's rules by one.
    expect(ownership?.owner).toMatch(/^[0-9a-f]{24}$/);
    expect(ownership?.incarnation).toMatch(/^[0-9a-f]{8}$/);
    expect(sent.customConnectorUrlPatternsDefinition).toEqual({
      rules: [
        {
          order: 1,
          customConnectorRuleClassification: "Blocked",
          pattern: `https://govai-${ownership?.owner}-${ownership?.incarnation}.invalid`,
        },
        { order: 2, customConnectorRuleClassification: "Confidential", pattern: "https://*.contoso.com" },
        { order: 3, customConnectorRuleClassification: "Blocked", pattern: "*" },
      ],
    });
    expect(rest).toEqual({
      displayName: "agents-prod-dlp",
      defaultGroup: "blocked",
      environments: { kind: "only", environmentIds: [env.id] },
      business: [
        "/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps",
        "/providers/Microsoft.PowerApps/apis/shared_sharepointonline",
        "Http",
      ],
      nonBusiness: [],
      blocked: ["PvaAuth"],
      endpointRules: {
        Http: [
          { behavior: "allow", endpoint: "https://api.contoso.com" },
          { behavior: "deny", endpoint: "*" },
        ],
      },
      actionRules: {
        "/providers/Microsoft.PowerApps/apis/shared_sharepointonline": {
          defaultBehavior: "allow",
          actions: { DeleteItem: "block" },
        },
      },
      customConnectorPatterns: [
        { order: 1, classification: "business", pattern: "https://*.contoso.com" },
        { order: 2, classification: "blocked", pattern: "*" },
      ],
    });
    expect(await client.getDlpPolicy(id)).toEqual(created);
    expect((await client.listDlpPolicies()).map((p) => p.id)).toEqual([id]);
    const updated = await client.updateDlpPolicy(id, { ...policyInput(env.id), defaultGroup: "nonBusiness" });
    expect(updated.defaultGroup).toEqual("nonBusiness");
    const patched = emulator.log
      .find({ route: "dlp.update" })
      .map((e) => (e.body as { policyDefinition: unknown }).policyDefinition);
    expect(patched).toMatchObject([{ name: id, defaultConnectorsClassification: "General" }]);
    await client.deleteDlpPolicy(id);
    expect(await client.getDlpPolicy(id)).toBeUndefined();
    await client.deleteDlpPolicy(id);
  });

  it("completes summary entries of the list with a GET each", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    const created = await client.createDlpPolicy(policyInput(env.id));
    emulator.faults.add({
      method: "GET",
      path: "/bap/providers/PowerPlatform.Governance/v2/policies",
      kind: "status",
      status: 200,
      body: { value: [{ name: created.id }] },
    });
    expect(await client.listDlpPolicies()).toEqual([created]);
    expect(emulator.log.find({ route: "dlp.get" }).length).toEqual(1);
  });

  it("a `*` URL rule that is not last is the service's UrlPatternsInvalidRule with a hint", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const input = {
      ...policyInput("x"),
      environments: { kind: "all" as const },
      customConnectorPatterns: [
        { order: 1, classification: "blocked" as const, pattern: "*" },
        { order: 2, classification: "business" as const, pattern: "https://*.contoso.com" },
      ],
    };
    const error = await client.createDlpPolicy(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PowerPlatformApiError);
    expect((error as PowerPlatformApiError).code).toEqual("UrlPatternsInvalidRule");
    expect((error as PowerPlatformApiError).hint).toEqual(
      "custom-connector URL patterns must be numbered 1..n without gaps, and the `*` rule must be the last one",
    );
  });

  it("a connector in two groups is refused before anything is sent", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    await expect(client.createDlpPolicy({ ...policyInput("x"), blocked: ["shared_sharepointonline"] })).rejects.toThrow(
      "connector shared_sharepointonline is in both business and blocked; a connector belongs to exactly one group",
    );
    expect(emulator.log.entries).toEqual([]);
  });
});

describe("connectors", () => {
  it("merges the catalogue with the unblockable and virtual lists", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const all = await client.listConnectors();
    const byName = new Map(all.map((c) => [c.name, c]));
    expect(byName.get("PvaAuth")).toMatchObject({ id: "PvaAuth", virtual: true, unblockable: false });
    expect(byName.get("Http")).toMatchObject({ id: "Http", virtual: true });
    expect(all.filter((c) => c.unblockable).length).toBeGreaterThan(0);
    expect(all.filter((c) => !c.virtual).every((c) => c.id.startsWith("/providers/Microsoft.PowerApps/apis/"))).toEqual(
      true,
    );
    expect(emulator.log.entries.map((e) => e.route).sort()).toEqual([
      "connectors.list",
      "connectors.unblockable",
      "connectors.virtual",
    ]);
  });
});

describe("Dataverse organisation settings", () => {
  it("writes only the given columns and reads them back", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    const state = await client.updateOrganizationSettings(env.id, {
      auditing: { enabled: true, userAccessAudit: true, readAudit: false, retentionDays: 365 },
      firewall: {
        enabled: true,
        auditMode: true,
        allowedRanges: ["10.0.0.0/8", "52.1.2.3/32"],
        serviceTags: ["AzureCloud"],
        allowApplicationUsers: true,
      },
      cookieBinding: true,
    });
    expect(emulator.log.find({ route: "dataverse.organizations.update" }).map((e) => e.body)).toEqual([
      {
        isauditenabled: true,
        isuseraccessauditenabled: true,
        isreadauditenabled: false,
        auditretentionperiodv2: 365,
        enableipbasedfirewallrule: true,
        enableipbasedfirewallruleinauditmode: true,
        allowediprangeforfirewall: "10.0.0.0/8,52.1.2.3/32",
        allowedservicetagsforfirewall: "AzureCloud",
        allowapplicationuseraccess: true,
        enableipbasedcookiebinding: true,
      },
    ]);
    expect(state).toMatchObject({
      auditing: { enabled: true, userAccessAudit: true, readAudit: false, retentionDays: 365 },
      firewall: {
        enabled: true,
        auditMode: true,
        allowedRanges: ["10.0.0.0/8", "52.1.2.3/32"],
        serviceTags: ["AzureCloud"],
        allowApplicationUsers: true,
      },
      cookieBinding: true,
    });
    expect(await client.getOrganizationSettings(env.id)).toEqual(state);
  });

  it("waits while a new organisation still answers 403 to its creator, then reads", async () => {
    emulator = await start({ timing: { dataverseForbiddenCalls: 2 } });
    const { client, clock } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    const sleepsBefore = clock.sleeps.length;
    const state = await client.getOrganizationSettings(env.id);
    expect(state.organizationId).toEqual(env.dataverse?.organizationId);
    expect(clock.sleeps.slice(sleepsBefore)).toEqual([15_000, 15_000]);
    expect(emulator.log.find({ route: "dataverse.organizations.list" }).map((e) => e.status)).toEqual([403, 403, 200]);
  });

  it("gives up on a lasting 403 after the configured wait, with the Dataverse hint", async () => {
    emulator = await start({ timing: { dataverseForbiddenCalls: 100 } });
    const { client } = clientFor(emulator, { polling: { dataverseAccessMaxWaitMs: 30_000 } });
    const env = await client.createEnvironment(devInput());
    const error = await client.getOrganizationSettings(env.id).catch((e: unknown) => e);
    expect((error as PowerPlatformApiError).status).toEqual(403);
    expect((error as PowerPlatformApiError).hint).toEqual(
      "the caller is not a Dataverse user with enough privilege in this environment yet; right after create, wait and retry, or run addAppUser for the service principal",
    );
    expect(emulator.log.count({ route: "dataverse.organizations.list" })).toEqual(3);
  });

  it("reads the base currency through organizations and transactioncurrencies", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    expect(await client.getEnvironmentCurrency(env.id)).toEqual("EUR");
    const org = emulator.state.environments[env.id]!.dataverse!;
    const currencyId = org.organization._basecurrencyid_value;
    expect(emulator.log.find({ family: "dataverse" }).map((e) => e.path)).toEqual([
      "/dataverse/agents-dev/api/data/v9.2/organizations?$select=organizationid,_basecurrencyid_value",
      `/dataverse/agents-dev/api/data/v9.2/transactioncurrencies(${currencyId})?$select=isocurrencycode`,
    ]);
    // Someone changed the base currency in Dataverse: the client reads what is there now.
    const chf = "5d6e7f80-0000-4000-8000-0000000000cf";
    org.transactionCurrencies.push({ transactioncurrencyid: chf, isocurrencycode: "chf", currencyname: "Swiss Franc" });
    org.organization._basecurrencyid_value = chf;
    expect(await client.getEnvironmentCurrency(env.id)).toEqual("CHF");
    delete org.organization._basecurrencyid_value;
    expect(await client.getEnvironmentCurrency(env.id)).toBeUndefined();
  });

  // A new organisation reads v2 null and legacy 30 (internal/services/environment_settings/tests/resources/
  // Validate_Create_Empty_Settings/get_organisations_1.json): 30 days, and a restore puts "not set" back, never -1.
  it("reads a new organisation's unset retention as its 30-day default, and a restore clears v2 again instead of writing -1", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    const row = () => emulator.state.environments[env.id]?.dataverse?.organization;
    const snapshot = await client.getOrganizationSettings(env.id);
    expect(snapshot.auditing).toEqual({ enabled: false, userAccessAudit: true, readAudit: true, retentionDays: 30 });
    expect(snapshot.firewall.auditMode).toEqual(true);
    await client.updateOrganizationSettings(env.id, { auditing: { enabled: true, retentionDays: 365 } });
    expect(row()?.auditretentionperiodv2).toEqual(365);
    emulator.log.clear();
    const { organizationId: _, ...settings } = snapshot;
    const restored = await client.restoreOrganizationSettings(env.id, settings);
    expect(restored).toEqual(snapshot);
    expect(emulator.log.find({ route: "dataverse.organizations.update" }).map((e) => e.body)).toEqual([
      {
        isauditenabled: false,
        isuseraccessauditenabled: true,
        isreadauditenabled: true,
        auditretentionperiodv2: null,
        enableipbasedfirewallrule: false,
        enableipbasedfirewallruleinauditmode: true,
        allowediprangeforfirewall: "",
        allowedservicetagsforfirewall: "",
        allowmicrosofttrustedservicetags: true,
        allowapplicationuseraccess: true,
        reverseproxyipaddresses: "",
        enableipbasedcookiebinding: false,
      },
    ]);
    expect([row()?.auditretentionperiodv2, row()?.auditretentionperiod]).toEqual([null, 30]);
    // Asking for the default on an organisation that has it writes nothing.
    emulator.log.clear();
    await client.updateOrganizationSettings(env.id, { auditing: { retentionDays: 30 } });
    expect(emulator.log.count({ route: "dataverse.organizations.update" })).toEqual(0);
  });

  it("refuses a bad retention or CIDR before sending", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    await expect(client.updateOrganizationSettings(env.id, { auditing: { retentionDays: 7 } })).rejects.toThrow(
      "auditing.retentionDays must be an integer from 30 (the organisation's default) to 24855, or -1 to keep forever; got 7",
    );
    await expect(
      client.updateOrganizationSettings(env.id, { firewall: { allowedRanges: ["10.0.0.0/33"] } }),
    ).rejects.toThrow('firewall.allowedRanges: "10.0.0.0/33" is not an IPv4 address or CIDR range such as 10.0.0.0/8');
  });

  // A 500 from the organisations PATCH is the service refusing the values: final, not retried for minutes. The
  // Terraform provider accepts 500 on this PATCH and turns it into its settings-failed error at once
  // (internal/services/environment_settings/api_environment_settings.go, updateEnvironmentOrgSettings).
  it("a 500 on the organisations PATCH is final: one request, and the error keeps status, code and request id", async () => {
    emulator = await start();
    const { client, clock } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    const orgId = env.dataverse?.organizationId;
    emulator.faults.add({
      method: "PATCH",
      path: "/dataverse/*/organizations(*)",
      kind: "status",
      status: 500,
      body: { error: { code: "0x80040216", message: "An unexpected error occurred." } },
      times: "always",
    });
    const sleepsBefore = clock.sleeps.length;
    const error = await client
      .updateOrganizationSettings(env.id, { auditing: { enabled: true } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PowerPlatformApiError);
    const e = error as PowerPlatformApiError;
    const patches = emulator.log.find({ route: "dataverse.organizations.update" });
    expect(patches.map((x) => [x.status, x.body])).toEqual([[500, { isauditenabled: true }]]);
    expect([e.status, e.code, e.request.attempts]).toEqual([500, "0x80040216", 1]);
    expect(e.requestId).toMatch(/^emu-\d+$/);
    expect(e.message).toEqual(
      `updateOrganizationSettings: PATCH ${new URL(`api/data/v9.0/organizations(${orgId})`, env.dataverse?.url).href} → 500 0x80040216: An unexpected error occurred. (request id ${e.requestId}, client request id ${e.request.clientRequestId})\nHint: Dataverse refused the organisation settings; check the values (retention, firewall ranges and service tags), then run again`,
    );
    expect(clock.sleeps.slice(sleepsBefore)).toEqual([]);
  });

  it("an environment without Dataverse fails clearly", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const { dataverse: _, ...input } = devInput();
    const env = await client.createEnvironment(input);
    const error = await client.getOrganizationSettings(env.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PowerPlatformError);
    expect((error as Error).message).toEqual(
      `getOrganizationSettings: environment ${env.id} has no Dataverse organisation (yet)\nHint: create the environment with Dataverse, or wait until its creation has finished`,
    );
  });
});

describe("application users and roles", () => {
  const RUNTIME = "5e7f8a9b-0000-4000-8000-0000000000c1";

  it("creates, adopts, assigns roles by name, and deletes twice", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    const user = await client.ensureApplicationUser(env.id, RUNTIME);
    expect(user).toMatchObject({ applicationId: RUNTIME, disabled: false, deleted: false, roles: [] });
    expect(emulator.log.find({ route: "dataverse.systemusers.create" }).map((e) => e.body)).toEqual([
      {
        applicationid: RUNTIME,
        accessmode: 4,
        isdisabled: false,
        "businessunitid@odata.bind": `/businessunits(${user.businessUnitId})`,
      },
    ]);
    expect(await client.ensureApplicationUser(env.id, RUNTIME)).toEqual(user);
    expect(emulator.log.count({ route: "dataverse.systemusers.create" })).toEqual(1);

    const roles = await client.listSecurityRoles(env.id);
    expect(roles.map((r) => r.name)).toContain("Basic User");
    const withRoles = await client.setApplicationUserRoles(env.id, user.id, ["Basic User", "Environment Maker"]);
    expect(withRoles.roles.map((r) => r.name)).toEqual(["Basic User", "Environment Maker"]);
    const fewer = await client.setApplicationUserRoles(env.id, user.id, ["Basic User"]);
    expect(fewer.roles.map((r) => r.name)).toEqual(["Basic User"]);
    await expect(client.setApplicationUserRoles(env.id, user.id, ["Nope"])).rejects.toThrow(
      'setApplicationUserRoles: security role "Nope" does not exist in the root business unit',
    );

    await client.deleteApplicationUser(env.id, user.id);
    expect(await client.findApplicationUser(env.id, RUNTIME)).toBeUndefined();
    expect(emulator.log.find({ route: "dataverse.systemusers.delete" }).map((e) => e.status)).toEqual([204, 204]);
  });

  it("a soft-deleted twin (412 on create) is purged and the create retried once", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    const first = await client.ensureApplicationUser(env.id, RUNTIME);
    // Soft-delete only (one DELETE), as an earlier half-finished teardown would.
    const org = env.dataverse?.url as string;
    const token = await (await import("@govai/emulator"))
      .emulatorCredential({ appId: APP })
      .getToken(`${new URL(org).origin}/.default`);
    await fetch(new URL(`api/data/v9.2/systemusers(${first.id})`, org), {
      method: "DELETE",
      headers: { authorization: `Bearer ${token?.token}` },
    });
    expect((await client.findApplicationUser(env.id, RUNTIME))?.deleted).toEqual(true);
    emulator.log.clear();
    const again = await client.ensureApplicationUser(env.id, RUNTIME);
    expect(again.deleted).toEqual(false);
    expect(again.id).not.toEqual(first.id);
    expect(
      emulator.log.entries
        .filter((e) => e.route?.startsWith("dataverse.systemusers."))
        .map((e) => `${e.method} ${e.status}`),
    ).toEqual(["GET 200", "DELETE 204", "POST 204", "GET 200"]);
  });
});

describe("identities", () => {
  it("registers, reads and unregisters an admin management application; addAppUser is idempotent", async () => {
    emulator = await start();
    const { client } = clientFor(emulator, { kind: "user" });
    const other = "7a8b9c0d-0000-4000-8000-0000000000d1";
    expect(await client.getAdminApplication(other)).toBeUndefined();
    expect(await client.registerAdminApplication(other)).toEqual({ applicationId: other });
    expect(await client.registerAdminApplication(other)).toEqual({ applicationId: other });
    expect(await client.getAdminApplication(other)).toEqual({ applicationId: other });
    await client.unregisterAdminApplication(other);
    expect(await client.getAdminApplication(other)).toBeUndefined();

    const { client: app } = clientFor(emulator);
    const env = await app.createEnvironment(devInput());
    await app.addAppUser(env.id, other);
    await app.addAppUser(env.id, other);
    expect(emulator.log.find({ method: "POST", apiPath: /addAppUser$/ }).map((e) => [e.status, e.body])).toEqual([
      [200, { servicePrincipalAppId: other }],
      [200, { servicePrincipalAppId: other }],
    ]);
  });
});

describe("Copilot Studio Application Insights", () => {
  const connectionString =
    "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/";

  it("writes with the tenant header as a user, reads back, and clears", async () => {
    emulator = await start();
    const { client: app } = clientFor(emulator);
    const env = await app.createEnvironment(devInput());
    const { client } = clientFor(emulator, { kind: "user" });
    const set = await client.setAgentTelemetry(env.id, "bot-1", {
      connectionString,
      logActivities: true,
      logActions: true,
      logSensitiveActivity: false,
    });
    expect(set).toEqual({
      connectionString,
      logActivities: true,
      logActions: true,
      logSensitiveActivity: false,
      networkIsolation: "PublicNetwork",
    });
    expect(await client.getAgentTelemetry(env.id, "bot-1")).toEqual(set);
    expect(await client.clearAgentTelemetry(env.id, "bot-1")).toEqual({
      connectionString: "",
      logActivities: false,
      logActions: false,
      logSensitiveActivity: false,
      networkIsolation: "PublicNetwork",
    });
  });

  it("an app-only token gets 403 with the user-context hint", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    const error = await client.getAgentTelemetry(env.id, "bot-1").catch((e: unknown) => e);
    expect((error as PowerPlatformApiError).status).toEqual(403);
    expect((error as PowerPlatformApiError).hint).toEqual(
      "the Copilot Studio management API accepts delegated user tokens only; run this step as a user (e.g. `az login`), not as a service principal",
    );
  });

  // The Terraform provider accepts 500 on this PUT and fails with the body at once
  // (internal/services/copilot_studio_application_insights/api_copilot_studio_application_insights.go).
  it("a 500 on the PUT is final: one request, and the error keeps status, code and request id", async () => {
    emulator = await start();
    const { client: app } = clientFor(emulator);
    const env = await app.createEnvironment(devInput());
    const { client, clock } = clientFor(emulator, { kind: "user" });
    emulator.faults.add({ method: "PUT", path: "/copilot/*", kind: "status", status: 500, times: "always" });
    const sleepsBefore = clock.sleeps.length;
    const error = await client
      .setAgentTelemetry(env.id, "bot-1", {
        connectionString,
        logActivities: true,
        logActions: false,
        logSensitiveActivity: false,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PowerPlatformApiError);
    const e = error as PowerPlatformApiError;
    expect(emulator.log.find({ method: "PUT", family: "copilot" }).map((x) => x.status)).toEqual([500]);
    expect([e.status, e.code, e.request.attempts]).toEqual([500, "InternalServerError", 1]);
    const url = `${env.copilotStudioUrl?.replace(/\/+$/, "")}/api/botmanagement/2022-01-15/environments/${env.id}/bots/bot-1/applicationinsightsconfiguration`;
    expect(e.message).toEqual(
      `setAgentTelemetry: PUT ${url} → 500 InternalServerError: An internal server error occurred. (request id ${e.requestId}, client request id ${e.request.clientRequestId})\nHint: Copilot Studio refused the Application Insights configuration; check the connection string and that the agent exists in this environment, then run again`,
    );
    expect(e.requestId).toMatch(/^emu-\d+$/);
    expect(clock.sleeps.slice(sleepsBefore)).toEqual([]);
  });

  it("a 200 whose errors field is set is a failure", async () => {
    emulator = await start();
    const { client: app } = clientFor(emulator);
    const env = await app.createEnvironment(devInput());
    const { client } = clientFor(emulator, { kind: "user" });
    emulator.faults.add({
      method: "PUT",
      path: "/copilot/*",
      kind: "status",
      status: 200,
      body: { errors: [{ code: "InvalidConnectionString" }] },
    });
    const error = await client
      .setAgentTelemetry(env.id, "bot-1", {
        connectionString,
        logActivities: true,
        logActions: true,
        logSensitiveActivity: false,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toMatch(
      /^setAgentTelemetry: Copilot Studio answered 200 but reported errors: \[\{"code":"InvalidConnectionString"\}\] \(request id emu-\d+\)$/,
    );
  });
});

describe("tenant settings and environment groups", () => {
  it("reads the full document and writes only what differs", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const before = await client.getTenantSettings();
    expect(before.disableEnvironmentCreationByNonAdminUsers).toEqual(false);
    const after = await client.updateTenantSettings({
      disableEnvironmentCreationByNonAdminUsers: true,
      walkMeOptOut: before.walkMeOptOut,
      powerPlatform: { powerApps: { disableShareWithEveryone: true } },
    });
    expect(after.disableEnvironmentCreationByNonAdminUsers).toEqual(true);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(emulator.log.find({ route: "tenantSettings.update" }).map((e) => e.body)).toEqual([
      {
        disableEnvironmentCreationByNonAdminUsers: true,
        powerPlatform: { powerApps: { disableShareWithEveryone: true } },
      },
    ]);
    await client.updateTenantSettings({ disableEnvironmentCreationByNonAdminUsers: true });
    expect(emulator.log.count({ route: "tenantSettings.update" })).toEqual(1);
  });

  it("creates, reads, updates and deletes a group; deleting one with members fails with a hint", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const group = await client.createEnvironmentGroup({ displayName: "Agents", description: "pilots" });
    expect(await client.getEnvironmentGroup(group.id)).toEqual(group);
    const renamed = await client.updateEnvironmentGroup(group.id, { displayName: "Agent pilots" });
    expect(renamed).toMatchObject({ id: group.id, displayName: "Agent pilots", description: "" });
    const env = await client.createEnvironment({ ...devInput(), environmentGroupId: group.id });
    const error = await client.deleteEnvironmentGroup(group.id).catch((e: unknown) => e);
    expect((error as PowerPlatformApiError).status).toEqual(409);
    expect((error as PowerPlatformApiError).hint).toEqual(
      "the environment group still has member environments; move them out of the group first",
    );
    await client.updateEnvironment(env.id, { environmentGroupId: null });
    await client.deleteEnvironmentGroup(group.id);
    expect(await client.getEnvironmentGroup(group.id)).toBeUndefined();
  });
});
