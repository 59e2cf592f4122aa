/**
 * Rule-based policies on the Power Platform API (§12.3; unreleased in TF): create, get, replace (a PUT cannot
 * remove rule sets), removeRule, delete, and assignment to environment groups — at most one policy per group.
 * Assignment is what makes an environment-group DELETE answer `PolicyAssignedToEnvironmentGroup`.
 */
import { clone, isObject, type JsonObject, sameId } from "../json.ts";
import { empty, ok, type RouteResult, serviceError } from "../responses.ts";
import type { EmulatorCore, RequestContext, Router } from "../router.ts";
import type { StoredEnvironmentGroup, StoredRuleBasedPolicy } from "../state.ts";

const BASE = "/governance/ruleBasedPolicies";

function render(core: EmulatorCore, policy: StoredRuleBasedPolicy): JsonObject {
  return { ...clone(policy), ruleSetCount: policy.ruleSets.length, tenantId: core.state.tenantId };
}

function ruleSets(body: unknown): StoredRuleBasedPolicy["ruleSets"] | RouteResult {
  const sets = isObject(body) ? body.ruleSets : undefined;
  if (!Array.isArray(sets)) return serviceError(400, "InvalidRequestContent", "'ruleSets' must be an array.");
  const out: StoredRuleBasedPolicy["ruleSets"] = [];
  for (const set of sets as unknown[]) {
    if (!isObject(set) || typeof set.id !== "string" || typeof set.version !== "string") {
      return serviceError(400, "InvalidRequestContent", "Every rule set needs a string 'id' and 'version'.");
    }
    out.push({ id: set.id, version: set.version, inputs: isObject(set.inputs) ? clone(set.inputs) : {} });
  }
  return out;
}

function findPolicy(core: EmulatorCore, id: string): StoredRuleBasedPolicy | RouteResult {
  const policy = Object.values(core.state.ruleBasedPolicies).find((p) => sameId(p.id, id));
  return policy ?? serviceError(404, "PolicyNotFound", `The rule-based policy '${id}' could not be found.`);
}

function findGroup(core: EmulatorCore, id: string): StoredEnvironmentGroup | RouteResult {
  const group = Object.values(core.state.environmentGroups).find((g) => sameId(g.id, id));
  return group ?? serviceError(404, "EnvironmentGroupNotFound", `The environment group '${id}' could not be found.`);
}

const isPolicy = (v: StoredRuleBasedPolicy | RouteResult): v is StoredRuleBasedPolicy => "ruleSets" in v;
const isGroup = (v: StoredEnvironmentGroup | RouteResult): v is StoredEnvironmentGroup => "displayName" in v;

function create(ctx: RequestContext): RouteResult {
  const name = isObject(ctx.body) ? ctx.body.name : undefined;
  if (typeof name !== "string" || name.trim() === "")
    return serviceError(400, "InvalidRequestContent", "'name' is required.");
  const sets = ruleSets(ctx.body);
  if (!Array.isArray(sets)) return sets;
  const policy: StoredRuleBasedPolicy = {
    id: ctx.core.newId(),
    name,
    tenantId: ctx.core.state.tenantId,
    lastModified: ctx.core.now().toISOString(),
    ruleSets: sets,
  };
  ctx.core.state.ruleBasedPolicies[policy.id] = policy;
  return { status: 201, body: render(ctx.core, policy) };
}

function get(ctx: RequestContext): RouteResult {
  const policy = findPolicy(ctx.core, ctx.params.policyId ?? "");
  return isPolicy(policy) ? ok(render(ctx.core, policy)) : policy;
}

function replace(ctx: RequestContext): RouteResult {
  const policy = findPolicy(ctx.core, ctx.params.policyId ?? "");
  if (!isPolicy(policy)) return policy;
  const sets = ruleSets(ctx.body);
  if (!Array.isArray(sets)) return sets;
  // A PUT adds and replaces rule sets but never removes one (§12.3): only removeRule does.
  for (const set of sets) {
    const index = policy.ruleSets.findIndex((s) => s.id === set.id);
    if (index >= 0) policy.ruleSets[index] = set;
    else policy.ruleSets.push(set);
  }
  if (isObject(ctx.body) && typeof ctx.body.name === "string") policy.name = ctx.body.name;
  policy.lastModified = ctx.core.now().toISOString();
  return ok(render(ctx.core, policy));
}

