import type { StageName, WorkloadModel } from "@govai/spec";
import * as pulumi from "@pulumi/pulumi";
import { validateWorkloadArgs } from "./args.ts";
import { defaultGate, GATED_STAGES, type Gate } from "./gate.ts";
import type { GovernanceSummary } from "./governance-summary.ts";
import { childName } from "./names.ts";
import { type StageOptions, WorkloadStage } from "./workload-stage.ts";

const ALREADY_GATED: Gate = { assertGate: () => undefined };

/** Inputs of {@link GovernedAiWorkload}. */
export interface GovernedAiWorkloadArgs extends StageOptions {
  /**
   * The resolved workload: `resolve(loadWorkloadFile("workload.yaml"))` of `@govai/spec`. Read once, at construction;
   * the component never reads files, config or the environment.
   */
  model: WorkloadModel;
  /**
   * Stages to materialise. Default: every stage present in the model. One stack per stage is the recommended layout
   * (`stages: ["prod"]` in the prod stack), so promotion to prod is its own reviewed `pulumi up`. Removing a stage from
   * the list deletes its resources (subject to protection).
   */
  stages?: StageName[];
}

/**
 * A governed AI workload: one {@link WorkloadStage} per requested stage, each with its Power Platform environment and
 * governance, Entra identities, telemetry, alerts and cost guardrail.
 *
 * Before anything is registered (not even this component) the constructor validates the arguments and runs the
 * production-readiness gate for prod; either failure throws with the full list of problems.
 *
 * Children: `<name>-<stage>` (`govai:workload:WorkloadStage`) per stage.
 *
 * ```ts
 * const model = resolve(loadWorkloadFile("workload.yaml"));
 * const workload = new GovernedAiWorkload("policy-lookup", { model, stages: ["dev"] });
 * export const environmentUrls = workload.environmentUrls;
 * ```
 */
export class GovernedAiWorkload extends pulumi.ComponentResource {
  /** The stage components, keyed by stage name. */
  declare readonly stages: Partial<Record<StageName, WorkloadStage>>;
  /** Power Platform environment ids per stage. */
  declare readonly environmentIds: pulumi.Output<Partial<Record<StageName, string>>>;
  /** Dataverse URLs per stage. */
  declare readonly environmentUrls: pulumi.Output<Partial<Record<StageName, string>>>;
  /** Deployment application client ids per stage. */
  declare readonly deploymentClientIds: pulumi.Output<Partial<Record<StageName, string>>>;
  /** Runtime identity client ids per stage, keyed like `identities.runtime`. */
  declare readonly runtimeClientIds: pulumi.Output<Partial<Record<StageName, Record<string, string>>>>;
  /** App Insights connection strings per stage (a Pulumi secret). */
  declare readonly appInsightsConnectionStrings: pulumi.Output<Partial<Record<StageName, string | undefined>>>;
  /** The governance summary of each stage, as plain data. */
  declare readonly governance: Partial<Record<StageName, GovernanceSummary>>;

  constructor(name: string, args: GovernedAiWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
    const stageNames = validateWorkloadArgs(`govai:workload:GovernedAiWorkload "${name}"`, args);
    for (const s of stageNames) {
      if (GATED_STAGES.includes(s)) (args.gate ?? defaultGate).assertGate(args.model, s);
    }
    super("govai:workload:GovernedAiWorkload", name, {}, opts);

    const stages: Partial<Record<StageName, WorkloadStage>> = {};
    for (const s of stageNames) {
      stages[s] = new WorkloadStage(
        childName(name, s),
        {
          model: args.model,
          stage: s,
          subscriptionId: args.subscriptionId,
          budgetStartDate: args.budgetStartDate,
          copilotTelemetry: args.copilotTelemetry,
          // Gated above, for every stage, before anything was registered: ask the gate once, not twice.
          gate: ALREADY_GATED,
        },
        { parent: this },
      );
    }
    const per = <T>(pick: (w: WorkloadStage) => pulumi.Output<T>) =>
      pulumi.output(Object.fromEntries(stageNames.map((s) => [s, pick(stages[s]!)]))) as pulumi.Output<
        Partial<Record<StageName, T>>
      >;

    this.stages = stages;
    this.environmentIds = per((w) => w.environmentId);
    this.environmentUrls = per((w) => w.environmentUrl);
    this.deploymentClientIds = per((w) => w.deploymentClientId);
    this.runtimeClientIds = per((w) => w.runtimeClientIds);
    this.appInsightsConnectionStrings = pulumi.secret(per((w) => w.appInsightsConnectionString));
    this.governance = Object.fromEntries(stageNames.map((s) => [s, stages[s]!.governance]));
    this.registerOutputs({
      environmentIds: this.environmentIds,
      environmentUrls: this.environmentUrls,
      deploymentClientIds: this.deploymentClientIds,
      runtimeClientIds: this.runtimeClientIds,
      appInsightsConnectionStrings: this.appInsightsConnectionStrings,
      governance: this.governance,
    });
  }
}
