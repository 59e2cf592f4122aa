import {
  CONTROLS,
  type ConnectorGroup,
  type Control,
  type SharingMode,
  type SolutionCheckerMode,
  type StageModel,
  summaryValue,
  type WorkloadModel,
} from "@govai/spec";

/** Why the Copilot Studio telemetry binding is or is not part of a stage. */
export const COPILOT_TELEMETRY_STATES = ["bound", "skippedNoBotId", "skippedNotEnabled"] as const;
/** State of the Copilot Studio telemetry binding in a stage. */
export type CopilotTelemetryState = (typeof COPILOT_TELEMETRY_STATES)[number];

/**
 * What one stage enforces, as plain data: the stage's governance at a glance for reviewers, a stack output and the
 * CLI's plan. Derived from the model only (no cloud reads), so it is known at preview. The fields below are those of
 * today's catalogue; a stage control added to the catalogue adds its value at the path it names.
 */
export interface GovernanceSummary {
  /** The stage. */
  stage: StageModel["name"];
  /** The environment: type, geography, region, Dataverse domain, whether a security group restricts access. */
  environment: { type: string; location: string; azureRegion: string; domain: string; securityGroupSet: boolean };
  /** The DLP policy: groups (sorted), default group, connectors with endpoint filtering. */
  dlp: {
    displayName: string;
    defaultGroup: ConnectorGroup;
    business: string[];
    nonBusiness: string[];
    blocked: string[];
    endpointFiltered: string[];
  };
  /**
   * The environment group the stage's environment joins, when it joins one: its rules (the tenant baseline's rule
   * set) then govern app sharing, solution checker, usage insights and maker welcome (agent sharing, which a group
   * cannot limit yet, keeps the tenant's defaults), the stage registers no
   * ManagedEnvironment, and `sharing` and `solutionChecker` are left out of this summary (nothing of the stage's
   * would apply them).
   */
  environmentGroup?: { id: string; governs: string[]; note: string };
  /** The pay-as-you-go billing policy the environment is linked to, when it is linked to one. */
  billingPolicyId?: string;
  /** Managed-environment sharing limits for agents, apps and flows; absent when an environment group governs them. */
  sharing?: {
    agents: { editorSharingDisabled: boolean; mode: SharingMode; maxViewers: number };
    apps: { groupSharingDisabled: boolean; mode: SharingMode; maxUsers: number };
    flows: { mode: "noLimit" | "disableSharing" };
  };
  /** Solution checker enforcement on import; absent when an environment group governs it. */
  solutionChecker?: SolutionCheckerMode;
  /** Dataverse auditing and retention. */
  auditing: { enabled: boolean; userAccessAudit: boolean; readAudit: boolean; retentionDays: number };
  /** Dataverse IP firewall mode and cookie binding. */
  firewall: { mode: string; cookieBinding: boolean };
  /** Federated credentials, whether a client secret exists, roles; runtime identities created or adopted. */
  identities: {
    deployment: { federatedCredentials: string[]; clientSecret: boolean; roles: string[] };
    runtime: Record<string, { created: boolean; roles: string[] }>;
  };
  /** Workspace created or adopted, sensitive logging, the local-auth exception, the Copilot Studio binding. */
  telemetry: {
    workspace: "create" | "existing";
    logSensitiveActivity: boolean;
    /** Always true: the agent's App Insights keeps local auth (the named exception). */
    appInsightsLocalAuthException: true;
    copilotTelemetryBinding: CopilotTelemetryState;
  };
  /** SLO alert thresholds, window and the keys of the people notified. */
  alerts: { p95LatencyMs: number; failureRatePercent: number; windowMinutes: number; notify: string[] };
  /** Monthly budget (0 = none created) and notification thresholds. */
  cost: { monthlyBudget: number; alertThresholdsPercent: number[] };
  /** Pulumi protect on the data resources; environment kept on delete. */
  protection: { protectFromDeletion: boolean; retainDataverseOnDelete: boolean };
  /** `passed`: the gate ran and passed (prod); `notGated`: the stage is not gated. */
  gate: "passed" | "notGated";
}

/** What an environment group's rules govern in a stage that joins it (instead of the stage's managedEnvironment). */
export const GROUP_GOVERNED = ["sharing.apps", "solutionChecker", "usageInsights", "makerWelcome"] as const;

/** The governance summary's (and the plan's) account of a stage whose environment joins environment group `id`. */
export function environmentGroupNote(id: string): { id: string; governs: string[]; note: string } {
  return {
    id,
    governs: [...GROUP_GOVERNED],
    note: `the environment joins environment group ${id}: the group's rules govern app sharing, solution checker, usage insights and maker welcome (agent sharing, which a group cannot limit yet, keeps the tenant's defaults), so the stage registers no ManagedEnvironment`,
  };
}

/** Sets the dotted `path` of `target` to `value`, merging an object value into an object already there. */
function place(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  const last = keys.pop()!;
  let node = target;
  for (const k of keys) {
    if (node[k] === null || typeof node[k] !== "object") node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  const here = node[last];
  const isObject = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
  node[last] = isObject(here) && isObject(value) ? { ...(here as object), ...(value as object) } : value;
}

/**
 * The governance summary of one stage: what the stage is (its environment, its DLP's name, the telemetry exception
 * and binding, whether it was gated) and the value of every stage control of the catalogue (`CONTROLS` of
 * `@govai/spec`, or `controls`) at the place the control names, so a control added to the catalogue is part of it.
 */
export function governanceSummary(
  model: WorkloadModel,
  stage: StageModel,
  copilotTelemetryBinding: CopilotTelemetryState,
  gated: boolean,
  controls: readonly Control[] = CONTROLS,
): GovernanceSummary {
  const summary: Record<string, unknown> = {
    stage: stage.name,
    environment: {
      type: stage.environment.type,
      location: stage.environment.location,
      azureRegion: stage.environment.azureRegion,
      domain: stage.environment.dataverse.domain,
    },
    dlp: { displayName: stage.connectorPolicy.displayName },
  };
  const group = stage.environment.environmentGroupId;
  for (const control of controls) {
    if (control.scope !== "stage" || control.summary === false) continue;
    // A grouped environment's managed-environment settings are its group's rules: the stage's values apply nowhere.
    if (group !== undefined && control.id.startsWith("managedEnvironment.")) continue;
    place(summary, control.summary.at ?? control.id, summaryValue(control, model, stage));
  }
  if (group !== undefined) summary.environmentGroup = environmentGroupNote(group);
  if (stage.billingPolicyId !== undefined) summary.billingPolicyId = stage.billingPolicyId;
  place(summary, "telemetry", { appInsightsLocalAuthException: true, copilotTelemetryBinding });
  summary.gate = gated ? "passed" : "notGated";
  return summary as unknown as GovernanceSummary;
}
