/**
 * Enumerations of the resource inputs, shared by the resource classes and the provider. Deliberately not
 * re-exported from the package root, so the names cannot collide with the client's or the spec's.
 */

/** Environment types this resource creates. Developer and Trial need a user owner, so they are not offered. */
export const ENVIRONMENT_SKUS = ["Sandbox", "Production"] as const;
/** A Power Platform environment type (`environmentSku` on the wire). */
export type EnvironmentSku = (typeof ENVIRONMENT_SKUS)[number];

/** Sharing modes for canvas apps and agents (`limitSharingMode` / `bot-limitSharingMode`). */
export const SHARING_MODES = ["noLimit", "excludeSharingToSecurityGroups", "disableSharing"] as const;
/** A sharing mode. */
export type SharingMode = (typeof SHARING_MODES)[number];

/** Solution checker enforcement on import. */
export const SOLUTION_CHECKER_MODES = ["none", "warn", "block"] as const;
/** A solution checker mode. */
export type SolutionCheckerMode = (typeof SOLUTION_CHECKER_MODES)[number];

/** DLP connector groups in the admin centre's words (`Confidential` / `General` / `Blocked` on the wire). */
export const CONNECTOR_GROUPS = ["business", "nonBusiness", "blocked"] as const;
/** A DLP connector group. */
export type ConnectorGroup = (typeof CONNECTOR_GROUPS)[number];

/** Which environments a data policy covers. */
export const ENVIRONMENT_SCOPES = ["onlyEnvironments", "exceptEnvironments", "allEnvironments"] as const;
/** A data policy's environment scope. */
export type EnvironmentScope = (typeof ENVIRONMENT_SCOPES)[number];

/** Dataverse IP firewall mode: off, log only (audit), or block (enforce). */
export const FIREWALL_MODES = ["off", "audit", "enforce"] as const;
/** A firewall mode. */
export type FirewallMode = (typeof FIREWALL_MODES)[number];

/** What deleting an {@link EnvironmentSettings} does to the Dataverse organisation. */
export const SETTINGS_DELETE_BEHAVIORS = ["restore", "retain"] as const;
/** A delete behaviour. */
export type SettingsDeleteBehavior = (typeof SETTINGS_DELETE_BEHAVIORS)[number];
