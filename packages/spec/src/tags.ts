/** The tags govai puts on every resource of a stage. */
import type { StageName, WorkloadMetadata } from "./model.ts";

/** Tag keys govai sets on every resource; user tags may not replace them (Azure tag names are case-insensitive). */
export const STANDARD_TAG_KEYS = [
  "govai-workload",
  "govai-stage",
  "owner",
  "cost-center",
  "problem-revision",
  "data-residency",
] as const;

/** Azure allows 50 tags per resource; this many are left for the user. */
export const MAX_USER_TAGS = 50 - STANDARD_TAG_KEYS.length;

/** The tag key govai derives from `metadata.dataResidency` (set only when a residency is declared). */
export const DATA_RESIDENCY_TAG = "data-residency";

/** The tags of one stage: the standard tags, then the user's. */
export function stageTags(
  metadata: WorkloadMetadata,
  stage: StageName,
  problemRevision: number,
): Record<string, string> {
  return {
    "govai-workload": metadata.name,
    "govai-stage": stage,
    owner: metadata.accountable.email,
    "cost-center": metadata.costCenter,
    "problem-revision": String(problemRevision),
    ...(metadata.dataResidency !== undefined ? { [DATA_RESIDENCY_TAG]: metadata.dataResidency } : {}),
    ...metadata.tags,
  };
}
