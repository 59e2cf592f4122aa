/**
 * Copilot Studio Application Insights configuration per agent (reference §9). The host comes from the environment's
 * `runtimeEndpoints["microsoft.PowerVirtualAgents"]`, the tenant header from its `tenantId`. User tokens only.
 */

import type { ClientCore } from "../../client/core.ts";
import { segment } from "../../client/core.ts";
import { EnvironmentNotFoundError, PowerPlatformError, UnexpectedResponseError } from "../../client/errors.ts";
import type { CallContext } from "../../client/http.ts";
import type { AgentTelemetrySettings } from "../../client/types.ts";
import { getEnvironment } from "../environment/api.ts";
import { fromWireAppInsights, hasErrors, toWireAppInsights } from "./convert.ts";
import type { WireAppInsightsConfiguration } from "./wire.ts";

async function target(core: ClientCore, ctx: CallContext, environmentId: string, botId: string) {
  const env = await getEnvironment(core, ctx, environmentId);
  if (!env) throw new EnvironmentNotFoundError(ctx.operation, environmentId);
  if (!env.copilotStudioUrl || !env.tenantId) {
    throw new PowerPlatformError(
      `${ctx.operation}: environment ${environmentId} has no Copilot Studio endpoint (runtimeEndpoints["microsoft.PowerVirtualAgents"]) or tenant id`,
    );
  }
  const base = env.copilotStudioUrl.replace(/\/+$/, "");
  return {
    url: `${base}/api/botmanagement/2022-01-15/environments/${segment("environmentId", environmentId)}/bots/${segment("botId", botId)}/applicationinsightsconfiguration`,
    headers: { "x-cci-tenantid": env.tenantId },
  };
}

/** Reads the agent's Application Insights configuration. */
export async function getAgentTelemetry(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
  botId: string,
): Promise<AgentTelemetrySettings> {
  const t = await target(core, ctx, environmentId, botId);
  const r = await core.http.send(ctx, {
    method: "GET",
    url: t.url,
    headers: t.headers,
    scope: core.copilotStudioScope,
    accept: [200],
  });
  return fromWireAppInsights((r.body ?? {}) as WireAppInsightsConfiguration);
}

/** Writes the agent's Application Insights configuration. A 200 whose `errors` is not empty is a failure. */
export async function setAgentTelemetry(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
  botId: string,
  settings: AgentTelemetrySettings,
): Promise<AgentTelemetrySettings> {
  const body = toWireAppInsights(environmentId, botId, settings);
  const t = await target(core, ctx, environmentId, botId);
  const r = await core.http.send(ctx, {
    method: "PUT",
    url: t.url,
    headers: t.headers,
    scope: core.copilotStudioScope,
    body,
    accept: [200],
    // The service answers 500 when it refuses the configuration (the Terraform provider treats it as final too):
    // resending the same body only repeats the refusal for the whole retry budget.
    finalStatuses: [500],
    finalHint:
      "Copilot Studio refused the Application Insights configuration; check the connection string and that the agent exists in this environment, then run again",
  });
  const wire = (r.body ?? {}) as WireAppInsightsConfiguration;
  if (hasErrors(wire.errors)) {
    throw new UnexpectedResponseError(
      `${ctx.operation}: Copilot Studio answered 200 but reported errors: ${JSON.stringify(wire.errors)} (request id ${r.requestId ?? "none"})`,
      r.body,
      r.request,
    );
  }
  return fromWireAppInsights(wire);
}

/** Clears the configuration: empty connection string and every flag off. */
export function clearAgentTelemetry(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
  botId: string,
): Promise<AgentTelemetrySettings> {
  return setAgentTelemetry(core, ctx, environmentId, botId, {
    connectionString: "",
    logActivities: false,
    logActions: false,
    logSensitiveActivity: false,
  });
}
