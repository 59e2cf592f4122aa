/**
 * Reading the YAML text of a spec without trusting it. Before anything becomes a JavaScript value:
 *
 * - the text holds only characters YAML allows (no NUL byte, no other control character);
 * - maps and lists nest at most {@link MAX_NESTING} levels, checked on the parser's token tree with a loop, before
 *   the recursive steps (composing the document, toJS, the schema) could overflow the stack;
 * - keys are unique in each map (checked here with one set per map: the `yaml` package's own check compares each
 *   key with every earlier one, which takes minutes for a map of 200,000 keys);
 * - no key names a built-in property of JavaScript objects (`__proto__`, `toString` …);
 * - no value carries a tag other than YAML's core ones (`!!js/function`, `!foo`, `!!binary` are refused);
 * - no string holds a control character written as an escape (`"\0"`, `"\e"`, `"\x9b"`).
 *
 * Every problem found is positioned. The walks are linear in the size of the text.
 */
import { Composer, type CST, type Document, isMap, isScalar, isSeq, type LineCounter, type Node, Parser } from "yaml";
import { joinPath, type SpecIssue } from "./issues.ts";
import { RESERVED_KEYS, reservedKeyMessage } from "./reserved-keys.ts";

/**
 * How deep maps and lists may nest. The deepest a valid spec goes is 7 levels
 * (`stages.prod.connectorPolicy.endpointRules.<connector>[i].endpoint`); the margin leaves room for new fields.
 */
export const MAX_NESTING = 64;

/** The tags a spec may use: YAML's core schema. Anything else would change how a value is read, or be ignored. */
const CORE_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

/** Characters YAML 1.2 does not allow in a stream (it allows tab, line feed, carriage return and U+0085). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const NOT_PRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]/;

/**
 * Characters no value (or key) of a spec may hold once parsed: the raw text check above cannot see a control
 * character written as a YAML escape in a double-quoted string (`"\0"`, `"\u0000"`, `"\e"`, `"\x9b"`). Tab and line
 * feed stay allowed (block scalars and `"\n"` make multi-line descriptions); carriage return, NEL (`"\N"`) and the C1
 * controls do not. Exported so that whatever writes a spec (`govai adopt`) refuses exactly what the reader refuses.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
export const VALUE_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFE\uFFFF]/;

const COLLECTIONS = new Set(["block-map", "block-seq", "flow-collection"]);

/** The parsed document, or the issues that stop the spec from being read. */
export type ReadYamlResult = { ok: true; doc: Document.Parsed } | { ok: false; errors: SpecIssue[] };

/**
 * Parse `text` as one YAML document and check it as described above.
 * @param lineCounter filled with the text's line starts; the caller positions later issues with it.
 * @param file the name used in issues.
 * @param noun what the messages call the document. Default "a workload spec".
 */
export function readYaml(
  text: string,
  lineCounter: LineCounter,
  file: string,
  noun = "a workload spec",
): ReadYamlResult {
  const bad = NOT_PRINTABLE.exec(text);
  if (bad !== null) return { ok: false, errors: [notPrintable(text, bad.index, file, noun)] };

  const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
  const deep = tooDeep(tokens);
  if (deep !== undefined) {
    const { line, col } = lineCounter.linePos(deep);
    return {
      ok: false,
      errors: [
        {
          file,
          line,
          column: col,
          path: "",
          message: `YAML: maps and lists nested more than ${MAX_NESTING} levels deep; ${noun} needs fewer than 10`,
          unreadable: true,
        },
      ],
    };
  }

  // uniqueKeys: false: duplicates are found below, in linear time, with the same message and position.
  const composer = new Composer({ uniqueKeys: false, merge: true });
  let doc: Document.Parsed | undefined;
  const errors: SpecIssue[] = [];
  for (const next of composer.compose(tokens, true, text.length)) {
    if (doc === undefined) doc = next;
    else {
      const { line, col } = lineCounter.linePos(next.range[0]);
      errors.push({
        file,
        line,
        column: col,
        path: "",
        message: `YAML syntax: ${noun} is one YAML document; remove the second one (after ---) or move it to its own file`,
      });
      break;
    }
  }
  // compose(…, forceDoc = true) always yields a document, an empty one for empty text.
  const parsed = doc!;
  for (const e of parsed.errors) {
    const { line, col } = lineCounter.linePos(e.pos[0]);
    errors.push({ file, line, column: col, path: "", message: `YAML syntax: ${e.message}` });
  }
  const at = (offset: number, path: readonly (string | number)[], message: string): void => {
    const { line, col } = lineCounter.linePos(offset);
    errors.push({ file, line, column: col, path: joinPath(path), message });
  };
  walk(parsed.contents, [], at, noun);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, doc: parsed };
}

