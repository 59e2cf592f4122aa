import type { TenantBaselineModel } from "./baseline-model.ts";
import type { ProblemDefinition, SignOff } from "./model.ts";

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

// A marker word on its own, in any case, its letters written together or each separated by the same one space, dot,
// hyphen or underscore: "TODO team", "tbd", "owner: XXX", "t.b.d.", "T O D O", "TODO1" (a number after the word
// still marks it). Not "Todos los días" or "Tobago" (a letter follows or sits between), and not "what to do" (the
// letters of "to do" are not separated alike; the phrase alone is caught by WHOLE below).
const MARKER =
  /(?<![\p{L}\p{N}])(T([ .\-_]?)O\2D\2O|T([ .\-_]?)B\3[DAC]|F([ .\-_]?)I\4X\4M\4E|X([ .\-_]?)X\5X)\.?(?!\p{L})/iu;
// Template phrases anywhere in a text: "changeme", "Lorem ipsum", "fill me in", "???".
const PHRASE = /(?<![\p{L}\p{N}])(change[ _-]?me|lorem ipsum|fill (?:me|this|it) in)(?![\p{L}\p{N}])|\?{3,}/iu;
// Words that are a placeholder only when they are the whole value: inside a sentence they are real text ("N/A for
// internal users" explains why something does not apply; "a to-do list", "the placeholder text", "and so on...").
const WHOLE = /^(?:n\/a|to[ -]?do|placeholder|tbd|\.{2,}|-+|\?+)$/i;
// Template text in angle brackets: "<team name>", "<your email>". Not "a < b > c" (spaces inside the brackets' ends).
const ANGLE = /<[^<>\s][^<>]*[^<>\s]>|<[^<>\s]>/;
// Documentation domains in an address or a URL: the ones RFC 2606 reserves (example.com/.net/.org, the top-level
// domains .example, .invalid and .test), "example" under any other top-level or second-level country domain
// (example.edu, example.de, example.co.uk), and the domains templates and tutorials use for a made-up address
// (test.com, domain.com, foo.com, bar.com, company.com, yourcompany.com, yourdomain.com). Subdomains count too.
const RESERVED_DOMAIN =
  /(?<![A-Za-z0-9-])(?:[A-Za-z0-9-]+\.)*(?:example\.(?:(?:co|com|org|net|ac|edu|gov)\.[a-z]{2}|[a-z]{2,})|[A-Za-z0-9-]+\.(?:example|invalid|test)|(?:test|domain|foo|bar|company|yourcompany|yourdomain|your-domain|email)\.com)(?!\.?[A-Za-z0-9-])/i;
// An address whose parts are single letters: "a@b.c", "x@y.zz".
const LETTER_ADDRESS = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9]@[A-Za-z0-9](?:\.[A-Za-z0-9]{1,2})+(?![A-Za-z0-9.-])/;
// The examples this package's own schema messages suggest ("an e-mail address such as ..."): copied in verbatim
// they are as made up as a TODO. Other contoso.com addresses are left alone (the fixtures and docs use them for a
// real-looking tenant; they are not what a message told the author to write).
const SCHEMA_EXAMPLES = ["jane.doe@contoso.com", "https://contoso.com/path"];
// Invisible characters someone may put into a marker so that it slips through ("TO\u200bDO").
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;

/**
 * The placeholder in `text`, as written after NFKC normalisation (`"TODO"` also for a full-width `ＴＯＤＯ`,
 * `"<team name>"`, `"todo@example.com"`), or undefined when the text has none. A documentation domain is reported
 * with the address or host around it.
 *
 * What counts: a marker word (TODO, TBD, TBA, TBC, FIXME, XXX) also spelled out letter by letter (`t.b.d.`,
 * `T O D O`) or followed by a number (`TODO1`); the phrases `changeme`, `lorem ipsum`, `fill me in` and `???`
 * anywhere; `n/a`, `to do`, `to-do`, `placeholder`, `...` only as the whole value; `<…>` template brackets; an
 * address or host under a documentation domain; an address of single letters (`a@b.c`); and the schema's own
 * suggested examples.
 */
