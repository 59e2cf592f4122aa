/**
 * The tenant-scoped Power Platform API (`{t30}.{t2}.tenant.api.powerplatform.com`, reference §1.1): legacy
 * environment-group rule sets (§12.2, api-version `2021-10-01-preview`) and removing an environment from its group
 * (§12.1, `environmentmanagement`, api-version `1`).
 *
 * A loopback address cannot carry that host label, so the emulator serves it on the PPAPI prefix under
 * `/tenant/<t30>.<t2>/…` (the client builds the same path for an overridden PPAPI base). A label that is not this
 * tenant's answers 404, as another tenant's host would not know the group.
 *
 * As the Terraform provider recorded them (internal/services/environment_group_rule_set/tests/…):
 * - GET `…/governance/environmentGroups/{groupId}/ruleSets`: 200 `{"value":[ruleSet]}`, or 204 with no body when
 *   the group has none;
 * - POST the same path: 201 whose body carries only `parameters` (no id: `Validate_Create/post_rule_set.json`);
 * - PUT / DELETE `…/governance/ruleSets/{ruleSetId}`: 200 (the full rule set; an empty body).
 * Unknown rule types are stored and returned as sent. A second POST for a group that has a rule set answers 409
 * `RuleSetAlreadyExists` (the emulator's choice; not recorded).
 */
import { clone, isObject, type JsonObject, sameId } from "../json.ts";
import { empty, ok, type RouteResult, serviceError } from "../responses.ts";
import type { EmulatorCore, RequestContext, Router } from "../router.ts";
import type { StoredEnvironmentGroup, StoredRuleSet } from "../state.ts";

/** The tenant-scoped host label of a tenant: its id without dashes, split 30 + 2 (`<t30>.<t2>`). */
export function tenantHostLabel(tenantId: string): string {
  const hex = tenantId.replace(/-/g, "").toLowerCase();
  return `${hex.slice(0, 30)}.${hex.slice(30)}`;
}

const TENANT = "/tenant/{tenantHost}";
const RULE_SETS = `${TENANT}/governance/environmentGroups/{groupId}/ruleSets`;
const RULE_SET = `${TENANT}/governance/ruleSets/{ruleSetId}`;
const REMOVE_ENVIRONMENT = `${TENANT}/environmentmanagement/environmentGroups/{groupId}/removeEnvironment/{envId}`;

const RETENTION = /^(7|14|21|28)\.00:00:00$/;
const SOLUTION_CHECKER_MODES = ["none", "warn", "block"];

function invalid(message: string): RouteResult {
  return serviceError(400, "InvalidRequestContent", message);
}

/** 404 unless the request came to this tenant's host label. */
function wrongTenant(ctx: RequestContext): RouteResult | null {
  const label = ctx.params.tenantHost ?? "";
  if (label.toLowerCase() === tenantHostLabel(ctx.core.state.tenantId)) return null;
  return serviceError(404, "TenantNotFound", `The tenant host '${label}' does not belong to this tenant.`);
}

function findGroup(core: EmulatorCore, id: string): StoredEnvironmentGroup | RouteResult {
  const group = Object.values(core.state.environmentGroups).find((g) => sameId(g.id, id));
  return (
    group ??
    serviceError(404, "EnvironmentGroupNotFound", `The environment group '${id}' could not be found in the tenant.`)
  );
}

const isGroup = (v: StoredEnvironmentGroup | RouteResult): v is StoredEnvironmentGroup => "displayName" in v;

function ruleSetOf(core: EmulatorCore, groupId: string): StoredRuleSet | undefined {
  return Object.values(core.state.environmentGroupRuleSets).find((r) => sameId(r.groupId, groupId));
}

function render(ruleSet: StoredRuleSet): JsonObject {
  return {
    parameters: clone(ruleSet.parameters),
    id: ruleSet.id,
    lastModified: ruleSet.lastModified,
    environmentFilter: { type: "Include", values: [{ id: ruleSet.groupId, type: "EnvironmentGroup" }] },
  };
}

/** The value of `id` in a parameter's value list. */
function ruleValue(parameter: JsonObject, id: string): unknown {
  const entry = (parameter.value as JsonObject[]).find((v) => v.id === id);
  return entry?.value;
}

/** Checks the body's `parameters` (shape, one per type, and the values §12.2 bounds); returns them or a 400. */
function checkParameters(body: unknown): JsonObject[] | RouteResult {
  const parameters = isObject(body) ? body.parameters : undefined;
  if (!Array.isArray(parameters)) return invalid("'parameters' must be an array.");
  const seen = new Set<string>();
  for (const p of parameters as unknown[]) {
    if (!isObject(p) || typeof p.type !== "string" || p.type === "" || typeof p.resourceType !== "string") {
      return invalid("Every parameter needs a string 'type' and 'resourceType'.");
    }
    if (seen.has(p.type)) return invalid(`The rule type '${p.type}' appears more than once.`);
    seen.add(p.type);
    if (
      !Array.isArray(p.value) ||
      (p.value as unknown[]).some((v) => !isObject(v) || typeof v.id !== "string" || typeof v.value !== "string")
    ) {
      return invalid(`The values of rule '${p.type}' must be {"id": string, "value": string} pairs.`);
    }
    const retention = p.type === "Lifecycle" ? ruleValue(p, "RetentionPeriod") : undefined;
    if (retention !== undefined && !RETENTION.test(retention as string)) {
      return invalid(`RetentionPeriod must be 7, 14, 21 or 28 days ('<days>.00:00:00'); got '${retention}'.`);
    }
    const limit = p.type === "Sharing" ? ruleValue(p, "MaximumShareLimit") : undefined;
    if (limit !== undefined && !(/^-?\d+$/.test(limit as string) && Number(limit) >= -1 && Number(limit) <= 99)) {
      return invalid(`MaximumShareLimit must be an integer from -1 to 99; got '${limit}'.`);
    }
    const mode = p.type === "SolutionChecker" ? ruleValue(p, "solutionCheckerMode") : undefined;
    if (mode !== undefined && !SOLUTION_CHECKER_MODES.includes(mode as string)) {
      return invalid(`solutionCheckerMode must be one of ${SOLUTION_CHECKER_MODES.join(", ")}; got '${mode}'.`);
    }
  }
  return clone(parameters as JsonObject[]);
}

