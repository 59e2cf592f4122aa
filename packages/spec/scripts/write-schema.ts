/**
 * Regenerate packages/spec/schema/workload.schema.json from the zod schema.
 * Run: `npx node packages/spec/scripts/write-schema.ts` (Node 24; add `--check` to only compare).
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { workloadJsonSchemaText } from "../src/json-schema.ts";

const target = fileURLToPath(new URL("../schema/workload.schema.json", import.meta.url));
const text = workloadJsonSchemaText();
if (process.argv.includes("--check")) {
  const current = await readFile(target, "utf8").catch(() => "");
  if (current !== text) {
    console.error(`${target} is out of date; run: npx node packages/spec/scripts/write-schema.ts`);
    process.exit(1);
  }
  console.log(`${target} is up to date`);
} else {
  await writeFile(target, text);
  console.log(`wrote ${target}`);
}
