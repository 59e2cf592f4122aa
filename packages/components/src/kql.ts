/**
 * The KQL of the SLO alerts, as pure functions so the exact text is tested and shown in plans.
 *
 * Both queries run against the stage's workspace-based Application Insights component and exclude Copilot Studio
 * test-pane traffic, which carries `designMode == "True"` in its custom dimensions (governance-controls §3.4).
 * Latency is measured on dependencies (flows, HTTP and knowledge calls), the turn-level durations Copilot Studio
 * emits; the failure rate is exceptions plus failed dependencies per received message.
 */

/** The filter every query applies first: drop test-pane telemetry. */
export const EXCLUDE_DESIGN_MODE = `where tostring(customDimensions["designMode"]) != "True"`;

/** p95 dependency duration in milliseconds over the alert window, in a column named `p95`. */
export function p95LatencyQuery(): string {
  return ["dependencies", `| ${EXCLUDE_DESIGN_MODE}`, "| summarize p95 = percentile(duration, 95)"].join("\n");
}

/** Failures per received message in percent over the alert window, in a column named `failureRate`. */
export function failureRateQuery(): string {
  return [
    "let turns = toscalar(customEvents",
    `  | ${EXCLUDE_DESIGN_MODE}`,
    `  | where name == "BotMessageReceived"`,
    "  | count);",
    "let failures = toscalar(union",
    `  (exceptions | ${EXCLUDE_DESIGN_MODE}),`,
    `  (dependencies | ${EXCLUDE_DESIGN_MODE} | where success == false)`,
    "  | count);",
    "print failureRate = iff(turns == 0, 0.0, 100.0 * failures / turns)",
  ].join("\n");
}

/** Received messages over the alert window, in a column named `turns`: the series the volume-anomaly rule watches. */
export function turnVolumeQuery(): string {
  return [
    "customEvents",
    `| ${EXCLUDE_DESIGN_MODE}`,
    `| where name == "BotMessageReceived"`,
    "| summarize turns = count()",
  ].join("\n");
}
