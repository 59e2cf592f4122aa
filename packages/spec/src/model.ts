/**
 * The WorkloadModel: the resolved, fully defaulted desired state of one governed AI workload.
 *
 * `resolve(spec)` turns a validated `workload.yaml` into this plain-data model. Everything downstream reads the
 * model, never the raw spec: the Pulumi components materialise it, the gate evaluates it, the CLI renders plans,
 * diffs and portfolios from it. It holds no Pulumi types and no functions, so it can be serialised to JSON as is.
 *
 * Vocabulary: names the user chose are map keys (`Record<string, T>`), never array positions, so logical names and
 * Pulumi URNs survive reordering. Enumerations are `as const` objects with a derived union type.
 */

/** The three stages of a workload, in promotion order. */
export const STAGES = ["dev", "test", "prod"] as const;
/** A stage of a workload. Each stage is deployed by its own Pulumi stack (`<workload>-<stage>`). */
export type StageName = (typeof STAGES)[number];

/** Data classification of a data source, from least to most sensitive. */
export const DATA_CLASSIFICATIONS = ["public", "internal", "confidential", "restricted"] as const;
export type DataClassification = (typeof DATA_CLASSIFICATIONS)[number];

/**
 * DLP connector groups, in the admin centre's words. On the wire `business` is `Confidential` and `nonBusiness` is
 * `General`; that mapping lives in the REST client's converters only.
 */
export const CONNECTOR_GROUPS = ["business", "nonBusiness", "blocked"] as const;
export type ConnectorGroup = (typeof CONNECTOR_GROUPS)[number];

/** Power Platform environment types this library creates. Developer and Trial need a user owner, so they are not offered. */
export const ENVIRONMENT_TYPES = ["Sandbox", "Production"] as const;
export type EnvironmentType = (typeof ENVIRONMENT_TYPES)[number];

/** Sharing mode for canvas apps and agents (managed-environment `limitSharingMode` / `bot-limitSharingMode`). */
export const SHARING_MODES = ["noLimit", "excludeSharingToSecurityGroups", "disableSharing"] as const;
export type SharingMode = (typeof SHARING_MODES)[number];

/** Solution checker enforcement on import. */
export const SOLUTION_CHECKER_MODES = ["none", "warn", "block"] as const;
export type SolutionCheckerMode = (typeof SOLUTION_CHECKER_MODES)[number];

/** Dataverse IP firewall mode: off, log only (audit), or block (enforce). */
export const FIREWALL_MODES = ["off", "audit", "enforce"] as const;
export type FirewallMode = (typeof FIREWALL_MODES)[number];

/** The four sign-off roles the production-readiness gate requires for prod. */
export const SIGN_OFF_ROLES = ["it", "security", "legal", "businessOwner"] as const;
export type SignOffRole = (typeof SIGN_OFF_ROLES)[number];

/** How an agent authenticates its users. `entra` = "Authenticate with Microsoft"; `manual` = Entra ID v2 / OAuth2. */
export const AGENT_AUTH_MODES = ["entra", "manual", "none"] as const;
export type AgentAuthMode = (typeof AGENT_AUTH_MODES)[number];

/** Copilot Studio channels, each governed by a DLP virtual connector (see `COPILOT_CHANNEL_CONNECTORS`). */
export const AGENT_CHANNELS = ["teams", "directLine", "facebook", "omnichannel", "sharepoint", "whatsapp"] as const;
export type AgentChannel = (typeof AGENT_CHANNELS)[number];

/** Kinds of Copilot Studio knowledge sources, each governed by a DLP connector. */
export const KNOWLEDGE_KINDS = ["sharepoint", "publicWebsite", "documents", "dataverse"] as const;
export type KnowledgeKind = (typeof KNOWLEDGE_KINDS)[number];

/** Kinds of evidence files the gate understands. */
export const EVIDENCE_KINDS = ["loadTest", "evaluation", "restoreDrill", "penTest", "other"] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** A person: used for accountability, contacts, alert recipients and sign-offs. */
export interface Person {
  name: string;
  email: string;
}

