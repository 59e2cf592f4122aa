import { connectorKey, findPlaceholder, type StageName } from "@govai/spec";
import type { GatePolicy } from "../gate-policy.ts";
import type { CheckMeta, Enforcement, RuleOutcome } from "../types.ts";

/** What a rule knows besides the values it reads: the stage, the thresholds, and "now". */
export interface RuleContext {
  stage: StageName;
  policy: GatePolicy;
  now: Date;
}

/**
 * A rule: a check's static description plus a pure function from the values it reads (`F`, its facts) to an
 * outcome. The gate feeds it facts read from the WorkloadModel; the policy pack feeds it facts read from resource
 * inputs. Both report the same message.
 */
export interface Rule<F> extends CheckMeta {
  evaluate(facts: F, ctx: RuleContext): RuleOutcome;
}

/** Advisory in dev, mandatory in test and prod: the default for every check except sign-offs. */
export const STRICT: Readonly<Record<StageName, Enforcement>> = {
  dev: "advisory",
  test: "mandatory",
  prod: "mandatory",
};
/** Advisory in dev and test, mandatory in prod: sign-offs. */
export const PROD_MANDATORY: Readonly<Record<StageName, Enforcement>> = {
  dev: "advisory",
  test: "advisory",
  prod: "mandatory",
};
/** Applies to prod only. */
export const PROD_ONLY: Readonly<Record<StageName, Enforcement>> = { dev: "off", test: "off", prod: "mandatory" };

/** A passing outcome. */
export const pass = (message: string, evidence: Record<string, unknown> = {}): RuleOutcome => ({
  status: "pass",
  message,
  evidence,
});
/** A failing outcome. */
export const fail = (message: string, evidence: Record<string, unknown> = {}): RuleOutcome => ({
  status: "fail",
  message,
  evidence,
});
/** An undecidable outcome; the gate fails closed on it. */
export const unknown = (message: string, evidence: Record<string, unknown> = {}): RuleOutcome => ({
  status: "unknown",
  message,
  evidence,
});
/** An outcome saying the rule does not apply. */
export const notApplicable = (message: string, evidence: Record<string, unknown> = {}): RuleOutcome => ({
  status: "n-a",
  message,
  evidence,
});

/** True for a string with something other than white space. */
export function present(s: string | undefined | null): s is string {
  return typeof s === "string" && s.trim().length > 0;
}

/**
 * Why a declared text does not count as a declaration: `"a placeholder (TODO)"`, or undefined when it is real
 * text. See `findPlaceholder` of `@govai/spec` for what counts as a placeholder.
 */
export function placeholderIn(s: string | undefined | null): string | undefined {
  const p = findPlaceholder(s);
  return p === undefined ? undefined : `a placeholder (${p})`;
}

/** Whole days from an ISO date (YYYY-MM-DD, read as UTC midnight) to `now`; negative when the date is in the future. */
export function ageInDays(isoDate: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(`${isoDate}T00:00:00Z`)) / 86_400_000);
}

/** Connector ids compare by their last path segment, case-insensitively: the spec's one definition. */
export { connectorKey };

/** A `sorted, comma-separated` list for messages. */
export function list(items: readonly string[]): string {
  return [...items].sort().join(", ");
}

/**
 * Mandatory in every stage, dev included: a rule whose breach is no less real in dev (a dev environment outside the
 * declared residency holds the same test data in the wrong jurisdiction).
 */
export const EVERY_STAGE: Readonly<Record<StageName, Enforcement>> = {
  dev: "mandatory",
  test: "mandatory",
  prod: "mandatory",
};

/** Enforced in test and prod, not checked in dev (a rule whose dev defaults are deliberately open). */
export const TEST_AND_PROD: Readonly<Record<StageName, Enforcement>> = {
  dev: "off",
  test: "mandatory",
  prod: "mandatory",
};

/** Dataverse roles that administer an environment; no runtime identity may hold them. */
export const ADMIN_ROLES = ["system administrator", "system customizer"] as const;

/** True for System Administrator or System Customizer (any case, surrounding spaces ignored). */
export function isAdminRole(role: string): boolean {
  return (ADMIN_ROLES as readonly string[]).includes(role.trim().toLowerCase());
}
