/**
 * The zod (v4) schema of `workload.yaml` (`apiVersion: govai/v1`, `kind: Workload`).
 *
 * The schema checks shape only: types, formats, ranges and unknown keys (every object is strict). Cross-field rules
 * (references, DLP group overlaps, omitted stages …) live in `checks.ts`; defaults live in `profiles.ts` and are
 * applied by `resolve()`, so that every value the spec sets can be compared with its default and recorded as an
 * override. That is why nothing here uses `.default()`: the parsed spec is exactly what the user wrote.
 */
import { z } from "zod";
import { expecting } from "./expected.ts";
import {
  AGENT_AUTH_MODES,
  AGENT_CHANNELS,
  ALERT_WINDOWS_MINUTES,
  CONNECTOR_GROUPS,
  DATA_CLASSIFICATIONS,
  ENVIRONMENT_TYPES,
  EVIDENCE_KINDS,
  FIREWALL_MODES,
  GROUP_MAX_SHARE_LIMIT,
  IPV4_RANGE,
  KNOWLEDGE_KINDS,
  MAX_SHARE_LIMIT,
  SHARING_MODES,
  SOLUTION_CHECKER_MODES,
} from "./model.ts";
import { DATA_RESIDENCIES } from "./residency.ts";

// ---------------------------------------------------------------------------------------------------------------
// Scalars

/** A non-empty string (trimmed). */
export const text = expecting(z.string().trim().min(1), "a non-empty string");
/** An e-mail address. */
export const email = expecting(
  z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/),
  'an e-mail address such as "jane.doe@contoso.com"',
);
/** A GUID in any case. */
export const uuid = expecting(
  z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/),
  "a GUID (Entra object or client id)",
);
/** true or false. */
export const bool = expecting(z.boolean(), "true or false");
const positiveInt = expecting(z.number().int().min(1), "a whole number ≥ 1");
const nonNegative = expecting(z.number().min(0), "a number ≥ 0");
const percent = expecting(z.number().gt(0).max(100), "a percentage greater than 0 and at most 100");
const isoDate = expecting(
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
    }),
  "a calendar date YYYY-MM-DD",
);

/** DNS-safe workload name: 3–24 characters, lower-case letters, digits and hyphens, starting with a letter. */
export const workloadName = expecting(
  z.string().regex(/^[a-z][a-z0-9-]{1,22}[a-z0-9]$/),
  "a DNS-safe name: 3–24 lower-case letters, digits or hyphens, starting with a letter and not ending with a hyphen",
);

/** A connector id: bare (`shared_sharepointonline`, `Http`) or full (`/providers/Microsoft.PowerApps/apis/shared_x`). */
export const connectorId = expecting(
  z.string().regex(/^(\/providers\/Microsoft\.PowerApps\/apis\/)?[A-Za-z][A-Za-z0-9_.-]*$/),
  'a connector id such as "shared_sharepointonline", "Http" or "/providers/Microsoft.PowerApps/apis/shared_x"',
);

const dataverseDomain = expecting(
  z.string().regex(/^[a-z][a-z0-9-]{0,61}[a-z0-9]$/),
  "a Dataverse domain: 2–63 lower-case letters, digits or hyphens, starting with a letter",
);

const cidr = expecting(z.string().regex(IPV4_RANGE), 'an IPv4 address or CIDR range such as "10.0.0.0/8"');

/** An https URL. */
export const httpsUrl = expecting(
  z.string().regex(/^https:\/\/[^\s]+$/),
  'an https URL such as "https://contoso.com/path"',
);

const retentionDays = expecting(
  z.union([z.literal(-1), z.number().int().min(31).max(24855)]),
  "a number ≥ 31 (at most 24855) or -1",
);

const lcid = expecting(z.number().int().min(1025).max(58378), "a Windows language id (LCID) such as 1033");
/** An ISO 4217 currency code. */
export const currency = expecting(z.string().regex(/^[A-Z]{3}$/), 'an ISO 4217 currency code such as "EUR"');

