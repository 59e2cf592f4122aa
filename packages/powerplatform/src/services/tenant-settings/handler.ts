/**
 * The TenantSettings resource: the tenant-wide settings named in `settings`, with a snapshot of their values before
 * this resource first wrote them, written back on delete (or when a key is dropped) unless `deleteBehavior` is retain.
 */
import type { TenantSettings } from "../../client/types.ts";
import { ProviderError, type ResourceHandler, ResourceInitError, rec } from "../../provider/handler.ts";
import { normalise } from "../../provider/normalise.ts";
import { clean, type PropertyMap } from "../../provider/wire.ts";
import {
  everyKnownSetting,
  mergeSettings,
  type SettingPath,
  settingPaths,
  settingsAt,
  withoutSettings,
} from "./convert.ts";

const key = (p: SettingPath) => p.join(".");

/**
 * The write failed after the snapshot was taken: record the resource with that snapshot (ErrorResourceInitFailed),
 * so the next `up` continues from it instead of taking a second snapshot of values this write may already have
 * changed (a lost answer leaves the write applied), which a later delete would then "restore".
 */
function keepSnapshot(tenantId: string, props: PropertyMap, cause: unknown): ResourceInitError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const err = new Error(
    `tenant ${tenantId}: writing the tenant settings failed after their snapshot was taken; the snapshot is kept and the next run writes again: ${reason}`,
    { cause },
  );
  return new ResourceInitError(tenantId, props, err);
}

/** See the `TenantSettings` resource class for the documented behaviour. */
export const tenantSettingsHandler: ResourceHandler = {
  name: "TenantSettings",
  deadlines: { create: 5, update: 5, delete: 5, read: 5 },

  async create(port, inputs, opts) {
    const settings = rec(inputs.settings) as TenantSettings;
    const tenantId = await port.getTenantId(opts);
    // The settings have no delete: remember what was there so delete can put it back.
    const before = await port.readTenantSettings(settings, opts);
    const snapshot = settingsAt(before, settingPaths(settings));
    const outs = clean({ ...inputs, snapshot, tenantId });
    try {
      await port.updateTenantSettings(settings, opts);
    } catch (err) {
      throw keepSnapshot(tenantId, outs, err);
    }
    return { id: tenantId, outs };
  },

  async read(port, id, props, opts) {
    if (props.settings === undefined) {
      // Import: every known setting is managed, and the state at import is what a later delete restores.
      const tenantId = await port.getTenantId(opts);
      if (tenantId !== id.toLowerCase()) {
        throw new ProviderError(
          `cannot import the tenant settings of ${id}: the credentials sign in to tenant ${tenantId}; import with that id, or use credentials of ${id}`,
        );
      }
      const all = await port.readTenantSettings(everyKnownSetting(), opts);
      const settings = settingsAt(all, settingPaths(everyKnownSetting()));
      const inputs = normalise("TenantSettings", { settings, cloud: props.cloud });
      return { props: clean({ ...inputs, snapshot: settings, tenantId }), inputs };
    }
    const managed = rec(props.settings) as TenantSettings;
    // Only the managed keys: the rest of the document is someone else's, and drift in them is not ours to show.
    const now = settingsAt(await port.readTenantSettings(managed, opts), settingPaths(managed));
    const inputs = normalise("TenantSettings", {
      settings: now,
      deleteBehavior: props.deleteBehavior,
      cloud: props.cloud,
    });
    return { props: clean({ ...inputs, snapshot: props.snapshot ?? {}, tenantId: id }), inputs };
  },

  async update(port, id, olds, news, opts) {
    const oldSettings = rec(olds.settings) as TenantSettings;
    const newSettings = rec(news.settings) as TenantSettings;
    const had = new Set(settingPaths(oldSettings).map(key));
    const wants = new Set(settingPaths(newSettings).map(key));
    const added = settingPaths(newSettings).filter((p) => !had.has(key(p)));
    const dropped = settingPaths(oldSettings).filter((p) => !wants.has(key(p)));
    let snapshot = rec(olds.snapshot) as TenantSettings;
    if (added.length > 0) {
      // A key managed from now on: its value before this resource first writes it joins the snapshot.
      const before = await port.readTenantSettings(settingsAt(newSettings, added), opts);
      snapshot = mergeSettings(snapshot, settingsAt(before, added));
    }
    // A key no longer managed goes back to its snapshot value (restore), or stays as it is (retain).
    const restore = news.deleteBehavior === "retain" ? {} : settingsAt(snapshot, dropped);
    const write = mergeSettings(restore, newSettings);
    try {
      await port.updateTenantSettings(write, opts);
    } catch (err) {
      // The dropped keys stay in the recorded settings and snapshot, so the next run restores them again.
      const pending = mergeSettings(settingsAt(oldSettings, dropped), newSettings);
      throw keepSnapshot(id, clean({ ...news, settings: pending, snapshot, tenantId: id }), err);
    }
    return clean({ ...news, snapshot: withoutSettings(snapshot, dropped), tenantId: id });
  },

  async delete(port, _id, props, opts) {
    if (props.deleteBehavior === "retain") return;
    const snapshot = rec(props.snapshot) as TenantSettings;
    if (settingPaths(snapshot).length === 0) return;
    // The client sends only the keys whose value differs from the tenant's now.
    await port.updateTenantSettings(snapshot, opts);
  },
};
