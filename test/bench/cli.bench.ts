/**
 * govai benchmark: how `govai plan` scales with the number of workloads, and the command's start-up time.
 * Not a test: it prints numbers. Compare ratios within one run; absolute times depend on the machine's load.
 *
 * - plan: the policy-lookup example under N different names (1, 10, 100), planned one after another in one
 *   process (all three stages each, components under the mock runtime), as a portfolio-wide plan would.
 * - start-up: `govai --version` (shim + Node + CLI entry, no command loaded) and `govai validate` on the example,
 *   spawned as a user runs them, median of repeated runs; then validate, gate and plan on the tenant baseline.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { loadWorkloadText, STAGES } from "@govai/spec";
import { buildPlan } from "../../packages/cli/src/commands/plan.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const EXAMPLE = path.join(ROOT, "examples/policy-lookup-agent/workload.yaml");
const text = readFileSync(EXAMPLE, "utf8");

function modelNamed(name: string) {
  const loaded = loadWorkloadText(text.replace("  name: policy-lookup", `  name: ${name}`), EXAMPLE);
  if (!loaded.ok) throw new Error(`example did not load as ${name}`);
  return loaded.model;
}

async function planMany(count: number): Promise<{ ms: number; resources: number }> {
  const models = Array.from({ length: count }, (_, i) => modelNamed(`pilot-${String(i).padStart(3, "0")}`));
  const start = performance.now();
  let resources = 0;
  for (const model of models) {
    const report = await buildPlan(
      model,
      EXAMPLE,
      STAGES.filter((s) => model.stages[s]),
    );
    resources += report.stages.reduce((n, s) => n + s.resources.length, 0);
  }
  return { ms: performance.now() - start, resources };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function timeCommand(args: string[], runs: number): number {
  const govai = path.join(ROOT, "node_modules/.bin/govai");
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = spawnSync(govai, args, { cwd: ROOT, stdio: "ignore" });
    times.push(performance.now() - start);
    if (result.status !== 0) throw new Error(`govai ${args.join(" ")} exited ${result.status}`);
  }
  return median(times);
}

await planMany(1); // warm-up: module loading and JIT are not what we measure
const rows: Array<[number, number, number]> = [];
for (const count of [1, 10, 100]) {
  const { ms, resources } = await planMany(count);
  rows.push([count, ms, resources]);
}
const perOne = (rows[0]?.[1] ?? 0) / 1;
console.log("govai plan, all stages, workloads planned one after another in one process");
console.log("workloads  resources  total ms  ms/workload  scaling vs 1 (1.00 = linear)");
for (const [count, ms, resources] of rows) {
  console.log(
    `${String(count).padStart(9)}  ${String(resources).padStart(9)}  ${ms.toFixed(0).padStart(8)}  ${(ms / count).toFixed(1).padStart(11)}  ${(ms / count / perOne).toFixed(2).padStart(8)}`,
  );
}
const version = timeCommand(["--version"], 7);
const validate = timeCommand(["validate", "examples/policy-lookup-agent/workload.yaml"], 5);
const plan = timeCommand(["plan", "examples/policy-lookup-agent/workload.yaml"], 3);
console.log("\ngovai start-up (spawned as a user runs it, median)");
console.log(`govai --version   ${version.toFixed(0)} ms`);
console.log(`govai validate    ${validate.toFixed(0)} ms  (${(validate / version).toFixed(1)}x --version)`);
console.log(`govai plan        ${plan.toFixed(0)} ms  (${(plan / version).toFixed(1)}x --version)`);
const baseline = "examples/tenant-baseline/tenant.yaml";
const baselineValidate = timeCommand(["validate", baseline], 5);
const baselineGate = timeCommand(["gate", baseline], 5);
const baselinePlan = timeCommand(["plan", baseline], 3);
console.log("\ngovai on the tenant baseline (spawned, median)");
console.log(
  `govai validate    ${baselineValidate.toFixed(0)} ms  (${(baselineValidate / version).toFixed(1)}x --version)`,
);
console.log(`govai gate        ${baselineGate.toFixed(0)} ms  (${(baselineGate / version).toFixed(1)}x --version)`);
console.log(`govai plan        ${baselinePlan.toFixed(0)} ms  (${(baselinePlan / version).toFixed(1)}x --version)`);
