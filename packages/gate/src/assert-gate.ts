import type { StageName, WorkloadModel } from "@govai/spec";
import { type EvaluateOptions, evaluate } from "./evaluate.ts";
import type { EvidenceSet } from "./evidence/evidence-set.ts";
import type { CheckResult, Verdict } from "./types.ts";

/** Thrown by {@link assertGate} when the gate fails: carries the verdict and lists every failing check. */
export class GateFailedError extends Error {
  /** The full verdict. */
  readonly verdict: Verdict;
  /** The failing checks, in catalogue order. */
  readonly failures: readonly CheckResult[];
  constructor(verdict: Verdict) {
    const lines = verdict.failures.map((f) => `  - ${f.id} (${f.path}): ${f.message} Fix: ${f.remediation}`);
    super(
      `The production-readiness gate refuses ${verdict.stage} for workload "${verdict.workload}": ${verdict.failures.length} check(s) fail.\n${lines.join("\n")}`,
    );
    this.name = "GateFailedError";
    this.verdict = verdict;
    this.failures = verdict.failures;
  }
}

/**
 * Evaluates the gate and throws {@link GateFailedError} when the stage does not pass; returns the verdict when it
 * does. Components call it before materialising a stage (prod in particular).
 */
export function assertGate(
  model: WorkloadModel,
  stage: StageName,
  evidence?: EvidenceSet,
  options?: EvaluateOptions,
): Verdict {
  const verdict = evaluate(model, stage, evidence, options);
  if (!verdict.pass) throw new GateFailedError(verdict);
  return verdict;
}
