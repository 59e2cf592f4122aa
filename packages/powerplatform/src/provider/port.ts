/**
 * What the provider needs from the Power Platform, in the client's caller-facing types. The plugin binds it to the
 * REST client (`clientPort`); table tests bind it to a fake. Keeping the port this narrow is what lets the provider's
 * logic be tested without HTTP.
 */

import type {
  AgentTelemetrySettings,
  ApplicationUser,
  BillingPolicy,
  BillingPolicyInput,
  BillingPolicyStatus,
  DlpPolicy,
  DlpPolicyInput,
  Environment,
  EnvironmentCreateInput,
  EnvironmentGroup,
  EnvironmentGroupRuleSet,
  EnvironmentGroupRules,
  EnvironmentSku,
  EnvironmentUpdate,
  ManagedEnvironmentSettings,
  OrganizationSettings,
  OrganizationSettingsState,
  TenantSettings,
} from "../client/types.ts";
import type { SolutionImportMode, SolutionImportResult } from "../services/solution-deployment/api.ts";
import type { DeploymentSettings, InstalledSolution } from "../services/solution-deployment/convert.ts";

/** The deadline of one provider operation. */
export interface CallOptions {
  /** The deadline in milliseconds from now; the client fails with a deadline error when it passes. */
  timeoutMs: number;
  /** Wait between the provider's own re-reads (waiting for Dataverse after a partial create). Default 10 s. */
  pollMs?: number;
}

/** The Power Platform operations the provider calls. */
export interface PowerPlatformPort {
  /**
   * Creates an environment with Dataverse; calls `onEnvironmentId` as soon as the id is known. With `ownerKey`, adopts
   * the environment an earlier create with the same key left behind instead of creating another.
   */
  createEnvironment(
    input: EnvironmentCreateInput,
    options: CallOptions & { onEnvironmentId: (id: string) => void; ownerKey?: string },
  ): Promise<Environment>;
  /** The environment, or undefined when it does not exist. */
  getEnvironment(id: string, options: CallOptions): Promise<Environment | undefined>;
  /** The Dataverse base currency (ISO code) of an environment, or undefined when unknown. */
  getEnvironmentCurrency(environment: Environment, options: CallOptions): Promise<string | undefined>;
  /** Applies the fields present in `update`. */
  updateEnvironment(id: string, update: EnvironmentUpdate, options: CallOptions): Promise<void>;
  /** Changes the environment type (`modifySku`). */
  changeEnvironmentType(id: string, type: EnvironmentSku, options: CallOptions): Promise<void>;
  /** Deletes an environment; a missing one is not an error. */
  deleteEnvironment(id: string, options: CallOptions): Promise<void>;

  /** Turns Managed Environment on (or updates it) with these settings. */
  enableManagedEnvironment(id: string, settings: ManagedEnvironmentSettings, options: CallOptions): Promise<void>;
  /** Turns Managed Environment off. */
  disableManagedEnvironment(id: string, options: CallOptions): Promise<void>;

  createDlpPolicy(input: DlpPolicyInput, options: CallOptions): Promise<DlpPolicy>;
  /** The policy, or undefined when it does not exist. */
  getDlpPolicy(name: string, options: CallOptions): Promise<DlpPolicy | undefined>;
  updateDlpPolicy(name: string, input: DlpPolicyInput, options: CallOptions): Promise<DlpPolicy>;
  /** Deletes a policy; a missing one is not an error. */
  deleteDlpPolicy(name: string, options: CallOptions): Promise<void>;

  getOrganizationSettings(environmentId: string, options: CallOptions): Promise<OrganizationSettingsState>;
  updateOrganizationSettings(
    environmentId: string,
    settings: OrganizationSettings,
    options: CallOptions,
  ): Promise<OrganizationSettingsState>;
  /** Writes back settings read earlier (a snapshot), values the caller could not set (e.g. 30-day retention) included. */
  restoreOrganizationSettings(
    environmentId: string,
    snapshot: OrganizationSettings,
    options: CallOptions,
  ): Promise<OrganizationSettingsState>;

  /** The active application user of this application id, or undefined. */
  findApplicationUser(
    environmentId: string,
    applicationId: string,
    options: CallOptions,
  ): Promise<ApplicationUser | undefined>;
  /** Creates the application user (purging a soft-deleted one first). */
  createApplicationUser(environmentId: string, applicationId: string, options: CallOptions): Promise<ApplicationUser>;
  /** Makes the user's roles exactly these role names (root business unit). */
  setApplicationUserRoles(environmentId: string, userId: string, roles: string[], options: CallOptions): Promise<void>;
  /** Deletes and purges an application user; a missing one is not an error. */
  deleteApplicationUser(environmentId: string, userId: string, options: CallOptions): Promise<void>;

  getAgentTelemetry(environmentId: string, botId: string, options: CallOptions): Promise<AgentTelemetrySettings>;
  setAgentTelemetry(
    environmentId: string,
    botId: string,
    settings: AgentTelemetrySettings,
    options: CallOptions,
  ): Promise<void>;

