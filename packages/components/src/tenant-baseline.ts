import {
  BillingPolicy,
  DataPolicy,
  EnvironmentGroup,
  EnvironmentGroupRuleSet,
  TenantSettings,
} from "@govai/powerplatform/resources";
import { fitName, modelIssues, NAME_RULES, type TenantBaselineModel, tenantBaselineModelSchema } from "@govai/spec";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ComponentArgsError } from "./errors.ts";
import { childName } from "./names.ts";
import { StageCostGuardrail } from "./stage-cost-guardrail.ts";
import { sortedEntries } from "./tags.ts";
import { tenantSettingsDocument } from "./tenant-settings-document.ts";
import { currentMonthStart } from "./workload-stage.ts";

/** The type token of {@link TenantBaseline}. */
export const TENANT_BASELINE_TYPE = "govai:tenant:TenantBaseline";

/**
 * Budget notifications of a billing policy, in percent of its monthly budget: the baseline names who is told, not
 * when, so every policy gets the same three (half, most, all of it), as a workload stage's default budget does.
 */
export const BILLING_BUDGET_THRESHOLDS_PERCENT = [50, 80, 100] as const;

/** Inputs of {@link TenantBaseline}. */
export interface TenantBaselineArgs {
  /** The resolved tenant baseline (`loadBaselineFile()` / `resolveBaseline()` of `@govai/spec`). Read once. */
  model: TenantBaselineModel;
  /**
   * Pulumi `protect` on the tenant-wide DLP policy, the default environment's DLP policy and the tenant settings:
   * `pulumi destroy` refuses until it is turned off, as a workload's prod environment is protected. Default true:
   * each of them governs every maker of the tenant, and destroying the settings writes the old values back.
   */
  protect?: boolean;
  /**
   * First day of the billing policies' budgets, `YYYY-MM-01`. Default: the first of the current month (UTC). Ignored
   * after a budget exists, so passing "this month" every run causes no diff.
   */
  budgetStartDate?: string;
}

const startDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-01$/, "must be the first of a month, YYYY-MM-01");

/** Validates the arguments; throws {@link ComponentArgsError} naming every bad path before anything registers. */
function validate(component: string, args: TenantBaselineArgs): void {
  if (typeof args !== "object" || args === null) {
    throw new ComponentArgsError(component, [{ path: "args", message: "must be an object" }]);
  }
  if (typeof args.model !== "object" || args.model === null) {
    throw new ComponentArgsError(component, [{ path: "model", message: "must be a resolved tenant baseline model" }]);
  }
  const issues = modelIssues(tenantBaselineModelSchema, args.model).map((i) => ({
    path: `model.${i.path}`,
    message: i.message,
  }));
  if (issues.length === 0) {
    // The spec's cross-field rule, again for a model built by hand: routing targets a group this baseline creates.
    const target = args.model.settings.environmentRouting?.targetGroup;
    if (target !== undefined && !Object.hasOwn(args.model.environmentGroups, target)) {
      issues.push({
        path: "model.settings.environmentRouting.targetGroup",
        message: `"${target}" is not a key of environmentGroups (${Object.keys(args.model.environmentGroups).sort().join(", ") || "none"})`,
      });
    }
  }
  if (args.protect !== undefined && typeof args.protect !== "boolean") {
    issues.push({ path: "protect", message: "must be true or false" });
  }
  if (args.budgetStartDate !== undefined && !startDate.safeParse(args.budgetStartDate).success) {
    issues.push({ path: "budgetStartDate", message: "must be the first of a month, YYYY-MM-01" });
  }
  if (issues.length > 0) throw new ComponentArgsError(component, issues);
}

