/**
 * Pay-as-you-go billing policy wire types (licensing API, reference §14), as the Terraform provider recorded them
 * (internal/services/licensing/test/resource/policies/Validate_Create/post_billing_policy.json).
 */

/** The create body. */
export interface WireBillingPolicyCreate {
  location: string;
  name: string;
  status: string;
  billingInstrument: { resourceGroup: string; subscriptionId: string };
}

/** The update body: only the name and the status can change. */
export interface WireBillingPolicyUpdate {
  name: string;
  status: string;
}

/** A billing policy as read. */
export interface WireBillingPolicy {
  id?: string;
  name?: string;
  type?: string;
  status?: string;
  location?: string;
  billingInstrument?: { id?: string; subscriptionId?: string; resourceGroup?: string };
  createdOn?: string;
  createdBy?: { id?: string; type?: string };
  lastModifiedOn?: string;
  lastModifiedBy?: { id?: string; type?: string };
}

/** One environment a policy bills (`GET …/environments`). */
export interface WireBillingPolicyEnvironment {
  billingPolicyId?: string;
  environmentId?: string;
}
