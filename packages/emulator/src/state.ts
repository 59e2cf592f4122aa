/**
 * The emulator's tenant: every environment, operation, policy, group, setting and Dataverse row it serves.
 * Plain JSON-serialisable data, so tests can read and edit it directly (`emulator.state`) or over HTTP
 * (`/_emulator/state`, JSON merge patch), which is how "someone changed it in the admin centre" (drift) is staged.
 */
import type { IdGenerator } from "./ids.ts";
import type { JsonObject } from "./json.ts";

/** The zero GUID, which the service uses (and clients must read) as "none". */
export const ZERO_GUID = "00000000-0000-0000-0000-000000000000";

/** Default tenant id of the emulator and of {@link emulatorCredential} tokens. */
export const DEFAULT_TENANT_ID = "4f6c7b1e-0d3a-4c55-9e1a-7a1c2b3d4e5f";

/** The caller of a request, as read from its bearer token. */
export interface Principal {
  /** `app` for a service principal, `user` for a person. */
  kind: "app" | "user";
  /** Entra object id (`oid`). */
  objectId: string;
  /** Client (application) id (`appid`). */
  appId: string;
  /** Tenant id (`tid`). */
  tenantId: string;
}

/** Dataverse metadata as stored (the read shape, minus the URLs, which depend on the emulator's port). */
export interface StoredDataverseMetadata {
  /** Organization id, also `organizationid` of the org row. */
  resourceId: string;
  uniqueName: string;
  /** Always stored lower-cased; the service lower-cases it (§2.5). */
  domainName: string;
  version: string;
  baseLanguage: number;
  /** Zero GUID or absent when no group restricts access. */
  securityGroupId?: string;
  backgroundOperationsState: string;
  instanceState: string;
}

/** One row of Dataverse `systemusers`. */
export interface StoredSystemUser {
  systemuserid: string;
  applicationid: string | null;
  azureactivedirectoryobjectid: string | null;
  fullname: string;
  accessmode: number;
  isdisabled: boolean;
  /** 0 = active; 1 = soft-deleted (the first DELETE); the second DELETE purges the row. */
  deletedstate: number;
  _businessunitid_value: string;
  /** Role ids associated through `systemuserroles_association`. */
  roleIds: string[];
}

/**
 * A Copilot Studio agent: one row of the Dataverse `bots` table, in wire shape (the columns govai reads; see the
 * table reference https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/bot).
 */
export interface StoredBot {
  botid: string;
  /** Display name (the table's primary name column). */
  name: string;
  /** Unique schema name, e.g. `cr6a1_claimsAssistant`: what a spec's `agent.botId` names. */
  schemaname: string;
  /** ISO date-times, as Dataverse writes them (`2026-03-01T09:00:00Z`). */
  createdon: string;
  modifiedon: string;
  /** Null until the agent is first published. */
  publishedon: string | null;
  _ownerid_value: string;
  _createdby_value: string;
}

/** What `StageSolution` read from a solution zip's `solution.xml`. */
export interface StoredSolutionDetails {
  SolutionUniqueName: string;
  SolutionFriendlyName: string;
  IsManaged: boolean;
  SolutionVersion: string;
}

/** An installed solution row. */
export interface StoredSolution {
  solutionid: string;
  uniquename: string;
  friendlyname: string;
  ismanaged: boolean;
  version: string;
  createdon: string;
  modifiedon: string;
  installedon: string;
  /**
   * The `customizations.xml` of the file it was imported from (emulator bookkeeping, not a column): `ExportSolution`
   * puts it back into the exported package, so connection references survive an export.
   */
  customizations?: string;
}

/** What `StageSolution` kept of an upload, besides its details: the package's `customizations.xml`. */
export interface StoredStagedFile {
  customizations: string | null;
}

