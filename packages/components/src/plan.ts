import { TenantSettings } from "@govai/powerplatform/resources";
import { STAGES, type StageName, type TenantBaselineModel, type WorkloadModel } from "@govai/spec";
import { environmentGroupNote } from "./governance-summary.ts";
import { GovernedAiWorkload } from "./governed-ai-workload.ts";
import { KNOWN_AFTER_APPLY, type RecordedResource, runUnderMocks, SECRET } from "./mock-runtime.ts";
import { TenantBaseline, type TenantBaselineArgs } from "./tenant-baseline.ts";
import type { StageOptions } from "./workload-stage.ts";

export { KNOWN_AFTER_APPLY, SECRET };

/** One resource an offline plan says would be created. */
export interface PlannedResource {
  /** The URN it would get (mock URNs carry only the immediate parent type). */
  urn: string;
  /** Type token, e.g. `azure-native:resources:ResourceGroup`, `govai:powerplatform:Environment`. */
  type: string;
  /** Logical name. */
  name: string;
  /** Parent URN; undefined for the top-level component. */
  parent: string | undefined;
  /** Inputs as plain JSON; unknowns read {@link KNOWN_AFTER_APPLY}, secrets {@link SECRET}. */
  inputs: Record<string, unknown>;
  /** Whether Pulumi `protect` is set. */
  protect: boolean;
}

/** An offline plan: what `pulumi up` would create from scratch (no diff against state, no provider defaults). */
export interface Plan {
  /** Sorted by URN. */
  resources: PlannedResource[];
  /**
   * What the resources alone do not say, one sentence each: a stage whose environment joins an environment group
   * (its rules, not a ManagedEnvironment of the stage, govern it), a stage linked to a billing policy, a baseline rule
   * the provider cannot write. `[]` when there is nothing to add.
   */
  notes: string[];
}

/** Options of {@link collectPlan}: the component's own options plus the logical name. */
export interface CollectPlanOptions extends StageOptions {
  /** Logical name of the `GovernedAiWorkload`. Default: `model.metadata.name`. */
  name?: string;
}

/**
 * Runs `GovernedAiWorkload` for `stages` under the Pulumi mock runtime in preview mode and returns what it would
 * register. Pure data out; no cloud, no CLI, no state. Each call runs in its own runtime state, so it may be called
 * many times in one process (one per workload) and concurrently.
 *
 * Throws the component's own errors: {@link ComponentArgsError} for bad input, the gate's error for a failing prod.
 */
export async function collectPlan(
  model: WorkloadModel,
  stages: StageName[],
  options: CollectPlanOptions = {},
): Promise<Plan> {
  const { name = model.metadata.name, ...rest } = options;
  const { resources } = await runUnderMocks(() => {
    new GovernedAiWorkload(name, { ...rest, model, stages });
  });
  const notes: string[] = [];
  for (const s of STAGES.filter((st) => stages.includes(st))) {
    const stage = model.stages[s]!;
    const group = stage.environment.environmentGroupId;
    if (group !== undefined) notes.push(`${s}: ${environmentGroupNote(group).note}`);
    if (stage.billingPolicyId !== undefined) {
      notes.push(
        `${s}: the environment is linked to billing policy ${stage.billingPolicyId} (pay-as-you-go: its Copilot Studio consumption is billed to that policy's Azure subscription)`,
      );
    }
  }
  return { resources: planned(resources), notes };
}

/** Options of {@link collectBaselinePlan}: the component's own options plus the logical name. */
export interface CollectBaselinePlanOptions extends Omit<TenantBaselineArgs, "model"> {
  /** Logical name of the `TenantBaseline`. Default: `model.metadata.name`. */
  name?: string;
}

/**
 * {@link collectPlan} for a tenant baseline: runs `TenantBaseline` under the Pulumi mock runtime in preview mode and
 * returns what it would register, in the same shape. Its notes say what the resources alone do not: which resources
 * are protected, and what destroying the tenant settings does.
 *
 * Throws {@link ComponentArgsError} for a model that is not a valid `TenantBaselineModel`.
 */
export async function collectBaselinePlan(
  model: TenantBaselineModel,
  options: CollectBaselinePlanOptions = {},
): Promise<Plan> {
  const { name = model.metadata.name, ...rest } = options;
  const { resources } = await runUnderMocks(() => {
    new TenantBaseline(name, { ...rest, model });
  });
  const settings = resources.find((r) => r.type === TenantSettings.__pulumiType);
  const notes: string[] = [];
  const guarded = resources.filter((r) => r.protect).map((r) => r.name);
  if (guarded.length > 0) {
    notes.push(`protected (pulumi destroy refuses until protect is turned off): ${guarded.join(", ")}`);
  }
  if (settings !== undefined) {
    notes.push(
      model.settings.deleteBehavior === "restore"
        ? `${settings.name}: destroying it writes back the tenant settings' values found before its first write (deleteBehavior restore)`
        : `${settings.name}: destroying it leaves the tenant settings as the baseline set them (deleteBehavior retain)`,
    );
  }
  return { resources: planned(resources), notes };
}

/** The recorded registrations as plan rows. */
export function planned(resources: readonly RecordedResource[]): PlannedResource[] {
  return resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent,
    inputs: r.inputs,
    protect: r.protect,
  }));
}
