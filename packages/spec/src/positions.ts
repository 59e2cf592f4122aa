/**
 * Source positions: from a field path to `line:column` in the YAML document (via the `yaml` package's CST ranges
 * and a `LineCounter`).
 */
import { type Document, isMap, isScalar, isSeq, type LineCounter, type Node } from "yaml";
import { joinPath, type PathIssue, type SpecIssue } from "./issues.ts";

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function start(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/**
 * Offset of `path` in `doc`. With `atKey`, the key of the last segment; otherwise its value. When the path leaves
 * the document (a missing key), the key of the deepest existing map entry, so "missing location" points at
 * `environment:`.
 */
export function offsetOf(doc: Document, path: readonly (string | number)[], atKey = false): number {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (!pair) return start(keyNode) ?? start(node) ?? 0;
      keyNode = pair.key;
      node = pair.value;
      if (last && atKey) return start(keyNode) ?? 0;
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg];
      if (item === undefined) return start(keyNode) ?? start(node) ?? 0;
      keyNode = undefined;
      node = item;
    } else {
      return start(keyNode) ?? start(node) ?? 0;
    }
  }
  const value = node as Node | null;
  // A whole map or list is pointed at by its key (`stages:`), a missing scalar too.
  if (
    start(keyNode) !== undefined &&
    (value === null || isMap(value) || isSeq(value) || (isScalar(value) && value.value === null))
  ) {
    return start(keyNode) ?? 0;
  }
  return start(value) ?? start(keyNode) ?? 0;
}

/** Attach positions to path issues and sort them by position, then path. */
export function positionedIssues(
  issues: readonly PathIssue[],
  doc: Document,
  lineCounter: LineCounter,
  file: string,
): SpecIssue[] {
  return sortIssues(
    issues.map((issue) => {
      const { line, col } = lineCounter.linePos(offsetOf(doc, issue.path, issue.atKey));
      return toSpecIssue(issue, file, line, col);
    }),
  );
}

/** Issues of a spec that did not come from YAML text: no positions. */
export function positionlessIssues(issues: readonly PathIssue[], file: string): SpecIssue[] {
  return issues.map((issue) => toSpecIssue(issue, file, 0, 0));
}

function toSpecIssue(issue: PathIssue, file: string, line: number, column: number): SpecIssue {
  const out: SpecIssue = { file, line, column, path: joinPath(issue.path), message: issue.message };
  if (issue.found !== undefined) out.found = issue.found;
  if (issue.expected !== undefined) out.expected = issue.expected;
  if (issue.suggestion !== undefined) out.suggestion = issue.suggestion;
  return out;
}

/** Stable order: line, column, path, message. */
export function sortIssues(issues: SpecIssue[]): SpecIssue[] {
  return issues.sort(
    (a, b) =>
      a.line - b.line ||
      a.column - b.column ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}