/**
 * A solution import (`ImportSolutionAsync` / `StageAndUpgradeAsync`) and its async operation. It is `Queued` until
 * something reads it (the service's async host picks it up a moment later), `InProgress` for `solutionImportPolls`
 * polls, then completes. Its `importjobs` row exists from the moment it leaves `Queued`.
 */
export interface StoredImportJob {
  asyncOperationId: string;
  /** The `importjobid`: the caller's `ImportJobId` when it sent one, else a new id. */
  importJobKey: string;
  uploadId: string;
  /** The action that started it (`asyncoperations.messagename`). Absent on jobs stored by older emulators. */
  action?: "ImportSolutionAsync" | "StageAndUpgradeAsync";
  /** `ComponentParameters` of the start, applied on success. */
  componentParameters?: JsonObject[];
  /** Non-terminal polls of `asyncoperations(<id>)` served so far. */
  pollsServed: number;
  state: "Queued" | "InProgress" | "Succeeded" | "Failed";
  createdon?: string;
  startedon?: string | null;
  completedon: string | null;
  /** Set by a `failLifecycle` fault on the import call. */
  fail: boolean;
  /** Why it failed, when the service refused the package (version, managed/unmanaged mismatch). */
  failureMessage?: string;
}

/** A connection reference bound by an import (a `connectionreferences` row; no route serves the table). */
export interface StoredConnectionReference {
  connectionreferenceid: string;
  connectionreferencelogicalname: string;
  connectorid: string;
  connectionid: string;
  /** Unique name of the solution whose import bound it (emulator bookkeeping; removed with the solution). */
  solution: string;
}

/** An environment-variable value set by an import (an `environmentvariablevalues` row; no route serves the table). */
export interface StoredEnvironmentVariableValue {
  environmentvariablevalueid: string;
  schemaname: string;
  value: string;
  /** Unique name of the solution whose import set it (emulator bookkeeping; removed with the solution). */
  solution: string;
}

/** A Dataverse organisation (one per environment with Dataverse). */
export interface StoredDataverseOrg {
  /** The `organizations` row: `organizationid` plus every column (auditing, firewall, …). */
  organization: JsonObject;
  businessUnits: Array<{ businessunitid: string; name: string; _parentbusinessunitid_value: string | null }>;
  roles: Array<{ roleid: string; name: string; _businessunitid_value: string }>;
  /** `transactioncurrencies` rows; the org row's `_basecurrencyid_value` points at the base currency (§2.5). */
  transactionCurrencies: Array<{ transactioncurrencyid: string; isocurrencycode: string; currencyname: string }>;
  systemUsers: Record<string, StoredSystemUser>;
  /** Installed solutions (§13), keyed by `solutionid`. */
  solutions: Record<string, StoredSolution>;
  /** Staged uploads (`StageSolution`), keyed by `StageSolutionUploadId`. */
  stagedSolutions: Record<string, StoredSolutionDetails>;
  /** The `customizations.xml` of each staged upload, keyed like `stagedSolutions`. */
  stagedFiles?: Record<string, StoredStagedFile>;
  /** Solution import jobs, keyed by `AsyncOperationId`. */
  importJobs: Record<string, StoredImportJob>;
  /** Connection references bound by imports, keyed by `connectionreferenceid`. */
  connectionReferences?: Record<string, StoredConnectionReference>;
  /** Environment-variable values set by imports, keyed by `environmentvariablevalueid`. */
  environmentVariableValues?: Record<string, StoredEnvironmentVariableValue>;
  /** Dataverse calls still to answer 403 (a new org does not know its creator yet, §2.5). */
  forbiddenCallsRemaining: number;
  /** Copilot Studio agents (the `bots` table), keyed by `botid`; absent = none. Tests seed them here. */
  bots?: Record<string, StoredBot>;
}

