/**
 * The solution-checker rule catalogue (§4), at `runtimeEndpoints["microsoft.PowerAppsAdvisor"]`: the rule codes
 * that `solutionCheckerRuleOverrides` may name.
 */
import { ok, type RouteResult } from "../responses.ts";
import type { RequestContext, Router } from "../router.ts";

/** The ruleset id the service uses for solution checker. */
export const SOLUTION_CHECKER_RULESET = "0ad12346-e108-40b8-a956-9a8f95ea18c9";

/** A small, realistic slice of the rule catalogue. */
export const ADVISOR_RULES = [
  { code: "meta-remove-dup-reg", summary: "Remove duplicate plug-in registrations", severity: 2 },
  {
    code: "meta-avoid-reg-no-attribute",
    summary: "Include filtering attributes with plug-in registrations",
    severity: 3,
  },
  { code: "il-avoid-specialized-update-ops", summary: "Do not use specialized update operations", severity: 2 },
  { code: "web-use-strict-mode", summary: "Use strict mode when possible", severity: 3 },
  { code: "app-formula-issues-high", summary: "Canvas app formulas with high-severity issues", severity: 1 },
] as const;

function rules(ctx: RequestContext): RouteResult {
  const ruleset = ctx.query.get("ruleset");
  if (ruleset !== null && ruleset.toLowerCase() !== SOLUTION_CHECKER_RULESET) return ok([]);
  return ok(
    ADVISOR_RULES.map((r) => ({
      ...r,
      guidanceUrl: `https://learn.microsoft.com/power-apps/developer/data-platform/best-practices/${r.code}`,
    })),
  );
}

/** Registers the advisor route (api-version required). */
export function advisorRoutes(router: Router): void {
  router.add("GET", "advisor", "/api/rule", "advisor.rules", rules, { apiVersion: true });
}
