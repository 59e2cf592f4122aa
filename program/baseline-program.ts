/**
 * The body of a tenant-baseline stack: load the baseline (`tenant.yaml`), resolve it, and materialise it with
 * `TenantBaseline`. One baseline stack per tenant; workloads consume its outputs (environment group and billing
 * policy ids) through stack references or by pasting the ids into their spec. A mistake in the baseline or the config
 * ends the run with the full list of problems and no stack trace (`pulumi.RunError`).
 */
import { ComponentArgsError, TenantBaseline } from "@govai/components";
import { loadSpecFile } from "@govai/spec";
import * as pulumi from "@pulumi/pulumi";
import type { BaselineProgramConfig } from "./config.ts";
import { specProblems } from "./workload-program.ts";

/** The stack outputs of a tenant baseline. */
export interface BaselineOutputs {
  /** The baseline's name (`metadata.name`). */
  baseline: string;
  /** Environment group ids by the baseline's group names: a workload stage's `environment.environmentGroupId`. */
  environmentGroupIds: pulumi.Output<Record<string, string>>;
  /** Billing policy ids by the baseline's policy names: a workload stage's `billingPolicyId`. */
  billingPolicyIds: pulumi.Output<Record<string, string>>;
  /** The DLP policies' names: `tenantWide`, and `defaultEnvironment` when declared. */
  dataPolicyIds: pulumi.Output<{ tenantWide: string; defaultEnvironment?: string }>;
  /** The tenant the baseline governs. */
  tenantId: pulumi.Output<string>;
}

/** Deploys the tenant baseline in `config.baseline`. */
export async function deployBaseline(config: BaselineProgramConfig): Promise<BaselineOutputs> {
  const loaded = await loadSpecFile(config.baseline);
  if (!loaded.ok) throw specProblems("tenant baseline", loaded.errors);
  if (loaded.kind !== "TenantBaseline") {
    throw new pulumi.RunError(
      `${config.baseline} is a workload spec (kind: Workload), not a tenant baseline: a workload stack names it with govai-workload:workload and a govai-workload:stage, and sets no govai-workload:baseline`,
    );
  }
  const model = loaded.model;
  let baseline: TenantBaseline;
  try {
    baseline = new TenantBaseline(model.metadata.name, { model });
  } catch (e) {
    // The user's to fix: the message, not a stack trace. Anything else is a defect and keeps its type and stack.
    if (e instanceof ComponentArgsError) throw new pulumi.RunError(e.message);
    throw e;
  }
  return {
    baseline: model.metadata.name,
    environmentGroupIds: baseline.environmentGroupIds,
    billingPolicyIds: baseline.billingPolicyIds,
    dataPolicyIds: baseline.dataPolicyIds,
    tenantId: baseline.tenantId,
  };
}
