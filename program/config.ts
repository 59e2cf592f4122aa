/**
 * The root program's configuration: read once from the stack (`stacks/Pulumi.<stack>.yaml`), validated, and passed
 * on as plain values. Nothing else in the program or the components reads config.
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

const schema = z.object({
  workload: z.string({ error: "must be the path of workload.yaml" }).min(1, "must be the path of workload.yaml"),
  stage: z.enum(STAGES, { error: `must be one of ${STAGES.join(", ")}` }),
  subscriptionId: z
    .string()
    .regex(/^([0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})?$/, "must be a subscription id (a GUID)")
    .optional(),
  copilotTelemetry: z.boolean().optional(),
});

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

/** Reads the project config of the current stack. */
export function readProgramConfig(): ProgramConfig {
  const cfg = new pulumi.Config("govai-workload");
  return parseProgramConfig({
    workload: cfg.get("workload"),
    stage: cfg.get("stage"),
    subscriptionId: cfg.get("subscriptionId"),
    copilotTelemetry: cfg.getBoolean("copilotTelemetry"),
  });
}
