/**
 * Synchronous validation of component arguments (zod on plain values). Every message names the input path, and a
 * failure throws {@link ComponentArgsError} before anything is registered.
 *
 * The model normally comes from `resolve()` of `@govai/spec`, which already validated it; a platform engineer can also
 * build one by hand, so the components check it again with the spec's own schema of the resolved model
 * (`workloadModelSchema`, built from the spec schema's field builders), worded as the spec's loader words it. The
 * parts' own arguments (names, scopes, e-mail lists) are the components' and are checked here.
 */
import { modelIssues, STAGES, type StageName, type WorkloadModel, workloadModelSchema } from "@govai/spec";
import { z } from "zod";
import { ComponentArgsError } from "./errors.ts";
import { slug } from "./names.ts";

const nonEmpty = z.string().min(1, "must not be empty");
const guid = z.string().regex(/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/, "must be a GUID");
const email = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, "must be an e-mail address");

/** A stage of the resolved model, as the spec defines it (every stage has the same shape). */
const stageSchema = workloadModelSchema.shape.stages.shape.prod;

/** Schemas of the parts' plain-value arguments, for components used on their own. */
const tags = z.record(z.string(), z.string());
export const partSchemas = {
  identities: z.object({
    identities: stageSchema.shape.identities,
    groups: stageSchema.shape.groups,
    tags,
  }),
  telemetry: z.object({
    location: nonEmpty,
    workspace: z.object({ workspaceName: nonEmpty, retentionDays: z.number().int().min(30).max(730).optional() }),
    appInsights: z.object({ resourceName: nonEmpty, samplingPercentage: z.number().gt(0).max(100) }),
    tags,
  }),
  alerts: z.object({
    location: nonEmpty,
    alerts: stageSchema.shape.alerts,
    ruleNamePrefix: nonEmpty,
    actionGroup: z.object({
      actionGroupName: nonEmpty,
      shortName: z.string().min(1, "must not be empty").max(12, "must be at most 12 characters"),
    }),
    tags,
  }),
  cost: z.object({
    budgetName: nonEmpty,
    amount: z.number().positive(),
    thresholdsPercent: stageSchema.shape.cost.shape.alertThresholdsPercent,
    contactEmails: z.array(email).min(1, "must name at least one recipient"),
    startDate: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-01$/, "must be the first of a month, YYYY-MM-01"),
  }),
  powerPlatform: z.object({
    environment: stageSchema.shape.environment,
    connectorPolicy: stageSchema.shape.connectorPolicy,
    auditing: stageSchema.shape.auditing,
    firewall: stageSchema.shape.firewall,
    billingPolicyId: stageSchema.shape.billingPolicyId,
    applicationUsers: z.record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,71}$/, "keys must be letters, digits, _ or -"),
      z.object({ roles: z.array(nonEmpty) }),
    ),
  }),
} as const;

/** Validates a part's plain-value arguments; throws {@link ComponentArgsError} naming every bad path. */
export function validatePart(component: string, schema: z.ZodType, args: unknown): void {
  if (typeof args !== "object" || args === null) {
    throw new ComponentArgsError(component, [{ path: "args", message: "must be an object" }]);
  }
  const issues = modelIssues(schema, args);
  if (issues.length > 0) throw new ComponentArgsError(component, issues);
}

/** First of a month, `YYYY-MM-01`: the only start date Azure consumption budgets accept. */
const budgetStartDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-01$/, "must be the first of a month, YYYY-MM-01");

/** The plain-value options every stage-level component shares (validated together with the model). */
export const stageOptionsSchema = z.object({
  subscriptionId: guid.optional(),
  budgetStartDate: budgetStartDate.optional(),
  copilotTelemetry: z.object({ enabled: z.boolean() }).optional(),
});

/** Our error for `issues` (from {@link modelIssues}), their paths rooted at `root`. */
function fail(component: string, root: string, issues: readonly { path: string; message: string }[]): never {
  throw new ComponentArgsError(
    component,
    issues.map((i) => ({ path: [root, i.path].filter(Boolean).join("."), message: i.message })),
  );
}

/** Validates the model, the chosen stages and the plain options; returns the stages to materialise, in STAGES order. */
export function validateWorkloadArgs(
  component: string,
  args: {
    model: WorkloadModel;
    stages?: readonly StageName[] | undefined;
    subscriptionId?: string | undefined;
    budgetStartDate?: string | undefined;
    copilotTelemetry?: { enabled: boolean } | undefined;
  },
  /** How the stage list is named in messages: `stages` (a list) or `stage` (WorkloadStage's single stage). */
  stagesArg: "stages" | "stage" = "stages",
): StageName[] {
  const at = (i: number) => (stagesArg === "stage" ? "stage" : `stages.${i}`);
  if (typeof args !== "object" || args === null) {
    throw new ComponentArgsError(component, [{ path: "args", message: "must be an object" }]);
  }
  if (typeof args.model !== "object" || args.model === null) {
    throw new ComponentArgsError(component, [{ path: "model", message: "must be a resolved workload model" }]);
  }
  const m = modelIssues(workloadModelSchema, args.model);
  if (m.length > 0) fail(component, "model", m);
  const o = stageOptionsSchema.safeParse({
    subscriptionId: args.subscriptionId,
    budgetStartDate: args.budgetStartDate,
    copilotTelemetry: args.copilotTelemetry,
  });
  if (!o.success) {
    fail(
      component,
      "",
      o.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    );
  }
  const present = STAGES.filter((s) => args.model.stages[s] !== undefined);
  const requested = args.stages ?? present;
  const issues: { path: string; message: string }[] = [];
  if (!Array.isArray(requested) || requested.length === 0) {
    issues.push({ path: stagesArg, message: stagesArg === "stage" ? "is required" : "must list at least one stage" });
  } else {
    requested.forEach((s: StageName, i: number) => {
      if (!(STAGES as readonly string[]).includes(s)) {
        issues.push({ path: at(i), message: `unknown stage "${s}"; expected one of ${STAGES.join(", ")}` });
      } else if (args.model.stages[s] === undefined) {
        const why = args.model.omittedStages?.[s];
        issues.push({
          path: at(i),
          message: `stage "${s}" is not in the model${why ? ` (omitted: ${why})` : ""}; present: ${present.join(", ")}`,
        });
      } else if (requested.indexOf(s) !== i) {
        issues.push({ path: at(i), message: `stage "${s}" is listed twice` });
      }
    });
  }
  for (const s of requested as StageName[]) {
    const stage = args.model.stages[s];
    if (stage && stage.name !== s) {
      issues.push({ path: `model.stages.${s}.name`, message: `must be "${s}" (the map key), got "${stage.name}"` });
    }
    if (stage?.identities.createGroups) {
      for (const role of ["admins", "makers"] as const) {
        const seen = new Map<string, string>();
        for (const displayName of stage.groups[role]) {
          const other = seen.get(slug(displayName));
          if (other !== undefined && other !== displayName) {
            issues.push({
              path: `model.stages.${s}.groups.${role}`,
              message: `"${other}" and "${displayName}" would get the same resource name; rename one`,
            });
          }
          seen.set(slug(displayName), displayName);
        }
      }
    }
    if (stage?.resourceGroup.mode === "existing" && !args.subscriptionId && stage.cost.monthlyBudget > 0) {
      issues.push({
        path: "subscriptionId",
        message: `required because stage "${s}" uses the existing resource group "${stage.resourceGroup.name}" (the budget is scoped to it)`,
      });
    }
  }
  if (issues.length > 0) throw new ComponentArgsError(component, issues);
  return STAGES.filter((s) => requested.includes(s));
}
