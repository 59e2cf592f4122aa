import { formatOption, parseCommandArgs, positionals } from "../args.ts";
import { CliError, EXIT } from "../errors.ts";
import { GitFileMissingError } from "../git.ts";
import { type GovernanceChange, governanceDiff, newWorkloadReview, RISKS } from "../governance-diff.ts";
import type { Io } from "../io.ts";
import { type LoadedWorkload, loadWorkload } from "../load.ts";
import { writeOutputFile } from "../output-file.ts";
import { mdCode, mdText, neutralise, plain } from "../render/safe-text.ts";
import { renderMarkdownTable, renderTable } from "../render/table.ts";
import { makeStyle, type Style } from "../style.ts";

export interface DiffReport {
  /** The earlier revision; null when there is none (`--new`, or a git path that does not exist at the ref). */
  old: { label: string; name: string; problemRevision: number } | null;
  new: { label: string; name: string; problemRevision: number };
  counts: Record<(typeof RISKS)[number], number>;
  changes: GovernanceChange[];
}

/**
 * `govai diff <old> <new>`: every governance change between two revisions of a spec, highest risk first.
 * `govai diff --new <new>`, or an old side `<ref>:<path>` whose path does not exist at the ref: the review of a new
 * workload, every governed value listed as added and ranked against the secure defaults.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs("diff", argv, {
    format: { type: "string" },
    out: { type: "string" },
    new: { type: "boolean" },
  });
  const isNew = parsed.values.new === true;
  const specs = positionals("diff", parsed, isNew ? ["new"] : ["old", "new"]);
  const newSpec = specs.at(-1)!;
  const oldSpec = isNew ? undefined : specs[0];
  const format = formatOption("diff", parsed.values.format, ["markdown", "text", "json"] as const, "markdown");
  if (parsed.values.out === "") throw new CliError("diff: --out needs a file name");
  const [before, after] = await Promise.all([
    oldSpec === undefined ? undefined : loadOld(oldSpec, io.cwd),
    loadWorkload(newSpec, io.cwd, { allowGit: true }),
  ]);
  const changes = before ? governanceDiff(before.model, after.model) : newWorkloadReview(after.model);
  const report: DiffReport = {
    old: before
      ? { label: before.label, name: before.model.metadata.name, problemRevision: before.model.problem.revision }
      : null,
    new: { label: newSpec, name: after.model.metadata.name, problemRevision: after.model.problem.revision },
    counts: { high: 0, medium: 0, low: 0 },
    changes,
  };
  for (const c of changes) report.counts[c.risk]++;
  const out = typeof parsed.values.out === "string" ? parsed.values.out : undefined;
  const text =
    format === "json"
      ? `${JSON.stringify(report, null, 2)}\n`
      : format === "text"
        ? diffText(report, makeStyle(io.isTTY && out === undefined))
        : diffMarkdown(report);
  if (out) {
    await writeOutputFile("diff", out, io.cwd, text);
    io.stdout(`diff written to ${out}\n`);
  } else {
    io.stdout(text);
  }
  return EXIT.ok;
}

/** The old side, or undefined when it is a git path that does not exist at its ref: the workload is new there. */
async function loadOld(spec: string, cwd: string): Promise<LoadedWorkload | undefined> {
  try {
    return await loadWorkload(spec, cwd, { allowGit: true });
  } catch (error) {
    if (error instanceof GitFileMissingError) return undefined;
    throw error;
  }
}

const show = (v: unknown): string => (v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));

/** The diff as markdown for a pull request; every user string is escaped (see `render/safe-text.ts`). */
export function diffMarkdown(report: DiffReport): string {
  const from = report.old
    ? `${mdCode(report.old.label, { inTable: false })} (problem revision ${report.old.problemRevision})`
    : "no earlier revision (a new workload: every governed value is listed)";
  const lines = [
    `## Governance diff: ${mdCode(report.new.name, { inTable: false })}`,
    "",
    `${from} → ${mdCode(report.new.label, { inTable: false })} (problem revision ${report.new.problemRevision})`,
    "",
  ];
  if (report.changes.length === 0) {
    lines.push("No governance changes.");
    return `${lines.join("\n")}\n`;
  }
  lines.push(`**${report.counts.high} high**, ${report.counts.medium} medium, ${report.counts.low} low risk.`);
  const icon = { high: "🔴 high", medium: "🟠 medium", low: "🟢 low" } as const;
  for (const risk of RISKS) {
    const changes = report.changes.filter((c) => c.risk === risk);
    if (changes.length === 0) continue;
    lines.push(
      "",
      `### ${icon[risk]} (${changes.length})`,
      "",
      renderMarkdownTable([
        ["stage", "change", "path", "before", "after"],
        ...changes.map((c) => [
          c.stage ?? "all",
          mdText(c.summary),
          mdCode(c.path),
          mdText(show(c.before)),
          mdText(show(c.after)),
        ]),
      ]),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The diff as text for a terminal; control characters in user strings are shown as escapes, never sent. */
export function diffText(report: DiffReport, style: Style): string {
  const r = neutralise(report);
  const from = r.old ? r.old.label : "(new workload)";
  const head = `Governance diff ${from} → ${r.new.label}: ${r.counts.high} high, ${r.counts.medium} medium, ${r.counts.low} low`;
  if (r.changes.length === 0) return `${head}\nNo governance changes.\n`;
  const paint = { high: style.red, medium: style.yellow, low: style.dim } as const;
  const rows = [["risk", "stage", "change", "before → after"]];
  for (const c of r.changes)
    rows.push([
      paint[c.risk](c.risk),
      c.stage ?? "all",
      c.summary,
      `${plain(show(c.before))} → ${plain(show(c.after))}`,
    ]);
  return `${style.bold(head)}\n\n${renderTable(rows)}\n`;
}
