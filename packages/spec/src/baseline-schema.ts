/**
 * The zod (v4) schema of a tenant baseline (`apiVersion: govai/v1`, `kind: TenantBaseline`; by convention
 * `tenant.yaml` or `*.tenant.yaml`).
 *
 * Like the workload schema it checks shape only, every object is strict and nothing uses `.default()`: the parsed
 * spec is exactly what the user wrote, `resolveBaseline()` spells the defaults out. Cross-field rules live in
 * `baseline-checks.ts`. The building blocks (names, people, GUIDs, connector ids, the sharing, solution checker and
 * maker welcome shapes) are the workload schema's own, so both kinds accept and word them alike.
 */
import { z } from "zod";
import {
  BACKUP_RETENTION_DAYS,
  TENANT_AUDIENCES,
  TENANT_DLP_SCOPES,
  TENANT_SETTINGS_DELETE_BEHAVIORS,
} from "./baseline-model.ts";
import { expecting } from "./expected.ts";
import { CONNECTOR_GROUPS } from "./model.ts";
import {
  agentSharing,
  bool,
  connectorId,
  currency,
  enumOf,
  geography,
  groupAppSharing,
  makerWelcome,
  mapKey,
  person,
  resourceGroupName,
  solutionChecker,
  text,
  uuid,
  workloadName,
} from "./schema.ts";

/** The message of an empty `dataPolicies.tenantWide.blocked`. */
export const EMPTY_TENANT_WIDE_BLOCKED =
  "expected at least one connector id: the tenant-wide policy exists to block what no pilot may use, and blocks nothing with an empty list";

/** The message of a billing policy whose `notify` names nobody. */
export const EMPTY_BILLING_NOTIFY =
  "expected at least one person to notify when the budget is reached, found none (a budget nobody hears about does not limit spend)";

const metadata = z
  .strictObject({
    name: workloadName.describe(
      "DNS-safe baseline name (3–24 chars), usually the company's short name. Used in the derived DLP policy names.",
    ),
    displayName: text.describe("Human name of the baseline."),
    owningTeam: text.describe("Team that owns the tenant's governance, e.g. the Power Platform CoE."),
    accountable: person.describe("The one person accountable for the tenant baseline."),
    tenantId: uuid.describe(
      "The Entra tenant this baseline governs. Its default environment is Default-<tenantId>; the baseline refuses to run against another tenant.",
    ),
  })
  .describe("Identity and ownership of the baseline.");

const connectorList = z.array(connectorId);

const defaultEnvironmentPolicy = z
  .strictObject({
    defaultGroup: enumOf(CONNECTOR_GROUPS)
      .optional()
      .describe("Group of unclassified and future connectors in the default environment. Default: blocked."),
    business: connectorList.optional().describe("Connector ids classified Business. Default: none."),
    nonBusiness: connectorList.optional().describe("Connector ids classified Non-business. Default: none."),
    blocked: connectorList.optional().describe("Connector ids blocked. Default: none (defaultGroup blocks the rest)."),
  })
  .describe(
    "The DLP policy of the tenant's default environment only (environment Default-<tenantId>), where every licensed user is a maker. Absent: not managed.",
  );

const tenantWidePolicy = z
  .strictObject({
    scope: enumOf(TENANT_DLP_SCOPES)
      .optional()
      .describe(
        "allEnvironments (default): the policy covers every environment, present and future; exceptEnvironments: all but those listed.",
      ),
    exceptEnvironments: z
      .array(uuid)
      .optional()
      .describe("Environment ids the policy leaves out; only with scope exceptEnvironments, and then at least one."),
    blocked: connectorList
      .refine((ids) => ids.length > 0, { message: EMPTY_TENANT_WIDE_BLOCKED })
      .meta({ minItems: 1 })
      .describe("Connector ids no environment the policy covers may use (no pilot either). Required, non-empty."),
  })
  .describe("One DLP policy over every environment, or every environment but some, blocking what pilots must not use.");

const dataPolicies = z
  .strictObject({
    defaultEnvironment: defaultEnvironmentPolicy.optional(),
    tenantWide: tenantWidePolicy,
  })
  .describe("The tenant's DLP policies. tenantWide is required.");

const audience = enumOf(TENANT_AUDIENCES);

