/**
 * Which gate checks judge each control of the controls catalogue (`CONTROLS` of `@govai/spec`). The catalogue holds
 * the governed values, their strictness orders and their risk; which check judges a value is the gate's knowledge, so
 * the mapping lives here: a control without a check, or a check named here that the gate does not have, fails the
 * catalogue's tests, and so does a control whose risk disagrees with the severity of its checks.
 */
import { type Control, CRITICAL, SIGN_OFF_ROLES, STANDARD, type WeakeningRisk } from "@govai/spec";
import { CHECKS } from "./checks.ts";
import { SEVERITIES, type Severity } from "./types.ts";

/** The ids of the gate checks that judge each control, by control id. */
export const CONTROL_CHECKS: Readonly<Record<string, readonly string[]>> = {
  "environment.dataverse.securityGroupId": ["security.environment-security-group"],
  // A stage in a group is judged by the managed-environment checks: n-a naming the group, failing on a fake group id.
  "environment.environmentGroupId": [
    "security.sharing-limited",
    "security.app-sharing-limited",
    "security.solution-checker",
  ],
  "groups.admins": ["security.environment-security-group"],
  "groups.makers": ["security.environment-security-group"],
  "connectorPolicy.defaultGroup": ["security.dlp-default-blocked", "data.connectors-allowed"],
  "connectorPolicy.unauthenticatedChat": ["security.unauthenticated-chat-blocked"],
  "connectorPolicy.connectors": ["security.dlp-default-blocked", "data.connectors-allowed"],
  "connectorPolicy.endpointRules": ["security.endpoint-filtering", "data.restricted-protected"],
  "connectorPolicy.actionRules": ["data.restricted-protected"],
  "connectorPolicy.customConnectorPatterns": ["security.custom-connectors-blocked"],
  "managedEnvironment.sharing.agents.mode": ["security.sharing-limited"],
  "managedEnvironment.sharing.agents.editorSharingDisabled": ["security.sharing-limited"],
  "managedEnvironment.sharing.agents.maxViewers": ["security.sharing-limited"],
  "managedEnvironment.sharing.apps.mode": ["security.app-sharing-limited"],
  "managedEnvironment.sharing.apps.maxUsers": ["security.app-sharing-limited"],
  "managedEnvironment.sharing.apps.groupSharingDisabled": ["security.app-sharing-limited"],
  "managedEnvironment.sharing.flows.mode": ["security.app-sharing-limited"],
  "managedEnvironment.solutionChecker.mode": ["security.solution-checker"],
  "managedEnvironment.solutionChecker.ruleOverrides": ["security.solution-checker"],
  "auditing.enabled": ["audit.enabled"],
  "auditing.userAccessAudit": ["audit.enabled"],
  "auditing.readAudit": ["audit.enabled"],
  "auditing.retentionDays": ["audit.retention"],
  "firewall.mode": ["security.network"],
  "firewall.allowedRanges": ["security.network"],
  "firewall.serviceTags": ["security.network"],
  "firewall.cookieBinding": ["security.network"],
  "firewall.allowMicrosoftTrustedServices": ["security.network"],
  "firewall.allowApplicationUsers": ["security.network"],
  "identities.deployment.clientSecret": ["security.no-client-secrets"],
  "identities.deployment.federatedCredentials": ["security.no-pull-request-deployment"],
  "identities.deployment.owners": ["security.no-client-secrets"],
  "identities.deployment.roles": ["security.least-privilege"],
  "identities.runtime": ["security.least-privilege", "data.write-least-privilege"],
  "telemetry.logSensitiveActivity": ["observability.sensitive-logging-off"],
  "telemetry.logActivities": ["observability.telemetry-bound"],
  "telemetry.logActions": ["observability.telemetry-bound"],
  "telemetry.bindAgent": ["observability.telemetry-bound"],
  "telemetry.samplingPercentage": ["observability.telemetry-bound"],
  "telemetry.workspace": ["observability.workspace-retention"],
  "alerts.p95LatencyMs": ["latency.slo-alerted"],
  "alerts.failureRatePercent": ["failure.rate-alerted"],
  "alerts.windowMinutes": ["latency.slo-alerted", "failure.rate-alerted"],
  "alerts.volumeAnomaly.enabled": ["observability.alerts-routed"],
  "alerts.volumeAnomaly.sensitivity": ["observability.alerts-routed"],
  "alerts.notify": ["observability.alerts-routed"],
  "cost.monthlyBudget": ["cost.budget-sized"],
  "cost.currency": ["cost.budget-sized"],
  "cost.expectedInteractionsPerMonth": ["cost.budget-sized"],
  "cost.targetCostPerInteraction": ["cost.budget-sized"],
  "cost.alertThresholdsPercent": ["cost.budget-sized"],
  "protection.protectFromDeletion": ["rollback.deletion-protected"],
  "protection.allowDataverseDeletion": ["rollback.deletion-protected"],
  "agent.authentication.mode": ["security.agent-authenticated"],
  "agent.authentication.requireSignIn": ["security.agent-authenticated"],
  "metadata.dataResidency": ["compliance.data-residency"],
  "dataSources.classification": ["data.restricted-protected"],
  "dataSources.access": ["data.write-least-privilege"],
  "readiness.signOffs": SIGN_OFF_ROLES.map((r) => `signoff.${r}`),
  "readiness.slos.p95LatencyMs": ["latency.slo-declared", "latency.slo-alerted", "latency.load-test"],
  "readiness.slos.throughputPerMinute": ["throughput.slo-declared", "latency.load-test"],
  "readiness.failureHandling.escalationPath": ["failure.escalation-path"],
  "readiness.failureHandling.fallback": ["failure.fallback"],
  "readiness.rollback.rtoMinutes": ["rollback.rto-declared", "rollback.restore-drill"],
  "readiness.evidence": ["latency.load-test", "quality.evaluation", "rollback.restore-drill", "security.pen-test"],
  "readiness.evidenceWaivers": [
    "latency.load-test",
    "quality.evaluation",
    "rollback.restore-drill",
    "security.pen-test",
  ],
};

const SEVERITY_OF = new Map(CHECKS.map((c) => [c.meta.id, c.meta.severity]));

/** The highest severity among a control's checks (a control the gate does not judge would be `low`). */
export function controlSeverity(control: Pick<Control, "id">): Severity {
  const levels = (CONTROL_CHECKS[control.id] ?? []).map((id) => SEVERITIES.indexOf(SEVERITY_OF.get(id) ?? "low"));
  return SEVERITIES[Math.min(...levels, SEVERITIES.length - 1)]!;
}

/**
 * The weakening risk a control should carry by its checks: {@link CRITICAL} when a critical check judges it, else
 * {@link STANDARD}. The catalogue states each control's risk as data; the catalogue's tests hold it to this rule.
 */
export function expectedRisk(control: Pick<Control, "id">): WeakeningRisk {
  return controlSeverity(control) === "critical" ? CRITICAL : STANDARD;
}
