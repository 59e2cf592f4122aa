import { formatOption, parseCommandArgs, positionals } from "../args.ts";
import { CliError, EXIT } from "../errors.ts";
import { type GovernanceChange, governanceDiff, RISKS } from "../governance-diff.ts";
import type { Io } from "../io.ts";
import { loadWorkload } from "../load.ts";
import { writeOutputFile } from "../output-file.ts";
import { renderMarkdownTable, renderTable } from "../render/table.ts";
import { makeStyle, type Style } from "../style.ts";

export interface DiffReport {
  old: { label: string; name: string; problemRevision: number };
  new: { label: string; name: string; problemRevision: number };
  counts: Record<(typeof RISKS)[number], number>;
  changes: GovernanceChange[];
}

/** `govai diff <old> <new>`: every governance change between two revisions of a spec, highest risk first. */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs("diff", argv, { format: { type: "string" }, out: { type: "string" } });
  const [oldSpec, newSpec] = positionals("diff", parsed, ["old", "new"]) as [string, string];
  const format = formatOption("diff", parsed.values.format, ["markdown", "text", "json"] as const, "markdown");
  if (parsed.values.out === "") throw new CliError("diff: --out needs a file name");
  const [before, after] = await Promise.all([
    loadWorkload(oldSpec, io.cwd, { allowGit: true }),
    loadWorkload(newSpec, io.cwd, { allowGit: true }),
  ]);
  const changes = governanceDiff(before.model, after.model);
  const report: DiffReport = {
    old: { label: oldSpec, name: before.model.metadata.name, problemRevision: before.model.problem.revision },
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

const show = (v: unknown): string => (v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));

export function diffMarkdown(report: DiffReport): string {
  const lines = [
    `## Governance diff: \`${report.new.name}\``,
    "",
    `\`${report.old.label}\` (problem revision ${report.old.problemRevision}) → \`${report.new.label}\` (problem revision ${report.new.problemRevision})`,
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
        ...changes.map((c) => [c.stage ?? "all", c.summary, `\`${c.path}\``, show(c.before), show(c.after)]),
      ]),
    );
  }
  return `${lines.join("\n")}\n`;
}

export function diffText(report: DiffReport, style: Style): string {
  const head = `Governance diff ${report.old.label} → ${report.new.label}: ${report.counts.high} high, ${report.counts.medium} medium, ${report.counts.low} low`;
  if (report.changes.length === 0) return `${head}\nNo governance changes.\n`;
  const paint = { high: style.red, medium: style.yellow, low: style.dim } as const;
  const rows = [["risk", "stage", "change", "before → after"]];
  for (const c of report.changes)
    rows.push([paint[c.risk](c.risk), c.stage ?? "all", c.summary, `${show(c.before)} → ${show(c.after)}`]);
  return `${style.bold(head)}\n\n${renderTable(rows)}\n`;
}
