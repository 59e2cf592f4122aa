/**
 * The BillingPolicy and BillingPolicyEnvironment resources: a pay-as-you-go billing policy, and the link of one
 * environment to one. Which policy bills an environment is read from the licensing API, never from the environment
 * record, which lags behind it (reference §2.5).
 */
import type { BillingPolicy, BillingPolicyStatus } from "../../client/types.ts";
import { ProviderError, type ResourceHandler } from "../../provider/handler.ts";
import { normalise } from "../../provider/normalise.ts";
import type { CallOptions, PowerPlatformPort } from "../../provider/port.ts";
import { clean, type PropertyMap } from "../../provider/wire.ts";
import { BILLING_POLICY_STATUSES } from "./convert.ts";

/** The policy as inputs; a status still settling reads as the one recorded. */
function inputsOf(p: BillingPolicy, props: PropertyMap): PropertyMap {
  const settled = (BILLING_POLICY_STATUSES as readonly string[]).includes(p.status);
  return normalise("BillingPolicy", {
    displayName: p.name,
    location: p.location,
    subscriptionId: p.subscriptionId,
    resourceGroup: p.resourceGroup,
    status: settled ? p.status : props.status,
    cloud: props.cloud,
  });
}

const named = (p: BillingPolicy) => `${p.id} (${JSON.stringify(p.name)})`;

/** See the `BillingPolicy` resource class for the documented behaviour. */
export const billingPolicyHandler: ResourceHandler = {
  name: "BillingPolicy",
  deadlines: { create: 10, update: 10, delete: 5, read: 5 },

  async create(port, inputs, opts) {
    // The client adopts what an earlier create of this client left (same name, subscription, resource group and
    // location) instead of creating a second, and waits out Provisioning.
    const p = await port.createBillingPolicy(
      {
        name: inputs.displayName as string,
        location: inputs.location as string,
        subscriptionId: inputs.subscriptionId as string,
        resourceGroup: inputs.resourceGroup as string,
        status: inputs.status as BillingPolicyStatus,
      },
      opts,
    );
    return { id: p.id, outs: clean({ ...inputs, billingPolicyId: p.id }) };
  },

  async read(port, id, props, opts) {
    const p = await port.getBillingPolicy(id, opts);
    if (!p) return undefined;
    const inputs = inputsOf(p, props);
    return { props: clean({ ...inputs, billingPolicyId: p.id }), inputs };
  },

  async update(port, id, _olds, news, opts) {
    const p = await port.updateBillingPolicy(
      id,
      { name: news.displayName as string, status: news.status as BillingPolicyStatus },
      opts,
    );
    return clean({ ...news, billingPolicyId: p.id });
  },

  async delete(port, id, _props, opts) {
    const p = await port.getBillingPolicy(id, opts);
    if (!p) return;
    // Deleting a policy stops billing every environment it bills. The links this stack made are deleted before the
    // policy (they depend on it); any left belong to someone else, so the delete stops here.
    const linked = await port.listBillingPolicyEnvironments(id, opts);
    if (linked.length > 0) {
      throw new ProviderError(
        `billing policy ${named(p)} still bills ${linked.length} environment${linked.length === 1 ? "" : "s"} (${linked.join(", ")}), so it was not deleted: unlink ${linked.length === 1 ? "it" : "them"} first (their BillingPolicyEnvironment resources, or Billing → Billing policies in the admin centre), then run again`,
      );
    }
    await port.deleteBillingPolicy(id, opts);
  },
};

/** `<policyId>/<environmentId>` split, lower-cased. */
function linkOf(id: string): { policyId: string; environmentId: string } {
  const [policyId, environmentId, ...rest] = id.toLowerCase().split("/");
  if (!policyId || !environmentId || rest.length > 0) {
    throw new ProviderError(
      `${JSON.stringify(id)} is not a BillingPolicyEnvironment id; it is <billingPolicyId>/<environmentId>`,
    );
  }
  return { policyId, environmentId };
}

/** The other policy that bills `environmentId`, if any (every policy's environments, from the licensing API). */
async function billedElsewhere(
  port: PowerPlatformPort,
  policyId: string,
  environmentId: string,
  opts: CallOptions,
): Promise<BillingPolicy | undefined> {
  for (const other of await port.listBillingPolicies(opts)) {
    if (other.id.toLowerCase() === policyId) continue;
    if ((await port.listBillingPolicyEnvironments(other.id, opts)).includes(environmentId)) return other;
  }
  return undefined;
}

/** See the `BillingPolicyEnvironment` resource class for the documented behaviour. */
export const billingPolicyEnvironmentHandler: ResourceHandler = {
  name: "BillingPolicyEnvironment",
  deadlines: { create: 5, update: 5, delete: 5, read: 5 },

  async create(port, inputs, opts) {
    const policyId = inputs.billingPolicyId as string;
    const environmentId = inputs.environmentId as string;
    const id = `${policyId}/${environmentId}`;
    const outs = clean({ ...inputs });
    const policy = await port.getBillingPolicy(policyId, opts);
    if (!policy)
      throw new ProviderError(`billing policy ${policyId} does not exist, so ${environmentId} was not linked`);
    // Already linked (an earlier create whose answer was lost, or a link made by hand): nothing to send.
    if ((await port.listBillingPolicyEnvironments(policyId, opts)).includes(environmentId)) return { id, outs };
    // Linking moves an environment from the policy that bills it now: never do that silently.
    const other = await billedElsewhere(port, policyId, environmentId, opts);
    if (other) {
      throw new ProviderError(
        `environment ${environmentId} is billed by another billing policy, ${named(other)}, so it was not linked to ${named(policy)}: unlink it from ${other.id} first (its BillingPolicyEnvironment resource, or Billing → Billing policies in the admin centre)`,
      );
    }
    const after = await port.addBillingPolicyEnvironments(policyId, [environmentId], opts);
    if (!after.includes(environmentId)) {
      throw new ProviderError(
        `linked environment ${environmentId} to billing policy ${named(policy)}, but the policy does not list it afterwards`,
      );
    }
    return { id, outs };
  },

  async read(port, id, props, opts) {
    const { policyId, environmentId } = linkOf(id);
    // A deleted policy has no environments (the service may answer its environments list with 403, so ask first:
    // internal/services/licensing/test/resource/environments/Validate_Read_ParentDeleted/get_billing_policy.json).
    if (!(await port.getBillingPolicy(policyId, opts))) return undefined;
    if (!(await port.listBillingPolicyEnvironments(policyId, opts)).includes(environmentId)) return undefined;
    const inputs = normalise("BillingPolicyEnvironment", {
      billingPolicyId: policyId,
      environmentId,
      cloud: props.cloud,
    });
    return { props: inputs, inputs };
  },

  // Every input replaces the link: there is nothing to change in place.
  update: async (_port, _id, _olds, news) => clean({ ...news }),

  async delete(port, id, _props, opts) {
    const { policyId, environmentId } = linkOf(id);
    if (!(await port.getBillingPolicy(policyId, opts))) return;
    if (!(await port.listBillingPolicyEnvironments(policyId, opts)).includes(environmentId)) return;
    await port.removeBillingPolicyEnvironments(policyId, [environmentId], opts);
  },
};
