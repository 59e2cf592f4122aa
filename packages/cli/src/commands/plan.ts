import { collectBaselinePlan, collectPlan, type PlannedResource } from "@govai/components";
import { type BaselineVerdict, evaluate, evaluateBaseline, loadEvidence, type Verdict } from "@govai/gate";
import { type Override, STAGES, type StageName, type TenantBaselineModel, type WorkloadModel } from "@govai/spec";
import { asOfOption, formatOption, parseCommandArgs, positionals } from "../args.ts";
import { CliError, EXIT } from "../errors.ts";
import type { Io } from "../io.ts";
import { loadSpec } from "../load.ts";
import { writeOutputFile } from "../output-file.ts";
import {
  type BaselineGovernanceRow,
  baselineGovernance,
  baselineVerdictMarkdown,
  baselineVerdictText,
  governanceRows,
} from "../render/baseline.ts";
import { governanceMatrix, type MatrixSection } from "../render/matrix.ts";
import { workloadDiagram } from "../render/mermaid.ts";
import { mdCode, mdText, neutralise } from "../render/safe-text.ts";
import { renderMarkdownTable, renderTable } from "../render/table.ts";
import { resourceTree } from "../render/tree.ts";
import { verdictMarkdown, verdictText } from "../render/verdict.ts";
import { makeStyle, type Style } from "../style.ts";
import { stageOption } from "./gate.ts";

/** The plan of one workload: what each stage would create, its governance, its gate verdict and the overrides. */
export interface PlanReport {
  workload: { name: string; displayName: string; problemRevision: number; file: string };
  /**
   * Per stage: its resources, what the components note that the resources alone do not say (a stage in an environment
   * group, whose rules govern it instead of a managed environment; a stage linked to a billing policy), its verdict.
   */
  stages: Array<{
    stage: StageName;
    resources: PlannedResource[];
    notes: string[];
    gate: Verdict;
    refusedByGate: boolean;
  }>;
  governance: MatrixSection[];
  overrides: Override[];
}

/**
 * Builds the plan of a workload offline: the components run under Pulumi's mock runtime, one stage at a time as
 * its own stack would. The gate never stops the plan itself: a stage the gate refuses is still shown, flagged, so
 * reviewers see what `pulumi up` will create once the gate passes.
 */
export async function buildPlan(
  model: WorkloadModel,
  file: string,
  stages: StageName[],
  now?: Date,
): Promise<PlanReport> {
  const evidence = await loadEvidence(model);
  const report: PlanReport = {
    workload: {
      name: model.metadata.name,
      displayName: model.metadata.displayName,
      problemRevision: model.problem.revision,
      file,
    },
    stages: [],
    governance: governanceMatrix(model, stages.length === 1 ? stages[0] : undefined),
    overrides: model.overrides.filter((o) => o.stage === undefined || stages.includes(o.stage)),
  };
  for (const stage of stages) {
    const gate = evaluate(model, stage, evidence, now ? { now } : {});
    const plan = await collectQuietly(() =>
      collectPlan(model, [stage], {
        gate: { assertGate: () => undefined },
        // The budget starts in the month of the evaluation date, so a plan `--as-of` a date is reproducible.
        budgetStartDate: `${(now ?? new Date()).toISOString().slice(0, 7)}-01`,
      }),
    );
    report.stages.push({
      stage,
      resources: plan.resources,
      notes: plan.notes,
      gate,
      refusedByGate: stage === "prod" && !gate.pass,
    });
  }
  return report;
}

/**
 * The plan of a tenant baseline: what its stack would create (one stack per tenant, no stages), the notes the
 * component adds (what it cannot write, what is protected, what a destroy does), every baseline control's value, and
 * the baseline gate's verdict.
 */
export interface BaselinePlanReport {
  kind: "TenantBaseline";
  baseline: { name: string; displayName: string; tenantId: string; file: string };
  resources: PlannedResource[];
  notes: string[];
  governance: BaselineGovernanceRow[];
  gate: BaselineVerdict;
}

/** Builds the plan of a tenant baseline offline, under Pulumi's mock runtime (`collectBaselinePlan`). */
export async function buildBaselinePlan(
  model: TenantBaselineModel,
  file: string,
  now?: Date,
): Promise<BaselinePlanReport> {
  const plan = await collectQuietly(() => collectBaselinePlan(model));
  return {
    kind: "TenantBaseline",
    baseline: {
      name: model.metadata.name,
      displayName: model.metadata.displayName,
      tenantId: model.metadata.tenantId,
      file,
    },
    resources: plan.resources,
    notes: plan.notes,
    governance: baselineGovernance(model),
    gate: evaluateBaseline(model, now ? { now } : {}),
  };
}

/**
 * Runs a plan collection with stack capture off: every registration builds Error stacks the plan never reads, and
 * capturing none makes a plan about 1.6x faster. Restored afterwards, so govai's own errors keep their traces.
 */
