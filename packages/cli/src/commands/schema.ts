import { writeFile } from "node:fs/promises";
import path from "node:path";
import { workloadJsonSchema } from "@govai/spec";
import { parseCommandArgs, positionals } from "../args.ts";
import { CliError, EXIT } from "../errors.ts";
import type { Io } from "../io.ts";

/** `govai schema [--out FILE]`: the JSON Schema of workload.yaml (draft-07), for editors and other tools. */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs("schema", argv, { out: { type: "string" } });
  positionals("schema", parsed, []);
  const text = `${JSON.stringify(workloadJsonSchema(), null, 2)}\n`;
  const out = parsed.values.out;
  if (out === "") throw new CliError("schema: --out needs a file name");
  if (typeof out === "string") {
    await writeFile(path.resolve(io.cwd, out), text);
    io.stdout(`schema written to ${out}\n`);
  } else {
    io.stdout(text);
  }
  return EXIT.ok;
}
