/**
 * DLP (data) policies v2 (§5): create, get, list, update (full document), delete. Validates like the service
 * (`UrlPatternsInvalidRule`, classifications, unblockable connectors) and reads back with its quirks:
 * endpoint rules spelled `endPoint`, custom-connector URL rules out of order, a catch-all `{Ignore, "*"}` URL rule
 * added when none was sent, and a list of summaries without connector groups.
 */
import { clone, isObject, type JsonObject, sameId } from "../json.ts";
import { bapiError, empty, ok, type RouteResult } from "../responses.ts";
import type { EmulatorCore, RequestContext, Router } from "../router.ts";
import type { StoredDlpPolicy } from "../state.ts";

const POLICIES = "/providers/PowerPlatform.Governance/v2/policies";
const CLASSIFICATIONS = ["Confidential", "General", "Blocked"];
const URL_RULE_CLASSIFICATIONS = [...CLASSIFICATIONS, "Ignore"];
const ENVIRONMENT_TYPES = ["AllEnvironments", "OnlyEnvironments", "ExceptEnvironments"];

function bad(code: string, message: string): RouteResult {
  return bapiError(400, code, message);
}

function validateUrlPatterns(definition: unknown): RouteResult | null {
  if (definition === undefined || definition === null) return null;
  if (!isObject(definition) || !Array.isArray(definition.rules)) {
    return bad("InvalidRequestContent", "customConnectorUrlPatternsDefinition.rules must be an array.");
  }
  const rules = [...definition.rules] as JsonObject[];
  for (const rule of rules) {
    if (!isObject(rule) || typeof rule.order !== "number" || typeof rule.pattern !== "string") {
      return bad(
        "InvalidRequestContent",
        "Every custom connector URL pattern rule needs a numeric 'order' and a string 'pattern'.",
      );
    }
    if (!URL_RULE_CLASSIFICATIONS.includes(String(rule.customConnectorRuleClassification))) {
      return bad(
        "InvalidConnectorClassification",
        `customConnectorRuleClassification must be one of ${URL_RULE_CLASSIFICATIONS.join(", ")}; got '${String(rule.customConnectorRuleClassification)}'.`,
      );
    }
  }
  rules.sort((a, b) => (a.order as number) - (b.order as number));
  const invalid = (rule: JsonObject) =>
    bad(
      "UrlPatternsInvalidRule",
      `Url pattern rule provided is invalid. Order: ${String(rule.order)}, Action: ${String(rule.customConnectorRuleClassification)}, Pattern: ${String(rule.pattern)}`,
    );
  for (const [index, rule] of rules.entries()) {
    if (rule.order !== index + 1) return invalid(rule);
    if (rule.pattern === "*" && index !== rules.length - 1) return invalid(rule);
  }
  return null;
}

function validateConnectorConfigurations(definition: unknown): RouteResult | null {
  if (definition === undefined || definition === null) return null;
  if (!isObject(definition))
    return bad("InvalidRequestContent", "connectorConfigurationsDefinition must be an object.");
  for (const config of (definition.connectorActionConfigurations ?? []) as unknown[]) {
    if (!isObject(config) || typeof config.connectorId !== "string") {
      return bad("InvalidRequestContent", "Every connectorActionConfigurations entry needs a connectorId.");
    }
    if (!["Allow", "Block"].includes(String(config.defaultConnectorActionRuleBehavior))) {
      return bad(
        "InvalidRequestContent",
        `defaultConnectorActionRuleBehavior must be Allow or Block for ${config.connectorId}.`,
      );
    }
    for (const rule of (config.actionRules ?? []) as unknown[]) {
      if (!isObject(rule) || typeof rule.actionId !== "string" || !["Allow", "Block"].includes(String(rule.behavior))) {
        return bad(
          "InvalidRequestContent",
          `Every action rule of ${config.connectorId} needs an actionId and a behavior of Allow or Block.`,
        );
      }
    }
  }
  for (const config of (definition.endpointConfigurations ?? []) as unknown[]) {
    if (!isObject(config) || typeof config.connectorId !== "string" || !Array.isArray(config.endpointRules)) {
      return bad("InvalidRequestContent", "Every endpointConfigurations entry needs a connectorId and endpointRules.");
    }
    for (const rule of config.endpointRules as unknown[]) {
      const endpoint = isObject(rule) ? (rule.endpoint ?? rule.endPoint) : undefined;
      if (
        !isObject(rule) ||
        typeof rule.order !== "number" ||
        typeof endpoint !== "string" ||
        !["Allow", "Deny"].includes(String(rule.behavior))
      ) {
        return bad(
          "InvalidRequestContent",
          `Every endpoint rule of ${config.connectorId} needs an order, an endpoint and a behavior of Allow or Deny.`,
        );
      }
    }
  }
  return null;
}