export function findPlaceholder(text: string | undefined | null): string | undefined {
  if (typeof text !== "string") return undefined;
  const normal = text.normalize("NFKC").replace(INVISIBLE, "");
  const whole = normal.trim();
  if (WHOLE.test(whole)) return whole;
  const example = SCHEMA_EXAMPLES.find((e) => normal.toLowerCase().includes(e));
  if (example !== undefined) return example;
  // The address first: "todo@example.com" is better reported whole than as its "todo".
  const domain = RESERVED_DOMAIN.exec(normal);
  if (domain) {
    const start = normal.lastIndexOf(" ", domain.index) + 1;
    const at = normal.slice(start, domain.index + domain[0].length);
    return at.includes("@") ? at.replace(/^[<("']+/, "") : domain[0];
  }
  const letters = LETTER_ADDRESS.exec(normal);
  if (letters) return letters[0];
  const marker = MARKER.exec(normal);
  if (marker) return marker[0];
  const phrase = PHRASE.exec(normal);
  if (phrase) return phrase[0];
  return ANGLE.exec(normal)?.[0];
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

/**
 * The placeholder a sign-off's name or email holds ({@link findPlaceholder}), or undefined: such a sign-off approves
 * nothing. The gate's sign-off checks and the controls catalogue's order of sign-offs both judge by it.
 */
export function signOffPlaceholder(s: SignOff): string | undefined {
  return findPlaceholder(s.name) ?? findPlaceholder(s.email);
}

/**
 * A tenant baseline's contacts and own words, keyed by where they are: the metadata's names and the accountable
 * person, each environment group's display name, description and maker welcome content, each billing policy's display
 * name and the people its budget notifies. A placeholder in any of them leaves a tenant-wide control owned by nobody
 * or announced to nobody.
 */
export function baselineTexts(model: TenantBaselineModel): Record<string, string> {
  const texts: Record<string, string> = {
    "metadata.displayName": model.metadata.displayName,
    "metadata.owningTeam": model.metadata.owningTeam,
    "metadata.accountable.name": model.metadata.accountable.name,
    "metadata.accountable.email": model.metadata.accountable.email,
  };
  for (const [k, g] of Object.entries(model.environmentGroups)) {
    texts[`environmentGroups.${k}.displayName`] = g.displayName;
    if (g.description !== "") texts[`environmentGroups.${k}.description`] = g.description;
    const welcome = g.rules.makerWelcome;
    if (welcome !== undefined) {
      texts[`environmentGroups.${k}.rules.makerWelcome.markdown`] = welcome.markdown;
      if (welcome.url !== undefined) texts[`environmentGroups.${k}.rules.makerWelcome.url`] = welcome.url;
    }
  }
  for (const [k, b] of Object.entries(model.billingPolicies)) {
    texts[`billingPolicies.${k}.displayName`] = b.displayName;
    for (const [who, p] of Object.entries(b.notify)) {
      texts[`billingPolicies.${k}.notify.${who}.name`] = p.name;
      texts[`billingPolicies.${k}.notify.${who}.email`] = p.email;
    }
  }
  return texts;
}

/** Every placeholder among {@link baselineTexts}, as `"<path> (<placeholder>)"`, in that order; `[]` when none. */
export function baselinePlaceholders(model: TenantBaselineModel): string[] {
  return placeholdersIn(Object.entries(baselineTexts(model)));
}

const COUNTING = "12345678901234567890";

/** True for the zero GUID (`00000000-0000-0000-0000-000000000000`, surrounding spaces ignored): the service's "none". */
export function isZeroGuid(id: string | undefined | null): boolean {
  return typeof id === "string" && /^0{32}$/.test(id.trim().split("-").join(""));
}

/**
 * Why a GUID is no real id, or undefined when it may be one: `"the zero GUID"` (the service's "no group", never an
 * object's id), `"a GUID of one repeated digit"` (`11111111-1111-…`, `aaaaaaaa-…`) or `"a GUID counting 1234…"`
 * (`12345678-1234-1234-1234-123456789012`, each part counting from 1). These are what templates and tutorials write
 * where the real id is not known yet; a stage naming one as its environment group names no group at all.
 */
export function placeholderGuid(id: string | undefined | null): string | undefined {
  if (typeof id !== "string") return undefined;
  const parts = id.trim().toLowerCase().split("-");
  const digits = parts.join("");
  if (!/^[0-9a-f]{32}$/.test(digits)) return undefined;
  if (isZeroGuid(id)) return "the zero GUID";
  if (new Set(digits).size === 1) return "a GUID of one repeated digit";
  if (parts.every((p) => p === COUNTING.slice(0, p.length))) return "a GUID counting 1234…";
  return undefined;
}
