/**
 * Power Platform RBAC on the Power Platform API (§8.5; unreleased in TF): role definitions, and role assignments
 * at tenant, environment-group and environment scope. A new environment or group scope answers
 * `400 EnvironmentIdInvalid` / `EnvironmentGroupIdInvalid` for `rbacScopeInvalidCalls` calls (§2.5).
 */
import { isObject, sameId } from "../json.ts";
import { empty, ok, type RouteResult, serviceError } from "../responses.ts";
import type { RequestContext, Router } from "../router.ts";
import type { StoredRoleAssignment } from "../state.ts";

/** The role catalogue. */
export const ROLE_DEFINITIONS = [
  {
    roleDefinitionId: "0cb07c69-1631-4725-ab35-e59e001c51ea",
    roleDefinitionName: "Power Platform Administrator",
    permissions: ["*"],
  },
  {
    roleDefinitionId: "c886ad2e-27f7-4874-8381-5849b8d8a090",
    roleDefinitionName: "Environment Admin",
    permissions: ["environments/*"],
  },
  {
    roleDefinitionId: "ff954d61-a89a-4fbe-ace9-01c367b89f87",
    roleDefinitionName: "Power Platform Reader",
    permissions: ["*/read"],
  },
] as const;

const PRINCIPAL_TYPES = ["User", "Group", "ApplicationUser", "ServicePrincipal"];

type Scope = { kind: "tenant" } | { kind: "environment"; id: string } | { kind: "environmentGroup"; id: string };

function scopeOf(ctx: RequestContext): Scope {
  if (ctx.params.envId !== undefined) return { kind: "environment", id: ctx.params.envId };
  if (ctx.params.groupId !== undefined) return { kind: "environmentGroup", id: ctx.params.groupId };
  return { kind: "tenant" };
}

function scopeString(ctx: RequestContext, scope: Scope): string {
  const tenant = `/tenants/${ctx.core.state.tenantId}`;
  if (scope.kind === "environment") return `${tenant}/environments/${scope.id}`;
  if (scope.kind === "environmentGroup") return `${tenant}/environmentGroups/${scope.id}`;
  return tenant;
}

/** Checks the scope exists and has propagated; returns the error to send, or null. */
function checkScope(ctx: RequestContext, scope: Scope): RouteResult | null {
  if (scope.kind === "tenant") return null;
  const holder =
    scope.kind === "environment"
      ? Object.values(ctx.core.state.environments).find((e) => sameId(e.name, scope.id))?.pending
      : Object.values(ctx.core.state.environmentGroups).find((g) => sameId(g.id, scope.id));
  const code = scope.kind === "environment" ? "EnvironmentIdInvalid" : "EnvironmentGroupIdInvalid";
  if (!holder)
    return serviceError(
      400,
      code,
      `The ${scope.kind === "environment" ? "environment" : "environment group"} id '${scope.id}' is invalid.`,
    );
  if ((holder.rbacScopeInvalidCalls ?? 0) > 0) {
    holder.rbacScopeInvalidCalls = (holder.rbacScopeInvalidCalls ?? 1) - 1;
    return serviceError(
      400,
      code,
      `The ${scope.kind === "environment" ? "environment" : "environment group"} id '${scope.id}' is invalid.`,
    );
  }
  return null;
}

function create(ctx: RequestContext): RouteResult {
  const scope = scopeOf(ctx);
  const body = ctx.body;
  if (!isObject(body) || typeof body.principalObjectId !== "string" || typeof body.roleDefinitionId !== "string") {
    return serviceError(400, "InvalidRequestContent", "principalObjectId and roleDefinitionId are required.");
  }
  if (!PRINCIPAL_TYPES.includes(String(body.principalType))) {
    return serviceError(400, "InvalidRequestContent", `principalType must be one of ${PRINCIPAL_TYPES.join(", ")}.`);
  }
  if (!ROLE_DEFINITIONS.some((r) => sameId(r.roleDefinitionId, body.roleDefinitionId as string))) {
    return serviceError(
      400,
      "RoleDefinitionNotFound",
      `The role definition '${body.roleDefinitionId}' does not exist.`,
    );
  }
  const expected = scopeString(ctx, scope);
  if (body.scope !== undefined && !sameId(String(body.scope), expected)) {
    return serviceError(
      400,
      "InvalidScope",
      `The scope must be '${expected}' for this path; got '${String(body.scope)}'.`,
    );
  }
  const problem = checkScope(ctx, scope);
  if (problem) return problem;
  const assignment: StoredRoleAssignment = {
    roleAssignmentId: ctx.core.newId(),
    scope: expected,
    principalType: String(body.principalType),
    principalObjectId: body.principalObjectId,
    roleDefinitionId: body.roleDefinitionId,
    createdByPrincipalType: ctx.principal.kind === "app" ? "ServicePrincipal" : "User",
    createdByPrincipalObjectId: ctx.principal.objectId,
    createdOn: ctx.core.now().toISOString(),
    expiresOn: null,
  };
  ctx.core.state.roleAssignments[assignment.roleAssignmentId] = assignment;
  return { status: 201, body: { ...assignment } };
}

function list(ctx: RequestContext): RouteResult {
  const scope = scopeString(ctx, scopeOf(ctx));
  return ok({
    value: Object.values(ctx.core.state.roleAssignments)
      .filter((a) => sameId(a.scope, scope))
      .map((a) => ({ ...a })),
  });
}

function remove(ctx: RequestContext): RouteResult {
  const assignment = Object.values(ctx.core.state.roleAssignments).find((a) =>
    sameId(a.roleAssignmentId, ctx.params.assignmentId),
  );
  if (!assignment)
    return serviceError(
      404,
      "RoleAssignmentNotFound",
      `The role assignment '${ctx.params.assignmentId}' does not exist.`,
    );
  delete ctx.core.state.roleAssignments[assignment.roleAssignmentId];
  return empty(204);
}

/** Registers the RBAC routes (PPAPI, api-version required). */
export function rbacRoutes(router: Router): void {
  const v = { apiVersion: true };
  router.add(
    "GET",
    "ppapi",
    "/authorization/roleDefinitions",
    "rbac.roleDefinitions",
    () => ok({ value: ROLE_DEFINITIONS }),
    v,
  );
  for (const [prefix, suffix] of [
    ["/authorization", "tenant"],
    ["/authorization/environmentGroups/{groupId}", "environmentGroup"],
    ["/authorization/environments/{envId}", "environment"],
  ] as const) {
    router.add("POST", "ppapi", `${prefix}/roleAssignments`, `rbac.${suffix}.create`, create, v);
    router.add("GET", "ppapi", `${prefix}/roleAssignments`, `rbac.${suffix}.list`, list, v);
    router.add("DELETE", "ppapi", `${prefix}/roleAssignments/{assignmentId}`, `rbac.${suffix}.delete`, remove, v);
  }
}
