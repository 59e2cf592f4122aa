/**
 * The input descriptions of BillingPolicy and BillingPolicyEnvironment (see `provider/describe.ts` for what is derived
 * from them).
 */
import { z } from "zod";
import type { ResourceDescription } from "../../provider/describe.ts";
import { cloud, guid, nonEmpty } from "../../provider/fields.ts";
import { BILLING_POLICY_STATUSES } from "./convert.ts";

/** An Azure resource-group name: 1 to 90 letters, digits, `_`, `-`, `.`, `(`, `)`, not ending in a period. */
const RESOURCE_GROUP = /^[-\p{L}\p{N}_.()]{1,90}$/u;

/** The inputs of a BillingPolicy. */
export const billingPolicyInputs = z.strictObject({
  displayName: nonEmpty("displayName").meta({
    description: "The policy's name (also the name of its Azure billing account). Changes in place.",
  }),
  location: z
    .string()
    .regex(/^[a-z]+$/i, "location must be a Power Platform geography such as europe or unitedstates")
    .meta({
      description:
        "Power Platform geography of the environments it bills, e.g. europe. Changing it replaces the policy.",
      replaceOnChanges: true,
    }),
  subscriptionId: guid("subscriptionId").meta({
    description: "The Azure subscription billed (a GUID). Changing it replaces the policy.",
    replaceOnChanges: true,
  }),
  resourceGroup: z
    .string()
    .regex(
      RESOURCE_GROUP,
      "resourceGroup must be an Azure resource-group name: 1 to 90 letters, digits, _, -, ., ( or ), not ending in a period",
    )
    .refine((s) => !s.endsWith("."), "resourceGroup must not end in a period")
    .meta({
      description: "The Azure resource group that holds the policy's billing account. Changing it replaces the policy.",
      replaceOnChanges: true,
    }),
  status: z
    .enum(BILLING_POLICY_STATUSES as readonly ["Enabled", "Disabled"])
    .optional()
    .meta({ description: "Enabled (default) or Disabled. Changes in place." }),
  cloud,
});

/** The BillingPolicy description. */
export const billingPolicy: ResourceDescription<typeof billingPolicyInputs> = {
  name: "BillingPolicy",
  description:
    "A pay-as-you-go billing policy (licensing API): the Azure subscription and resource group that pay for the environments linked to it. displayName and status change in place; location, subscriptionId and resourceGroup replace it. Delete is refused while environments are still linked.",
  inputs: billingPolicyInputs,
  outputs: z.object({
    billingPolicyId: z.string().meta({ description: "The billing policy id; also the resource id." }),
  }),
};

/** The inputs of a BillingPolicyEnvironment. */
export const billingPolicyEnvironmentInputs = z.strictObject({
  billingPolicyId: guid("billingPolicyId").meta({
    description: "The billing policy (a GUID). Changing it replaces the link.",
    replaceOnChanges: true,
  }),
  environmentId: guid("environmentId").meta({
    description: "The environment it bills (a GUID). Changing it replaces the link.",
    replaceOnChanges: true,
  }),
  cloud,
});

/** The BillingPolicyEnvironment description. */
export const billingPolicyEnvironment: ResourceDescription<typeof billingPolicyEnvironmentInputs> = {
  name: "BillingPolicyEnvironment",
  description:
    "Links one environment to a pay-as-you-go billing policy. The id is <billingPolicyId>/<environmentId>. Create is refused when another policy bills the environment; delete removes the link only.",
  inputs: billingPolicyEnvironmentInputs,
  outputs: z.object({}),
};