/** Read-side lag counters of one environment (each counts single-environment GETs). */
export interface EnvironmentPending {
  /** GETs that still omit `linkedEnvironmentMetadata` after the create succeeded. */
  metadataHiddenGets: number;
  /** GETs that still report `states.management.id: "Running"` after a PATCH succeeded. */
  managementRunningGets: number;
  /** GETs that still report the AI flags' previous values after a PATCH succeeded. */
  aiFlagsStaleGets: number;
  /** The AI flags as they were before the last PATCH (served while `aiFlagsStaleGets > 0`). */
  staleAiFlags: JsonObject | null;
  /** List calls that still omit this environment (knob `listLagCalls`). */
  listHiddenCalls?: number;
  /** Set once the first display-name change was dropped (behaviour `dropFirstDisplayNamePatch`). */
  displayNamePatchDropped?: boolean;
  /** DELETE / `governanceConfiguration` starts still answered 409 with an empty body after the create (knob `busyAfterCreateCalls`). */
  busyRefusalsLeft?: number;
  /** Epoch ms (emulator clock) at which the busy window after the create closes; null = only the count closes it. */
  busyUntilMs?: number | null;
}

/** One environment, with its properties in wire shape (normalised on read, see routes/environments.ts). */
export interface StoredEnvironment {
  name: string;
  location: string;
  properties: StoredEnvironmentProperties;
  /** Dataverse organisation, present once Dataverse has been provisioned. */
  dataverse: StoredDataverseOrg | null;
  pending: EnvironmentPending;
  /** Lifecycle operation holding the environment, if any (a second start gets 409 OperationNotStartable). */
  activeOperationId: string | null;
}

/** Environment properties in wire shape. Unknown keys sent by a client are kept as sent. */
export interface StoredEnvironmentProperties {
  tenantId: string;
  displayName: string;
  description?: string;
  environmentSku: string;
  azureRegion?: string;
  provisioningState: string;
  createdTime: string;
  createdBy: JsonObject;
  /** Set at create and on every change the service applies. */
  lastModifiedTime?: string;
  databaseType?: string;
  updateCadence?: { id: string };
  billingPolicy?: { id: string };
  parentEnvironmentGroup?: { id: string };
  cluster?: { category: string };
  usedBy?: JsonObject;
  bingChatEnabled?: boolean;
  m365Enabled?: boolean;
  copilotPolicies?: JsonObject;
  states: { management: { id: string }; runtime: { id: string }; disasterRecovery?: { id: string } };
  governanceConfiguration: { protectionLevel: string; settings?: { extendedSettings: Record<string, string> } | null };
  linkedEnvironmentMetadata?: StoredDataverseMetadata;
  [key: string]: unknown;
}

/**
 * Lifecycle operation types (wire `type.id`). `Create`, `Delete` and `Edit` appear in the service's
 * `lifecycleOperationsEnforcement`; the other names are the emulator's (uncertain).
 */
export type OperationType =
  | "Create"
  | "Edit"
  | "ModifySku"
  | "Delete"
  | "EnableGovernanceConfiguration"
  | "DisableGovernanceConfiguration";

/** A lifecycle operation (§2.4 pattern A). */
export interface StoredOperation {
  id: string;
  environmentId: string;
  /** Regional geo of the `Location` URL (the environment's location). */
  geo: string;
  /** Wire `type.id`. */
  type: OperationType;
  state: "Running" | "Succeeded" | "Failed";
  createdDateTime: string;
  lastActionDateTime: string;
  /** Epoch ms at start, for the time-based completion knob. */
  startedAtMs: number;
  /** Non-terminal poll responses served so far. */
  pollsServed: number;
  requestedBy: Principal;
  /** What completion applies (the PATCH body, the new SKU, the governance configuration, …). */
  payload: JsonObject;
  /** Set by a `failLifecycle` fault: the operation ends `Failed`; a failed create may leave its environment behind. */
  failure: { leaveOrphan: boolean } | null;
}

/** A DLP v2 policy document as stored (the create/update body plus server fields). */
export type StoredDlpPolicy = JsonObject & { policyDefinition: JsonObject };

