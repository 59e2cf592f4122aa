import type { ProofKind, StageName } from "@govai/spec";

/**
 * The organisation's thresholds the gate measures declarations and evidence against. Every field has a default
 * ({@link DEFAULT_GATE_POLICY}); pass a partial override to `evaluate` or set it in the policy pack's config.
 */
export interface GatePolicy {
  /** Least Dataverse audit retention per stage, in days (`-1`, keep forever, always passes). Default 31 / 90 / 365. */
  minAuditRetentionDays: Record<StageName, number>;
  /** Least Log Analytics retention per stage, in days. Default 30 / 30 / 90. */
  minWorkspaceRetentionDays: Record<StageName, number>;
  /** Highest failure-rate alert threshold, in percent, that still counts as alerting. Default 10. */
  maxFailureRateAlertPercent: number;
  /** Least number of conversations a load test must cover to prove the latency SLO. Default 50. */
  minLoadTestConversations: number;
  /** Least evaluation pass rate, in percent. Default 85. */
  minEvaluationPassRatePercent: number;
  /** Oldest load test that still proves the latency SLO, in days. Default 90. */
  maxLoadTestAgeDays: number;
  /** Oldest evaluation run that still proves answer quality, in days. Default 90. */
  maxEvaluationAgeDays: number;
  /** Oldest restore drill that still proves the RTO, in days. Default 90. */
  maxRestoreDrillAgeDays: number;
  /** Oldest penetration test that still counts, in days. Default 365. */
  maxPenTestAgeDays: number;
  /** Oldest sign-off that still counts, in days; approvals expire. Default 365. */
  maxSignOffAgeDays: number;
  /**
   * Evidence kinds a stage must prove, not only declare: without a file of the kind (or a waiver with a reason in
   * `readiness.evidenceWaivers`) the kind's check fails there. Default: prod needs `loadTest` (latency and
   * throughput), `evaluation` (answer quality) and `restoreDrill` (rollback); dev and test need none.
   */
  requiredEvidence: Record<StageName, readonly ProofKind[]>;
  /**
   * Evidence kinds a waiver written in the spec (`readiness.evidenceWaivers`) may excuse, per stage. A required kind
   * not listed here still needs its file, whatever the spec says: the spec's author must not be able to waive the
   * proof the organisation asks for. Default: prod none (every waiver in the spec is refused there until the
   * organisation allows that kind); dev and test every kind (they require none by default).
   */
  waivableEvidence: Record<StageName, readonly ProofKind[]>;
  /**
   * Narrowest prefix length an allowed firewall range may have: a range wider than this (e.g. `0.0.0.0/0`, or a
   * `/8` with the default) admits so many addresses that the firewall no longer restricts anyone. Default 16.
   */
  minFirewallPrefixLength: number;
  /**
   * Service tags that admit all of Azure or the whole internet, so a firewall allowing them restricts nobody: each
   * fails like `0.0.0.0/0`, also in its regional form (`AzureCloud.westeurope`). Matched case-insensitively.
   * Default `AzureCloud`, `Internet`.
   */
  broadServiceTags: readonly string[];
  /**
   * The service tags the organisation accepts in a firewall; a tag outside the list fails. Undefined (the default):
   * every tag that is not in `broadServiceTags`. Matched case-insensitively; a listed tag also accepts its regional
   * forms (`AzureConnectors` accepts `AzureConnectors.westeurope`).
   */
  acceptedServiceTags?: readonly string[];
  /**
   * Where the monthly budget must lie, in percent of the forecast spend (expected interactions per month × target
   * cost per interaction): at least `min` (a budget below the forecast alerts every month), at most `max` (a budget
   * far above it never catches an overrun). Default 100–200%.
   */
  budgetRangePercent: { min: number; max: number };
}

/** The defaults of {@link GatePolicy}. */
export const DEFAULT_GATE_POLICY: Readonly<GatePolicy> = Object.freeze({
  minAuditRetentionDays: { dev: 31, test: 90, prod: 365 },
  minWorkspaceRetentionDays: { dev: 30, test: 30, prod: 90 },
  maxFailureRateAlertPercent: 10,
  minLoadTestConversations: 50,
  minEvaluationPassRatePercent: 85,
  maxLoadTestAgeDays: 90,
  maxEvaluationAgeDays: 90,
  maxRestoreDrillAgeDays: 90,
  maxPenTestAgeDays: 365,
  maxSignOffAgeDays: 365,
  requiredEvidence: { dev: [], test: [], prod: ["loadTest", "evaluation", "restoreDrill"] as const },
  waivableEvidence: {
    dev: ["loadTest", "evaluation", "restoreDrill", "penTest"] as const,
    test: ["loadTest", "evaluation", "restoreDrill", "penTest"] as const,
    prod: [] as const,
  },
  minFirewallPrefixLength: 16,
  broadServiceTags: ["AzureCloud", "Internet"],
  budgetRangePercent: { min: 100, max: 200 },
});

/** A partial {@link GatePolicy}; per-stage maps may be partial too. */
export type GatePolicyOverrides = Partial<
  Omit<
    GatePolicy,
    | "minAuditRetentionDays"
    | "minWorkspaceRetentionDays"
    | "requiredEvidence"
    | "waivableEvidence"
    | "budgetRangePercent"
  > & {
    minAuditRetentionDays: Partial<Record<StageName, number>>;
    minWorkspaceRetentionDays: Partial<Record<StageName, number>>;
    requiredEvidence: Partial<Record<StageName, readonly ProofKind[]>>;
    waivableEvidence: Partial<Record<StageName, readonly ProofKind[]>>;
    budgetRangePercent: Partial<GatePolicy["budgetRangePercent"]>;
  }
>;

/** Merges overrides over the defaults. */
export function gatePolicy(overrides: GatePolicyOverrides = {}): GatePolicy {
  const d = DEFAULT_GATE_POLICY;
  return {
    ...d,
    ...overrides,
    minAuditRetentionDays: { ...d.minAuditRetentionDays, ...overrides.minAuditRetentionDays },
    minWorkspaceRetentionDays: { ...d.minWorkspaceRetentionDays, ...overrides.minWorkspaceRetentionDays },
    requiredEvidence: { ...d.requiredEvidence, ...overrides.requiredEvidence },
    waivableEvidence: { ...d.waivableEvidence, ...overrides.waivableEvidence },
    budgetRangePercent: { ...d.budgetRangePercent, ...overrides.budgetRangePercent },
  };
}