/** Name of a map entry the user chooses (map keys become logical names and Pulumi URNs). */
export const mapKey = expecting(
  z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/),
  "a name of letters, digits, '_' or '-' (at most 64), starting with a letter",
);

/** A zod enum whose "expected" wording lists its values. */
export function enumOf<const T extends readonly [string, ...string[]]>(values: T) {
  return expecting(z.enum(values), `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`);
}

/** A person: name and e-mail. */
export const person = z
  .strictObject({
    name: text.describe("Full name."),
    email: email.describe("E-mail address."),
  })
  .describe("A person: name and e-mail.");

// ---------------------------------------------------------------------------------------------------------------
// Workload-wide blocks

const tagKey = expecting(
  z.string().regex(/^[^<>%&\\?/]{1,512}$/),
  "an Azure tag name: 1–512 characters without < > % & \\ ? /",
);

const metadata = z
  .strictObject({
    name: workloadName.describe(
      "DNS-safe workload name (3–24 chars). Used in every derived resource name and Dataverse domain; changing it replaces everything.",
    ),
    displayName: text.describe("Human name of the workload."),
    description: z.string().optional().describe("What the workload is for. Default: empty."),
    owningTeam: text.describe("Team that owns and operates the workload."),
    accountable: person.describe("The one person accountable for the workload reaching production."),
    businessUnit: text.describe("Business unit paying for and benefiting from the workload."),
    costCenter: text.describe("Cost center the Azure and Power Platform costs are charged to."),
    dataResidency: enumOf(DATA_RESIDENCIES)
      .optional()
      .describe(
        "Where the workload's data may live: eu, us, or one Power Platform geography. Every stage's environment.location and environment.azureRegion must lie inside it (the gate's compliance.data-residency check); also the data-residency tag of every resource. Default: none declared.",
      ),
    tags: z
      .record(tagKey, expecting(z.string().max(256), "a tag value of at most 256 characters"))
      .optional()
      .describe("User tags added to every resource, after the standard ones (which they may not replace)."),
  })
  .describe("Identity and ownership of the workload.");

const successMetric = z.strictObject({
  description: z.string().optional().describe("What the metric measures. Default: empty."),
  baseline: expecting(z.number(), "a number").describe("The value today, before the agent."),
  target: expecting(z.number(), "a number").describe("The value that counts as success."),
  unit: text.describe('Unit of baseline and target, e.g. "minutes", "%".'),
  measuredIn: text.describe("Where the metric is measured: a dashboard, a KQL query, a report."),
});

const digestString = expecting(z.string().regex(/^sha256:[0-9a-f]{64}$/), 'a digest "sha256:<64 hex digits>"');

const problem = z
  .strictObject({
    statement: text.describe("The problem the agent solves, in the business's words."),
    successMetrics: z
      .record(mapKey, successMetric)
      .refine((m) => Object.keys(m).length > 0, { message: "expected at least one success metric, found none" })
      .describe("Success metrics keyed by name."),
    outOfScope: z.array(text).optional().describe("What the agent deliberately does not do. Default: none."),
    revision: positiveInt.describe("Revision of the problem definition; bump it when statement or metrics change."),
    lockedDigest: digestString
      .optional()
      .describe("The digest of this revision's statement and metrics (`govai` prints it); locks the definition."),
  })
  .describe("The problem definition and its lock.");

const dataSource = z.strictObject({
  system: text.describe('System of record, e.g. "SharePoint Online", "Dataverse", "ServiceNow".'),
  owningTeam: text.describe("Team that owns the data."),
  contact: person.describe("Who to call about this data."),
  classification: enumOf(DATA_CLASSIFICATIONS).describe("Data classification."),
  access: enumOf(["read", "write", "readWrite"] as const).describe("Whether the agent reads, writes or both."),
  connector: connectorId.describe("Connector used to reach the data; classified Business in every stage."),
  freshness: z.string().optional().describe('Freshness or SLA the agent relies on, e.g. "updated nightly".'),
});

