import { fail, PROD_MANDATORY, pass, type Rule } from "./rule.ts";

/** Money for messages: at most two decimals, no float noise (`20000 × 0.06` is 1200, not 1200.0000000000002). */
const money = (n: number): string => String(Math.round(n * 100) / 100);

/**
 * `cost.budget-sized`: prod has a monthly budget, an interaction forecast and a target cost per interaction, and
 * the budget fits the forecast spend (expected interactions × target cost) within the policy's range (100–200%).
 * A budget below the forecast alerts every month; one far above it never catches an overrun. Both are cost traps.
 */
export const budgetSized: Rule<{
  monthlyBudget: number;
  currency: string;
  expectedInteractionsPerMonth: number;
  targetCostPerInteraction: number;
}> = {
  id: "cost.budget-sized",
  passWhen:
    "The stage has a monthly budget, expected interactions per month and a target cost per interaction (all > 0), and the budget is 100–200% (the policy's range) of expected interactions × target cost.",
  dimension: "observability",
  severity: "high",
  title: "Budget fits the forecast",
  remediation:
    "Set cost.monthlyBudget, cost.expectedInteractionsPerMonth and cost.targetCostPerInteraction of the stage so that the budget lies within the policy's range of the forecast spend (by default 1–2 times expected interactions × target cost).",
  enforcement: PROD_MANDATORY,
  basis: "declaration",
  evaluate: (f, { policy }) => {
    const { min, max } = policy.budgetRangePercent;
    const forecast = f.expectedInteractionsPerMonth * f.targetCostPerInteraction;
    const percent = forecast > 0 ? Math.round((f.monthlyBudget / forecast) * 100) : null;
    const read = { ...f, forecast: money(forecast), budgetPercentOfForecast: percent, rangePercent: { min, max } };
    const missing = [
      ...(f.monthlyBudget > 0 ? [] : ["no monthly budget"]),
      ...(f.expectedInteractionsPerMonth > 0 ? [] : ["no expected interactions per month"]),
      ...(f.targetCostPerInteraction > 0 ? [] : ["no target cost per interaction (0)"]),
    ];
    if (missing.length > 0) {
      return fail(`The stage's cost is not governed: ${missing.join(", ")}.`, read);
    }
    const spend = `${money(forecast)} ${f.currency} (${f.expectedInteractionsPerMonth} interactions × ${f.targetCostPerInteraction} ${f.currency})`;
    const what = `The monthly budget of ${money(f.monthlyBudget)} ${f.currency} is ${percent}% of the forecast spend of ${spend}`;
    // A relative tolerance of one part in a million absorbs float noise in the product, nothing a budget would notice.
    if (f.monthlyBudget < (forecast * min) / 100 - forecast * 1e-6) {
      return fail(`${what}; below ${min}% it alerts every month.`, read);
    }
    if (f.monthlyBudget > (forecast * max) / 100 + forecast * 1e-6) {
      return fail(`${what}; above ${max}% it would not catch a cost overrun.`, read);
    }
    return pass(`${what} (policy: ${min}–${max}%).`, read);
  },
};
