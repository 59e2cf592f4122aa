import { assertGate } from "@govai/gate";
import type { StageName, WorkloadModel } from "@govai/spec";

/**
 * The production-readiness gate as the components use it: `assertGate` throws (synchronously) an error that lists
 * every failing check, and returns normally when the stage may be materialised.
 *
 * The default, {@link defaultGate}, is `assertGate` of `@govai/gate` without evidence files (components never read
 * files). A program that keeps evidence (load tests, evaluations, restore drills) loads it once and injects it:
 *
 * ```ts
 * const evidence = await loadEvidence(model);
 * new GovernedAiWorkload("claims", { model, gate: { assertGate: (m, s) => void assertGate(m, s, evidence) } });
 * ```
 */
export interface Gate {
  /** Throws when `stage` of `model` may not be materialised; the message lists every failing check. */
  assertGate(model: WorkloadModel, stage: StageName): void;
}

/** Stages the components refuse to materialise while the gate fails. */
export const GATED_STAGES: readonly StageName[] = ["prod"];

/** `@govai/gate` with no evidence: `GateFailedError` lists the failing checks. */
export const defaultGate: Gate = {
  assertGate(model, stage) {
    assertGate(model, stage);
  },
};