async function collectQuietly<T>(collect: () => Promise<T>): Promise<T> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return await collect();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs("plan", argv, {
    stage: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
    "as-of": { type: "string" },
  });
  const [file] = positionals("plan", parsed, ["workload.yaml"]) as [string];
  const format = formatOption("plan", parsed.values.format, ["text", "markdown", "json"] as const, "text");
  if (parsed.values.out === "") throw new CliError("plan: --out needs a file name");
  const loaded = await loadSpec(file, io.cwd);
  const out = typeof parsed.values.out === "string" ? parsed.values.out : undefined;
  if (loaded.kind === "TenantBaseline") {
    if (parsed.values.stage !== undefined) {
      throw new CliError(
        `plan: ${file} is a tenant baseline, which has no stages (one stack per tenant); drop --stage (it applies to workload specs)`,
      );
    }
    const now = asOfOption("plan", parsed.values["as-of"]);
    const report = await buildBaselinePlan(loaded.model, file, now);
    const style = makeStyle(io.isTTY && out === undefined && format === "text");
    const text =
      format === "json"
        ? `${JSON.stringify(report, null, 2)}\n`
        : format === "markdown"
          ? baselinePlanMarkdown(report)
          : baselinePlanText(report, style);
    return emitPlan(io, out, text);
  }
  const { model } = loaded;
  const present = STAGES.filter((s) => model.stages[s]);
  const only = stageOption("plan", parsed.values.stage, present);
  const now = asOfOption("plan", parsed.values["as-of"]);
  const report = await buildPlan(model, file, only ? [only] : present, now);
  const style = makeStyle(io.isTTY && out === undefined && format === "text");
  const text =
    format === "json"
      ? `${JSON.stringify(report, null, 2)}\n`
      : format === "markdown"
        ? planMarkdown(report, model)
        : planText(report, style);
  return emitPlan(io, out, text);
}

/** Writes a plan to `--out` or stdout. */
async function emitPlan(io: Io, out: string | undefined, text: string): Promise<number> {
  if (out) {
    await writeOutputFile("plan", out, io.cwd, text);
    io.stdout(`plan written to ${out}\n`);
  } else {
    io.stdout(text);
  }
  return EXIT.ok;
}

function matrixRows(section: MatrixSection, stages: StageName[]): string[][] {
  return [[section.title, ...stages], ...section.rows.map((r) => [r.label, ...stages.map((s) => r.values[s] ?? "")])];
}

function overrideRows(overrides: Override[]): string[][] {
  const show = (v: unknown) => (v === undefined ? "(none)" : typeof v === "string" ? v : JSON.stringify(v));
  return [
    ["stage", "path", "default", "value"],
    ...overrides.map((o) => [o.stage ?? "all", o.path, show(o.defaultValue), show(o.value)]),
  ];
}

/** The plan as text; control characters in user strings are shown as escapes, never sent to the terminal. */
export function planText(unsafe: PlanReport, style: Style): string {
  const report = neutralise(unsafe);
  const stages = report.stages.map((s) => s.stage);
  const out: string[] = [
    style.bold(
      `Plan for ${report.workload.displayName} (${report.workload.name}), problem revision ${report.workload.problemRevision}`,
    ),
    style.dim(`from ${report.workload.file}; offline: no cloud calls, computed values show as (known after apply)`),
  ];
  for (const s of report.stages) {
    out.push("", style.bold(`== ${s.stage}: ${s.resources.length} resources`));
    if (s.refusedByGate)
      out.push(
        style.red(
          `pulumi up for ${s.stage} will refuse: the production-readiness gate fails (${s.gate.failures.length} checks, below)`,
        ),
      );
    out.push(...resourceTree(s.resources));
    if (s.notes.length > 0) out.push(...s.notes.map((n) => `- ${n}`));
  }
  out.push("", style.bold("== Governance"));
  for (const section of report.governance) out.push("", renderTable(matrixRows(section, stages)));
  out.push("", style.bold("== Production-readiness gate"));
  for (const s of report.stages) out.push("", verdictText(s.gate, style).trimEnd());
  out.push("", style.bold(`== Overrides of the stage defaults (${report.overrides.length})`));
  out.push(
    report.overrides.length
      ? renderTable(overrideRows(report.overrides))
      : "none: every stage uses its profile's defaults",
  );
  out.push("", style.bold("== Summary"));
  for (const s of report.stages) {
    const failing = s.gate.failures.map((f) => f.id);
    out.push(
      s.gate.pass
        ? `${s.stage}: ${s.resources.length} resources; gate ${style.green("passes")}`
        : `${s.stage}: ${s.resources.length} resources; gate ${style.red("fails")} (${failing.join(", ")})${s.refusedByGate ? `: pulumi up will refuse ${s.stage}` : ""}`,
    );
  }
  return `${out.join("\n")}\n`;
}

