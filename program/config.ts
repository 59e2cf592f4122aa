/**
 * The root program's configuration: read once from the stack (`stacks/Pulumi.<stack>.yaml`), validated, and passed
 * on as plain values. Nothing else in the program or the components reads config.
 *
 * A stack deploys one of two things: a workload stage (`govai-workload:workload` + `govai-workload:stage`) or a
 * tenant baseline (`govai-workload:baseline`, no stage: one baseline stack per tenant).
 */
import { STAGES, type StageName } from "@govai/spec";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/** The typed config of the `govai-workload` project (see `Pulumi.yaml`). */
export interface ProgramConfig {
  /** Path of `workload.yaml`, relative to the project directory. */
  workload: string;
  /** The stage this stack deploys. */
  stage: StageName;
  /** Azure subscription id; needed only when the spec adopts an existing resource group. */
  subscriptionId: string | undefined;
  /** Create the Copilot Studio telemetry binding (run `pulumi up` as a user). */
  copilotTelemetry: boolean;
}

const WORKLOAD_MISSING =
  "must be the path of workload.yaml (a tenant baseline stack sets govai-workload:baseline instead)";

const schema = z.object({
  workload: z.string({ error: WORKLOAD_MISSING }).min(1, WORKLOAD_MISSING),
  stage: z.enum(STAGES, { error: `must be one of ${STAGES.join(", ")}` }),
  subscriptionId: z
    .string()
    .regex(/^([0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})?$/, "must be a subscription id (a GUID)")
    .optional(),
  copilotTelemetry: z.boolean().optional(),
});

/** The typed config of a tenant-baseline stack. */
export interface BaselineProgramConfig {
  /** Path of the tenant baseline (`tenant.yaml`), relative to the project directory. */
  baseline: string;
}

/** What a stack deploys, with its config. */
export type StackConfig =
  | { kind: "Workload"; config: ProgramConfig }
  | { kind: "TenantBaseline"; config: BaselineProgramConfig };

const invalid = (lines: string[]) =>
  new pulumi.RunError(`Stack configuration is invalid:\n${lines.map((l) => `  - ${l}`).join("\n")}`);

/**
 * Decides what the stack deploys: a tenant baseline when `baseline` is set (then `workload` and `stage` must not be),
 * otherwise a workload stage ({@link parseProgramConfig}). Throws a `RunError` naming each wrong key.
 */
export function parseStackConfig(raw: Record<string, unknown>): StackConfig {
  const set = (k: string) => raw[k] !== undefined && raw[k] !== "";
  if (!set("baseline")) return { kind: "Workload", config: parseProgramConfig(raw) };
  const problems: string[] = [];
  if (typeof raw.baseline !== "string") problems.push("govai-workload:baseline: must be the path of tenant.yaml");
  if (set("workload")) {
    problems.push(
      "govai-workload:workload: a stack deploys a workload stage or a tenant baseline, not both; remove one of govai-workload:workload and govai-workload:baseline",
    );
  }
  if (set("stage")) {
    problems.push(
      "govai-workload:stage: a tenant baseline has no stages (one baseline stack per tenant); remove govai-workload:stage",
    );
  }
  if (problems.length > 0) throw invalid(problems);
  return { kind: "TenantBaseline", config: { baseline: raw.baseline as string } };
}

/** Validates raw config values; throws a `RunError` (no stack trace) naming each `govai-workload:<key>` that is wrong. */
export function parseProgramConfig(raw: Record<string, unknown>): ProgramConfig {
  const r = schema.safeParse(raw);
  if (!r.success) {
    throw new pulumi.RunError(
      `Stack configuration is invalid:\n${r.error.issues
        .map((i) => `  - govai-workload:${i.path.join(".")}: ${i.message}`)
        .join("\n")}`,
    );
  }
  return {
    workload: r.data.workload,
    stage: r.data.stage,
    subscriptionId: r.data.subscriptionId || undefined,
    copilotTelemetry: r.data.copilotTelemetry ?? false,
  };
}

/** Reads the project config of the current stack: what it deploys, and how. */
export function readStackConfig(): StackConfig {
  const cfg = new pulumi.Config("govai-workload");
  return parseStackConfig({
    workload: cfg.get("workload") || undefined,
    stage: cfg.get("stage") || undefined,
    baseline: cfg.get("baseline") || undefined,
    subscriptionId: cfg.get("subscriptionId"),
    copilotTelemetry: cfg.getBoolean("copilotTelemetry"),
  });
}
