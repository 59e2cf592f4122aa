/**
 * zod schemas of the resolved models: `workloadModelSchema` (a `WorkloadModel`) and `tenantBaselineModelSchema` (a
 * `TenantBaselineModel`), for code that receives a model it did not resolve itself (the Pulumi components: a
 * platform engineer can build a model by hand or read one back from JSON).
 *
 * They are built from the spec schema's own field builders (`stageSchema.shape…`, `tenantBaselineSchema.shape…`),
 * so a value the spec refuses the model schema refuses too, with the same wording. Where the spec has an optional
 * field with a default, the model holds the field always: `settled()` takes a spec block and makes every field
 * required; a model field that may stay undefined (`botId`, `securityGroupId` …) is `maybe()`. Objects are not
 * strict: a model may carry more than the schema knows.
 *
 * Both schemas are typed against the model interfaces (`satisfies`, and an equality test in
 * test/model-schema.test.ts), so a model type change without the schema fails `tsc`.
 */
import { z } from "zod";
import type { TenantBaselineModel } from "./baseline-model.ts";
import { tenantBaselineSchema } from "./baseline-schema.ts";
import {
  AGENT_AUTH_MODES,
  AGENT_CHANNELS,
  DATA_CLASSIFICATIONS,
  EVIDENCE_KINDS,
  KNOWLEDGE_KINDS,
  PROOF_KINDS,
  SIGN_OFF_ROLES,
  STAGES,
  type WorkloadModel,
} from "./model.ts";
import {
  connectorId,
  email,
  enumOf,
  httpsUrl,
  mapKey,
  person,
  stageSchema,
  text,
  uuid,
  workloadName,
  workloadSchema,
} from "./schema.ts";
import { fromZodIssues, type ZodIssueOptions } from "./zod-issues.ts";

type Shape = Record<string, z.ZodType>;
/** The shape of `S` with every optional field unwrapped. */
type Settled<S extends Shape> = { [K in keyof S]: S[K] extends z.ZodOptional<infer I extends z.ZodType> ? I : S[K] };

/** The spec object behind an optional field (`stageSchema.shape.auditing` → the auditing block). */
function block<T extends z.ZodType>(s: z.ZodOptional<T> | T): T {
  return (s instanceof z.ZodOptional ? s.unwrap() : s) as T;
}

/** A spec block with every field required: what the model holds after resolve() spelled the defaults out. */
function settled<S extends Shape>(o: z.ZodObject<S> | z.ZodOptional<z.ZodObject<S>>): z.ZodObject<Settled<S>> {
  const shape = block(o).shape;
  return z.object(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, block(v)]))) as unknown as z.ZodObject<
    Settled<S>
  >;
}

/**
 * A model field that may be undefined, typed as a required key (`botId: string | undefined`): resolve() always sets
 * it, but a model read back from JSON drops undefined values, so a missing key still parses.
 */
function maybe<T extends z.ZodType>(s: T): z.ZodType<z.output<T> | undefined, z.input<T> | undefined> {
  return s.optional() as unknown as z.ZodType<z.output<T> | undefined, z.input<T> | undefined>;
}

// An override's values may be undefined (a default of "none"), and JSON drops undefined: the key may be missing.
const any = z.unknown().optional() as z.ZodType<unknown>;
const stringMap = z.record(z.string(), z.string());

// ---------------------------------------------------------------------------------------------------------------
// Workload

const spec = workloadSchema.shape;
const st = stageSchema.shape;
const specMetadata = spec.metadata.shape;
const specProblem = spec.problem.shape;
const specAgent = spec.agent.shape;
const specReadiness = block(spec.readiness).shape;

const environment = settled(st.environment).extend({
  dataverse: settled(block(st.environment).shape.dataverse).extend({
    securityGroupId: maybe(uuid),
  }),
  environmentGroupId: uuid.optional(),
});

const cp = block(st.connectorPolicy).shape;
const connectorPolicy = settled(st.connectorPolicy).extend({
  actionRules: z.record(connectorId, settled(block(cp.actionRules).valueType)),
});

const me = block(st.managedEnvironment).shape;
const sharing = block(me.sharing).shape;
const makerWelcome = z.object({ markdown: text, url: maybe(httpsUrl) });
const managedEnvironment = z.object({
  sharing: z.object({
    apps: settled(sharing.apps).extend({
      mode: enumOf(["noLimit", "excludeSharingToSecurityGroups"] as const),
    }),
    flows: settled(sharing.flows),
    agents: settled(sharing.agents),
  }),
  solutionChecker: settled(me.solutionChecker),
  usageInsights: block(me.usageInsights),
  makerWelcome: maybe(makerWelcome),
});

const tel = block(st.telemetry).shape;
const ws = block(tel.workspace).shape;
const telemetry = settled(st.telemetry).extend({
  workspace: z.discriminatedUnion("mode", [
    z.object({ mode: z.literal("create"), retentionDays: block(ws.retentionDays) }),
    z.object({ mode: z.literal("existing"), resourceId: block(ws.existingResourceId) }),
  ]),
});

