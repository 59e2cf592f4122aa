/**
 * Source positions: from a field path to `line:column` in the YAML document (via the `yaml` package's CST ranges
 * and a `LineCounter`).
 */
import { type Document, isMap, isScalar, isSeq, type LineCounter, type Node, type Pair, type YAMLMap } from "yaml";
import { joinPath, type PathIssue, type SpecIssue } from "./issues.ts";

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function start(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/**
 * Offsets of field paths in one YAML document. Each map's entries are indexed by key text the first time a path goes
 * through it, and only then: however many issues point into a map of n entries (a spec with 200,000 unknown keys
 * has 200,000), finding their positions reads those n entries once, not once per issue.
 */
export class PositionIndex {
  readonly #doc: Document;
  readonly #maps = new WeakMap<YAMLMap, Map<string, Pair>>();
  #entriesIndexed = 0;

  constructor(doc: Document) {
    this.#doc = doc;
  }

  /** Map entries read to build the index so far; each entry counts once however many lookups go through it. */
  get entriesIndexed(): number {
    return this.#entriesIndexed;
  }

  #pair(map: YAMLMap, key: string): Pair | undefined {
    let byKey = this.#maps.get(map);
    if (byKey === undefined) {
      byKey = new Map();
      for (const pair of map.items) {
        const text = keyText(pair.key);
        // The first entry wins, as a linear search would (duplicates are refused before positions are needed).
        if (!byKey.has(text)) byKey.set(text, pair);
      }
      this.#entriesIndexed += map.items.length;
      this.#maps.set(map, byKey);
    }
    return byKey.get(key);
  }

  /**
   * Offset of `path`. With `atKey`, the key of the last segment; otherwise its value. When the path leaves the
   * document (a missing key), the key of the deepest existing map entry, so "missing location" points at
   * `environment:`.
   */
  offsetOf(path: readonly (string | number)[], atKey = false): number {
    let node: unknown = this.#doc.contents;
    let keyNode: unknown;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = this.#pair(node, String(seg));
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
}

/** Offset of one `path` in `doc` (see {@link PositionIndex.offsetOf}; use one index for many paths). */
export function offsetOf(doc: Document, path: readonly (string | number)[], atKey = false): number {
  return new PositionIndex(doc).offsetOf(path, atKey);
}

/** Attach positions to path issues and sort them by position, then path. */
export function positionedIssues(
  issues: readonly PathIssue[],
  doc: Document,
  lineCounter: LineCounter,
  file: string,
): SpecIssue[] {
  const index = new PositionIndex(doc);
  return sortIssues(
    issues.map((issue) => {
      const { line, col } = lineCounter.linePos(index.offsetOf(issue.path, issue.atKey));
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
