/**
 * Spec loading throughput: parse + validate + check + resolve of the example specs (the workloads and the tenant
 * baseline), resolve() alone, and the baseline gate over the resolved model.
 * Goal: loading a realistic spec stays well under 10 ms, so `govai portfolio` over hundreds of specs is instant.
 */
import { readFileSync } from "node:fs";
import { evaluateBaseline } from "@govai/gate";
import { loadBaselineText, loadWorkloadText, resolve, resolveBaseline } from "@govai/spec";

function measure(label: string, iterations: number, fn: () => void): void {
  for (let i = 0; i < Math.min(50, iterations); i++) fn(); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`${label.padEnd(44)} ${(ms / iterations).toFixed(3).padStart(8)} ms/op  (${iterations} ops)`);
}

for (const file of ["examples/minimal/workload.yaml", "examples/policy-lookup-agent/workload.yaml"]) {
  const text = readFileSync(file, "utf8");
  const loaded = loadWorkloadText(text, file);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const spec = loaded.spec;
  measure(`load ${file.split("/")[1]}`, 300, () => {
    loadWorkloadText(text, file);
  });
  measure(`resolve ${file.split("/")[1]}`, 1000, () => {
    resolve(spec, { file });
  });
  const broken = text.replace("prod:", "prod:\n    auditing: { retentionDays: ninety, readAudt: true }");
  measure(`load with errors ${file.split("/")[1]}`, 300, () => {
    loadWorkloadText(broken, file);
  });
}

{
  const file = "examples/tenant-baseline/tenant.yaml";
  const text = readFileSync(file, "utf8");
  const loaded = loadBaselineText(text, file);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const { spec, model } = loaded;
  measure("load tenant-baseline", 300, () => {
    loadBaselineText(text, file);
  });
  measure("resolve tenant-baseline", 1000, () => {
    resolveBaseline(spec, { file });
  });
  measure("gate tenant-baseline", 1000, () => {
    if (!evaluateBaseline(model).pass) throw new Error("the example baseline should pass its gate");
  });
}

// Hostile input. Positions come from one index per document and duplicate keys are found with one set per map, so
// the time grows linearly with the number of issues (20,000 unknown keys took 11 s and 200,000 would have taken
// half an hour when every issue searched its map again). Nesting is refused at 64 levels before any recursion.
const minimal = readFileSync("examples/minimal/workload.yaml", "utf8");
for (const n of [20_000, 200_000]) {
  const text = minimal.replace("agent: {}", `agent:\n${Array.from({ length: n }, (_, i) => `  k${i}: 1`).join("\n")}`);
  measure(`load with ${n.toLocaleString("en")} unknown keys`, 1, () => {
    const r = loadWorkloadText(text, "w.yaml");
    if (r.ok || r.errors.length !== n) throw new Error(`expected ${n} issues`);
  });
}
const deep = minimal.replace("agent: {}", `agent: ${"[".repeat(1700)}${"]".repeat(1700)}`);
measure("load with 1,700 nested lists", 50, () => {
  loadWorkloadText(deep, "w.yaml");
});
