/** The typed Power Platform REST client: public API. */

export type { Agent as AgentInfo } from "../services/agents/convert.ts";
export {
  dlpOwnerKey,
  formatDlpOwnershipMarker,
  fromWireClassification,
  fullConnectorId,
  parseDlpOwnershipMarker,
  toWireClassification,
} from "../services/data-policy/convert.ts";
export {
  type ImportSolutionOptions,
  SOLUTION_CHECKER_RULESET_ID,
  SolutionImportFailedError,
  type SolutionImportMode,
  SolutionImportOutcomeUnknownError,
  type SolutionImportResult,
  SolutionStageError,
} from "../services/solution-deployment/api.ts";
export {
  compareSolutionVersions,
  type DeploymentSettings,
  DeploymentSettingsError,
  type InstalledSolution,
  inspectSolutionPackage,
  normaliseSolutionVersion,
  parseDeploymentSettings,
  type SolutionCheckerRule,
  type SolutionPackage,
  SolutionPackageError,
  settingsMismatches,
  toComponentParameters,
} from "../services/solution-deployment/convert.ts";
export {
  changedTenantSettings,
  checkTenantSettings,
  pickTenantSettings,
} from "../services/tenant-settings/convert.ts";
export { TENANT_SETTINGS_SHAPE, type TenantSettingType } from "../services/tenant-settings/wire.ts";
export { type ClientStats, PowerPlatformClient, type PowerPlatformClientOptions } from "./client.ts";
export { type Clock, systemClock, type VirtualClock, virtualClock } from "./clock.ts";
export { CLOUD_PROFILES, CLOUDS, type Cloud, type CloudProfile, type Endpoints, resolveEndpoints } from "./clouds.ts";
export type { PollingOptions } from "./core.ts";
export { DEFAULT_POLLING } from "./core.ts";
export {
  AmbiguousRequestError,
  AuthenticationError,
  ConvergenceTimeoutError,
  DataverseUnavailableError,
  DeadlineExceededError,
  DlpPolicyOwnershipError,
  type DlpPolicyReference,
  EnvironmentBusyError,
  EnvironmentNotFoundError,
  type ExistingEnvironment,
  type FailedOperationAttempt,
  ForeignEnvironmentError,
  GovernanceBlockedByGroupError,
  LifecycleOperationFailedError,
  NotAdminApplicationError,
  OperationNotStartableError,
  PartialCreateError,
  PowerPlatformApiError,
  PowerPlatformError,
  type RequestInfo,
  type ResponseInfo,
  RetriesExhaustedError,
  UnexpectedResponseError,
} from "./errors.ts";
export {
  clientFromEnv,
  clientOptionsFromEnv,
  credentialFromEnv,
  EMULATOR_DEFAULT_TENANT_ID,
  type PowerPlatformEnv,
  unsignedEmulatorCredential,
} from "./from-env.ts";
export { DEFAULT_RETRY, parseGoDuration, parseRetryAfter, type RetryOptions } from "./http.ts";
export { ownerKey } from "./owner-key.ts";

/**
 * Caller-facing types. `Environment`, `ApplicationUser` and `AdminApplication` are exported as `EnvironmentInfo`,
 * `ApplicationUserInfo` and `AdminApplicationInfo` so they do not collide with the resource classes at the package root.
 */
export type {
  AdminApplication as AdminApplicationInfo,
  AgentTelemetrySettings,
  ApplicationUser as ApplicationUserInfo,
  BillingPolicy,
  BillingPolicyInput,
  BillingPolicyStatus,
  Connector,
  ConnectorGroup,
  CreateEnvironmentGroupOptions,
  CreateEnvironmentOptions,
  DataverseInfo,
  DataverseInput,
  DlpActionRules,
  DlpCustomConnectorPattern,
  DlpEndpointRule,
  DlpEnvironmentScope,
  DlpOwnershipMarker,
  DlpPolicy,
  DlpPolicyInput,
  DomainValidation,
  Environment as EnvironmentInfo,
  EnvironmentAiSettings,
  EnvironmentCreateInput,
  EnvironmentGroup,
  EnvironmentGroupRuleSet,
  EnvironmentGroupRules,
  EnvironmentSku,
  EnvironmentUpdate,
  ManagedEnvironmentSettings,
  ManagedEnvironmentSharing,
  OperationOptions,
  OrganizationSettings,
  OrganizationSettingsState,
  SecurityRole,
  SharingMode,
  SolutionCheckerMode,
  TenantSettings,
} from "./types.ts";
