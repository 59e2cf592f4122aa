import { STAGES } from "@govai/spec";
import { z } from "zod";

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "expected a date as YYYY-MM-DD", abort: true })
  // Date.parse rolls impossible days over (2026-02-30 is 2 March), so the date must survive a round trip.
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, "not a calendar date");

/**
 * A load-test result. Proves the latency SLO (p95 at or below it over enough conversations), the throughput SLO
 * (when both are given) and, when it reports one, the failure rate against the alert threshold.
 */
export const LoadTestEvidence = z.strictObject({
  kind: z.literal("loadTest"),
  /** Day the test ran, YYYY-MM-DD. */
  date: isoDate,
  /** Stage the test ran against; informative. */
  stage: z.enum(STAGES).optional(),
  /** Tool or harness that produced it, e.g. "k6", "Copilot Studio Kit". */
  tool: z.string().min(1).optional(),
  /** Conversations the test covered (design-mode traffic excluded). */
  conversations: z.int().positive(),
  p50LatencyMs: z.number().nonnegative().optional(),
  /** Measured p95 turn latency in milliseconds. */
  p95LatencyMs: z.number().nonnegative(),
  /** Sustained conversations (or turns) per minute. */
  throughputPerMinute: z.number().nonnegative().optional(),
  /** Exceptions plus failed dependencies per turn, in percent. */
  failureRatePercent: z.number().min(0).max(100).optional(),
});
export type LoadTestEvidence = z.infer<typeof LoadTestEvidence>;

/** An evaluation run (a Copilot Studio test set or an external harness). Proves answer quality: pass rate ≥ policy. */
export const EvaluationEvidence = z
  .strictObject({
    kind: z.literal("evaluation"),
    date: isoDate,
    /** Name of the test set. */
    testSet: z.string().min(1),
    /** Test cases run. */
    total: z.int().positive(),
    /** Test cases passed. */
    passed: z.int().nonnegative(),
  })
  .refine((e) => e.passed <= e.total, { message: "passed cannot exceed total", path: ["passed"] });
export type EvaluationEvidence = z.infer<typeof EvaluationEvidence>;

/** A restore drill: an environment restored from backup. Proves the rollback RTO when recent and within it. */
export const RestoreDrillEvidence = z.strictObject({
  kind: z.literal("restoreDrill"),
  date: isoDate,
  /** The backup restored, e.g. a backup label or timestamp. */
  restoredFrom: z.string().min(1).optional(),
  /** Minutes from starting the restore until the agent answered again. */
  durationMinutes: z.number().nonnegative(),
  succeeded: z.boolean(),
});
export type RestoreDrillEvidence = z.infer<typeof RestoreDrillEvidence>;

/** A penetration test. Proves security when recent and without open critical or high findings. */
export const PenTestEvidence = z.strictObject({
  kind: z.literal("penTest"),
  date: isoDate,
  /** Who ran it. */
  tester: z.string().min(1).optional(),
  openFindings: z.strictObject({
    critical: z.int().nonnegative(),
    high: z.int().nonnegative(),
    medium: z.int().nonnegative().default(0),
    low: z.int().nonnegative().default(0),
  }),
});
export type PenTestEvidence = z.infer<typeof PenTestEvidence>;

/** Any other supporting document; listed in the verdict, proves no dimension. */
export const OtherEvidence = z.object({
  kind: z.literal("other"),
  date: isoDate.optional(),
  summary: z.string().optional(),
});
export type OtherEvidence = z.infer<typeof OtherEvidence>;

/** An evidence file, by its `kind`. */
export const EvidenceDocument = z.discriminatedUnion("kind", [
  LoadTestEvidence,
  EvaluationEvidence,
  RestoreDrillEvidence,
  PenTestEvidence,
  OtherEvidence,
]);
export type EvidenceDocument = z.infer<typeof EvidenceDocument>;
