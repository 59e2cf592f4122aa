import { describe, expect, it } from "vitest";
import { changedTenantSettings, pickTenantSettings } from "../../../src/client/index.ts";
import type { TenantSettings } from "../../../src/client/types.ts";
import { ResourceInitError } from "../../../src/provider/handler.ts";
import type { PowerPlatformPort } from "../../../src/provider/port.ts";
import { makeProvider } from "../../../src/provider/provider.ts";

// The TenantSettings lifecycle against a fake port holding one tenant-settings document: what is snapshotted, what
// is written (exact partial documents), what is restored, and what Check refuses before any call. The document's
// keys and values are those the Terraform provider recorded
// (internal/services/tenant_settings/tests/datasource/post_list_tenant_settings.json).

const TENANT = "8d3c5e2a-1b4f-4c6d-9e8f-0a1b2c3d4e5f";
const URN = "urn:pulumi:dev::baseline::govai:powerplatform:TenantSettings::tenant";

function document(): TenantSettings {
  return {
    walkMeOptOut: false,
    disableTrialEnvironmentCreationByNonAdminUsers: false,
    disableEnvironmentCreationByNonAdminUsers: false,
    powerPlatform: {
      powerApps: { disableShareWithEveryone: false, enableGuestsToMake: false },
      governance: { enableDefaultEnvironmentRouting: false, disableAdminDigest: false },
      intelligence: { disableCopilot: false, enableOpenAiBotPublishing: true },
    },
  };
}

/** A tenant whose document the port reads and writes as the client does: picks, and partial writes of what differs. */
function fakeTenant(options: { failWrites?: number } = {}) {
  let doc = document();
  let failWrites = options.failWrites ?? 0;
  const calls: Array<[string, unknown?]> = [];
  const merge = (base: TenantSettings, change: TenantSettings): TenantSettings => {
    const out: TenantSettings = { ...base };
    for (const [k, v] of Object.entries(change)) {
      out[k] = typeof v === "object" && v !== null ? merge((base[k] ?? {}) as TenantSettings, v as TenantSettings) : v;
    }
    return out;
  };
  const port = {
    getTenantId: async () => {
      calls.push(["getTenantId"]);
      return TENANT;
    },
    readTenantSettings: async (partial: TenantSettings) => {
      calls.push(["readTenantSettings", partial]);
      return pickTenantSettings(doc, partial);
    },
    updateTenantSettings: async (wanted: TenantSettings) => {
      const change = changedTenantSettings(doc, wanted);
      calls.push(["updateTenantSettings", change]);
      if (change) doc = merge(doc, change);
      if (failWrites > 0) {
        failWrites -= 1;
        // The write landed, but its answer was lost.
        throw new Error("socket hang up");
      }
      return doc;
    },
  } as unknown as PowerPlatformPort;
  return {
    port,
    calls,
    doc: () => doc,
    set: (d: TenantSettings) => {
      doc = d;
    },
    writes: () => calls.filter(([m]) => m === "updateTenantSettings").map(([, body]) => body),
  };
}

const SETTINGS = {
  disableTrialEnvironmentCreationByNonAdminUsers: true,
  powerPlatform: { governance: { enableDefaultEnvironmentRouting: true } },
};

function setup(options: { failWrites?: number } = {}) {
  const tenant = fakeTenant(options);
  const provider = makeProvider(() => tenant.port);
  const checked = async (news: object) => {
    const r = await provider.check!(URN, {}, news);
    expect(r.failures).toEqual([]);
    return r.inputs as Record<string, unknown>;
  };
  return { tenant, provider, checked };
}

describe("TenantSettings: Check", () => {
  it("refuses an unknown key or a wrong type with the client's message, before any request", async () => {
    const { tenant, provider } = setup();
    const r = await provider.check!(
      URN,
      {},
      {
        settings: {
          disableEverything: true,
          powerPlatform: { governance: { enableDefaultEnvironmentRouting: "yes" } },
        },
      },
    );
    expect(r.failures).toEqual([
      {
        property: "settings",
        reason:
          'tenant settings refused, nothing was sent: disableEverything is not a known tenant setting; powerPlatform.governance.enableDefaultEnvironmentRouting must be a boolean, got "yes"',
      },
    ]);
    expect(tenant.calls).toEqual([]);
  });

  it("refuses settings that name no setting, and a delete behaviour it does not know", async () => {
    const { tenant, provider } = setup();
    expect((await provider.check!(URN, {}, { settings: { powerPlatform: {} } })).failures).toEqual([
      { property: "settings", reason: "settings must name at least one tenant setting" },
    ]);
    const bad = await provider.check!(URN, {}, { settings: SETTINGS, deleteBehavior: "forget" });
    expect(bad.failures?.map((f) => f.property)).toEqual(["deleteBehavior"]);
    expect(tenant.calls).toEqual([]);
  });

  it("spells out the default delete behaviour", async () => {
    const { checked } = setup();
    expect(await checked({ settings: SETTINGS })).toEqual({ settings: SETTINGS, deleteBehavior: "restore" });
  });
});

