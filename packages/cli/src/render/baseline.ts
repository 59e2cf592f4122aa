/**
 * A tenant baseline in govai's reports: the summary `govai validate` prints, the controls `govai plan` shows (one row
 * per item of `BASELINE_CONTROLS`, so a control added to the catalogue shows without an edit here), and the gate's
 * verdict on it. User strings are neutralised (text) or escaped (markdown), as everywhere else.
 */
import type { BaselineCheckResult, BaselineVerdict } from "@govai/gate";
import {
  BASELINE_CONTROLS,
  type BaselineControl,
  baselinePlaceholders,
  type Risk,
  type TenantBaselineModel,
} from "@govai/spec";
import type { Style } from "../style.ts";
import { mdCode, mdText, neutralise } from "./safe-text.ts";
import { renderMarkdownTable, renderTable } from "./table.ts";

/**
 * What `govai validate` prints about a valid baseline: each part with its count, then one indented line per entry
 * (the data policies, the tenant settings with their values or `not managed`, the groups, the billing policies).
 */
export function baselineSummaryLines(model: TenantBaselineModel): string[] {
  const d = model.dataPolicies.defaultEnvironment;
  const w = model.dataPolicies.tenantWide;
  const policies = [
    ...(d
      ? [
          `default environment: default group ${d.defaultGroup}; ${d.business.length} business, ${d.nonBusiness.length} non-business, ${d.blocked.length} blocked`,
        ]
      : []),
    `tenant-wide: ${w.scope === "allEnvironments" ? "every environment" : `every environment but ${w.exceptEnvironments.length}`}; ${w.blocked.length} blocked`,
  ];
  const settings = baselineSettings(model);
  const groups = Object.entries(model.environmentGroups).map(
    ([k, g]) => `${k}: ${g.displayName}; rules: ${ruleList(g.rules)}`,
  );
  const billing = Object.entries(model.billingPolicies).map(
    ([k, b]) =>
      `${k}: ${b.location}, budget ${b.monthlyBudget} ${b.currency}/month, notifies ${Object.keys(b.notify).length}`,
  );
  const part = (title: string, entries: string[], count = entries.length) => [
    `${title}: ${count}`,
    ...entries.map((e) => `  ${e}`),
  ];
  return [
    ...part("data policies", policies),
    ...part(
      "tenant settings managed",
      settings.map(([k, v]) => `${k}: ${v ?? "not managed"}`),
      settings.filter(([, v]) => v !== undefined).length,
    ),
    ...part("environment groups", groups),
    ...part("billing policies", billing),
  ];
}

const ruleList = (rules: object) => {
  const set = Object.entries(rules)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  return set.length ? set.join(", ") : "none";
};

/** The tenant settings a baseline may manage, each with its value or undefined (not managed). */
function baselineSettings(model: TenantBaselineModel): Array<[string, string | undefined]> {
  const s = model.settings;
  const str = (v: unknown) => (v === undefined ? undefined : String(v));
  return [
    ["production environment creation", s.environmentCreation.production],
    ["trial environment creation", s.environmentCreation.trials],
    ["developer environment creation", s.environmentCreation.developer],
    ["billing policy creation", s.billingPolicyCreation],
    ["share with Everyone", str(s.shareWithEveryone)],
    ["Copilot features", str(s.copilotStudio.copilotFeatures)],
    ["publish agents with AI", str(s.copilotStudio.publishAgentsWithAi)],
    [
      "routing",
      s.environmentRouting === undefined
        ? undefined
        : s.environmentRouting.enabled
          ? `to ${s.environmentRouting.targetGroup ?? "no group"}`
          : "off",
    ],
    ["on destroy", s.deleteBehavior],
  ];
}

/** The placeholders line of `govai validate`: the gate refuses them, loading does not. */
export function placeholderLine(model: TenantBaselineModel): string {
  const found = baselinePlaceholders(model);
  return found.length === 0 ? "placeholders: none" : `placeholders (the gate refuses them): ${found.join(", ")}`;
}

