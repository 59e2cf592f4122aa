/**
 * resolve(): a validated spec → the fully defaulted WorkloadModel. Pure: the same spec always gives the same model
 * (no clock, no environment, no I/O).
 *
 * Each stage is built twice: once from the stage profile plus the values that have no default (the prod
 * geography, groups, federated credentials, runtime identities, firewall ranges), once with the whole stage block.
 * The leaves where the two differ are the overrides.
 */
import { dirname, resolve as resolvePath } from "node:path";
import { checkSpec } from "./checks.ts";
import {
  bareConnectorId,
  COPILOT_CONNECTORS,
  classifyCopilotConnectors,
  DATAVERSE_CONNECTOR,
  ENDPOINT_FILTERED_KNOWLEDGE,
} from "./copilot-connectors.ts";
import { problemDigest } from "./digest.ts";
import { resolveFederatedCredential } from "./federated.ts";
import { SpecError } from "./issues.ts";
import {
  AGENT_CHANNELS,
  type AgentModel,
  type ConnectorPolicyModel,
  type DataSource,
  type EndpointRule,
  type EvidenceRef,
  type Override,
  PROOF_KINDS,
  type ProblemDefinition,
  type ReadinessModel,
  SIGN_OFF_ROLES,
  type SignOff,
  STAGES,
  type StageModel,
  type StageName,
  type SuccessMetric,
  type WorkloadMetadata,
  type WorkloadModel,
} from "./model.ts";
import { defaultDomain, defaultEnvironmentDisplayName, runtimeApplicationName, stageNames } from "./names.ts";
import { collectOverrides } from "./overrides.ts";
import { positionlessIssues } from "./positions.ts";
import { STAGE_PROFILES } from "./profiles.ts";
import { reservedKeyIssues } from "./reserved-keys.ts";
import { type StageSpec, type WorkloadSpec, workloadSchema } from "./schema.ts";
import { stageTags } from "./tags.ts";
import { fromZodIssues } from "./zod-issues.ts";

/** Options of resolve(). */
export interface ResolveOptions {
  /** The file the spec came from; recorded in `model.source` and used to resolve evidence paths. */
  file?: string;
}

/** Default agent channels when the spec names none. */
export const DEFAULT_CHANNELS = ["teams"] as const;

/** Values a stage takes from prod unless it sets its own. */
interface Inherited {
  location: string | undefined;
  azureRegion: string | undefined;
  language: number | undefined;
  currency: string | undefined;
  costCurrency: string | undefined;
}

