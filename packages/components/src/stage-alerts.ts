import type { AlertsModel } from "@govai/spec";
import * as monitor from "@pulumi/azure-native/monitor/index.js";
import * as pulumi from "@pulumi/pulumi";
import { partSchemas, validatePart } from "./args.ts";
import { ComponentArgsError } from "./errors.ts";
import { failureRateQuery, p95LatencyQuery, turnVolumeQuery } from "./kql.ts";
import { childName, isoDuration } from "./names.ts";
import { sortedEntries } from "./tags.ts";

/** Inputs of {@link StageAlerts}. */
export interface StageAlertsArgs {
  /** Resource group of the action group and alert rules. Changing it replaces them. */
  resourceGroupName: pulumi.Input<string>;
  /** Azure region of the alert rules (the App Insights region). Changing it replaces them. */
  location: string;
  /** Full ARM id of the App Insights component the rules query. */
  appInsightsResourceId: pulumi.Input<string>;
  /** The SLO thresholds, window and recipients (`StageModel.alerts`). Thresholds are changed in place. */
  alerts: AlertsModel;
  /** Prefix of the rules' physical names: `<prefix>-p95-latency`, `<prefix>-failure-rate`. Changing it replaces them. */
  ruleNamePrefix: string;
  /**
   * The action group that e-mails `alerts.notify`. Created by default; `existing.resourceId` uses one by its ARM id
   * and creates nothing; `skip` creates none and the rules notify nobody. `existing` and `args` exclude each other.
   */
  actionGroup: {
    /** Physical name (`StageNames.actionGroup`). Changing it replaces the group. */
    actionGroupName: string;
    /** Short name shown in notifications, at most 12 characters. Changed in place. */
    shortName: string;
    /** Create no action group; the rules then notify nobody. Default false. */
    skip?: boolean;
    /** Use an existing action group (for example a central operations one) by its full ARM id. */
    existing?: { resourceId: pulumi.Input<string> };
    /** Overrides of the owned defaults, merged last. */
    args?: Partial<monitor.ActionGroupArgs>;
  };
  /** Tags on every resource. */
  tags: Record<string, string>;
}

/**
 * The SLO alerts of one stage: an action group that e-mails the people in `alerts.notify` (receivers named by the
 * map key, sorted), and two log search alert rules on the agent's App Insights, both excluding test-pane telemetry
 * (`designMode == "True"`):
 * - `p95-latency`: p95 dependency duration above `alerts.p95LatencyMs`;
 * - `failure-rate`: exceptions plus failed dependencies per received message above `alerts.failureRatePercent`.
 *
 * - `volume-anomaly`, only with `alerts.volumeAnomaly.enabled`: received messages outside the band a dynamic threshold
 *   learns from their history (`DynamicThresholdCriterion`, sensitivity from `alerts.volumeAnomaly.sensitivity`).
 *   Dynamic thresholds on log search alerts are in preview in API 2025-01-01-preview; unconfirmed in a real tenant.
 *
 * All evaluate every 5 minutes (or every window, if shorter) over `alerts.windowMinutes`, severity 2, auto-resolving.
 *
 * Children: `<name>-ag` (monitor ActionGroup, unless adopted or skipped), `<name>-p95-latency`, `<name>-failure-rate`,
 * `<name>-volume-anomaly` (monitor ScheduledQueryRule).
 *
 * See https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-create-log-alert-rule
 */
export class StageAlerts extends pulumi.ComponentResource {
  /** ARM id of the action group (created or adopted); undefined when skipped. */
  declare readonly actionGroupResourceId: pulumi.Output<string | undefined>;

  constructor(name: string, args: StageAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    validatePart(`govai:workload:StageAlerts "${name}"`, partSchemas.alerts, args);
    const ag = args.actionGroup;
    if (ag.existing && ag.args) {
      throw new ComponentArgsError(`govai:workload:StageAlerts "${name}"`, [
        { path: "actionGroup", message: "only one of [actionGroup.existing] or [actionGroup.args] can be specified" },
      ]);
    }
    super("govai:workload:StageAlerts", name, {}, opts);
    const a = args.alerts;

    let actionGroupResourceId: pulumi.Input<string> | undefined = ag.existing?.resourceId;
    if (!ag.existing && !ag.skip) {
      const group = new monitor.ActionGroup(
        childName(name, "ag"),
        {
          resourceGroupName: args.resourceGroupName,
          actionGroupName: ag.actionGroupName,
          groupShortName: ag.shortName,
          location: "global",
          enabled: true,
          emailReceivers: sortedEntries(a.notify).map(([key, p]) => ({
            name: key,
            emailAddress: p.email,
            useCommonAlertSchema: true,
          })),
          tags: args.tags,
          ...ag.args,
        },
        { parent: this },
      );
      actionGroupResourceId = group.id;
    }

    const window = isoDuration(a.windowMinutes);
    const frequency = isoDuration(Math.min(5, a.windowMinutes));
    const criterion = (query: string, column: string, threshold: number) => ({
      query,
      timeAggregation: "Maximum",
      metricMeasureColumn: column,
      operator: "GreaterThan",
      threshold,
      failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
    });
    const rule = (key: string, description: string, condition: monitor.ScheduledQueryRuleArgs["criteria"]) =>
      new monitor.ScheduledQueryRule(
        childName(name, key),
        {
          resourceGroupName: args.resourceGroupName,
          ruleName: `${args.ruleNamePrefix}-${key}`,
          location: args.location,
          kind: "LogAlert",
          description,
          displayName: `${args.ruleNamePrefix} ${key}`,
          enabled: true,
          severity: 2,
          autoMitigate: true,
          scopes: [args.appInsightsResourceId],
          evaluationFrequency: frequency,
          windowSize: window,
          criteria: condition,
          actions: { actionGroups: actionGroupResourceId ? [actionGroupResourceId] : [] },
          tags: args.tags,
        },
        { parent: this },
      );
    rule(
      "p95-latency",
      `p95 dependency latency above ${a.p95LatencyMs} ms over ${window} (test-pane traffic excluded)`,
      { allOf: [criterion(p95LatencyQuery(), "p95", a.p95LatencyMs)] },
    );
    rule("failure-rate", `Failure rate above ${a.failureRatePercent}% over ${window} (test-pane traffic excluded)`, {
      allOf: [criterion(failureRateQuery(), "failureRate", a.failureRatePercent)],
    });
    if (a.volumeAnomaly.enabled) {
      const sensitivity = { low: "Low", medium: "Medium", high: "High" }[a.volumeAnomaly.sensitivity];
      rule(
        "volume-anomaly",
        `Message volume outside its learned band over ${window}, ${a.volumeAnomaly.sensitivity} sensitivity (test-pane traffic excluded)`,
        {
          allOf: [
            {
              query: turnVolumeQuery(),
              timeAggregation: "Total",
              metricMeasureColumn: "turns",
              criterionType: "DynamicThresholdCriterion",
              alertSensitivity: sensitivity,
              operator: "GreaterOrLessThan",
              failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
            },
          ],
        },
      );
    }

    this.actionGroupResourceId = pulumi.output(actionGroupResourceId);
    this.registerOutputs({ actionGroupResourceId: this.actionGroupResourceId });
  }
}