/** Workload identity and ownership (the spec's `metadata`). */
export interface WorkloadMetadata {
  /** DNS-safe workload name: lower-case letters, digits and hyphens, 3–24 characters, starting with a letter. */
  name: string;
  displayName: string;
  description: string;
  owningTeam: string;
  /** The one person accountable for the workload reaching production (an abandoned pilot has none). */
  accountable: Person;
  businessUnit: string;
  costCenter: string;
  /** User tags, merged into every resource's tags under the standard ones. */
  tags: Record<string, string>;
}

/** A success metric of the problem definition, keyed by the metric's name. */
export interface SuccessMetric {
  description: string;
  baseline: number;
  target: number;
  unit: string;
  /** Where the metric is measured (a dashboard, a KQL query, a report). A metric measured nowhere is a zombie signal. */
  measuredIn: string;
}

/** The problem definition and its lock. */
export interface ProblemDefinition {
  statement: string;
  successMetrics: Record<string, SuccessMetric>;
  outOfScope: string[];
  /** Revision of the problem definition; sign-offs name the revision they approved. Starts at 1. */
  revision: number;
  /** The digest the spec declares for this revision (`sha256:<hex>`), or undefined if the spec declares none yet. */
  lockedDigest: string | undefined;
  /** The digest of the statement and success metrics as they are now (`sha256:<hex>` of a canonical JSON). */
  digest: string;
}

/** A data source the agent reads or writes, keyed by a name the user chose. */
export interface DataSource {
  /** The system of record, e.g. "SharePoint Online", "Dataverse", "ServiceNow". */
  system: string;
  owningTeam: string;
  contact: Person;
  classification: DataClassification;
  access: "read" | "write" | "readWrite";
  /**
   * Connector used to reach it, as a bare connector name (`shared_sharepointonline`, or a virtual connector id such
   * as `Http`). The spec also accepts a full `/providers/Microsoft.PowerApps/apis/<name>` id; resolve() keeps the
   * last segment, so every connector id in the model is bare.
   */
  connector: string;
  /** Freshness or SLA the agent relies on, free text ("updated nightly", "99.9% business hours"). */
  freshness: string | undefined;
}

export interface AgentKnowledgeSource {
  kind: KnowledgeKind;
  /** The data source (a key of `dataSources`) this knowledge comes from, if any. */
  dataSource: string | undefined;
  /** Site or web URL for SharePoint and public-website knowledge. */
  url: string | undefined;
}

export interface AgentAction {
  /** Connector id the action goes through. */
  connector: string;
  /** Operation id of the connector action, e.g. `CreateIncident`. */
  operation: string;
  /** The data source (a key of `dataSources`) the action touches, if any. */
  dataSource: string | undefined;
}

/** The Copilot Studio agent. */
export interface AgentModel {
  platform: "copilotStudio";
  displayName: string;
  /** Bot id (schema name or GUID) once the agent exists; needed for the telemetry binding. */
  botId: string | undefined;
  authentication: { mode: AgentAuthMode; requireSignIn: boolean };
  channels: AgentChannel[];
  knowledgeSources: Record<string, AgentKnowledgeSource>;
  /** Connector ids the agent's tools use (deduplicated, sorted). */
  connectors: string[];
  actions: Record<string, AgentAction>;
}

/** The Power Platform environment of one stage, with Dataverse. */
export interface EnvironmentModel {
  /** Display name; derived `<displayName> (<stage>)` unless overridden. */
  displayName: string;
  description: string;
  type: EnvironmentType;
  /** Power Platform geography, e.g. `europe`, `unitedstates`. Changing it replaces the environment. */
  location: string;
  /** Azure region inside the geography, e.g. `westeurope`; also the region of the stage's Azure resources. */
  azureRegion: string;
  dataverse: {
    /** LCID of the base language, e.g. 1033. Changing it replaces the environment. */
    language: number;
    /** ISO currency code. Changing it replaces the environment. */
    currency: string;
    /** Dataverse domain (lower-case, DNS-safe, at most 63 chars); derived `<name>-<stage>` unless overridden. */
    domain: string;
    /** Entra security group object id restricting who can access the environment; undefined = none. */
    securityGroupId: string | undefined;
  };
}

export interface EndpointRule {
  behavior: "allow" | "deny";
  endpoint: string;
}

export interface ActionRules {
  /** Behaviour for actions not listed, including actions the connector gains later. */
  defaultBehavior: "allow" | "block";
  /** Keyed by action (operation) id. */
  actions: Record<string, "allow" | "block">;
}

