/**
 * workload.yaml text for `govai adopt`: the spec, with comments next to the fields they concern (the gate's
 * findings for the adopted stage, and what adopt could not write or reproduce) and a header saying where the spec
 * came from. Pure: an object and comments in, text out.
 */
import {
  isMap,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  parseDocument,
  type Scalar,
  Document as YamlDocument,
} from "yaml";
import type { SpecPath } from "./adopt-spec.ts";
import { plain } from "./render/safe-text.ts";

/** A comment to write next to the field at `path` (or its nearest written ancestor). */
export interface PathComment {
  path: SpecPath;
  /** The comment's text, one paragraph per entry; each is wrapped to the line width. */
  paragraphs: string[];
}

/** Longest comment line, `# ` included. */
const WIDTH = 118;

/** Wraps a paragraph into lines of at most `width` characters (a longer word stays whole), continued indented. */
export function wrap(paragraph: string, width: number, indent = "  "): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of paragraph.split(/\s+/).filter((w) => w !== "")) {
    const next = line === "" ? word : `${line} ${word}`;
    if (line !== "" && next.length > width) {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = next;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

type Holder = { commentBefore?: string | null };

/** The node that holds a comment before the field at `path`: a map key, a list item, or undefined. */
function holderAt(doc: YamlDocument, path: SpecPath): { holder: Holder; depth: number } | undefined {
  let node: unknown = doc.contents;
  let found: { holder: Holder; depth: number } | undefined;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    if (isMap(node)) {
      const pair = (node.items as Pair[]).find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) break;
      found = { holder: pair.key as Scalar, depth: i + 1 };
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number") {
      const item = node.items[key] as Node | undefined;
      if (!item) break;
      found = { holder: item as Holder, depth: i + 1 };
      node = item;
    } else {
      break;
    }
  }
  return found;
}

/** True when a comment sits on `node` or anywhere inside it (a flow collection cannot show it in place). */
function commented(node: unknown): boolean {
  if (isMap(node)) {
    return (node.items as Pair[]).some((p) => Boolean((p.key as Holder | null)?.commentBefore) || commented(p.value));
  }
  if (isSeq(node)) return node.items.some((i) => Boolean((i as Holder | null)?.commentBefore) || commented(i));
  return false;
}

/**
 * Short maps of scalars (a person, an endpoint rule) and short lists of scalars read better on one line, unless a
 * comment sits inside them.
 */
function flowSmall(node: unknown): void {
  if (commented(node)) {
    if (isMap(node)) for (const p of node.items as Pair[]) flowSmall(p.value);
    if (isSeq(node)) for (const item of node.items) flowSmall(item);
    return;
  }
  if (isMap(node)) {
    const pairs = node.items as Pair[];
    for (const p of pairs) flowSmall(p.value);
    const scalars = pairs.every((p) => isScalar(p.value));
    const width = pairs.reduce(
      (n, p) => n + String((p.key as Scalar).value).length + String((p.value as Scalar)?.value).length + 4,
      0,
    );
    if (pairs.length > 0 && pairs.length <= 3 && scalars && width <= 80) node.flow = true;
  } else if (isSeq(node)) {
    for (const item of node.items) flowSmall(item);
    const scalars = node.items.every((i) => isScalar(i));
    const width = node.items.reduce<number>((n, i) => n + String((i as Scalar).value).length + 2, 0);
    if (scalars && width <= 70) node.flow = true;
  }
}

/**
 * Renders `spec` as YAML with `header` lines at the top and each comment before the deepest written field of its
 * path; comments whose path is not written at all join the header.
 */
