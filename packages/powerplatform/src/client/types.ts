/**
 * The types callers see. They use the vocabulary of the WorkloadModel (`@govai/spec`: connector groups, sharing
 * modes, solution-checker modes, the `dataverse` block) so the provider and the components map 1:1. Wire quirks
 * (zero GUIDs, string booleans, `Confidential`/`General`, `endPoint`) never appear here; the converters own them.
 */
import type { ConnectorGroup, SharingMode, SolutionCheckerMode } from "@govai/spec";

export type { ConnectorGroup, SharingMode, SolutionCheckerMode };

/** Options every operation accepts. */
export interface OperationOptions {
  /** Cancels the operation; the signal's reason is thrown. */
  signal?: AbortSignal;
  /** Deadline of the whole logical operation (all requests, retries and polling), in ms. Default: none beyond the per-call retry budget and the client's `operationTimeoutMs`. */
  timeoutMs?: number;
  /** Correlation id sent on every request of the operation (`x-ms-correlation-id`). Default: a new UUID. */
  correlationId?: string;
}

/** Environment types. The library creates `Sandbox` and `Production`; the others can be read. */
export type EnvironmentSku = "Sandbox" | "Production" | "Trial" | "Developer" | "Default";

/** The Dataverse database requested at create time. Same shape as `EnvironmentModel.dataverse`. */
export interface DataverseInput {
  /** LCID of the base language, e.g. 1033. Changing it replaces the environment. */
  language: number;
  /** ISO 4217 currency code, e.g. `EUR`. Changing it replaces the environment. */
  currency: string;
  /** Dataverse domain; lower-case letters, digits and hyphens, at most 63 characters. Lower-cased before sending. */
  domain: string;
  /** Entra security group object id restricting access; undefined (or the zero GUID) = none. */
  securityGroupId?: string | undefined;
  /** Dataverse templates, e.g. `D365_CDSSampleApp`. Not returned by reads; callers keep their inputs. */
  templates?: string[];
  /** `templateMetadata` passed through as is. */
  templateMetadata?: unknown;
}

/** Generative-AI switches of an environment (public cloud only). */
export interface EnvironmentAiSettings {
  /** `bingChatEnabled`: Bing search in copilots. */
  bingSearch?: boolean;
  /** `m365Enabled`: Microsoft 365 services in copilots. */
  m365Services?: boolean;
  /** `copilotPolicies.crossGeoCopilotDataMovementEnabled`. */
  crossGeoDataMovement?: boolean;
  /** `copilotPolicies.crossBoundaryCopilotDataMovementEnabled`; EU Data Boundary locations only. */
  crossBoundaryDataMovement?: boolean;
}

/** Input of {@link PowerPlatformClient.createEnvironment}. */
export interface EnvironmentCreateInput {
  /** Display name, 1–100 characters. */
  displayName: string;
  /** Description. Default none. */
  description?: string;
  /** Environment type. */
  type: EnvironmentSku;
  /** Power Platform geography, e.g. `europe`. */
  location: string;
  /** Azure region inside the geography, e.g. `westeurope`. Default: the service chooses. */
  azureRegion?: string;
  /** Update cadence. Default: the service's (`Moderate`). */
  updateCadence?: "Moderate" | "Frequent";
  /** Billing policy id; undefined = none (never sent as the zero GUID). */
  billingPolicyId?: string | undefined;
  /** Environment group id; undefined = none. The zero GUID is never sent on create. */
  environmentGroupId?: string | undefined;
  /** Put the environment on the early-release cluster. Default false. */
  earlyRelease?: boolean;
  /** Generative-AI switches; sent only in the public cloud. */
  ai?: EnvironmentAiSettings;
  /** Create a Dataverse database. Undefined = no Dataverse. */
  dataverse?: DataverseInput;
}

