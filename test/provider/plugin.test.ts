import { DEFAULT_APP_ID, DEFAULT_TENANT_ID, type Emulator, startEmulator } from "@govai/emulator";
import { dlpOwnerKey } from "@govai/powerplatform";
import type { ServiceError } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appUserInputs,
  environmentInputs,
  managedInputs,
  policyInputs,
  RUNTIME_APP,
  SECURITY_GROUP,
  settingsInputs,
} from "./fixtures.ts";
import { DIFF, initFailure, launch, type Plugin, reveal, UNKNOWN, urnOf } from "./harness.ts";

// The plugin executable, launched as the engine launches it, driven over gRPC against the emulator: every RPC the
// engine uses, every resource's lifecycle, import, drift, faults and the partial-create contract.

let emulator: Emulator;
let plugin: Plugin;
const ENV_URN = urnOf("Environment", "dev");

beforeAll(async () => {
  // No read lag: the client's convergence waits are seconds long by default, and lag is covered by the client tests.
  emulator = await startEmulator({
    seed: 11,
    adminApplications: [DEFAULT_APP_ID],
    timing: { metadataHiddenGets: 0, managementRunningGets: 0 },
  });
  plugin = await launch({
    GOVAI_POWERPLATFORM_ENDPOINTS: JSON.stringify(emulator.endpoints),
    GOVAI_POWERPLATFORM_EMULATOR_IDENTITY: `app:${DEFAULT_APP_ID}`,
    AZURE_TENANT_ID: DEFAULT_TENANT_ID,
  });
});
afterAll(async () => {
  plugin?.stop();
  await emulator?.close();
});

const mutating = () => emulator.log.entries.filter((e) => e.method !== "GET");
async function checked(type: string, news: object): Promise<Record<string, unknown>> {
  const r = await plugin.check(urnOf(type, "r"), news);
  expect(r.failures).toEqual([]);
  return r.inputs;
}
function grpcError(p: Promise<unknown>): Promise<ServiceError> {
  return p.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: ServiceError) => e,
  );
}

