import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { DIMENSION_TITLES, DIMENSIONS, evaluate, loadEvidence } from "@govai/gate";
import { asOfOption, formatOption, parseCommandArgs, positionals } from "../args.ts";
import { CliError, EXIT } from "../errors.ts";
import type { Io } from "../io.ts";
import { displayPath, loadWorkload } from "../load.ts";
import { fsRefusal, writeOutputFile } from "../output-file.ts";
import { byReadiness, FAILURE_MODES, type PilotReadiness, pilotReadiness } from "../portfolio.ts";
import { mdCode, mdText, neutralise } from "../render/safe-text.ts";
import { renderMarkdownTable, renderTable } from "../render/table.ts";

export interface PortfolioReport {
  dir: string;
  pilots: PilotReadiness[];
  invalid: Array<{ file: string; errors: string[] }>;
}

const SPEC_FILE = /^(workload|.+\.workload)\.ya?ml$/;
const DIM_SHORT: Record<string, string> = {
  latencyThroughput: "lat",
  failureHandling: "fail",
  securityAccess: "sec",
  dataPipeline: "data",
  observability: "obs",
  complianceAudit: "audit",
  rollback: "rbk",
  signOff: "sign",
};
const STATUS_MARK: Record<string, string> = { pass: "✓", fail: "✗", warn: "!", "n-a": "·" };

/** Every `workload.yaml` / `*.workload.yaml` under `dir`, skipping `node_modules` and dot-folders, sorted. */
export async function findSpecs(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (current: string) => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
        await walk(path.join(current, entry.name));
      } else if (entry.isFile() && SPEC_FILE.test(entry.name)) {
        found.push(path.join(current, entry.name));
      }
    }
  };
  await walk(dir);
  return found.sort();
}

/** `govai portfolio <dir>`: readiness of every pilot, closest to production first. Exit 1 if a spec is invalid. */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs("portfolio", argv, {
    format: { type: "string" },
    out: { type: "string" },
    "as-of": { type: "string" },
  });
  const [dir] = positionals("portfolio", parsed, ["dir"]) as [string];
  const format = formatOption("portfolio", parsed.values.format, ["text", "markdown", "json"] as const, "text");
  const now = asOfOption("portfolio", parsed.values["as-of"]);
  const root = path.resolve(io.cwd, dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new CliError(`portfolio: ${dir} is not a directory`);
  const files = await findSpecs(root).catch(async (error: unknown) => {
    // A folder under <dir> that cannot be listed (permission) is the user's input problem, not a defect.
    const where = (error as { path?: string }).path ?? root;
    throw new CliError(
      `portfolio: cannot read ${displayPath(where, io.cwd)}: ${await fsRefusal(error, where, (p) => displayPath(p, io.cwd))}`,
    );
  });
  if (files.length === 0)
    throw new CliError(`portfolio: no workload specs (workload.yaml or *.workload.yaml) under ${dir}`);
  const report: PortfolioReport = { dir, pilots: [], invalid: [] };
  for (const file of files) {
    const shown = displayPath(file, io.cwd);
    try {
      const { model } = await loadWorkload(shown, io.cwd);
      report.pilots.push(
        pilotReadiness(shown, model, evaluate(model, "prod", await loadEvidence(model), now ? { now } : {})),
      );
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      report.invalid.push({ file: shown, errors: error.details.length ? error.details : [error.message] });
    }
  }
  report.pilots.sort(byReadiness);
  const text =
    format === "json"
      ? `${JSON.stringify(report, null, 2)}\n`
      : format === "markdown"
        ? portfolioMarkdown(report)
        : portfolioText(report);
  const out = typeof parsed.values.out === "string" && parsed.values.out !== "" ? parsed.values.out : undefined;
  if (out) {
    await writeOutputFile("portfolio", out, io.cwd, text);
    io.stdout(`portfolio written to ${out}\n`);
  } else {
    io.stdout(text);
  }
  return report.invalid.length === 0 ? EXIT.ok : EXIT.failed;
}

function rows(report: PortfolioReport): string[][] {
  return [
    ["pilot", "owner", "prod", ...DIMENSIONS.map((d) => DIM_SHORT[d] ?? d), "failing", "signals"],
    ...report.pilots.map((p) => [
      p.name,
      `${p.owningTeam} (${p.accountable})`,
      p.prodReady ? "ready" : "not ready",
      ...DIMENSIONS.map((d) => STATUS_MARK[p.dimensions[d]] ?? p.dimensions[d]),
      String(p.failingChecks),
      FAILURE_MODES.filter((m) => p.signals[m].length > 0).join(", ") || "none",
    ]),
  ];
}

function signalLines(report: PortfolioReport): string[] {
  const lines: string[] = [];
  for (const p of report.pilots) {
    for (const mode of FAILURE_MODES) for (const reason of p.signals[mode]) lines.push(`${p.name}: ${mode}: ${reason}`);
  }
  return lines;
}

const LEGEND = `Dimensions (prod gate): ${DIMENSIONS.map((d) => `${DIM_SHORT[d]} = ${DIMENSION_TITLES[d]}`).join("; ")}. ✓ pass, ✗ fail, ! warn, · n/a.`;

/** The portfolio as text; control characters in user strings are shown as escapes, never sent to the terminal. */
export function portfolioText(unsafe: PortfolioReport): string {
  const report = neutralise(unsafe);
  const ready = report.pilots.filter((p) => p.prodReady).length;
  const out = [
    `Portfolio of ${report.dir}: ${report.pilots.length} pilots, ${ready} ready for production`,
    "",
    renderTable(rows(report), 40),
    "",
    LEGEND,
  ];
  const signals = signalLines(report);
  if (signals.length) out.push("", "Signals:", ...signals.map((l) => `  ${l}`));
  for (const bad of report.invalid) out.push("", `invalid spec ${bad.file}:`, ...bad.errors.map((e) => `  ${e}`));
  return `${out.join("\n")}\n`;
}

/** The portfolio as markdown; every user string is escaped (see `render/safe-text.ts`). */
export function portfolioMarkdown(report: PortfolioReport): string {
  const ready = report.pilots.filter((p) => p.prodReady).length;
  const out = [
    `# Portfolio: ${report.pilots.length} pilots, ${ready} ready for production`,
    "",
    renderMarkdownTable(rows(report).map((row) => row.map(mdText))),
    "",
    LEGEND,
  ];
  const signals = signalLines(report);
  if (signals.length) out.push("", "## Signals", "", ...signals.map((l) => `- ${mdText(l)}`));
  if (report.invalid.length) {
    out.push("", "## Invalid specs");
    for (const bad of report.invalid) {
      out.push("", `- ${mdCode(bad.file, { inTable: false })}`, ...bad.errors.map((e) => `  - ${mdText(e)}`));
    }
  }
  return `${out.join("\n")}\n`;
}
