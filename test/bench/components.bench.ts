/**
 * Component overhead under the mock runtime: the policy-lookup example (all three stages) through
 * `GovernedAiWorkload`, against a bare program that registers the same custom resources directly with the same
 * classes and the same (recorded) inputs, no components, no validation, no gate. Prints medians and our overhead as
 * a ratio. Runs alternate so machine noise hits both sides alike.
 *
 *   npm run bench -- components
 */
import { performance } from "node:perf_hooks";
import { GovernedAiWorkload, type RecordedResource, runUnderMocks } from "@govai/components";
import * as pp from "@govai/powerplatform/resources";
import { loadWorkloadFile } from "@govai/spec";
import * as applicationinsights from "@pulumi/azure-native/applicationinsights/index.js";
import * as consumption from "@pulumi/azure-native/consumption/index.js";
import * as monitor from "@pulumi/azure-native/monitor/index.js";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights/index.js";
import * as resources from "@pulumi/azure-native/resources/index.js";
import * as azuread from "@pulumi/azuread";
import type * as pulumi from "@pulumi/pulumi";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

// biome-ignore lint/suspicious/noExplicitAny: a table of constructors with different argument types
type Ctor = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;
const CLASSES: Record<string, Ctor> = {
  "azure-native:resources:ResourceGroup": resources.ResourceGroup,
  "azure-native:operationalinsights:Workspace": operationalinsights.Workspace,
  "azure-native:applicationinsights:Component": applicationinsights.Component,
  "azure-native:monitor:ActionGroup": monitor.ActionGroup,
  "azure-native:monitor:ScheduledQueryRule": monitor.ScheduledQueryRule,
  "azure-native:consumption:Budget": consumption.Budget,
  "azuread:index/application:Application": azuread.Application,
  "azuread:index/servicePrincipal:ServicePrincipal": azuread.ServicePrincipal,
  "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential":
    azuread.ApplicationFederatedIdentityCredential,
  "azuread:index/applicationPassword:ApplicationPassword": azuread.ApplicationPassword,
  "azuread:index/group:Group": azuread.Group,
  "govai:powerplatform:Environment": pp.Environment,
  "govai:powerplatform:ManagedEnvironment": pp.ManagedEnvironment,
  "govai:powerplatform:DataPolicy": pp.DataPolicy,
  "govai:powerplatform:EnvironmentSettings": pp.EnvironmentSettings,
  "govai:powerplatform:ApplicationUser": pp.ApplicationUser,
  "govai:powerplatform:CopilotTelemetry": pp.CopilotTelemetry,
};

const loaded = await loadWorkloadFile(
  new URL("../../examples/policy-lookup-agent/workload.yaml", import.meta.url).pathname,
);
if (!loaded.ok) throw new Error(`example spec does not load: ${JSON.stringify(loaded.errors)}`);
const model = loaded.model;
const args = {
  model,
  budgetStartDate: "2026-11-01",
  copilotTelemetry: { enabled: true },
  gate: { assertGate() {} }, // the example's prod is refused by design; measure the full tree
};

const ours = () =>
  runUnderMocks(() => {
    new GovernedAiWorkload(model.metadata.name, args);
  });

// The same custom resources, registered flat with their recorded inputs.
const recorded: RecordedResource[] = (await ours()).resources.filter((r) => r.custom);
const bare = () =>
  runUnderMocks(() => {
    for (const r of recorded) {
      const Class = CLASSES[r.type];
      if (!Class) throw new Error(`no class for ${r.type}`);
      new Class(r.name, r.inputs, { protect: r.protect, retainOnDelete: r.retainOnDelete });
    }
  });

async function time(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

await ours();
await bare(); // warm both paths once
const t = { ours: [] as number[], bare: [] as number[] };
for (let i = 0; i < ROUNDS; i++) {
  t.ours.push(await time(ours));
  t.bare.push(await time(bare));
}
const all = (await ours()).resources.length;
const [mo, mb] = [median(t.ours), median(t.bare)];
console.log(`resources: ${recorded.length} custom + ${all - recorded.length} components, ${ROUNDS} rounds`);
console.log(
  `GovernedAiWorkload (3 stages)  median ${mo.toFixed(0)} ms  (${((all / mo) * 1000).toFixed(0)} registrations/s)`,
);
console.log(
  `bare registrations             median ${mb.toFixed(0)} ms  (${((recorded.length / mb) * 1000).toFixed(0)} registrations/s)`,
);
console.log(`overhead ratio                 ${(mo / mb).toFixed(2)}x`);
