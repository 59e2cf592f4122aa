import type { LoadTestEvidence } from "../evidence/formats.ts";
import { fail, notApplicable, pass, placeholderIn, present, type Rule, STRICT } from "./rule.ts";

/** `failure.escalation-path`: an escalation path to a human is declared. */
export const escalationPathDeclared: Rule<{ escalationPath: string | undefined }> = {
  id: "failure.escalation-path",
  passWhen: "readiness.failureHandling.escalationPath is declared, and not as a placeholder.",
  dimension: "failureHandling",
  severity: "high",
  title: "Escalation path",
  remediation:
    "Declare readiness.failureHandling.escalationPath: where a conversation goes when the agent cannot help (a queue, a team, a topic).",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ escalationPath }) => {
    if (!present(escalationPath)) return fail("No escalation path is declared.", { escalationPath });
    const placeholder = placeholderIn(escalationPath);
    return placeholder === undefined
      ? pass(`Escalation path: ${escalationPath}.`, { escalationPath })
      : fail(`The escalation path is ${placeholder}, not a queue or team.`, { escalationPath });
  },
};

/** `failure.fallback`: a fallback for unanswerable questions is declared. */
export const fallbackDeclared: Rule<{ fallback: string | undefined }> = {
  id: "failure.fallback",
  passWhen: "readiness.failureHandling.fallback is declared, and not as a placeholder.",
  dimension: "failureHandling",
  severity: "medium",
  title: "Fallback designed",
  remediation: "Declare readiness.failureHandling.fallback: what the agent does when it cannot answer.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ fallback }) => {
    if (!present(fallback)) return fail("No fallback is declared for when the agent cannot answer.", { fallback });
    const placeholder = placeholderIn(fallback);
    return placeholder === undefined
      ? pass(`Fallback: ${fallback}.`, { fallback })
      : fail(`The fallback is ${placeholder}, not a designed behaviour.`, { fallback });
  },
};

/** `failure.rate-alerted`: a failure-rate alert is declared, at or below the policy's ceiling. */
export const failureRateAlerted: Rule<{ failureRatePercent: number | undefined }> = {
  id: "failure.rate-alerted",
  passWhen: "The stage's failure-rate alert is positive and at most the policy's ceiling (10%).",
  dimension: "failureHandling",
  severity: "high",
  title: "Failure rate alerted",
  remediation: "Set alerts.failureRatePercent of the stage to a positive threshold at or below the policy's ceiling.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ failureRatePercent }, { policy }) => {
    const read = { failureRatePercent, maxFailureRateAlertPercent: policy.maxFailureRateAlertPercent };
    if (failureRatePercent === undefined || failureRatePercent <= 0) {
      return fail("No failure-rate alert is declared.", read);
    }
    return failureRatePercent <= policy.maxFailureRateAlertPercent
      ? pass(
          `The failure-rate alert fires at ${failureRatePercent}% (policy: at most ${policy.maxFailureRateAlertPercent}%).`,
          read,
        )
      : fail(
          `The failure-rate alert fires at ${failureRatePercent}%, above the ${policy.maxFailureRateAlertPercent}% the policy allows.`,
          read,
        );
  },
};

/** `failure.load-test-error-rate`: the load test's failure rate stays within the alert threshold. */
export const loadTestFailureRate: Rule<{ evidence: LoadTestEvidence; alertPercent: number | undefined }> = {
  id: "failure.load-test-error-rate",
  passWhen: "Each loadTest file that reports a failure rate stays within the stage's failure-rate alert.",
  dimension: "failureHandling",
  severity: "medium",
  title: "Load-test failure rate",
  remediation: "Fix the failing dependencies the load test exposed, or record the failure rate in the load-test file.",
  enforcement: STRICT,
  basis: "evidence",
  evaluate: ({ evidence: e, alertPercent }) => {
    const read = { date: e.date, failureRatePercent: e.failureRatePercent, alertPercent };
    if (e.failureRatePercent === undefined)
      return notApplicable(`The load test of ${e.date} reports no failure rate.`, read);
    if (alertPercent === undefined)
      return fail(`The load test of ${e.date} cannot be compared: no failure-rate alert is declared.`, read);
    return e.failureRatePercent <= alertPercent
      ? pass(
          `The load test of ${e.date} measured a failure rate of ${e.failureRatePercent}%, within the ${alertPercent}% alert threshold.`,
          read,
        )
      : fail(
          `The load test of ${e.date} measured a failure rate of ${e.failureRatePercent}%, above the ${alertPercent}% alert threshold.`,
          read,
        );
  },
};
