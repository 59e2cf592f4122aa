import type { ConnectorGroup, SharingMode, SolutionCheckerMode, StageModel } from "@govai/spec";

/** Why the Copilot Studio telemetry binding is or is not part of a stage. */
export const COPILOT_TELEMETRY_STATES = ["bound", "skippedNoBotId", "skippedNotEnabled"] as const;
/** State of the Copilot Studio telemetry binding in a stage. */
export type CopilotTelemetryState = (typeof COPILOT_TELEMETRY_STATES)[number];

/**
 * What one stage enforces, as plain data: the stage's governance at a glance for reviewers, a stack output and the
 * CLI's plan. Derived from the model only (no cloud reads), so it is known at preview.
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
  /** Managed-environment sharing limits for agents, apps and flows. */
  sharing: {
    agents: { editorSharingDisabled: boolean; mode: SharingMode; maxViewers: number };
    apps: { groupSharingDisabled: boolean; mode: SharingMode; maxUsers: number };
    flows: { mode: "noLimit" | "disableSharing" };
  };
  /** Solution checker enforcement on import. */
  solutionChecker: SolutionCheckerMode;
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

/** The governance summary of one stage. */
export function governanceSummary(
  stage: StageModel,
  copilotTelemetryBinding: CopilotTelemetryState,
  gated: boolean,
): GovernanceSummary {
  const keys = (m: Record<string, unknown>) => Object.keys(m).sort();
  return {
    stage: stage.name,
    environment: {
      type: stage.environment.type,
      location: stage.environment.location,
      azureRegion: stage.environment.azureRegion,
      domain: stage.environment.dataverse.domain,
      securityGroupSet: stage.environment.dataverse.securityGroupId !== undefined,
    },
    dlp: {
      displayName: stage.connectorPolicy.displayName,
      defaultGroup: stage.connectorPolicy.defaultGroup,
      business: [...stage.connectorPolicy.business].sort(),
      nonBusiness: [...stage.connectorPolicy.nonBusiness].sort(),
      blocked: [...stage.connectorPolicy.blocked].sort(),
      endpointFiltered: keys(stage.connectorPolicy.endpointRules),
    },
    sharing: {
      agents: { ...stage.managedEnvironment.sharing.agents },
      apps: { ...stage.managedEnvironment.sharing.apps },
      flows: { ...stage.managedEnvironment.sharing.flows },
    },
    solutionChecker: stage.managedEnvironment.solutionChecker.mode,
    auditing: { ...stage.auditing },
    firewall: { mode: stage.firewall.mode, cookieBinding: stage.firewall.cookieBinding },
    identities: {
      deployment: {
        federatedCredentials: keys(stage.identities.deployment.federatedCredentials),
        clientSecret: stage.identities.deployment.clientSecret !== undefined,
        roles: [...stage.identities.deployment.roles].sort(),
      },
      runtime: Object.fromEntries(
        keys(stage.identities.runtime).map((k) => {
          const rt = stage.identities.runtime[k]!;
          return [k, { created: rt.existingClientId === undefined, roles: [...rt.roles].sort() }];
        }),
      ),
    },
    telemetry: {
      workspace: stage.telemetry.workspace.mode,
      logSensitiveActivity: stage.telemetry.logSensitiveActivity,
      appInsightsLocalAuthException: true,
      copilotTelemetryBinding,
    },
    alerts: {
      p95LatencyMs: stage.alerts.p95LatencyMs,
      failureRatePercent: stage.alerts.failureRatePercent,
      windowMinutes: stage.alerts.windowMinutes,
      notify: keys(stage.alerts.notify),
    },
    cost: {
      monthlyBudget: stage.cost.monthlyBudget,
      alertThresholdsPercent: [...stage.cost.alertThresholdsPercent].sort((a, b) => a - b),
    },
    protection: {
      protectFromDeletion: stage.protection.protectFromDeletion,
      retainDataverseOnDelete: !stage.protection.allowDataverseDeletion,
    },
    gate: gated ? "passed" : "notGated",
  };
}
