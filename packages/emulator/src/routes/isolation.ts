/**
 * Tenant isolation (§11): GET (404 when no policy) and PUT. PUT answers 202 + `Location` (pattern F) and the
 * policy is applied once the operation has been polled `tenantIsolationPolls` times; reads come wrapped in
 * `properties` or flat, by switch. A malformed tenant id gets `400 BadRequest` with `details`.
 */
import { clone, isObject, type JsonObject, sameId } from "../json.ts";
import { ok, type RouteResult, serviceError } from "../responses.ts";
import type { EmulatorCore, RequestContext, Router } from "../router.ts";

const BASE = "/providers/PowerPlatform.Governance/v1/tenants/{tenantId}/tenantIsolationPolicy";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function policyId(tenantId: string): string {
  return `/providers/PowerPlatform.Governance/v1/tenants/${tenantId}/tenantIsolationPolicy`;
}

function validation(message: string): RouteResult {
  return serviceError(400, "BadRequest", "The tenant isolation policy is invalid.", {
    details: [{ code: "ValidationError", message }],
  });
}

function checkTenant(ctx: RequestContext): RouteResult | null {
  const tenantId = ctx.params.tenantId ?? "";
  if (!GUID.test(tenantId)) return validation(`'${tenantId}' is not a valid tenant id.`);
  if (!sameId(tenantId, ctx.core.state.tenantId)) {
    return serviceError(
      403,
      "Forbidden",
      `The caller cannot manage the tenant isolation policy of tenant '${tenantId}'.`,
    );
  }
  return null;
}

function render(core: EmulatorCore, policy: JsonObject): JsonObject {
  const id = policyId(core.state.tenantId);
  if (core.config.behaviour.tenantIsolationShape === "flat") return { id, ...clone(policy) };
  return {
    id,
    name: "tenantIsolationPolicy",
    type: "PowerPlatform.Governance/tenantIsolationPolicy",
    properties: clone(policy),
  };
}

function get(ctx: RequestContext): RouteResult {
  const problem = checkTenant(ctx);
  if (problem) return problem;
  const policy = ctx.core.state.tenantIsolation.policy;
  if (!policy)
    return serviceError(404, "NotFound", `Tenant '${ctx.core.state.tenantId}' has no tenant isolation policy.`);
  return ok(render(ctx.core, policy));
}

function put(ctx: RequestContext): RouteResult {
  const problem = checkTenant(ctx);
  if (problem) return problem;
  const body = ctx.body;
  const props = isObject(body) ? (isObject(body.properties) ? body.properties : body) : null;
  if (!props) return validation("The body must be a policy object.");
  if (typeof props.isDisabled !== "boolean") return validation("'isDisabled' must be a boolean.");
  if (props.tenantId !== undefined && !sameId(String(props.tenantId), ctx.params.tenantId)) {
    return validation(`'tenantId' must be the tenant of the path, '${ctx.params.tenantId}'.`);
  }
  const allowed = props.allowedTenants ?? [];
  if (!Array.isArray(allowed)) return validation("'allowedTenants' must be an array.");
  for (const entry of allowed as unknown[]) {
    const tenantId = isObject(entry) ? entry.tenantId : undefined;
    if (typeof tenantId !== "string" || (tenantId !== "*" && !GUID.test(tenantId))) {
      return validation(`'${String(tenantId)}' is not a valid tenant id.`);
    }
    const direction = isObject(entry) ? entry.direction : undefined;
    if (!isObject(direction) || typeof direction.inbound !== "boolean" || typeof direction.outbound !== "boolean") {
      return validation(`The direction of '${tenantId}' needs boolean 'inbound' and 'outbound'.`);
    }
  }
  const policy: JsonObject = {
    tenantId: ctx.core.state.tenantId,
    isDisabled: props.isDisabled,
    allowedTenants: clone(allowed),
  };
  const { core } = ctx;
  if (core.config.behaviour.tenantIsolationPutMode === "sync") {
    core.state.tenantIsolation.policy = policy;
    return ok(render(core, policy));
  }
  const opId = core.newId();
  core.state.tenantIsolation.operations[opId] = { pollsServed: 0, policy, done: false };
  return {
    status: 202,
    headers: { Location: `${core.urls.bapi}${policyId(core.state.tenantId)}/operations/${opId}`, "Retry-After": "2" },
  };
}

function poll(ctx: RequestContext): RouteResult {
  const problem = checkTenant(ctx);
  if (problem) return problem;
  const { core } = ctx;
  const op = core.state.tenantIsolation.operations[ctx.params.opId ?? ""];
  if (!op) return serviceError(404, "NotFound", `The operation '${ctx.params.opId}' could not be found.`);
  if (!op.done) {
    if (op.pollsServed < core.config.timing.tenantIsolationPolls) {
      op.pollsServed += 1;
      return { status: 202, headers: { "Retry-After": "2" } };
    }
    op.done = true;
    core.state.tenantIsolation.policy = clone(op.policy);
  }
  return ok(render(core, op.policy));
}

/** Registers the tenant-isolation routes (no api-version). */
export function isolationRoutes(router: Router): void {
  router.add("GET", "bapi", BASE, "tenantIsolation.get", get);
  router.add("PUT", "bapi", BASE, "tenantIsolation.put", put);
  router.add("GET", "bapi", `${BASE}/operations/{opId}`, "tenantIsolation.operation", poll);
}
