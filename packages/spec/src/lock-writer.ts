/**
 * The lock writer: sets `problem.revision` and `problem.lockedDigest` in the text of a `workload.yaml` and changes
 * nothing else. Re-serialising a parsed document would restyle the file (flow maps, block scalars, quotes, comment
 * spacing, line endings); a reviewer would then see a diff far larger than the two values that changed. So the
 * writer edits the source text at the positions the parser reports, byte for byte.
 */
import { isMap, isPair, isScalar, type Pair, parseDocument, type YAMLMap } from "yaml";

/** The lock to write: the revision and the digest of its statement and success metrics. */
export interface ProblemLock {
  revision: number;
  lockedDigest: string;
}

/** Thrown when the text cannot take the lock without restyling it (say, `problem` is an alias). */
export class LockWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LockWriteError";
  }
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

/** The source text of a scalar written in place of `old`, keeping its quotes. */
function inStyleOf(source: string, value: string): string {
  if (source.startsWith('"')) return JSON.stringify(value);
  if (source.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
  return value;
}

/**
 * Returns `text` with `problem.revision` and `problem.lockedDigest` set to `lock`, every other byte unchanged:
 * comments, flow and block style, block scalars, quoting and line endings (LF or CRLF) stay as they are. A missing
 * `lockedDigest` is added right after `revision`, in the map's own style (a new line at the same indentation, or
 * `, lockedDigest: …` inside a flow map).
 * @throws LockWriteError when `problem` or `problem.revision` is not written as a plain map entry of this document.
 */
export function writeProblemLock(text: string, lock: ProblemLock): string {
  const doc = parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length > 0) throw new LockWriteError(`the file is not valid YAML: ${doc.errors[0]!.message}`);
  const problem = isMap(doc.contents) ? pairOf(doc.contents, "problem")?.value : undefined;
  if (!isMap(problem) || problem.range === undefined) {
    throw new LockWriteError("problem is not written as a map in this file");
  }
  const revision = pairOf(problem, "revision");
  if (!revision || !isScalar(revision.value) || !revision.value.range || !isScalar(revision.key)) {
    throw new LockWriteError("problem.revision is not written as a value in this file");
  }
  const digestPair = pairOf(problem, "lockedDigest");

  // Edits from the end of the text backwards, so earlier offsets stay valid.
  const edits: Array<{ at: number; end: number; text: string }> = [];
  const [revStart, revEnd] = revision.value.range;
  edits.push({ at: revStart, end: revEnd, text: String(lock.revision) });

  if (digestPair && isScalar(digestPair.value) && digestPair.value.range) {
    const [start, end] = digestPair.value.range;
    edits.push({ at: start, end, text: inStyleOf(text.slice(start, end), lock.lockedDigest) });
  } else if (digestPair) {
    throw new LockWriteError("problem.lockedDigest is not written as a value in this file");
  } else if (problem.flow) {
    edits.push({ at: revEnd, end: revEnd, text: `, lockedDigest: ${lock.lockedDigest}` });
  } else {
    const keyStart = revision.key.range![0];
    const lineStart = text.lastIndexOf("\n", keyStart - 1) + 1;
    const indent = text.slice(lineStart, keyStart);
    if (!/^[ \t]*$/.test(indent)) throw new LockWriteError("problem.revision does not start its own line");
    // After the rest of the revision's line (an inline comment stays where it is), in the line's own ending.
    const newline = text.indexOf("\n", revEnd);
    const at = newline < 0 ? text.length : text[newline - 1] === "\r" ? newline - 1 : newline;
    const eol = newline > 0 && text[newline - 1] === "\r" ? "\r\n" : "\n";
    edits.push({ at, end: at, text: `${eol}${indent}lockedDigest: ${lock.lockedDigest}` });
  }

  let out = text;
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.text + out.slice(e.end);
  return out;
}