/** The Dataverse database of an environment, as read. */
export interface DataverseInfo {
  /** Organisation id (`resourceId`). */
  organizationId: string | undefined;
  uniqueName: string | undefined;
  /** Domain, lower-case. */
  domain: string;
  version: string | undefined;
  /** Organisation URL, e.g. `https://contoso.crm4.dynamics.com/` (the emulator returns a loopback URL). */
  url: string;
  apiUrl: string | undefined;
  language: number | undefined;
  /** undefined = no security group. */
  securityGroupId: string | undefined;
  backgroundOperationsEnabled: boolean | undefined;
  instanceState: string | undefined;
}

/** An environment, as read. */
export interface Environment {
  /** Environment id (a GUID, or `Default-<tenantId>`). */
  id: string;
  displayName: string;
  description: string;
  /** Environment type (`environmentSku`). */
  type: EnvironmentSku | string;
  location: string;
  azureRegion: string | undefined;
  tenantId: string | undefined;
  provisioningState: string | undefined;
  updateCadence: string | undefined;
  /** undefined = none (the zero GUID and `""` read as none). */
  billingPolicyId: string | undefined;
  /** undefined = not in a group. */
  environmentGroupId: string | undefined;
  /** `states.management.id`, e.g. `Ready`, `Running`. */
  managementState: string | undefined;
  /** `states.runtime.id`: `Enabled`, or `AdminMode` when administration mode is on. */
  runtimeState: string | undefined;
  /** Whether the environment is a managed environment (`protectionLevel: Standard`). */
  managed: boolean;
  /**
   * Managed-environment settings; undefined when not managed, or when the environment is in a group and the
   * service returns `settings: null`.
   */
  governance: ManagedEnvironmentSettings | undefined;
  ai: Required<EnvironmentAiSettings>;
  /** Dataverse, or undefined when the environment has none (or it is not visible yet after create). */
  dataverse: DataverseInfo | undefined;
  /** Copilot Studio management base URL (`runtimeEndpoints["microsoft.PowerVirtualAgents"]`). */
  copilotStudioUrl: string | undefined;
  /** All `runtimeEndpoints`. */
  runtimeEndpoints: Record<string, string>;
}

/** A change to an environment. Only the fields present are sent. */
export interface EnvironmentUpdate {
  displayName?: string;
  description?: string;
  updateCadence?: "Moderate" | "Frequent";
  /** Move to a group (id) or out of any group (`null`). */
  environmentGroupId?: string | null;
  /** Billing policy id, or `null` to detach. */
  billingPolicyId?: string | null;
  /** Rename the Dataverse domain (validated first). */
  domain?: string;
  /** Security group id, or `null` for none. */
  securityGroupId?: string | null;
  /** Administration mode on (`true`) or off. */
  adminMode?: boolean;
  /** Background operations on/off. */
  backgroundOperations?: boolean;
  /** Generative-AI switches; sent in their own PATCH, then read back until they match. */
  ai?: EnvironmentAiSettings;
}

/** Options of {@link PowerPlatformClient.createEnvironment}. */
export interface CreateEnvironmentOptions extends OperationOptions {
  /**
   * Called as soon as the new environment's id is known, before provisioning finishes, so callers can record it
   * (a partial create). Every later failure is a {@link PartialCreateError} carrying the id.
   */
  onEnvironmentId?: (environmentId: string) => void;
  /** Wait until Dataverse (`linkedEnvironmentMetadata`) is visible on the GET. Default true when Dataverse was requested. */
  waitForDataverse?: boolean;
  /**
   * The caller's owner key: 24 lower-case hex digits naming the resource that asks, the same on every run of it
   * (`ownerKey(<Pulumi URN>)`; the provider passes one). It goes into the create marker
   * (`[govai-create:<owner>:<incarnation>]`), and before the POST the environments are listed once: an environment
   * carrying this key, created by this client, is adopted (brought to `input`'s name, description, type, groups)
   * instead of creating another — a create of an earlier run whose POST landed after that run gave up. One whose
   * Dataverse domain or placement differs is refused, naming it; two are refused, naming both. Default: none (a
   * random marker proves ownership within the call only). See README "Environment create: ownership proof".
   */
  ownerKey?: string;
}

