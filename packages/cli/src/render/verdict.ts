import { type CheckResult, DIMENSION_TITLES, DIMENSIONS, type Verdict } from "@govai/gate";
import type { Style } from "../style.ts";
import { mdCode, mdText, neutralise } from "./safe-text.ts";
import { renderMarkdownTable, renderTable } from "./table.ts";

const MARK: Record<CheckResult["status"], string> = { pass: "pass", fail: "FAIL", warn: "warn", "n-a": "n/a" };

/** Dimension rows of a verdict: status and whether it passed on declarations or evidence. */
function dimensionRows(verdict: Verdict): string[][] {
  return [
    ["dimension", "status", "basis", "checks (pass/fail/warn)"],
    ...DIMENSIONS.map((d) => {
      const dim = verdict.dimensions[d];
      const checks = verdict.checks.filter((c) => c.dimension === d);
      const count = (s: CheckResult["status"]) => checks.filter((c) => c.status === s).length;
      return [
        DIMENSION_TITLES[d],
        MARK[dim.status],
        dim.status === "pass" ? (dim.provenBy === "evidence" ? "evidence" : "declarations only") : "",
        `${count("pass")}/${count("fail")}/${count("warn")}`,
      ];
    }),
  ];
}

/** The line that says which dimensions pass on the spec's word alone; empty when evidence proves every one. */
function declarationsOnlyLine(verdict: Verdict): string | undefined {
  if (verdict.declarationsOnly.length === 0) return undefined;
  return `Resting on declarations alone (no evidence proves them): ${verdict.declarationsOnly.map((d) => DIMENSION_TITLES[d]).join(", ")}.`;
}

/**
 * The checks a stage's environment group takes off the stage: `n-a` at the stage's `environment.environmentGroupId`
 * (its managed-environment values apply nowhere; the group's rules are judged by the baseline's gate). Shown, unlike
 * other `n-a` checks, because the stage's own values would otherwise read as judged. Empty for a stage in no group.
 */
function groupGoverned(verdict: Verdict): CheckResult[] {
  return verdict.checks.filter((c) => c.status === "n-a" && c.path.endsWith(".environment.environmentGroupId"));
}

const GROUP_HEADING = "Not judged here: the stage's environment group governs them";

/**
 * The verdict of one stage as text: headline, dimensions, every failing and warning check with its fix, the checks a
 * stage's environment group takes over (with why), and the dimensions that rest on declarations alone. Control
 * characters in messages are shown as escapes.
 */
export function verdictText(unsafe: Verdict, style: Style): string {
  const verdict = neutralise(unsafe);
  const headline = verdict.pass
    ? style.green(`gate ${verdict.stage}: PASS`)
    : style.red(
        `gate ${verdict.stage}: FAIL (${verdict.failures.length} failing ${verdict.failures.length === 1 ? "check" : "checks"})`,
      );
  const lines = [
    `${style.bold(headline)}  ${verdict.workload}, problem revision ${verdict.problemRevision}`,
    "",
    renderTable(dimensionRows(verdict)),
  ];
  const flagged = verdict.checks.filter((c) => c.status === "fail" || c.status === "warn");
  if (flagged.length > 0) lines.push("");
  for (const c of flagged) {
    const tag = c.status === "fail" ? style.red("FAIL") : style.yellow("warn");
    lines.push(`${tag} ${c.id} (${c.severity}) at ${c.path}`, `     ${c.message}`, `     fix: ${c.remediation}`);
  }
  const grouped = groupGoverned(verdict);
  if (grouped.length > 0) lines.push("", style.dim(`${GROUP_HEADING}:`));
  for (const c of grouped) lines.push(`  n/a ${c.id} (${c.severity}) at ${c.path}`, `     ${c.message}`);
  const alone = declarationsOnlyLine(verdict);
  if (alone) lines.push("", style.dim(alone));
  return `${lines.join("\n")}\n`;
}

/** The verdict of one stage as markdown; messages are escaped (see `render/safe-text.ts`). */
export function verdictMarkdown(verdict: Verdict): string {
  const lines = [
    `### Gate ${verdict.stage}: ${verdict.pass ? "✅ pass" : `❌ fail (${verdict.failures.length} failing)`}`,
    "",
    renderMarkdownTable(dimensionRows(verdict)),
  ];
  const flagged = verdict.checks.filter((c) => c.status === "fail" || c.status === "warn");
  if (flagged.length > 0) {
    lines.push(
      "",
      renderMarkdownTable([
        ["status", "check", "path", "message", "fix"],
        ...flagged.map((c) => [MARK[c.status], mdCode(c.id), mdCode(c.path), mdText(c.message), mdText(c.remediation)]),
      ]),
    );
  }
  const grouped = groupGoverned(verdict);
  if (grouped.length > 0) {
    lines.push(
      "",
      `${GROUP_HEADING}:`,
      "",
      renderMarkdownTable([
        ["status", "check", "path", "message"],
        ...grouped.map((c) => [MARK[c.status], mdCode(c.id), mdCode(c.path), mdText(c.message)]),
      ]),
    );
  }
  const alone = declarationsOnlyLine(verdict);
  if (alone) lines.push("", mdText(alone));
  return `${lines.join("\n")}\n`;
}