/** An environment group (§12.1). */
export interface StoredEnvironmentGroup {
  id: string;
  displayName: string;
  description: string;
  createdTime: string;
  createdBy: { id: string; type: string };
  /**
   * Id of the rule-based policy assigned to the group, if any: it blocks DELETE with PolicyAssignedToEnvironmentGroup.
   * No route assigns one (govai manages legacy rule sets, not rule-based policies); a test sets it to stand for a
   * policy an administrator assigned in the admin centre.
   */
  assignedPolicyId: string | null;
}

/**
 * A pay-as-you-go billing policy (licensing API, reference §14), in wire shape plus bookkeeping. Which environments
 * it bills is not stored here: an environment's `properties.billingPolicy.id` says it (one policy per environment).
 */
export interface StoredBillingPolicy {
  id: string;
  name: string;
  type: string;
  /** The status asked for (`Enabled` or `Disabled`); reads say `Provisioning` while `provisioningReadsLeft > 0`. */
  status: string;
  location: string;
  billingInstrument: { id: string; subscriptionId: string; resourceGroup: string };
  createdOn: string;
  createdBy: { id: string; type: string };
  lastModifiedOn: string;
  lastModifiedBy: { id: string; type: string };
  /** Reads (the create's answer, then single GETs) still to answer `status: "Provisioning"` (knob `billingPolicyProvisioningReads`). */
  provisioningReadsLeft: number;
}

/** A legacy environment-group rule set (reference §12.2): the group it applies to and its parameters, as sent. */
export interface StoredRuleSet {
  id: string;
  groupId: string;
  lastModified: string;
  /** The wire `parameters` (one per rule type), kept as sent, unknown rule types included. */
  parameters: JsonObject[];
}

/** One Copilot Studio agent's Application Insights configuration (§9). */
export interface StoredAppInsightsConfig {
  environmentId: string;
  botId: string;
  appInsightsConnectionString: string;
  includeActivities: boolean;
  includeActions: boolean;
  includeSensitiveInformation: boolean;
  networkIsolation: string;
  errors: unknown;
}

/** A connector in the PowerApps catalogue (§6). */
export interface StoredConnector {
  name: string;
  displayName: string;
  description: string;
  tier: "Standard" | "Premium";
  publisher: string;
}

/** A virtual connector (bare id) in the DLP v1 metadata (§6). */
export interface StoredVirtualConnector {
  id: string;
  displayName: string;
}

/** The whole emulated tenant. */
export interface EmulatorState {
  tenantId: string;
  /** Client ids registered as admin management applications (§8.1), keyed by lower-cased client id. */
  adminApplications: Record<string, { applicationId: string }>;
  environments: Record<string, StoredEnvironment>;
  lifecycleOperations: Record<string, StoredOperation>;
  dlpPolicies: Record<string, StoredDlpPolicy>;
  environmentGroups: Record<string, StoredEnvironmentGroup>;
  /** The full tenant-settings document (§10). */
  tenantSettings: JsonObject;
  /** Pay-as-you-go billing policies (licensing API), keyed by id. */
  billingPolicies: Record<string, StoredBillingPolicy>;
  /** Legacy environment-group rule sets (§12.2), keyed by rule-set id; at most one per group. */
  environmentGroupRuleSets: Record<string, StoredRuleSet>;
  /** Keyed `<environmentId>/<botId>`. */
  copilotAppInsights: Record<string, StoredAppInsightsConfig>;
  connectors: {
    catalogue: StoredConnector[];
    /** Ids (full or bare) that cannot be classified `Blocked`. */
    unblockable: string[];
    virtual: StoredVirtualConnector[];
  };
}

/**
 * The default tenant-settings document: every key of §10 and every key of the document the service returned to the
 * Terraform provider (internal/services/tenant_settings/tests/datasource/post_list_tenant_settings.json), with the
 * same JSON types, at the service's defaults. The routing keys (`environmentRouting*`) are the reference's; that
 * recording predates them.
 */
