import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import {
  type EnvironmentSettingsArgs,
  type EnvironmentSettingsOutputs,
  EnvironmentSettingsProperties,
} from "../../resources/args.ts";
import { isResourceOfType, registeredOptions, registeredProperties } from "../../resources/common.ts";

/**
 * Dataverse organisation settings of one environment: auditing and retention, IP firewall (audit or enforce),
 * cookie binding. These settings have no delete in the API.
 *
 * - Create: takes a snapshot of the current values (the `snapshot` output), then writes the desired ones.
 * - Replacement: `environmentId`, `cloud`.
 * - Delete: with `deleteBehavior: "restore"` (default) writes the snapshot back; with `retain` changes nothing.
 * - Import: the id is the environment id; the snapshot of an imported resource is the state at import.
 *
 * See https://learn.microsoft.com/power-platform/admin/manage-dataverse-auditing and
 * https://learn.microsoft.com/power-platform/admin/ip-firewall
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface of the same name only adds the generated output declarations, which the registered properties initialise
export class EnvironmentSettings extends pulumi.CustomResource {
  /** The Pulumi type token. */
  static readonly __pulumiType = powerPlatformToken("EnvironmentSettings");

  /** Looks up the settings of an environment; the id is the environment id. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): EnvironmentSettings {
    return new EnvironmentSettings(name, undefined, { ...opts, id });
  }

  /** True when `obj` is an {@link EnvironmentSettings}. */
  static override isInstance(obj: unknown): obj is EnvironmentSettings {
    return isResourceOfType(obj, EnvironmentSettings.__pulumiType);
  }

  /**
   * @param name The unique name of the resource.
   * @param args The settings.
   * @param opts Resource options.
   */
  constructor(name: string, args: EnvironmentSettingsArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    super(
      EnvironmentSettings.__pulumiType,
      name,
      registeredProperties(EnvironmentSettingsProperties, args),
      registeredOptions(EnvironmentSettingsProperties, opts),
    );
  }
}

/** The outputs of {@link EnvironmentSettings}, generated from its description (see `../../resources/args.ts`). */
export interface EnvironmentSettings extends EnvironmentSettingsOutputs {}