function removeRule(ctx: RequestContext): RouteResult {
  const policy = findPolicy(ctx.core, ctx.params.policyId ?? "");
  if (!isPolicy(policy)) return policy;
  const sets = ruleSets(ctx.body);
  if (!Array.isArray(sets)) return sets;
  policy.ruleSets = policy.ruleSets.filter((s) => !sets.some((r) => r.id === s.id));
  policy.lastModified = ctx.core.now().toISOString();
  return ok(render(ctx.core, policy));
}

function remove(ctx: RequestContext): RouteResult {
  const policy = findPolicy(ctx.core, ctx.params.policyId ?? "");
  if (!isPolicy(policy)) return empty(404);
  const assigned = Object.values(ctx.core.state.environmentGroups).find((g) => g.assignedPolicyId === policy.id);
  if (assigned) {
    return serviceError(
      409,
      "PolicyAssignedToEnvironmentGroup",
      `The policy '${policy.id}' is assigned to the environment group '${assigned.id}'; unassign it first.`,
    );
  }
  delete ctx.core.state.ruleBasedPolicies[policy.id];
  return empty(204);
}

function assignments(ctx: RequestContext): RouteResult {
  const group = findGroup(ctx.core, ctx.params.groupId ?? "");
  if (!isGroup(group)) return group;
  const policy = group.assignedPolicyId ? ctx.core.state.ruleBasedPolicies[group.assignedPolicyId] : undefined;
  return ok({
    value: policy
      ? [
          {
            policyId: policy.id,
            resourceId: group.id,
            resourceType: "EnvironmentGroup",
            ruleSetCount: policy.ruleSets.length,
            tenantId: ctx.core.state.tenantId,
          },
        ]
      : [],
  });
}

function assign(ctx: RequestContext): RouteResult {
  const policy = findPolicy(ctx.core, ctx.params.policyId ?? "");
  if (!isPolicy(policy)) return policy;
  const group = findGroup(ctx.core, ctx.params.groupId ?? "");
  if (!isGroup(group)) return group;
  if (group.assignedPolicyId && group.assignedPolicyId !== policy.id) {
    return serviceError(
      409,
      "PolicyAlreadyAssignedToEnvironmentGroup",
      `The environment group '${group.id}' already has the policy '${group.assignedPolicyId}'; a group can have only one.`,
    );
  }
  group.assignedPolicyId = policy.id;
  return ok({ policyId: policy.id, resourceId: group.id, resourceType: "EnvironmentGroup", assignmentOverrides: [] });
}

function unassign(ctx: RequestContext): RouteResult {
  const group = findGroup(ctx.core, ctx.params.groupId ?? "");
  if (!isGroup(group)) return group;
  if (!sameId(group.assignedPolicyId, ctx.params.policyId)) {
    return serviceError(
      404,
      "AssignmentNotFound",
      `The policy '${ctx.params.policyId}' is not assigned to '${group.id}'.`,
    );
  }
  group.assignedPolicyId = null;
  return empty(204);
}

/** Registers the rule-based policy routes (PPAPI, api-version required). */
export function policyRoutes(router: Router): void {
  const v = { apiVersion: true };
  router.add(
    "GET",
    "ppapi",
    `${BASE}/environmentGroups/{groupId}/assignments`,
    "ruleBasedPolicies.assignments",
    assignments,
    v,
  );
  router.add("POST", "ppapi", BASE, "ruleBasedPolicies.create", create, v);
  router.add("GET", "ppapi", `${BASE}/{policyId}`, "ruleBasedPolicies.get", get, v);
  router.add("PUT", "ppapi", `${BASE}/{policyId}`, "ruleBasedPolicies.replace", replace, v);
  router.add("DELETE", "ppapi", `${BASE}/{policyId}`, "ruleBasedPolicies.delete", remove, v);
  router.add("PATCH", "ppapi", `${BASE}/{policyId}/removeRule`, "ruleBasedPolicies.removeRule", removeRule, v);
  router.add(
    "POST",
    "ppapi",
    `${BASE}/{policyId}/environmentGroups/{groupId}/assignments`,
    "ruleBasedPolicies.assign",
    assign,
    v,
  );
  router.add(
    "DELETE",
    "ppapi",
    `${BASE}/{policyId}/environmentGroups/{groupId}/assignments`,
    "ruleBasedPolicies.unassign",
    unassign,
    v,
  );
}
