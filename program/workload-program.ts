/**
 * The body of the root program: load the spec, resolve it, load the gate's evidence, and materialise one stage with
 * `GovernedAiWorkload`. A mistake in the spec, the config or the gate ends the run with the full list of problems
 * and no stack trace (`pulumi.RunError`).
 */
import { ComponentArgsError, type GovernanceSummary, GovernedAiWorkload } from "@govai/components";
import { assertGate, GateFailedError, loadEvidence } from "@govai/gate";
import { loadSpecFile } from "@govai/spec";
import * as pulumi from "@pulumi/pulumi";
import type { ProgramConfig } from "./config.ts";

/** The stack outputs of one stage. */
export interface StageOutputs {
  stage: string;
  environmentId: pulumi.Output<string>;
  environmentUrl: pulumi.Output<string>;
  dataPolicyId: pulumi.Output<string>;
  deploymentClientId: pulumi.Output<string>;
  runtimeClientIds: pulumi.Output<Record<string, string>>;
  resourceGroupName: pulumi.Output<string>;
  workspaceResourceId: pulumi.Output<string>;
  /** A Pulumi secret. */
  appInsightsConnectionString: pulumi.Output<string | undefined>;
  governance: GovernanceSummary;
}

/** A spec that does not load, as one clean `RunError` listing every problem at its position. */
export function specProblems(
  what: string,
  errors: readonly { file: string; line: number; column: number; path: string; message: string }[],
): pulumi.RunError {
  const lines = errors.map((e) => `  ${e.file}:${e.line}:${e.column} ${e.path ? `${e.path}: ` : ""}${e.message}`);
  return new pulumi.RunError(`The ${what} has ${errors.length} problem(s):\n${lines.join("\n")}`);
}

/** Runs one stage of the workload in `config.workload`. */
export async function deployStage(config: ProgramConfig): Promise<StageOutputs> {
  const loaded = await loadSpecFile(config.workload);
  if (!loaded.ok) throw specProblems("workload spec", loaded.errors);
  if (loaded.kind !== "Workload") {
    throw new pulumi.RunError(
      `${config.workload} is a tenant baseline (kind: TenantBaseline), not a workload spec: a baseline stack names it with govai-workload:baseline and sets no govai-workload:stage`,
    );
  }
  const model = loaded.model;
  // The spec's telemetry.bindAgent decides the binding; a stack whose copilotTelemetry is on binds too. Either way the
  // model says so before the gate runs, so the gate judges the binding this stack really makes.
  const stageModel = model.stages[config.stage];
  if (config.copilotTelemetry && stageModel) stageModel.telemetry.bindAgent = true;
  // Evidence files (load tests, evaluations, drills) sit next to the spec; the gate weighs them for prod.
  const evidence = await loadEvidence(model);
  let workload: GovernedAiWorkload;
  try {
    workload = new GovernedAiWorkload(model.metadata.name, {
      model,
      stages: [config.stage],
      subscriptionId: config.subscriptionId,
      copilotTelemetry: { enabled: stageModel?.telemetry.bindAgent ?? false },
      gate: {
        assertGate: (m, s) => {
          assertGate(m, s, evidence);
        },
      },
    });
  } catch (e) {
    // Argument and gate refusals are the user's to fix: show the message, not a stack trace. Anything else is a
    // defect and keeps its type and stack, so it can be reported.
    if (e instanceof ComponentArgsError || e instanceof GateFailedError) throw new pulumi.RunError(e.message);
    throw e;
  }
  const stage = workload.stages[config.stage]!;
  return {
    stage: config.stage,
    environmentId: stage.environmentId,
    environmentUrl: stage.environmentUrl,
    dataPolicyId: stage.dataPolicyId,
    deploymentClientId: stage.deploymentClientId,
    runtimeClientIds: stage.runtimeClientIds,
    resourceGroupName: stage.resourceGroupName,
    workspaceResourceId: stage.workspaceResourceId,
    appInsightsConnectionString: stage.appInsightsConnectionString,
    governance: stage.governance,
  };
}