const knowledgeSource = z.strictObject({
  kind: enumOf(KNOWLEDGE_KINDS).describe("Kind of knowledge; decides which DLP connector governs it."),
  dataSource: mapKey.optional().describe("Key of the data source this knowledge comes from."),
  url: httpsUrl
    .optional()
    .describe("Site or web URL (SharePoint, public website); allowed by endpoint filtering in test and prod."),
});

const agentAction = z.strictObject({
  connector: connectorId.describe("Connector the action goes through."),
  operation: text.describe("Operation id of the connector action, e.g. `CreateIncident`."),
  dataSource: mapKey.optional().describe("Key of the data source the action touches."),
});

const agent = z
  .strictObject({
    platform: expecting(z.literal("copilotStudio"), '"copilotStudio"')
      .optional()
      .describe("Agent platform. Only Copilot Studio."),
    displayName: text.optional().describe("Agent name. Default: metadata.displayName."),
    botId: text.optional().describe("Bot schema name or GUID once the agent exists."),
    authentication: z
      .strictObject({
        mode: enumOf(AGENT_AUTH_MODES)
          .optional()
          .describe("entra = Authenticate with Microsoft (default); manual = Entra ID v2 / OAuth2; none."),
        requireSignIn: bool.optional().describe("Require users to sign in. Default: true unless mode is none."),
      })
      .optional()
      .describe("How the agent authenticates users. `none` unblocks the PvaAuth connector."),
    channels: z
      .array(enumOf(AGENT_CHANNELS))
      .optional()
      .describe('Channels the agent is published to. Default: ["teams"]. Unused channels are blocked by DLP.'),
    knowledgeSources: z.record(mapKey, knowledgeSource).optional().describe("Knowledge sources keyed by name."),
    connectors: z
      .array(connectorId)
      .optional()
      .describe("Further connector ids the agent's tools use (e.g. Http); classified Business."),
    actions: z.record(mapKey, agentAction).optional().describe("Connector actions (tools) keyed by name."),
  })
  .describe("The Copilot Studio agent.");

// ---------------------------------------------------------------------------------------------------------------
// Stage blocks: every field optional; a stage block overrides its stage profile.

/** A Power Platform geography (`europe`, `unitedstates` …). */
export const geography = expecting(z.string().regex(/^[a-z]+$/), 'a Power Platform geography such as "europe"');

const environment = z.strictObject({
  displayName: text.optional().describe("Environment display name. Default: `<displayName> (<stage>)`."),
  description: z.string().optional().describe("Environment description."),
  type: enumOf(ENVIRONMENT_TYPES).optional().describe("Sandbox (dev, test) or Production (prod)."),
  location: geography
    .optional()
    .describe(
      "Power Platform geography. Required in prod; dev and test inherit it. Changing it replaces the environment.",
    ),
  azureRegion: expecting(z.string().regex(/^[a-z][a-z0-9]*$/), 'an Azure region such as "westeurope"')
    .optional()
    .describe("Azure region (inside the geography) of the stage's Azure resources. Required in prod; inherited."),
  dataverse: z
    .strictObject({
      language: lcid.optional().describe("Base language LCID. Default 1033; inherited from prod. Replaces."),
      currency: currency.optional().describe("Base currency. Default USD; inherited from prod. Replaces."),
      domain: dataverseDomain.optional().describe("Dataverse domain. Default `<name>-<stage>`."),
      securityGroupId: uuid.optional().describe("Entra group restricting environment access. Default: none."),
    })
    .optional(),
  environmentGroupId: uuid
    .optional()
    .describe(
      "Environment group the stage's environment joins (the tenant baseline stack's environmentGroupIds.<name> output). The group's rules then own sharing, solution checker, usage insights and maker welcome, so the stage creates no managed-environment settings of its own and managedEnvironment may not be given. Default: none (the environment joins no group).",
    ),
});

const groups = z.strictObject({
  admins: z.array(text).optional().describe("Entra group object ids (or names to create) of environment admins."),
  makers: z.array(text).optional().describe("Entra group object ids (or names to create) of makers."),
});

