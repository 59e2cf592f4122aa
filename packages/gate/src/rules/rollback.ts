import type { RestoreDrillEvidence } from "../evidence/formats.ts";
import { ageInDays, fail, PROD_ONLY, pass, type Rule, STRICT, unknown } from "./rule.ts";

/** `rollback.rto-declared`: a recovery time objective for rollback is declared. */
export const rtoDeclared: Rule<{ rtoMinutes: number | undefined }> = {
  id: "rollback.rto-declared",
  passWhen: "readiness.rollback.rtoMinutes is declared and positive.",
  dimension: "rollback",
  severity: "high",
  title: "Rollback RTO declared",
  remediation: "Declare readiness.rollback.rtoMinutes: how long a rollback or restore may take.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ rtoMinutes }) =>
    rtoMinutes !== undefined && rtoMinutes > 0
      ? pass(`The rollback RTO is ${rtoMinutes} minutes.`, { rtoMinutes })
      : fail("No rollback RTO is declared.", { rtoMinutes }),
};

/** `rollback.deletion-protected`: prod resources are protected from deletion and Dataverse data is kept. */
export const deletionProtected: Rule<{ protectFromDeletion: boolean; allowDataverseDeletion: boolean }> = {
  id: "rollback.deletion-protected",
  passWhen: "Prod resources are protected from deletion and allowDataverseDeletion is off.",
  dimension: "rollback",
  severity: "high",
  title: "Protected from deletion",
  remediation: "Set protection.protectFromDeletion: true and protection.allowDataverseDeletion: false for prod.",
  enforcement: PROD_ONLY,
  basis: "declaration",
  evaluate: (f) => {
    if (!f.protectFromDeletion) return fail("Prod resources are not protected from deletion.", f);
    if (f.allowDataverseDeletion)
      return fail("A destroy may delete prod Dataverse data (allowDataverseDeletion is on).", f);
    return pass("Prod resources are protected from deletion.", f);
  },
};

/** `rollback.restore-drill`: a recent, successful restore drill finished within the RTO. */
export const restoreDrill: Rule<{ evidence: RestoreDrillEvidence; rtoMinutes: number | undefined }> = {
  id: "rollback.restore-drill",
  passWhen: "Each restoreDrill file succeeded, is at most the policy's age (90 days) and took no longer than the RTO.",
  dimension: "rollback",
  severity: "high",
  title: "Restore drill within RTO",
  remediation: "Rehearse a restore of the environment from backup and record it as restoreDrill evidence.",
  enforcement: STRICT,
  basis: "evidence",
  evaluate: ({ evidence: e, rtoMinutes }, { policy, now }) => {
    const age = ageInDays(e.date, now);
    const read = { date: e.date, ageDays: age, durationMinutes: e.durationMinutes, succeeded: e.succeeded, rtoMinutes };
    const what = `The restore drill of ${e.date}`;
    if (!e.succeeded) return fail(`${what} did not succeed.`, read);
    if (age < 0) return fail(`${what} is dated in the future.`, read);
    if (age > policy.maxRestoreDrillAgeDays) {
      return fail(`${what} is ${age} days old; at most ${policy.maxRestoreDrillAgeDays} are allowed.`, read);
    }
    if (rtoMinutes === undefined) return unknown(`${what} cannot prove the RTO: no rollback RTO is declared.`, read);
    return e.durationMinutes <= rtoMinutes
      ? pass(`${what} restored in ${e.durationMinutes} minutes, within the ${rtoMinutes}-minute RTO.`, read)
      : fail(`${what} took ${e.durationMinutes} minutes, over the ${rtoMinutes}-minute RTO.`, read);
  },
};