export interface CustomConnectorPattern {
  /** 1-based evaluation order; the `*` rule must be last. */
  order: number;
  classification: ConnectorGroup | "ignore";
  pattern: string;
}

/** The DLP data policy that covers exactly this stage's environment. */
export interface ConnectorPolicyModel {
  displayName: string;
  /** Where connectors nobody classified land, including connectors Microsoft adds later. */
  defaultGroup: ConnectorGroup;
  /** Connector ids per group; sorted, disjoint. Includes the Copilot Studio capability connectors. */
  business: string[];
  nonBusiness: string[];
  blocked: string[];
  /** Ordered endpoint rules per connector id (HTTP, SQL, Blob, SMTP, Copilot Studio knowledge connectors). */
  endpointRules: Record<string, EndpointRule[]>;
  /** Action rules per connector id. */
  actionRules: Record<string, ActionRules>;
  /** Custom-connector host patterns, sorted by `order`, `*` last. */
  customConnectorPatterns: CustomConnectorPattern[];
}

/** Managed-environment governance settings of one stage. */
export interface ManagedEnvironmentModel {
  sharing: {
    apps: { groupSharingDisabled: boolean; mode: Exclude<SharingMode, "disableSharing">; maxUsers: number };
    flows: { mode: "noLimit" | "disableSharing" };
    agents: { editorSharingDisabled: boolean; mode: SharingMode; maxViewers: number };
  };
  solutionChecker: { mode: SolutionCheckerMode; ruleOverrides: string[]; suppressValidationEmails: boolean };
  /** Include the environment in the weekly usage-insights digest. */
  usageInsights: boolean;
  makerWelcome: { markdown: string; url: string | undefined } | undefined;
}

export interface AuditingModel {
  enabled: boolean;
  userAccessAudit: boolean;
  readAudit: boolean;
  /** Days to keep audit logs, 31–24855, or -1 to keep forever. */
  retentionDays: number;
}

export interface FirewallModel {
  mode: FirewallMode;
  /** CIDR ranges allowed to reach Dataverse. */
  allowedRanges: string[];
  /** Azure service tags allowed to reach Dataverse. */
  serviceTags: string[];
  allowMicrosoftTrustedServices: boolean;
  /** Application users bypass the firewall (keep on while the pipeline's principal needs access). */
  allowApplicationUsers: boolean;
  /** Bind session cookies to the client IP (Dataverse `enableipbasedcookiebinding`). */
  cookieBinding: boolean;
}

/** Telemetry: Log Analytics workspace (created or adopted), workspace-based App Insights, agent logging flags. */
export interface TelemetryModel {
  workspace: { mode: "create"; retentionDays: number } | { mode: "existing"; resourceId: string };
  /** Percentage of telemetry kept, 0 < x ≤ 100. */
  samplingPercentage: number;
  logActivities: boolean;
  logActions: boolean;
  /** Log message text and user identity. Off by default; allowed only in dev. */
  logSensitiveActivity: boolean;
}

export interface AlertsModel {
  /** Alert when p95 turn latency exceeds this many milliseconds over the window. */
  p95LatencyMs: number;
  /** Alert when the failure rate (exceptions + failed dependencies per turn) exceeds this percentage. */
  failureRatePercent: number;
  volumeAnomaly: { enabled: boolean; sensitivity: "low" | "medium" | "high" };
  windowMinutes: number;
  /** People notified by the action group, keyed by a name the user chose. Defaults to the accountable person. */
  notify: Record<string, Person>;
}

export interface FederatedCredential {
  issuer: string;
  subject: string;
  audience: string;
}

export interface DeploymentIdentityModel {
  displayName: string;
  /** Federated identity credentials keyed by name (GitHub Actions or Azure DevOps subjects). */
  federatedCredentials: Record<string, FederatedCredential>;
  /** A client secret only when the spec explicitly asks for one; it then expires after this many days. */
  clientSecret: { expiresInDays: number } | undefined;
  /** Entra object ids of the application's owners. */
  owners: string[];
  /** Dataverse security roles of the deployment identity's application user. */
  roles: string[];
}

export interface RuntimeIdentityModel {
  displayName: string;
  /** Client id of an existing Entra application; undefined = the component creates one. */
  existingClientId: string | undefined;
  /** Dataverse security roles of its application user. Never System Administrator in prod. */
  roles: string[];
}