export function defaultTenantSettings(): JsonObject {
  return {
    walkMeOptOut: false,
    disableNPSCommentsReachout: false,
    disableNewsletterSendout: false,
    disableEnvironmentCreationByNonAdminUsers: false,
    disablePortalsCreationByNonAdminUsers: false,
    disableSurveyFeedback: false,
    disableTrialEnvironmentCreationByNonAdminUsers: false,
    disableCapacityAllocationByEnvironmentAdmins: false,
    disableSupportTicketsVisibleByAllUsers: false,
    powerPlatform: {
      search: { disableDocsSearch: false, disableCommunitySearch: false, disableBingVideoSearch: false },
      teamsIntegration: { shareWithColleaguesUserLimit: 10000 },
      powerApps: {
        disableShareWithEveryone: false,
        enableGuestsToMake: false,
        disableMakerMatch: false,
        disableUnusedLicenseAssignment: false,
        disableCreateFromImage: false,
        disableCreateFromFigma: false,
        disableConnectionSharingWithEveryone: false,
      },
      powerAutomate: { disableCopilot: false, disableCopilotWithBing: false },
      environments: { disablePreferredDataLocationForTeamsEnvironment: false },
      governance: {
        disableAdminDigest: false,
        disableDeveloperEnvironmentCreationByNonAdminUsers: false,
        enableDefaultEnvironmentRouting: false,
        environmentRoutingAllMakers: false,
        environmentRoutingTargetEnvironmentGroupId: ZERO_GUID,
        environmentRoutingTargetSecurityGroupId: ZERO_GUID,
        policy: { enableDesktopFlowDataPolicyManagement: false },
      },
      licensing: {
        disableBillingPolicyCreationByNonAdminUsers: false,
        enableTenantCapacityReportForEnvironmentAdmins: false,
        storageCapacityConsumptionWarningThreshold: 85,
        enableTenantLicensingReportForEnvironmentAdmins: false,
        disableUseOfUnassignedAIBuilderCredits: false,
        applyAutoClaimToOnlyManagedEnvironments: false,
      },
      powerPages: {},
      champions: { disableChampionsInvitationReachout: false, disableSkillsMatchInvitationReachout: false },
      intelligence: {
        disableCopilot: false,
        enableOpenAiBotPublishing: true,
        disableCopilotFeedback: false,
        disableCopilotFeedbackMetadata: false,
      },
      modelExperimentation: { enableModelDataSharing: false, disableDataLogging: false },
      catalogSettings: { powerCatalogAudienceSetting: "All" },
      userManagementSettings: { enableDeleteDisabledUserinAllEnvironments: false },
    },
  };
}

