import { evaluate, evaluateBaseline, loadEvidence } from "@govai/gate";
import { STAGES, type StageName } from "@govai/spec";
import { asOfOption, formatOption, parseCommandArgs, positionals } from "../args.ts";
import { CliError, EXIT } from "../errors.ts";
import type { Io } from "../io.ts";
import { loadSpec } from "../load.ts";
import { baselineVerdictMarkdown, baselineVerdictText } from "../render/baseline.ts";
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

/**
 * `govai gate <workload.yaml> --stage S`: exit 0 only when the gate passes for the stage (default prod).
 * `govai gate <tenant.yaml>`: the tenant baseline's checks (a baseline has no stages: `--stage` is refused); exit 0
 * only when none fails. A baseline also has `--format markdown`.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs("gate", argv, {
    stage: { type: "string" },
    format: { type: "string" },
    "as-of": { type: "string" },
  });
  const [file] = positionals("gate", parsed, ["workload.yaml"]) as [string];
  const loaded = await loadSpec(file, io.cwd);
  if (loaded.kind === "TenantBaseline") {
    const format = formatOption("gate", parsed.values.format, ["text", "markdown", "json"] as const, "text");
    if (parsed.values.stage !== undefined) {
      throw new CliError(
        `gate: ${file} is a tenant baseline, which has no stages; drop --stage (it applies to workload specs)`,
      );
    }
    const now = asOfOption("gate", parsed.values["as-of"]);
    const verdict = evaluateBaseline(loaded.model, now ? { now } : {});
    io.stdout(
      format === "json"
        ? `${JSON.stringify(verdict, null, 2)}\n`
        : format === "markdown"
          ? baselineVerdictMarkdown(verdict)
          : baselineVerdictText(verdict, makeStyle(io.isTTY)),
    );
    return verdict.pass ? EXIT.ok : EXIT.failed;
  }
  const format = formatOption("gate", parsed.values.format, ["text", "json"] as const, "text");
  const { model } = loaded;
  const present = STAGES.filter((s) => model.stages[s]);
  const stage = stageOption("gate", parsed.values.stage, present) ?? "prod";
  const now = asOfOption("gate", parsed.values["as-of"]);
  const verdict = evaluate(model, stage, await loadEvidence(model), now ? { now } : {});
  if (format === "json") io.stdout(`${JSON.stringify(verdict, null, 2)}\n`);
  else io.stdout(verdictText(verdict, makeStyle(io.isTTY)));
  return verdict.pass ? EXIT.ok : EXIT.failed;
}