/**
 * The governance baseline of one tenant (`kind: TenantBaseline`): what holds for every pilot, whatever its
 * workload spec says. One per tenant, in its own stack.
 *
 * Children (names derive from this component's name and the baseline's map keys):
 * - `<name>-dlp-default-environment` (DataPolicy, when declared): the default environment only
 *   (`Default-<tenantId>`, `onlyEnvironments`), its three groups and default group as resolved;
 * - `<name>-dlp-tenant-wide` (DataPolicy): every environment (`allEnvironments`) or every one but the listed
 *   (`exceptEnvironments`); the blocked connectors blocked, everything else Non-business, so the policy only blocks
 *   and leaves Business/Non-business grouping to each environment's own policy;
 * - `<name>-settings` (TenantSettings, when a setting is declared): the declared settings only, in the wire's keys
 *   (see `tenantSettingsDocument`), with the baseline's `deleteBehavior`; routing targets the group's `groupId`;
 * - per environment group `<key>`: `<name>-group-<key>` (EnvironmentGroup) and `<name>-group-<key>-rules`
 *   (EnvironmentGroupRuleSet, the rules as resolved: the spec refuses agent sharing in a group, so there is none);
 * - per billing policy `<key>`: `<name>-billing-<key>` (BillingPolicy, Enabled) and `<name>-billing-<key>-cost`
 *   (StageCostGuardrail: a monthly Azure budget on the policy's resource group, notifying its `notify` people).
 *
 * Refuses, before registering anything, a model that is not a valid TenantBaselineModel (every bad path named).
 */
export class TenantBaseline extends pulumi.ComponentResource {
  /** The environment groups' ids, keyed like `environmentGroups`: what a workload stage's `environmentGroupId` takes. */
  declare readonly environmentGroupIds: pulumi.Output<Record<string, string>>;
  /** The billing policies' ids, keyed like `billingPolicies`: what a workload stage's `billingPolicyId` takes. */
  declare readonly billingPolicyIds: pulumi.Output<Record<string, string>>;
  /** The DLP policies' names (GUIDs): `tenantWide`, and `defaultEnvironment` when declared. */
  declare readonly dataPolicyIds: pulumi.Output<{ tenantWide: string; defaultEnvironment?: string }>;
  /** The tenant the baseline governs (`metadata.tenantId`). */
  declare readonly tenantId: pulumi.Output<string>;
  /** The parts, as escape hatches. */
  declare readonly dataPolicies: { tenantWide: DataPolicy; defaultEnvironment: DataPolicy | undefined };
  declare readonly tenantSettings: TenantSettings | undefined;
  declare readonly environmentGroups: Record<string, { group: EnvironmentGroup; rules: EnvironmentGroupRuleSet }>;
  declare readonly billingPolicies: Record<string, { policy: BillingPolicy; cost: StageCostGuardrail }>;

