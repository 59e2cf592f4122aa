import { formatOption, parseCommandArgs, positionals } from "../args.ts";
import { CliError, EXIT } from "../errors.ts";
import { GitFileMissingError } from "../git.ts";
import {
  baselineDiff,
  baselineReview,
  type GovernanceChange,
  governanceDiff,
  newWorkloadReview,
  RISKS,
} from "../governance-diff.ts";
import type { Io } from "../io.ts";
import { type LoadedSpec, loadSpec } from "../load.ts";
import { writeOutputFile } from "../output-file.ts";
import { mdCode, mdText, neutralise, plain } from "../render/safe-text.ts";
import { renderMarkdownTable, renderTable } from "../render/table.ts";
import { makeStyle, type Style } from "../style.ts";

/** The diff of two revisions of a tenant baseline: as a workload's, each side named by its baseline and tenant. */
export interface BaselineDiffReport {
  kind: "TenantBaseline";
  old: { label: string; name: string; tenantId: string } | null;
  new: { label: string; name: string; tenantId: string };
  counts: Record<(typeof RISKS)[number], number>;
  changes: GovernanceChange[];
}

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
    loadSpec(newSpec, io.cwd, { allowGit: true }),
  ]);
  if (before && before.kind !== after.kind) {
    const what = (s: LoadedSpec) => (s.kind === "TenantBaseline" ? "a tenant baseline" : "a workload spec");
    throw new CliError(
      `diff: ${oldSpec} is ${what(before)} and ${newSpec} is ${what(after)}; diff compares two revisions of one spec, both workloads or both tenant baselines`,
    );
  }
  if (after.kind === "TenantBaseline") {
    const old = before?.kind === "TenantBaseline" ? before : undefined;
    const changes = old ? baselineDiff(old.model, after.model) : baselineReview(after.model);
    const side = (label: string, m: typeof after.model) => ({
      label,
      name: m.metadata.name,
      tenantId: m.metadata.tenantId,
    });
    const report: BaselineDiffReport = {
      kind: "TenantBaseline",
      old: old ? side(old.label, old.model) : null,
      new: side(newSpec, after.model),
      counts: { high: 0, medium: 0, low: 0 },
      changes,
    };
    for (const c of changes) report.counts[c.risk]++;
    return emit(
      io,
      parsed.values.out,
      format === "json"
        ? `${JSON.stringify(report, null, 2)}\n`
        : format === "text"
          ? baselineDiffText(report, makeStyle(io.isTTY && parsed.values.out === undefined))
          : baselineDiffMarkdown(report),
    );
  }
  const changes =
    before?.kind === "Workload" ? governanceDiff(before.model, after.model) : newWorkloadReview(after.model);
  const report: DiffReport = {
    old:
      before?.kind === "Workload"
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

/** Writes the report to `--out` or stdout. */
async function emit(io: Io, out: unknown, text: string): Promise<number> {
  if (typeof out === "string") {
    await writeOutputFile("diff", out, io.cwd, text);
    io.stdout(`diff written to ${out}\n`);
  } else {
    io.stdout(text);
  }
  return EXIT.ok;
}

/** The old side, or undefined when it is a git path that does not exist at its ref: the spec is new there. */
async function loadOld(spec: string, cwd: string): Promise<LoadedSpec | undefined> {
  try {
    return await loadSpec(spec, cwd, { allowGit: true });
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
  return bySections(lines, report, ["stage", "change", "path", "before", "after"], (c) => [
    c.stage ?? "all",
    mdText(c.summary),
    mdCode(c.path),
    mdText(show(c.before)),
    mdText(show(c.after)),
  ]);
}

/**
 * Ends a markdown diff: "No governance changes.", or the counts and one table per risk (high first) with a row per
 * change made by `row`.
 */
function bySections<C extends { risk: (typeof RISKS)[number] }>(
  lines: string[],
  report: { changes: readonly C[]; counts: Record<(typeof RISKS)[number], number> },
  header: string[],
  row: (change: C) => string[],
): string {
  if (report.changes.length === 0) {
    lines.push("No governance changes.");
    return `${lines.join("\n")}\n`;
  }
  lines.push(`**${report.counts.high} high**, ${report.counts.medium} medium, ${report.counts.low} low risk.`);
  const icon = { high: "🔴 high", medium: "🟠 medium", low: "🟢 low" } as const;
  for (const risk of RISKS) {
    const changes = report.changes.filter((c) => c.risk === risk);
    if (changes.length === 0) continue;
    lines.push("", `### ${icon[risk]} (${changes.length})`, "", renderMarkdownTable([header, ...changes.map(row)]));
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

/** A tenant baseline's diff as markdown for a pull request: by risk, each weakening with why it matters. */
export function baselineDiffMarkdown(report: BaselineDiffReport): string {
  const from = report.old
    ? mdCode(report.old.label, { inTable: false })
    : "no earlier revision (a new tenant baseline: every managed value is listed)";
  const lines = [
    `## Governance diff: tenant baseline ${mdCode(report.new.name, { inTable: false })} (tenant ${mdCode(report.new.tenantId, { inTable: false })})`,
    "",
    `${from} → ${mdCode(report.new.label, { inTable: false })}`,
    "",
  ];
  return bySections(lines, report, ["change", "path", "before", "after", "why it matters"], (c) => [
    mdText(c.summary),
    mdCode(c.path),
    mdText(show(c.before)),
    mdText(show(c.after)),
    mdText(c.reason ?? ""),
  ]);
}

/** A tenant baseline's diff as text; control characters in user strings are shown as escapes. */
export function baselineDiffText(report: BaselineDiffReport, style: Style): string {
  const r = neutralise(report);
  const from = r.old ? r.old.label : "(new tenant baseline)";
  const head = `Governance diff of tenant baseline ${from} → ${r.new.label}: ${r.counts.high} high, ${r.counts.medium} medium, ${r.counts.low} low`;
  if (r.changes.length === 0) return `${head}\nNo governance changes.\n`;
  const paint = { high: style.red, medium: style.yellow, low: style.dim } as const;
  const rows = [["risk", "change", "before → after"]];
  for (const c of r.changes)
    rows.push([paint[c.risk](c.risk), c.summary, `${plain(show(c.before))} → ${plain(show(c.after))}`]);
  const why = r.changes.filter((c) => c.reason !== undefined).map((c) => `${c.risk}: ${c.path}: ${c.reason}`);
  return `${style.bold(head)}\n\n${renderTable(rows)}\n${why.length ? `\nWhy the weakenings matter:\n${why.map((w) => `  ${w}`).join("\n")}\n` : ""}`;
}
