import { DEFAULT_APP_ID, DEFAULT_TENANT_ID, type Emulator, startEmulator } from "@govai/emulator";
import type { ServiceError } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { environmentInputs } from "./fixtures.ts";
import { DIFF, initFailure, launch, type Plugin, urnOf } from "./harness.ts";

// The tenant-baseline resources (TenantSettings, BillingPolicy, BillingPolicyEnvironment) driven over gRPC as the
// engine drives them, the plugin executable against the emulator: Check → Diff → Create → Read → Update → Delete,
// bad input refused by Check with nothing sent, a lost create answer with no duplicate, and restore on delete
// writing the exact snapshot. Tenant-settings keys as the Terraform provider recorded them
// (internal/services/tenant_settings/tests/datasource/post_list_tenant_settings.json); billing bodies as it sends
// them (internal/services/licensing/test/resource/policies/Validate_Create/post_billing_policy.json).

let emulator: Emulator;
let plugin: Plugin;
const TENANT_SETTINGS = "/bap/providers/Microsoft.BusinessAppPlatform/scopes/admin/updateTenantSettings";
const SUB = "0f0f0f0f-0000-4000-8000-000000000a01";

beforeAll(async () => {
  emulator = await startEmulator({
    seed: 13,
    adminApplications: [DEFAULT_APP_ID],
    // The client's Provisioning waits are seconds long by default; they are covered by the in-process tests.
    timing: { metadataHiddenGets: 0, managementRunningGets: 0, billingPolicyProvisioningReads: 0 },
  });
  plugin = await launch({
    GOVAI_POWERPLATFORM_ENDPOINTS: JSON.stringify(emulator.endpoints),
    GOVAI_POWERPLATFORM_EMULATOR_IDENTITY: `app:${DEFAULT_APP_ID}`,
    AZURE_TENANT_ID: DEFAULT_TENANT_ID,
  });
});
afterAll(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  plugin?.stop();
  await emulator?.close();
});

const seqNow = () => emulator.log.entries.length;
const since = (seq: number) => emulator.log.entries.slice(seq);
const writesSince = (seq: number, route: string) =>
  since(seq)
    .filter((e) => e.route === route)
    .map((e) => e.body);