const connectorGroup = enumOf(CONNECTOR_GROUPS);
const endpointRule = z.strictObject({
  behavior: enumOf(["allow", "deny"] as const),
  endpoint: text.describe('URL or host pattern; "*" matches everything and must be last.'),
});
const actionRules = z.strictObject({
  defaultBehavior: enumOf(["allow", "block"] as const).describe("For actions not listed, including future ones."),
  actions: z
    .record(text, enumOf(["allow", "block"] as const))
    .optional()
    .describe("Per action (operation) id."),
});
const customConnectorPattern = z.strictObject({
  order: positiveInt.describe("1-based evaluation order; the `*` rule must be last."),
  classification: enumOf([...CONNECTOR_GROUPS, "ignore"] as const),
  pattern: text.describe('Host pattern such as "https://*.contoso.com", or "*".'),
});

const connectorPolicy = z.strictObject({
  displayName: text.optional().describe("DLP policy display name. Default `<name>-<stage>-dlp`."),
  defaultGroup: connectorGroup.optional().describe("Group of unclassified and future connectors. prod: blocked."),
  business: z.array(connectorId).optional().describe("Connectors added to Business (wins over derived groups)."),
  nonBusiness: z.array(connectorId).optional().describe("Connectors added to Non-business."),
  blocked: z.array(connectorId).optional().describe("Connectors added to Blocked."),
  endpointRules: z
    .record(connectorId, z.array(endpointRule).min(1))
    .optional()
    .describe("Ordered endpoint rules per connector; in test/prod a final deny `*` is appended when missing."),
  actionRules: z.record(connectorId, actionRules).optional().describe("Action rules per connector."),
  customConnectorPatterns: z
    .array(customConnectorPattern)
    .optional()
    .describe("Custom-connector host patterns; orders unique, `*` last."),
});

const maxShare = (max: number) =>
  expecting(z.number().int().min(-1).max(max), `a whole number from 0 to ${max}, or -1 for no limit`);

/** Sharing limits of canvas apps (managed-environment `isGroupSharingDisabled`, `limitSharingMode`, `maxLimitUserSharing`). */
export const appSharing = z.strictObject({
  groupSharingDisabled: bool.optional(),
  mode: enumOf(["noLimit", "excludeSharingToSecurityGroups"] as const).optional(),
  maxUsers: maxShare(MAX_SHARE_LIMIT).optional(),
});

/** Sharing limits of canvas apps in an environment group's rules: the rule set caps individuals at 99. */
export const groupAppSharing = appSharing.extend({ maxUsers: maxShare(GROUP_MAX_SHARE_LIMIT).optional() });

/** Sharing limits of agents (managed-environment `bot-*` settings). */
export const agentSharing = z.strictObject({
  editorSharingDisabled: bool.optional(),
  mode: enumOf(SHARING_MODES).optional(),
  maxViewers: expecting(
    z.number().int().min(0).max(MAX_SHARE_LIMIT),
    `a whole number from 0 to ${MAX_SHARE_LIMIT}`,
  ).optional(),
});

/** Solution checker enforcement on import; shared by a stage's managed environment and an environment group's rules. */
export const solutionChecker = z.strictObject({
  mode: enumOf(SOLUTION_CHECKER_MODES).optional(),
  ruleOverrides: z.array(text).optional(),
  suppressValidationEmails: bool.optional(),
});

/** Maker welcome content; shared by a stage's managed environment and an environment group's rules. */
export const makerWelcome = z.strictObject({ markdown: text, url: httpsUrl.optional() });

const managedEnvironment = z.strictObject({
  sharing: z
    .strictObject({
      apps: appSharing.optional(),
      flows: z.strictObject({ mode: enumOf(["noLimit", "disableSharing"] as const).optional() }).optional(),
      agents: agentSharing.optional(),
    })
    .optional()
    .describe("Sharing limits for canvas apps, solution flows and agents."),
  solutionChecker: solutionChecker.optional(),
  usageInsights: bool.optional().describe("Include the environment in the weekly usage-insights digest."),
  makerWelcome: makerWelcome.optional(),
});

