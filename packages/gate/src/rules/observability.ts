import type { Person } from "@govai/spec";
import { findPlaceholder } from "@govai/spec";
import { fail, list, notApplicable, pass, placeholderIn, present, type Rule, STRICT, unknown } from "./rule.ts";

/**
 * `observability.telemetry-bound`: the stack binds the agent to the stage's Application Insights and activities are
 * logged. A bot id alone proves nothing: without `telemetry.bindAgent` the stack never makes the binding.
 */
export const telemetryBound: Rule<{ botId: string | undefined; logActivities: boolean; bindAgent: boolean }> = {
  id: "observability.telemetry-bound",
  passWhen:
    "telemetry.bindAgent is on (the stack binds the agent to the stage's App Insights), agent.botId is declared (the binding needs it) and activity logging is on.",
  dimension: "observability",
  severity: "high",
  title: "Agent telemetry bound",
  remediation:
    "Set telemetry.bindAgent: true for the stage and declare agent.botId so the stack makes the App Insights binding (run pulumi up as a user: its API needs one), and keep telemetry.logActivities on.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: (f) => {
    if (!f.logActivities) return fail("Activity logging is off: the agent sends no conversation telemetry.", f);
    if (!f.bindAgent) {
      return fail(
        "The stack does not bind the agent to the stage's Application Insights (telemetry.bindAgent is off), so no conversation telemetry reaches it.",
        f,
      );
    }
    if (!present(f.botId)) {
      return unknown("The agent's bot id is not declared, so its telemetry binding cannot be made.", f);
    }
    const placeholder = placeholderIn(f.botId);
    if (placeholder !== undefined)
      return fail(`The agent's bot id is ${placeholder}; the binding needs the real one.`, f);
    return pass(`Agent ${f.botId} logs activities to the stage's Application Insights.`, f);
  },
};

/** `observability.sensitive-logging-off`: message text and user identity are not logged (allowed in dev only). */
export const sensitiveLoggingOff: Rule<{ logSensitiveActivity: boolean }> = {
  id: "observability.sensitive-logging-off",
  passWhen: "Sensitive activity logging is off (allowed on in dev).",
  dimension: "observability",
  severity: "critical",
  title: "Sensitive logging off",
  remediation: "Set telemetry.logSensitiveActivity to false (it is allowed only in dev).",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ logSensitiveActivity }, { stage }) => {
    if (!logSensitiveActivity) return pass("Sensitive activity logging is off.", { logSensitiveActivity });
    return stage === "dev"
      ? pass("Sensitive activity logging is on, which only dev allows.", { logSensitiveActivity })
      : fail("Sensitive activity logging is on: message text and user identity are copied into Application Insights.", {
          logSensitiveActivity,
        });
  },
};

/** `observability.alerts-routed`: alerts notify at least one person, each with an email address. */
export const alertsRouted: Rule<{ notify: Readonly<Record<string, Person>> }> = {
  id: "observability.alerts-routed",
  passWhen: "Alerts notify at least one person, each with an email address, and none of them is a placeholder.",
  dimension: "observability",
  severity: "high",
  title: "Alerts routed to people",
  remediation: "List the people alerts.notify reaches, each with name and email.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ notify }) => {
    const keys = Object.keys(notify).sort();
    const emails = keys.map((k) => notify[k]!.email);
    if (keys.length === 0) return fail("Alerts notify nobody.", { notify: [] });
    const bad = keys.filter((k) => !present(notify[k]!.email) || !notify[k]!.email.includes("@"));
    if (bad.length > 0) return fail(`Alert recipients without an email address: ${list(bad)}.`, { notify: emails });
    const placeholders = keys.flatMap((k) => {
      const p = findPlaceholder(notify[k]!.email) ?? findPlaceholder(notify[k]!.name);
      return p === undefined ? [] : [`${k} (${p})`];
    });
    if (placeholders.length > 0) {
      return fail(`Alert recipients are placeholders, so alerts reach nobody: ${list(placeholders)}.`, {
        notify: emails,
      });
    }
    return pass(`Alerts notify ${keys.length} ${keys.length === 1 ? "person" : "people"}: ${emails.join(", ")}.`, {
      notify: emails,
    });
  },
};

/** `observability.workspace-retention`: the Log Analytics workspace keeps telemetry at least the stage's minimum. */
export const workspaceRetention: Rule<{ mode: "create" | "existing"; retentionDays: number | undefined }> = {
  id: "observability.workspace-retention",
  passWhen:
    "A created workspace keeps telemetry at least the stage's minimum (30/30/90 days); adopted workspaces are n-a.",
  dimension: "observability",
  severity: "medium",
  title: "Telemetry retention",
  remediation: "Raise telemetry.workspace.retentionDays to at least the stage's minimum.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: (f, { stage, policy }) => {
    const min = policy.minWorkspaceRetentionDays[stage];
    const read = { ...f, minRetentionDays: min };
    if (f.mode === "existing") {
      return notApplicable("The workspace is adopted (existing): its retention is governed where it is owned.", read);
    }
    if (f.retentionDays === undefined) return unknown("The workspace retention is not known.", read);
    return f.retentionDays >= min
      ? pass(`Log Analytics keeps telemetry ${f.retentionDays} days (policy: at least ${min}).`, read)
      : fail(`Log Analytics keeps telemetry ${f.retentionDays} days; this stage requires at least ${min}.`, read);
  },
};

/** `observability.success-metrics-measured`: the problem has success metrics, each measured somewhere. */
export const successMetricsMeasured: Rule<{ measuredIn: Readonly<Record<string, string>> }> = {
  id: "observability.success-metrics-measured",
  passWhen: "The problem has success metrics, each with measuredIn (not a placeholder).",
  dimension: "observability",
  severity: "medium",
  title: "Success metrics measured",
  remediation: "Declare problem.successMetrics, each with measuredIn (a dashboard, a KQL query, a report).",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ measuredIn }) => {
    const keys = Object.keys(measuredIn).sort();
    if (keys.length === 0) return fail("The problem definition has no success metrics.", { metrics: [] });
    const nowhere = keys.filter((k) => !present(measuredIn[k]));
    if (nowhere.length > 0)
      return fail(`Success metrics measured nowhere: ${list(nowhere)}.`, { metrics: keys, nowhere });
    const placeholders = keys.flatMap((k) => {
      const p = findPlaceholder(measuredIn[k]);
      return p === undefined ? [] : [`${k} (${p})`];
    });
    return placeholders.length === 0
      ? pass(`Every success metric is measured somewhere (${list(keys)}).`, { metrics: keys })
      : fail(`Success metrics whose measuredIn is a placeholder: ${list(placeholders)}.`, {
          metrics: keys,
          placeholders,
        });
  },
};
