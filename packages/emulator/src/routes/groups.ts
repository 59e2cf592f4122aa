/**
 * Environment groups (§12.1): create, get, list, update, delete. DELETE answers 409 while the group has members
 * (`EnvironmentsInEnvironmentGroup`) or an assigned rule-based policy (`PolicyAssignedToEnvironmentGroup`).
 */
import { isObject, sameId } from "../json.ts";
import { bapiError, empty, ok, type RouteResult } from "../responses.ts";
import type { EmulatorCore, RequestContext, Router } from "../router.ts";
import type { StoredEnvironmentGroup } from "../state.ts";

const GROUPS = "/providers/Microsoft.BusinessAppPlatform/environmentGroups";

function render(group: StoredEnvironmentGroup) {
  return {
    id: group.id,
    displayName: group.displayName,
    description: group.description,
    createdTime: group.createdTime,
    createdBy: { ...group.createdBy },
  };
}

function find(core: EmulatorCore, id: string): StoredEnvironmentGroup | RouteResult {
  const group = Object.values(core.state.environmentGroups).find((g) => sameId(g.id, id));
  return (
    group ??
    bapiError(404, "EnvironmentGroupNotFound", `The environment group '${id}' could not be found in the tenant.`)
  );
}

function isGroup(value: StoredEnvironmentGroup | RouteResult): value is StoredEnvironmentGroup {
  return "displayName" in value;
}

function checkBody(body: unknown): { displayName: string; description: string } | RouteResult {
  if (!isObject(body) || typeof body.displayName !== "string" || body.displayName.trim() === "") {
    return bapiError(400, "InvalidRequestContent", "An environment group needs a non-empty 'displayName'.");
  }
  if (body.description !== undefined && typeof body.description !== "string") {
    return bapiError(400, "InvalidRequestContent", "'description' must be a string.");
  }
  return { displayName: body.displayName, description: (body.description as string | undefined) ?? "" };
}

function create(ctx: RequestContext): RouteResult {
  const input = checkBody(ctx.body);
  if (!("displayName" in input) || "status" in input) return input as RouteResult;
  const group: StoredEnvironmentGroup = {
    id: ctx.core.newId(),
    ...input,
    createdTime: ctx.core.now().toISOString(),
    createdBy: { id: ctx.principal.objectId, type: ctx.principal.kind === "app" ? "ServicePrincipal" : "User" },
    assignedPolicyId: null,
  };
  ctx.core.state.environmentGroups[group.id] = group;
  return { status: 201, body: render(group) };
}

function get(ctx: RequestContext): RouteResult {
  const group = find(ctx.core, ctx.params.groupId ?? "");
  return isGroup(group) ? ok(render(group)) : group;
}

function list(ctx: RequestContext): RouteResult {
  return ok({ value: Object.values(ctx.core.state.environmentGroups).map(render) });
}

function update(ctx: RequestContext): RouteResult {
  const group = find(ctx.core, ctx.params.groupId ?? "");
  if (!isGroup(group)) return group;
  const input = checkBody(ctx.body);
  if (!("displayName" in input) || "status" in input) return input as RouteResult;
  group.displayName = input.displayName;
  group.description = input.description;
  return ok(render(group));
}

function remove(ctx: RequestContext): RouteResult {
  const { core } = ctx;
  const group = find(core, ctx.params.groupId ?? "");
  if (!isGroup(group)) return group;
  const members = Object.values(core.state.environments).filter((e) =>
    sameId(e.properties.parentEnvironmentGroup?.id, group.id),
  );
  if (members.length > 0) {
    return bapiError(
      409,
      "EnvironmentsInEnvironmentGroup",
      `The environment group '${group.id}' cannot be deleted because it contains ${members.length} environment(s): ${members.map((e) => e.name).join(", ")}.`,
    );
  }
  if (group.assignedPolicyId) {
    return bapiError(
      409,
      "PolicyAssignedToEnvironmentGroup",
      `The environment group '${group.id}' cannot be deleted because the policy '${group.assignedPolicyId}' is assigned to it.`,
    );
  }
  delete core.state.environmentGroups[group.id];
  // The group's legacy rule set (routes/rulesets.ts) goes with it.
  for (const ruleSet of Object.values(core.state.environmentGroupRuleSets ?? {})) {
    if (sameId(ruleSet.groupId, group.id)) delete core.state.environmentGroupRuleSets[ruleSet.id];
  }
  return empty(200);
}

/** Registers the environment-group routes. */
export function groupRoutes(router: Router): void {
  const v = { apiVersion: true };
  router.add("POST", "bapi", GROUPS, "environmentGroups.create", create, v);
  router.add("GET", "bapi", GROUPS, "environmentGroups.list", list, v);
  router.add("GET", "bapi", `${GROUPS}/{groupId}`, "environmentGroups.get", get, v);
  router.add("PUT", "bapi", `${GROUPS}/{groupId}`, "environmentGroups.update", update, v);
  router.add("DELETE", "bapi", `${GROUPS}/{groupId}`, "environmentGroups.delete", remove, v);
}