function validate(core: EmulatorCore, body: unknown): RouteResult | null {
  if (!isObject(body) || !isObject(body.policyDefinition)) {
    return bad("InvalidRequestContent", "The request body must be a policy document with a 'policyDefinition' object.");
  }
  const def = body.policyDefinition;
  if (typeof def.displayName !== "string" || def.displayName.trim() === "") {
    return bad("InvalidRequestContent", "policyDefinition.displayName is required.");
  }
  if (!CLASSIFICATIONS.includes(String(def.defaultConnectorsClassification))) {
    return bad(
      "InvalidConnectorClassification",
      `defaultConnectorsClassification must be one of ${CLASSIFICATIONS.join(", ")}; got '${String(def.defaultConnectorsClassification)}'.`,
    );
  }
  if (!ENVIRONMENT_TYPES.includes(String(def.environmentType))) {
    return bad(
      "InvalidEnvironmentType",
      `environmentType must be one of ${ENVIRONMENT_TYPES.join(", ")}; got '${String(def.environmentType)}'.`,
    );
  }
  const environments = def.environments ?? [];
  if (!Array.isArray(environments))
    return bad("InvalidRequestContent", "policyDefinition.environments must be an array.");
  if (def.environmentType === "AllEnvironments" && environments.length > 0) {
    return bad("InvalidEnvironmentType", "environmentType AllEnvironments takes an empty environments list.");
  }
  if (def.environmentType === "OnlyEnvironments" && environments.length === 0) {
    return bad("InvalidEnvironmentType", "environmentType OnlyEnvironments needs at least one environment.");
  }
  if (!Array.isArray(def.connectorGroups))
    return bad("InvalidRequestContent", "policyDefinition.connectorGroups must be an array.");
  const seen = new Map<string, string>();
  for (const group of def.connectorGroups as unknown[]) {
    if (!isObject(group) || !CLASSIFICATIONS.includes(String(group.classification))) {
      return bad(
        "InvalidConnectorClassification",
        `Connector group classification must be one of ${CLASSIFICATIONS.join(", ")}; got '${String(isObject(group) ? group.classification : group)}'.`,
      );
    }
    for (const connector of (group.connectors ?? []) as unknown[]) {
      if (!isObject(connector) || typeof connector.id !== "string") {
        return bad(
          "InvalidRequestContent",
          `Every connector in the ${String(group.classification)} group needs an id.`,
        );
      }
      const previous = seen.get(connector.id.toLowerCase());
      if (previous) {
        return bad(
          "DuplicateConnector",
          `The connector '${connector.id}' is in both the ${previous} and the ${String(group.classification)} groups.`,
        );
      }
      seen.set(connector.id.toLowerCase(), String(group.classification));
      if (
        group.classification === "Blocked" &&
        core.state.connectors.unblockable.some((id) => sameId(id, connector.id as string))
      ) {
        return bad("ConnectorCannotBeBlocked", `The connector '${connector.id}' cannot be blocked.`);
      }
    }
  }
  return (
    validateUrlPatterns(body.customConnectorUrlPatternsDefinition) ??
    validateConnectorConfigurations(body.connectorConfigurationsDefinition)
  );
}

/** The policy as the service returns it: `endPoint` spelling, custom-connector rules out of order. */
export function renderPolicy(core: EmulatorCore, policy: StoredDlpPolicy): JsonObject {
  const doc = clone(policy) as JsonObject;
  const configs = doc.connectorConfigurationsDefinition;
  if (isObject(configs) && Array.isArray(configs.endpointConfigurations)) {
    for (const config of configs.endpointConfigurations as JsonObject[]) {
      config.endpointRules = (config.endpointRules as JsonObject[]).map(({ endpoint, endPoint, ...rest }) => ({
        ...rest,
        endPoint: endPoint ?? endpoint,
      }));
    }
  }
  const patterns = doc.customConnectorUrlPatternsDefinition;
  if (core.config.behaviour.shuffleUrlPatternRules && isObject(patterns) && Array.isArray(patterns.rules)) {
    patterns.rules = [...patterns.rules].reverse();
  }
  return doc;
}

/**
 * The service stores a trailing catch-all custom-connector rule `{Ignore, "*"}` when the document has no `*` rule
 * (recorded in the Terraform provider's fixtures: `dlp_policy/tests/datasource/Validate_Read/get_policy_…01.json`
 * reads back `[{order 1, Ignore, "*"}]`, and every policy written there ends with it).
 */
