/**
 * Spec issues: what the loader and resolve() report about a user's mistake, and how they are printed.
 *
 * A mistake in a workload spec is never a stack trace: it is a list of `SpecIssue`s, returned in a `LoadResult`
 * or carried by one `SpecError`, and printed one line each by `formatIssues`.
 */

/** One problem in a workload spec, with its position. */
export interface SpecIssue {
  /** The spec file as given to the loader (or `<input>` for text without a file name). */
  file: string;
  /** 1-based line; 0 when the spec did not come from YAML text (e.g. resolve() on an object). */
  line: number;
  /** 1-based column; 0 when unknown. */
  column: number;
  /** Dotted field path, e.g. `stages.prod.auditing.retentionDays`; empty for the whole document. */
  path: string;
  /** The whole human message, e.g. `expected a number ≥ 31 or -1, found "ninety"`. */
  message: string;
  /** What was found, rendered for humans (`"ninety"`, `42`, `a list`), when known. */
  found?: string;
  /** What would be right, when known. */
  expected?: string;
  /** The nearest valid key or name, for an unknown key or reference. */
  suggestion?: string;
  /**
   * Set when the text is not read as a spec at all: it is not YAML text (a NUL byte or another control character)
   * or it nests deeper than the loader reads. Such a file is refused like an unreadable one (the CLI exits 2), not
   * reported as a spec with mistakes (exit 1).
   */
  unreadable?: true;
}

/** A spec issue before its position is known: the path as segments. */
export interface PathIssue {
  path: readonly (string | number)[];
  message: string;
  found?: string;
  expected?: string;
  suggestion?: string;
  /** Point at the key of the last path segment rather than its value (for problems with the key itself). */
  atKey?: boolean;
}

/** Thrown (never for anything but user mistakes) with every issue of a spec. */
export class SpecError extends Error {
  readonly issues: SpecIssue[];
  /** @param what the document, as the message names it. Default "the workload spec". */
  constructor(issues: SpecIssue[], what = "the workload spec") {
    super(`${issues.length} problem${issues.length === 1 ? "" : "s"} in ${what}:\n${formatIssues(issues)}`);
    this.name = "SpecError";
    this.issues = issues;
  }
}

/** Render a dotted path from segments; list positions are written `[i]`, odd keys `["on call"]`. */
export function joinPath(path: readonly (string | number | symbol)[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (typeof seg === "string" && !/^[A-Za-z_$][\w$-]*$/.test(seg)) out += `[${JSON.stringify(seg)}]`;
    else out += out === "" ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

/** One line per issue: `file:line:col path: message`. Positions of 0 are left out. */
export function formatIssues(issues: readonly SpecIssue[]): string {
  return issues
    .map((i) => {
      const where = i.line > 0 ? `${i.file}:${i.line}:${i.column}` : i.file;
      return `${where} ${i.path === "" ? "(document)" : i.path}: ${i.message}`;
    })
    .join("\n");
}

/** Render a value the user wrote, for "found …". */
export function describeFound(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : `a list of ${value.length}`;
  if (typeof value === "object") return Object.keys(value).length === 0 ? "an empty map" : "a map";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}