/** The default connector catalogue, unblockable list and virtual connectors (Copilot Studio and HTTP, §6). */
export function defaultConnectors(): EmulatorState["connectors"] {
  const shared = (name: string, displayName: string, tier: "Standard" | "Premium"): StoredConnector => ({
    name,
    displayName,
    description: `${displayName} connector`,
    tier,
    publisher: "Microsoft",
  });
  return {
    catalogue: [
      shared("shared_commondataserviceforapps", "Microsoft Dataverse", "Premium"),
      shared("shared_sharepointonline", "SharePoint", "Standard"),
      shared("shared_office365", "Office 365 Outlook", "Standard"),
      shared("shared_office365users", "Office 365 Users", "Standard"),
      shared("shared_teams", "Microsoft Teams", "Standard"),
      shared("shared_onedriveforbusiness", "OneDrive for Business", "Standard"),
      shared("shared_sql", "SQL Server", "Premium"),
      shared("shared_azureblob", "Azure Blob Storage", "Standard"),
      shared("shared_smtp", "SMTP", "Standard"),
      shared("shared_webcontents", "HTTP with Microsoft Entra ID (preauthorized)", "Premium"),
      shared("shared_microsoftcopilotstudio", "Microsoft Copilot Studio", "Premium"),
      shared("shared_approvals", "Approvals", "Standard"),
      shared("shared_twitter", "X", "Standard"),
      shared("shared_dropbox", "Dropbox", "Standard"),
    ],
    unblockable: [
      "/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps",
      "/providers/Microsoft.PowerApps/apis/shared_approvals",
      "/providers/Microsoft.PowerApps/apis/shared_office365users",
      "/providers/Microsoft.PowerApps/apis/shared_teams",
    ],
    virtual: [
      { id: "PvaAuth", displayName: "Chat without Microsoft Entra ID authentication in Copilot Studio" },
      { id: "PvaCustomDemoMobile", displayName: "Direct Line channels in Copilot Studio" },
      { id: "PvaMicrosoftTeams", displayName: "Microsoft Teams + Microsoft 365 Channel in Copilot Studio" },
      { id: "PvaFacebook", displayName: "Facebook channel in Copilot Studio" },
      { id: "PvaOmniChannel", displayName: "Omnichannel channel in Copilot Studio" },
      { id: "PvaSkills", displayName: "Skills with Copilot Studio" },
      { id: "CSKnowledgeDocs", displayName: "Knowledge source with documents in Copilot Studio" },
      { id: "CSKnowledgePublicSites", displayName: "Knowledge source with public websites and data in Copilot Studio" },
      { id: "CSKnowledgeSharePoint", displayName: "Knowledge source with SharePoint and OneDrive in Copilot Studio" },
      { id: "Http", displayName: "HTTP" },
      { id: "HttpWebhook", displayName: "HTTP Webhook" },
      { id: "HttpRequestReceived", displayName: "When a HTTP request is received" },
      { id: "TeamsWebhookRequestReceived", displayName: "When a Teams webhook request is received" },
    ],
  };
}

/** A fresh tenant: no environments, the given admin applications, default settings and catalogue. */
export function createInitialState(tenantId: string, adminApplications: readonly string[]): EmulatorState {
  const apps: EmulatorState["adminApplications"] = {};
  for (const appId of adminApplications) apps[appId.toLowerCase()] = { applicationId: appId };
  return {
    tenantId,
    adminApplications: apps,
    environments: {},
    lifecycleOperations: {},
    dlpPolicies: {},
    environmentGroups: {},
    tenantSettings: defaultTenantSettings(),
    billingPolicies: {},
    environmentGroupRuleSets: {},
    copilotAppInsights: {},
    connectors: defaultConnectors(),
  };
}

/** The built-in security roles of a new org's root business unit. */
export const DEFAULT_ROLE_NAMES = [
  "System Administrator",
  "System Customizer",
  "Environment Maker",
  "Basic User",
  "Service Reader",
] as const;

/**
 * The legacy audit retention (`auditretentionperiod`, days) of a new organisation. Its `auditretentionperiodv2` is
 * null (not set), so this one applies. As recorded from the real service by the Terraform provider:
 * internal/services/environment_settings/tests/resources/Validate_Create_Empty_Settings/get_organisations_1.json.
 */
export const NEW_ORG_LEGACY_AUDIT_RETENTION_DAYS = 30;

/**
 * A new Dataverse organisation: root business unit, built-in roles, the org row with default columns, and the
 * creating principal as a System Administrator user (an environment's creator is already a user, §8.2).
 */
