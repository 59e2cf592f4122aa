import { tenantBaselineJsonSchema, workloadJsonSchema } from "@govai/spec";
import { z } from "zod";
import { formatOption, parseCommandArgs, positionals } from "../args.ts";
import { CliError, EXIT } from "../errors.ts";
import type { Io } from "../io.ts";
import { writeOutputFile } from "../output-file.ts";
import { OUTPUT_SCHEMAS } from "../output-schemas.ts";

/**
 * `govai schema [--output workload|tenant-baseline|plan|gate|diff|portfolio] [--out FILE]`: the JSON Schema of
 * workload.yaml or of a tenant baseline (draft-07, for editors), or of one of govai's JSON outputs.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs("schema", argv, { out: { type: "string" }, output: { type: "string" } });
  positionals("schema", parsed, []);
  const which = formatOption(
    "schema",
    parsed.values.output,
    ["workload", "tenant-baseline", "plan", "gate", "diff", "portfolio"] as const,
    "workload",
    "output",
  );
  const schema =
    which === "workload"
      ? workloadJsonSchema()
      : which === "tenant-baseline"
        ? tenantBaselineJsonSchema()
        : z.toJSONSchema(OUTPUT_SCHEMAS[which as keyof typeof OUTPUT_SCHEMAS], {
            target: "draft-07",
            unrepresentable: "any",
          });
  const text = `${JSON.stringify(schema, null, 2)}\n`;
  const out = parsed.values.out;
  if (out === "") throw new CliError("schema: --out needs a file name");
  if (typeof out === "string") {
    await writeOutputFile("schema", out, io.cwd, text);
    io.stdout(`schema written to ${out}\n`);
  } else {
    io.stdout(text);
  }
  return EXIT.ok;
}
