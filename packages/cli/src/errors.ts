/** Exit codes of every govai command. */
export const EXIT = {
  /** The command did what was asked, and what it checked passed. */
  ok: 0,
  /** The command ran, and what it checked did not pass: an invalid spec, a failing gate. */
  failed: 1,
  /** The command could not run: a usage error, a missing file, an unknown stage or git ref. */
  usage: 2,
  /** A defect in govai itself; the message asks for a report. */
  internal: 3,
} as const;

/** A user-facing failure: printed as one line (`govai: <message>`), never with a stack trace. */
export class CliError extends Error {
  readonly exitCode: number;
  /** Extra lines printed after the message (e.g. every spec error, one per line). */
  readonly details: string[];
  constructor(message: string, exitCode: number = EXIT.usage, details: string[] = []) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
    this.details = details;
  }
}
