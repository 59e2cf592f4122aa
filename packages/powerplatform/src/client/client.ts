/**
 * `PowerPlatformClient`: the typed client of the Power Platform admin APIs. One instance per credential and cloud;
 * share it, because it holds the token cache and the per-host concurrency limit.
 */
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import * as admin from "../services/admin-application/api.ts";
import * as agents from "../services/agents/api.ts";
import type { Agent } from "../services/agents/convert.ts";
import * as appUsers from "../services/application-user/api.ts";
import * as billing from "../services/billing-policy/api.ts";
import * as connectors from "../services/connectors/api.ts";
import * as copilot from "../services/copilot-telemetry/api.ts";
import * as dlp from "../services/data-policy/api.ts";
import * as environments from "../services/environment/api.ts";
import * as groups from "../services/environment-group/api.ts";
import * as governance from "../services/managed-environment/api.ts";
import * as solutions from "../services/solution-deployment/api.ts";
import * as tenant from "../services/tenant-settings/api.ts";
import { TokenCache, tokenIdentity } from "./auth.ts";
import { type Clock, systemClock } from "./clock.ts";
import { CLOUD_PROFILES, type Cloud, type Endpoints, resolveEndpoints, scopeOf } from "./clouds.ts";
import { type ClientCore, callContext, DEFAULT_POLLING, type PollingOptions } from "./core.ts";
import * as dataverse from "./dataverse.ts";
import { DEFAULT_RETRY, HttpExecutor, type RetryOptions } from "./http.ts";
import { HostLimiter } from "./limiter.ts";
import type {
  AdminApplication,
  AgentTelemetrySettings,
  ApplicationUser,
  BillingPolicy,
  BillingPolicyInput,
  BillingPolicyStatus,
  Connector,
  CreateEnvironmentGroupOptions,
  CreateEnvironmentOptions,
  DlpPolicy,
  DlpPolicyInput,
  DomainValidation,
  Environment,
  EnvironmentCreateInput,
  EnvironmentGroup,
  EnvironmentGroupRuleSet,
  EnvironmentGroupRules,
  EnvironmentSku,
  EnvironmentUpdate,
  ManagedEnvironmentSettings,
  OperationOptions,
  OrganizationSettings,
  OrganizationSettingsState,
  SecurityRole,
  TenantSettings,
} from "./types.ts";

/** Construction options of {@link PowerPlatformClient}. */
export interface PowerPlatformClientOptions {
  /**
   * Any `@azure/identity` credential: workload identity / OIDC (`WorkloadIdentityCredential`), certificate
   * (`ClientCertificateCredential`), Azure CLI (`AzureCliCredential`), … Default: `DefaultAzureCredential` with the
   * cloud's authority host.
   */
  credential?: TokenCredential;
  /** The cloud. Default `public`. */
  cloud?: Cloud;
  /** Base-URL overrides per API family (e.g. the emulator's `endpoints`). Default: the cloud's hosts. */
  endpoints?: Partial<Endpoints>;
  /** Most concurrent requests per host. Default 8. */
  maxConcurrencyPerHost?: number;
  /** Retry budget per HTTP call. Defaults: 8 attempts, 1 s first backoff, 30 s largest backoff, 5 min in total. */
  retry?: Partial<RetryOptions>;
  /** Lifecycle polling and convergence knobs. */
  polling?: Partial<PollingOptions>;
  /** Default deadline of every logical operation, ms. Default 30 min (environment creates can take 20). */
  operationTimeoutMs?: number;
  /** Longest single HTTP attempt, ms. Default 120000. */
  attemptTimeoutMs?: number;
  /** Time source (tests inject `virtualClock()`). Default the system clock. */
  clock?: Clock;
  /** Random numbers in [0, 1) for jitter. Default `Math.random`. */
  random?: () => number;
  /** fetch implementation. Default the global `fetch`. */
  fetch?: typeof fetch;
  /** User-Agent header. Default `govai-powerplatform/0.1.0`. */
  userAgent?: string;
}

/** Counters of one client (for tests, diagnostics and the benchmark). */
export interface ClientStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Retries (attempts after the first of a call). */
  retries: number;
  /** Total ms waited before retries. */
  retryWaitMs: number;
  /** Times the credential was asked for a token. */
  tokenRequests: number;
  /** Highest concurrent requests seen per host. */
  peakConcurrency: Record<string, number>;
}

