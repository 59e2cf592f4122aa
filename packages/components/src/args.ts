/**
 * Synchronous validation of component arguments (zod on plain values). Every message names the input path, and a
 * failure throws {@link ComponentArgsError} before anything is registered.
 *
 * The model normally comes from `resolve()` of `@govai/spec`, which already validated it; these schemas re-check only
 * what the components consume, because a platform engineer can also build a model by hand.
 */
import { STAGES, type StageName, type WorkloadModel } from "@govai/spec";
import { z } from "zod";
import { ComponentArgsError } from "./errors.ts";
import { ALERT_WINDOWS_MINUTES, slug } from "./names.ts";

const nonEmpty = z.string().min(1, "must not be empty");
const guid = z.string().regex(/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/, "must be a GUID");
const email = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, "must be an e-mail address");
const person = z.object({ name: nonEmpty, email });
const stringMap = z.record(z.string(), z.string());

const stageSchema = z.object({
  name: z.enum(STAGES),
  environment: z.object({
    displayName: nonEmpty,
    description: z.string(),
    type: z.enum(["Sandbox", "Production"]),
    location: nonEmpty,
    azureRegion: nonEmpty,
    dataverse: z.object({
      language: z.number().int().positive(),
      currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as EUR"),
      domain: z
        .string()
        .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "must be lower-case letters, digits and hyphens, at most 63"),
      securityGroupId: guid.optional(),
    }),
  }),
  groups: z.object({ admins: z.array(nonEmpty), makers: z.array(nonEmpty) }),
  connectorPolicy: z.object({
    displayName: nonEmpty,
    defaultGroup: z.enum(["business", "nonBusiness", "blocked"]),
    business: z.array(nonEmpty),
    nonBusiness: z.array(nonEmpty),
    blocked: z.array(nonEmpty),
  }),
  auditing: z.object({
    enabled: z.boolean(),
    userAccessAudit: z.boolean(),
    readAudit: z.boolean(),
    retentionDays: z.number().int(),
  }),
  firewall: z.object({ mode: z.enum(["off", "audit", "enforce"]) }),
  telemetry: z.object({
    workspace: z.discriminatedUnion("mode", [
      z.object({ mode: z.literal("create"), retentionDays: z.number().int().min(30).max(730) }),
      z.object({
        mode: z.literal("existing"),
        resourceId: z.string().regex(
          // ARM ids are case-insensitive; Azure often returns them in lower case.
          /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i,
          "must be the full ARM id of a Log Analytics workspace",
        ),
      }),
    ]),
    samplingPercentage: z.number().gt(0).max(100),
    logSensitiveActivity: z.boolean(),
  }),
  alerts: z.object({
    p95LatencyMs: z.number().positive(),
    failureRatePercent: z.number().gt(0).max(100),
    windowMinutes: z.number().refine((m) => (ALERT_WINDOWS_MINUTES as readonly number[]).includes(m), {
      message: `must be one of ${ALERT_WINDOWS_MINUTES.join(", ")} (the windows Azure Monitor log alerts accept)`,
    }),
    volumeAnomaly: z.object({ enabled: z.boolean(), sensitivity: z.enum(["low", "medium", "high"]) }),
    notify: z.record(z.string(), person).refine((m) => Object.keys(m).length > 0, "must name at least one person"),
  }),
  identities: z.object({
    deployment: z.object({
      displayName: nonEmpty,
      federatedCredentials: z.record(
        z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,119}$/, "keys must be at most 120 letters, digits, _ or -"),
        z.object({ issuer: z.url("must be a URL"), subject: nonEmpty, audience: nonEmpty }),
      ),
      clientSecret: z.object({ expiresInDays: z.number().int().min(1).max(730) }).optional(),
      owners: z.array(guid),
      roles: z.array(nonEmpty),
    }),
    runtime: z.record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "keys must be letters, digits, _ or - (at most 64)"),
      z.object({ displayName: nonEmpty, existingClientId: guid.optional(), roles: z.array(nonEmpty) }),
    ),
    createGroups: z.boolean(),
  }),
  cost: z.object({
    monthlyBudget: z.number().min(0),
    alertThresholdsPercent: z
      .array(z.number().positive().max(1000))
      .min(1, "must hold at least one threshold")
      .max(5, "Azure budgets take at most 5 notifications"),
  }),
  protection: z.object({ protectFromDeletion: z.boolean(), allowDataverseDeletion: z.boolean() }),
  names: z.object({
    resourceGroup: nonEmpty,
    logAnalyticsWorkspace: nonEmpty,
    appInsights: nonEmpty,
    actionGroup: nonEmpty,
    actionGroupShortName: z.string().min(1, "must not be empty").max(12, "must be at most 12 characters"),
    budget: nonEmpty,
    deploymentApplication: nonEmpty,
    dlpPolicy: nonEmpty,
  }),
  tags: stringMap,
  resourceGroup: z.discriminatedUnion("mode", [
    z.object({ mode: z.literal("create") }),
    z.object({ mode: z.literal("existing"), name: nonEmpty }),
  ]),
});

/** Schemas of the parts' plain-value arguments, for components used on their own. */
const tags = stringMap;
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
  const r = schema.safeParse(args);
  if (!r.success) fail(component, "", r.error);
}

const modelSchema = z.object({
  metadata: z.object({ name: z.string().regex(/^[a-z][a-z0-9-]{2,23}$/, "must be a DNS-safe workload name") }),
  agent: z.object({ botId: nonEmpty.optional() }),
  stages: z.partialRecord(z.enum(STAGES), stageSchema),
});

/** First of a month, `YYYY-MM-01`: the only start date Azure consumption budgets accept. */
const budgetStartDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-01$/, "must be the first of a month, YYYY-MM-01");

/** The plain-value options every stage-level component shares (validated together with the model). */
export const stageOptionsSchema = z.object({
  subscriptionId: guid.optional(),
  budgetStartDate: budgetStartDate.optional(),
  copilotTelemetry: z.object({ enabled: z.boolean() }).optional(),
});

const pathOf = (path: readonly PropertyKey[]) => path.map(String).join(".");

/** Turns a failed zod parse into our error with input paths rooted at `root`. */
function fail(component: string, root: string, error: z.ZodError): never {
  throw new ComponentArgsError(
    component,
    error.issues.map((i) => ({ path: [root, pathOf(i.path)].filter(Boolean).join("."), message: i.message })),
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
  const m = modelSchema.safeParse(args.model);
  if (!m.success) fail(component, "model", m.error);
  const o = stageOptionsSchema.safeParse({
    subscriptionId: args.subscriptionId,
    budgetStartDate: args.budgetStartDate,
    copilotTelemetry: args.copilotTelemetry,
  });
  if (!o.success) fail(component, "", o.error);
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