async function checked(urn: string, news: object): Promise<Record<string, unknown>> {
  const r = await plugin.check(urn, news);
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

describe("TenantSettings over gRPC", () => {
  const URN = urnOf("TenantSettings", "tenant");
  const SETTINGS = {
    disableTrialEnvironmentCreationByNonAdminUsers: true,
    powerPlatform: {
      governance: { enableDefaultEnvironmentRouting: true },
      intelligence: { enableOpenAiBotPublishing: false },
    },
  };
  const BEFORE = {
    disableTrialEnvironmentCreationByNonAdminUsers: false,
    powerPlatform: {
      governance: { enableDefaultEnvironmentRouting: false },
      intelligence: { enableOpenAiBotPublishing: true },
    },
  };

  it("Check refuses an unknown key with the client's exact message, and nothing is sent", async () => {
    const seq = seqNow();
    const r = await plugin.check(URN, { settings: { powerPlatform: { governance: { routeEverything: true } } } });
    expect(r.failures).toEqual([
      {
        property: "settings",
        reason:
          "tenant settings refused, nothing was sent: powerPlatform.governance.routeEverything is not a known tenant setting",
      },
    ]);
    expect(since(seq)).toEqual([]);
  });

  it("create snapshots, read, update, and delete writes the exact snapshot back", async () => {
    const original = structuredClone(emulator.state.tenantSettings);
    const inputs = await checked(URN, { settings: SETTINGS });
    expect(inputs).toEqual({ settings: SETTINGS, deleteBehavior: "restore" });
    let seq = seqNow();
    const created = await plugin.create(URN, inputs);
    const tenantId = DEFAULT_TENANT_ID.toLowerCase();
    expect(created).toEqual({ id: tenantId, props: { ...inputs, snapshot: BEFORE, tenantId } });
    expect(writesSince(seq, "tenantSettings.update")).toEqual([SETTINGS]);
    expect(await plugin.read(URN, tenantId, created.props)).toEqual({ id: tenantId, props: created.props, inputs });

    // Drop the Copilot Studio key, add routing to all makers: the dropped key goes back, the added one is snapshotted.
    const news = await checked(URN, {
      settings: {
        disableTrialEnvironmentCreationByNonAdminUsers: true,
        powerPlatform: { governance: { enableDefaultEnvironmentRouting: true, environmentRoutingAllMakers: true } },
      },
    });
    expect(await plugin.diff(URN, tenantId, created.props, news)).toEqual({
      changes: DIFF.SOME,
      replaces: [],
      deleteBeforeReplace: false,
    });
    seq = seqNow();
    const updated = await plugin.update(URN, tenantId, created.props, news);
    expect(writesSince(seq, "tenantSettings.update")).toEqual([
      {
        powerPlatform: {
          intelligence: { enableOpenAiBotPublishing: true },
          governance: { environmentRoutingAllMakers: true },
        },
      },
    ]);
    const snapshot = {
      disableTrialEnvironmentCreationByNonAdminUsers: false,
      powerPlatform: { governance: { enableDefaultEnvironmentRouting: false, environmentRoutingAllMakers: false } },
    };
    expect(updated).toEqual({ ...news, snapshot, tenantId });

    seq = seqNow();
    await plugin.delete(URN, tenantId, updated);
    expect(writesSince(seq, "tenantSettings.update")).toEqual([snapshot]);
    expect(emulator.state.tenantSettings).toEqual(original);
  });

  it("a write refused after the snapshot records it (ErrorResourceInitFailed); the next run writes, not re-snapshots", async () => {
    const original = structuredClone(emulator.state.tenantSettings);
    const inputs = await checked(URN, { settings: SETTINGS });
    emulator.faults.add({ method: "POST", path: TENANT_SETTINGS, kind: "status", status: 400, times: 1 });
    const err = await grpcError(plugin.create(URN, inputs));
    const init = initFailure(err);
    const tenantId = DEFAULT_TENANT_ID.toLowerCase();
    expect(init?.getId()).toBe(tenantId);
    const recorded = init?.getProperties()?.toJavaScript() as Record<string, unknown>;
    expect(recorded).toEqual({ ...inputs, snapshot: BEFORE, tenantId });
    expect(emulator.state.tenantSettings).toEqual(original);
    // The engine runs Update on the recorded resource next time.
    const seq = seqNow();
    const updated = await plugin.update(URN, tenantId, recorded, inputs);
    expect(since(seq).map((e) => e.route)).toEqual(["tenantSettings.list", "tenantSettings.update"]);
    expect(updated.snapshot).toEqual(BEFORE);
    await plugin.delete(URN, tenantId, updated);
    expect(emulator.state.tenantSettings).toEqual(original);
  });

  it("a dropped write answer is resent (the write is idempotent) and the snapshot stays the values before it", async () => {
    const original = structuredClone(emulator.state.tenantSettings);
    const inputs = await checked(URN, { settings: SETTINGS, deleteBehavior: "retain" });
    emulator.faults.add({ method: "POST", path: TENANT_SETTINGS, kind: "dropResponse", times: 1 });
    const created = await plugin.create(URN, inputs);
    expect(created.props.snapshot).toEqual(BEFORE);
    // retain: delete leaves the tenant as it is.
    const seq = seqNow();
    await plugin.delete(URN, created.id, created.props);
    expect(since(seq)).toEqual([]);
    expect(emulator.state.tenantSettings).not.toEqual(original);
    // Put the tenant back for the other tests.
    const restore = await checked(URN, { settings: BEFORE });
    await plugin.create(URN, restore);
    expect(emulator.state.tenantSettings).toEqual(original);
  });
});

describe("BillingPolicy and BillingPolicyEnvironment over gRPC", () => {
  const POLICY_URN = urnOf("BillingPolicy", "copilot-pilots");
  const LINK_URN = urnOf("BillingPolicyEnvironment", "dev");
  const POLICY = {
    displayName: "copilot-pilots",
    location: "europe",
    subscriptionId: SUB,
    resourceGroup: "rg-pp-billing",
  };
  let envId = "";
  let envProps: Record<string, unknown> = {};

  beforeAll(async () => {
    const env = await checked(urnOf("Environment", "billed"), {
      ...environmentInputs,
      dataverse: { ...environmentInputs.dataverse, domain: "billed" },
    });
    const created = await plugin.create(urnOf("Environment", "billed"), env);
    envId = created.id;
    envProps = created.props;
  });
  afterAll(async () => {
    if (envId) await plugin.delete(urnOf("Environment", "billed"), envId, envProps);
  });

  it("Check refuses bad input with exact messages, and nothing is sent", async () => {
    const seq = seqNow();
    expect((await plugin.check(POLICY_URN, { ...POLICY, subscriptionId: "sub", status: "On" })).failures).toEqual([
      { property: "subscriptionId", reason: "subscriptionId must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)" },
      { property: "status", reason: 'Invalid option: expected one of "Enabled"|"Disabled"' },
    ]);
    expect((await plugin.check(LINK_URN, { billingPolicyId: "p", environmentId: envId })).failures).toEqual([
      { property: "billingPolicyId", reason: "billingPolicyId must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)" },
    ]);
    expect(since(seq)).toEqual([]);
  });

  it("a policy whose create answer is lost is created once; link, read, update, unlink, delete", async () => {
    const inputs = await checked(POLICY_URN, POLICY);
    expect(inputs).toEqual({ ...POLICY, status: "Enabled" });
    emulator.faults.add({ method: "POST", path: "/ppapi/licensing/BillingPolicies", kind: "dropResponse", times: 1 });
    const created = await plugin.create(POLICY_URN, inputs);
    const policyId = created.id;
    expect(created.props).toEqual({ ...inputs, billingPolicyId: policyId });
    expect(Object.keys(emulator.state.billingPolicies)).toEqual([policyId]);
    // The engine never recorded it (say the plugin died): the next create adopts the same policy.
    expect((await plugin.create(POLICY_URN, inputs)).id).toBe(policyId);
    expect(Object.keys(emulator.state.billingPolicies)).toEqual([policyId]);
    expect(emulator.log.find({ route: "billingPolicies.create" })).toHaveLength(1);
    expect(await plugin.read(POLICY_URN, policyId, {})).toEqual({ id: policyId, props: created.props, inputs });

    const link = await checked(LINK_URN, { billingPolicyId: policyId.toUpperCase(), environmentId: envId });
    expect(link).toEqual({ billingPolicyId: policyId, environmentId: envId });
    const linked = await plugin.create(LINK_URN, link);
    expect(linked).toEqual({ id: `${policyId}/${envId}`, props: link });
    expect(emulator.log.find({ route: "billingPolicies.addEnvironments" }).map((e) => e.body)).toEqual([
      { environmentIds: [envId] },
    ]);
    expect(await plugin.read(LINK_URN, linked.id, {})).toEqual({ id: linked.id, props: link, inputs: link });

    // Deleting the policy while it still bills the environment is refused, and nothing is deleted.
    const refused = await grpcError(plugin.delete(POLICY_URN, policyId, created.props));
    expect(refused.details).toBe(
      `billing policy ${policyId} ("copilot-pilots") still bills 1 environment (${envId}), so it was not deleted: unlink it first (their BillingPolicyEnvironment resources, or Billing → Billing policies in the admin centre), then run again`,
    );
    expect(Object.keys(emulator.state.billingPolicies)).toEqual([policyId]);

    const disabled = { ...inputs, displayName: "copilot-pilots-eu", status: "Disabled" };
    expect(await plugin.diff(POLICY_URN, policyId, created.props, disabled)).toEqual({
      changes: DIFF.SOME,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await plugin.update(POLICY_URN, policyId, created.props, disabled)).toEqual({
      ...disabled,
      billingPolicyId: policyId,
    });
    expect(emulator.state.billingPolicies[policyId]?.status).toBe("Disabled");
    expect(await plugin.diff(POLICY_URN, policyId, created.props, { ...inputs, location: "unitedstates" })).toEqual({
      changes: DIFF.SOME,
      replaces: ["location"],
      deleteBeforeReplace: true,
    });

    await plugin.delete(LINK_URN, linked.id, linked.props);
    expect(emulator.state.environments[envId]?.properties.billingPolicy).toBeUndefined();
    expect(await plugin.read(LINK_URN, linked.id, linked.props)).toEqual({ id: "", props: {}, inputs: {} });
    await plugin.delete(POLICY_URN, policyId, created.props);
    expect(emulator.state.billingPolicies).toEqual({});
    expect(await plugin.read(POLICY_URN, policyId, created.props)).toEqual({ id: "", props: {}, inputs: {} });
  });

  it("a link to an environment another policy bills is refused, naming that policy; nothing moves", async () => {
    const ours = await plugin.create(POLICY_URN, await checked(POLICY_URN, POLICY));
    const theirsUrn = urnOf("BillingPolicy", "finance");
    const theirs = await plugin.create(theirsUrn, await checked(theirsUrn, { ...POLICY, displayName: "finance-bots" }));
    const theirLink = await plugin.create(
      urnOf("BillingPolicyEnvironment", "finance"),
      await checked(LINK_URN, { billingPolicyId: theirs.id, environmentId: envId }),
    );
    const err = await grpcError(
      plugin.create(LINK_URN, await checked(LINK_URN, { billingPolicyId: ours.id, environmentId: envId })),
    );
    expect(err.details).toBe(
      `environment ${envId} is billed by another billing policy, ${theirs.id} ("finance-bots"), so it was not linked to ${ours.id} ("copilot-pilots"): unlink it from ${theirs.id} first (its BillingPolicyEnvironment resource, or Billing → Billing policies in the admin centre)`,
    );
    expect(emulator.state.environments[envId]?.properties.billingPolicy?.id).toBe(theirs.id);
    await plugin.delete(urnOf("BillingPolicyEnvironment", "finance"), theirLink.id, theirLink.props);
    await plugin.delete(theirsUrn, theirs.id, theirs.props);
    await plugin.delete(POLICY_URN, ours.id, ours.props);
    expect(emulator.state.billingPolicies).toEqual({});
  });
});
