import type { StageName, WorkloadModel } from "@govai/spec";

/**
 * The production-readiness gate as the components use it: `assertGate` throws (synchronously) an error that lists
 * every failing check, and returns normally when the stage may be materialised. The default is `@govai/gate`;
 * inject another only in tests or to wrap the real one (for example to add organisation-specific checks).
 */
export interface Gate {
  assertGate(model: WorkloadModel, stage: StageName): void;
}

/** Stages the components refuse to materialise while the gate fails. */
export const GATED_STAGES: readonly StageName[] = ["prod"];

/** Placeholder until `@govai/gate` lands: fails closed, so prod never goes out ungated. */
export const defaultGate: Gate = {
  assertGate(_model, stage) {
    throw new Error(
      `The production-readiness gate (@govai/gate) is not available in this build, so stage "${stage}" is refused. Pass \`gate\` explicitly.`,
    );
  },
};
