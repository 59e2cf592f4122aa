/**
 * Stage profiles: the secure defaults of each stage, stricter by stage. Dev is for building, test mirrors prod,
 * prod is locked down. Every value here can be overridden in the spec's stage block; resolve() records each
 * override in `model.overrides`.
 *
 * Sources: governance-controls (sharing table, section 3.2; sensitive logging, 3.4; DLP, 1.4; auditing, 1.5).
 */
import type {
  AlertsModel,
  AuditingModel,
  ConnectorGroup,
  CostModel,
  EnvironmentType,
  FirewallMode,
  ManagedEnvironmentModel,
  ProtectionModel,
  StageName,
} from "./model.ts";

/** The defaults of one stage. Values that depend on the workload (names, agent use) are derived in resolve(). */
export interface StageProfile {
  environmentType: EnvironmentType;
  /** Base language LCID when neither this stage nor prod sets one. */
  language: number;
  /** Base currency when neither this stage nor prod sets one. */
  currency: string;
  /** Default DLP group of unclassified and future connectors. */
  defaultConnectorGroup: ConnectorGroup;
  /**
   * Endpoint filtering: deny everything on HTTP (`Http: [deny *]`), allow only the declared knowledge URLs on the
   * Copilot Studio knowledge connectors, and append a final deny `*` to user rule lists that lack one.
   */
  endpointFiltering: boolean;
  managedEnvironment: ManagedEnvironmentModel;
  auditing: AuditingModel;
  /** Firewall mode when allowed ranges or service tags are given, and when none are. */
  firewallMode: { withRanges: FirewallMode; withoutRanges: FirewallMode };
  firewall: { allowMicrosoftTrustedServices: boolean; allowApplicationUsers: boolean; cookieBinding: boolean };
  telemetry: {
    workspaceRetentionDays: number;
    samplingPercentage: number;
    logActivities: boolean;
    logActions: boolean;
    logSensitiveActivity: boolean;
    /** Bind the agent to the stage's Application Insights; off everywhere, because it needs a user to deploy. */
    bindAgent: boolean;
  };
  alerts: Omit<AlertsModel, "notify">;
  /** Dataverse roles of the deployment identity's application user. */
  deploymentRoles: string[];
  /** Dataverse roles of a runtime identity that names none. */
  runtimeRoles: string[];
  cost: Omit<CostModel, "currency"> & { currency: string };
  protection: ProtectionModel;
}

const sharedAuditing = { enabled: true, userAccessAudit: true, readAudit: false };

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Prod: locked down (governance-controls: new connectors blocked, sharing to a named audience, checker blocks). */
const PROD: StageProfile = {
  environmentType: "Production",
  language: 1033,
  currency: "USD",
  defaultConnectorGroup: "blocked",
  endpointFiltering: true,
  managedEnvironment: {
    sharing: {
      apps: { groupSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxUsers: 50 },
      flows: { mode: "disableSharing" },
      agents: { editorSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxViewers: 50 },
    },
    solutionChecker: { mode: "block", ruleOverrides: [], suppressValidationEmails: false },
    usageInsights: true,
    makerWelcome: undefined,
  },
  auditing: { ...sharedAuditing, retentionDays: 365 },
  firewallMode: { withRanges: "enforce", withoutRanges: "audit" },
  firewall: { allowMicrosoftTrustedServices: true, allowApplicationUsers: true, cookieBinding: true },
  telemetry: {
    workspaceRetentionDays: 90,
    samplingPercentage: 100,
    logActivities: true,
    logActions: true,
    logSensitiveActivity: false,
    bindAgent: false,
  },
  alerts: {
    p95LatencyMs: 8000,
    failureRatePercent: 2,
    volumeAnomaly: { enabled: true, sensitivity: "medium" },
    windowMinutes: 15,
  },
  deploymentRoles: ["System Administrator"],
  runtimeRoles: ["Basic User"],
  cost: {
    monthlyBudget: 1000,
    currency: "USD",
    expectedInteractionsPerMonth: 0,
    targetCostPerInteraction: 0,
    alertThresholdsPercent: [50, 80, 100],
  },
  protection: { protectFromDeletion: true, allowDataverseDeletion: false },
};

/**
 * Test mirrors prod, so that what passes test behaves the same in prod; it differs only where a test stage must:
 * a Sandbox environment, a smaller audience and budget, shorter retention, the firewall in audit mode, a looser
 * failure alert without anomaly detection, and no deletion protection.
 */
const TEST: StageProfile = {
  ...PROD,
  environmentType: "Sandbox",
  managedEnvironment: {
    ...PROD.managedEnvironment,
    sharing: {
      apps: { ...PROD.managedEnvironment.sharing.apps, maxUsers: 25 },
      flows: PROD.managedEnvironment.sharing.flows,
      agents: { ...PROD.managedEnvironment.sharing.agents, maxViewers: 25 },
    },
  },
  auditing: { ...PROD.auditing, retentionDays: 90 },
  firewallMode: { withRanges: "audit", withoutRanges: "audit" },
  telemetry: { ...PROD.telemetry, workspaceRetentionDays: 30 },
  alerts: { ...PROD.alerts, failureRatePercent: 5, volumeAnomaly: { enabled: false, sensitivity: "medium" } },
  cost: { ...PROD.cost, monthlyBudget: 200 },
  protection: { ...PROD.protection, protectFromDeletion: false },
};

/** The stage profiles (deeply frozen: the defaults cannot be changed at run time, only overridden in a spec). */
export const STAGE_PROFILES: Readonly<Record<StageName, StageProfile>> = deepFreeze({
  dev: {
    environmentType: "Sandbox",
    language: 1033,
    currency: "USD",
    defaultConnectorGroup: "nonBusiness",
    endpointFiltering: false,
    managedEnvironment: {
      sharing: {
        apps: { groupSharingDisabled: false, mode: "noLimit", maxUsers: -1 },
        flows: { mode: "noLimit" },
        agents: { editorSharingDisabled: false, mode: "excludeSharingToSecurityGroups", maxViewers: 10 },
      },
      solutionChecker: { mode: "warn", ruleOverrides: [], suppressValidationEmails: true },
      usageInsights: true,
      makerWelcome: undefined,
    },
    auditing: { ...sharedAuditing, retentionDays: 31 },
    firewallMode: { withRanges: "audit", withoutRanges: "audit" },
    firewall: { allowMicrosoftTrustedServices: true, allowApplicationUsers: true, cookieBinding: false },
    telemetry: {
      workspaceRetentionDays: 30,
      samplingPercentage: 100,
      logActivities: true,
      logActions: true,
      logSensitiveActivity: false,
      bindAgent: false,
    },
    alerts: {
      p95LatencyMs: 15000,
      failureRatePercent: 20,
      volumeAnomaly: { enabled: false, sensitivity: "medium" },
      windowMinutes: 60,
    },
    deploymentRoles: ["System Administrator"],
    runtimeRoles: ["Basic User"],
    cost: {
      monthlyBudget: 100,
      currency: "USD",
      expectedInteractionsPerMonth: 0,
      targetCostPerInteraction: 0,
      alertThresholdsPercent: [80, 100],
    },
    protection: { protectFromDeletion: false, allowDataverseDeletion: false },
  },
  test: TEST,
  prod: PROD,
});
