import { STAGES, type StageName, type WorkloadModel } from "@govai/spec";
import { CHECKS } from "./checks.ts";
import { DIMENSIONS, type Dimension } from "./dimensions.ts";
import type { EvidenceSet } from "./evidence/evidence-set.ts";
import { type GatePolicyOverrides, gatePolicy } from "./gate-policy.ts";
import type { CheckResult, CheckStatus, DimensionVerdict, Enforcement, RuleStatus, Verdict } from "./types.ts";

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Threshold overrides; default {@link DEFAULT_GATE_POLICY}. */
  policy?: GatePolicyOverrides;
  /** "Now" for evidence ages and sign-off dates. Default: the current time. */
  now?: Date;
}

/** Thrown for input the gate cannot evaluate at all (an unknown stage, a stage the workload does not have). */
export class GateInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GateInputError";
  }
}

/**
 * Applies the enforcement of the stage to a rule status. Fail closed: an undecidable check (`unknown`) fails where
 * the check is mandatory and warns where it is advisory, like a failing one.
 */
export function checkStatus(status: RuleStatus, enforcement: Enforcement): CheckStatus {
  if (enforcement === "off" || status === "n-a") return "n-a";
  if (status === "pass") return "pass";
  return enforcement === "mandatory" ? "fail" : "warn";
}

/**
 * Evaluates the production-readiness gate for one stage of a workload. Pure: reads the model (and the evidence, if
 * loaded with `loadEvidence`), changes nothing.
 *
 * @param model The resolved workload.
 * @param stage The stage to evaluate; it must be present in `model.stages`.
 * @param evidence Loaded evidence files; without them every evidence check is `n-a` and dimensions pass on
 *   declarations only.
 * @throws GateInputError when the stage is not one of dev, test, prod or the workload leaves it out.
 */
export function evaluate(
  model: WorkloadModel,
  stage: StageName,
  evidence?: EvidenceSet,
  options: EvaluateOptions = {},
): Verdict {
  if (!(STAGES as readonly string[]).includes(stage)) {
    throw new GateInputError(`Unknown stage "${String(stage)}"; expected one of ${STAGES.join(", ")}.`);
  }
  const stageModel = model.stages[stage];
  if (stageModel === undefined) {
    const reason = model.omittedStages[stage];
    throw new GateInputError(
      `Workload "${model.metadata.name}" has no ${stage} stage${reason ? ` (left out: ${reason})` : ""}; nothing to evaluate.`,
    );
  }
  const now = options.now ?? new Date();
  const ctx = { stage, policy: gatePolicy(options.policy), now };
  const input = { model, stage, stageModel, evidence };

  const checks: CheckResult[] = CHECKS.flatMap((check) => {
    const enforcement = check.meta.enforcement[stage];
    return check.run(input, ctx).map(({ path, outcome, basis }) => ({
      id: check.meta.id,
      dimension: check.meta.dimension,
      severity: check.meta.severity,
      enforcement,
      status: checkStatus(outcome.status, enforcement),
      message: enforcement === "off" ? notCheckedIn(stage, check.meta.enforcement) : outcome.message,
      path,
      remediation: check.meta.remediation,
      basis: basis ?? check.meta.basis,
      evidence: outcome.evidence,
    }));
  });

  const dimensions = Object.fromEntries(
    DIMENSIONS.map((d) => [
      d,
      dimensionVerdict(
        d,
        checks.filter((c) => c.dimension === d),
      ),
    ]),
  ) as Record<Dimension, DimensionVerdict>;
  const failures = checks.filter((c) => c.status === "fail");
  const declarationsOnly = DIMENSIONS.filter(
    (d) =>
      dimensions[d].provenBy === "declarations" && (dimensions[d].status === "pass" || dimensions[d].status === "warn"),
  );
  return {
    workload: model.metadata.name,
    stage,
    problemRevision: model.problem.revision,
    pass: failures.length === 0,
    dimensions,
    checks,
    failures,
    declarationsOnly,
    evidenceLoaded: evidence !== undefined,
    evaluatedAt: now.toISOString(),
  };
}

function notCheckedIn(stage: StageName, enforcement: Readonly<Record<StageName, Enforcement>>): string {
  const where = STAGES.filter((s) => enforcement[s] !== "off");
  return `Not checked in ${stage}: applies to ${where.join(" and ")} only.`;
}

function dimensionVerdict(dimension: Dimension, checks: CheckResult[]): DimensionVerdict {
  const has = (s: CheckStatus) => checks.some((c) => c.status === s);
  const status: CheckStatus = has("fail") ? "fail" : has("warn") ? "warn" : has("pass") ? "pass" : "n-a";
  // A warning dimension can rest on evidence too: what counts is that a passing evidence check proved part of it.
  const proven =
    (status === "pass" || status === "warn") && checks.some((c) => c.basis === "evidence" && c.status === "pass");
  return { dimension, status, provenBy: proven ? "evidence" : "declarations", checks: checks.map((c) => c.id) };
}
