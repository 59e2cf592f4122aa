import { evaluate, loadEvidence } from "@govai/gate";
import { STAGES, type StageName } from "@govai/spec";
import { asOfOption, formatOption, parseCommandArgs, positionals } from "../args.ts";
import { CliError, EXIT } from "../errors.ts";
import type { Io } from "../io.ts";
import { loadWorkload } from "../load.ts";
import { verdictText } from "../render/verdict.ts";
import { makeStyle } from "../style.ts";

/** Validates a `--stage` value against the stages the workload has. Unknown or absent stages are usage errors. */
export function stageOption(command: string, value: unknown, present: StageName[]): StageName | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !(STAGES as readonly string[]).includes(value)) {
    throw new CliError(`${command}: unknown stage '${String(value)}'; expected one of ${STAGES.join(", ")}`);
  }
  if (!present.includes(value as StageName)) {
    throw new CliError(`${command}: the workload has no ${value} stage (it has ${present.join(", ")})`);
  }
  return value as StageName;
}

/** `govai gate <workload.yaml> --stage S`: exit 0 only when the gate passes for the stage (default prod). */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs("gate", argv, {
    stage: { type: "string" },
    format: { type: "string" },
    "as-of": { type: "string" },
  });
  const [file] = positionals("gate", parsed, ["workload.yaml"]) as [string];
  const format = formatOption("gate", parsed.values.format, ["text", "json"] as const, "text");
  const { model } = await loadWorkload(file, io.cwd);
  const present = STAGES.filter((s) => model.stages[s]);
  const stage = stageOption("gate", parsed.values.stage, present) ?? "prod";
  const now = asOfOption("gate", parsed.values["as-of"]);
  const verdict = evaluate(model, stage, await loadEvidence(model), now ? { now } : {});
  if (format === "json") io.stdout(`${JSON.stringify(verdict, null, 2)}\n`);
  else io.stdout(verdictText(verdict, makeStyle(io.isTTY)));
  return verdict.pass ? EXIT.ok : EXIT.failed;
}
