import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import type { ManagedEnvironmentArgs } from "../../resources/args.ts";
import { isResourceOfType } from "../../resources/common.ts";
import type { SharingMode, SolutionCheckerMode } from "../../resources/vocabulary.ts";

/**
 * Turns an environment into a Managed Environment and sets its governance: sharing limits, solution checker, usage
 * insights and maker welcome content (BAPI `governanceConfiguration`).
 *
 * - Replacement: `environmentId`, `cloud`. Everything else changes in place.
 * - Refused with a clear error when the environment is in an environment group: the group's rules own these settings.
 * - Delete: turns Managed Environment off again (`protectionLevel: Basic`).
 *
 * See https://learn.microsoft.com/power-platform/admin/managed-environment-overview
 */
export class ManagedEnvironment extends pulumi.CustomResource {
  /** The Pulumi type token. */
  static readonly __pulumiType = powerPlatformToken("ManagedEnvironment");

  /** Looks up the managed-environment settings of an environment; the id is the environment id. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): ManagedEnvironment {
    return new ManagedEnvironment(name, undefined, { ...opts, id });
  }

  /** True when `obj` is a {@link ManagedEnvironment}. */
  static override isInstance(obj: unknown): obj is ManagedEnvironment {
    return isResourceOfType(obj, ManagedEnvironment.__pulumiType);
  }

  /** The governed environment id. Also the resource id. */
  declare readonly environmentId: pulumi.Output<string>;
  /** Sharing limits as applied. */
  declare readonly sharing: pulumi.Output<{
    apps: { groupSharingDisabled: boolean; mode: Exclude<SharingMode, "disableSharing">; maxUsers: number };
    flows: { mode: "noLimit" | "disableSharing" };
    agents: { editorSharingDisabled: boolean; mode: SharingMode; maxViewers: number };
  }>;
  /** Solution checker settings as applied. */
  declare readonly solutionChecker: pulumi.Output<{
    mode: SolutionCheckerMode;
    ruleOverrides: string[];
    suppressValidationEmails: boolean;
  }>;
  /** Whether the environment is in the usage-insights digest. */
  declare readonly usageInsights: pulumi.Output<boolean>;
  /** Maker welcome content, or undefined. */
  declare readonly makerWelcome: pulumi.Output<{ markdown: string; url?: string } | undefined>;
  /** The cloud. */
  declare readonly cloud: pulumi.Output<string | undefined>;
  /** `Standard` while managed. */
  declare readonly protectionLevel: pulumi.Output<string>;

  /**
   * @param name The unique name of the resource.
   * @param args The governance settings.
   * @param opts Resource options.
   */
  constructor(name: string, args: ManagedEnvironmentArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    const a: Partial<ManagedEnvironmentArgs> = args ?? {};
    super(
      ManagedEnvironment.__pulumiType,
      name,
      {
        environmentId: a.environmentId,
        sharing: a.sharing,
        solutionChecker: a.solutionChecker,
        usageInsights: a.usageInsights,
        makerWelcome: a.makerWelcome,
        cloud: a.cloud,
        protectionLevel: undefined,
      },
      opts,
    );
  }
}
