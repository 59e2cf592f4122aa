import * as consumption from "@pulumi/azure-native/consumption/index.js";
import type * as inputs from "@pulumi/azure-native/types/input.js";
import * as pulumi from "@pulumi/pulumi";
import { partSchemas, validatePart } from "./args.ts";
import { childName } from "./names.ts";

/** Inputs of {@link StageCostGuardrail}. */
export interface StageCostGuardrailArgs {
  /**
   * ARM scope of the budget: the stage's resource group id (`/subscriptions/<id>/resourceGroups/<name>`).
   * Changing it replaces the budget.
   */
  scope: pulumi.Input<string>;
  /** Physical budget name (`StageNames.budget`). Changing it replaces the budget. */
  budgetName: string;
  /** Monthly amount in the billing account's currency (`CostModel.monthlyBudget`). Changed in place. */
  amount: number;
  /** Notification thresholds in percent of the amount, one notification each (`CostModel.alertThresholdsPercent`). */
  thresholdsPercent: number[];
  /** E-mail recipients of every notification (sorted here). */
  contactEmails: string[];
  /** Action group notified as well; omit for e-mail only. */
  actionGroupResourceId?: pulumi.Input<string | undefined>;
  /**
   * First day of the budget, `YYYY-MM-01`. Azure requires the first of a month. Changes to it are ignored after
   * creation (`ignoreChanges`), so a program may pass "this month" on every run without a diff.
   */
  startDate: string;
  /** `skip` creates no budget. `args` overrides the owned defaults, merged last. */
  budget?: { skip?: boolean; args?: Partial<consumption.BudgetArgs> };
}

/**
 * The cost guardrail of one stage: a monthly Azure consumption budget on the stage's resource group, with one
 * actual-cost notification per threshold (`actual-<percent>`), to the owners and the action group.
 *
 * Azure budgets do not take tags; everything else in the stage is tagged. Power Platform capacity and Copilot
 * Studio message costs are billed outside Azure unless a pay-as-you-go billing policy links them (not managed here).
 *
 * Children: `<name>-budget` (consumption Budget), unless skipped.
 *
 * See https://learn.microsoft.com/azure/cost-management-billing/costs/tutorial-acm-create-budgets
 */
export class StageCostGuardrail extends pulumi.ComponentResource {
  /** ARM id of the budget; undefined when skipped. */
  declare readonly budgetResourceId: pulumi.Output<string | undefined>;

  constructor(name: string, args: StageCostGuardrailArgs, opts?: pulumi.ComponentResourceOptions) {
    // A skipped budget needs none of its arguments.
    if (!args?.budget?.skip) validatePart(`govai:workload:StageCostGuardrail "${name}"`, partSchemas.cost, args);
    super("govai:workload:StageCostGuardrail", name, {}, opts);
    let budgetResourceId: pulumi.Input<string | undefined>;
    if (!args.budget?.skip) {
      const emails = [...new Set(args.contactEmails)].sort();
      const contactGroups = pulumi.output(args.actionGroupResourceId).apply((id): string[] => (id ? [id] : []));
      const notifications: Record<string, inputs.consumption.NotificationArgs> = {};
      for (const pct of [...new Set(args.thresholdsPercent)].sort((x, y) => x - y)) {
        notifications[`actual-${pct}`] = {
          enabled: true,
          operator: "GreaterThanOrEqualTo",
          threshold: pct,
          thresholdType: "Actual",
          contactEmails: emails,
          contactGroups,
        };
      }
      const budget = new consumption.Budget(
        childName(name, "budget"),
        {
          scope: args.scope,
          budgetName: args.budgetName,
          amount: args.amount,
          category: "Cost",
          timeGrain: "Monthly",
          timePeriod: { startDate: args.startDate },
          notifications,
          ...args.budget?.args,
        },
        { parent: this, ignoreChanges: ["timePeriod.startDate"] },
      );
      budgetResourceId = budget.id;
    }
    this.budgetResourceId = pulumi.output(budgetResourceId);
    this.registerOutputs({ budgetResourceId: this.budgetResourceId });
  }
}
