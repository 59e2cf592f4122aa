import { DATA_RESIDENCY_ZONES, type DataResidency, outsideResidency } from "@govai/spec";
import { EVERY_STAGE, fail, notApplicable, pass, type Rule, STRICT } from "./rule.ts";

/** `audit.enabled`: Dataverse auditing and user-access auditing are on. */
export const auditEnabled: Rule<{ enabled: boolean; userAccessAudit: boolean }> = {
  id: "audit.enabled",
  passWhen: "Dataverse auditing and user-access auditing are on.",
  dimension: "complianceAudit",
  severity: "critical",
  title: "Dataverse auditing on",
  remediation: "Set auditing.enabled and auditing.userAccessAudit to true.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: (f) => {
    if (!f.enabled) return fail("Dataverse auditing is off.", f);
    if (!f.userAccessAudit) return fail("Dataverse user access auditing is off.", f);
    return pass("Dataverse auditing and user access auditing are on.", f);
  },
};

/** `audit.retention`: audit logs are kept at least the stage's minimum (or forever). */
export const auditRetention: Rule<{ retentionDays: number }> = {
  id: "audit.retention",
  passWhen: "Audit retention is -1 (forever) or at least the stage's minimum (31/90/365 days).",
  dimension: "complianceAudit",
  severity: "high",
  title: "Audit retention",
  remediation: "Raise auditing.retentionDays to at least the stage's minimum, or -1 to keep audit logs forever.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ retentionDays }, { stage, policy }) => {
    const min = policy.minAuditRetentionDays[stage];
    const read = { retentionDays, minRetentionDays: min };
    if (retentionDays === -1) return pass("Audit logs are kept forever.", read);
    return retentionDays >= min
      ? pass(`Audit logs are kept ${retentionDays} days (policy: at least ${min}).`, read)
      : fail(`Audit logs are kept ${retentionDays} days; this stage requires at least ${min}.`, read);
  },
};

/**
 * `compliance.data-residency`: the stage's data stays where the workload says it may live: its environment's
 * geography (Dataverse) and its Azure region (telemetry) lie inside `metadata.dataResidency`.
 */
export const dataResidency: Rule<{ residency: DataResidency | undefined; location: string; azureRegion: string }> = {
  id: "compliance.data-residency",
  passWhen:
    "When metadata.dataResidency is declared, the stage's environment.location and environment.azureRegion lie inside it.",
  dimension: "complianceAudit",
  severity: "critical",
  title: "Data residency kept",
  remediation:
    "Move the stage's environment.location and environment.azureRegion inside metadata.dataResidency (a geography change replaces the environment), or correct the declared residency.",
  // The issue: "a stage contradicting the residency fails": every stage, dev too (its data is real data all the same).
  enforcement: EVERY_STAGE,
  basis: "declaration",
  evaluate: (f) => {
    if (f.residency === undefined) return notApplicable("No data residency is declared.", f);
    const zone = DATA_RESIDENCY_ZONES[f.residency];
    const outside = outsideResidency(f.residency, f);
    if (outside.length === 0) {
      return pass(
        `The environment (${f.location} / ${f.azureRegion}) lies inside the declared residency ${f.residency}.`,
        f,
      );
    }
    const where = outside.map((o) => `${o.field === "location" ? "geography" : "Azure region"} ${o.value}`);
    return fail(
      `The stage puts data in ${where.join(" and ")}, outside the declared residency ${f.residency} (${zone.title}).`,
      f,
    );
  },
};
