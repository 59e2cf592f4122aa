/**
 * The root Pulumi program (`Pulumi.yaml` → `main: program/index.ts`). A stack deploys one of two things, chosen by
 * its config: one stage of a workload spec (`govai-workload:workload`, `govai-workload:stage`), or a tenant's
 * baseline (`govai-workload:baseline`, no stage). Node ≥ 22.18 runs this file directly (type stripping);
 * `Pulumi.yaml` sets `typescript: false` so the Pulumi runtime does not look for ts-node.
 *
 * The default export is what Pulumi awaits; its result becomes the stack outputs.
 */
import { deployBaseline } from "./baseline-program.ts";
import { readStackConfig } from "./config.ts";
import { deployStage } from "./workload-program.ts";

export default async function main() {
  const stack = readStackConfig();
  return stack.kind === "TenantBaseline" ? deployBaseline(stack.config) : deployStage(stack.config);
}
