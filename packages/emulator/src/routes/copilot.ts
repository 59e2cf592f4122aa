/**
 * Copilot Studio management (§9): per-agent Application Insights configuration, GET and PUT. User tokens only;
 * `x-cci-tenantid` required. A PUT with an empty connection string and every flag false is the "clear".
 */
import { clone, isObject, sameId } from "../json.ts";
import { ok, type RouteResult, serviceError } from "../responses.ts";
import type { RequestContext, Router } from "../router.ts";
import type { StoredAppInsightsConfig } from "../state.ts";

const PATH = "/api/botmanagement/2022-01-15/environments/{envId}/bots/{botId}/applicationinsightsconfiguration";
const FLAGS = ["includeActivities", "includeActions", "includeSensitiveInformation"] as const;

function precheck(ctx: RequestContext): RouteResult | null {
  const tenant = ctx.headers["x-cci-tenantid"];
  if (typeof tenant !== "string" || tenant === "") {
    return serviceError(400, "MissingTenantIdHeader", "The x-cci-tenantid header is required.");
  }
  if (!sameId(tenant, ctx.core.state.tenantId)) {
    return serviceError(403, "TenantMismatch", `The x-cci-tenantid '${tenant}' does not match the token's tenant.`);
  }
  if (!Object.values(ctx.core.state.environments).some((e) => sameId(e.name, ctx.params.envId))) {
    return serviceError(404, "EnvironmentNotFound", `The environment '${ctx.params.envId}' could not be found.`);
  }
  return null;
}

function key(ctx: RequestContext): string {
  return `${(ctx.params.envId ?? "").toLowerCase()}/${(ctx.params.botId ?? "").toLowerCase()}`;
}

function blank(ctx: RequestContext): StoredAppInsightsConfig {
  return {
    environmentId: ctx.params.envId ?? "",
    botId: ctx.params.botId ?? "",
    appInsightsConnectionString: "",
    includeActivities: false,
    includeActions: false,
    includeSensitiveInformation: false,
    networkIsolation: "PublicNetwork",
    errors: null,
  };
}

function get(ctx: RequestContext): RouteResult {
  const problem = precheck(ctx);
  if (problem) return problem;
  return ok(clone(ctx.core.state.copilotAppInsights[key(ctx)] ?? blank(ctx)));
}

function put(ctx: RequestContext): RouteResult {
  const problem = precheck(ctx);
  if (problem) return problem;
  const body = ctx.body;
  if (!isObject(body) || typeof body.appInsightsConnectionString !== "string") {
    return serviceError(400, "InvalidRequestContent", "appInsightsConnectionString must be a string ('' to clear).");
  }
  for (const flag of FLAGS) {
    if (body[flag] !== undefined && typeof body[flag] !== "boolean") {
      return serviceError(400, "InvalidRequestContent", `${flag} must be a boolean.`);
    }
  }
  const cs = body.appInsightsConnectionString;
  if (cs !== "" && !/(^|;)InstrumentationKey=[0-9a-f-]{36}(;|$)/i.test(cs)) {
    return ok({
      ...blank(ctx),
      errors: [{ code: "InvalidConnectionString", message: "The Application Insights connection string is invalid." }],
    });
  }
  const config: StoredAppInsightsConfig = {
    ...blank(ctx),
    appInsightsConnectionString: cs,
    includeActivities: body.includeActivities === true,
    includeActions: body.includeActions === true,
    includeSensitiveInformation: body.includeSensitiveInformation === true,
    networkIsolation: typeof body.networkIsolation === "string" ? body.networkIsolation : "PublicNetwork",
  };
  ctx.core.state.copilotAppInsights[key(ctx)] = config;
  return ok(clone(config));
}

/** Registers the Copilot Studio routes. */
export function copilotRoutes(router: Router): void {
  router.add("GET", "copilot", PATH, "copilot.appInsights.get", get, { userOnly: true });
  router.add("PUT", "copilot", PATH, "copilot.appInsights.put", put, { userOnly: true });
}