  /** The installed solution with this unique name, or undefined. */
  getSolution(environmentId: string, uniqueName: string, options: CallOptions): Promise<InstalledSolution | undefined>;
  /** Imports a solution file (stage, one start, poll, verify, read back). */
  importSolution(
    environmentId: string,
    file: Uint8Array,
    options: CallOptions & { mode: SolutionImportMode; settings: DeploymentSettings },
  ): Promise<SolutionImportResult>;
  /** Uninstalls a solution; false when none of that name is installed. */
  uninstallSolution(environmentId: string, uniqueName: string, options: CallOptions): Promise<boolean>;

  registerAdminApplication(applicationId: string, options: CallOptions): Promise<void>;
  /** True when registered. */
  isAdminApplication(applicationId: string, options: CallOptions): Promise<boolean>;
  unregisterAdminApplication(applicationId: string, options: CallOptions): Promise<void>;

  /** The id (lower-cased) of the tenant the caller signs in to. */
  getTenantId(options: CallOptions): Promise<string>;
  /** The current values of the keys of `partial`; unknown keys and wrong types are refused before any request. */
  readTenantSettings(partial: TenantSettings, options: CallOptions): Promise<TenantSettings>;
  /** Writes the keys of `wanted` that differ (nothing when none does); returns the full document. */
  updateTenantSettings(wanted: TenantSettings, options: CallOptions): Promise<TenantSettings>;

  /**
   * Creates a billing policy and waits until it has settled; adopts what an earlier create of the same name,
   * subscription, resource group and location by this client left, never a policy someone else created.
   */
  createBillingPolicy(input: BillingPolicyInput, options: CallOptions): Promise<BillingPolicy>;
  /** The policy, or undefined when it does not exist. */
  getBillingPolicy(id: string, options: CallOptions): Promise<BillingPolicy | undefined>;
  listBillingPolicies(options: CallOptions): Promise<BillingPolicy[]>;
  /** Changes name and/or status and waits until the policy has settled. */
  updateBillingPolicy(
    id: string,
    update: { name?: string; status?: BillingPolicyStatus },
    options: CallOptions,
  ): Promise<BillingPolicy>;
  /** Deletes a policy; a missing one is not an error. */
  deleteBillingPolicy(id: string, options: CallOptions): Promise<void>;
  /** The ids (lower-cased) of the environments a policy bills, from the licensing API. */
  listBillingPolicyEnvironments(id: string, options: CallOptions): Promise<string[]>;
  /** Links environments; returns the policy's environments read back. */
  addBillingPolicyEnvironments(id: string, environmentIds: string[], options: CallOptions): Promise<string[]>;
  /** Unlinks environments; returns the policy's environments read back. */
  removeBillingPolicyEnvironments(id: string, environmentIds: string[], options: CallOptions): Promise<string[]>;

  /**
   * Creates an environment group. With `ownerKey`, adopts the group an earlier create with the same key left (created
   * by this client), never a group someone else made; a lost answer is settled by the create marker, never resent.
   */
  createEnvironmentGroup(
    input: { displayName: string; description: string },
    options: CallOptions & { ownerKey?: string },
  ): Promise<EnvironmentGroup>;
  /** The group, or undefined when it does not exist. */
  getEnvironmentGroup(id: string, options: CallOptions): Promise<EnvironmentGroup | undefined>;
  /** Replaces the group's display name and description. */
  updateEnvironmentGroup(
    id: string,
    input: { displayName: string; description: string },
    options: CallOptions,
  ): Promise<EnvironmentGroup>;
  /** Deletes a group; a missing one is not an error. The service refuses (409) while it has members or a policy. */
  deleteEnvironmentGroup(id: string, options: CallOptions): Promise<void>;
  /** The ids of the environments in a group. */
  listEnvironmentGroupMembers(id: string, options: CallOptions): Promise<string[]>;
  /** The group's rule set, or undefined when it has none. */
  getEnvironmentGroupRuleSet(groupId: string, options: CallOptions): Promise<EnvironmentGroupRuleSet | undefined>;
  /** Makes the group's managed rules exactly `rules`, keeping rule types the client does not manage. */
  setEnvironmentGroupRuleSet(
    groupId: string,
    rules: EnvironmentGroupRules,
    options: CallOptions,
  ): Promise<EnvironmentGroupRuleSet>;
  /** Removes the managed rules from the group, keeping rule types the client does not manage. */
  deleteEnvironmentGroupRuleSet(groupId: string, options: CallOptions): Promise<void>;
  /** Puts an environment into a group (moving it from another); nothing is sent when it is a member already. */
  addEnvironmentToGroup(groupId: string, environmentId: string, options: CallOptions): Promise<void>;
  /** Takes an environment out of a group (`removeEnvironment`); nothing is sent when it is not a member. */
  removeEnvironmentFromGroup(groupId: string, environmentId: string, options: CallOptions): Promise<void>;
}
