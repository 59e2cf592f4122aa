/**
 * Enumerations of the resource inputs, shared by the resource classes and the provider. Deliberately not
 * re-exported from the package root, so the names cannot collide with the client's or the spec's.
 *
 * The WorkloadModel's enumerations come from `@govai/spec`, so a resource input and the model it is materialised
 * from can never drift apart; only the enumerations that exist for the resources alone are declared here.
 */

export {
  /** DLP connector groups in the admin centre's words (`Confidential` / `General` / `Blocked` on the wire). */
  CONNECTOR_GROUPS,
  /** A DLP connector group. */
  type ConnectorGroup,
  /** Environment types this resource creates. Developer and Trial need a user owner, so they are not offered. */
  ENVIRONMENT_TYPES as ENVIRONMENT_SKUS,
  /** A Power Platform environment type (`environmentSku` on the wire). */
  type EnvironmentType as EnvironmentSku,
  /** Dataverse IP firewall mode: off, log only (audit), or block (enforce). */
  FIREWALL_MODES,
  /** A firewall mode. */
  type FirewallMode,
  /** Sharing modes for canvas apps and agents (`limitSharingMode` / `bot-limitSharingMode`). */
  SHARING_MODES,
  /** A sharing mode. */
  type SharingMode,
  /** Solution checker enforcement on import. */
  SOLUTION_CHECKER_MODES,
  /** A solution checker mode. */
  type SolutionCheckerMode,
} from "@govai/spec/model";

/** Which environments a data policy covers. */
export const ENVIRONMENT_SCOPES = ["onlyEnvironments", "exceptEnvironments", "allEnvironments"] as const;
/** A data policy's environment scope. */
export type EnvironmentScope = (typeof ENVIRONMENT_SCOPES)[number];

/** What deleting an {@link EnvironmentSettings} does to the Dataverse organisation. */
export const SETTINGS_DELETE_BEHAVIORS = ["restore", "retain"] as const;
/** A delete behaviour. */
export type SettingsDeleteBehavior = (typeof SETTINGS_DELETE_BEHAVIORS)[number];

/**
 * What a {@link SolutionDeployment} does when the wanted version is lower than the installed one: `refuse` (default),
 * or `uninstallAndReinstall` — uninstall the installed version (its components and the data of its tables are
 * deleted) and install the wanted one.
 */
export const ROLLBACK_STRATEGIES = ["refuse", "uninstallAndReinstall"] as const;
/** A rollback strategy. */
export type RollbackStrategy = (typeof ROLLBACK_STRATEGIES)[number];
