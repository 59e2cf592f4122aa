import type { SignOff, SignOffRole } from "@govai/spec";
import { ageInDays, fail, PROD_MANDATORY, pass, type Rule, STRICT } from "./rule.ts";

/** How each sign-off role is named in messages. */
export const SIGN_OFF_ROLE_TITLES: Readonly<Record<SignOffRole, string>> = {
  it: "IT",
  security: "Security",
  legal: "Legal",
  businessOwner: "business owner",
};

/** `signoff.problem-locked`: the problem statement and success metrics match the digest locked for the revision. */
export const problemLocked: Rule<{ revision: number; lockedDigest: string | undefined; digest: string }> = {
  id: "signoff.problem-locked",
  passWhen: "problem.lockedDigest is declared and equals the digest of the statement and success metrics.",
  dimension: "signOff",
  severity: "critical",
  title: "Problem definition locked",
  remediation:
    "If the change is intended, bump problem.revision, set problem.lockedDigest to the new digest, and collect new sign-offs; otherwise revert the statement and success metrics.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: (f) => {
    if (f.lockedDigest === undefined) {
      return fail(`Problem revision ${f.revision} is not locked: declare problem.lockedDigest: ${f.digest}.`, f);
    }
    return f.lockedDigest === f.digest
      ? pass(`Problem revision ${f.revision} is locked at ${f.digest}.`, f)
      : fail(
          `The problem statement or success metrics changed since revision ${f.revision} was locked (locked ${f.lockedDigest}, now ${f.digest}).`,
          f,
        );
  },
};

function signOffRule(role: SignOffRole): Rule<{ signOff: SignOff | undefined; revision: number }> {
  const who = SIGN_OFF_ROLE_TITLES[role];
  return {
    id: `signoff.${role}`,
    passWhen: `readiness.signOffs.${role} is recorded for the current problem revision, dated no later than today and not older than the policy's age (365 days).`,
    dimension: "signOff",
    severity: "critical",
    title: `${who[0]!.toUpperCase()}${who.slice(1)} sign-off`,
    remediation: `Record the ${who} approval of the current problem revision in readiness.signOffs.${role} (name, email, date, problemRevision).`,
    enforcement: PROD_MANDATORY,
    basis: "declaration",
    evaluate: ({ signOff: s, revision }, { now, policy }) => {
      const read = { role, revision, signOff: s ?? null };
      if (s === undefined) return fail(`No ${who} sign-off is recorded.`, read);
      if (s.problemRevision !== revision) {
        return fail(
          `The ${who} sign-off by ${s.name} approved problem revision ${s.problemRevision}; the current revision is ${revision}.`,
          read,
        );
      }
      if (Number.isNaN(Date.parse(`${s.date}T00:00:00Z`)))
        return fail(`The ${who} sign-off date ${s.date} is not a date.`, read);
      const age = ageInDays(s.date, now);
      if (age < 0) return fail(`The ${who} sign-off date ${s.date} is in the future.`, read);
      if (age > policy.maxSignOffAgeDays) {
        return fail(
          `The ${who} sign-off of ${s.date} is ${age} days old; at most ${policy.maxSignOffAgeDays} are allowed.`,
          read,
        );
      }
      return pass(
        `${who[0]!.toUpperCase()}${who.slice(1)} signed off revision ${revision} (${s.name}, ${s.date}).`,
        read,
      );
    },
  };
}

/** `signoff.<role>`: one rule per sign-off role; mandatory in prod only. */
export const signOffRules: Readonly<Record<SignOffRole, Rule<{ signOff: SignOff | undefined; revision: number }>>> = {
  it: signOffRule("it"),
  security: signOffRule("security"),
  legal: signOffRule("legal"),
  businessOwner: signOffRule("businessOwner"),
};
