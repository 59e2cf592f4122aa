import { SIGN_OFF_ROLES, type SignOffRole, type WorkloadModel } from "@govai/spec";

/** A way a change breaks the problem-definition lock. */
export const LOCK_VIOLATION_CODES = ["changedWithoutRevision", "revisionDecreased", "lockMismatch"] as const;
/** One of {@link LOCK_VIOLATION_CODES}. */
export type LockViolationCode = (typeof LOCK_VIOLATION_CODES)[number];

/** One broken lock rule, with the model path to fix. */
export interface LockViolation {
  code: LockViolationCode;
  message: string;
  path: string;
}

/** A sign-off that approved an older problem revision than the new model's. */
export interface StaleSignOff {
  role: SignOffRole;
  name: string;
  approvedRevision: number;
  currentRevision: number;
  message: string;
}

/** What changed in the problem definition between two models, and what that means for the lock and sign-offs. */
export interface ProblemLockReport {
  /** True when no lock rule is broken (stale sign-offs alone do not break the lock; the prod gate reports them). */
  ok: boolean;
  oldRevision: number;
  newRevision: number;
  /** The statement or the success metrics differ (by digest). */
  definitionChanged: boolean;
  statementChanged: boolean;
  metricsAdded: string[];
  metricsRemoved: string[];
  metricsChanged: string[];
  violations: LockViolation[];
  /** Sign-offs in the new model that do not approve its revision. */
  staleSignOffs: StaleSignOff[];
}

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(
          Object.keys(x)
            .sort()
            .map((k) => [k, (x as Record<string, unknown>)[k]]),
        )
      : x,
  );

/**
 * Compares the problem definition of two versions of a workload (the deployed one and the proposed one) and reports
 * lock violations: the statement or success metrics changed without a new revision, the revision went backwards,
 * the declared `lockedDigest` does not match; and which sign-offs a new revision made stale. `govai diff` uses it.
 */
export function checkProblemLock(oldModel: WorkloadModel, newModel: WorkloadModel): ProblemLockReport {
  const o = oldModel.problem;
  const n = newModel.problem;
  const oldMetrics = Object.keys(o.successMetrics);
  const newMetrics = Object.keys(n.successMetrics);
  const metricsAdded = newMetrics.filter((k) => !(k in o.successMetrics)).sort();
  const metricsRemoved = oldMetrics.filter((k) => !(k in n.successMetrics)).sort();
  const metricsChanged = newMetrics
    .filter((k) => k in o.successMetrics && canonical(o.successMetrics[k]) !== canonical(n.successMetrics[k]))
    .sort();
  const statementChanged = o.statement !== n.statement;
  const definitionChanged = o.digest !== n.digest;

  const violations: LockViolation[] = [];
  if (n.revision < o.revision) {
    violations.push({
      code: "revisionDecreased",
      message: `problem.revision went from ${o.revision} back to ${n.revision}; revisions only increase.`,
      path: "problem.revision",
    });
  } else if (definitionChanged && n.revision === o.revision) {
    violations.push({
      code: "changedWithoutRevision",
      message: `The problem statement or success metrics changed but problem.revision is still ${n.revision}; bump it to ${n.revision + 1}, lock the new digest and collect new sign-offs.`,
      path: "problem.revision",
    });
  }
  if (n.lockedDigest !== undefined && n.lockedDigest !== n.digest) {
    violations.push({
      code: "lockMismatch",
      message: `problem.lockedDigest (${n.lockedDigest}) does not match the statement and success metrics of revision ${n.revision} (${n.digest}).`,
      path: "problem.lockedDigest",
    });
  }

  const staleSignOffs: StaleSignOff[] = SIGN_OFF_ROLES.flatMap((role) => {
    const s = newModel.readiness.signOffs[role];
    if (s === undefined || s.problemRevision === n.revision) return [];
    return [
      {
        role,
        name: s.name,
        approvedRevision: s.problemRevision,
        currentRevision: n.revision,
        message: `The ${role} sign-off by ${s.name} approved revision ${s.problemRevision}; revision ${n.revision} needs a new one.`,
      },
    ];
  });

  return {
    ok: violations.length === 0,
    oldRevision: o.revision,
    newRevision: n.revision,
    definitionChanged,
    statementChanged,
    metricsAdded,
    metricsRemoved,
    metricsChanged,
    violations,
    staleSignOffs,
  };
}