export function renderAdoptedYaml(
  spec: unknown,
  header: string[],
  comments: readonly PathComment[],
  /** Columns the text will be indented by (an entry spliced into a spec), so comment lines still fit. */
  indent = 0,
): string {
  const doc = new YamlDocument(spec);
  // Comments carry the tenant's text (display names): its control characters become visible escapes, since YAML
  // allows none of them, not even in a comment, and a terminal would act on them.
  const top: string[] = header.map(plain);
  const byHolder = new Map<Holder, string[]>();
  for (const c of comments) {
    const at = holderAt(doc, c.path);
    const paragraphs = c.paragraphs.map(plain);
    const lines = paragraphs.flatMap((p) => wrap(p, WIDTH - 2 - indent - 2 * (at?.depth ?? 0)));
    if (!at) {
      top.push("", ...paragraphs.flatMap((p) => wrap(p, WIDTH - 2)));
      continue;
    }
    byHolder.set(at.holder, [...(byHolder.get(at.holder) ?? []), ...lines]);
  }
  for (const [holder, lines] of byHolder) holder.commentBefore = lines.map((l) => ` ${l}`).join("\n");
  flowSmall(doc.contents);
  doc.commentBefore = top.map((l) => (l === "" ? "" : ` ${l}`)).join("\n");
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}

/** The indentation of the entries under `stages` in a spec's text (2 when it cannot tell). */
export function entryIndent(text: string): number {
  const doc = parseDocument(text);
  const stages = isMap(doc.contents)
    ? (doc.contents.items as Pair[]).find((p) => isScalar(p.key) && p.key.value === "stages")?.value
    : undefined;
  const first = isMap(stages) ? ((stages.items as Pair[])[0]?.key as Scalar | undefined) : undefined;
  if (!first?.range) return 2;
  return first.range[0] - (text.lastIndexOf("\n", first.range[0] - 1) + 1);
}

/** Thrown when a spec's text cannot take an adopted stage without restyling it. */
export class StageSpliceError extends Error {
  override name = "StageSpliceError";
}

/** A comment line adopt wrote (a gate finding, a note, "A new environment…", or one's continuation). */
const ADOPT_COMMENT = /^#( adopt[ ,:]| gate (fail|warn) | Fix: | A new environment| {3}\S)/;

/**
 * Returns `text` (an existing workload.yaml) with the entry `stages.<stage>` replaced by `entry` (the YAML of a
 * one-key map `<stage>: …`, as {@link renderAdoptedYaml} writes it), every other byte unchanged: the user's comments,
 * styles and line endings elsewhere stay as they are. Comment lines adopt wrote right above the old entry go with it;
 * the user's comments stay.
 * @throws StageSpliceError when `stages` is not a block map of this document or has no `<stage>` entry.
 */
export function spliceStage(text: string, stage: string, entry: string): string {
  const doc = parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length > 0) throw new StageSpliceError(`the file is not valid YAML: ${doc.errors[0]!.message}`);
  const pairIn = (map: unknown, key: string) =>
    isMap(map) ? (map.items as Pair[]).find((p) => isScalar(p.key) && p.key.value === key) : undefined;
  const stages = pairIn(doc.contents, "stages")?.value;
  if (!isMap(stages) || stages.flow) {
    throw new StageSpliceError("stages is not written as a block map in this file; write it one key a line");
  }
  const pair = pairIn(stages, stage);
  const keyRange = (pair?.key as Scalar | undefined)?.range;
  const valueRange = (pair?.value as Node | null | undefined)?.range;
  if (!pair || !keyRange) throw new StageSpliceError(`the file has no stages.${stage} entry`);
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lineStart = text.lastIndexOf("\n", keyRange[0] - 1) + 1;
  const indent = text.slice(lineStart, keyRange[0]);
  if (!/^[ \t]*$/.test(indent)) throw new StageSpliceError(`stages.${stage} does not start its own line`);
  // Adopt's own comments above the entry belong to the stage it replaces.
  let start = lineStart;
  const lines = text.slice(0, lineStart).split(/\r?\n/);
  lines.pop();
  const above: string[] = [];
  while (lines.length > 0 && lines.at(-1)!.startsWith(`${indent}#`)) above.unshift(lines.pop()!.slice(indent.length));
  if (above.length > 0 && above.every((l) => ADOPT_COMMENT.test(l))) {
    start = lines.reduce((n, l) => n + l.length + eol.length, 0);
  }
  const end = valueRange ? valueRange[1] : keyRange[1];
  const keepsNewline = /\r?\n$/.test(text.slice(start, end));
  const body = entry
    .replace(/\n$/, "")
    .split("\n")
    .map((l) => (l === "" ? l : `${indent}${l}`))
    .join(eol);
  return `${text.slice(0, start)}${body}${keepsNewline ? eol : ""}${text.slice(end)}`;
}
