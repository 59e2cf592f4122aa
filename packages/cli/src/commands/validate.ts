import { baselinePlaceholders, STAGES } from "@govai/spec";
import { formatOption, parseCommandArgs, positionals } from "../args.ts";
import { EXIT } from "../errors.ts";
import type { Io } from "../io.ts";
import { loadSpec } from "../load.ts";
import { baselineSummaryLines, placeholderLine } from "../render/baseline.ts";
import { neutralise, plain } from "../render/safe-text.ts";
import { stageSummaryRows } from "../render/summary.ts";
import { renderTable } from "../render/table.ts";
import { makeStyle } from "../style.ts";

/**
 * `govai validate <workload.yaml | tenant.yaml>`: exit 0 and the resolved stages (a workload) or the baseline's parts
 * (a tenant baseline) when valid; exit 1 with every error otherwise.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs("validate", argv, { format: { type: "string" } });
  const [file] = positionals("validate", parsed, ["workload.yaml"]) as [string];
  const format = formatOption("validate", parsed.values.format, ["text", "json"] as const, "text");
  const loaded = await loadSpec(file, io.cwd);
  if (loaded.kind === "TenantBaseline") {
    const { model } = loaded;
    if (format === "json") {
      const placeholders = baselinePlaceholders(model);
      io.stdout(`${JSON.stringify({ valid: true, file, kind: "TenantBaseline", model, placeholders }, null, 2)}\n`);
      return EXIT.ok;
    }
    const style = makeStyle(io.isTTY);
    const shown = neutralise(model);
    io.stdout(
      `${style.green("valid")}: ${plain(file)}: tenant baseline ${shown.metadata.name} (${shown.metadata.displayName}) of tenant ${shown.metadata.tenantId}\n\n`,
    );
    io.stdout(`${baselineSummaryLines(shown).join("\n")}\n`);
    io.stdout(`${placeholderLine(shown)}\n`);
    return EXIT.ok;
  }
  const { model } = loaded;
  if (format === "json") {
    io.stdout(`${JSON.stringify({ valid: true, file, model }, null, 2)}\n`);
    return EXIT.ok;
  }
  const style = makeStyle(io.isTTY);
  // Shown as text: control characters in the spec's strings become visible escapes (see render/safe-text.ts).
  const shown = neutralise(model);
  const stages = STAGES.filter((s) => shown.stages[s]);
  io.stdout(
    `${style.green("valid")}: ${plain(file)}: ${shown.metadata.name} (${shown.metadata.displayName}), problem revision ${shown.problem.revision}, stages ${stages.join(", ")}\n\n`,
  );
  io.stdout(`${renderTable(stageSummaryRows(shown))}\n`);
  for (const [stage, reason] of Object.entries(shown.omittedStages)) {
    io.stdout(`${stage} is left out: ${reason}\n`);
  }
  io.stdout(`${model.overrides.length} value(s) differ from the stage profiles' defaults.\n`);
  return EXIT.ok;
}
