/**
 * The root Pulumi program (`Pulumi.yaml` → `main: program/index.ts`): one workload spec, one stage, both chosen by
 * stack config (`govai-workload:workload`, `govai-workload:stage`). Node ≥ 22.18 runs this file directly (type
 * stripping); `Pulumi.yaml` sets `typescript: false` so the Pulumi runtime does not look for ts-node.
 *
 * The default export is what Pulumi awaits; its result becomes the stack outputs.
 */
import { readProgramConfig } from "./config.ts";
import { deployStage } from "./workload-program.ts";

export default async function main() {
  return deployStage(readProgramConfig());
}
