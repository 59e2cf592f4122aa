import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import type { BillingPolicyArgs, BillingPolicyEnvironmentArgs } from "../../resources/args.ts";
import { isResourceOfType } from "../../resources/common.ts";

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

  /** The policy's name. */
  declare readonly displayName: pulumi.Output<string>;
  /** Power Platform geography (lower-cased). */
  declare readonly location: pulumi.Output<string>;
  /** The Azure subscription billed (lower-cased). */
  declare readonly subscriptionId: pulumi.Output<string>;
  /** The Azure resource group of the billing account. */
  declare readonly resourceGroup: pulumi.Output<string>;
  /** `Enabled` or `Disabled`. */
  declare readonly status: pulumi.Output<"Enabled" | "Disabled">;
  /** The cloud. */
  declare readonly cloud: pulumi.Output<string | undefined>;
  /** The billing policy id. Also the resource id. */
  declare readonly billingPolicyId: pulumi.Output<string>;

  /**
   * @param name The unique name of the resource.
   * @param args The policy.
   * @param opts Resource options.
   */
  constructor(name: string, args: BillingPolicyArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    const a: Partial<BillingPolicyArgs> = args ?? {};
    super(
      BillingPolicy.__pulumiType,
      name,
      {
        displayName: a.displayName,
        location: a.location,
        subscriptionId: a.subscriptionId,
        resourceGroup: a.resourceGroup,
        status: a.status,
        cloud: a.cloud,
        billingPolicyId: undefined,
      },
      opts,
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

  /** The billing policy id (lower-cased). */
  declare readonly billingPolicyId: pulumi.Output<string>;
  /** The environment id (lower-cased). */
  declare readonly environmentId: pulumi.Output<string>;
  /** The cloud. */
  declare readonly cloud: pulumi.Output<string | undefined>;

  /**
   * @param name The unique name of the resource.
   * @param args The policy and the environment.
   * @param opts Resource options.
   */
  constructor(name: string, args: BillingPolicyEnvironmentArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    const a: Partial<BillingPolicyEnvironmentArgs> = args ?? {};
    super(
      BillingPolicyEnvironment.__pulumiType,
      name,
      { billingPolicyId: a.billingPolicyId, environmentId: a.environmentId, cloud: a.cloud },
      opts,
    );
  }
}
