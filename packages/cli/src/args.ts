import { parseArgs } from "node:util";
import { CliError } from "./errors.ts";

/** A workload name as the spec's schema takes it (`metadata.name`): 3-24 lower-case letters, digits and hyphens. */
export const WORKLOAD_NAME = /^[a-z][a-z0-9-]{1,22}[a-z0-9]$/;
/** A GUID given on the command line (an environment, application or organization id), in either case. */
export const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

export type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * Parses a command's arguments strictly: an unknown option or a missing value is a usage error (exit 2) that names
 * the command's `--help`, never a stack trace.
 */
export function parseCommandArgs(command: string, argv: string[], options: OptionSpec): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Parsed["values"], positionals };
  } catch (error) {
    const message =
      error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, "") : String(error);
    throw new CliError(`${command}: ${message.replace(/\.$/, "")} (see 'govai ${command} --help')`);
  }
}

/** Reads an enumerated option (`--format` by default), refusing anything not offered by the command. */
export function formatOption<T extends string>(
  command: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
  option = "format",
): T {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(`${command}: unknown --${option} '${String(value)}'; expected one of ${allowed.join(", ")}`);
}

/** Exactly `count` positional arguments, named for the error message. */
export function positionals(command: string, parsed: Parsed, names: string[]): string[] {
  if (parsed.positionals.length < names.length) {
    const missing = names.slice(parsed.positionals.length).map((n) => `<${n}>`);
    throw new CliError(`${command}: missing ${missing.join(" ")} (see 'govai ${command} --help')`);
  }
  if (parsed.positionals.length > names.length) {
    const extra = parsed.positionals.slice(names.length).join(" ");
    throw new CliError(`${command}: unexpected argument '${extra}' (see 'govai ${command} --help')`);
  }
  return parsed.positionals;
}

/** Reads `--as-of YYYY-MM-DD`: the date the gate evaluates as "now" (sign-off and evidence ages). Default: now. */
export function asOfOption(command: string, value: unknown): Date | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const date = new Date(`${value}T00:00:00.000Z`);
    if (!Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)) return date;
  }
  throw new CliError(`${command}: --as-of expects a date like 2026-11-28, found '${String(value)}'`);
}