const settings = z
  .strictObject({
    environmentCreation: z
      .strictObject({
        production: audience
          .optional()
          .describe("Who may create production (and sandbox) environments: adminsOnly or everyone."),
        trials: audience.optional().describe("Who may create trial environments."),
        developer: audience.optional().describe("Who may create developer environments."),
      })
      .optional()
      .describe("Who may create environments, per type. Absent: not managed."),
    billingPolicyCreation: audience.optional().describe("Who may create billing policies. Absent: not managed."),
    shareWithEveryone: bool
      .optional()
      .describe(
        "Makers may share canvas apps with Everyone in the organisation (powerApps.disableShareWithEveryone is its negation). Absent: not managed.",
      ),
    copilotStudio: z
      .strictObject({
        copilotFeatures: bool
          .optional()
          .describe("Copilot features for makers and Copilot Studio authors (intelligence.disableCopilot negated)."),
        publishAgentsWithAi: bool
          .optional()
          .describe("Authors may publish agents with generative AI features (intelligence.enableOpenAiBotPublishing)."),
      })
      .optional()
      .describe("Copilot Studio author settings. Absent: not managed."),
    environmentRouting: z
      .strictObject({
        enabled: bool.describe(
          "Route makers to a personal developer environment instead of the default environment (enableDefaultEnvironmentRouting).",
        ),
        targetGroup: mapKey
          .optional()
          .describe("A key of environmentGroups: routed developer environments are created in that group."),
      })
      .optional()
      .describe("Environment routing. Absent: not managed."),
    deleteBehavior: enumOf(TENANT_SETTINGS_DELETE_BEHAVIORS)
      .optional()
      .describe(
        "restore (default): destroying the baseline writes back the values found before govai's first write; retain: leaves them as govai set them.",
      ),
  })
  .describe("Tenant settings. Everything optional; a setting left out is neither written nor read.");

const backupRetentionDays = expecting(
  z.literal(BACKUP_RETENTION_DAYS),
  `${BACKUP_RETENTION_DAYS.slice(0, -1).join(", ")} or ${BACKUP_RETENTION_DAYS.at(-1)} (the backup retention days Power Platform accepts)`,
);

const groupRules = z
  .strictObject({
    sharing: z
      .strictObject({
        apps: groupAppSharing.optional(),
        // Kept in the shape so that validate refuses it with the reason (checkGroupAgentSharing), not "unknown key".
        agents: agentSharing
          .optional()
          .describe(
            "Refused: a group's rules cannot set agent sharing yet (the service's rule for it is not recorded, so govai cannot write it). Agents in the group's environments keep the tenant's sharing defaults.",
          ),
      })
      .optional()
      .describe("Sharing limits of canvas apps, as a workload stage's managedEnvironment.sharing.apps."),
    solutionChecker: solutionChecker.optional().describe("Solution checker enforcement on import."),
    usageInsights: bool.optional().describe("Include the group's environments in the weekly usage-insights digest."),
    makerWelcome: makerWelcome.optional().describe("Maker welcome content shown in the group's environments."),
    backupRetentionDays: backupRetentionDays.optional().describe("Backup retention: 7, 14, 21 or 28 days."),
    generativeAi: z
      .strictObject({
        moveDataAcrossRegions: bool
          .optional()
          .describe("Copilot data may move across geographies. Default false when the rule is given."),
        bingSearch: bool
          .optional()
          .describe("Copilot may search the web with Bing. Default false when the rule is given."),
      })
      .optional()
      .describe("Generative AI settings of the group's environments."),
  })
  .describe(
    "The group's rule set; every rule optional (absent: not in the rule set). A rule given takes the prod profile's value for each field it leaves out.",
  );

const environmentGroup = z.strictObject({
  displayName: text.describe("Display name of the group."),
  description: z.string().optional().describe("What the group is for. Default: empty."),
  rules: groupRules.optional(),
});

const billingPolicy = z.strictObject({
  displayName: text.describe("Display name of the billing policy."),
  location: geography.describe("Power Platform geography of the policy; changing it replaces the policy."),
  subscriptionId: uuid.describe("Azure subscription the pay-as-you-go consumption is billed to."),
  resourceGroup: resourceGroupName.describe("Azure resource group of the billing resource and its budget."),
  monthlyBudget: expecting(z.number().gt(0), "an amount greater than 0").describe(
    "Monthly Azure budget on the billing resource group, in currency; greater than 0.",
  ),
  currency: currency.optional().describe("ISO 4217 currency of the budget. Default USD."),
  notify: z
    .record(mapKey, person)
    .refine((m) => Object.keys(m).length > 0, { message: EMPTY_BILLING_NOTIFY })
    .describe("Who the budget notifies, keyed by name; at least one."),
});

/** The schema of a whole tenant baseline. */
export const tenantBaselineSchema = z
  .strictObject({
    apiVersion: expecting(z.literal("govai/v1"), '"govai/v1"'),
    kind: expecting(z.literal("TenantBaseline"), '"TenantBaseline"'),
    metadata,
    dataPolicies,
    settings: settings.optional(),
    environmentGroups: z
      .record(mapKey, environmentGroup)
      .optional()
      .describe(
        "Environment groups keyed by name; a workload stage joins one with environment.environmentGroupId. Default: none.",
      ),
    billingPolicies: z
      .record(mapKey, billingPolicy)
      .optional()
      .describe(
        "Pay-as-you-go billing policies keyed by name; a workload stage links to one with billingPolicyId. Default: none.",
      ),
  })
  .describe("The governance baseline of one tenant (govai/v1).");

/** A parsed tenant baseline: exactly what the user wrote, no defaults applied. */
export type TenantBaselineSpec = z.infer<typeof tenantBaselineSchema>;