/** The typed Power Platform admin client. Every method takes optional {@link OperationOptions} last. */
export class PowerPlatformClient {
  readonly #core: ClientCore;
  readonly #tokens: TokenCache;
  readonly #limiter: HostLimiter;
  /** The cloud this client talks to. */
  readonly cloud: Cloud;
  /** The resolved base URLs. */
  readonly endpoints: Readonly<Endpoints>;

  constructor(options: PowerPlatformClientOptions = {}) {
    const cloud = options.cloud ?? "public";
    const endpoints = resolveEndpoints(cloud, options.endpoints);
    const profile = CLOUD_PROFILES[cloud];
    const clock = options.clock ?? systemClock;
    const random = options.random ?? Math.random;
    const credential = options.credential ?? new DefaultAzureCredential({ authorityHost: profile.authorityHost });
    this.#tokens = new TokenCache(credential, clock);
    this.#limiter = new HostLimiter(options.maxConcurrencyPerHost ?? 8);
    const http = new HttpExecutor({
      tokens: this.#tokens,
      clock,
      limiter: this.#limiter,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      random,
      attemptTimeoutMs: options.attemptTimeoutMs ?? 120_000,
      fetch: options.fetch ?? globalThis.fetch,
      userAgent: options.userAgent ?? "govai-powerplatform/0.1.0",
    });
    this.cloud = cloud;
    this.endpoints = Object.freeze({ ...endpoints });
    this.#core = {
      http,
      clock,
      random,
      profile,
      endpoints,
      polling: { ...DEFAULT_POLLING, ...options.polling },
      operationTimeoutMs: options.operationTimeoutMs ?? 30 * 60_000,
      bapiScope: scopeOf(profile.bapiAudience),
      ppapiScope: scopeOf(profile.ppapiAudience),
      copilotStudioScope: scopeOf(profile.copilotStudioAudience),
      identity: async (ctx) => tokenIdentity(await this.#tokens.get(scopeOf(profile.bapiAudience), ctx.signal)),
    };
  }

