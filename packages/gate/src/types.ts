import type { StageName } from "@govai/spec";
import type { Dimension } from "./dimensions.ts";

/** How much a failing check matters, independent of the stage. */
export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
/** Severity of a check. */
export type Severity = (typeof SEVERITIES)[number];

/**
 * What a failing check does in a stage: `mandatory` fails the stage, `advisory` only warns, `off` means the check
 * does not apply there (reported `n-a`).
 */
export const ENFORCEMENTS = ["mandatory", "advisory", "off"] as const;
/** Enforcement of a check in one stage. */
export type Enforcement = (typeof ENFORCEMENTS)[number];

/**
 * What a rule concluded from the values it read. `unknown` means the rule could not decide (a value is not
 * declared or not visible); the gate fails closed on it: fail where the check is mandatory, warn where advisory.
 */
export type RuleStatus = "pass" | "fail" | "unknown" | "n-a";

/** The result of applying one rule to the values it read. Shared by the gate and the policy pack. */
export interface RuleOutcome {
  status: RuleStatus;
  /** One sentence a reviewer can act on. The policy pack reports exactly this text as the violation. */
  message: string;
  /** The values read, keyed by what they are (plain JSON). */
  evidence: Record<string, unknown>;
}

/** Status of one check in a verdict. `warn` is a failure of an advisory check (or an undecidable one). */
export type CheckStatus = "pass" | "fail" | "warn" | "n-a";

/** Whether a check reads declarations in the spec or an evidence file. */
export type CheckBasis = "declaration" | "evidence";

/** The static description of a check: what it is, where it looks, how strict it is per stage. */
export interface CheckMeta {
  /** Stable id, `<area>.<name>`, e.g. `security.no-client-secrets`. Public API: never renamed. */
  id: string;
  dimension: Dimension;
  severity: Severity;
  /** Short title for tables. */
  title: string;
  /** What a passing declaration or evidence file looks like, in one sentence. */
  passWhen: string;
  /** What to change to make the check pass. */
  remediation: string;
  /** Strictness per stage. */
  enforcement: Readonly<Record<StageName, Enforcement>>;
  basis: CheckBasis;
}

/** One evaluated check in a verdict. */
export interface CheckResult {
  id: string;
  dimension: Dimension;
  severity: Severity;
  /** Enforcement of the check in the evaluated stage. */
  enforcement: Enforcement;
  status: CheckStatus;
  message: string;
  /** Dotted path in the WorkloadModel the check concerns, e.g. `stages.prod.auditing.retentionDays`. */
  path: string;
  remediation: string;
  basis: CheckBasis;
  /** The values read. */
  evidence: Record<string, unknown>;
}

/** Verdict of one dimension. */
export interface DimensionVerdict {
  dimension: Dimension;
  /** `fail` if any check failed, else `warn` if any warned, else `pass` if any passed, else `n-a`. */
  status: CheckStatus;
  /**
   * `evidence` when the dimension passed (or only warned) and at least one evidence file proved part of it;
   * `declarations` when it rests on what the spec declares only (or failed).
   */
  provenBy: "declarations" | "evidence";
  /** Ids of the checks of this dimension, in catalogue order (an id repeats once per evidence file). */
  checks: string[];
}

/** The gate's verdict for one stage of one workload. */
export interface Verdict {
  workload: string;
  stage: StageName;
  problemRevision: number;
  /** True when no check failed in this stage (warnings allowed). */
  pass: boolean;
  dimensions: Record<Dimension, DimensionVerdict>;
  /** Every check, in catalogue order. */
  checks: CheckResult[];
  /** Ids and paths of the failing checks, a convenience for error messages. */
  failures: CheckResult[];
  /**
   * The dimensions that pass (or only warn) on the spec's declarations alone: no evidence file proved any part of
   * them. Reviewers read them as claims, not results. In dimension order.
   */
  declarationsOnly: Dimension[];
  /** Whether evidence files were loaded for this evaluation. */
  evidenceLoaded: boolean;
  /** ISO timestamp the evaluation used as "now" (evidence ages, sign-off dates). */
  evaluatedAt: string;
}
