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

import type { DataResidency } from "./residency.ts";

// The tenant baseline's model is part of the model entry point (`@govai/spec/model`), plain data like this file.
export * from "./baseline-model.ts";

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

/** Evidence kinds that prove a dimension (every kind but `other`); the ones a gate policy can require and a spec waive. */
export const PROOF_KINDS = ["loadTest", "evaluation", "restoreDrill", "penTest"] as const;
export type ProofKind = (typeof PROOF_KINDS)[number];

/**
 * The evaluation windows (`windowSize`) Azure Monitor log search alerts accept, in minutes, for rules evaluated every
 * 5 minutes as govai's are: PT5M, PT10M, PT15M, PT30M, PT45M, PT1H to PT6H, P1D and P2D (the azurerm provider's
 * `window_duration` documentation of scheduled query rules v2; PT1M is accepted only with a 1-minute frequency, and
 * then nothing above PT6H). The one definition: the spec schema accepts exactly these and the components' alert rules
 * turn them into ISO 8601 durations.
 */
export const ALERT_WINDOWS_MINUTES = [5, 10, 15, 30, 45, 60, 120, 180, 240, 300, 360, 1440, 2880] as const;
export type AlertWindowMinutes = (typeof ALERT_WINDOWS_MINUTES)[number];

/**
 * An IPv4 address or CIDR range (`10.0.0.0/8`, `203.0.113.7`), each octet at most 255 and the prefix at most 32: what
 * a stage's `firewall.allowedRanges` may hold. IPv6 ranges are not written by govai yet. The one definition: the spec
 * schema, the provider's Check and the client's converter all test this, so a range one layer accepts the next one
 * writes.
 */
export const IPV4_RANGE =
  /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\/(?:3[0-2]|[12]?\d))?$/;

/**
 * The largest individual-sharing cap govai writes to a managed environment (`maxLimitUserSharing`,
 * `bot-maxLimitUserSharing`, integer strings). The service documents no maximum there (the Terraform provider's
 * managed_environment resource validates none); this bound only keeps a typo from becoming a cap nobody meant. -1 means
 * no cap. The one definition: the spec schema, the provider's Check and the client's converter all hold it.
 */
export const MAX_SHARE_LIMIT = 10_000;

/**
 * The largest individual-sharing cap an environment group's rule set accepts: its `MaximumShareLimit` runs from -1 to
 * 99 (the Terraform provider's environment_group_rule_set resource, `MaximumShareLimit: (-1..99)`). The one
 * definition: the baseline schema, the provider's Check and the rule-set converter all hold it.
 */
export const GROUP_MAX_SHARE_LIMIT = 99;

/** A person: used for accountability, contacts, alert recipients and sign-offs. */
export interface Person {
  /** Full name. */
  name: string;
  /** E-mail address (validated as `local@domain.tld`). */
  email: string;
}

/** Workload identity and ownership (the spec's `metadata`). */
export interface WorkloadMetadata {
  /** DNS-safe workload name: lower-case letters, digits and hyphens, 3–24 characters, starting with a letter. */
  name: string;
  /** Human name of the workload; the default environment display names are `<displayName> (<stage>)`. */
  displayName: string;
  /** What the workload is for. Default `""`. */
  description: string;
  /** Team that owns and operates the workload. */
  owningTeam: string;
  /** The one person accountable for the workload reaching production (an abandoned pilot has none). */
  accountable: Person;
  /** Business unit paying for and benefiting from the workload. */
  businessUnit: string;
  /** Cost center; also the `cost-center` tag of every resource. */
  costCenter: string;
  /** User tags, merged into every resource's tags under the standard ones. */
  tags: Record<string, string>;
  /**
   * Where the workload's data may live (`eu`, `us` or one Power Platform geography); undefined = not declared. The
   * gate fails a stage whose geography or Azure region lies outside it; it is also the `data-residency` tag.
   */
  dataResidency: DataResidency | undefined;
}

