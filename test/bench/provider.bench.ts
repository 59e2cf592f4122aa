/**
 * Provider plugin benchmark: how quickly `pulumi-resource-govai` is ready (spawn to port line, what the engine waits
 * for on every `pulumi` command) and what the RPCs that need no Power Platform call cost. Prints a table.
 * Run: `npm run bench -- provider`.
 */
import { environmentInputs } from "../provider/fixtures.ts";
import { launch, urnOf } from "../provider/harness.ts";

const LAUNCHES = 7;
const CHECKS = 200;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const startup: number[] = [];
const firstCheck: number[] = [];
for (let i = 0; i < LAUNCHES; i++) {
  const plugin = await launch({});
  startup.push(plugin.startupMs);
  const t = performance.now();
  await plugin.check(urnOf("Environment", "b"), environmentInputs);
  firstCheck.push(performance.now() - t);
  plugin.stop();
}

const plugin = await launch({});
await plugin.pluginInfo();
let t = performance.now();
for (let i = 0; i < CHECKS; i++) await plugin.check(urnOf("Environment", "b"), environmentInputs);
const check = (performance.now() - t) / CHECKS;
const state = { ...environmentInputs, environmentId: "x" };
t = performance.now();
for (let i = 0; i < CHECKS; i++) await plugin.diff(urnOf("Environment", "b"), "x", state, environmentInputs);
const diff = (performance.now() - t) / CHECKS;
t = performance.now();
await plugin.schema();
const schema = performance.now() - t;
plugin.stop();

console.table([
  { measure: `spawn to port line (median of ${LAUNCHES})`, ms: Math.round(median(startup)) },
  { measure: "first Check after start (loads zod)", ms: Math.round(median(firstCheck)) },
  { measure: `Check, sequential (mean of ${CHECKS})`, ms: Number(check.toFixed(2)) },
  { measure: `Diff, sequential (mean of ${CHECKS})`, ms: Number(diff.toFixed(2)) },
  { measure: "GetSchema", ms: Number(schema.toFixed(1)) },
]);