function notPrintable(text: string, index: number, file: string, noun: string): SpecIssue {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const code = text.charCodeAt(index);
  const name = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return {
    file,
    line,
    column: index - lineStart + 1,
    path: "",
    message:
      code === 0
        ? `a NUL byte (U+0000) is not allowed: ${noun} is UTF-8 text (is this a binary or UTF-16 file?)`
        : `the control character ${name} is not allowed in YAML text; remove it`,
    unreadable: true,
  };
}

/**
 * Offset of the first collection nested more than MAX_NESTING levels deep, or undefined. A loop over the token tree
 * (never recursion: the input is what is being guarded against); collections below the limit are not entered.
 */
function tooDeep(tokens: readonly CST.Token[]): number | undefined {
  let first: number | undefined;
  const stack: Array<{ token: CST.Token; depth: number }> = tokens.map((token) => ({ token, depth: 0 }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (token.type === "document") {
      if (token.value) stack.push({ token: token.value, depth });
      continue;
    }
    if (!COLLECTIONS.has(token.type)) continue;
    const inner = depth + 1;
    if (inner > MAX_NESTING) {
      if (first === undefined || token.offset < first) first = token.offset;
      continue;
    }
    for (const item of (token as CST.BlockMap | CST.BlockSequence | CST.FlowCollection).items) {
      if (item.key) stack.push({ token: item.key, depth: inner });
      if (item.value) stack.push({ token: item.value, depth: inner });
    }
  }
  return first;
}

type At = (offset: number, path: readonly (string | number)[], message: string) => void;

function start(node: Node): number {
  return node.range?.[0] ?? 0;
}

function tagName(tag: string): string {
  return tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice("tag:yaml.org,2002:".length)}` : tag;
}

function checkTag(node: Node, path: readonly (string | number)[], at: At, noun: string): void {
  if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
    at(
      start(node),
      path,
      `the YAML tag ${JSON.stringify(tagName(node.tag))} is not allowed: ${noun} holds plain strings, numbers, booleans, maps and lists`,
    );
  }
}

/** A string scalar (value or key) holding a control character its escapes produced; positioned at the scalar. */
function checkControl(node: Node, path: readonly (string | number)[], at: At): void {
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value !== "string") return;
  const bad = VALUE_CONTROL.exec(value);
  if (bad === null) return;
  const code = bad[0].charCodeAt(0);
  const name = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  at(
    start(node),
    path,
    `${code === 0 ? "a NUL character (U+0000)" : `the control character ${name}`}, written as an escape, is not allowed in a value; remove it`,
  );
}

/** Tags, duplicate and reserved keys of the composed document. Recursion is bounded by MAX_NESTING (checked first). */
function walk(node: unknown, path: (string | number)[], at: At, noun: string): void {
  if (isScalar(node)) {
    checkTag(node, path, at, noun);
    checkControl(node, path, at);
  } else if (isSeq(node)) {
    checkTag(node, path, at, noun);
    node.items.forEach((item, i) => {
      walk(item, [...path, i], at, noun);
    });
  } else if (isMap(node)) {
    checkTag(node, path, at, noun);
    // Keyed like the yaml package compares keys: scalar values with ===, so 1 and "1" differ. Merge keys (<<) are
    // symbols, each distinct, and may repeat.
    const seen = new Map<unknown, true>();
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const keyValue = isScalar(key) ? key.value : key;
      const segment = typeof keyValue === "symbol" ? String(keyValue.description) : String(keyValue);
      const entryPath = [...path, segment];
      if (isScalar(key) && typeof keyValue !== "symbol") {
        if (seen.has(keyValue)) at(start(key), [], "YAML syntax: Map keys must be unique");
        else seen.set(keyValue, true);
        if (typeof keyValue === "string" && RESERVED_KEYS.has(keyValue)) {
          at(start(key), entryPath, reservedKeyMessage(keyValue));
        }
      }
      if (key !== null) walk(key, entryPath, at, noun);
      walk(pair.value, entryPath, at, noun);
    }
  }
}