/** Options of {@link PowerPlatformClient.createEnvironmentGroup}. */
export interface CreateEnvironmentGroupOptions extends OperationOptions {
  /**
   * The caller's owner key (24 lower-case hex digits, `ownerKey(<seed>)`), as for environments: written into the
   * create marker; a group carrying it, created by this client, is adopted (brought to the requested name and
   * description) instead of creating another. Default: none.
   */
  ownerKey?: string;
}

/**
 * Result of `validateDomain`. `taken` says the service refused the domain because another environment holds it
 * (the service answers 400 `InvalidDomainName` for a taken, well-formed domain; 409 `DomainNameAlreadyInUse` is read
 * the same way); any other refusal (an unknown location, …) has `taken: false`.
 */
export type DomainValidation =
  | { available: true }
  | { available: false; taken: boolean; code: string | undefined; message: string };

/** Managed-environment sharing settings. Mirrors `ManagedEnvironmentModel.sharing`. */
export interface ManagedEnvironmentSharing {
  apps: { groupSharingDisabled: boolean; mode: Exclude<SharingMode, "disableSharing">; maxUsers: number };
  /** Solution-aware cloud flows. Undefined = not configured (the keys are not sent). */
  flows?: { mode: "noLimit" | "disableSharing" } | undefined;
  /** Agents. Undefined = not configured. */
  agents?: { editorSharingDisabled: boolean; mode: SharingMode; maxViewers: number } | undefined;
}

/** Managed-environment governance configuration (`governanceConfiguration.settings.extendedSettings`). */
export interface ManagedEnvironmentSettings {
  sharing: ManagedEnvironmentSharing;
  solutionChecker: { mode: SolutionCheckerMode; ruleOverrides: string[]; suppressValidationEmails: boolean };
  /** Include the environment in the weekly usage-insights digest (`excludeEnvironmentFromAnalysis` inverted). */
  usageInsights: boolean;
  /** Maker welcome content; undefined = none. */
  makerWelcome?: { markdown: string; url: string | undefined } | undefined;
  /** Extended settings the client does not model, kept as read (string values). */
  other?: Record<string, string>;
}

/** DLP environment scope. */
export type DlpEnvironmentScope =
  | { kind: "all" }
  | { kind: "only"; environmentIds: string[] }
  | { kind: "except"; environmentIds: string[] };

/** Action rules of one connector. Mirrors `ActionRules` of the model. */
export interface DlpActionRules {
  defaultBehavior: "allow" | "block";
  /** Keyed by action id. */
  actions: Record<string, "allow" | "block">;
}

/** One endpoint rule. Mirrors `EndpointRule` of the model; the order is the array order. */
export interface DlpEndpointRule {
  behavior: "allow" | "deny";
  endpoint: string;
}

/** One custom-connector URL pattern. Mirrors `CustomConnectorPattern` of the model. */
export interface DlpCustomConnectorPattern {
  order: number;
  classification: ConnectorGroup | "ignore";
  pattern: string;
}

/**
 * Who created a DLP policy, written into the policy itself so that it can be proved later. The policy document has
 * no description or tag field, so the marker travels as the custom-connector URL rule
 * `{order: 1, Blocked, "https://govai-<owner>-<incarnation>.invalid"}`: `.invalid` never resolves (RFC 2606), so no
 * real custom connector can match it, and were one to match it would be blocked, never allowed. The client writes and
 * strips this rule at its border: it never appears in `customConnectorPatterns`.
 */
export interface DlpOwnershipMarker {
  /** The owning resource, stable across runs: 24 lower-case hex digits ({@link dlpOwnerKey} of a Pulumi URN). */
  owner: string;
  /** One incarnation of the owner (a create or an adoption): 8 lower-case hex digits. */
  incarnation: string;
}