export function createDataverseOrg(
  newId: IdGenerator,
  organizationId: string,
  domainName: string,
  creator: Principal,
  forbiddenCalls: number,
  currencyCode = "USD",
): StoredDataverseOrg {
  const businessUnitId = newId();
  const currencyId = newId();
  const roles = DEFAULT_ROLE_NAMES.map((name) => ({ roleid: newId(), name, _businessunitid_value: businessUnitId }));
  const org: StoredDataverseOrg = {
    organization: {
      organizationid: organizationId,
      name: domainName,
      _basecurrencyid_value: currencyId,
      // Auditing itself is off, but user-access and read auditing, and the firewall's audit mode, default to on
      // (the fixture above); retention is not set in v2, the legacy column says 30 days.
      isauditenabled: false,
      isuseraccessauditenabled: true,
      isreadauditenabled: true,
      useraccessauditinginterval: 4,
      allowentityonlyaudit: true,
      auditretentionperiodv2: null,
      auditretentionperiod: NEW_ORG_LEGACY_AUDIT_RETENTION_DAYS,
      plugintracelogsetting: 0,
      enableipbasedfirewallrule: false,
      enableipbasedfirewallruleinauditmode: true,
      allowediprangeforfirewall: null,
      allowedservicetagsforfirewall: null,
      allowmicrosofttrustedservicetags: true,
      allowapplicationuseraccess: true,
      reverseproxyipaddresses: null,
      enableipbasedcookiebinding: false,
      maxuploadfilesize: 5242880,
      blockedattachments:
        "ade;adp;app;asa;ashx;asmx;asp;bas;bat;cdx;cer;chm;class;cmd;com;config;cpl;crt;csh;dll;exe;fxp;hlp;hta;htr;htw;ida;idc;idq;inf;ins;isp;its;jar;js;jse;ksh;lnk;mad;maf;mag;mam;maq;mar;mas;mat;mau;mav;maw;mda;mdb;mde;mdt;mdw;mdz;msc;msh;msh1;msh1xml;msh2;msh2xml;mshxml;msi;msp;mst;ops;pcd;pif;prf;prg;printer;pst;reg;rem;scf;scr;sct;shb;shs;shtm;shtml;soap;stm;tmp;url;vb;vbe;vbs;vsmacros;vss;vst;vsw;ws;wsc;wsf;wsh;svg",
      bounddashboarddefaultcardexpanded: false,
      blockaccesstosessiontranscriptsforcopilotstudio: false,
      blocktranscriptrecordingforcopilotstudio: false,
      enablecopilotstudiosharedatawithvivainsights: false,
      enablecopilotstudiocrossgeosharedatawithvivainsights: false,
      paipreviewscenarioenabled: false,
      aipromptsenabled: true,
      powerappsmakerbotenabled: true,
      iscustomcontrolsincanvasappsenabled: false,
    },
    businessUnits: [{ businessunitid: businessUnitId, name: domainName, _parentbusinessunitid_value: null }],
    roles,
    transactionCurrencies: [
      { transactioncurrencyid: currencyId, isocurrencycode: currencyCode, currencyname: currencyCode },
    ],
    systemUsers: {},
    solutions: {},
    stagedSolutions: {},
    importJobs: {},
    forbiddenCallsRemaining: forbiddenCalls,
  };
  if (creator.kind === "app") {
    addApplicationUser(org, newId(), creator.appId, true);
  } else {
    const userId = newId();
    org.systemUsers[userId] = {
      systemuserid: userId,
      applicationid: null,
      azureactivedirectoryobjectid: creator.objectId,
      fullname: "Emulator Admin",
      accessmode: 0,
      isdisabled: false,
      deletedstate: 0,
      _businessunitid_value: businessUnitId,
      roleIds: [roles[0]!.roleid],
    };
  }
  return org;
}

/** Adds an active application user in the root business unit, optionally as System Administrator. */
export function addApplicationUser(
  org: StoredDataverseOrg,
  userId: string,
  appId: string,
  systemAdministrator: boolean,
): StoredSystemUser {
  const root = org.businessUnits[0]!;
  const admin = org.roles.find((r) => r.name === "System Administrator");
  const user: StoredSystemUser = {
    systemuserid: userId,
    applicationid: appId,
    azureactivedirectoryobjectid: null,
    fullname: `# ${appId}`,
    accessmode: 4,
    isdisabled: false,
    deletedstate: 0,
    _businessunitid_value: root.businessunitid,
    roleIds: systemAdministrator && admin ? [admin.roleid] : [],
  };
  org.systemUsers[userId] = user;
  return user;
}
