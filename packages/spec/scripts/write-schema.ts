/**
 * Regenerate packages/spec/schema/workload.schema.json and tenant-baseline.schema.json from the zod schemas.
 * Run: `npx node packages/spec/scripts/write-schema.ts` (Node 24; add `--check` to only compare).
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { tenantBaselineJsonSchemaText, workloadJsonSchemaText } from "../src/json-schema.ts";

const files: Array<[string, string]> = [
  [fileURLToPath(new URL("../schema/workload.schema.json", import.meta.url)), workloadJsonSchemaText()],
  [fileURLToPath(new URL("../schema/tenant-baseline.schema.json", import.meta.url)), tenantBaselineJsonSchemaText()],
];
let stale = false;
for (const [target, text] of files) {
  if (process.argv.includes("--check")) {
    const current = await readFile(target, "utf8").catch(() => "");
    if (current !== text) {
      console.error(`${target} is out of date; run: npx node packages/spec/scripts/write-schema.ts`);
      stale = true;
    } else console.log(`${target} is up to date`);
  } else {
    await writeFile(target, text);
    console.log(`wrote ${target}`);
  }
}
if (stale) process.exit(1);