  /** Counters since construction. */
  get stats(): ClientStats {
    const { requests, retries, retryWaitMs } = this.#core.http.stats;
    return {
      requests,
      retries,
      retryWaitMs,
      tokenRequests: this.#tokens.requests,
      peakConcurrency: Object.fromEntries(this.#limiter.peak),
    };
  }

  #ctx(operation: string, options?: OperationOptions) {
    return callContext(this.#core, operation, options);
  }

  // ── Environments ────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Creates an environment (with Dataverse when `input.dataverse` is set) and resolves once it is provisioned and,
   * with Dataverse, its organisation is visible. `options.onEnvironmentId` gets the id as soon as it is known;
   * later failures are `PartialCreateError`s carrying it. An ambiguous POST is never resent blindly (see README).
   * https://learn.microsoft.com/power-platform/admin/create-environment
   */
  createEnvironment(input: EnvironmentCreateInput, options?: CreateEnvironmentOptions): Promise<Environment> {
    return environments.createEnvironment(this.#core, this.#ctx("createEnvironment", options), input, options);
  }

  /** Reads an environment; undefined when it does not exist. */
  getEnvironment(environmentId: string, options?: OperationOptions): Promise<Environment | undefined> {
    return environments.getEnvironment(this.#core, this.#ctx("getEnvironment", options), environmentId);
  }

  /** Lists environments (all pages), optionally only the members of an environment group. */
  listEnvironments(filter: { environmentGroupId?: string } = {}, options?: OperationOptions): Promise<Environment[]> {
    return environments.listEnvironments(this.#core, this.#ctx("listEnvironments", options), filter.environmentGroupId);
  }

  /** Updates an environment and waits until the change is visible. */
  updateEnvironment(
    environmentId: string,
    update: EnvironmentUpdate,
    options?: OperationOptions,
  ): Promise<Environment> {
    return environments.updateEnvironment(this.#core, this.#ctx("updateEnvironment", options), environmentId, update);
  }

  /** Changes the environment type (`modifySku`) to `Sandbox` or `Production`. Run before other updates. */
  changeEnvironmentType(environmentId: string, type: EnvironmentSku, options?: OperationOptions): Promise<Environment> {
    return environments.changeEnvironmentType(
      this.#core,
      this.#ctx("changeEnvironmentType", options),
      environmentId,
      type,
    );
  }

  /** Deletes an environment and waits until it is gone; a missing environment counts as deleted. */
  deleteEnvironment(environmentId: string, options?: OperationOptions): Promise<void> {
    return environments.deleteEnvironment(this.#core, this.#ctx("deleteEnvironment", options), environmentId);
  }

  /** Whether a Dataverse domain can be used for a new environment in `location`, or as the new domain of `environmentId`. */
  validateDomain(
    domain: string,
    target: { location: string } | { environmentId: string },
    options?: OperationOptions,
  ): Promise<DomainValidation> {
    return environments.validateDomain(this.#core, this.#ctx("validateDomain", options), domain, target);
  }

  // ── Managed environment ─────────────────────────────────────────────────────────────────────────────────────

  /**
   * Enables the managed environment with `settings`, or updates them, and waits until they read back.
   * Refused with `GovernanceBlockedByGroupError` for an environment in an environment group.
   * https://learn.microsoft.com/power-platform/admin/managed-environment-overview
   */
  setManagedEnvironment(
    environmentId: string,
    settings: ManagedEnvironmentSettings,
    options?: OperationOptions,
  ): Promise<Environment> {
    return governance.setManagedEnvironment(
      this.#core,
      this.#ctx("setManagedEnvironment", options),
      environmentId,
      settings,
    );
  }

  /** Turns the managed environment off. */
  disableManagedEnvironment(environmentId: string, options?: OperationOptions): Promise<Environment> {
    return governance.disableManagedEnvironment(
      this.#core,
      this.#ctx("disableManagedEnvironment", options),
      environmentId,
    );
  }

  // ── DLP ─────────────────────────────────────────────────────────────────────────────────────────────────────

  /** Creates a DLP (data) policy. https://learn.microsoft.com/power-platform/admin/wp-data-loss-prevention */
  createDlpPolicy(input: DlpPolicyInput, options?: OperationOptions): Promise<DlpPolicy> {
    return dlp.createDlpPolicy(this.#core, this.#ctx("createDlpPolicy", options), input);
  }

  /** Reads a DLP policy; undefined when it does not exist. */
  getDlpPolicy(policyId: string, options?: OperationOptions): Promise<DlpPolicy | undefined> {
    return dlp.getDlpPolicy(this.#core, this.#ctx("getDlpPolicy", options), policyId);
  }

  /** Lists DLP policies. */
  listDlpPolicies(options?: OperationOptions): Promise<DlpPolicy[]> {
    return dlp.listDlpPolicies(this.#core, this.#ctx("listDlpPolicies", options));
  }

  /** Replaces a DLP policy. */
  updateDlpPolicy(policyId: string, input: DlpPolicyInput, options?: OperationOptions): Promise<DlpPolicy> {
    return dlp.updateDlpPolicy(this.#core, this.#ctx("updateDlpPolicy", options), policyId, input);
  }

  /** Deletes a DLP policy; a missing policy counts as deleted. */
  deleteDlpPolicy(policyId: string, options?: OperationOptions): Promise<void> {
    return dlp.deleteDlpPolicy(this.#core, this.#ctx("deleteDlpPolicy", options), policyId);
  }

  /** The connector catalogue, with unblockable and virtual connectors marked. */
  listConnectors(options?: OperationOptions): Promise<Connector[]> {
    return connectors.listConnectors(this.#core, this.#ctx("listConnectors", options));
  }

  // ── Dataverse ───────────────────────────────────────────────────────────────────────────────────────────────

  /** Reads the organisation settings (auditing, IP firewall, cookie binding). */
  getOrganizationSettings(environmentId: string, options?: OperationOptions): Promise<OrganizationSettingsState> {
    return dataverse.getOrganizationSettings(this.#core, this.#ctx("getOrganizationSettings", options), environmentId);
  }

  /** The Dataverse base currency (ISO code) of an environment; undefined when unset. */
  getEnvironmentCurrency(environmentId: string, options?: OperationOptions): Promise<string | undefined> {
    return dataverse.getEnvironmentCurrency(this.#core, this.#ctx("getEnvironmentCurrency", options), environmentId);
  }

  /** Writes the organisation settings present in `settings`; returns them read back. */
  updateOrganizationSettings(
    environmentId: string,
    settings: OrganizationSettings,
    options?: OperationOptions,
  ): Promise<OrganizationSettingsState> {
    return dataverse.updateOrganizationSettings(
      this.#core,
      this.#ctx("updateOrganizationSettings", options),
      environmentId,
      settings,
    );
  }

  /**
   * Writes back organisation settings read earlier with {@link getOrganizationSettings} (a snapshot), as read:
   * values a caller may not set are restored too, and a new organisation's 30-day default retention goes back as
   * "not set" (`auditretentionperiodv2: null`), never as -1. Returns the settings read back.
   */
  restoreOrganizationSettings(
    environmentId: string,
    snapshot: OrganizationSettings,
    options?: OperationOptions,
  ): Promise<OrganizationSettingsState> {
    return dataverse.updateOrganizationSettings(
      this.#core,
      this.#ctx("restoreOrganizationSettings", options),
      environmentId,
      snapshot,
      true,
    );
  }

  /** Finds the application user of an Entra application (active, else soft-deleted); undefined when none. */
  findApplicationUser(
    environmentId: string,
    applicationId: string,
    options?: OperationOptions,
  ): Promise<ApplicationUser | undefined> {
    return appUsers.findApplicationUser(
      this.#core,
      this.#ctx("findApplicationUser", options),
      environmentId,
      applicationId,
    );
  }

  /**
   * Lists the active application users of an environment (non-interactive users with an application id), with their
   * security roles, sorted by application id. Reads one page (Dataverse pages after 5,000 rows).
   */
  listApplicationUsers(environmentId: string, options?: OperationOptions): Promise<ApplicationUser[]> {
    return appUsers.listApplicationUsers(this.#core, this.#ctx("listApplicationUsers", options), environmentId);
  }

  /** Adopts or creates the application user of an Entra application. */
  ensureApplicationUser(
    environmentId: string,
    applicationId: string,
    options?: OperationOptions,
  ): Promise<ApplicationUser> {
    return appUsers.ensureApplicationUser(
      this.#core,
      this.#ctx("ensureApplicationUser", options),
      environmentId,
      applicationId,
    );
  }

  /** Deletes (soft-delete, then purge) an application user. */
  deleteApplicationUser(environmentId: string, userId: string, options?: OperationOptions): Promise<void> {
    return appUsers.deleteApplicationUser(
      this.#core,
      this.#ctx("deleteApplicationUser", options),
      environmentId,
      userId,
    );
  }

  /** Lists the security roles of the root business unit. */
  listSecurityRoles(environmentId: string, options?: OperationOptions): Promise<SecurityRole[]> {
    return appUsers.listSecurityRoles(this.#core, this.#ctx("listSecurityRoles", options), environmentId);
  }

  /** Makes the user's roles exactly `roleNames`. */
  setApplicationUserRoles(
    environmentId: string,
    userId: string,
    roleNames: string[],
    options?: OperationOptions,
  ): Promise<ApplicationUser> {
    return appUsers.setApplicationUserRoles(
      this.#core,
      this.#ctx("setApplicationUserRoles", options),
      environmentId,
      userId,
      roleNames,
    );
  }

  // ── Solutions (ALM) ─────────────────────────────────────────────────────────────────────────────────────────

  /** Every installed solution of an environment (managed and unmanaged, with versions), by unique name. */
  listSolutions(environmentId: string, options?: OperationOptions): Promise<solutions.InstalledSolution[]> {
    return solutions.listSolutions(this.#core, this.#ctx("listSolutions", options), environmentId);
  }

  /** The installed solution with this unique name; undefined when none is installed. */
  getSolution(
    environmentId: string,
    uniqueName: string,
    options?: OperationOptions,
  ): Promise<solutions.InstalledSolution | undefined> {
    return solutions.getSolution(this.#core, this.#ctx("getSolution", options), environmentId, uniqueName);
  }

  /**
   * Exports a solution, managed unless `options.managed` is false (`ExportSolution`). Only unmanaged solutions (the
   * ones makers edit, in dev) can be exported. https://learn.microsoft.com/power-platform/alm/solution-concepts-alm
   */
  exportSolution(
    environmentId: string,
    uniqueName: string,
    options?: OperationOptions & { managed?: boolean },
  ): Promise<{ file: Uint8Array; package: solutions.SolutionPackage }> {
    return solutions.exportSolution(
      this.#core,
      this.#ctx("exportSolution", options),
      environmentId,
      uniqueName,
      options?.managed ?? true,
    );
  }

  /**
   * Imports a solution file (stage, start once, poll, verify, read back), binding connection references and
   * environment variables from `options.settings`. An import start is never sent twice blindly (see README).
   * https://learn.microsoft.com/power-platform/alm/import-update-upgrade-solution
   */
  importSolution(
    environmentId: string,
    file: Uint8Array,
    options?: OperationOptions & solutions.ImportSolutionOptions,
  ): Promise<solutions.SolutionImportResult> {
    return solutions.importSolution(this.#core, this.#ctx("importSolution", options), environmentId, file, options);
  }

  /**
   * Uninstalls a solution; for a managed solution its components and the data of its tables go with it. Returns
   * false when none of that name is installed.
   */
  uninstallSolution(environmentId: string, uniqueName: string, options?: OperationOptions): Promise<boolean> {
    return solutions.uninstallSolution(this.#core, this.#ctx("uninstallSolution", options), environmentId, uniqueName);
  }

  /** The solution checker's rule catalogue (the codes `solutionChecker.ruleOverrides` may name). */
  listSolutionCheckerRules(
    environmentId: string,
    options?: OperationOptions,
  ): Promise<solutions.SolutionCheckerRule[]> {
    return solutions.listSolutionCheckerRules(
      this.#core,
      this.#ctx("listSolutionCheckerRules", options),
      environmentId,
    );
  }

  // ── Identities ──────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Registers an application as an admin management application (the one-time bootstrap; run as a Power Platform
   * Administrator user). https://learn.microsoft.com/power-platform/admin/powerplatform-api-create-service-principal
   */
  registerAdminApplication(clientId: string, options?: OperationOptions): Promise<AdminApplication> {
    return admin.registerAdminApplication(this.#core, this.#ctx("registerAdminApplication", options), clientId);
  }

  /** Reads an admin management application registration; undefined when not registered. */
  getAdminApplication(clientId: string, options?: OperationOptions): Promise<AdminApplication | undefined> {
    return admin.getAdminApplication(this.#core, this.#ctx("getAdminApplication", options), clientId);
  }

  /** Removes an admin management application registration. */
  unregisterAdminApplication(clientId: string, options?: OperationOptions): Promise<void> {
    return admin.unregisterAdminApplication(this.#core, this.#ctx("unregisterAdminApplication", options), clientId);
  }

  /** Makes a service principal System Administrator of one environment (`addAppUser`). */
  addAppUser(environmentId: string, clientId: string, options?: OperationOptions): Promise<void> {
    return admin.addAppUser(this.#core, this.#ctx("addAppUser", options), environmentId, clientId);
  }

  // ── Copilot Studio ──────────────────────────────────────────────────────────────────────────────────────────

  /** Reads an agent's Application Insights configuration (user tokens only). */
  getAgentTelemetry(environmentId: string, botId: string, options?: OperationOptions): Promise<AgentTelemetrySettings> {
    return copilot.getAgentTelemetry(this.#core, this.#ctx("getAgentTelemetry", options), environmentId, botId);
  }

  /**
   * Writes an agent's Application Insights configuration (user tokens only).
   * https://learn.microsoft.com/microsoft-copilot-studio/advanced-bot-framework-composer-capture-telemetry
   */
  setAgentTelemetry(
    environmentId: string,
    botId: string,
    settings: AgentTelemetrySettings,
    options?: OperationOptions,
  ): Promise<AgentTelemetrySettings> {
    return copilot.setAgentTelemetry(
      this.#core,
      this.#ctx("setAgentTelemetry", options),
      environmentId,
      botId,
      settings,
    );
  }

  /**
   * Every Copilot Studio agent of an environment (its Dataverse `bots` table, all pages), sorted by schema name.
   * Read only. Fails with `DataverseUnavailableError` for an environment without a working Dataverse.
   * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/bot
   */
  listAgents(environmentId: string, options?: OperationOptions): Promise<Agent[]> {
    return agents.listAgents(this.#core, this.#ctx("listAgents", options), environmentId);
  }

  /** Clears an agent's Application Insights configuration. */
  clearAgentTelemetry(
    environmentId: string,
    botId: string,
    options?: OperationOptions,
  ): Promise<AgentTelemetrySettings> {
    return copilot.clearAgentTelemetry(this.#core, this.#ctx("clearAgentTelemetry", options), environmentId, botId);
  }

  // ── Tenant ──────────────────────────────────────────────────────────────────────────────────────────────────

  /** The id (lower-cased) of the tenant the caller signs in to. */
  getTenantId(options?: OperationOptions): Promise<string> {
    return tenant.getTenantId(this.#core, this.#ctx("getTenantId", options));
  }

  /** Reads the full tenant-settings document. */
  getTenantSettings(options?: OperationOptions): Promise<TenantSettings> {
    return tenant.getTenantSettings(this.#core, this.#ctx("getTenantSettings", options));
  }

  /**
   * The current values of the keys of `partial` (the partial document about to be written): the snapshot to write
   * back later. Unknown keys are refused before any request.
   */
  readTenantSettings(partial: TenantSettings, options?: OperationOptions): Promise<TenantSettings> {
    return tenant.readTenantSettings(this.#core, this.#ctx("readTenantSettings", options), partial);
  }

  /**
   * Writes only the keys of `wanted` that differ (nothing when none does); returns the full document. A key this
   * client does not know, or a value of the wrong type, is refused before any request.
   */
  updateTenantSettings(wanted: TenantSettings, options?: OperationOptions): Promise<TenantSettings> {
    return tenant.updateTenantSettings(this.#core, this.#ctx("updateTenantSettings", options), wanted);
  }

  /**
   * Creates an environment group; with `options.ownerKey`, adopts the group an earlier create with the same key left
   * behind instead of creating another (see README "Environment create: ownership proof").
   */
  createEnvironmentGroup(
    input: { displayName: string; description?: string },
    options?: CreateEnvironmentGroupOptions,
  ): Promise<EnvironmentGroup> {
    return groups.createEnvironmentGroup(this.#core, this.#ctx("createEnvironmentGroup", options), input, options);
  }

  /** Reads an environment group; undefined when it does not exist. */
  getEnvironmentGroup(groupId: string, options?: OperationOptions): Promise<EnvironmentGroup | undefined> {
    return groups.getEnvironmentGroup(this.#core, this.#ctx("getEnvironmentGroup", options), groupId);
  }

  /** Replaces an environment group's name and description. */
  updateEnvironmentGroup(
    groupId: string,
    input: { displayName: string; description?: string },
    options?: OperationOptions,
  ): Promise<EnvironmentGroup> {
    return groups.updateEnvironmentGroup(this.#core, this.#ctx("updateEnvironmentGroup", options), groupId, input);
  }

  /** Deletes an environment group (fails with a hint while it has members or an assigned policy). */
  deleteEnvironmentGroup(groupId: string, options?: OperationOptions): Promise<void> {
    return groups.deleteEnvironmentGroup(this.#core, this.#ctx("deleteEnvironmentGroup", options), groupId);
  }

  /** Reads an environment group's rule set (reference §12.2); undefined when the group has none. */
  getEnvironmentGroupRuleSet(
    groupId: string,
    options?: OperationOptions,
  ): Promise<EnvironmentGroupRuleSet | undefined> {
    return groups.getEnvironmentGroupRuleSet(this.#core, this.#ctx("getEnvironmentGroupRuleSet", options), groupId);
  }

  /**
   * Makes an environment group's rules `rules` (creates or replaces its rule set); rule types this client does not
   * manage are kept. https://learn.microsoft.com/power-platform/admin/environment-groups
   */
  setEnvironmentGroupRuleSet(
    groupId: string,
    rules: EnvironmentGroupRules,
    options?: OperationOptions,
  ): Promise<EnvironmentGroupRuleSet> {
    return groups.setEnvironmentGroupRuleSet(
      this.#core,
      this.#ctx("setEnvironmentGroupRuleSet", options),
      groupId,
      rules,
    );
  }

  /** Removes the rules this client manages from a group (deletes the rule set unless it holds other rule types). */
  deleteEnvironmentGroupRuleSet(groupId: string, options?: OperationOptions): Promise<void> {
    return groups.deleteEnvironmentGroupRuleSet(
      this.#core,
      this.#ctx("deleteEnvironmentGroupRuleSet", options),
      groupId,
    );
  }

  /** Puts an existing environment into an environment group (an environment update); a member is left as it is. */
  addEnvironmentToGroup(groupId: string, environmentId: string, options?: OperationOptions): Promise<Environment> {
    return groups.addEnvironmentToGroup(
      this.#core,
      this.#ctx("addEnvironmentToGroup", options),
      groupId,
      environmentId,
    );
  }

  /** Takes an environment out of an environment group (`removeEnvironment`); a non-member is left as it is. */
  removeEnvironmentFromGroup(groupId: string, environmentId: string, options?: OperationOptions): Promise<Environment> {
    return groups.removeEnvironmentFromGroup(
      this.#core,
      this.#ctx("removeEnvironmentFromGroup", options),
      groupId,
      environmentId,
    );
  }

  // ── Billing policies (pay-as-you-go) ────────────────────────────────────────────────────────────────────────

  /** Lists the tenant's pay-as-you-go billing policies. */
  listBillingPolicies(options?: OperationOptions): Promise<BillingPolicy[]> {
    return billing.listBillingPolicies(this.#core, this.#ctx("listBillingPolicies", options));
  }

  /** Reads a billing policy; undefined when it does not exist. */
  getBillingPolicy(billingPolicyId: string, options?: OperationOptions): Promise<BillingPolicy | undefined> {
    return billing.getBillingPolicy(this.#core, this.#ctx("getBillingPolicy", options), billingPolicyId);
  }

  /**
   * Creates a pay-as-you-go billing policy and waits until it is provisioned; adopts the policy an earlier create
   * whose answer was lost left (same name, subscription, resource group and location, created by this client).
   * https://learn.microsoft.com/power-platform/admin/pay-as-you-go-set-up
   */
  createBillingPolicy(input: BillingPolicyInput, options?: OperationOptions): Promise<BillingPolicy> {
    return billing.createBillingPolicy(this.#core, this.#ctx("createBillingPolicy", options), input);
  }

  /** Changes a billing policy's name and/or status; its location and billing account cannot change. */
  updateBillingPolicy(
    billingPolicyId: string,
    update: { name?: string; status?: BillingPolicyStatus },
    options?: OperationOptions,
  ): Promise<BillingPolicy> {
    return billing.updateBillingPolicy(this.#core, this.#ctx("updateBillingPolicy", options), billingPolicyId, update);
  }

  /** Deletes a billing policy; a missing one counts as deleted. */
  deleteBillingPolicy(billingPolicyId: string, options?: OperationOptions): Promise<void> {
    return billing.deleteBillingPolicy(this.#core, this.#ctx("deleteBillingPolicy", options), billingPolicyId);
  }

  /** The ids (lower-cased) of the environments a billing policy bills. */
  listBillingPolicyEnvironments(billingPolicyId: string, options?: OperationOptions): Promise<string[]> {
    return billing.listBillingPolicyEnvironments(
      this.#core,
      this.#ctx("listBillingPolicyEnvironments", options),
      billingPolicyId,
    );
  }

  /** Links environments to a billing policy; returns the policy's environments read back. */
  addBillingPolicyEnvironments(
    billingPolicyId: string,
    environmentIds: string[],
    options?: OperationOptions,
  ): Promise<string[]> {
    return billing.addBillingPolicyEnvironments(
      this.#core,
      this.#ctx("addBillingPolicyEnvironments", options),
      billingPolicyId,
      environmentIds,
    );
  }

  /** Unlinks environments from a billing policy; returns the policy's environments read back. */
  removeBillingPolicyEnvironments(
    billingPolicyId: string,
    environmentIds: string[],
    options?: OperationOptions,
  ): Promise<string[]> {
    return billing.removeBillingPolicyEnvironments(
      this.#core,
      this.#ctx("removeBillingPolicyEnvironments", options),
      billingPolicyId,
      environmentIds,
    );
  }
}
