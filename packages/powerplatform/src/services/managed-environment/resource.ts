import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import {
  type ManagedEnvironmentArgs,
  type ManagedEnvironmentOutputs,
  ManagedEnvironmentProperties,
} from "../../resources/args.ts";
import { isResourceOfType, registeredOptions, registeredProperties } from "../../resources/common.ts";

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
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface of the same name only adds the generated output declarations, which the registered properties initialise
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

  /**
   * @param name The unique name of the resource.
   * @param args The governance settings.
   * @param opts Resource options.
   */
  constructor(name: string, args: ManagedEnvironmentArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    super(
      ManagedEnvironment.__pulumiType,
      name,
      registeredProperties(ManagedEnvironmentProperties, args),
      registeredOptions(ManagedEnvironmentProperties, opts),
    );
  }
}

/** The outputs of {@link ManagedEnvironment}, generated from its description (see `../../resources/args.ts`). */
export interface ManagedEnvironment extends ManagedEnvironmentOutputs {}
