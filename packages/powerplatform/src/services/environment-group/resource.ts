import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import {
  type EnvironmentGroupArgs,
  type EnvironmentGroupOutputs,
  EnvironmentGroupProperties,
} from "../../resources/args.ts";
import { isResourceOfType, registeredOptions, registeredProperties } from "../../resources/common.ts";

/**
 * An environment group (BAPI `environmentGroups`): environments that share one rule set
 * ({@link EnvironmentGroupRuleSet}). An environment joins with `Environment.environmentGroupId`.
 *
 * - In place: `displayName`, `description`. Replacement: `cloud`.
 * - Create: the POST carries a create marker with this resource's owner key (from its URN) at the end of the
 *   description; reads never show it. A create whose answer is lost is never sent again: the group carrying the
 *   marker is taken, and the next run adopts a group this resource's earlier create left (owner key, created by
 *   the same identity). A group someone else made with the same name is never adopted.
 * - Delete: the service refuses (409) while environments are in the group or a rule-based policy is assigned to it;
 *   the error names the environments. The environments are never taken out by this resource: their own
 *   `Environment.environmentGroupId` (or their deletion) decides that. The group's rule set goes with the group.
 *
 * See https://learn.microsoft.com/power-platform/admin/environment-groups
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface of the same name only adds the generated output declarations, which the registered properties initialise
export class EnvironmentGroup extends pulumi.CustomResource {
  /** The Pulumi type token. */
  static readonly __pulumiType = powerPlatformToken("EnvironmentGroup");

  /** Looks up an environment group; the id is the group id. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): EnvironmentGroup {
    return new EnvironmentGroup(name, undefined, { ...opts, id });
  }

  /** True when `obj` is an {@link EnvironmentGroup}. */
  static override isInstance(obj: unknown): obj is EnvironmentGroup {
    return isResourceOfType(obj, EnvironmentGroup.__pulumiType);
  }

  /**
   * @param name The unique name of the resource.
   * @param args The group's name and description.
   * @param opts Resource options.
   */
  constructor(name: string, args: EnvironmentGroupArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    super(
      EnvironmentGroup.__pulumiType,
      name,
      registeredProperties(EnvironmentGroupProperties, args),
      registeredOptions(EnvironmentGroupProperties, opts),
    );
  }
}

/** The outputs of {@link EnvironmentGroup}, generated from its description (see `../../resources/args.ts`). */
export interface EnvironmentGroup extends EnvironmentGroupOutputs {}
