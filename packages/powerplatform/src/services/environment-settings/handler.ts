/** The EnvironmentSettings resource: Dataverse auditing, IP firewall and cookie binding of one environment. */
import type { OrganizationSettings, OrganizationSettingsState } from "../../client/types.ts";
import { type ResourceHandler, rec, strs } from "../../provider/handler.ts";
import { environmentGone, explainOrphan, nothingLeft } from "../../provider/inside-environment.ts";
import { normalise } from "../../provider/normalise.ts";
import { clean, type PropertyMap } from "../../provider/wire.ts";

/** The managed part of the organisation row, in the resource's vocabulary. */
function modelOf(s: OrganizationSettingsState): { auditing: PropertyMap; firewall: PropertyMap } {
  const f = s.firewall;
  return {
    auditing: { ...s.auditing },
    firewall: {
      mode: !f.enabled ? "off" : f.auditMode ? "audit" : "enforce",
      allowedRanges: f.allowedRanges,
      serviceTags: f.serviceTags,
      allowMicrosoftTrustedServices: f.allowMicrosoftTrustedServices,
      allowApplicationUsers: f.allowApplicationUsers,
      cookieBinding: s.cookieBinding,
    },
  };
}

function settingsOf(m: { auditing: unknown; firewall: unknown }): OrganizationSettings {
  const a = rec(m.auditing);
  const f = rec(m.firewall);
  return {
    auditing: {
      enabled: a.enabled as boolean,
      userAccessAudit: a.userAccessAudit as boolean,
      readAudit: a.readAudit as boolean,
      retentionDays: a.retentionDays as number,
    },
    firewall: {
      enabled: f.mode !== "off",
      auditMode: f.mode === "audit",
      allowedRanges: strs(f.allowedRanges),
      serviceTags: strs(f.serviceTags),
      allowMicrosoftTrustedServices: f.allowMicrosoftTrustedServices as boolean,
      allowApplicationUsers: f.allowApplicationUsers as boolean,
    },
    cookieBinding: f.cookieBinding as boolean,
  };
}

/** The values a delete restores: the managed settings only, normalised like inputs. */
function snapshotOf(m: { auditing: PropertyMap; firewall: PropertyMap }): PropertyMap {
  const n = normalise("EnvironmentSettings", m);
  return { auditing: n.auditing, firewall: n.firewall };
}

/** See the `EnvironmentSettings` resource class for the documented behaviour. */
export const environmentSettingsHandler: ResourceHandler = {
  name: "EnvironmentSettings",
  deadlines: { create: 10, update: 10, delete: 10, read: 5 },

  create: (port, inputs, opts) =>
    explainOrphan("EnvironmentSettings", async () => {
      const id = inputs.environmentId as string;
      // The API has no delete: remember what was there so delete can put it back.
      const before = await port.getOrganizationSettings(id, opts);
      const after = await port.updateOrganizationSettings(id, settingsOf(rec(inputs) as never), opts);
      return {
        id,
        outs: clean({ ...inputs, organizationId: after.organizationId, snapshot: snapshotOf(modelOf(before)) }),
      };
    }),

  async read(port, id, props, opts) {
    let now: OrganizationSettingsState;
    try {
      now = await explainOrphan("EnvironmentSettings", () => port.getOrganizationSettings(id, opts));
    } catch (err) {
      // The environment is gone, and its settings with it: not found, so refresh drops the resource.
      if (environmentGone(err)) return undefined;
      throw err;
    }
    const m = modelOf(now);
    const inputs = normalise("EnvironmentSettings", {
      environmentId: id,
      ...m,
      deleteBehavior: props.deleteBehavior,
      cloud: props.cloud,
    });
    // On import there is no snapshot yet: the state at import is what a later delete restores.
    const snapshot = props.snapshot ?? snapshotOf(m);
    return { props: clean({ ...inputs, organizationId: now.organizationId, snapshot }), inputs };
  },

  update: (port, id, olds, news, opts) =>
    explainOrphan("EnvironmentSettings", async () => {
      const after = await port.updateOrganizationSettings(id, settingsOf(rec(news) as never), opts);
      return clean({ ...news, organizationId: after.organizationId, snapshot: olds.snapshot });
    }),

  async delete(port, id, props, opts) {
    if (props.deleteBehavior === "retain" || !props.snapshot) return;
    // Everything goes back as it was read (a new organisation's unset retention goes back as unset, never -1).
    try {
      await port.restoreOrganizationSettings(id, settingsOf(rec(props.snapshot) as never), opts);
    } catch (err) {
      // No environment, or no organisation in it: there is nothing left to restore.
      if (nothingLeft(err)) return;
      throw err;
    }
  },
};