/** The plan as markdown; every user string is escaped (see `render/safe-text.ts`), the diagram's labels too. */
export function planMarkdown(unsafe: PlanReport, model: WorkloadModel): string {
  // The resource tree sits in a fenced block: neutralised, its names cannot hold the line break a fence needs.
  const report = neutralise(unsafe);
  const stages = report.stages.map((s) => s.stage);
  const out: string[] = [
    `# Plan: ${mdText(report.workload.displayName)} (${mdCode(report.workload.name, { inTable: false })}), problem revision ${report.workload.problemRevision}`,
    "",
    `Source: ${mdCode(report.workload.file, { inTable: false })}. Offline plan: computed values show as \`(known after apply)\`.`,
    "",
    "## Workload",
    "",
    "```mermaid",
    workloadDiagram(neutralise(model)),
    "```",
  ];
  for (const s of report.stages) {
    out.push("", `## ${s.stage}: ${s.resources.length} resources`, "");
    if (s.refusedByGate)
      out.push(
        `> **\`pulumi up\` for ${s.stage} will refuse:** the production-readiness gate fails (${s.gate.failures.length} checks).`,
        "",
      );
    out.push("```text", ...resourceTree(s.resources), "```");
    if (s.notes.length > 0) out.push("", ...s.notes.map((n) => `- ${mdText(n)}`));
  }
  out.push("", "## Governance");
  for (const section of report.governance) {
    out.push("", renderMarkdownTable(matrixRows(section, stages).map((row) => row.map(mdText))));
  }
  out.push("", "## Production-readiness gate");
  for (const s of report.stages) out.push("", verdictMarkdown(s.gate).trimEnd());
  out.push("", `## Overrides of the stage defaults (${report.overrides.length})`, "");
  out.push(
    report.overrides.length
      ? renderMarkdownTable(
          overrideRows(report.overrides).map(([stage, path, defaultValue, value], i) =>
            i === 0
              ? [stage!, path!, defaultValue!, value!]
              : [mdText(stage!), mdCode(path!), mdText(defaultValue!), mdText(value!)],
          ),
        )
      : "None: every stage uses its profile's defaults.",
  );
  return `${out.join("\n")}\n`;
}

/** A tenant baseline's plan as text; control characters in user strings are shown as escapes. */
export function baselinePlanText(unsafe: BaselinePlanReport, style: Style): string {
  const r = neutralise(unsafe);
  const out: string[] = [
    style.bold(
      `Plan for tenant baseline ${r.baseline.displayName} (${r.baseline.name}), tenant ${r.baseline.tenantId}`,
    ),
    style.dim(`from ${r.baseline.file}; offline: no cloud calls, computed values show as (known after apply)`),
    "",
    style.bold(`== ${r.resources.length} resources (one stack for the tenant)`),
    ...resourceTree(r.resources),
  ];
  if (r.notes.length > 0) out.push("", style.bold("== Notes"), ...r.notes.map((n) => `- ${n}`));
  out.push("", style.bold("== Governance"), "", renderTable(governanceRows(r.governance), 72));
  out.push("", style.bold("== Tenant baseline gate"), "", baselineVerdictText(r.gate, style).trimEnd());
  out.push(
    "",
    style.bold("== Summary"),
    r.gate.pass
      ? `${r.resources.length} resources; gate ${style.green("passes")}`
      : `${r.resources.length} resources; gate ${style.red("fails")} (${r.gate.failures.map((f) => f.id).join(", ")})`,
  );
  return `${out.join("\n")}\n`;
}

/** A tenant baseline's plan as markdown; every user string is escaped. */
export function baselinePlanMarkdown(unsafe: BaselinePlanReport): string {
  const r = neutralise(unsafe);
  const out: string[] = [
    `# Plan: tenant baseline ${mdText(r.baseline.displayName)} (${mdCode(r.baseline.name, { inTable: false })}), tenant ${mdCode(r.baseline.tenantId, { inTable: false })}`,
    "",
    `Source: ${mdCode(r.baseline.file, { inTable: false })}. Offline plan: computed values show as \`(known after apply)\`.`,
    "",
    `## ${r.resources.length} resources (one stack for the tenant)`,
    "",
    "```text",
    ...resourceTree(r.resources),
    "```",
  ];
  if (r.notes.length > 0) out.push("", "## Notes", "", ...r.notes.map((n) => `- ${mdText(n)}`));
  out.push(
    "",
    "## Governance",
    "",
    renderMarkdownTable(governanceRows(r.governance).map((row, i) => (i === 0 ? row : row.map(mdText)))),
  );
  out.push("", "## Tenant baseline gate", "", baselineVerdictMarkdown(r.gate).trimEnd());
  return `${out.join("\n")}\n`;
}
