/**
 * What the plugin writes to stderr when a call fails. The engine shows a plugin's stderr to the user, and the
 * 3.276 Node provider server prints every failed Check, Diff, Read and Delete as `${error}: ${error.stack}` (the
 * message twice, then the stack), and nothing at all for a failed Create or Update. Instead, at the default
 * verbosity the plugin writes exactly one line per failed call, naming the call and the resource; with `-v=N`
 * (N ≥ 1, which the engine passes on when `pulumi` runs with `-v`) the stack follows that line. The error sent back
 * to the engine is unchanged, multi-line message and hints included.
 */
import type * as provider from "@pulumi/pulumi/provider/index.js";

/** How the plugin reports failed calls. */
export interface FailureLogOptions {
  /** Write the stack (and the causes' stacks) after the line. */
  verbose: boolean;
  /** Writes one line (without the newline). */
  write: (line: string) => void;
}

/**
 * The verbosity the engine asked for: `N` of the last `-v=N` (or `--v=N`) argument, 0 without one. The engine
 * starts plugins as `pulumi-resource-govai [--logtostderr] [-v=N] [--tracing URL] [<engine address>]`.
 */
export function verbosityOf(args: readonly string[]): number {
  let level = 0;
  for (const arg of args) {
    const m = /^--?v=(\d+)$/.exec(arg);
    if (m) level = Number(m[1]);
  }
  return level;
}

/** One line: newlines (hints, recovery steps) folded into spaces. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

/** `<type token> "<name>"` of a URN, or the URN itself when it does not parse. */
function resourceOf(urn: unknown): string {
  if (typeof urn !== "string") return "(no URN)";
  const parts = urn.split("::");
  const type = parts[2]?.split("$").pop();
  const name = parts[3];
  return type && name !== undefined ? `${type} "${name}"` : urn;
}

function stackLines(err: unknown): string[] {
  const lines: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e instanceof Error && depth < 5; depth += 1) {
    const frames = (e.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
    if (depth > 0) lines.push(`  caused by ${e.name}: ${oneLine(e.message)}`);
    lines.push(...frames.map((f) => `    ${f.trim()}`));
    e = e.cause;
  }
  return lines;
}

/** What the Node provider server prints for a failed Check, Diff, Read or Delete: `${error}: ${error.stack}`. */
export function serverEcho(err: unknown): string {
  return `${err}: ${(err as { stack?: unknown } | null)?.stack}`;
}

/**
 * The echoes of errors already reported, so {@link quietConsoleError} drops the server's copy. Each echo is dropped
 * once; an echo that never comes (Create and Update are not echoed) stays harmlessly in the set.
 */
export class ReportedErrors {
  readonly #echoes = new Map<string, number>();
  /** Records that this error was reported. */
  add(err: unknown): void {
    const echo = serverEcho(err);
    this.#echoes.set(echo, (this.#echoes.get(echo) ?? 0) + 1);
  }
  /** True (and forgotten) when `text` is the echo of a reported error. */
  take(text: string): boolean {
    const n = this.#echoes.get(text);
    if (!n) return false;
    if (n === 1) this.#echoes.delete(text);
    else this.#echoes.set(text, n - 1);
    return true;
  }
}

/**
 * Wraps `console.error` so the server's echo of an error this plugin already reported is not printed a second
 * time; everything else passes through. Returns a function that restores the original.
 */
export function quietConsoleError(reported: ReportedErrors, target: Console = console): () => void {
  const original = target.error;
  target.error = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string" && reported.take(args[0])) return;
    original.apply(target, args);
  };
  return () => {
    target.error = original;
  };
}

type Method = "check" | "diff" | "create" | "read" | "update" | "delete";
/** Where each method's URN argument is. */
const URN_ARG: Record<Method, number> = { check: 0, diff: 1, create: 0, read: 1, update: 1, delete: 1 };

/**
 * The provider with every failed Check, Diff, Create, Read, Update and Delete reported through `options.write`:
 * `govai: <method> <type token> "<name>" failed: <message on one line>`, then the stack when verbose. The error is
 * rethrown unchanged, and recorded in `reported` (for {@link quietConsoleError}).
 */
export function withFailureLog(
  inner: provider.Provider,
  options: FailureLogOptions,
  reported: ReportedErrors = new ReportedErrors(),
): provider.Provider {
  const wrapped: provider.Provider = { ...inner };
  for (const method of Object.keys(URN_ARG) as Method[]) {
    const fn = inner[method] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (!fn) continue;
    (wrapped as unknown as Record<Method, (...args: unknown[]) => Promise<unknown>>)[method] = async (
      ...args: unknown[]
    ) => {
      try {
        return await fn.apply(inner, args);
      } catch (err) {
        const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        options.write(`govai: ${method} ${resourceOf(args[URN_ARG[method]])} failed: ${oneLine(text)}`);
        if (options.verbose) for (const line of stackLines(err)) options.write(line);
        reported.add(err);
        throw err;
      }
    };
  }
  return wrapped;
}
