import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import {
  type EnvironmentGroupRuleSetArgs,
  type EnvironmentGroupRuleSetOutputs,
  EnvironmentGroupRuleSetProperties,
} from "../../resources/args.ts";
import { isResourceOfType, registeredOptions, registeredProperties } from "../../resources/common.ts";

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
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface of the same name only adds the generated output declarations, which the registered properties initialise
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

  /**
   * @param name The unique name of the resource.
   * @param args The group and its rules.
   * @param opts Resource options.
   */
  constructor(name: string, args: EnvironmentGroupRuleSetArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    super(
      EnvironmentGroupRuleSet.__pulumiType,
      name,
      registeredProperties(EnvironmentGroupRuleSetProperties, args),
      registeredOptions(EnvironmentGroupRuleSetProperties, opts),
    );
  }
}

/** The outputs of {@link EnvironmentGroupRuleSet}, generated from its description (see `../../resources/args.ts`). */
export interface EnvironmentGroupRuleSet extends EnvironmentGroupRuleSetOutputs {}