function withCatchAllUrlRule(doc: StoredDlpPolicy): void {
  const definition = isObject(doc.customConnectorUrlPatternsDefinition) ? doc.customConnectorUrlPatternsDefinition : {};
  const rules = (Array.isArray(definition.rules) ? definition.rules : []) as JsonObject[];
  if (rules.some((rule) => rule.pattern === "*")) return;
  const last = rules.reduce((max, rule) => Math.max(max, rule.order as number), 0);
  doc.customConnectorUrlPatternsDefinition = {
    ...definition,
    rules: [...rules, { order: last + 1, customConnectorRuleClassification: "Ignore", pattern: "*" }],
  };
}

/**
 * A list entry as the service gives it: the policy definition without its connector groups, and none of the rule
 * blocks (Terraform provider fixture `dlp_policy/tests/datasource/Validate_Read/get_policies.json`). Callers that need
 * the groups or rules GET each policy.
 */
function summary(policy: StoredDlpPolicy): JsonObject {
  const { connectorGroups: _groups, ...definition } = clone(policy.policyDefinition) as JsonObject;
  return { policyDefinition: definition };
}

function principalName(ctx: RequestContext): { displayName: string } {
  return { displayName: ctx.principal.kind === "app" ? ctx.principal.appId : "Emulator Admin" };
}

function find(core: EmulatorCore, name: string): StoredDlpPolicy | RouteResult {
  const policy = Object.entries(core.state.dlpPolicies).find(([key]) => sameId(key, name))?.[1];
  return policy ?? bapiError(404, "PolicyNotFound", `The policy '${name}' could not be found.`);
}

function isPolicy(value: StoredDlpPolicy | RouteResult): value is StoredDlpPolicy {
  return "policyDefinition" in value;
}

function create(ctx: RequestContext): RouteResult {
  const { core } = ctx;
  const problem = validate(core, ctx.body);
  if (problem) return problem;
  const doc = clone(ctx.body) as StoredDlpPolicy;
  const name = core.newId();
  const now = core.now().toISOString();
  doc.policyDefinition = {
    ...doc.policyDefinition,
    name,
    etag: core.newId(),
    createdBy: principalName(ctx),
    createdTime: now,
    lastModifiedBy: principalName(ctx),
    lastModifiedTime: now,
    isLegacySchemaVersion: false,
  };
  withCatchAllUrlRule(doc);
  core.state.dlpPolicies[name] = doc;
  return { status: 201, body: renderPolicy(core, doc) };
}

function get(ctx: RequestContext): RouteResult {
  const policy = find(ctx.core, ctx.params.name ?? "");
  return isPolicy(policy) ? ok(renderPolicy(ctx.core, policy)) : policy;
}

function list(ctx: RequestContext): RouteResult {
  return ok({ value: Object.values(ctx.core.state.dlpPolicies).map(summary) });
}

function update(ctx: RequestContext): RouteResult {
  const { core } = ctx;
  const existing = find(core, ctx.params.name ?? "");
  if (!isPolicy(existing)) return existing;
  const ifMatch = ctx.headers["if-match"];
  if (typeof ifMatch === "string" && ifMatch !== "*" && ifMatch.replace(/"/g, "") !== existing.policyDefinition.etag) {
    return bapiError(
      412,
      "PreconditionFailed",
      `The policy '${String(existing.policyDefinition.name)}' was changed since etag '${ifMatch}'.`,
    );
  }
  const problem = validate(core, ctx.body);
  if (problem) return problem;
  const doc = clone(ctx.body) as StoredDlpPolicy;
  const def = existing.policyDefinition;
  doc.policyDefinition = {
    ...doc.policyDefinition,
    name: def.name,
    etag: core.newId(),
    createdBy: def.createdBy,
    createdTime: def.createdTime,
    lastModifiedBy: principalName(ctx),
    lastModifiedTime: core.now().toISOString(),
    isLegacySchemaVersion: false,
  };
  withCatchAllUrlRule(doc);
  core.state.dlpPolicies[String(def.name)] = doc;
  return ok(renderPolicy(core, doc));
}

function remove(ctx: RequestContext): RouteResult {
  const policy = find(ctx.core, ctx.params.name ?? "");
  if (!isPolicy(policy)) return policy;
  delete ctx.core.state.dlpPolicies[String(policy.policyDefinition.name)];
  return empty(200);
}

/** Registers the DLP v2 routes (no api-version). */
export function dlpRoutes(router: Router): void {
  router.add("POST", "bapi", POLICIES, "dlp.create", create);
  router.add("GET", "bapi", POLICIES, "dlp.list", list);
  router.add("GET", "bapi", `${POLICIES}/{name}`, "dlp.get", get);
  router.add("PATCH", "bapi", `${POLICIES}/{name}`, "dlp.update", update);
  router.add("DELETE", "bapi", `${POLICIES}/{name}`, "dlp.delete", remove);
}
