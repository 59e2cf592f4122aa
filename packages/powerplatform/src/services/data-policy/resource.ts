import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import { type DataPolicyArgs, type DataPolicyOutputs, DataPolicyProperties } from "../../resources/args.ts";
import { isResourceOfType, registeredOptions, registeredProperties } from "../../resources/common.ts";

/**
 * A DLP data policy (BAPI `PowerPlatform.Governance/v2/policies`): business, non-business and blocked connectors,
 * the default group, the environments it covers, endpoint and action rules, custom-connector URL patterns.
 *
 * - Replacement: `cloud` only. Everything else is updated in place (the full document is sent).
 * - Delete: deletes the policy.
 * - Import: `pulumi import govai:powerplatform:DataPolicy <name> <policyName>`.
 * - Ownership: the policy carries a marker derived from the resource's URN (a Blocked custom-connector rule for
 *   `https://govai-<ownershipMarker>.invalid`, hidden from `customConnectorPatterns`). A create whose outcome is
 *   unknown returns only the policy carrying it, never another policy with the same display name, and the next run
 *   adopts a policy that a timed-out create left behind instead of creating a second one.
 *
 * See https://learn.microsoft.com/power-platform/admin/wp-data-loss-prevention
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface of the same name only adds the generated output declarations, which the registered properties initialise
export class DataPolicy extends pulumi.CustomResource {
  /** The Pulumi type token. */
  static readonly __pulumiType = powerPlatformToken("DataPolicy");

  /** Looks up an existing data policy by its name (a GUID). */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): DataPolicy {
    return new DataPolicy(name, undefined, { ...opts, id });
  }

  /** True when `obj` is a {@link DataPolicy}. */
  static override isInstance(obj: unknown): obj is DataPolicy {
    return isResourceOfType(obj, DataPolicy.__pulumiType);
  }

  /**
   * @param name The unique name of the resource.
   * @param args The policy.
   * @param opts Resource options.
   */
  constructor(name: string, args: DataPolicyArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    super(
      DataPolicy.__pulumiType,
      name,
      registeredProperties(DataPolicyProperties, args),
      registeredOptions(DataPolicyProperties, opts),
    );
  }
}

/** The outputs of {@link DataPolicy}, generated from its description (see `../../resources/args.ts`). */
export interface DataPolicy extends DataPolicyOutputs {}