const auditing = z.strictObject({
  enabled: bool.optional(),
  userAccessAudit: bool.optional(),
  readAudit: bool.optional(),
  retentionDays: retentionDays.optional().describe("31–24855 days, or -1 to keep forever."),
});

const firewall = z.strictObject({
  mode: enumOf(FIREWALL_MODES).optional().describe("off, audit (log only) or enforce."),
  allowedRanges: z.array(cidr).max(200).optional(),
  serviceTags: z.array(text).optional(),
  allowMicrosoftTrustedServices: bool.optional(),
  allowApplicationUsers: bool.optional(),
  cookieBinding: bool.optional(),
});

const workspaceRetention = expecting(z.number().int().min(30).max(730), "a whole number of days from 30 to 730");
// ARM ids are case-insensitive; Azure often returns them in lower case.
const workspaceResourceId = expecting(
  z
    .string()
    .regex(
      /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i,
    ),
  'the resource id of a Log Analytics workspace "/subscriptions/…/resourceGroups/…/providers/Microsoft.OperationalInsights/workspaces/…"',
);

const telemetry = z.strictObject({
  workspace: z
    .strictObject({
      retentionDays: workspaceRetention.optional().describe("Retention of a created workspace."),
      existingResourceId: workspaceResourceId.optional().describe("Adopt this Log Analytics workspace instead."),
    })
    .optional(),
  samplingPercentage: percent.optional(),
  logActivities: bool.optional(),
  logActions: bool.optional(),
  logSensitiveActivity: bool.optional().describe("Log message text and user identity. Only allowed in dev."),
  bindAgent: bool
    .optional()
    .describe(
      "Bind the Copilot Studio agent (agent.botId) to the stage's Application Insights. Its API needs a delegated user, so `pulumi up` must run as a user. Default false; the gate's telemetry check needs it in test and prod.",
    ),
});

const alerts = z.strictObject({
  p95LatencyMs: positiveInt.optional(),
  failureRatePercent: percent.optional(),
  volumeAnomaly: z
    .strictObject({ enabled: bool.optional(), sensitivity: enumOf(["low", "medium", "high"] as const).optional() })
    .optional(),
  windowMinutes: expecting(
    z.literal(ALERT_WINDOWS_MINUTES),
    `one of ${ALERT_WINDOWS_MINUTES.slice(0, -1).join(", ")} or ${ALERT_WINDOWS_MINUTES.at(-1)} minutes (the windows Azure Monitor log alerts accept)`,
  )
    .optional()
    .describe("Alert window in minutes; Azure Monitor log alerts accept only these."),
  notify: z
    .record(mapKey, person)
    .refine((m) => Object.keys(m).length > 0, {
      message: "expected at least one person to notify, found none (leave notify out to notify the accountable person)",
    })
    .optional()
    .describe("Who is notified. Default: the accountable person."),
});

const githubRepo = expecting(z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/), 'a GitHub repository "org/name"');

const federatedCredential = z.strictObject({
  github: z
    .strictObject({
      repo: githubRepo,
      environment: text.optional().describe("GitHub environment. Default: the stage name."),
      branch: text.optional(),
      tag: text.optional(),
      pullRequest: expecting(z.literal(true), "true").optional(),
    })
    .optional()
    .describe("GitHub Actions OIDC: exactly one of environment, branch, tag, pullRequest (default environment)."),
  azureDevOps: z
    .strictObject({
      organization: text,
      project: text,
      serviceConnection: text,
      organizationId: uuid.describe("Azure DevOps organization id (issuer https://vstoken.dev.azure.com/<id>)."),
    })
    .optional()
    .describe("Azure DevOps workload identity federation of a service connection."),
  issuer: httpsUrl.optional().describe("Raw form: issuer URL."),
  subject: text.optional().describe("Raw form: subject."),
  audience: text.optional().describe("Raw form: audience. Default api://AzureADTokenExchange."),
});