interface Context {
  metadata: WorkloadMetadata;
  problem: ProblemDefinition;
  dataSources: Record<string, DataSource>;
  agent: AgentModel;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The values, deduplicated and sorted. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** A record of the entries, sorted by key. */
export function sortedRecord<T>(entries: Iterable<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Map the values of a record (absent = empty); the result is sorted by key. */
export function mapRecord<T, U>(
  record: Record<string, T> | undefined,
  f: (value: T, key: string) => U,
): Record<string, U> {
  return sortedRecord(Object.entries(record ?? {}).map(([k, v]) => [k, f(v, k)]));
}

/**
 * Resolve a spec into the WorkloadModel. The spec may come from the loader or be built in code: it is validated
 * (shape, then cross-field rules) first, so a hand-built spec gets the same messages as YAML, without positions.
 * Pure apart from turning `file` and evidence paths into absolute paths (relative to the working directory).
 * @param spec a workload spec (`WorkloadSpec`).
 * @param opts `file`: where the spec came from; recorded in `model.source`, used for evidence paths. Default none.
 * @throws SpecError carrying every problem when the spec is invalid; line and column are then 0.
 */
export function resolve(spec: WorkloadSpec, opts: ResolveOptions = {}): WorkloadModel {
  const file = opts.file ?? "<spec>";
  // Before the schema: zod would drop an own `__proto__` entry silently and pass `toString` on.
  const reserved = reservedKeyIssues(spec);
  if (reserved.length > 0) throw new SpecError(positionlessIssues(reserved, file));
  const parsed = workloadSchema.safeParse(spec);
  if (!parsed.success) {
    throw new SpecError(positionlessIssues(fromZodIssues(parsed.error.issues, spec, workloadSchema), file));
  }
  const problems = checkSpec(parsed.data);
  if (problems.length > 0) throw new SpecError(positionlessIssues(problems, file));
  return resolveChecked(parsed.data, opts);
}

/** resolve() for a spec that already passed `workloadSchema` and `checkSpec` (the loader's path). */
export function resolveChecked(spec: WorkloadSpec, opts: ResolveOptions = {}): WorkloadModel {
  const metadata: WorkloadMetadata = {
    name: spec.metadata.name,
    displayName: spec.metadata.displayName,
    description: spec.metadata.description ?? "",
    owningTeam: spec.metadata.owningTeam,
    accountable: { name: spec.metadata.accountable.name, email: spec.metadata.accountable.email },
    businessUnit: spec.metadata.businessUnit,
    costCenter: spec.metadata.costCenter,
    tags: sortedRecord(Object.entries(spec.metadata.tags ?? {})),
    dataResidency: spec.metadata.dataResidency,
  };

  const successMetrics = mapRecord(
    spec.problem.successMetrics,
    (m): SuccessMetric => ({
      description: m.description ?? "",
      baseline: m.baseline,
      target: m.target,
      unit: m.unit,
      measuredIn: m.measuredIn,
    }),
  );
  const statement = spec.problem.statement.trim();
  const problem: ProblemDefinition = {
    statement,
    successMetrics,
    outOfScope: [...(spec.problem.outOfScope ?? [])],
    revision: spec.problem.revision,
    lockedDigest: spec.problem.lockedDigest,
    digest: problemDigest({ statement, successMetrics }),
  };

  const dataSources = mapRecord(
    spec.dataSources,
    (d): DataSource => ({
      system: d.system,
      owningTeam: d.owningTeam,
      contact: { name: d.contact.name, email: d.contact.email },
      classification: d.classification,
      access: d.access,
      connector: bareConnectorId(d.connector),
      freshness: d.freshness,
    }),
  );

  const overrides: Override[] = [];
  const agent = resolveAgent(spec, metadata, overrides);
  const readiness = resolveReadiness(spec, opts.file);
  // A waiver relaxes what prod must prove: recorded like any other departure from the secure default (none), with
  // the workload-wide overrides, before the stages'.
  collectOverrides(undefined, "readiness.evidenceWaivers", {}, readiness.evidenceWaivers, overrides);
  const ctx: Context = { metadata, problem, dataSources, agent };

  const prodEnv = spec.stages.prod.environment;
  const fromProd: Inherited = {
    location: prodEnv.location,
    azureRegion: prodEnv.azureRegion,
    language: prodEnv.dataverse?.language,
    currency: prodEnv.dataverse?.currency,
    costCurrency: spec.stages.prod.cost?.currency,
  };

  const stages: Partial<Record<StageName, StageModel>> = {};
  for (const stage of STAGES) {
    const block = spec.stages[stage];
    if (block === undefined) continue;
    const inherited: Inherited =
      stage === "prod"
        ? {
            location: undefined,
            azureRegion: undefined,
            language: undefined,
            currency: undefined,
            costCurrency: undefined,
          }
        : fromProd;
    const model = buildStage(ctx, stage, block, inherited);
    const baseline = buildStage(ctx, stage, valuesWithoutDefault(block, stage), inherited);
    collectOverrides(stage, "", baseline, model, overrides);
    stages[stage] = model;
  }

  const omittedStages: Partial<Record<StageName, string>> = {};
  for (const stage of STAGES) {
    const reason = spec.omittedStages?.[stage];
    if (reason !== undefined) omittedStages[stage] = reason;
  }

  return {
    apiVersion: "govai/v1",
    metadata,
    problem,
    dataSources,
    agent,
    stages: stages as WorkloadModel["stages"],
    omittedStages,
    readiness,
    overrides,
    source: opts.file === undefined ? undefined : { file: opts.file },
  };
}

function resolveAgent(spec: WorkloadSpec, metadata: WorkloadMetadata, overrides: Override[]): AgentModel {
  const a = spec.agent;
  const mode = a.authentication?.mode ?? "entra";
  const requireSignIn = a.authentication?.requireSignIn ?? mode !== "none";
  const written = a.channels ?? [...DEFAULT_CHANNELS];
  const channels = AGENT_CHANNELS.filter((c) => written.includes(c));
  const actions = mapRecord(a.actions, (x) => ({
    connector: bareConnectorId(x.connector),
    operation: x.operation,
    dataSource: x.dataSource,
  }));
  collectOverrides(
    undefined,
    "agent",
    { authentication: { mode: "entra", requireSignIn: true }, channels: [...DEFAULT_CHANNELS] },
    { authentication: { mode, requireSignIn }, channels },
    overrides,
  );
  return {
    platform: "copilotStudio",
    displayName: a.displayName ?? metadata.displayName,
    botId: a.botId,
    authentication: { mode, requireSignIn },
    channels,
    knowledgeSources: mapRecord(a.knowledgeSources, (k) => ({ kind: k.kind, dataSource: k.dataSource, url: k.url })),
    connectors: sortedUnique([
      ...(a.connectors ?? []).map(bareConnectorId),
      ...Object.values(actions).map((x) => x.connector),
    ]),
    actions,
  };
}

/**
 * The parts of a stage block that have no profile default: they are the user's data, never overrides. The prod
 * geography, the Dataverse security group, the environment group and billing policy, groups, maker welcome content, the interaction forecast, firewall
 * ranges, federated credentials, owners and runtime identities.
 */
function valuesWithoutDefault(block: StageSpec, stage: StageName): StageSpec {
  const out: StageSpec = {};
  const env = block.environment;
  // Only prod's geography is the user's data; dev and test inherit it from prod, so a different one is an override.
  const location = stage === "prod" ? env?.location : undefined;
  const azureRegion = stage === "prod" ? env?.azureRegion : undefined;
  const securityGroupId = env?.dataverse?.securityGroupId;
  const environmentGroupId = env?.environmentGroupId;
  if (
    location !== undefined ||
    azureRegion !== undefined ||
    securityGroupId !== undefined ||
    environmentGroupId !== undefined
  ) {
    out.environment = {
      location,
      azureRegion,
      ...(securityGroupId !== undefined ? { dataverse: { securityGroupId } } : {}),
      ...(environmentGroupId !== undefined ? { environmentGroupId } : {}),
    };
  }
  if (block.billingPolicyId !== undefined) out.billingPolicyId = block.billingPolicyId;
  if (block.groups) out.groups = block.groups;
  if (block.managedEnvironment?.makerWelcome)
    out.managedEnvironment = { makerWelcome: block.managedEnvironment.makerWelcome };
  const c = block.cost;
  if (c?.expectedInteractionsPerMonth !== undefined || c?.targetCostPerInteraction !== undefined) {
    out.cost = {
      expectedInteractionsPerMonth: c.expectedInteractionsPerMonth,
      targetCostPerInteraction: c.targetCostPerInteraction,
    };
  }
  const fw = block.firewall;
  if (fw?.allowedRanges !== undefined || fw?.serviceTags !== undefined) {
    out.firewall = { allowedRanges: fw.allowedRanges, serviceTags: fw.serviceTags };
  }
  const id = block.identities;
  if (id) {
    out.identities = {
      deployment: {
        federatedCredentials: id.deployment?.federatedCredentials,
        owners: id.deployment?.owners,
      },
      runtime: id.runtime,
    };
  }
  return out;
}

function buildStage(ctx: Context, stage: StageName, block: StageSpec, inherited: Inherited): StageModel {
  const profile = STAGE_PROFILES[stage];
  const { metadata } = ctx;
  // The DLP policy and deployment application have two spellings in the spec (their own block and `names`); the
  // block wins, and `names` always shows the effective value.
  const names = {
    ...stageNames(metadata.name, stage),
    ...definedOnly(block.names ?? {}),
    ...definedOnly({
      dlpPolicy: block.connectorPolicy?.displayName,
      deploymentApplication: block.identities?.deployment?.displayName,
    }),
  };
  const env = block.environment;
  const me = block.managedEnvironment;
  const pme = profile.managedEnvironment;
  const ranges = [...(block.firewall?.allowedRanges ?? [])];
  const serviceTags = [...(block.firewall?.serviceTags ?? [])];
  const workspace = block.telemetry?.workspace;
  const dep = block.identities?.deployment;
  const displayName = env?.displayName ?? defaultEnvironmentDisplayName(metadata.displayName, stage);

  return {
    name: stage,
    environment: {
      displayName,
      description: env?.description ?? `${stage} environment of the governed AI workload ${metadata.name}`,
      type: env?.type ?? profile.environmentType,
      location: env?.location ?? inherited.location ?? "",
      azureRegion: env?.azureRegion ?? inherited.azureRegion ?? "",
      dataverse: {
        language: env?.dataverse?.language ?? inherited.language ?? profile.language,
        currency: env?.dataverse?.currency ?? inherited.currency ?? profile.currency,
        domain: env?.dataverse?.domain ?? defaultDomain(metadata.name, stage),
        securityGroupId: env?.dataverse?.securityGroupId,
      },
      environmentGroupId: env?.environmentGroupId?.toLowerCase(),
    },
    groups: { admins: [...(block.groups?.admins ?? [])], makers: [...(block.groups?.makers ?? [])] },
    connectorPolicy: buildConnectorPolicy(ctx, stage, block, names.dlpPolicy),
    managedEnvironment: {
      sharing: {
        apps: {
          groupSharingDisabled: me?.sharing?.apps?.groupSharingDisabled ?? pme.sharing.apps.groupSharingDisabled,
          mode: me?.sharing?.apps?.mode ?? pme.sharing.apps.mode,
          maxUsers: me?.sharing?.apps?.maxUsers ?? pme.sharing.apps.maxUsers,
        },
        flows: { mode: me?.sharing?.flows?.mode ?? pme.sharing.flows.mode },
        agents: {
          editorSharingDisabled: me?.sharing?.agents?.editorSharingDisabled ?? pme.sharing.agents.editorSharingDisabled,
          mode: me?.sharing?.agents?.mode ?? pme.sharing.agents.mode,
          maxViewers: me?.sharing?.agents?.maxViewers ?? pme.sharing.agents.maxViewers,
        },
      },
      solutionChecker: {
        mode: me?.solutionChecker?.mode ?? pme.solutionChecker.mode,
        ruleOverrides: sortedUnique(me?.solutionChecker?.ruleOverrides ?? pme.solutionChecker.ruleOverrides),
        suppressValidationEmails:
          me?.solutionChecker?.suppressValidationEmails ?? pme.solutionChecker.suppressValidationEmails,
      },
      usageInsights: me?.usageInsights ?? pme.usageInsights,
      makerWelcome: me?.makerWelcome ? { markdown: me.makerWelcome.markdown, url: me.makerWelcome.url } : undefined,
    },
    auditing: {
      enabled: block.auditing?.enabled ?? profile.auditing.enabled,
      userAccessAudit: block.auditing?.userAccessAudit ?? profile.auditing.userAccessAudit,
      readAudit: block.auditing?.readAudit ?? profile.auditing.readAudit,
      retentionDays: block.auditing?.retentionDays ?? profile.auditing.retentionDays,
    },
    firewall: {
      mode:
        block.firewall?.mode ??
        (ranges.length > 0 || serviceTags.length > 0
          ? profile.firewallMode.withRanges
          : profile.firewallMode.withoutRanges),
      allowedRanges: ranges,
      serviceTags,
      allowMicrosoftTrustedServices:
        block.firewall?.allowMicrosoftTrustedServices ?? profile.firewall.allowMicrosoftTrustedServices,
      allowApplicationUsers: block.firewall?.allowApplicationUsers ?? profile.firewall.allowApplicationUsers,
      cookieBinding: block.firewall?.cookieBinding ?? profile.firewall.cookieBinding,
    },
    telemetry: {
      workspace:
        workspace?.existingResourceId !== undefined
          ? { mode: "existing", resourceId: workspace.existingResourceId }
          : { mode: "create", retentionDays: workspace?.retentionDays ?? profile.telemetry.workspaceRetentionDays },
      samplingPercentage: block.telemetry?.samplingPercentage ?? profile.telemetry.samplingPercentage,
      logActivities: block.telemetry?.logActivities ?? profile.telemetry.logActivities,
      logActions: block.telemetry?.logActions ?? profile.telemetry.logActions,
      logSensitiveActivity: block.telemetry?.logSensitiveActivity ?? profile.telemetry.logSensitiveActivity,
      bindAgent: block.telemetry?.bindAgent ?? profile.telemetry.bindAgent,
    },
    alerts: {
      p95LatencyMs: block.alerts?.p95LatencyMs ?? profile.alerts.p95LatencyMs,
      failureRatePercent: block.alerts?.failureRatePercent ?? profile.alerts.failureRatePercent,
      volumeAnomaly: {
        enabled: block.alerts?.volumeAnomaly?.enabled ?? profile.alerts.volumeAnomaly.enabled,
        sensitivity: block.alerts?.volumeAnomaly?.sensitivity ?? profile.alerts.volumeAnomaly.sensitivity,
      },
      windowMinutes: block.alerts?.windowMinutes ?? profile.alerts.windowMinutes,
      notify: block.alerts?.notify
        ? mapRecord(block.alerts.notify, (p) => ({ name: p.name, email: p.email }))
        : { accountable: { ...metadata.accountable } },
    },
    identities: {
      deployment: {
        displayName: dep?.displayName ?? names.deploymentApplication,
        federatedCredentials: mapRecord(dep?.federatedCredentials, (c) => resolveFederatedCredential(c, stage)),
        clientSecret: dep?.clientSecret ? { expiresInDays: dep.clientSecret.expiresInDays } : undefined,
        owners: [...(dep?.owners ?? [])],
        roles: sortedUnique(dep?.roles ?? profile.deploymentRoles),
      },
      runtime: mapRecord(block.identities?.runtime, (r, key) => ({
        displayName: r.displayName ?? runtimeApplicationName(metadata.name, stage, key),
        existingClientId: r.existingClientId,
        roles: sortedUnique(r.roles ?? profile.runtimeRoles),
      })),
      createGroups: block.identities?.createGroups ?? false,
    },
    cost: {
      monthlyBudget: block.cost?.monthlyBudget ?? profile.cost.monthlyBudget,
      currency: block.cost?.currency ?? inherited.costCurrency ?? profile.cost.currency,
      expectedInteractionsPerMonth:
        block.cost?.expectedInteractionsPerMonth ?? profile.cost.expectedInteractionsPerMonth,
      targetCostPerInteraction: block.cost?.targetCostPerInteraction ?? profile.cost.targetCostPerInteraction,
      alertThresholdsPercent: [
        ...new Set(block.cost?.alertThresholdsPercent ?? profile.cost.alertThresholdsPercent),
      ].sort((a, b) => a - b),
    },
    protection: {
      protectFromDeletion: block.protection?.protectFromDeletion ?? profile.protection.protectFromDeletion,
      allowDataverseDeletion: block.protection?.allowDataverseDeletion ?? profile.protection.allowDataverseDeletion,
    },
    names,
    tags: stageTags(metadata, stage, ctx.problem.revision),
    resourceGroup:
      block.resourceGroup?.existing !== undefined
        ? { mode: "existing", name: block.resourceGroup.existing }
        : { mode: "create" },
    billingPolicyId: block.billingPolicyId?.toLowerCase(),
  };
}

const DENY_ALL: EndpointRule = { behavior: "deny", endpoint: "*" };

function buildConnectorPolicy(
  ctx: Context,
  stage: StageName,
  block: StageSpec,
  defaultName: string,
): ConnectorPolicyModel {
  const profile = STAGE_PROFILES[stage];
  const { agent } = ctx;
  const cp = block.connectorPolicy;
  const knowledge = Object.values(agent.knowledgeSources);
  const kinds = [...new Set(knowledge.map((k) => k.kind))];
  const sourceConnectors = Object.values(ctx.dataSources).map((d) => d.connector);
  const copilot = classifyCopilotConnectors({
    authMode: agent.authentication.mode,
    channels: agent.channels,
    knowledgeKinds: kinds,
    // A data source reached through a tool connector (Http, PvaSkills) uses it like an agent tool does.
    connectors: sortedUnique([...agent.connectors, ...sourceConnectors]),
  });

  // Capability connectors are decided by the agent's declared use alone (classifyCopilotConnectors).
  const capability = new Set(COPILOT_CONNECTORS.map((c) => c.id));
  const business = new Set([
    ...copilot.business,
    ...[...sourceConnectors, ...agent.connectors, ...(kinds.includes("dataverse") ? [DATAVERSE_CONNECTOR] : [])].filter(
      (id) => !capability.has(id),
    ),
  ]);
  const nonBusiness = new Set<string>();
  const blocked = new Set(copilot.blocked);
  // An explicit classification in the spec wins over the derived one.
  const explicit: [Set<string>, string[] | undefined][] = [
    [business, cp?.business],
    [nonBusiness, cp?.nonBusiness],
    [blocked, cp?.blocked],
  ];
  for (const [target, ids] of explicit) {
    for (const id of (ids ?? []).map(bareConnectorId)) {
      business.delete(id);
      nonBusiness.delete(id);
      blocked.delete(id);
      target.add(id);
    }
  }

  const endpointRules = new Map<string, EndpointRule[]>();
  if (profile.endpointFiltering) {
    endpointRules.set("Http", [{ ...DENY_ALL }]);
    for (const [kind, connector] of Object.entries(ENDPOINT_FILTERED_KNOWLEDGE)) {
      const urls = sortedUnique(knowledge.filter((k) => k.kind === kind && k.url !== undefined).map((k) => k.url!));
      if (urls.length > 0) {
        endpointRules.set(connector, [
          ...urls.map((u): EndpointRule => ({ behavior: "allow", endpoint: u })),
          { ...DENY_ALL },
        ]);
      }
    }
  }
  for (const [id, rules] of Object.entries(cp?.endpointRules ?? {})) {
    const list = rules.map((r) => ({ behavior: r.behavior, endpoint: r.endpoint }));
    if (profile.endpointFiltering && list[list.length - 1]?.endpoint !== "*") list.push({ ...DENY_ALL });
    endpointRules.set(bareConnectorId(id), list);
  }

  return {
    displayName: cp?.displayName ?? defaultName,
    defaultGroup: cp?.defaultGroup ?? profile.defaultConnectorGroup,
    business: [...business].sort(),
    nonBusiness: [...nonBusiness].sort(),
    blocked: [...blocked].sort(),
    endpointRules: sortedRecord(endpointRules),
    actionRules: sortedRecord(
      Object.entries(cp?.actionRules ?? {}).map(([id, r]) => [
        bareConnectorId(id),
        { defaultBehavior: r.defaultBehavior, actions: sortedRecord(Object.entries(r.actions ?? {})) },
      ]),
    ),
    customConnectorPatterns: [...(cp?.customConnectorPatterns ?? [])]
      .sort((a, b) => a.order - b.order)
      .map((p) => ({ order: p.order, classification: p.classification, pattern: p.pattern })),
  };
}

function resolveReadiness(spec: WorkloadSpec, file: string | undefined): ReadinessModel {
  const r = spec.readiness;
  const signOffs: ReadinessModel["signOffs"] = {};
  for (const role of SIGN_OFF_ROLES) {
    const s = r?.signOffs?.[role];
    if (s) {
      const signOff: SignOff = { name: s.name, email: s.email, date: s.date, problemRevision: s.problemRevision };
      signOffs[role] = signOff;
    }
  }
  const base = file === undefined ? undefined : dirname(resolvePath(file));
  return {
    slos: { p95LatencyMs: r?.slos?.p95LatencyMs, throughputPerMinute: r?.slos?.throughputPerMinute },
    failureHandling: { fallback: r?.failureHandling?.fallback, escalationPath: r?.failureHandling?.escalationPath },
    rollback: { rtoMinutes: r?.rollback?.rtoMinutes },
    signOffs,
    evidence: mapRecord(
      r?.evidence,
      (e): EvidenceRef => ({
        kind: e.kind,
        file: e.file,
        resolvedPath: base === undefined ? undefined : resolvePath(base, e.file),
      }),
    ),
    evidenceWaivers: Object.fromEntries(
      PROOF_KINDS.flatMap((k) => {
        const reason = r?.evidenceWaivers?.[k];
        return reason === undefined ? [] : [[k, reason]];
      }),
    ),
  };
}
