/**
 * `npm run bench [-- name…]`: runs every `test/bench/*.bench.ts` (or the named ones) one after another, each in its
 * own Node process so one benchmark's heap and JIT state never colour another's. Benchmarks print their own tables;
 * ratios measured within one run are what to compare, since these machines are noisy.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

const dir = path.dirname(new URL(import.meta.url).pathname);
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
if (files.length === 0) {
  console.error(`bench: nothing matches ${wanted.join(", ")}`);
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  // "@govai/source": the workspace packages resolve to their TypeScript sources (to dist/ otherwise).
  const args = ["--conditions=@govai/source", "--disable-warning=ExperimentalWarning", path.join(dir, file)];
  const result = spawnSync(process.execPath, args, {
    stdio: "inherit",
  });
  if (result.status !== 0) {
    failed++;
    console.error(`bench: ${file} exited with ${result.status ?? result.signal}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
