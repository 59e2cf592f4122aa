/**
 * User text in govai's text and markdown outputs. A spec is often someone else's (a pull request, a pilot's repo):
 * its strings reach a reviewer's terminal and a pull-request comment. A terminal acts on escape sequences (ESC,
 * CSI, other C0 and C1 controls) and a markdown renderer on `*`, `_`, `|`, backticks and line breaks, so a crafted
 * string could recolour, hide or rewrite a report ("gate prod: PASS"). Every user string is shown as text:
 * controls become visible escapes, and markdown syntax is escaped.
 */

// C0 (line breaks and tabs included), DEL, C1, the Unicode line and paragraph separators, and the bidirectional
// formatting characters that reorder what is displayed.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this regex's purpose
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\u001b": "\\e" };

/** `text` on one line with every control character shown as an escape: ESC as `\e`, a newline as `\n`, others `\xHH`/`\uHHHH`. */
export function plain(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return (
      NAMED[c] ??
      (code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`)
    );
  });
}

/**
 * A copy of plain data with every string passed through {@link plain}: what the text and markdown renderers get,
 * so no user string reaches them raw. Objects and arrays are copied; other values are kept.
 */
export function neutralise<T>(value: T): T {
  if (typeof value === "string") return plain(value) as T;
  if (Array.isArray(value)) return value.map(neutralise) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [plain(k), neutralise(v)])) as T;
  }
  return value;
}

/** U+2060 WORD JOINER: invisible, and it breaks the character runs a mention or an autolink needs. */
const JOIN = "\u2060";

/**
 * Markdown text that shows `text` literally: controls escaped, `\ * _ | ` ` < > [ ] ~ #` backslash-escaped, and the
 * two things a pull-request comment does with plain text disarmed. A `@name` or `@org/team` would notify people (a
 * backslash does not stop it: the mention is found in the rendered text), and a bare `https://…` or `www.…` would
 * become a link; a word joiner after the `@`, before `://` and after `www` stops both while the text reads the
 * same. An `@` inside an address (`dana@contoso.com`) is no mention and is left alone.
 */
export function mdText(text: string): string {
  return plain(text)
    .replace(/[\\`*_|<>[\]~#]/g, (c) => `\\${c}`)
    .replace(/(^|[^A-Za-z0-9_`])@(?=[A-Za-z0-9])/g, `$1@${JOIN}`)
    .replace(/([A-Za-z][A-Za-z0-9+.-]*):\/\//g, `$1${JOIN}://`)
    .replace(/(^|[^A-Za-z0-9.-])(www)\./gi, `$1$2${JOIN}.`);
}

/**
 * A markdown code span showing `text` literally, for paths, ids and labels. A backtick inside cannot close it (the
 * fence is one backtick longer than the longest run inside), and `|` is escaped so a table cell cannot be split
 * (GitHub removes that backslash inside table cells; use `inTable: false` elsewhere).
 */
export function mdCode(text: string, { inTable = true }: { inTable?: boolean } = {}): string {
  const body = plain(text);
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const padded = body.startsWith("`") || body.endsWith("`") ? ` ${body} ` : body;
  const span = `${fence}${padded}${fence}`;
  return inTable ? span.replace(/\|/g, "\\|") : span;
}