function getRuleSets(ctx: RequestContext): RouteResult {
  const refused = wrongTenant(ctx);
  if (refused) return refused;
  const group = findGroup(ctx.core, ctx.params.groupId ?? "");
  if (!isGroup(group)) return group;
  const ruleSet = ruleSetOf(ctx.core, group.id);
  return ruleSet ? ok({ value: [render(ruleSet)] }) : empty(204);
}

function createRuleSet(ctx: RequestContext): RouteResult {
  const refused = wrongTenant(ctx);
  if (refused) return refused;
  const group = findGroup(ctx.core, ctx.params.groupId ?? "");
  if (!isGroup(group)) return group;
  const existing = ruleSetOf(ctx.core, group.id);
  if (existing) {
    return serviceError(
      409,
      "RuleSetAlreadyExists",
      `The environment group '${group.id}' already has the rule set '${existing.id}'; update it instead.`,
    );
  }
  const parameters = checkParameters(ctx.body);
  if (!Array.isArray(parameters)) return parameters;
  const ruleSet: StoredRuleSet = {
    id: ctx.core.newId(),
    groupId: group.id,
    lastModified: ctx.core.now().toISOString(),
    parameters,
  };
  ctx.core.state.environmentGroupRuleSets[ruleSet.id] = ruleSet;
  return { status: 201, body: { parameters: clone(parameters) } };
}

function findRuleSet(ctx: RequestContext): StoredRuleSet | RouteResult {
  const refused = wrongTenant(ctx);
  if (refused) return refused;
  const id = ctx.params.ruleSetId ?? "";
  const ruleSet = Object.values(ctx.core.state.environmentGroupRuleSets).find((r) => sameId(r.id, id));
  return ruleSet ?? serviceError(404, "RuleSetNotFound", `The rule set '${id}' could not be found.`);
}

const isRuleSet = (v: StoredRuleSet | RouteResult): v is StoredRuleSet => "parameters" in v;

function updateRuleSet(ctx: RequestContext): RouteResult {
  const ruleSet = findRuleSet(ctx);
  if (!isRuleSet(ruleSet)) return ruleSet;
  const parameters = checkParameters(ctx.body);
  if (!Array.isArray(parameters)) return parameters;
  ruleSet.parameters = parameters;
  ruleSet.lastModified = ctx.core.now().toISOString();
  return ok(render(ruleSet));
}

function deleteRuleSet(ctx: RequestContext): RouteResult {
  const ruleSet = findRuleSet(ctx);
  if (!isRuleSet(ruleSet)) return ruleSet;
  delete ctx.core.state.environmentGroupRuleSets[ruleSet.id];
  return { status: 200, body: "" };
}

/**
 * Takes an environment out of its group (202, no body, as the Terraform provider expects). One that is not in this
 * group answers 400 `EnvironmentNotInEnvironmentGroup` (the emulator's choice; not recorded).
 */
function removeEnvironment(ctx: RequestContext): RouteResult {
  const refused = wrongTenant(ctx);
  if (refused) return refused;
  const group = findGroup(ctx.core, ctx.params.groupId ?? "");
  if (!isGroup(group)) return group;
  const envId = ctx.params.envId ?? "";
  const env = Object.values(ctx.core.state.environments).find((e) => sameId(e.name, envId));
  if (!env) return serviceError(404, "EnvironmentNotFound", `The environment '${envId}' could not be found.`);
  if (!sameId(env.properties.parentEnvironmentGroup?.id, group.id)) {
    return serviceError(
      400,
      "EnvironmentNotInEnvironmentGroup",
      `The environment '${env.name}' is not in the environment group '${group.id}'.`,
    );
  }
  delete env.properties.parentEnvironmentGroup;
  env.properties.lastModifiedTime = ctx.core.now().toISOString();
  return empty(202);
}

/** Registers the tenant-scoped PPAPI routes. */
export function ruleSetRoutes(router: Router): void {
  const v = { apiVersion: true };
  router.add("GET", "ppapi", RULE_SETS, "ruleSets.get", getRuleSets, v);
  router.add("POST", "ppapi", RULE_SETS, "ruleSets.create", createRuleSet, v);
  router.add("PUT", "ppapi", RULE_SET, "ruleSets.update", updateRuleSet, v);
  router.add("DELETE", "ppapi", RULE_SET, "ruleSets.delete", deleteRuleSet, v);
  router.add("POST", "ppapi", REMOVE_ENVIRONMENT, "environmentGroups.removeEnvironment", removeEnvironment, v);
}