  constructor(name: string, args: TenantBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
    validate(`${TENANT_BASELINE_TYPE} "${name}"`, args);
    super(TENANT_BASELINE_TYPE, name, {}, opts);
    const model = args.model;
    const protect = args.protect ?? true;
    const dp = model.dataPolicies;

    const dflt = dp.defaultEnvironment;
    const defaultEnvironment =
      dflt === undefined
        ? undefined
        : new DataPolicy(
            childName(name, "dlp-default-environment"),
            {
              displayName: dflt.displayName,
              defaultGroup: dflt.defaultGroup,
              environmentIds: [dflt.environmentId],
              environmentScope: "onlyEnvironments",
              business: [...dflt.business].sort(),
              nonBusiness: [...dflt.nonBusiness].sort(),
              blocked: [...dflt.blocked].sort(),
            },
            { parent: this, protect },
          );

    const wide = dp.tenantWide;
    const tenantWide = new DataPolicy(
      childName(name, "dlp-tenant-wide"),
      {
        displayName: wide.displayName,
        // Block-only: every connector not blocked shares one group, so this policy never splits what an
        // environment's own policy groups together; the most restrictive combination leaves grouping to that one.
        defaultGroup: "nonBusiness",
        environmentIds: [...wide.exceptEnvironments].sort(),
        environmentScope: wide.scope,
        business: [],
        nonBusiness: [],
        blocked: [...wide.blocked].sort(),
      },
      { parent: this, protect },
    );

    const environmentGroups: Record<string, { group: EnvironmentGroup; rules: EnvironmentGroupRuleSet }> = {};
    for (const [key, g] of sortedEntries(model.environmentGroups)) {
      const group = new EnvironmentGroup(
        childName(name, "group", key),
        { displayName: g.displayName, description: g.description },
        { parent: this },
      );
      const r = g.rules;
      const rules = new EnvironmentGroupRuleSet(
        childName(name, "group", key, "rules"),
        {
          groupId: group.groupId,
          rules: {
            sharing: r.sharing === undefined ? undefined : { apps: r.sharing.apps },
            solutionChecker:
              r.solutionChecker === undefined
                ? undefined
                : { ...r.solutionChecker, ruleOverrides: [...r.solutionChecker.ruleOverrides].sort() },
            usageInsights: r.usageInsights,
            makerWelcome: r.makerWelcome,
            backupRetentionDays: r.backupRetentionDays,
            generativeAi: r.generativeAi,
          },
        },
        { parent: this },
      );
      environmentGroups[key] = { group, rules };
    }

    const target = model.settings.environmentRouting?.targetGroup;
    const document = tenantSettingsDocument(
      model.settings,
      target === undefined ? undefined : environmentGroups[target]!.group.groupId,
    );
    const tenantSettings =
      document === undefined
        ? undefined
        : new TenantSettings(
            childName(name, "settings"),
            { settings: document, deleteBehavior: model.settings.deleteBehavior },
            { parent: this, protect },
          );

    const billingPolicies: Record<string, { policy: BillingPolicy; cost: StageCostGuardrail }> = {};
    for (const [key, b] of sortedEntries(model.billingPolicies)) {
      const policy = new BillingPolicy(
        childName(name, "billing", key),
        {
          displayName: b.displayName,
          location: b.location,
          subscriptionId: b.subscriptionId,
          resourceGroup: b.resourceGroup,
          status: "Enabled",
        },
        { parent: this },
      );
      // The workload's cost guardrail, scoped to the billing resource group: the pay-as-you-go meters of the
      // environments linked to the policy are charged there.
      const cost = new StageCostGuardrail(
        childName(name, "billing", key, "cost"),
        {
          scope: `/subscriptions/${b.subscriptionId}/resourceGroups/${b.resourceGroup}`,
          budgetName: fitName(`${model.metadata.name}-${key}-budget`, NAME_RULES.budget),
          amount: b.monthlyBudget,
          thresholdsPercent: [...BILLING_BUDGET_THRESHOLDS_PERCENT],
          contactEmails: sortedEntries(b.notify).map(([, p]) => p.email),
          startDate: args.budgetStartDate ?? currentMonthStart(),
        },
        // After the policy: its billing resource is what the budget watches.
        { parent: this, dependsOn: [policy] },
      );
      billingPolicies[key] = { policy, cost };
    }

    const ids = <T>(entries: [string, pulumi.Output<T>][]) =>
      pulumi.output(Object.fromEntries(entries)) as pulumi.Output<Record<string, T>>;
    this.dataPolicies = { tenantWide, defaultEnvironment };
    this.tenantSettings = tenantSettings;
    this.environmentGroups = environmentGroups;
    this.billingPolicies = billingPolicies;
    this.environmentGroupIds = ids(Object.entries(environmentGroups).map(([k, g]) => [k, g.group.groupId]));
    this.billingPolicyIds = ids(Object.entries(billingPolicies).map(([k, p]) => [k, p.policy.billingPolicyId]));
    this.dataPolicyIds = pulumi.output(
      defaultEnvironment === undefined
        ? { tenantWide: tenantWide.policyName }
        : { tenantWide: tenantWide.policyName, defaultEnvironment: defaultEnvironment.policyName },
    ) as pulumi.Output<{ tenantWide: string; defaultEnvironment?: string }>;
    this.tenantId = pulumi.output(model.metadata.tenantId);
    this.registerOutputs({
      environmentGroupIds: this.environmentGroupIds,
      billingPolicyIds: this.billingPolicyIds,
      dataPolicyIds: this.dataPolicyIds,
      tenantId: this.tenantId,
    });
  }
}
