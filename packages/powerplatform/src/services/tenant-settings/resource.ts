import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import { type TenantSettingsArgs, type TenantSettingsOutputs, TenantSettingsProperties } from "../../resources/args.ts";
import { isResourceOfType, registeredOptions, registeredProperties } from "../../resources/common.ts";

/**
 * Tenant-wide Power Platform settings (BAPI `listTenantSettings` / `scopes/admin/updateTenantSettings`): who may
 * create environments and trials, Copilot Studio publishing and authoring, environment routing, and the rest of the
 * tenant-settings document. Only the keys named in `settings` are managed; every other setting is left as it is.
 * The settings have no delete in the API.
 *
 * - Create: reads the tenant id, takes a snapshot of the managed keys' current values (the `snapshot` output), then
 *   writes the keys that differ.
 * - Update: writes the new values. A key added to `settings` joins the snapshot with its value before this resource
 *   first wrote it; a key dropped from `settings` is written back to its snapshot value (`restore`) or left (`retain`).
 * - Delete: with `deleteBehavior: "restore"` (default) writes the snapshot back; with `retain` changes nothing.
 * - Replacement: `cloud` only.
 * - Import: the id is the tenant id; every known setting is then managed, and the state at import is the snapshot.
 * - One per tenant: a second TenantSettings managing a key the first manages takes the first's value as its snapshot,
 *   the two write over each other on every run, and the last delete decides what stays. This is not detected (the
 *   document has no field that could carry an owner); keep one per tenant, in the tenant-baseline stack.
 *
 * See https://learn.microsoft.com/power-platform/admin/tenant-settings
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface of the same name only adds the generated output declarations, which the registered properties initialise
export class TenantSettings extends pulumi.CustomResource {
  /** The Pulumi type token. */
  static readonly __pulumiType = powerPlatformToken("TenantSettings");

  /** Looks up the tenant settings; the id is the tenant id. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): TenantSettings {
    return new TenantSettings(name, undefined, { ...opts, id });
  }

  /** True when `obj` is a {@link TenantSettings}. */
  static override isInstance(obj: unknown): obj is TenantSettings {
    return isResourceOfType(obj, TenantSettings.__pulumiType);
  }

  /**
   * @param name The unique name of the resource.
   * @param args The settings to manage.
   * @param opts Resource options.
   */
  constructor(name: string, args: TenantSettingsArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    super(
      TenantSettings.__pulumiType,
      name,
      registeredProperties(TenantSettingsProperties, args),
      registeredOptions(TenantSettingsProperties, opts),
    );
  }
}

/** The outputs of {@link TenantSettings}, generated from its description (see `../../resources/args.ts`). */
export interface TenantSettings extends TenantSettingsOutputs {}
