import { STAGES } from "@govai/spec";
import { formatOption, parseCommandArgs, positionals } from "../args.ts";
import { EXIT } from "../errors.ts";
import type { Io } from "../io.ts";
import { loadWorkload } from "../load.ts";
import { neutralise, plain } from "../render/safe-text.ts";
import { stageSummaryRows } from "../render/summary.ts";
import { renderTable } from "../render/table.ts";
import { makeStyle } from "../style.ts";

/** `govai validate <workload.yaml>`: exit 0 and the resolved stages when valid; exit 1 with every error otherwise. */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs("validate", argv, { format: { type: "string" } });
  const [file] = positionals("validate", parsed, ["workload.yaml"]) as [string];
  const format = formatOption("validate", parsed.values.format, ["text", "json"] as const, "text");
  const { model } = await loadWorkload(file, io.cwd);
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