const al = block(st.alerts).shape;
const alerts = settled(st.alerts).extend({
  // The model's type is `number` (a hand-built model may hold any); the spec's windows decide what is accepted.
  windowMinutes: block(al.windowMinutes) as unknown as z.ZodType<number>,
  volumeAnomaly: settled(al.volumeAnomaly),
  notify: z
    .record(mapKey, person)
    .refine((m) => Object.keys(m).length > 0, { message: "expected at least one person to notify, found none" }),
});

const ids = block(st.identities).shape;
const deployment = block(ids.deployment).shape;
const identities = z.object({
  deployment: settled(ids.deployment).extend({
    federatedCredentials: z.record(mapKey, z.object({ issuer: httpsUrl, subject: text, audience: text })),
    clientSecret: maybe(block(deployment.clientSecret)),
  }),
  runtime: z.record(mapKey, z.object({ displayName: text, existingClientId: maybe(uuid), roles: z.array(text) })),
  createGroups: block(ids.createGroups),
});

const stage = z.object({
  name: enumOf(STAGES),
  environment,
  groups: settled(st.groups),
  connectorPolicy,
  managedEnvironment,
  auditing: settled(st.auditing),
  firewall: settled(st.firewall),
  telemetry,
  alerts,
  identities,
  cost: settled(st.cost),
  protection: settled(st.protection),
  names: settled(st.names),
  tags: stringMap,
  resourceGroup: z.discriminatedUnion("mode", [
    z.object({ mode: z.literal("create") }),
    z.object({ mode: z.literal("existing"), name: block(st.resourceGroup).shape.existing }),
  ]),
  billingPolicyId: uuid.optional(),
});

const positiveInt = specProblem.revision;
const signOffShape = block(block(specReadiness.signOffs).shape.it).shape;
const signOff = z.object({
  name: text,
  email: maybe(email),
  date: signOffShape.date,
  problemRevision: positiveInt,
});

const stageKeyed = <T extends z.ZodType>(value: T) =>
  z.object({ dev: value.optional(), test: value.optional(), prod: value.optional() });

/** The schema of a resolved `WorkloadModel` (what `resolve()` returns). */
export const workloadModelSchema = z.object({
  apiVersion: z.literal("govai/v1"),
  metadata: z.object({
    name: workloadName,
    displayName: text,
    description: z.string(),
    owningTeam: text,
    accountable: person,
    businessUnit: text,
    costCenter: text,
    tags: stringMap,
    dataResidency: maybe(block(specMetadata.dataResidency)),
  }),
  problem: z.object({
    statement: text,
    successMetrics: z.record(mapKey, settled(specProblem.successMetrics.valueType)),
    outOfScope: z.array(text),
    revision: positiveInt,
    lockedDigest: maybe(block(specProblem.lockedDigest)),
    digest: block(specProblem.lockedDigest),
  }),
  dataSources: z.record(
    mapKey,
    z.object({
      system: text,
      owningTeam: text,
      contact: person,
      classification: enumOf(DATA_CLASSIFICATIONS),
      access: enumOf(["read", "write", "readWrite"] as const),
      connector: connectorId,
      freshness: maybe(z.string()),
    }),
  ),
  agent: z.object({
    platform: z.literal("copilotStudio"),
    displayName: text,
    botId: maybe(text),
    authentication: z.object({
      mode: enumOf(AGENT_AUTH_MODES),
      requireSignIn: block(specAgent.authentication).shape.requireSignIn.unwrap(),
    }),
    channels: z.array(enumOf(AGENT_CHANNELS)),
    knowledgeSources: z.record(
      mapKey,
      z.object({ kind: enumOf(KNOWLEDGE_KINDS), dataSource: maybe(mapKey), url: maybe(httpsUrl) }),
    ),
    connectors: z.array(connectorId),
    actions: z.record(mapKey, z.object({ connector: connectorId, operation: text, dataSource: maybe(mapKey) })),
  }),
  stages: z.object({ dev: stage.optional(), test: stage.optional(), prod: stage }),
  omittedStages: stageKeyed(text),
  readiness: z.object({
    slos: z.object({ p95LatencyMs: maybe(positiveInt), throughputPerMinute: maybe(positiveInt) }),
    failureHandling: z.object({ fallback: maybe(text), escalationPath: maybe(text) }),
    rollback: z.object({ rtoMinutes: maybe(positiveInt) }),
    signOffs: z.object(
      Object.fromEntries(SIGN_OFF_ROLES.map((r) => [r, signOff.optional()])) as {
        [R in (typeof SIGN_OFF_ROLES)[number]]: z.ZodOptional<typeof signOff>;
      },
    ),
    evidence: z.record(mapKey, z.object({ kind: enumOf(EVIDENCE_KINDS), file: text, resolvedPath: maybe(z.string()) })),
    evidenceWaivers: z.object(
      Object.fromEntries(PROOF_KINDS.map((k) => [k, text.optional()])) as {
        [K in (typeof PROOF_KINDS)[number]]: z.ZodOptional<typeof text>;
      },
    ),
  }),
  overrides: z.array(z.object({ stage: maybe(enumOf(STAGES)), path: z.string(), defaultValue: any, value: any })),
  source: maybe(z.object({ file: z.string() })),
}) satisfies z.ZodType<WorkloadModel>;

