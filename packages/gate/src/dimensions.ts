/**
 * The eight production-readiness dimensions, in the order the verdict reports them.
 * See `governance-controls.md` section 4 for the signals behind each.
 */
export const DIMENSIONS = [
  "latencyThroughput",
  "failureHandling",
  "securityAccess",
  "dataPipeline",
  "observability",
  "complianceAudit",
  "rollback",
  "signOff",
] as const;

/** One production-readiness dimension. */
export type Dimension = (typeof DIMENSIONS)[number];

/** Human titles of the dimensions, for renderers. */
export const DIMENSION_TITLES: Readonly<Record<Dimension, string>> = {
  latencyThroughput: "Latency and throughput",
  failureHandling: "Failure handling",
  securityAccess: "Security and access control",
  dataPipeline: "Data pipeline reliability",
  observability: "Observability",
  complianceAudit: "Compliance audit trail",
  rollback: "Rollback",
  signOff: "Cross-functional sign-off",
};
