import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentSettingsArgs } from "../../resources/args.ts";
import { isResourceOfType } from "../../resources/common.ts";
import type { FirewallMode, SettingsDeleteBehavior } from "../../resources/vocabulary.ts";

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

  /** The environment id. Also the resource id. */
  declare readonly environmentId: pulumi.Output<string>;
  /** Auditing as applied. */
  declare readonly auditing: pulumi.Output<{
    enabled: boolean;
    userAccessAudit: boolean;
    readAudit: boolean;
    retentionDays: number;
  }>;
  /** Firewall as applied. */
  declare readonly firewall: pulumi.Output<{
    mode: FirewallMode;
    allowedRanges: string[];
    serviceTags: string[];
    allowMicrosoftTrustedServices: boolean;
    allowApplicationUsers: boolean;
    cookieBinding: boolean;
  }>;
  /** Delete behaviour. */
  declare readonly deleteBehavior: pulumi.Output<SettingsDeleteBehavior>;
  /** The cloud. */
  declare readonly cloud: pulumi.Output<string | undefined>;
  /** Dataverse organisation id. */
  declare readonly organizationId: pulumi.Output<string>;
  /** The settings as they were before the first write (same shape as the inputs); restored on delete. */
  declare readonly snapshot: pulumi.Output<{ auditing: unknown; firewall: unknown }>;

  /**
   * @param name The unique name of the resource.
   * @param args The settings.
   * @param opts Resource options.
   */
  constructor(name: string, args: EnvironmentSettingsArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    const a: Partial<EnvironmentSettingsArgs> = args ?? {};
    super(
      EnvironmentSettings.__pulumiType,
      name,
      {
        environmentId: a.environmentId,
        auditing: a.auditing,
        firewall: a.firewall,
        deleteBehavior: a.deleteBehavior,
        cloud: a.cloud,
        organizationId: undefined,
        snapshot: undefined,
      },
      opts,
    );
  }
}
