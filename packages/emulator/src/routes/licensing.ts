/**
 * Pay-as-you-go billing policies on the Power Platform API (`/licensing/billingPolicies`, api-version
 * `2022-03-01-preview`; reference §14), as the Terraform provider recorded them
 * (internal/services/licensing/test/…): list, get (404 `BillingPolicyNotFound`), create (POST, 201, `status:
 * "Provisioning"` for the first `billingPolicyProvisioningReads` reads), update of name and status (PUT, 200),
 * delete (204), and the environments a policy bills: list, add, remove (POST, 200 with an empty body).
 *
 * Which policy bills an environment lives on the environment (`properties.billingPolicy.id`), so the licensing
 * calls and the environment record never disagree here. The real service lags between the two (§2.5); not emulated.
 * Paths are matched case-insensitively, as the service does: the provider POSTs and DELETEs `…/BillingPolicies`.
 */
import { isObject, type JsonObject, sameId } from "../json.ts";
import { LOCATIONS } from "../locations.ts";
import { empty, ok, type RouteResult, serviceError } from "../responses.ts";
import type { EmulatorCore, RequestContext, Router } from "../router.ts";
import type { StoredBillingPolicy, StoredEnvironment } from "../state.ts";

const BASE = "/licensing/billingPolicies";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES = ["Enabled", "Disabled"];

function invalid(message: string): RouteResult {
  return serviceError(400, "InvalidRequestContent", message);
}

/** The policy as the service returns it; `countRead` spends one of its `Provisioning` reads. */
function render(policy: StoredBillingPolicy, countRead: boolean): JsonObject {
  const provisioning = policy.provisioningReadsLeft > 0;
  if (provisioning && countRead) policy.provisioningReadsLeft -= 1;
  return {
    id: policy.id,
    name: policy.name,
    type: policy.type,
    status: provisioning ? "Provisioning" : policy.status,
    location: policy.location,
    billingInstrument: { ...policy.billingInstrument },
    createdOn: policy.createdOn,
    createdBy: { ...policy.createdBy },
    lastModifiedOn: policy.lastModifiedOn,
    lastModifiedBy: { ...policy.lastModifiedBy },
  };
}

function find(core: EmulatorCore, id: string): StoredBillingPolicy | RouteResult {
  const policy = Object.values(core.state.billingPolicies).find((p) => sameId(p.id, id));
  return policy ?? serviceError(404, "BillingPolicyNotFound", `The billing policy '${id}' could not be found.`);
}

const isPolicy = (v: StoredBillingPolicy | RouteResult): v is StoredBillingPolicy => "billingInstrument" in v;

function principalRef(ctx: RequestContext): { id: string; type: string } {
  return { id: ctx.principal.objectId, type: ctx.principal.kind === "app" ? "ServicePrincipal" : "User" };
}

function checkName(value: unknown): string | RouteResult {
  if (typeof value !== "string" || value.trim() === "") return invalid("A billing policy needs a non-empty 'name'.");
  return value;
}

function checkStatus(value: unknown): string | RouteResult {
  if (typeof value !== "string" || !STATUSES.includes(value)) {
    return invalid(`'status' must be one of ${STATUSES.join(", ")}; got ${JSON.stringify(value)}.`);
  }
  return value;
}

function create(ctx: RequestContext): RouteResult {
  const body = ctx.body;
  if (!isObject(body)) return invalid("The body must be a billing policy object.");
  const name = checkName(body.name);
  if (typeof name !== "string") return name;
  const status = checkStatus(body.status ?? "Enabled");
  if (typeof status !== "string") return status;
  const location = body.location;
  if (typeof location !== "string" || !LOCATIONS.some((l) => l.name === location)) {
    return invalid(`'location' must be a Power Platform location; got ${JSON.stringify(location)}.`);
  }
  const instrument = body.billingInstrument;
  if (
    !isObject(instrument) ||
    typeof instrument.subscriptionId !== "string" ||
    !GUID.test(instrument.subscriptionId) ||
    typeof instrument.resourceGroup !== "string" ||
    instrument.resourceGroup.trim() === ""
  ) {
    return invalid("'billingInstrument' needs a GUID 'subscriptionId' and a non-empty 'resourceGroup'.");
  }
  const now = ctx.core.now().toISOString();
  const policy: StoredBillingPolicy = {
    id: ctx.core.newId(),
    name,
    type: "TenantOwned",
    status,
    location,
    billingInstrument: {
      id: `/subscriptions/${instrument.subscriptionId}/resourceGroups/${instrument.resourceGroup}/providers/Microsoft.PowerPlatform/accounts/${name}`,
      subscriptionId: instrument.subscriptionId,
      resourceGroup: instrument.resourceGroup,
    },
    createdOn: now,
    createdBy: principalRef(ctx),
    lastModifiedOn: now,
    lastModifiedBy: principalRef(ctx),
    provisioningReadsLeft: ctx.core.config.timing.billingPolicyProvisioningReads,
  };
  ctx.core.state.billingPolicies[policy.id] = policy;
  return { status: 201, body: render(policy, true) };
}

function list(ctx: RequestContext): RouteResult {
  return ok({ value: Object.values(ctx.core.state.billingPolicies).map((p) => render(p, false)) });
}