describe("TenantSettings: lifecycle", () => {
  it("create snapshots exactly the written keys, then writes them; the id is the tenant id", async () => {
    const { tenant, provider, checked } = setup();
    const inputs = await checked({ settings: SETTINGS });
    const created = await provider.create!(URN, inputs);
    const snapshot = {
      disableTrialEnvironmentCreationByNonAdminUsers: false,
      powerPlatform: { governance: { enableDefaultEnvironmentRouting: false } },
    };
    expect(created).toEqual({ id: TENANT, outs: { ...inputs, snapshot, tenantId: TENANT } });
    expect(tenant.calls).toEqual([
      ["getTenantId"],
      ["readTenantSettings", SETTINGS],
      ["updateTenantSettings", SETTINGS],
    ]);
  });

  it("read shows drift in the managed keys only", async () => {
    const { tenant, provider, checked } = setup();
    const created = await provider.create!(URN, await checked({ settings: SETTINGS }));
    const d = tenant.doc();
    // Someone turns routing off again in the admin centre, and changes a setting this resource does not manage.
    tenant.set({
      ...d,
      walkMeOptOut: true,
      powerPlatform: {
        ...(d.powerPlatform as object),
        governance: { enableDefaultEnvironmentRouting: false, disableAdminDigest: false },
      },
    });
    const read = await provider.read!(TENANT, URN, created.outs);
    const drifted = {
      disableTrialEnvironmentCreationByNonAdminUsers: true,
      powerPlatform: { governance: { enableDefaultEnvironmentRouting: false } },
    };
    expect(read.inputs).toEqual({ settings: drifted, deleteBehavior: "restore" });
    expect(read.props).toEqual({ ...read.inputs, snapshot: created.outs!.snapshot, tenantId: TENANT });
    const diff = await provider.diff!(TENANT, URN, read.props!, created.outs!);
    expect([diff.changes, diff.replaces]).toEqual([true, []]);
  });

  it("update: a newly managed key joins the snapshot with its earlier value; a dropped key is restored", async () => {
    const { tenant, provider, checked } = setup();
    const created = await provider.create!(URN, await checked({ settings: SETTINGS }));
    tenant.calls.length = 0;
    const news = await checked({
      settings: {
        powerPlatform: {
          governance: { enableDefaultEnvironmentRouting: true },
          intelligence: { enableOpenAiBotPublishing: false },
        },
      },
    });
    const { outs } = await provider.update!(TENANT, URN, created.outs!, news);
    expect(tenant.calls).toEqual([
      ["readTenantSettings", { powerPlatform: { intelligence: { enableOpenAiBotPublishing: false } } }],
      [
        "updateTenantSettings",
        {
          // Dropped: back to its snapshot value.
          disableTrialEnvironmentCreationByNonAdminUsers: false,
          powerPlatform: { intelligence: { enableOpenAiBotPublishing: false } },
        },
      ],
    ]);
    expect(outs).toEqual({
      ...news,
      snapshot: {
        powerPlatform: {
          governance: { enableDefaultEnvironmentRouting: false },
          intelligence: { enableOpenAiBotPublishing: true },
        },
      },
      tenantId: TENANT,
    });
  });

  it("update with retain leaves a dropped key as it is and forgets its snapshot", async () => {
    const { tenant, provider, checked } = setup();
    const created = await provider.create!(URN, await checked({ settings: SETTINGS, deleteBehavior: "retain" }));
    tenant.calls.length = 0;
    const news = await checked({
      settings: { powerPlatform: { governance: { enableDefaultEnvironmentRouting: true } } },
      deleteBehavior: "retain",
    });
    const { outs } = await provider.update!(TENANT, URN, created.outs!, news);
    // Nothing differs, so the client sends nothing.
    expect(tenant.writes()).toEqual([undefined]);
    expect(tenant.doc().disableTrialEnvironmentCreationByNonAdminUsers).toBe(true);
    expect(outs!.snapshot).toEqual({ powerPlatform: { governance: { enableDefaultEnvironmentRouting: false } } });
  });

  it("delete with restore writes the exact snapshot back; with retain writes nothing", async () => {
    const restoring = setup();
    const created = await restoring.provider.create!(URN, await restoring.checked({ settings: SETTINGS }));
    await restoring.provider.delete!(TENANT, URN, created.outs!);
    expect(restoring.tenant.writes()).toEqual([SETTINGS, created.outs!.snapshot]);
    expect(restoring.tenant.doc()).toEqual(document());

    const retaining = setup();
    const kept = await retaining.provider.create!(
      URN,
      await retaining.checked({ settings: SETTINGS, deleteBehavior: "retain" }),
    );
    await retaining.provider.delete!(TENANT, URN, kept.outs!);
    expect(retaining.tenant.writes()).toEqual([SETTINGS]);
  });

  it("a create whose write answer is lost records the snapshot; the next run writes again and keeps it", async () => {
    const { tenant, provider, checked } = setup({ failWrites: 1 });
    const inputs = await checked({ settings: SETTINGS });
    const err = await provider.create!(URN, inputs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceInitError);
    const init = err as ResourceInitError;
    const snapshot = {
      disableTrialEnvironmentCreationByNonAdminUsers: false,
      powerPlatform: { governance: { enableDefaultEnvironmentRouting: false } },
    };
    expect([init.id, init.properties]).toEqual([TENANT, { ...inputs, snapshot, tenantId: TENANT }]);
    expect(init.message).toBe(
      `tenant ${TENANT}: writing the tenant settings failed after their snapshot was taken; the snapshot is kept and the next run writes again: socket hang up`,
    );
    // The engine records the resource and runs Update next time: no second snapshot of the values already written.
    tenant.calls.length = 0;
    const { outs } = await provider.update!(TENANT, URN, init.properties, inputs);
    expect(tenant.calls).toEqual([["updateTenantSettings", undefined]]);
    expect(outs!.snapshot).toEqual(snapshot);
    await provider.delete!(TENANT, URN, outs!);
    expect(tenant.doc()).toEqual(document());
  });

  it("an update whose write fails keeps the dropped keys recorded, so the next run restores them", async () => {
    const { tenant, provider, checked } = setup();
    const created = await provider.create!(URN, await checked({ settings: SETTINGS }));
    const news = await checked({
      settings: { powerPlatform: { governance: { enableDefaultEnvironmentRouting: true } } },
    });
    const failing = makeProvider(() => ({
      ...tenant.port,
      readTenantSettings: tenant.port.readTenantSettings,
      updateTenantSettings: async () => {
        throw new Error("503 Service Unavailable");
      },
    }));
    const err = (await failing.update!(TENANT, URN, created.outs!, news).catch((e: unknown) => e)) as ResourceInitError;
    expect(err).toBeInstanceOf(ResourceInitError);
    expect(err.properties).toEqual({ ...created.outs, settings: SETTINGS });
    const { outs } = await provider.update!(TENANT, URN, err.properties, news);
    expect(tenant.doc().disableTrialEnvironmentCreationByNonAdminUsers).toBe(false);
    expect(outs!.snapshot).toEqual({ powerPlatform: { governance: { enableDefaultEnvironmentRouting: false } } });
  });

  it("import reads every known setting and takes the state at import as the snapshot; another tenant's id is refused", async () => {
    const { tenant, provider } = setup();
    const read = await provider.read!(TENANT.toUpperCase(), URN, {});
    const settings = read.inputs!.settings as TenantSettings;
    expect(settings.walkMeOptOut).toBe(false);
    expect((settings.powerPlatform as { intelligence: object }).intelligence).toEqual({
      disableCopilot: false,
      enableOpenAiBotPublishing: true,
    });
    expect(read.props).toEqual({ settings, deleteBehavior: "restore", snapshot: settings, tenantId: TENANT });
    expect(tenant.writes()).toEqual([]);
    await expect(provider.read!("00000000-0000-0000-0000-0000000000aa", URN, {})).rejects.toThrow(
      `cannot import the tenant settings of 00000000-0000-0000-0000-0000000000aa: the credentials sign in to tenant ${TENANT}; import with that id, or use credentials of 00000000-0000-0000-0000-0000000000aa`,
    );
  });
});