/** A DLP (data) policy, v2. Mirrors `ConnectorPolicyModel` plus the scope. */
export interface DlpPolicyInput {
  displayName: string;
  defaultGroup: ConnectorGroup;
  environments: DlpEnvironmentScope;
  /** Connector ids (full `/providers/Microsoft.PowerApps/apis/shared_x`, short `shared_x`, or virtual ids like `Http`). */
  business: string[];
  nonBusiness: string[];
  blocked: string[];
  /** Ordered endpoint rules per connector id. */
  endpointRules: Record<string, DlpEndpointRule[]>;
  actionRules: Record<string, DlpActionRules>;
  customConnectorPatterns: DlpCustomConnectorPattern[];
  /**
   * The ownership marker to write ({@link DlpOwnershipMarker}). On create, `owner` makes the create reconcilable:
   * a policy that already carries this owner (an earlier attempt whose POST landed after its timeout) is adopted
   * instead of creating a second one; without it a random owner proves ownership within the call only. A missing
   * `incarnation` is minted at random. On update the marker is written as given; none = the policy loses its marker.
   */
  ownership?: { owner: string; incarnation?: string } | undefined;
}

/** A DLP policy as read. Connector ids are the full ids the service returns, sorted. */
export interface DlpPolicy extends DlpPolicyInput {
  /** Policy name (a GUID). */
  id: string;
  /** The ownership marker the policy carries, or undefined (created elsewhere, or the rule was removed). */
  ownership: DlpOwnershipMarker | undefined;
  etag: string | undefined;
  /** `createdBy.displayName`: the creating principal as the service names it (not an id). */
  createdBy: string | undefined;
  createdTime: string | undefined;
  lastModifiedTime: string | undefined;
}

/** Dataverse organisation settings the library manages. Every field optional: only present fields are written. */
export interface OrganizationSettings {
  auditing?: {
    enabled?: boolean;
    userAccessAudit?: boolean;
    readAudit?: boolean;
    /**
     * Days to keep audit logs: 30–24855, or -1 forever. 30 is the organisation's default (a new organisation has
     * `auditretentionperiodv2` unset and the legacy column at 30), so it is written by clearing the column.
     */
    retentionDays?: number;
  };
  firewall?: {
    enabled?: boolean;
    auditMode?: boolean;
    allowedRanges?: string[];
    serviceTags?: string[];
    allowMicrosoftTrustedServices?: boolean;
    allowApplicationUsers?: boolean;
    reverseProxyIps?: string[];
  };
  cookieBinding?: boolean;
}

/** Organisation settings as read (every managed field, plus the organisation id). */
export interface OrganizationSettingsState {
  organizationId: string;
  auditing: {
    enabled: boolean;
    userAccessAudit: boolean;
    readAudit: boolean;
    /** In effect: `auditretentionperiodv2` when set, else the legacy `auditretentionperiod` (30 on a new organisation). */
    retentionDays: number;
  };
  firewall: {
    enabled: boolean;
    auditMode: boolean;
    allowedRanges: string[];
    serviceTags: string[];
    allowMicrosoftTrustedServices: boolean;
    allowApplicationUsers: boolean;
    reverseProxyIps: string[];
  };
  cookieBinding: boolean;
}

/** A Dataverse application user. */
export interface ApplicationUser {
  /** `systemuserid`. */
  id: string;
  /** Entra application (client) id. */
  applicationId: string;
  fullName: string | undefined;
  disabled: boolean;
  /** True when soft-deleted (`deletedstate != 0`). */
  deleted: boolean;
  businessUnitId: string | undefined;
  /** Assigned security roles. */
  roles: Array<{ id: string; name: string }>;
}

/** A Dataverse security role. */
export interface SecurityRole {
  id: string;
  name: string;
  businessUnitId: string | undefined;
}

/** Copilot Studio Application Insights settings of one agent. */
export interface AgentTelemetrySettings {
  /** App Insights connection string; `""` = none. Treat as a secret. */
  connectionString: string;
  logActivities: boolean;
  logActions: boolean;
  /** Log message text and user identity. Keep false in production. */
  logSensitiveActivity: boolean;
  /** `networkIsolation`, e.g. `PublicNetwork`. Default `PublicNetwork`. */
  networkIsolation?: string;
}

