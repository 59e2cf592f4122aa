/** The problem-definition digest: the lock that sign-offs approve. */
import { createHash } from "node:crypto";
import type { SuccessMetric } from "./model.ts";

/** JSON with object keys sorted at every level, so equal data always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * `sha256:<hex>` of the canonical JSON of the statement (trimmed) and the success metrics (with their defaults
 * applied, so writing `description: ""` or leaving it out gives the same digest). Out-of-scope items, the revision
 * and sign-offs are not part of it: the digest locks what the agent must achieve.
 */
export function problemDigest(problem: {
  statement: string;
  successMetrics: Record<string, Omit<SuccessMetric, "description"> & { description?: string | undefined }>;
}): string {
  const metrics: Record<string, SuccessMetric> = {};
  for (const [k, m] of Object.entries(problem.successMetrics)) {
    metrics[k] = {
      description: m.description ?? "",
      baseline: m.baseline,
      target: m.target,
      unit: m.unit,
      measuredIn: m.measuredIn,
    };
  }
  const text = canonicalJson({ statement: problem.statement.trim(), successMetrics: metrics });
  return `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;
}
