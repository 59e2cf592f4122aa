import type { EvaluationEvidence, LoadTestEvidence } from "../evidence/formats.ts";
import { ageInDays, fail, pass, type Rule, STRICT, unknown } from "./rule.ts";

/** `latency.slo-declared`: a p95 latency SLO is declared. */
export const latencySloDeclared: Rule<{ p95LatencyMs: number | undefined }> = {
  id: "latency.slo-declared",
  passWhen: "readiness.slos.p95LatencyMs is declared and positive.",
  dimension: "latencyThroughput",
  severity: "high",
  title: "p95 latency SLO declared",
  remediation: "Declare readiness.slos.p95LatencyMs: the p95 turn latency, in milliseconds, users can rely on.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ p95LatencyMs }) =>
    p95LatencyMs !== undefined && p95LatencyMs > 0
      ? pass(`The p95 latency SLO is ${p95LatencyMs} ms.`, { p95LatencyMs })
      : fail("No p95 latency SLO is declared.", { p95LatencyMs }),
};

/** `latency.slo-alerted`: the p95 latency alert fires at or below the SLO. */
export const latencySloAlerted: Rule<{ sloP95Ms: number | undefined; alertP95Ms: number | undefined }> = {
  id: "latency.slo-alerted",
  passWhen: "The stage's p95 latency alert fires at or below the SLO.",
  dimension: "latencyThroughput",
  severity: "high",
  title: "Latency SLO alerted",
  remediation: "Set alerts.p95LatencyMs of the stage at or below readiness.slos.p95LatencyMs.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: (f) => {
    if (f.sloP95Ms === undefined)
      return unknown("The latency alert cannot be checked: no p95 latency SLO is declared.", f);
    if (f.alertP95Ms === undefined || f.alertP95Ms <= 0) return fail("No p95 latency alert is declared.", f);
    return f.alertP95Ms <= f.sloP95Ms
      ? pass(`The p95 latency alert fires at ${f.alertP95Ms} ms, within the ${f.sloP95Ms} ms SLO.`, f)
      : fail(`The p95 latency alert fires at ${f.alertP95Ms} ms, above the ${f.sloP95Ms} ms SLO.`, f);
  },
};

/** `throughput.slo-declared`: a throughput SLO is declared. */
export const throughputSloDeclared: Rule<{ throughputPerMinute: number | undefined }> = {
  id: "throughput.slo-declared",
  passWhen: "readiness.slos.throughputPerMinute is declared and positive.",
  dimension: "latencyThroughput",
  severity: "medium",
  title: "Throughput SLO declared",
  remediation: "Declare readiness.slos.throughputPerMinute: the conversations per minute the agent must sustain.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ throughputPerMinute }) =>
    throughputPerMinute !== undefined && throughputPerMinute > 0
      ? pass(`The throughput SLO is ${throughputPerMinute} per minute.`, { throughputPerMinute })
      : fail("No throughput SLO is declared.", { throughputPerMinute }),
};

/** `latency.load-test`: a load test proves the latency (and throughput) SLO. */
export const loadTestProvesSlo: Rule<{
  evidence: LoadTestEvidence;
  sloP95Ms: number | undefined;
  sloThroughputPerMinute: number | undefined;
}> = {
  id: "latency.load-test",
  passWhen:
    "Each loadTest file is at most the policy's age (90 days, not in the future), covers at least the policy's conversations (50), its p95 is at or below the SLO, and its throughput (if given) meets the throughput SLO.",
  dimension: "latencyThroughput",
  severity: "high",
  title: "Load test meets the SLO",
  remediation:
    "Run a load test against the stage (design-mode traffic excluded) with enough conversations, recently, and record its result as loadTest evidence.",
  enforcement: STRICT,
  basis: "evidence",
  evaluate: ({ evidence: e, sloP95Ms, sloThroughputPerMinute }, { policy, now }) => {
    const age = ageInDays(e.date, now);
    const read = {
      date: e.date,
      ageDays: age,
      conversations: e.conversations,
      p95LatencyMs: e.p95LatencyMs,
      throughputPerMinute: e.throughputPerMinute,
      sloP95Ms,
      sloThroughputPerMinute,
      minConversations: policy.minLoadTestConversations,
    };
    const what = `The load test of ${e.date}`;
    // A result from the future proves nothing, and an old one no longer measures the agent as it is now.
    if (age < 0) return fail(`${what} is dated in the future.`, read);
    if (age > policy.maxLoadTestAgeDays) {
      return fail(`${what} is ${age} days old; at most ${policy.maxLoadTestAgeDays} are allowed.`, read);
    }
    if (sloP95Ms === undefined) return unknown(`${what} cannot prove latency: no p95 latency SLO is declared.`, read);
    if (e.conversations < policy.minLoadTestConversations) {
      return fail(
        `${what} covered ${e.conversations} conversations; at least ${policy.minLoadTestConversations} are needed.`,
        read,
      );
    }
    if (e.p95LatencyMs > sloP95Ms) {
      return fail(`${what} measured p95 ${e.p95LatencyMs} ms, above the ${sloP95Ms} ms SLO.`, read);
    }
    if (
      sloThroughputPerMinute !== undefined &&
      e.throughputPerMinute !== undefined &&
      e.throughputPerMinute < sloThroughputPerMinute
    ) {
      return fail(
        `${what} sustained ${e.throughputPerMinute} per minute, below the ${sloThroughputPerMinute} per minute SLO.`,
        read,
      );
    }
    return pass(
      `${what} measured p95 ${e.p95LatencyMs} ms over ${e.conversations} conversations, within the ${sloP95Ms} ms SLO.`,
      read,
    );
  },
};

/** `quality.evaluation`: an evaluation run passes at least the policy's rate. */
export const evaluationPassRate: Rule<{ evidence: EvaluationEvidence }> = {
  id: "quality.evaluation",
  passWhen:
    "Each evaluation file is at most the policy's age (90 days, not in the future) and its pass rate (passed / total) is at least the policy's rate (85%).",
  dimension: "latencyThroughput",
  severity: "high",
  title: "Evaluation pass rate",
  remediation:
    "Run the agent's evaluation test set (again, if the last run is too old) and fix answers until the pass rate reaches the threshold.",
  enforcement: STRICT,
  basis: "evidence",
  evaluate: ({ evidence: e }, { policy, now }) => {
    const rate = Math.round((e.passed / e.total) * 1000) / 10;
    const age = ageInDays(e.date, now);
    const read = {
      date: e.date,
      ageDays: age,
      testSet: e.testSet,
      total: e.total,
      passed: e.passed,
      passRatePercent: rate,
    };
    const run = `The evaluation run of ${e.date} (${e.testSet})`;
    if (age < 0) return fail(`${run} is dated in the future.`, read);
    if (age > policy.maxEvaluationAgeDays) {
      return fail(`${run} is ${age} days old; at most ${policy.maxEvaluationAgeDays} are allowed.`, read);
    }
    const what = `${run} passed ${rate}% of ${e.total} cases`;
    return rate >= policy.minEvaluationPassRatePercent
      ? pass(`${what} (threshold ${policy.minEvaluationPassRatePercent}%).`, read)
      : fail(`${what}; at least ${policy.minEvaluationPassRatePercent}% is required.`, read);
  },
};