/** Tenant settings document (kept as JSON: the service returns more keys than any client models). */
export type TenantSettings = Record<string, unknown>;

/** A connector of the catalogue. */
export interface Connector {
  /** Full id, `/providers/Microsoft.PowerApps/apis/shared_x`, or a bare virtual id (`Http`). */
  id: string;
  /** Last segment of the id. */
  name: string;
  displayName: string | undefined;
  /** `Standard` / `Premium`, when known. */
  tier: string | undefined;
  publisher: string | undefined;
  /** True for virtual connectors (Copilot Studio capabilities, HTTP features). */
  virtual: boolean;
  /** True when the connector cannot be put in `blocked`. */
  unblockable: boolean;
}

/** An environment group. */
export interface EnvironmentGroup {
  id: string;
  displayName: string;
  description: string;
  createdTime: string | undefined;
}

/**
 * The rules of an environment group's rule set (the baseline spec's `environmentGroups.<name>.rules`). Every rule
 * is optional: undefined = the rule set does not hold it.
 */
export interface EnvironmentGroupRules {
  /**
   * Sharing limits. `apps.maxUsers` runs from -1 (no limit) to 99 on this API. `agents` cannot be written: the rule
   * set's wire names for agent sharing were never captured (reference §12.2), so it is refused.
   */
  sharing?: {
    apps: { groupSharingDisabled: boolean; mode: Exclude<SharingMode, "disableSharing">; maxUsers: number };
    agents?: { editorSharingDisabled: boolean; mode: SharingMode; maxViewers: number } | undefined;
  };
  /** Solution checker enforcement on import; `ruleOverrides` default [], `suppressValidationEmails` default false. */
  solutionChecker?: { mode: SolutionCheckerMode; ruleOverrides?: string[]; suppressValidationEmails?: boolean };
  /** Include the group's environments in the weekly usage-insights digest. */
  usageInsights?: boolean;
  /** Maker welcome content. */
  makerWelcome?: { markdown: string; url?: string | undefined };
  /** Backup retention of the group's environments. */
  backupRetentionDays?: 7 | 14 | 21 | 28;
  /** Generative AI: moving data across regions and Bing search. */
  generativeAi?: { moveDataAcrossRegions: boolean; bingSearch: boolean };
}

/** An environment group's rule set as read. */
export interface EnvironmentGroupRuleSet {
  /** The rule set's own id (not the group's). */
  id: string;
  groupId: string;
  rules: EnvironmentGroupRules;
  /** Rule types in the rule set that this client does not manage; every write keeps them as they are. */
  unmanagedRuleTypes: string[];
}

/** Pay-as-you-go billing policy status. */
export type BillingPolicyStatus = "Enabled" | "Disabled";

/** What a billing policy is created from. */
export interface BillingPolicyInput {
  /** The policy's name (also the name of its Azure billing account). */
  name: string;
  /** Power Platform geography, e.g. `europe`. Cannot change after the create. */
  location: string;
  /** The Azure subscription (GUID) and resource group billed. Cannot change after the create. */
  subscriptionId: string;
  resourceGroup: string;
  /** Default `Enabled`. */
  status?: BillingPolicyStatus;
}

/** A pay-as-you-go billing policy as read. */
export interface BillingPolicy {
  id: string;
  name: string;
  /** `Enabled`, `Disabled`, or a transient state such as `Provisioning` (operations wait it out). */
  status: string;
  location: string;
  subscriptionId: string;
  resourceGroup: string;
  /** ARM id of the billing account (`/subscriptions/…/providers/Microsoft.PowerPlatform/accounts/<name>`). */
  billingAccountId: string;
  createdOn: string | undefined;
  /** Object id of the principal that created it. */
  createdBy: string | undefined;
}

/** Application registered as a Power Platform admin management application. */
export interface AdminApplication {
  applicationId: string;
}
