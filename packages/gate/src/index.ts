/**
 * `@govai/gate`: the production-readiness gate (pure rules over the WorkloadModel), the problem-definition lock,
 * evidence files, and the rules the CrossGuard policy pack (`./policy`) applies to resource inputs.
 */
export { assertGate, GateFailedError } from "./assert-gate.ts";
export {
  BASELINE_CHECKS,
  type BaselineCheck,
  type BaselineCheckResult,
  type BaselineFinding,
  type BaselineVerdict,
  type EvaluateBaselineOptions,
  evaluateBaseline,
} from "./baseline-checks.ts";
export { CHECKS, type Check, type Finding, type GateInput } from "./checks.ts";
export { CONTROL_CHECKS, controlSeverity, expectedRisk } from "./controls.ts";
export { DIMENSION_TITLES, DIMENSIONS, type Dimension } from "./dimensions.ts";
export { checkStatus, type EvaluateOptions, evaluate, GateInputError } from "./evaluate.ts";
export { type EvidenceSet, evidenceOfKind, type LoadedEvidence } from "./evidence/evidence-set.ts";
export {
  EvaluationEvidence,
  EvidenceDocument,
  LoadTestEvidence,
  OtherEvidence,
  PenTestEvidence,
  RestoreDrillEvidence,
} from "./evidence/formats.ts";
export { type LoadEvidenceOptions, loadEvidence, parseEvidence } from "./evidence/load-evidence.ts";
export { MAX_EVIDENCE_BYTES } from "./evidence/read-evidence-file.ts";
export { DEFAULT_GATE_POLICY, type GatePolicy, type GatePolicyOverrides, gatePolicy } from "./gate-policy.ts";
export {
  checkProblemLock,
  LOCK_VIOLATION_CODES,
  type LockViolation,
  type LockViolationCode,
  type ProblemLockReport,
  type StaleSignOff,
} from "./problem-lock.ts";
export type { Rule, RuleContext } from "./rules/rule.ts";
export {
  type CheckBasis,
  type CheckMeta,
  type CheckResult,
  type CheckStatus,
  type DimensionVerdict,
  ENFORCEMENTS,
  type Enforcement,
  type RuleOutcome,
  type RuleStatus,
  SEVERITIES,
  type Severity,
  type Verdict,
} from "./types.ts";
