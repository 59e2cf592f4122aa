/** The canonical form of BillingPolicy and BillingPolicyEnvironment inputs (see `provider/normalise.ts`). Unknown-safe. */
import { lower } from "../../provider/normalise-kit.ts";
import type { PropertyMap } from "../../provider/wire.ts";

/** BillingPolicy inputs: the geography and subscription lower-cased as the service keeps them, status spelled out. */
export function normaliseBillingPolicy(input: PropertyMap): PropertyMap {
  return {
    ...input,
    location: lower(input.location),
    subscriptionId: lower(input.subscriptionId),
    status: input.status ?? "Enabled",
  };
}

/** BillingPolicyEnvironment inputs: both ids lower-cased (the licensing API lists environments lower-cased). */
export function normaliseBillingPolicyEnvironment(input: PropertyMap): PropertyMap {
  return { ...input, billingPolicyId: lower(input.billingPolicyId), environmentId: lower(input.environmentId) };
}