const identities = z.strictObject({
  deployment: z
    .strictObject({
      displayName: text.optional(),
      federatedCredentials: z.record(mapKey, federatedCredential).optional(),
      clientSecret: z
        .strictObject({
          expiresInDays: expecting(z.number().int().min(1).max(730), "a whole number of days from 1 to 730"),
        })
        .optional()
        .describe("Only if federated credentials are impossible. Off by default."),
      owners: z.array(uuid).optional(),
      roles: z.array(text).optional(),
    })
    .optional(),
  runtime: z
    .record(
      mapKey,
      z.strictObject({
        displayName: text.optional(),
        existingClientId: uuid.optional(),
        roles: z.array(text).optional(),
      }),
    )
    .optional(),
  createGroups: bool.optional(),
});

const cost = z.strictObject({
  monthlyBudget: nonNegative.optional(),
  currency: currency.optional(),
  expectedInteractionsPerMonth: nonNegative.optional(),
  targetCostPerInteraction: nonNegative.optional(),
  alertThresholdsPercent: z
    .array(expecting(z.number().gt(0).max(1000), "a percentage greater than 0 and at most 1000"))
    .min(1)
    // An Azure budget takes at most five notifications, one per threshold.
    .max(5)
    .optional(),
});

const protection = z.strictObject({
  protectFromDeletion: bool.optional(),
  allowDataverseDeletion: bool.optional(),
});

/** An Azure resource group name. */
export const resourceGroupName = expecting(
  z.string().regex(/^[-\w.()]{0,89}[-\w()]$/),
  "an Azure resource group name: 1–90 letters, digits, '-', '_', '.', '(' or ')', not ending with '.'",
);

const resourceGroup = z.strictObject({
  existing: expecting(z.string().regex(/^[-\w.()]{1,89}[-\w()]$/), "an Azure resource group name").describe(
    "Use this existing resource group instead of creating one.",
  ),
});

const names = z
  .strictObject({
    resourceGroup: resourceGroupName.optional(),
    logAnalyticsWorkspace: expecting(
      z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/),
      "a Log Analytics workspace name: 4–63 letters, digits or hyphens, starting and ending with a letter or digit",
    ).optional(),
    appInsights: expecting(
      z.string().regex(/^[\w.()-]{1,255}$/),
      "an Application Insights name: 1–255 letters, digits, '-', '_', '.', '(' or ')'",
    ).optional(),
    actionGroup: expecting(
      z.string().regex(/^[\w.-]{1,260}$/),
      "an action group name: 1–260 letters, digits, '-', '_' or '.'",
    ).optional(),
    actionGroupShortName: expecting(
      z.string().regex(/^[\w -]{1,12}$/),
      "an action group short name: 1–12 letters, digits, spaces, '-' or '_'",
    ).optional(),
    budget: expecting(z.string().regex(/^[\w-]{1,63}$/), "a budget name: 1–63 letters, digits, '-' or '_'").optional(),
    deploymentApplication: expecting(
      z.string().trim().min(1).max(120),
      "an Entra application display name of 1–120 characters",
    ).optional(),
    dlpPolicy: expecting(z.string().trim().min(1).max(256), "a policy display name of 1–256 characters").optional(),
  })
  .describe("Resource names, when the organisation's naming convention differs from the derived ones.");

/** A stage block: a partial override of the stage profile. */
export const stageSchema = z
  .strictObject({
    environment: environment.optional(),
    groups: groups.optional(),
    connectorPolicy: connectorPolicy.optional(),
    managedEnvironment: managedEnvironment.optional(),
    auditing: auditing.optional(),
    firewall: firewall.optional(),
    telemetry: telemetry.optional(),
    alerts: alerts.optional(),
    identities: identities.optional(),
    cost: cost.optional(),
    protection: protection.optional(),
    resourceGroup: resourceGroup.optional(),
    names: names.optional(),
    billingPolicyId: uuid
      .optional()
      .describe(
        "Pay-as-you-go billing policy (the tenant baseline stack's billingPolicyIds.<name> output) the stage's environment is linked to, so its Copilot Studio consumption is billed to that policy's Azure subscription under its budget. Default: none (no link).",
      ),
  })
  .describe("Overrides of the stage profile; anything left out takes the profile's default.");

