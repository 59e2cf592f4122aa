/** Turning zod issues into spec issues with plain-language "expected … found …" messages. */
import type { z } from "zod";
import { describeFound, type PathIssue } from "./issues.ts";
import { RETIRED_KEYS } from "./schema.ts";
import { expectedAt, expectedKeyAt, keysAt, kindAt } from "./schema-walk.ts";
import { nearest } from "./suggest.ts";

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

const TYPE_WORDS: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "a map",
  array: "a list",
  record: "a map",
};

function fallbackExpected(issue: z.core.$ZodIssue, kind: string | undefined): string {
  switch (issue.code) {
    case "invalid_type":
      return kind === "object" || kind === "record" ? "a map" : (TYPE_WORDS[issue.expected] ?? issue.expected);
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "array") return `at least ${min} item${min === 1 ? "" : "s"}`;
      if (issue.origin === "string") return `at least ${min} character${min === 1 ? "" : "s"}`;
      return `a number ${issue.inclusive === false ? ">" : "≥"} ${min}`;
    }
    case "too_big": {
      const max = Number(issue.maximum);
      if (issue.origin === "array") return `at most ${max} item${max === 1 ? "" : "s"}`;
      if (issue.origin === "string") return `at most ${max} character${max === 1 ? "" : "s"}`;
      return `a number ${issue.inclusive === false ? "<" : "≤"} ${max}`;
    }
    case "invalid_value":
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_format":
      return issue.format === "regex" && "pattern" in issue
        ? `a string matching ${String(issue.pattern)}`
        : `a ${issue.format}`;
    default:
      return "a valid value";
  }
}

/** What differs between the kinds of document: the empty-document message and the keys no longer accepted. */
export interface ZodIssueOptions {
  /** The whole message for an empty document. */
  emptyDocument: string;
  /** Retired keys by dotted path, with what to do instead (see `RETIRED_KEYS`). */
  retiredKeys: Readonly<Record<string, string>>;
}

/** The options of a workload spec (the default). */
export const WORKLOAD_ZOD_OPTIONS: ZodIssueOptions = {
  emptyDocument:
    "the document is empty; expected a workload spec starting with apiVersion: govai/v1 and kind: Workload",
  retiredKeys: RETIRED_KEYS,
};

/**
 * Map zod's issues for `data` parsed against `root` to path issues (several for one unrecognized_keys issue).
 * @param options the document kind's wording; default a workload spec's.
 */
export function fromZodIssues(
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  root: z.core.$ZodType,
  options: ZodIssueOptions = WORKLOAD_ZOD_OPTIONS,
): PathIssue[] {
  const out: PathIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)) as (string | number)[];
    if (issue.code === "unrecognized_keys") {
      const allowed = keysAt(root, path);
      // Built once per map, not once per key: a map can carry 200,000 unknown keys.
      const oneOf = `one of: ${allowed.join(", ")}`;
      for (const key of issue.keys) {
        const retired = options.retiredKeys[[...path, key].join(".")];
        if (retired !== undefined) {
          out.push({ path: [...path, key], atKey: true, message: retired, found: JSON.stringify(key) });
          continue;
        }
        const suggestion = nearest(key, allowed);
        out.push({
          path: [...path, key],
          atKey: true,
          message:
            `unknown key ${JSON.stringify(key)}` +
            (suggestion
              ? `; did you mean ${JSON.stringify(suggestion)}?`
              : allowed.length > 0
                ? `; expected ${oneOf}`
                : ""),
          found: JSON.stringify(key),
          ...(allowed.length > 0 ? { expected: oneOf } : {}),
          ...(suggestion ? { suggestion } : {}),
        });
      }
      continue;
    }
    if (issue.code === "invalid_key") {
      const key = path[path.length - 1];
      const expected = expectedKeyAt(root, path.slice(0, -1)) ?? "a valid name";
      out.push({
        path,
        atKey: true,
        message: `invalid name ${JSON.stringify(String(key))}: expected ${expected}`,
        found: JSON.stringify(String(key)),
        expected,
      });
      continue;
    }
    if (issue.code === "custom") {
      // A refinement of a scalar (calendar date, CIDR octets) has registered wording; a rule on a map has a message.
      const wording = expectedAt(root, path);
      const value = valueAt(data, path);
      if (wording !== undefined && (value === null || typeof value !== "object")) {
        const found = describeFound(value);
        out.push({ path, message: `expected ${wording}, found ${found}`, found, expected: wording });
      } else out.push({ path, message: issue.message });
      continue;
    }
    const value = valueAt(data, path);
    const expected =
      (issue.code === "too_small" || issue.code === "too_big") &&
      (issue.origin === "array" || issue.origin === "record")
        ? fallbackExpected(issue, undefined)
        : (expectedAt(root, path) ?? fallbackExpected(issue, kindAt(root, path)));
    if (value === undefined && issue.code === "invalid_type") {
      out.push({ path, message: `required, missing; expected ${expected}`, found: "nothing", expected });
    } else if (path.length === 0 && (value === null || value === undefined)) {
      out.push({
        path,
        message: options.emptyDocument,
        found: "nothing",
        expected: "a map",
      });
    } else if (value === null && expected === "a map") {
      // `dev:` with nothing after it is YAML null; the user most likely meant an empty block.
      out.push({
        path,
        message: "expected a map, found an empty value (write `{}` for an empty map)",
        found: "null",
        expected,
      });
    } else {
      const found = describeFound(value);
      const suggestion =
        issue.code === "invalid_value" && typeof value === "string"
          ? nearest(
              value,
              issue.values.filter((v): v is string => typeof v === "string"),
            )
          : undefined;
      out.push({
        path,
        message: `expected ${expected}, found ${found}${suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ""}`,
        found,
        expected,
        ...(suggestion ? { suggestion } : {}),
      });
    }
  }
  return out;
}
