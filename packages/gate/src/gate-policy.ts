import type { StageName } from "@govai/spec";

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
  /** Least system-backup retention in days. Power Platform keeps system backups 7–28 days. Default 7. */
  minBackupRetentionDays: number;
  /** Least number of conversations a load test must cover to prove the latency SLO. Default 50. */
  minLoadTestConversations: number;
  /** Least evaluation pass rate, in percent. Default 85. */
  minEvaluationPassRatePercent: number;
  /** Oldest restore drill that still proves the RTO, in days. Default 90. */
  maxRestoreDrillAgeDays: number;
  /** Oldest penetration test that still counts, in days. Default 365. */
  maxPenTestAgeDays: number;
  /** Oldest sign-off that still counts, in days; approvals expire. Default 365. */
  maxSignOffAgeDays: number;
}

/** The defaults of {@link GatePolicy}. */
export const DEFAULT_GATE_POLICY: Readonly<GatePolicy> = Object.freeze({
  minAuditRetentionDays: { dev: 31, test: 90, prod: 365 },
  minWorkspaceRetentionDays: { dev: 30, test: 30, prod: 90 },
  maxFailureRateAlertPercent: 10,
  minBackupRetentionDays: 7,
  minLoadTestConversations: 50,
  minEvaluationPassRatePercent: 85,
  maxRestoreDrillAgeDays: 90,
  maxPenTestAgeDays: 365,
  maxSignOffAgeDays: 365,
});

/** A partial {@link GatePolicy}; per-stage maps may be partial too. */
export type GatePolicyOverrides = Partial<
  Omit<GatePolicy, "minAuditRetentionDays" | "minWorkspaceRetentionDays"> & {
    minAuditRetentionDays: Partial<Record<StageName, number>>;
    minWorkspaceRetentionDays: Partial<Record<StageName, number>>;
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
  };
}
