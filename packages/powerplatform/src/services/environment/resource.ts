import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import { type EnvironmentArgs, type EnvironmentOutputs, EnvironmentProperties } from "../../resources/args.ts";
import { isResourceOfType, registeredOptions, registeredProperties } from "../../resources/common.ts";

/**
 * A Power Platform environment with Dataverse.
 *
 * - Replacement: `location`, `azureRegion`, `dataverse.language`, `dataverse.currency`, `cloud`.
 * - In place: `displayName`, `description`, `dataverse.domain`, `dataverse.securityGroupId`, `environmentGroupId`,
 *   and `environmentType` (through `modifySku`).
 * - Group membership (`environmentGroupId`), in place: joining or moving is an environment PATCH with the group,
 *   leaving is the service's `removeEnvironment`. A grouped environment's managed-environment settings are the
 *   group's rules (`EnvironmentGroupRuleSet`): a `ManagedEnvironment` on it is refused. Leaving takes the
 *   group's rules away; the environment keeps its own governance configuration, so declare a `ManagedEnvironment`
 *   for it in the same run to govern it (see the package README).
 * - Delete: deletes the environment and its Dataverse data. Protect production environments with `protect: true`.
 * - Import: `pulumi import govai:powerplatform:Environment <name> <environmentId>`.
 *
 * Never orphaned: if a step after the create fails, the plugin still reports the new id so the next `up` continues.
 * Never made twice: the create's marker carries an owner key derived from this resource's URN, so an environment
 * an earlier `up` of this same resource created after it gave up (a POST that outlived its timeout) is adopted by
 * the next `up`, brought to these inputs; another resource's or another team's environment never is.
 * See https://learn.microsoft.com/power-platform/admin/create-environment
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface of the same name only adds the generated output declarations, which the registered properties initialise
export class Environment extends pulumi.CustomResource {
  /** The Pulumi type token. */
  static readonly __pulumiType = powerPlatformToken("Environment");

  /** Looks up an existing environment by its id (a GUID), without managing it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Environment {
    return new Environment(name, undefined, { ...opts, id });
  }

  /** True when `obj` is an {@link Environment}, even one created by another copy of this package. */
  static override isInstance(obj: unknown): obj is Environment {
    return isResourceOfType(obj, Environment.__pulumiType);
  }

  /**
   * @param name The unique name of the resource.
   * @param args The environment's settings.
   * @param opts Resource options (`protect`, `customTimeouts`, …).
   */
  constructor(name: string, args: EnvironmentArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    super(
      Environment.__pulumiType,
      name,
      registeredProperties(EnvironmentProperties, args),
      registeredOptions(EnvironmentProperties, opts),
    );
  }
}

/** The outputs of {@link Environment}, generated from its description (see `../../resources/args.ts`). */
export interface Environment extends EnvironmentOutputs {}