function get(ctx: RequestContext): RouteResult {
  const policy = find(ctx.core, ctx.params.policyId ?? "");
  return isPolicy(policy) ? ok(render(policy, true)) : policy;
}

/**
 * PUT takes `name` and `status` (the Terraform provider's update body). A `location` or `billingInstrument` that
 * differs from the policy's is refused: the emulator's reading of "location is immutable" (the provider replaces
 * the policy instead); what the service answers to one is not recorded.
 */
function update(ctx: RequestContext): RouteResult {
  const policy = find(ctx.core, ctx.params.policyId ?? "");
  if (!isPolicy(policy)) return policy;
  const body = ctx.body;
  if (!isObject(body)) return invalid("The body must be an object {name, status}.");
  const name = checkName(body.name);
  if (typeof name !== "string") return name;
  const status = checkStatus(body.status);
  if (typeof status !== "string") return status;
  if (body.location !== undefined && body.location !== policy.location) {
    return invalid(`The location of billing policy '${policy.id}' cannot be changed (it is '${policy.location}').`);
  }
  if (isObject(body.billingInstrument)) {
    const i = body.billingInstrument;
    if (
      (i.subscriptionId !== undefined &&
        !sameId(i.subscriptionId as string, policy.billingInstrument.subscriptionId)) ||
      (i.resourceGroup !== undefined && i.resourceGroup !== policy.billingInstrument.resourceGroup)
    ) {
      return invalid(`The billing instrument of billing policy '${policy.id}' cannot be changed.`);
    }
  }
  policy.name = name;
  policy.status = status;
  policy.lastModifiedOn = ctx.core.now().toISOString();
  policy.lastModifiedBy = principalRef(ctx);
  return ok(render(policy, true));
}

function billedBy(core: EmulatorCore, policyId: string): StoredEnvironment[] {
  return Object.values(core.state.environments).filter((e) => sameId(e.properties.billingPolicy?.id, policyId));
}

function remove(ctx: RequestContext): RouteResult {
  const policy = find(ctx.core, ctx.params.policyId ?? "");
  if (!isPolicy(policy)) return policy;
  for (const env of billedBy(ctx.core, policy.id)) delete env.properties.billingPolicy;
  delete ctx.core.state.billingPolicies[policy.id];
  return empty(204);
}

function environments(ctx: RequestContext): RouteResult {
  const policy = find(ctx.core, ctx.params.policyId ?? "");
  if (!isPolicy(policy)) return policy;
  return ok({
    value: billedBy(ctx.core, policy.id).map((e) => ({ billingPolicyId: policy.id, environmentId: e.name })),
  });
}

/** The environments a link/unlink body names (`{"environmentIds":[…]}`), each one existing. */
function linkTargets(ctx: RequestContext): StoredEnvironment[] | RouteResult {
  const ids = isObject(ctx.body) ? ctx.body.environmentIds : undefined;
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== "string")) {
    return invalid('The body must be {"environmentIds": [<environment id>, …]} with at least one id.');
  }
  const out: StoredEnvironment[] = [];
  for (const id of ids as string[]) {
    const env = Object.values(ctx.core.state.environments).find((e) => sameId(e.name, id));
    if (!env) return serviceError(404, "EnvironmentNotFound", `The environment '${id}' could not be found.`);
    out.push(env);
  }
  return out;
}

/** Links environments to the policy; one already billed by another policy moves to this one. */
function addEnvironments(ctx: RequestContext): RouteResult {
  const policy = find(ctx.core, ctx.params.policyId ?? "");
  if (!isPolicy(policy)) return policy;
  const targets = linkTargets(ctx);
  if (!Array.isArray(targets)) return targets;
  for (const env of targets) env.properties.billingPolicy = { id: policy.id };
  return { status: 200, body: "" };
}

/** Unlinks environments; one this policy does not bill is left as it is. */
function removeEnvironments(ctx: RequestContext): RouteResult {
  const policy = find(ctx.core, ctx.params.policyId ?? "");
  if (!isPolicy(policy)) return policy;
  const targets = linkTargets(ctx);
  if (!Array.isArray(targets)) return targets;
  for (const env of targets) {
    if (sameId(env.properties.billingPolicy?.id, policy.id)) delete env.properties.billingPolicy;
  }
  return { status: 200, body: "" };
}

/** Registers the licensing routes (PPAPI). */
export function licensingRoutes(router: Router): void {
  const v = { apiVersion: true };
  router.add("GET", "ppapi", BASE, "billingPolicies.list", list, v);
  router.add("POST", "ppapi", BASE, "billingPolicies.create", create, v);
  router.add("GET", "ppapi", `${BASE}/{policyId}`, "billingPolicies.get", get, v);
  router.add("PUT", "ppapi", `${BASE}/{policyId}`, "billingPolicies.update", update, v);
  router.add("DELETE", "ppapi", `${BASE}/{policyId}`, "billingPolicies.delete", remove, v);
  router.add("GET", "ppapi", `${BASE}/{policyId}/environments`, "billingPolicies.environments", environments, v);
  router.add(
    "POST",
    "ppapi",
    `${BASE}/{policyId}/environments/add`,
    "billingPolicies.addEnvironments",
    addEnvironments,
    v,
  );
  router.add(
    "POST",
    "ppapi",
    `${BASE}/{policyId}/environments/remove`,
    "billingPolicies.removeEnvironments",
    removeEnvironments,
    v,
  );
}
