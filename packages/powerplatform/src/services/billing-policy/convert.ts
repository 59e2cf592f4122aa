/** Billing policy converters: check and build the create and update bodies; read a policy. */
import type { BillingPolicy, BillingPolicyInput, BillingPolicyStatus } from "../../client/types.ts";
import type { WireBillingPolicy, WireBillingPolicyCreate, WireBillingPolicyUpdate } from "./wire.ts";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The statuses a caller may ask for; anything else a policy reads (`Provisioning`, …) is transient. */
export const BILLING_POLICY_STATUSES: readonly BillingPolicyStatus[] = ["Enabled", "Disabled"];

function text(name: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(`${name} of a billing policy must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

function status(value: unknown): BillingPolicyStatus {
  if (!(BILLING_POLICY_STATUSES as readonly unknown[]).includes(value)) {
    throw new TypeError(
      `status of a billing policy must be ${BILLING_POLICY_STATUSES.join(" or ")}, got ${JSON.stringify(value)}`,
    );
  }
  return value as BillingPolicyStatus;
}

/** Builds the create body; bad input throws a TypeError naming the field, before any request. */
export function toWireBillingPolicyCreate(input: BillingPolicyInput): WireBillingPolicyCreate {
  const subscriptionId = text("subscriptionId", input.subscriptionId);
  if (!GUID.test(subscriptionId)) {
    throw new TypeError(`subscriptionId of a billing policy must be a GUID, got ${JSON.stringify(subscriptionId)}`);
  }
  return {
    location: text("location", input.location),
    name: text("name", input.name),
    status: status(input.status ?? "Enabled"),
    billingInstrument: { resourceGroup: text("resourceGroup", input.resourceGroup), subscriptionId },
  };
}

/** Builds the update body. */
export function toWireBillingPolicyUpdate(input: {
  name: string;
  status: BillingPolicyStatus;
}): WireBillingPolicyUpdate {
  return { name: text("name", input.name), status: status(input.status) };
}

/** Reads a policy. */
export function fromWireBillingPolicy(w: WireBillingPolicy): BillingPolicy {
  return {
    id: w.id ?? "",
    name: w.name ?? "",
    status: w.status ?? "",
    location: w.location ?? "",
    subscriptionId: w.billingInstrument?.subscriptionId ?? "",
    resourceGroup: w.billingInstrument?.resourceGroup ?? "",
    billingAccountId: w.billingInstrument?.id ?? "",
    createdOn: w.createdOn,
    createdBy: w.createdBy?.id,
  };
}

/** True when the policy has settled (`Enabled` or `Disabled`), not still provisioning. */
export function isFinalStatus(w: WireBillingPolicy): boolean {
  return (BILLING_POLICY_STATUSES as readonly unknown[]).includes(w.status);
}
