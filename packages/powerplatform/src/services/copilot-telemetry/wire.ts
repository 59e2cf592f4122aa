/** Copilot Studio Application Insights configuration wire type (reference §9). */

/** Body of `…/bots/{botId}/applicationinsightsconfiguration` (GET and PUT). */
export interface WireAppInsightsConfiguration {
  environmentId?: string;
  botId?: string;
  appInsightsConnectionString?: string | null;
  includeActivities?: boolean;
  includeActions?: boolean;
  includeSensitiveInformation?: boolean;
  networkIsolation?: string;
  /** Non-empty on a 200 means the call failed. */
  errors?: unknown;
}
