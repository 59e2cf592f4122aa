import type { ProblemDefinition } from "./model.ts";

/**
 * Placeholders: text that stands in for a declaration nobody has made yet. A spec straight from `govai init` is full
 * of them, and it validates (they are well-formed strings); the gate must not take them for declarations.
 */

/**
 * The owners the `govai init` template writes. A spec whose owners still equal these was never filled in, even if
 * someone removed the word TODO from one of them.
 */
export const INIT_TEMPLATE_OWNERS = Object.freeze({
  owningTeam: "TODO team",
  accountable: Object.freeze({ name: "TODO Name", email: "todo@example.com" }),
  businessUnit: "TODO",
  costCenter: "TODO",
});

// A marker word on its own (TODO, TBD, FIXME, XXX), in any case: "TODO team", "tbd", "owner: XXX".
const MARKER = /(?<![A-Za-z0-9])(TODO|TBD|FIXME|XXX)(?![A-Za-z0-9])/i;
// Template text in angle brackets: "<team name>", "<your email>". Not "a < b > c" (spaces inside the brackets' ends).
const ANGLE = /<[^<>\s][^<>]*[^<>\s]>|<[^<>\s]>/;
// The domains RFC 2606 reserves for documentation, in an address or a URL: example.com/.net/.org and their
// subdomains, and the reserved top-level domains .example, .invalid and .test.
const RESERVED_DOMAIN =
  /(?<![A-Za-z0-9-])(?:[A-Za-z0-9-]+\.)*(?:example\.(?:com|net|org)|[A-Za-z0-9-]+\.(?:example|invalid|test))(?!\.?[A-Za-z0-9-])/i;

/**
 * The placeholder in `text`, as written (`"TODO"`, `"<team name>"`, `"todo@example.com"`), or undefined when the
 * text has none. A reserved documentation domain is reported with the address or host around it.
 */
export function findPlaceholder(text: string | undefined | null): string | undefined {
  if (typeof text !== "string") return undefined;
  // The address first: "todo@example.com" is better reported whole than as its "todo".
  const domain = RESERVED_DOMAIN.exec(text);
  if (domain) {
    const start = text.lastIndexOf(" ", domain.index) + 1;
    const at = text.slice(start, domain.index + domain[0].length);
    return at.includes("@") ? at.replace(/^[<("']+/, "") : domain[0];
  }
  const marker = MARKER.exec(text);
  if (marker) return marker[0];
  return ANGLE.exec(text)?.[0];
}

/**
 * Every placeholder among labelled values, as `"<label> (<placeholder>)"`, in the order given. Values that are
 * undefined are skipped (a missing value is the checks' other concern).
 */
export function placeholdersIn(values: ReadonlyArray<readonly [label: string, value: string | undefined]>): string[] {
  return values.flatMap(([label, value]) => {
    const p = findPlaceholder(value);
    return p === undefined ? [] : [`${label} (${p})`];
  });
}

/**
 * The problem definition's own words, keyed by where they are: the statement, each success metric's description,
 * unit and measuredIn, and each out-of-scope item. What a lock would freeze and a sign-off would approve.
 */
export function problemTexts(
  problem: Pick<ProblemDefinition, "statement" | "successMetrics" | "outOfScope">,
): Record<string, string> {
  const texts: Record<string, string> = { "problem.statement": problem.statement };
  for (const [k, m] of Object.entries(problem.successMetrics)) {
    texts[`problem.successMetrics.${k}.description`] = m.description;
    texts[`problem.successMetrics.${k}.unit`] = m.unit;
    texts[`problem.successMetrics.${k}.measuredIn`] = m.measuredIn;
  }
  problem.outOfScope.forEach((item, n) => {
    texts[`problem.outOfScope[${n}]`] = item;
  });
  return texts;
}
