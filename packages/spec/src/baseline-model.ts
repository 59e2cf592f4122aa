/**
 * The TenantBaselineModel: the resolved desired state of one tenant's baseline (`kind: TenantBaseline`), the
 * governance that holds across every pilot rather than per environment: the tenant's two DLP policies, tenant
 * settings, environment groups with their rule sets, and pay-as-you-go billing policies.
 *
 * Like the WorkloadModel it is plain data (no zod, no Pulumi, no functions); `resolveBaseline()` spells out every
 * default, so nothing downstream re-derives one. Collections the user names are maps keyed by that name. A value that
 * is `undefined` means "not managed": govai neither writes nor reads it.
 */

import type { ConnectorGroup, Person, SharingMode, SolutionCheckerMode } from "./model.ts";

/** Who may do something tenant-wide: only Power Platform (or tenant) admins, or every user. */
export const TENANT_AUDIENCES = ["adminsOnly", "everyone"] as const;
export type TenantAudience = (typeof TENANT_AUDIENCES)[number];

/** Which environments the tenant-wide DLP policy covers. */
export const TENANT_DLP_SCOPES = ["allEnvironments", "exceptEnvironments"] as const;
export type TenantDlpScope = (typeof TENANT_DLP_SCOPES)[number];

/**
 * What destroying the tenant settings does: `restore` writes back the values found before govai's first write,
 * `retain` leaves the tenant as govai set it.
 */
export const TENANT_SETTINGS_DELETE_BEHAVIORS = ["restore", "retain"] as const;
export type TenantSettingsDeleteBehavior = (typeof TENANT_SETTINGS_DELETE_BEHAVIORS)[number];

/** The backup retention periods (days) an environment group rule may set; Power Platform accepts no others. */
export const BACKUP_RETENTION_DAYS = [7, 14, 21, 28] as const;
export type BackupRetentionDays = (typeof BACKUP_RETENTION_DAYS)[number];

/** The currency of a billing policy's budget when the spec names none. */
export const DEFAULT_BILLING_CURRENCY = "USD";

/** Identity and ownership of a tenant baseline (the spec's `metadata`). */
export interface TenantBaselineMetadata {
  /** DNS-safe name (the rules of a workload name); the baseline stack's resource names derive from it. */
  name: string;
  /** Human name of the baseline. */
  displayName: string;
  /** The team that owns the tenant's governance (typically the Power Platform CoE). */
  owningTeam: string;
  /** The one person accountable for the baseline. */
  accountable: Person;
  /** The Entra tenant this baseline governs (a GUID, lower-case). */
  tenantId: string;
}

/** The DLP policy of the tenant's default environment only (environment id `Default-<tenantId>`). */
export interface DefaultEnvironmentPolicyModel {
  /** Derived: `<name>-default-environment-dlp`. */
  displayName: string;
  /** The one environment the policy covers: `Default-<tenantId>`. */
  environmentId: string;
  /** Group of unclassified and future connectors. Default `blocked`. */
  defaultGroup: ConnectorGroup;
  /** Bare connector ids, sorted, disjoint across the three groups. Default `[]` each. */
  business: string[];
  nonBusiness: string[];
  blocked: string[];
}

/** One DLP policy over every environment, or every environment but some: what no pilot may use. */
export interface TenantWidePolicyModel {
  /** Derived: `<name>-tenant-wide-dlp`. */
  displayName: string;
  /** `allEnvironments` (default) or `exceptEnvironments`. */
  scope: TenantDlpScope;
  /** Environment ids left out (scope `exceptEnvironments`; lower-case, sorted); `[]` with `allEnvironments`. */
  exceptEnvironments: string[];
  /** Bare connector ids blocked everywhere the policy applies, sorted; never empty. */
  blocked: string[];
}

/** The tenant's two DLP policies. */
export interface TenantDataPoliciesModel {
  /** The default environment's own policy; undefined = not managed. */
  defaultEnvironment: DefaultEnvironmentPolicyModel | undefined;
  /** The tenant-wide policy; always present. */
  tenantWide: TenantWidePolicyModel;
}

/**
 * Tenant settings govai manages. Every value is optional: undefined = govai does not write that setting (and does
 * not snapshot it). Destroying the baseline writes back the snapshot unless `deleteBehavior` is `retain`.
 */