describe("plugin handshake", () => {
  it("prints its port and answers GetPluginInfo, GetSchema and Configure like the engine expects", async () => {
    expect(await plugin.pluginInfo()).toBe("0.1.0");
    const schema = await plugin.schema();
    expect(schema.name).toBe("govai");
    expect(Object.keys(schema.resources as object)).toEqual([
      "govai:powerplatform:Environment",
      "govai:powerplatform:ManagedEnvironment",
      "govai:powerplatform:DataPolicy",
      "govai:powerplatform:EnvironmentSettings",
      "govai:powerplatform:ApplicationUser",
      "govai:powerplatform:CopilotTelemetry",
      "govai:powerplatform:AdminApplication",
      "govai:powerplatform:SolutionDeployment",
      "govai:powerplatform:TenantSettings",
      "govai:powerplatform:BillingPolicy",
      "govai:powerplatform:BillingPolicyEnvironment",
      "govai:powerplatform:EnvironmentGroup",
      "govai:powerplatform:EnvironmentGroupRuleSet",
    ]);
    const c = await plugin.configure();
    expect([c.getAcceptsecrets(), c.getAcceptresources(), c.getAcceptoutputs(), c.getSupportspreview()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    const e = await grpcError(plugin.checkConfig());
    expect([e.code, e.details]).toEqual([12, "Not yet implemented: CheckConfig"]);
  });
});

describe("resources over gRPC", () => {
  let envId = "";
  let envState: Record<string, unknown> = {};
  let envInputs: Record<string, unknown> = {};

  it("Environment: check normalises, create returns the id and outputs, read and diff agree", async () => {
    envInputs = await checked("Environment", environmentInputs);
    expect(envInputs).toEqual({
      ...environmentInputs,
      dataverse: { ...environmentInputs.dataverse, domain: "claims-dev" },
    });
    const created = await plugin.create(ENV_URN, envInputs);
    envId = created.id;
    const env = emulator.state.environments[envId];
    expect(env?.properties.displayName).toBe("Claims (dev)");
    envState = created.props;
    expect(envState).toEqual({
      ...envInputs,
      environmentId: envId,
      dataverseUrl: `${emulator.url}/dataverse/claims-dev/`,
      organizationId: env?.properties.linkedEnvironmentMetadata?.resourceId,
      tenantId: DEFAULT_TENANT_ID,
      state: "Ready",
    });
    const read = await plugin.read(ENV_URN, envId, envState);
    expect(read).toEqual({ id: envId, props: envState, inputs: envInputs });
    expect(await plugin.diff(ENV_URN, envId, envState, envInputs)).toEqual({
      changes: DIFF.NONE,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("Environment: a rename and a type change update in place; a currency change replaces, deleting first", async () => {
    const news = await checked("Environment", {
      ...environmentInputs,
      displayName: "Claims (dev 2)",
      environmentType: "Production",
    });
    expect(await plugin.diff(ENV_URN, envId, envState, news)).toEqual({
      changes: DIFF.SOME,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const before = emulator.log.entries.length;
    envState = await plugin.update(ENV_URN, envId, envState, news);
    expect(envState).toMatchObject({
      displayName: "Claims (dev 2)",
      environmentType: "Production",
      environmentId: envId,
    });
    expect(emulator.state.environments[envId]?.properties.environmentSku).toBe("Production");
    const calls = emulator.log.entries
      .slice(before)
      .filter((e) => e.method !== "GET")
      .map((e) => `${e.method} ${e.route}`);
    expect(calls[0]).toBe("POST environments.modifySku");
    envInputs = news;
    const currency = await checked("Environment", {
      ...environmentInputs,
      dataverse: { ...environmentInputs.dataverse, currency: "USD" },
    });
    expect(await plugin.diff(ENV_URN, envId, envState, currency)).toEqual({
      changes: DIFF.SOME,
      replaces: ["dataverse"],
      deleteBeforeReplace: true,
    });
  });

  it("Environment: import is a Read with the id only, and gives back the inputs, the Dataverse currency included", async () => {
    const imported = await plugin.read(ENV_URN, envId, {});
    expect(imported.id).toBe(envId);
    expect(imported.inputs).toEqual(envInputs);
    expect((imported.inputs.dataverse as { currency: string }).currency).toBe("EUR");
    expect(await plugin.diff(ENV_URN, envId, imported.props, envInputs)).toEqual({
      changes: DIFF.NONE,
      replaces: [],
      deleteBeforeReplace: false,
    });
    // A program that claims another currency for the adopted environment gets a replacement, not a silent adoption.
    const claimsUsd = await checked("Environment", {
      ...envInputs,
      dataverse: { ...(envInputs.dataverse as object), currency: "USD" },
    });
    expect(await plugin.diff(ENV_URN, envId, imported.props, claimsUsd)).toEqual({
      changes: DIFF.SOME,
      replaces: ["dataverse"],
      deleteBeforeReplace: true,
    });
  });

  it("Environment: Read reports the currency Dataverse has, not the one in the state", async () => {
    const org = emulator.state.environments[envId]!.dataverse!;
    const eur = org.organization._basecurrencyid_value;
    const usd = "5d6e7f80-0000-4000-8000-0000000000ad";
    org.transactionCurrencies.push({ transactioncurrencyid: usd, isocurrencycode: "USD", currencyname: "US Dollar" });
    org.organization._basecurrencyid_value = usd;
    try {
      const refreshed = await plugin.read(ENV_URN, envId, envState);
      expect(refreshed.inputs.dataverse).toEqual({ ...(envInputs.dataverse as object), currency: "USD" });
      expect(await plugin.diff(ENV_URN, envId, refreshed.props, envInputs)).toEqual({
        changes: DIFF.SOME,
        replaces: ["dataverse"],
        deleteBeforeReplace: true,
      });
    } finally {
      org.organization._basecurrencyid_value = eur;
      org.transactionCurrencies.pop();
    }
  });

  it("Environment: drift made in the admin centre shows on Read, and Diff proposes the fix", async () => {
    const stored = emulator.state.environments[envId]!;
    stored.properties.displayName = "Renamed by hand";
    const refreshed = await plugin.read(ENV_URN, envId, envState);
    expect(refreshed.inputs.displayName).toBe("Renamed by hand");
    expect(await plugin.diff(ENV_URN, envId, refreshed.props, envInputs)).toEqual({
      changes: DIFF.SOME,
      replaces: [],
      deleteBeforeReplace: false,
    });
    envState = await plugin.update(ENV_URN, envId, refreshed.props, envInputs);
    expect(stored.properties.displayName).toBe("Claims (dev 2)");
  });

  it("Environment: joins and leaves an environment group in place (the zero GUID only on the way out)", async () => {
    const group = "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";
    emulator.state.environmentGroups[group] = {
      id: group,
      displayName: "Claims",
      description: "",
      createdTime: "2026-01-01T00:00:00Z",
      createdBy: { id: DEFAULT_APP_ID, type: "ServicePrincipal" },
      assignedPolicyId: null,
    };
    const joined = await checked("Environment", { ...envInputs, environmentGroupId: group.toUpperCase() });
    expect(joined.environmentGroupId).toBe(group);
    expect(await plugin.diff(ENV_URN, envId, envState, joined)).toEqual({
      changes: DIFF.SOME,
      replaces: [],
      deleteBeforeReplace: false,
    });
    envState = await plugin.update(ENV_URN, envId, envState, joined);
    expect(emulator.state.environments[envId]?.properties.parentEnvironmentGroup).toEqual({ id: group });
    expect((await plugin.read(ENV_URN, envId, envState)).inputs).toEqual(joined);
    const left = await checked("Environment", {
      ...envInputs,
      environmentGroupId: "00000000-0000-0000-0000-000000000000",
    });
    expect(left).toEqual(envInputs);
    envState = await plugin.update(ENV_URN, envId, envState, left);
    expect((await plugin.read(ENV_URN, envId, envState)).inputs).toEqual(envInputs);
    delete emulator.state.environmentGroups[group];
  });

  it("ManagedEnvironment: create, read, update, delete", async () => {
    const urn = urnOf("ManagedEnvironment", "dev");
    const inputs = await checked("ManagedEnvironment", managedInputs(envId));
    const created = await plugin.create(urn, inputs);
    expect(created).toEqual({ id: envId, props: { ...inputs, protectionLevel: "Standard" } });
    expect((await plugin.read(urn, envId, created.props)).inputs).toEqual(inputs);
    expect(await plugin.read(urn, envId, {})).toEqual({ id: envId, props: created.props, inputs });
    const stricter = {
      ...inputs,
      solutionChecker: { mode: "block", ruleOverrides: [], suppressValidationEmails: false },
    };
    expect(await plugin.diff(urn, envId, created.props, stricter)).toEqual({
      changes: DIFF.SOME,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const updated = await plugin.update(urn, envId, created.props, stricter);
    expect((await plugin.read(urn, envId, updated)).inputs).toEqual(stricter);
    await plugin.delete(urn, envId, updated);
    expect(await plugin.read(urn, envId, updated)).toEqual({ id: "", props: {}, inputs: {} });
  });

  it("ManagedEnvironment: refused clearly when the environment's group owns these settings", async () => {
    const stored = emulator.state.environments[envId]!;
    stored.properties.parentEnvironmentGroup = { id: "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d" };
    try {
      const e = await grpcError(
        plugin.create(urnOf("ManagedEnvironment", "dev"), await checked("ManagedEnvironment", managedInputs(envId))),
      );
      expect(e.details).toBe(
        `environment ${envId} is in environment group 9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d, whose rules own its managed-environment settings; set sharing, solution checker, usage insights and maker welcome on the group's rule set instead, or remove the environment from the group (Environment.environmentGroupId)`,
      );
      expect(initFailure(e)).toBeUndefined();
    } finally {
      delete stored.properties.parentEnvironmentGroup;
    }
  });

  it("DataPolicy: create, import, drift, update, delete", async () => {
    const urn = urnOf("DataPolicy", "dev");
    const inputs = await checked("DataPolicy", policyInputs(envId));
    const created = await plugin.create(urn, inputs);
    expect(created.props).toEqual({
      ...inputs,
      policyName: created.id,
      etag: created.props.etag,
      // The ownership marker of this URN: the owner key is the same on every run, the incarnation is this create's.
      ownershipMarker: expect.stringMatching(new RegExp(`^${dlpOwnerKey(urn)}-[0-9a-f]{8}$`)),
    });
    expect((await plugin.read(urn, created.id, {})).inputs).toEqual(inputs);
    // Someone moves SharePoint to non-business in the admin centre.
    const stored = emulator.state.dlpPolicies[created.id] as unknown as {
      policyDefinition: { connectorGroups: Array<{ classification: string; connectors: Array<{ id: string }> }> };
    };
    const groups = stored.policyDefinition.connectorGroups;
    const business = groups.find((g) => g.classification === "Confidential")!;
    const general = groups.find((g) => g.classification === "General")!;
    const sp = business.connectors.findIndex((c) => c.id.endsWith("shared_sharepointonline"));
    general.connectors.push(...business.connectors.splice(sp, 1));
    const drifted = await plugin.read(urn, created.id, created.props);
    expect([drifted.inputs.business, drifted.inputs.nonBusiness]).toEqual([
      ["shared_commondataserviceforapps"],
      ["shared_sharepointonline"],
    ]);
    expect(await plugin.diff(urn, created.id, drifted.props, inputs)).toEqual({
      changes: DIFF.SOME,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const fixed = await plugin.update(urn, created.id, drifted.props, inputs);
    expect((await plugin.read(urn, created.id, fixed)).inputs).toEqual(inputs);
    await plugin.delete(urn, created.id, fixed);
    expect(emulator.state.dlpPolicies[created.id]).toBeUndefined();
  });

  it("EnvironmentSettings: snapshot at create, update, and delete restores the snapshot", async () => {
    const urn = urnOf("EnvironmentSettings", "dev");
    const inputs = await checked("EnvironmentSettings", settingsInputs(envId));
    const before = await plugin.read(urn, envId, {});
    // An import of the new organisation passes the provider's own Check (its 30-day retention included).
    expect(await plugin.check(urn, before.inputs)).toEqual({ inputs: before.inputs, failures: [] });
    const created = await plugin.create(urn, inputs);
    expect(created.props).toEqual({
      ...inputs,
      organizationId: created.props.organizationId,
      snapshot: {
        auditing: (before.inputs as { auditing: unknown }).auditing,
        firewall: (before.inputs as { firewall: unknown }).firewall,
      },
    });
    expect((await plugin.read(urn, envId, created.props)).inputs).toEqual(inputs);
    const enforce = { ...inputs, firewall: { ...(inputs.firewall as object), mode: "enforce" } };
    const updated = await plugin.update(urn, envId, created.props, enforce);
    expect((await plugin.read(urn, envId, updated)).inputs).toEqual(enforce);
    await plugin.delete(urn, envId, updated);
    const after = await plugin.read(urn, envId, {});
    // Everything goes back as read: the new organisation's unset retention (its 30-day default) is unset again, not
    // -1 (internal/services/environment_settings/tests/resources/Validate_Create_Empty_Settings/get_organisations_1.json).
    expect((before.inputs as { auditing: { retentionDays: number } }).auditing.retentionDays).toBe(30);
    expect(after.inputs).toEqual(before.inputs);
    expect(emulator.state.environments[envId]?.dataverse?.organization.auditretentionperiodv2).toBeNull();
  });

  it("ApplicationUser: create with roles, adopt when it already exists, change roles, delete", async () => {
    const urn = urnOf("ApplicationUser", "runtime");
    const inputs = await checked("ApplicationUser", appUserInputs(envId));
    const created = await plugin.create(urn, inputs);
    expect(created).toEqual({
      id: `${envId}/${RUNTIME_APP}`,
      props: { ...inputs, systemUserId: created.props.systemUserId, adopted: false },
    });
    // An imported user counts as adopted: it existed before the stack, so a delete leaves it, with the roles it had
    // at import (foundRoles).
    expect(await plugin.read(urn, created.id, {})).toEqual({
      id: created.id,
      props: { ...created.props, adopted: true, foundRoles: ["Basic User"] },
      inputs,
    });
    const again = await plugin.create(urnOf("ApplicationUser", "twin"), inputs);
    expect(again.props).toEqual({ ...created.props, adopted: true, foundRoles: ["Basic User"] });
    const more = { ...inputs, roles: ["Basic User", "Environment Maker"] };
    expect(await plugin.diff(urn, created.id, created.props, more)).toEqual({
      changes: DIFF.SOME,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const updated = await plugin.update(urn, created.id, created.props, more);
    expect((await plugin.read(urn, created.id, updated)).inputs).toEqual(more);
    await plugin.delete(urnOf("ApplicationUser", "twin"), again.id, again.props);
    expect((await plugin.read(urn, created.id, updated)).id).toBe(created.id);
    await plugin.delete(urn, created.id, updated);
    expect(await plugin.read(urn, created.id, updated)).toEqual({ id: "", props: {}, inputs: {} });
  });

  it("AdminApplication: register, import, unregister", async () => {
    const urn = urnOf("AdminApplication", "pipeline");
    const inputs = await checked("AdminApplication", { applicationId: RUNTIME_APP.toUpperCase() });
    expect(inputs).toEqual({ applicationId: RUNTIME_APP });
    const created = await plugin.create(urn, inputs);
    // Not registered before: this resource registered it, so delete unregisters it.
    expect(created).toEqual({ id: RUNTIME_APP, props: { ...inputs, adopted: false } });
    // An import takes over a registration it did not make: adopted, and delete would leave it.
    expect(await plugin.read(urn, RUNTIME_APP, {})).toEqual({
      id: RUNTIME_APP,
      props: { ...inputs, adopted: true },
      inputs,
    });
    await plugin.delete(urn, RUNTIME_APP, created.props);
    expect(emulator.state.adminApplications[RUNTIME_APP]).toBeUndefined();
  });

  it("Environment: delete removes it; a Read then reports it gone", async () => {
    await plugin.delete(ENV_URN, envId, envState);
    expect(emulator.state.environments[envId]).toBeUndefined();
    expect(await plugin.read(ENV_URN, envId, envState)).toEqual({ id: "", props: {}, inputs: {} });
  });
});

describe("previews, unknowns and secrets", () => {
  it("Check and Diff take unknowns without failing; Create refuses them and sends nothing", async () => {
    const news = { ...environmentInputs, displayName: UNKNOWN, dataverse: UNKNOWN };
    expect(await plugin.check(urnOf("Environment", "p"), news)).toEqual({
      inputs: { ...news, location: "europe" },
      failures: [],
    });
    expect(await plugin.diff(urnOf("Environment", "p"), "x", { ...environmentInputs }, news)).toEqual({
      changes: DIFF.SOME,
      replaces: ["dataverse"],
      deleteBeforeReplace: false,
    });
    const before = mutating().length;
    const e = await grpcError(plugin.create(urnOf("Environment", "p"), news, { preview: true }));
    expect(e.details).toBe(
      "refusing to create a Environment while some inputs are unknown: a preview never sends a mutating request",
    );
    expect(mutating().length).toBe(before);
  });

  it("reports check failures as data, with the property path", async () => {
    const r = await plugin.check(urnOf("DataPolicy", "bad"), {
      ...policyInputs(SECURITY_GROUP),
      defaultGroup: "general",
    });
    expect(r.failures).toEqual([
      { property: "defaultGroup", reason: 'Invalid option: expected one of "business"|"nonBusiness"|"blocked"' },
    ]);
  });
});

describe("faults", () => {
  it("rides out throttling (429 with Retry-After) on reads", async () => {
    const env = await plugin.create(
      urnOf("Environment", "t"),
      await checked("Environment", {
        ...environmentInputs,
        dataverse: { ...environmentInputs.dataverse, domain: "throttle" },
      }),
    );
    emulator.faults.add({
      method: "GET",
      path: `/bap/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments/${env.id}`,
      kind: "status",
      status: 429,
      retryAfter: 0,
      times: 2,
    });
    const r = await plugin.read(urnOf("Environment", "t"), env.id, env.props);
    expect(r.props).toEqual(env.props);
    await plugin.delete(urnOf("Environment", "t"), env.id, env.props);
  });

  it("says to run the admin bootstrap when the service principal is not registered", async () => {
    emulator.unregisterAdminApplication(DEFAULT_APP_ID);
    try {
      const e = await grpcError(plugin.read(urnOf("Environment", "x"), "3f1d2c4b-5a69-4788-9abc-def012345678", {}));
      expect(e.details).toMatch(/does not have permission to access the path/);
      expect(e.details).toMatch(/Hint: .*admin management application/);
    } finally {
      emulator.registerAdminApplication(DEFAULT_APP_ID);
    }
  });

  it("a lifecycle operation that fails surfaces as an error, with nothing recorded", async () => {
    emulator.faults.add({
      method: "POST",
      path: "/bap/providers/Microsoft.BusinessAppPlatform/environments",
      kind: "failLifecycle",
      times: "always",
    });
    try {
      const e = await grpcError(
        plugin.create(
          urnOf("Environment", "f"),
          await checked("Environment", {
            ...environmentInputs,
            dataverse: { ...environmentInputs.dataverse, domain: "failing" },
          }),
        ),
      );
      // Whether the client learnt the id before the operation failed varies; either way the message names the failure.
      expect(e.details).toMatch(/createEnvironment: lifecycle operation [0-9a-f-]{36} failed: Run/);
      // The failed operation removed the environment again: nothing to record, the next `up` creates it afresh.
      expect(initFailure(e)).toBeUndefined();
      expect(
        Object.values(emulator.state.environments).filter(
          (x) => x.properties.linkedEnvironmentMetadata?.domainName === "failing",
        ),
      ).toEqual([]);
    } finally {
      emulator.faults.clear();
    }
  });

  it("a response dropped after the create does not create a second environment", async () => {
    emulator.faults.add({
      method: "POST",
      path: "/bap/providers/Microsoft.BusinessAppPlatform/environments",
      kind: "dropResponse",
      times: 1,
    });
    const inputs = await checked("Environment", {
      ...environmentInputs,
      dataverse: { ...environmentInputs.dataverse, domain: "dropped" },
    });
    // Nobody polls the dropped create's operation: the emulator finishes it on its own once its time is up
    // (lifecycleSettleMs), as the service does, while the plugin looks the environment up by its domain.
    const created = await plugin.create(urnOf("Environment", "d"), inputs);
    const withDomain = Object.values(emulator.state.environments).filter(
      (e) => e.properties.linkedEnvironmentMetadata?.domainName === "dropped",
    );
    expect(withDomain.map((e) => e.name)).toEqual([created.id]);
    await plugin.delete(urnOf("Environment", "d"), created.id, created.props);
  });

  it("a failure after the create returns ErrorResourceInitFailed with the id, and the next up continues", async () => {
    const inputs = await checked("Environment", {
      ...environmentInputs,
      dataverse: { ...environmentInputs.dataverse, domain: "partial" },
    });
    emulator.faults.add({
      method: "GET",
      path: "/bap/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments/*",
      kind: "status",
      status: 403,
      times: "always",
    });
    let id = "";
    let partial: Record<string, unknown> = {};
    try {
      const e = await grpcError(plugin.create(urnOf("Environment", "p"), inputs));
      const detail = initFailure(e);
      expect(detail).toBeDefined();
      id = detail!.getId();
      partial = detail!.getProperties()!.toJavaScript() as Record<string, unknown>;
    } finally {
      emulator.faults.clear();
    }
    expect(Object.keys(emulator.state.environments)).toContain(id);
    expect(partial).toEqual({ ...inputs, environmentId: id });
    // The engine records the partial state; the next `up` diffs and updates it.
    const outs = await plugin.update(urnOf("Environment", "p"), id, partial, inputs);
    expect(outs).toMatchObject({ ...inputs, environmentId: id, state: "Ready" });
    await plugin.delete(urnOf("Environment", "p"), id, outs);
  });

  it("ignores the request timeout (the 3.276 server drops it) and uses its own deadline", async () => {
    emulator.faults.add({
      method: "PUT",
      path: "/bap/providers/Microsoft.BusinessAppPlatform/adminApplications/*",
      kind: "delay",
      ms: 300,
    });
    const inputs = await checked("AdminApplication", { applicationId: SECURITY_GROUP });
    const created = await plugin.create(urnOf("AdminApplication", "slow"), inputs, { timeout: 0.001 });
    expect(created.id).toBe(SECURITY_GROUP);
    await plugin.delete(urnOf("AdminApplication", "slow"), created.id, created.props);
  });

  it("hit only routes the emulator serves", () => {
    expect(emulator.log.unmatched).toEqual([]);
    expect(reveal({})).toEqual({});
  });
});
