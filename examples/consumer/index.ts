/**
 * A pilot team's Pulumi program on the installed govai packages: the stack's config names the workload spec and the
 * stage (`govai-workload:workload`, `govai-workload:stage`, as `govai init` writes them), and the program deploys that
 * one stage. A mistake in the spec or a refusal by the production-readiness gate ends the run with the list of
 * problems and no stack trace.
 */
import { ComponentArgsError, GovernedAiWorkload } from "@govai/components";
import { assertGate, GateFailedError, loadEvidence } from "@govai/gate";
import { loadWorkloadFile, STAGES, type StageName } from "@govai/spec";
import * as pulumi from "@pulumi/pulumi";

export default async function main() {
  const config = new pulumi.Config("govai-workload");
  const stage = config.require("stage") as StageName;
  if (!STAGES.includes(stage)) throw new pulumi.RunError(`govai-workload:stage must be one of ${STAGES.join(", ")}`);
  const loaded = await loadWorkloadFile(config.require("workload"));
  if (!loaded.ok) {
    const lines = loaded.errors.map((e) => `  ${e.file}:${e.line}:${e.column} ${e.path}: ${e.message}`);
    throw new pulumi.RunError(`The workload spec has ${loaded.errors.length} problem(s):\n${lines.join("\n")}`);
  }
  // Evidence files (load tests, evaluations, restore drills) sit next to the spec; the gate weighs them for prod.
  const evidence = await loadEvidence(loaded.model);
  try {
    const workload = new GovernedAiWorkload(loaded.model.metadata.name, {
      model: loaded.model,
      stages: [stage],
      gate: { assertGate: (model, s) => void assertGate(model, s, evidence) },
    });
    const deployed = workload.stages[stage]!;
    return {
      environmentUrl: deployed.environmentUrl,
      deploymentClientId: deployed.deploymentClientId,
      governance: deployed.governance,
    };
  } catch (e) {
    if (e instanceof ComponentArgsError || e instanceof GateFailedError) throw new pulumi.RunError(e.message);
    throw e;
  }
}
