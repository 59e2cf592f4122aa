import { findPlaceholder, INIT_TEMPLATE_OWNERS, type SignOff, type SignOffRole, signOffPlaceholder } from "@govai/spec";
import { ageInDays, fail, list, PROD_MANDATORY, pass, present, type Rule, STRICT } from "./rule.ts";

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
    "Lock a new problem definition with `govai lock <workload.yaml>`. If a locked statement or success metrics changed on purpose, run `govai lock <workload.yaml> --bump`: it starts the next revision, locks its digest, and the sign-offs must then approve that revision. Otherwise revert the change.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: (f) => {
    if (f.lockedDigest === undefined) {
      return fail(
        `Problem revision ${f.revision} is not locked: run govai lock to declare problem.lockedDigest: ${f.digest}.`,
        f,
      );
    }
    return f.lockedDigest === f.digest
      ? pass(`Problem revision ${f.revision} is locked at ${f.digest}.`, f)
      : fail(
          `The problem statement or success metrics changed since revision ${f.revision} was locked (locked ${f.lockedDigest}, now ${f.digest}); run govai lock --bump to lock them as revision ${f.revision + 1}, or revert them.`,
          f,
        );
  },
};

function signOffRule(role: SignOffRole): Rule<{ signOff: SignOff | undefined; revision: number }> {
  const who = SIGN_OFF_ROLE_TITLES[role];
  return {
    id: `signoff.${role}`,
    passWhen: `readiness.signOffs.${role} is recorded for the current problem revision by a named person with an email address (no placeholders), dated no later than today and not older than the policy's age (365 days).`,
    dimension: "signOff",
    severity: "critical",
    title: `${who[0]!.toUpperCase()}${who.slice(1)} sign-off`,
    remediation: `Record the ${who} approval of the current problem revision in readiness.signOffs.${role} (name, email, date, problemRevision).`,
    enforcement: PROD_MANDATORY,
    basis: "declaration",
    evaluate: ({ signOff: s, revision }, { now, policy }) => {
      const read = { role, revision, signOff: s ?? null };
      if (s === undefined) return fail(`No ${who} sign-off is recorded.`, read);
      // An approval nobody can be asked about is no approval.
      const placeholder = signOffPlaceholder(s);
      if (placeholder !== undefined) return fail(`The ${who} sign-off is a placeholder (${placeholder}).`, read);
      if (!present(s.email)) return fail(`The ${who} sign-off by ${s.name} has no email address.`, read);
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

/** What `signoff.owner-named` reads: the workload's owners from `metadata`. */
export type OwnerFacts = {
  owningTeam: string;
  accountableName: string;
  accountableEmail: string;
  businessUnit: string;
  costCenter: string;
};

/**
 * `signoff.owner-named`: the workload's owners are real: no placeholder in the owning team, the accountable person,
 * the business unit or the cost center, and not the owners the `govai init` template writes.
 */
export const ownerNamed: Rule<OwnerFacts> = {
  id: "signoff.owner-named",
  passWhen:
    "metadata.owningTeam, accountable (name and email), businessUnit and costCenter are real: no placeholder, not the govai init template's.",
  dimension: "signOff",
  severity: "critical",
  title: "Owners named",
  remediation:
    "Replace the template owners in metadata: the owning team, the accountable person (name and email), the business unit and the cost center.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: (f) => {
    const t = INIT_TEMPLATE_OWNERS;
    const fields: Array<[string, string, string]> = [
      ["metadata.owningTeam", f.owningTeam, t.owningTeam],
      ["metadata.accountable.name", f.accountableName, t.accountable.name],
      ["metadata.accountable.email", f.accountableEmail, t.accountable.email],
      ["metadata.businessUnit", f.businessUnit, t.businessUnit],
      ["metadata.costCenter", f.costCenter, t.costCenter],
    ];
    const problems = fields.flatMap(([label, value, template]) => {
      const p = findPlaceholder(value);
      if (p !== undefined) return [`${label} (${p})`];
      return value.trim().toLowerCase() === template.toLowerCase() ? [`${label} (the init template's)`] : [];
    });
    return problems.length === 0
      ? pass(`Owned by ${f.owningTeam}; accountable: ${f.accountableName} (${f.accountableEmail}).`, f)
      : fail(`The workload's owners are placeholders: ${problems.join(", ")}.`, f);
  },
};

/** What `signoff.problem-defined` reads: the problem's own words, keyed by where they are. */
export interface ProblemTextFacts {
  texts: Readonly<Record<string, string>>;
}

/**
 * `signoff.problem-defined`: the problem statement, the success metrics' descriptions and units and the out-of-scope
 * list are real text, not placeholders. Sign-offs approve these words; a placeholder approved is nothing approved.
 */
export const problemDefined: Rule<ProblemTextFacts> = {
  id: "signoff.problem-defined",
  passWhen:
    "problem.statement, every success metric's description and unit, and problem.outOfScope contain no placeholder.",
  dimension: "signOff",
  severity: "critical",
  title: "Problem defined",
  remediation:
    "Write the problem statement, the success metrics and what is out of scope in the business's words (no TODO, TBD or <…>), then lock them with govai lock.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ texts }) => {
    const where = Object.keys(texts);
    const problems = where.flatMap((k) => {
      const p = findPlaceholder(texts[k]);
      return p === undefined ? [] : [`${k} (${p})`];
    });
    return problems.length === 0
      ? pass(`The problem definition has no placeholder (${where.length} texts checked).`, { checked: where.length })
      : fail(`The problem definition has placeholders: ${list(problems)}.`, { problems });
  },
};

/** `signoff.<role>`: one rule per sign-off role; mandatory in prod only. */
export const signOffRules: Readonly<Record<SignOffRole, Rule<{ signOff: SignOff | undefined; revision: number }>>> = {
  it: signOffRule("it"),
  security: signOffRule("security"),
  legal: signOffRule("legal"),
  businessOwner: signOffRule("businessOwner"),
};