export interface IdentitiesModel {
  deployment: DeploymentIdentityModel;
  /** Runtime identities keyed by a name the user chose. */
  runtime: Record<string, RuntimeIdentityModel>;
  /** Create Entra security groups for the admins and makers (otherwise the given object ids are used). */
  createGroups: boolean;
}

export interface CostModel {
  monthlyBudget: number;
  currency: string;
  expectedInteractionsPerMonth: number;
  targetCostPerInteraction: number;
  /** Budget notification thresholds, percent of the monthly budget, ascending. */
  alertThresholdsPercent: number[];
}

export interface ProtectionModel {
  /** Pulumi `protect` on the environment and data resources. */
  protectFromDeletion: boolean;
  /** Explicit opt-in to let a `pulumi destroy` delete Dataverse data. */
  allowDataverseDeletion: boolean;
}

/** Derived resource names of one stage, within each service's length and character limits. */
export interface StageNames {
  resourceGroup: string;
  logAnalyticsWorkspace: string;
  appInsights: string;
  actionGroup: string;
  /** Action group short name (shown in SMS and e-mail), at most 12 characters. */
  actionGroupShortName: string;
  budget: string;
  deploymentApplication: string;
  dlpPolicy: string;
}

/** The fully resolved desired state of one stage. */
export interface StageModel {
  name: StageName;
  environment: EnvironmentModel;
  /** Entra group object ids (or, with `identities.createGroups`, display names to create). */
  groups: { admins: string[]; makers: string[] };
  connectorPolicy: ConnectorPolicyModel;
  managedEnvironment: ManagedEnvironmentModel;
  auditing: AuditingModel;
  firewall: FirewallModel;
  telemetry: TelemetryModel;
  alerts: AlertsModel;
  identities: IdentitiesModel;
  cost: CostModel;
  protection: ProtectionModel;
  names: StageNames;
  /** Tags for every resource of the stage: workload, stage, owner, cost center, problem revision, then user tags. */
  tags: Record<string, string>;
  /** Azure resource group: created (`names.resourceGroup`) or an existing one by name. */
  resourceGroup: { mode: "create" } | { mode: "existing"; name: string };
}

export interface SignOff {
  name: string;
  email: string | undefined;
  /** ISO date (YYYY-MM-DD) of the approval. */
  date: string;
  /** The problem revision this sign-off approved. */
  problemRevision: number;
}

export interface EvidenceRef {
  kind: EvidenceKind;
  /** Path as written in the spec, relative to the spec file. */
  file: string;
  /** Absolute path, when the spec was loaded from a file. */
  resolvedPath: string | undefined;
}

/** Production-readiness declarations evaluated by the gate. */
export interface ReadinessModel {
  slos: { p95LatencyMs: number | undefined; throughputPerMinute: number | undefined };
  failureHandling: { fallback: string | undefined; escalationPath: string | undefined };
  rollback: { rtoMinutes: number | undefined; backupRetentionDays: number | undefined };
  signOffs: Partial<Record<SignOffRole, SignOff>>;
  evidence: Record<string, EvidenceRef>;
}

/** One place where the spec set a value different from the stage profile's default. */
export interface Override {
  /** The stage it applies to, or undefined for a workload-wide value. */
  stage: StageName | undefined;
  /** Dotted path in the model, e.g. `connectorPolicy.defaultGroup`. */
  path: string;
  defaultValue: unknown;
  value: unknown;
}

/** The resolved workload. */
export interface WorkloadModel {
  apiVersion: "govai/v1";
  metadata: WorkloadMetadata;
  problem: ProblemDefinition;
  dataSources: Record<string, DataSource>;
  agent: AgentModel;
  /** The stages present, keyed by stage name; `prod` is always present. */
  stages: Partial<Record<StageName, StageModel>> & { prod: StageModel };
  /** Stages the spec leaves out, with the stated reason. */
  omittedStages: Partial<Record<StageName, string>>;
  readiness: ReadinessModel;
  /** Every value that differs from its stage profile's default, in a stable order (stage, then path). */
  overrides: Override[];
  /** Where the spec was loaded from, when it came from a file. */
  source: { file: string } | undefined;
}