/** The prod block: like any stage block, but it must name the geography and Azure region (dev and test inherit them). */
export const prodStageSchema = stageSchema
  .extend({
    environment: environment.extend({
      location: environment.shape.location.unwrap(),
      azureRegion: environment.shape.azureRegion.unwrap(),
    }),
  })
  .describe("The prod stage block. environment.location and environment.azureRegion are required.");

const signOff = z.strictObject({
  name: text,
  email: email.optional(),
  date: isoDate,
  problemRevision: positiveInt.describe("The problem revision this sign-off approved."),
});

const waiver = text.describe("Why prod may go without this kind of evidence; recorded as an override.");

const readiness = z
  .strictObject({
    slos: z
      .strictObject({ p95LatencyMs: positiveInt.optional(), throughputPerMinute: positiveInt.optional() })
      .optional(),
    failureHandling: z.strictObject({ fallback: text.optional(), escalationPath: text.optional() }).optional(),
    rollback: z.strictObject({ rtoMinutes: positiveInt.optional() }).optional(),
    signOffs: z
      .strictObject({
        it: signOff.optional(),
        security: signOff.optional(),
        legal: signOff.optional(),
        businessOwner: signOff.optional(),
      })
      .optional(),
    evidence: z
      .record(mapKey, z.strictObject({ kind: enumOf(EVIDENCE_KINDS), file: text.describe("Relative to the spec.") }))
      .optional(),
    evidenceWaivers: z
      .strictObject({
        loadTest: waiver.optional(),
        evaluation: waiver.optional(),
        restoreDrill: waiver.optional(),
        penTest: waiver.optional(),
      })
      .optional()
      .describe(
        "Evidence kinds prod may go without, each with the reason. The gate then accepts that dimension on declarations alone, and the plan and the diff show the waiver as an override. Default: none.",
      ),
  })
  .describe("Production-readiness declarations evaluated by the gate.");

const stageKeyed = <T extends z.ZodType>(value: T) =>
  z.strictObject({ dev: value.optional(), test: value.optional(), prod: value.optional() });

/**
 * Keys the schema no longer accepts, by dotted path, with what to do instead. The loader reports them with this
 * message rather than as a typo.
 */
export const RETIRED_KEYS: Readonly<Record<string, string>> = {
  "readiness.rollback.backupRetentionDays":
    "readiness.rollback.backupRetentionDays is no longer accepted: nothing applied it (Power Platform sets backup retention through environment-group rules, which govai does not manage), so it proved nothing; remove it and prove rollback with restoreDrill evidence",
};

/** The schema of a whole `workload.yaml`. */
export const workloadSchema = z
  .strictObject({
    apiVersion: expecting(z.literal("govai/v1"), '"govai/v1"'),
    kind: expecting(z.literal("Workload"), '"Workload"'),
    metadata,
    problem,
    dataSources: z.record(mapKey, dataSource).optional().describe("Data sources keyed by name."),
    agent,
    stages: z
      .strictObject({ dev: stageSchema.optional(), test: stageSchema.optional(), prod: prodStageSchema })
      .describe("Stage blocks. prod is required; leaving out dev or test needs a reason in omittedStages."),
    omittedStages: stageKeyed(text).optional().describe("Reason for each stage left out of `stages`."),
    readiness: readiness.optional(),
  })
  .describe("A governed AI workload (govai/v1).");

/** A parsed `workload.yaml`: exactly what the user wrote, no defaults applied. */
export type WorkloadSpec = z.infer<typeof workloadSchema>;
/** A parsed stage block. */
export type StageSpec = z.infer<typeof stageSchema>;
