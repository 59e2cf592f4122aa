import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentGroupRuleSetArgs } from "../../resources/args.ts";
import { isResourceOfType } from "../../resources/common.ts";
import type { SharingMode, SolutionCheckerMode } from "../../resources/vocabulary.ts";

/**
 * The rule set of an environment group (the legacy rule-set API on the tenant-scoped Power Platform API): sharing
 * limits of canvas apps, solution checker, usage insights, maker welcome, backup retention and generative AI for
 * every environment in the group. The group's rules own its environments' managed-environment settings, so a
 * `ManagedEnvironment` on a grouped environment is refused.
 *
 * - The id is the group id. Replacement: `groupId`, `cloud`. `rules` change in place.
 * - This resource owns the six rule types it models: a rule left out of `rules` is removed from the group, and one
 *   added in the admin centre shows as drift. Rule types it does not model are kept as they are on every write.
 * - `rules.sharing.agents` is refused by Check: the wire names of the agent-sharing rule are not known.
 * - Delete removes the managed rules (the rule set itself when nothing else is in it).
 *
 * See https://learn.microsoft.com/power-platform/admin/environment-groups#rules
 */
export class EnvironmentGroupRuleSet extends pulumi.CustomResource {
  /** The Pulumi type token. */
  static readonly __pulumiType = powerPlatformToken("EnvironmentGroupRuleSet");

  /** Looks up a group's rule set; the id is the group id. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): EnvironmentGroupRuleSet {
    return new EnvironmentGroupRuleSet(name, undefined, { ...opts, id });
  }

  /** True when `obj` is an {@link EnvironmentGroupRuleSet}. */
  static override isInstance(obj: unknown): obj is EnvironmentGroupRuleSet {
    return isResourceOfType(obj, EnvironmentGroupRuleSet.__pulumiType);
  }

  /** The group id. Also the resource id. */
  declare readonly groupId: pulumi.Output<string>;
  /** The managed rules as applied. */
  declare readonly rules: pulumi.Output<{
    sharing?: {
      apps: { groupSharingDisabled: boolean; mode: Exclude<SharingMode, "disableSharing">; maxUsers: number };
    };
    solutionChecker?: { mode: SolutionCheckerMode; ruleOverrides: string[]; suppressValidationEmails: boolean };
    usageInsights?: boolean;
    makerWelcome?: { markdown: string; url?: string };
    backupRetentionDays?: number;
    generativeAi?: { moveDataAcrossRegions: boolean; bingSearch: boolean };
  }>;
  /** The cloud. */
  declare readonly cloud: pulumi.Output<string | undefined>;
  /** The rule set's own id (not the group's). */
  declare readonly ruleSetId: pulumi.Output<string>;

  /**
   * @param name The unique name of the resource.
   * @param args The group and its rules.
   * @param opts Resource options.
   */
  constructor(name: string, args: EnvironmentGroupRuleSetArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    const a: Partial<EnvironmentGroupRuleSetArgs> = args ?? {};
    super(
      EnvironmentGroupRuleSet.__pulumiType,
      name,
      { groupId: a.groupId, rules: a.rules, cloud: a.cloud, ruleSetId: undefined },
      opts,
    );
  }
}
