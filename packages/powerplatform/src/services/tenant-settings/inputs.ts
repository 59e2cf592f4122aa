/** The one input description of TenantSettings (see `provider/describe.ts` for what is derived from it). */
import { z } from "zod";
import type { ResourceDescription } from "../../provider/describe.ts";
import { cloud } from "../../provider/fields.ts";
import { SETTINGS_DELETE_BEHAVIORS } from "../../resources/vocabulary.ts";
import { checkTenantSettings, settingPaths } from "./convert.ts";

/** The inputs of a TenantSettings. */
export const tenantSettingsInputs = z.strictObject({
  settings: z
    .record(z.string(), z.unknown())
    .superRefine((settings, ctx) => {
      // The client's own rule, so Check refuses with the message a write would give, before any request.
      try {
        checkTenantSettings(settings);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
        return;
      }
      if (settingPaths(settings).length === 0) {
        ctx.addIssue({ code: "custom", message: "settings must name at least one tenant setting" });
      }
    })
    .meta({
      description:
        "The tenant settings to manage: a partial tenant-settings document in the service's own nested shape, e.g. { disableTrialEnvironmentCreationByNonAdminUsers: true, powerPlatform: { governance: { enableDefaultEnvironmentRouting: true } } }. Only known keys, each with its JSON type; every other setting is left as it is.",
    }),
  deleteBehavior: z.enum(SETTINGS_DELETE_BEHAVIORS).optional().meta({
    description:
      "restore (default): delete, and dropping a key from settings, write back the values found before this resource first wrote them; retain: leave the tenant as it is.",
  }),
  cloud,
});

/** The TenantSettings description. */
export const tenantSettings: ResourceDescription<typeof tenantSettingsInputs> = {
  name: "TenantSettings",
  description:
    "Tenant-wide Power Platform settings (who may create environments and trials, Copilot Studio publishing and authoring, environment routing, …): only the keys in settings are managed. Create snapshots their values, then writes; delete writes the snapshot back (deleteBehavior restore, the default) or leaves the tenant (retain). The id is the tenant id; one per tenant.",
  inputs: tenantSettingsInputs,
  outputs: z.object({
    snapshot: z.record(z.string(), z.unknown()).meta({
      description:
        "The values of exactly the managed keys before this resource first wrote them (same shape as settings); restored on delete.",
    }),
    tenantId: z.string().meta({ description: "The tenant id (lower-cased); also the resource id." }),
  }),
};