// ---------------------------------------------------------------------------------------------------------------
// Tenant baseline

const tb = tenantBaselineSchema.shape;
const dp = tb.dataPolicies.shape;
const dflt = block(dp.defaultEnvironment).shape;
const wide = dp.tenantWide.shape;
const set = block(tb.settings).shape;
const group = block(tb.environmentGroups).valueType.shape;
const rules = block(group.rules).shape;
const billing = block(tb.billingPolicies).valueType;
const connectorList = z.array(connectorId);
const audience = maybe(block(block(set.environmentCreation).shape.production));

/** The schema of a resolved `TenantBaselineModel` (what `resolveBaseline()` returns). */
export const tenantBaselineModelSchema = z.object({
  apiVersion: z.literal("govai/v1"),
  kind: z.literal("TenantBaseline"),
  metadata: z.object({
    name: workloadName,
    displayName: text,
    owningTeam: text,
    accountable: person,
    tenantId: uuid,
  }),
  dataPolicies: z.object({
    defaultEnvironment: maybe(
      z.object({
        displayName: text,
        environmentId: text,
        defaultGroup: block(dflt.defaultGroup),
        business: connectorList,
        nonBusiness: connectorList,
        blocked: connectorList,
      }),
    ),
    tenantWide: z.object({
      displayName: text,
      scope: block(wide.scope),
      exceptEnvironments: z.array(uuid),
      blocked: wide.blocked,
    }),
  }),
  settings: z.object({
    environmentCreation: z.object({ production: audience, trials: audience, developer: audience }),
    billingPolicyCreation: audience,
    shareWithEveryone: maybe(block(set.shareWithEveryone)),
    copilotStudio: z.object({
      copilotFeatures: maybe(block(block(set.copilotStudio).shape.copilotFeatures)),
      publishAgentsWithAi: maybe(block(block(set.copilotStudio).shape.publishAgentsWithAi)),
    }),
    environmentRouting: maybe(
      z.object({ enabled: block(set.environmentRouting).shape.enabled, targetGroup: maybe(mapKey) }),
    ),
    deleteBehavior: block(set.deleteBehavior),
  }),
  environmentGroups: z.record(
    mapKey,
    z.object({
      displayName: text,
      description: z.string(),
      rules: z.object({
        sharing: maybe(
          // No agents: the spec refuses a group's agent sharing (checkGroupAgentSharing), the provider cannot write it.
          z.object({ apps: managedEnvironment.shape.sharing.shape.apps }),
        ),
        solutionChecker: maybe(settled(rules.solutionChecker)),
        usageInsights: maybe(block(rules.usageInsights)),
        makerWelcome: maybe(makerWelcome),
        backupRetentionDays: maybe(block(rules.backupRetentionDays)),
        generativeAi: maybe(settled(rules.generativeAi)),
      }),
    }),
  ),
  billingPolicies: z.record(
    mapKey,
    settled(billing).extend({
      notify: z
        .record(mapKey, person)
        .refine((m) => Object.keys(m).length > 0, { message: "expected at least one person to notify, found none" }),
    }),
  ),
  source: maybe(z.object({ file: z.string() })),
}) satisfies z.ZodType<TenantBaselineModel>;

/** How zod's issues are worded for a model (no empty-document wording of a YAML file, no retired keys). */
const MODEL_ZOD_OPTIONS: ZodIssueOptions = {
  emptyDocument: "expected a resolved model, found nothing",
  retiredKeys: {},
};

/** zod's own message for an issue: what it says when the schema gave none. */
function defaultMessage(issue: z.core.$ZodRawIssue): string | undefined {
  const d = z.config().localeError?.(issue);
  return typeof d === "string" ? d : d?.message;
}

/**
 * Validates `value` against a model schema (or a schema made of its parts, as the components' part arguments are) and
 * returns every problem with its dotted path; `[]` when it is valid. A problem the schema words itself (a custom
 * message such as "must not be empty") keeps that message; every other one gets the spec loader's wording
 * ("expected a whole number ≥ 1, found -1") instead of zod's.
 */
export function modelIssues(schema: z.ZodType, value: unknown): { path: string; message: string }[] {
  // With the input on each issue, zod's default message can be recomputed and told apart from a custom one.
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) return [];
  const out: { path: string; message: string }[] = [];
  for (const issue of r.error.issues) {
    const own = issue.code !== "unrecognized_keys" && issue.message !== defaultMessage(issue as z.core.$ZodRawIssue);
    const worded = own
      ? [{ path: issue.path, message: issue.message }]
      : fromZodIssues([issue], value, schema, MODEL_ZOD_OPTIONS);
    for (const i of worded) out.push({ path: i.path.map(String).join("."), message: i.message });
  }
  return out;
}