export interface TenantSettingsModel {
  /** Who may create environments of each type (`disableEnvironmentCreationByNonAdminUsers` and its kin). */
  environmentCreation: {
    production: TenantAudience | undefined;
    trials: TenantAudience | undefined;
    developer: TenantAudience | undefined;
  };
  /** Who may create billing policies. */
  billingPolicyCreation: TenantAudience | undefined;
  /** Makers may share apps with Everyone (`powerApps.disableShareWithEveryone` is its negation). */
  shareWithEveryone: boolean | undefined;
  /** Copilot Studio: Copilot authoring features (`intelligence.disableCopilot` negated) and AI-assisted publishing. */
  copilotStudio: { copilotFeatures: boolean | undefined; publishAgentsWithAi: boolean | undefined };
  /**
   * Route makers to their own developer environment instead of the default environment, created in `targetGroup`
   * (a key of `environmentGroups`) when one is named. Undefined = not managed.
   */
  environmentRouting: { enabled: boolean; targetGroup: string | undefined } | undefined;
  /** What destroying the settings does. Default `restore`. */
  deleteBehavior: TenantSettingsDeleteBehavior;
}

/**
 * The rule set of an environment group. Every rule is optional: undefined = the rule set does not hold it. A rule
 * that is given has every field spelled out; a field the spec leaves out takes the prod stage profile's value (the
 * locked-down one).
 */
export interface EnvironmentGroupRulesModel {
  /**
   * Sharing limits of canvas apps in every environment of the group. Agent sharing is not a rule govai can write
   * (the service's rule for it is not recorded), so the spec refuses `sharing.agents` in a group.
   */
  sharing:
    | { apps: { groupSharingDisabled: boolean; mode: Exclude<SharingMode, "disableSharing">; maxUsers: number } }
    | undefined;
  /** Solution checker enforcement on import. */
  solutionChecker:
    | { mode: SolutionCheckerMode; ruleOverrides: string[]; suppressValidationEmails: boolean }
    | undefined;
  /** Include the group's environments in the weekly usage-insights digest. */
  usageInsights: boolean | undefined;
  /** Maker welcome content. */
  makerWelcome: { markdown: string; url: string | undefined } | undefined;
  /** Backup retention of the group's environments: 7, 14, 21 or 28 days. */
  backupRetentionDays: BackupRetentionDays | undefined;
  /** Generative AI: moving data across regions and Bing search, each default false when the rule is given. */
  generativeAi: { moveDataAcrossRegions: boolean; bingSearch: boolean } | undefined;
}

/** An environment group, keyed by a name the user chose. */
export interface EnvironmentGroupModel {
  displayName: string;
  /** Default `""`. */
  description: string;
  /** The group's rule set. */
  rules: EnvironmentGroupRulesModel;
}

/** A pay-as-you-go billing policy, keyed by a name the user chose, with the Azure budget on its resource group. */
export interface BillingPolicyModel {
  displayName: string;
  /** Power Platform geography of the policy (`europe`); changing it replaces the policy. */
  location: string;
  /** The Azure subscription billed (a GUID, lower-case). */
  subscriptionId: string;
  /** The Azure resource group holding the billing resource and its budget. */
  resourceGroup: string;
  /** Monthly budget in `currency`, greater than 0. */
  monthlyBudget: number;
  /** ISO 4217 code. Default USD. */
  currency: string;
  /** Who the budget notifies, keyed by a name the user chose; at least one. */
  notify: Record<string, Person>;
}

/** The resolved tenant baseline. */
export interface TenantBaselineModel {
  apiVersion: "govai/v1";
  kind: "TenantBaseline";
  metadata: TenantBaselineMetadata;
  dataPolicies: TenantDataPoliciesModel;
  settings: TenantSettingsModel;
  /** Environment groups keyed by name (sorted). */
  environmentGroups: Record<string, EnvironmentGroupModel>;
  /** Billing policies keyed by name (sorted). */
  billingPolicies: Record<string, BillingPolicyModel>;
  /** Where the baseline was loaded from, when it came from a file. */
  source: { file: string } | undefined;
}
