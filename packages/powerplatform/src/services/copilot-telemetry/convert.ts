/** Copilot Studio App Insights converters. */

import type { AgentTelemetrySettings } from "../../client/types.ts";
import type { WireAppInsightsConfiguration } from "./wire.ts";

/** Builds the PUT body. */
export function toWireAppInsights(
  environmentId: string,
  botId: string,
  s: AgentTelemetrySettings,
): WireAppInsightsConfiguration {
  if (s.connectionString !== "" && !/InstrumentationKey=|IngestionEndpoint=/i.test(s.connectionString)) {
    throw new TypeError(
      'connectionString must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…) or "" for none',
    );
  }
  return {
    environmentId,
    botId,
    appInsightsConnectionString: s.connectionString,
    includeActivities: s.logActivities,
    includeActions: s.logActions,
    includeSensitiveInformation: s.logSensitiveActivity,
    networkIsolation: s.networkIsolation ?? "PublicNetwork",
  };
}

/** Reads the configuration. */
export function fromWireAppInsights(w: WireAppInsightsConfiguration): AgentTelemetrySettings {
  return {
    connectionString: w.appInsightsConnectionString ?? "",
    logActivities: w.includeActivities ?? false,
    logActions: w.includeActions ?? false,
    logSensitiveActivity: w.includeSensitiveInformation ?? false,
    networkIsolation: w.networkIsolation ?? "PublicNetwork",
  };
}

/** True when the `errors` field of a 200 reports a failure (anything but null, undefined, [] or {}). */
export function hasErrors(errors: unknown): boolean {
  if (errors === null || errors === undefined || errors === "") return false;
  if (Array.isArray(errors)) return errors.length > 0;
  if (typeof errors === "object") return Object.keys(errors as object).length > 0;
  return true;
}