/** One row of the baseline's governance: a control's item and its value. */
export interface BaselineGovernanceRow {
  control: string;
  path: string;
  label: string;
  value: string;
  risk: Risk;
}

/** Every item of every baseline control with its value (`not managed` when the baseline leaves it alone). */
export function baselineGovernance(
  model: TenantBaselineModel,
  controls: readonly BaselineControl[] = BASELINE_CONTROLS,
): BaselineGovernanceRow[] {
  return controls.flatMap((c) => {
    const values = c.read(model);
    const items = Object.keys(values).sort();
    // A keyed control with no item (no group, no exception) shows once, as none.
    if (items.length === 0) return [{ control: c.id, path: c.id, label: c.label, value: "none", risk: c.risk }];
    return items.map((item) => ({
      control: c.id,
      path: c.path(item),
      label: item === "" ? c.label : `${c.label} ${item}`,
      value: c.show(values[item], item),
      risk: c.risk,
    }));
  });
}

/** The governance rows as a table: control, value, the risk of weakening it. */
export function governanceRows(rows: BaselineGovernanceRow[]): string[][] {
  return [["control", "value", "weakening risk"], ...rows.map((r) => [r.label, r.value, r.risk])];
}

const MARK: Record<BaselineCheckResult["status"], string> = { pass: "pass", fail: "FAIL", "n-a": "n/a" };

function headline(v: BaselineVerdict): string {
  return v.pass
    ? "gate tenant baseline: PASS"
    : `gate tenant baseline: FAIL (${v.failures.length} failing ${v.failures.length === 1 ? "check" : "checks"})`;
}

/**
 * The baseline's verdict as text: the headline, every check's status and path, each failure with its fix, and what
 * was not judged (a setting not managed, a rule a group cannot hold) with why.
 */
export function baselineVerdictText(unsafe: BaselineVerdict, style: Style): string {
  const v = neutralise(unsafe);
  const head = v.pass ? style.green(headline(v)) : style.red(headline(v));
  const lines = [
    `${style.bold(head)}  ${v.baseline}, tenant ${v.tenantId}`,
    "",
    renderTable(
      [
        ["check", "severity", "status", "path"],
        ...v.checks.map((c) => [c.id, c.severity, MARK[c.status], c.path]),
        // Paths stay on one line: a group's rule path is longer than the default cell.
      ],
      80,
    ),
  ];
  if (v.failures.length > 0) lines.push("");
  for (const c of v.failures) {
    lines.push(
      `${style.red("FAIL")} ${c.id} (${c.severity}) at ${c.path}`,
      `     ${c.message}`,
      `     fix: ${c.remediation}`,
    );
  }
  const notJudged = v.checks.filter((c) => c.status === "n-a");
  if (notJudged.length > 0) lines.push("", style.dim("Not judged:"));
  for (const c of notJudged) lines.push(style.dim(`  ${c.id} at ${c.path}: ${c.message}`));
  return `${lines.join("\n")}\n`;
}

/** The baseline's verdict as markdown; messages escaped (see `safe-text.ts`). */
export function baselineVerdictMarkdown(v: BaselineVerdict): string {
  const lines = [
    `### Gate tenant baseline ${mdCode(v.baseline, { inTable: false })}: ${v.pass ? "✅ pass" : `❌ fail (${v.failures.length} failing)`}`,
    "",
    renderMarkdownTable([
      ["status", "check", "severity", "path", "message"],
      ...v.checks.map((c) => [MARK[c.status], mdCode(c.id), c.severity, mdCode(c.path), mdText(c.message)]),
    ]),
  ];
  if (v.failures.length > 0) {
    lines.push(
      "",
      renderMarkdownTable([["failing check", "fix"], ...v.failures.map((c) => [mdCode(c.id), mdText(c.remediation)])]),
    );
  }
  return `${lines.join("\n")}\n`;
}
