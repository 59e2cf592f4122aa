import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import {
  type BillingPolicyArgs,
  type BillingPolicyEnvironmentArgs,
  type BillingPolicyEnvironmentOutputs,
  BillingPolicyEnvironmentProperties,
  type BillingPolicyOutputs,
  BillingPolicyProperties,
} from "../../resources/args.ts";
import { isResourceOfType, registeredOptions, registeredProperties } from "../../resources/common.ts";

/**
 * A pay-as-you-go billing policy (Power Platform licensing API): the Azure subscription and resource group that pay
 * for the environments linked to it, e.g. the Copilot Studio messages of pilot environments.
 *
 * - Create: adopts the policy an earlier create of this client left (same name, subscription, resource group and
 *   location, created by this client's identity) instead of creating a second; a look-alike created by anyone else
 *   is never adopted. Waits until the policy is no longer `Provisioning`.
 * - Update: `displayName` and `status` change in place.
 * - Replacement: `location`, `subscriptionId`, `resourceGroup`, `cloud`; the old policy (and its links) go first.
 * - Delete: refused, with nothing deleted, while the policy still bills environments (the links of this stack are
 *   deleted before it); a policy already gone counts as deleted.
 * - Import: the id is the billing policy id.
 *
 * See https://learn.microsoft.com/power-platform/admin/pay-as-you-go-set-up
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface of the same name only adds the generated output declarations, which the registered properties initialise
export class BillingPolicy extends pulumi.CustomResource {
  /** The Pulumi type token. */
  static readonly __pulumiType = powerPlatformToken("BillingPolicy");

  /** Looks up a billing policy by its id. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): BillingPolicy {
    return new BillingPolicy(name, undefined, { ...opts, id });
  }

  /** True when `obj` is a {@link BillingPolicy}. */
  static override isInstance(obj: unknown): obj is BillingPolicy {
    return isResourceOfType(obj, BillingPolicy.__pulumiType);
  }

  /**
   * @param name The unique name of the resource.
   * @param args The policy.
   * @param opts Resource options.
   */
  constructor(name: string, args: BillingPolicyArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    super(
      BillingPolicy.__pulumiType,
      name,
      registeredProperties(BillingPolicyProperties, args),
      registeredOptions(BillingPolicyProperties, opts),
    );
  }
}

/**
 * Links one environment to a pay-as-you-go billing policy (licensing API `environments/add` and `remove`), read back
 * from the licensing API.
 *
 * - Create: links the environment; one the policy already bills is taken as it is (nothing sent). Refused with an
 *   error naming the other policy when another policy bills the environment: it is never moved silently.
 * - Replacement: `billingPolicyId`, `environmentId`, `cloud`; the old link goes first.
 * - Delete: removes the link only; the policy and the environment stay.
 * - Import: the id is `<billingPolicyId>/<environmentId>`.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface of the same name only adds the generated output declarations, which the registered properties initialise
export class BillingPolicyEnvironment extends pulumi.CustomResource {
  /** The Pulumi type token. */
  static readonly __pulumiType = powerPlatformToken("BillingPolicyEnvironment");

  /** Looks up a link; the id is `<billingPolicyId>/<environmentId>`. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): BillingPolicyEnvironment {
    return new BillingPolicyEnvironment(name, undefined, { ...opts, id });
  }

  /** True when `obj` is a {@link BillingPolicyEnvironment}. */
  static override isInstance(obj: unknown): obj is BillingPolicyEnvironment {
    return isResourceOfType(obj, BillingPolicyEnvironment.__pulumiType);
  }

  /**
   * @param name The unique name of the resource.
   * @param args The policy and the environment.
   * @param opts Resource options.
   */
  constructor(name: string, args: BillingPolicyEnvironmentArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    super(
      BillingPolicyEnvironment.__pulumiType,
      name,
      registeredProperties(BillingPolicyEnvironmentProperties, args),
      registeredOptions(BillingPolicyEnvironmentProperties, opts),
    );
  }
}

/** The outputs of {@link BillingPolicy}, generated from its description (see `../../resources/args.ts`). */
export interface BillingPolicy extends BillingPolicyOutputs {}

/** The outputs of {@link BillingPolicyEnvironment}, generated from its description (see `../../resources/args.ts`). */
export interface BillingPolicyEnvironment extends BillingPolicyEnvironmentOutputs {}