/** A success metric of the problem definition, keyed by the metric's name. */
export interface SuccessMetric {
  /** What the metric measures. Default `""`. */
  description: string;
  /** The value today, before the agent. */
  baseline: number;
  /** The value that counts as success. */
  target: number;
  /** Unit of baseline and target, e.g. `minutes`, `%`. */
  unit: string;
  /** Where the metric is measured (a dashboard, a KQL query, a report). A metric measured nowhere is a zombie signal. */
  measuredIn: string;
}

/** The problem definition and its lock. */
export interface ProblemDefinition {
  /** The problem, trimmed. Part of the digest. */
  statement: string;
  /** Success metrics keyed by name (at least one). Part of the digest. */
  successMetrics: Record<string, SuccessMetric>;
  /** What the agent deliberately does not do. Not part of the digest. */
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
  /** Team that owns the data. */
  owningTeam: string;
  /** Who to call about this data. */
  contact: Person;
  classification: DataClassification;
  /** Whether the agent reads, writes or both. */
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

/** A knowledge source of the agent, keyed by a name the user chose. Its kind decides the governing DLP connector. */
export interface AgentKnowledgeSource {
  kind: KnowledgeKind;
  /** The data source (a key of `dataSources`) this knowledge comes from, if any. */
  dataSource: string | undefined;
  /** Site or web URL for SharePoint and public-website knowledge. */
  url: string | undefined;
}

/** A connector action (tool) of the agent, keyed by a name the user chose. */
export interface AgentAction {
  /** Bare connector id the action goes through. */
  connector: string;
  /** Operation id of the connector action, e.g. `CreateIncident`. */
  operation: string;
  /** The data source (a key of `dataSources`) the action touches, if any. */
  dataSource: string | undefined;
}

/** The Copilot Studio agent. */
export interface AgentModel {
  platform: "copilotStudio";
  /** Agent name. Default: `metadata.displayName`. */
  displayName: string;
  /** Bot id (schema name or GUID) once the agent exists; needed for the telemetry binding. */
  botId: string | undefined;
  /** Default `{ mode: "entra", requireSignIn: true }`; `requireSignIn` defaults to false only with mode `none`. */
  authentication: { mode: AgentAuthMode; requireSignIn: boolean };
  /** Channels the agent is published to, in `AGENT_CHANNELS` order. Default `["teams"]`. */
  channels: AgentChannel[];
  /** Knowledge sources keyed by name. */
  knowledgeSources: Record<string, AgentKnowledgeSource>;
  /** Connector ids the agent's tools use (deduplicated, sorted). */
  connectors: string[];
  /** Connector actions keyed by name. */
  actions: Record<string, AgentAction>;
}

/** The Power Platform environment of one stage, with Dataverse. */
export interface EnvironmentModel {
  /** Display name; derived `<displayName> (<stage>)` unless overridden. */
  displayName: string;
  /** Default `<stage> environment of the governed AI workload <name>`. */
  description: string;
  /** Default Sandbox in dev and test, Production in prod. Changing it goes through `modifySku`. */
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
  /**
   * The environment group the environment joins (a GUID, lower-case), or undefined for none. A grouped environment's
   * sharing, solution checker, usage insights and maker welcome come from the group's rules (a tenant baseline's
   * `environmentGroups.<name>.rules`), so `managedEnvironment` then holds the profile's values, which nothing applies.
   * Optional in the type only so that models built by hand before the field existed stay valid; resolve() always
   * sets it.
   */
  environmentGroupId?: string | undefined;
}

/** One connector endpoint-filtering rule; rules are evaluated in list order, `*` last. */
export interface EndpointRule {
  behavior: "allow" | "deny";
  /** URL, host or pattern; `*` matches everything. */
  endpoint: string;
}

/** Allow or block individual actions of one connector. */
export interface ActionRules {
  /** Behaviour for actions not listed, including actions the connector gains later. */
  defaultBehavior: "allow" | "block";
  /** Keyed by action (operation) id. */
  actions: Record<string, "allow" | "block">;
}

export interface CustomConnectorPattern {
  /** 1-based evaluation order; the `*` rule must be last. */
  order: number;
  /** Group of custom connectors whose host matches; `ignore` = not evaluated by this policy. */
  classification: ConnectorGroup | "ignore";
  /** Host pattern such as `https://*.contoso.com`, or `*`. */
  pattern: string;
}

/** The DLP data policy that covers exactly this stage's environment. */
export interface ConnectorPolicyModel {
  displayName: string;
  /** Where connectors nobody classified land, including connectors Microsoft adds later. */
  defaultGroup: ConnectorGroup;
  /** Bare connector ids per group; sorted, disjoint. Includes the Copilot Studio capability connectors. */
  business: string[];
  /** Non-business (wire: `General`) connector ids, sorted. */
  nonBusiness: string[];
  /** Blocked connector ids, sorted: every Copilot Studio capability the agent does not use, plus the spec's. */
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
  /**
   * Sharing limits. Apps: `isGroupSharingDisabled`, `limitSharingMode`, `maxLimitUserSharing` (-1 = no cap).
   * Flows: `solutionCloudFlows-limitSharingMode`. Agents (`bot-*`): editor sharing, viewer mode, most viewers; they
   * apply only to agents that require authentication.
   */
  sharing: {
    apps: { groupSharingDisabled: boolean; mode: Exclude<SharingMode, "disableSharing">; maxUsers: number };
    flows: { mode: "noLimit" | "disableSharing" };
    agents: { editorSharingDisabled: boolean; mode: SharingMode; maxViewers: number };
  };
  /** Solution checker on import: `block` in test and prod by default; rule codes excluded; e-mails only on block. */
  solutionChecker: { mode: SolutionCheckerMode; ruleOverrides: string[]; suppressValidationEmails: boolean };
  /** Include the environment in the weekly usage-insights digest. */
  usageInsights: boolean;
  /** Maker welcome content (`makerOnboardingMarkdown`, `makerOnboardingUrl`); undefined = none. */
  makerWelcome: { markdown: string; url: string | undefined } | undefined;
}

/** Dataverse auditing (organisation columns `isauditenabled`, `isuseraccessauditenabled`, `isreadauditenabled`). */
export interface AuditingModel {
  enabled: boolean;
  /** Log user access. */
  userAccessAudit: boolean;
  /** Log reads (noisy). Default off. */
  readAudit: boolean;
  /** Days to keep audit logs, 31–24855, or -1 to keep forever. */
  retentionDays: number;
}

/** Dataverse IP firewall and cookie binding. A wrong `enforce` can lock every caller out: audit first. */
export interface FirewallModel {
  /** Default `audit`; prod `enforce` when ranges or service tags are given. */
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
  /** Create a Log Analytics workspace with this retention (30–730 days), or adopt an existing one by resource id. */
  workspace: { mode: "create"; retentionDays: number } | { mode: "existing"; resourceId: string };
  /** Percentage of telemetry kept, 0 < x ≤ 100. */
  samplingPercentage: number;
  /** Copilot Studio `includeActivities`: messages and events. */
  logActivities: boolean;
  /** Copilot Studio `includeActions`: topic node executions. */
  logActions: boolean;
  /** Log message text and user identity. Off by default; allowed only in dev. */
  logSensitiveActivity: boolean;
  /**
   * Bind the Copilot Studio agent to this stage's Application Insights (the `CopilotTelemetry` resource, which needs
   * `agent.botId` and a delegated user). Default false: the stack binds nothing unless asked.
   */
  bindAgent: boolean;
}

export interface AlertsModel {
  /** Alert when p95 turn latency exceeds this many milliseconds over the window. */
  p95LatencyMs: number;
  /** Alert when the failure rate (exceptions + failed dependencies per turn) exceeds this percentage. */
  failureRatePercent: number;
  /** Dynamic-threshold alert on conversation volume. */
  volumeAnomaly: { enabled: boolean; sensitivity: "low" | "medium" | "high" };
  /** Evaluation window of the alert rules, one of `ALERT_WINDOWS_MINUTES` (5 minutes to 2 days). */
  windowMinutes: number;
  /** People notified by the action group, keyed by a name the user chose. Defaults to the accountable person. */
  notify: Record<string, Person>;
}

/** A federated identity credential of an Entra application. */
export interface FederatedCredential {
  /** Token issuer, e.g. `https://token.actions.githubusercontent.com`. */
  issuer: string;
  /** Subject the token must carry, e.g. `repo:org/name:environment:prod`. */
  subject: string;
  /** Audience, normally `api://AzureADTokenExchange`. */
  audience: string;
}

/** The pipeline's identity: an Entra application with federated credentials, System Administrator in its environment. */
export interface DeploymentIdentityModel {
  /** Entra application display name. Default `names.deploymentApplication`. */
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

/** A non-interactive identity the agent's flows or tools run as, with a Dataverse application user. */
export interface RuntimeIdentityModel {
  /** Entra application display name. Default `govai-<name>-<stage>-<key>`. */
  displayName: string;
  /** Client id of an existing Entra application; undefined = the component creates one. */
  existingClientId: string | undefined;
  /** Dataverse security roles of its application user. Never System Administrator in prod. */
  roles: string[];
}

/** Identities of one stage. */
export interface IdentitiesModel {
  deployment: DeploymentIdentityModel;
  /** Runtime identities keyed by a name the user chose. */
  runtime: Record<string, RuntimeIdentityModel>;
  /** Create Entra security groups for the admins and makers (otherwise the given object ids are used). */
  createGroups: boolean;
}

/** Cost guardrails of one stage: an Azure consumption budget and the unit-cost target. */
export interface CostModel {
  /** Monthly budget in `currency`. */
  monthlyBudget: number;
  /** ISO 4217 code. Default USD, or prod's in dev and test. */
  currency: string;
  /** Forecast interactions per month; 0 = not declared. */
  expectedInteractionsPerMonth: number;
  /** Target cost per interaction in `currency`; 0 = not declared. */
  targetCostPerInteraction: number;
  /** Budget notification thresholds, percent of the monthly budget, ascending. */
  alertThresholdsPercent: number[];
}

/** Protection of a stage's resources from deletion. */
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
  /** The Power Platform environment with Dataverse. */
  environment: EnvironmentModel;
  /** Entra group object ids (or, with `identities.createGroups`, display names to create). */
  groups: { admins: string[]; makers: string[] };
  /** The DLP policy scoped to this stage's environment. */
  connectorPolicy: ConnectorPolicyModel;
  /** Managed-environment governance settings. */
  managedEnvironment: ManagedEnvironmentModel;
  /** Dataverse auditing. */
  auditing: AuditingModel;
  /** Dataverse IP firewall and cookie binding. */
  firewall: FirewallModel;
  /** Log Analytics, App Insights and agent logging flags. */
  telemetry: TelemetryModel;
  /** Alert rules and who they notify. */
  alerts: AlertsModel;
  /** Deployment and runtime identities. */
  identities: IdentitiesModel;
  /** Budget and unit-cost target. */
  cost: CostModel;
  /** Deletion protection. */
  protection: ProtectionModel;
  /** Resource names: derived, or the spec's `names`. */
  names: StageNames;
  /** Tags for every resource of the stage: workload, stage, owner, cost center, problem revision, then user tags. */
  tags: Record<string, string>;
  /** Azure resource group: created (`names.resourceGroup`) or an existing one by name. */
  resourceGroup: { mode: "create" } | { mode: "existing"; name: string };
  /**
   * The pay-as-you-go billing policy (a GUID, lower-case) the environment is linked to, or undefined for none.
   * Optional in the type only so that models built by hand before the field existed stay valid; resolve() always
   * sets it.
   */
  billingPolicyId?: string | undefined;
}

/** A recorded approval of one sign-off role. */
export interface SignOff {
  /** Who approved. */
  name: string;
  /** Their e-mail address, if given. */
  email: string | undefined;
  /** ISO date (YYYY-MM-DD) of the approval. */
  date: string;
  /** The problem revision this sign-off approved. */
  problemRevision: number;
}

/** An evidence file the gate reads, keyed by a name the user chose. */
export interface EvidenceRef {
  kind: EvidenceKind;
  /** Path as written in the spec, relative to the spec file. */
  file: string;
  /** Absolute path, when the spec was loaded from a file. */
  resolvedPath: string | undefined;
}

/** Production-readiness declarations evaluated by the gate. */
export interface ReadinessModel {
  /** Declared service-level objectives; undefined = not declared. */
  slos: { p95LatencyMs: number | undefined; throughputPerMinute: number | undefined };
  /** The designed fallback and escalation path; undefined = not declared. */
  failureHandling: { fallback: string | undefined; escalationPath: string | undefined };
  /** Recovery time objective in minutes; undefined = not declared. */
  rollback: { rtoMinutes: number | undefined };
  /** The sign-offs recorded so far, by role (missing roles are absent). */
  signOffs: Partial<Record<SignOffRole, SignOff>>;
  /** Evidence files keyed by name. */
  evidence: Record<string, EvidenceRef>;
  /**
   * Evidence kinds the gate may do without where its policy requires them (prod by default), each with the stated
   * reason. Every waiver is also recorded in `overrides` (path `readiness.evidenceWaivers.<kind>`).
   */
  evidenceWaivers: Partial<Record<ProofKind, string>>;
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
  /** Identity and ownership. */
  metadata: WorkloadMetadata;
  /** The problem definition, its digest and declared lock. */
  problem: ProblemDefinition;
  /** Data sources keyed by name. */
  dataSources: Record<string, DataSource>;
  /** The Copilot Studio agent. */
  agent: AgentModel;
  /** The stages present, keyed by stage name; `prod` is always present. */
  stages: Partial<Record<StageName, StageModel>> & { prod: StageModel };
  /** Stages the spec leaves out, with the stated reason. */
  omittedStages: Partial<Record<StageName, string>>;
  /** Production-readiness declarations for the gate. */
  readiness: ReadinessModel;
  /** Every value that differs from its stage profile's default, in a stable order (stage, then path). */
  overrides: Override[];
  /** Where the spec was loaded from, when it came from a file. */
  source: { file: string } | undefined;
}

/** Bare connector id: the last segment of a `/providers/Microsoft.PowerApps/apis/<name>` id. */
export function bareConnectorId(id: string): string {
  const i = id.lastIndexOf("/");
  return i === -1 ? id : id.slice(i + 1);
}

/**
 * The one comparison key of a connector: `shared_x`, `/providers/Microsoft.PowerApps/apis/shared_x` and `Shared_X`
 * are one connector (the last path segment, lower-cased). Virtual ids (`PvaAuth`, `Http`) compare the same way.
 */
export function connectorKey(id: string): string {
  return bareConnectorId(id).toLowerCase();
}

/**
 * Every resource type of govai's Power Platform provider, by the last part of its type token. The one list: the
 * provider serves exactly these, and the components, the policy pack and the CLI name them through
 * {@link powerPlatformToken}.
 */
export const POWER_PLATFORM_RESOURCE_TYPES = [
  "Environment",
  "ManagedEnvironment",
  "DataPolicy",
  "EnvironmentSettings",
  "ApplicationUser",
  "CopilotTelemetry",
  "AdminApplication",
  "SolutionDeployment",
  "TenantSettings",
  "BillingPolicy",
  "BillingPolicyEnvironment",
  "EnvironmentGroup",
  "EnvironmentGroupRuleSet",
] as const;

/** A Power Platform resource type name (the last part of its token). */
export type PowerPlatformResourceType = (typeof POWER_PLATFORM_RESOURCE_TYPES)[number];

/** The prefix of every type token of govai's Power Platform provider (package `govai`, module `powerplatform`). */
export const POWER_PLATFORM_TOKEN_PREFIX = "govai:powerplatform:";

/** The type token of a Power Platform resource, e.g. `govai:powerplatform:Environment`. */
export function powerPlatformToken<N extends PowerPlatformResourceType>(name: N): `govai:powerplatform:${N}` {
  return `${POWER_PLATFORM_TOKEN_PREFIX}${name}` as `govai:powerplatform:${N}`;
}
