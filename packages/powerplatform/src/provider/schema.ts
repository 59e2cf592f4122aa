/**
 * The Pulumi package schema of `govai` (https://www.pulumi.com/docs/iac/extending-pulumi/schema/): every resource,
 * its inputs, outputs and nested types. It documents the resources for SDK generation and `pulumi package`
 * tooling; the Node provider server hands it to the engine on GetSchema.
 */
import { createRequire } from "node:module";

const pkg = createRequire(import.meta.url)("../../package.json") as { version: string };

/** The plugin's version: the `@govai/powerplatform` package version. */
export const PROVIDER_VERSION: string = pkg.version;

type Prop = Record<string, unknown>;
const str = (description: string, extra: Prop = {}): Prop => ({ type: "string", description, ...extra });
const bool = (description: string): Prop => ({ type: "boolean", description });
const int = (description: string): Prop => ({ type: "integer", description });
const strList = (description: string): Prop => ({ type: "array", items: { type: "string" }, description });
const ref = (type: string, description: string): Prop => ({ $ref: `#/types/govai:powerplatform:${type}`, description });
const enumRef = (type: string, description: string) => ref(type, description);
const T = (name: string) => `govai:powerplatform:${name}`;

const cloud = enumRef(
  "Cloud",
  "The cloud whose admin APIs manage this resource. Default: the plugin's GOVAI_POWERPLATFORM_CLOUD, else public. Changing it replaces the resource.",
);
const environmentId = (replaces: boolean) =>
  str(
    `Environment id (a GUID).${replaces ? " Changing it replaces the resource." : ""}`,
    replaces ? { replaceOnChanges: true } : {},
  );

const enumType = (description: string, values: string[]): Prop => ({
  type: "string",
  description,
  enum: values.map((value) => ({ value })),
});
const objType = (description: string, properties: Record<string, Prop>, required: string[]): Prop => ({
  type: "object",
  description,
  properties,
  required,
});

const types: Record<string, Prop> = {
  [T("Cloud")]: enumType("A Power Platform cloud.", ["public", "gcc", "gcchigh", "dod", "china"]),
  [T("EnvironmentType")]: enumType("Environment type.", ["Sandbox", "Production"]),
  [T("ConnectorGroup")]: enumType("DLP connector group (Confidential / General / Blocked on the wire).", [
    "business",
    "nonBusiness",
    "blocked",
  ]),
  [T("Dataverse")]: objType(
    "The Dataverse database of an environment.",
    {
      language: int("LCID of the base language, e.g. 1033. Changing it replaces the environment."),
      currency: str("ISO 4217 currency code. Changing it replaces the environment."),
      domain: str("Dataverse domain, lower-case, at most 63 characters. Renamed in place."),
      securityGroupId: str("Entra security group object id; absent, empty or the zero GUID = none."),
    },
    ["language", "currency", "domain"],
  ),
  [T("AppSharing")]: objType(
    "Canvas-app sharing limits.",
    {
      groupSharingDisabled: bool("Block sharing with security groups."),
      mode: str("noLimit or excludeSharingToSecurityGroups."),
      maxUsers: int("Most individuals an app can be shared with, -1 (no cap) to 99."),
    },
    ["groupSharingDisabled", "mode", "maxUsers"],
  ),
  [T("FlowSharing")]: objType("Solution-aware cloud flow sharing.", { mode: str("noLimit or disableSharing.") }, [
    "mode",
  ]),
  [T("AgentSharing")]: objType(
    "Copilot Studio agent sharing limits (agents that require authentication).",
    {
      editorSharingDisabled: bool("Makers cannot grant Editor rights."),
      mode: str("noLimit, excludeSharingToSecurityGroups or disableSharing."),
      maxViewers: int("Most individual viewers, -1 (no cap) to 99."),
    },
    ["editorSharingDisabled", "mode", "maxViewers"],
  ),
  [T("Sharing")]: objType(
    "Sharing limits.",
    {
      apps: ref("AppSharing", "Canvas apps."),
      flows: ref("FlowSharing", "Flows."),
      agents: ref("AgentSharing", "Agents."),
    },
    ["apps", "flows", "agents"],
  ),
  [T("SolutionChecker")]: objType(
    "Solution checker enforcement.",
    {
      mode: str("none, warn or block."),
      ruleOverrides: strList("Rule codes excluded from enforcement."),
      suppressValidationEmails: bool("Only send emails when an import is blocked."),
    },
    ["mode", "ruleOverrides", "suppressValidationEmails"],
  ),
  [T("MakerWelcome")]: objType(
    "Maker welcome content.",
    { markdown: str("Markdown, at most 10000 characters."), url: str("https link to more guidance.") },
    ["markdown"],
  ),
  [T("EndpointRule")]: objType(
    "One endpoint-filtering rule.",
    { behavior: str("allow or deny."), endpoint: str("Endpoint or *.") },
    ["behavior", "endpoint"],
  ),
  [T("ActionRules")]: objType(
    "Action rules of one connector.",
    {
      defaultBehavior: str("allow or block, for actions not listed (including future ones)."),
      actions: {
        type: "object",
        additionalProperties: { type: "string" },
        description: "allow or block, by action id.",
      },
    },
    ["defaultBehavior", "actions"],
  ),
  [T("CustomConnectorPattern")]: objType(
    "One custom-connector URL pattern.",
    {
      order: int("1-based order; 1..n without gaps; * last."),
      classification: str("business, nonBusiness, blocked or ignore."),
      pattern: str("Host pattern or *."),
    },
    ["order", "classification", "pattern"],
  ),
  [T("Auditing")]: objType(
    "Dataverse auditing.",
    {
      enabled: bool("Auditing on."),
      userAccessAudit: bool("Log user access."),
      readAudit: bool("Log reads."),
      retentionDays: int(
        "30 to 24855 days, or -1 to keep forever. 30 is the organisation's default (kept by leaving auditretentionperiodv2 unset).",
      ),
    },
    ["enabled", "userAccessAudit", "readAudit", "retentionDays"],
  ),
  [T("Firewall")]: objType(
    "Dataverse IP firewall and cookie binding.",
    {
      mode: str("off, audit or enforce."),
      allowedRanges: strList("Allowed CIDR ranges."),
      serviceTags: strList("Allowed Azure service tags."),
      allowMicrosoftTrustedServices: bool("Let Microsoft trusted services through."),
      allowApplicationUsers: bool("Application users bypass the firewall."),
      cookieBinding: bool("Bind session cookies to the client IP."),
    },
    ["mode", "allowedRanges", "serviceTags", "allowMicrosoftTrustedServices", "allowApplicationUsers", "cookieBinding"],
  ),
  [T("ConnectionReferenceBinding")]: objType(
    "The connection a connection reference of the solution uses in the target environment.",
    {
      connectionId: str("Id of a connection in the target environment, shared with the deploying identity."),
      connectorId: str("Connector id, e.g. /providers/Microsoft.PowerApps/apis/shared_sharepointonline."),
    },
    ["connectionId", "connectorId"],
  ),
  [T("SolutionDeploymentSettings")]: objType(
    "Connection references and environment-variable values the import binds: a pac solution create-settings file as maps.",
    {
      environmentVariables: {
        type: "object",
        additionalProperties: { type: "string" },
        description:
          "Values by environment-variable schema name (a Key Vault secret reference takes the secret's resource id).",
      },
      connectionReferences: {
        type: "object",
        additionalProperties: ref("ConnectionReferenceBinding", "A binding."),
        description:
          "Connections by connection-reference logical name; every reference the package declares must be bound.",
      },
    },
    [],
  ),
  [T("SolutionRollback")]: objType(
    "What a lower version than the installed one does.",
    {
      strategy: str(
        "refuse (default): fail with the options; uninstallAndReinstall: uninstall the installed version (its components and the data of its tables are deleted) and install the wanted one.",
      ),
      rtoMinutes: int(
        "Recovery time objective; an uninstall-and-reinstall estimated (twice the last measured import) over it is refused.",
      ),
    },
    [],
  ),
};

interface ResourceSpec {
  description: string;
  inputs: Record<string, Prop>;
  requiredInputs: string[];
  outputs: Record<string, Prop>;
}

const resourceSpecs: Record<string, ResourceSpec> = {
  Environment: {
    description:
      "A Power Platform environment with Dataverse. location, azureRegion, dataverse.language and dataverse.currency replace it; environmentType changes in place (modifySku). Delete removes the environment and its data.",
    inputs: {
      displayName: str("Display name, 1-100 characters."),
      description: str("Description. Default empty."),
      environmentType: enumRef("EnvironmentType", "Sandbox or Production; changed in place."),
      location: str("Power Platform geography. Changing it replaces the environment.", { replaceOnChanges: true }),
      azureRegion: str("Azure region. Changing it replaces the environment.", { replaceOnChanges: true }),
      dataverse: ref("Dataverse", "The Dataverse database."),
      environmentGroupId: str("Environment group id; absent = none."),
      cloud,
    },
    requiredInputs: ["displayName", "environmentType", "location", "azureRegion", "dataverse"],
    outputs: {
      environmentId: str("Environment id."),
      dataverseUrl: str("Dataverse organisation URL."),
      organizationId: str("Dataverse organisation id."),
      tenantId: str("Entra tenant id."),
      state: str("Management state, e.g. Ready."),
    },
  },
  ManagedEnvironment: {
    description:
      "Managed-environment governance of one environment. Refused when the environment is in an environment group. Delete turns Managed Environment off.",
    inputs: {
      environmentId: environmentId(true),
      sharing: ref("Sharing", "Sharing limits."),
      solutionChecker: ref("SolutionChecker", "Solution checker."),
      usageInsights: bool("Include the environment in the weekly usage-insights digest."),
      makerWelcome: ref("MakerWelcome", "Maker welcome content; absent = none."),
      cloud,
    },
    requiredInputs: ["environmentId", "sharing", "solutionChecker", "usageInsights"],
    outputs: { protectionLevel: str("Standard while managed.") },
  },
  DataPolicy: {
    description: "A DLP data policy (v2). Everything but cloud changes in place. Delete removes the policy.",
    inputs: {
      displayName: str("Display name."),
      defaultGroup: enumRef("ConnectorGroup", "Where unclassified and future connectors land."),
      environmentIds: strList("Environments covered (or excluded)."),
      environmentScope: str("onlyEnvironments (default), exceptEnvironments or allEnvironments."),
      business: strList("Business connectors."),
      nonBusiness: strList("Non-business connectors."),
      blocked: strList("Blocked connectors."),
      endpointRules: {
        type: "object",
        additionalProperties: { type: "array", items: ref("EndpointRule", "A rule.") },
        description: "Ordered endpoint rules per connector id.",
      },
      actionRules: {
        type: "object",
        additionalProperties: ref("ActionRules", "Rules."),
        description: "Action rules per connector id.",
      },
      customConnectorPatterns: {
        type: "array",
        items: ref("CustomConnectorPattern", "A pattern."),
        description: "Custom-connector URL patterns.",
      },
      cloud,
    },
    requiredInputs: ["displayName", "defaultGroup", "environmentIds", "business", "nonBusiness", "blocked"],
    outputs: {
      policyName: str("Policy name (GUID)."),
      etag: str("Etag after the last write."),
      ownershipMarker: str(
        "owner-incarnation of the ownership marker the policy carries (a Blocked custom-connector rule for https://govai-<marker>.invalid, hidden from customConnectorPatterns); proves a policy is this resource's.",
      ),
    },
  },
  EnvironmentSettings: {
    description:
      "Dataverse auditing, IP firewall and cookie binding of one environment. Create snapshots the previous values; delete restores them (deleteBehavior restore, the default) or leaves the settings (retain).",
    inputs: {
      environmentId: environmentId(true),
      auditing: ref("Auditing", "Auditing and retention."),
      firewall: ref("Firewall", "IP firewall and cookie binding."),
      deleteBehavior: str("restore (default) or retain."),
      cloud,
    },
    requiredInputs: ["environmentId", "auditing", "firewall"],
    outputs: {
      organizationId: str("Dataverse organisation id."),
      snapshot: {
        type: "object",
        additionalProperties: { $ref: "pulumi.json#/Any" },
        description: "Values before the first write; restored on delete.",
      },
    },
  },
  ApplicationUser: {
    description:
      "A service principal as a Dataverse application user with security roles. Adopts an existing user; delete removes only a user it created, and gives an adopted user back the roles it had when adopted (foundRoles). Id: <environmentId>/<applicationId>.",
    inputs: {
      environmentId: environmentId(true),
      applicationId: str("Client id of the service principal. Changing it replaces the resource.", {
        replaceOnChanges: true,
      }),
      roles: strList("Security role names (root business unit)."),
      cloud,
    },
    requiredInputs: ["environmentId", "applicationId", "roles"],
    outputs: {
      systemUserId: str("Dataverse systemuserid."),
      adopted: bool("True when the user already existed."),
      foundRoles: strList("An adopted user's role names when it was adopted (or imported); delete restores them."),
    },
  },
  CopilotTelemetry: {
    description:
      "An agent's Application Insights binding. Needs a delegated user: the API rejects service-principal tokens. Delete clears the binding. Id: <environmentId>/<botId>.",
    inputs: {
      environmentId: environmentId(true),
      botId: str("Bot id or schema name. Changing it replaces the resource.", { replaceOnChanges: true }),
      connectionString: str("Application Insights connection string.", { secret: true }),
      logActivities: bool("Log messages and events."),
      logActions: bool("Log topic node executions."),
      logSensitiveActivity: bool("Log message text and user identity; keep false outside dev."),
      cloud,
    },
    requiredInputs: [
      "environmentId",
      "botId",
      "connectionString",
      "logActivities",
      "logActions",
      "logSensitiveActivity",
    ],
    outputs: {},
  },
  AdminApplication: {
    description:
      "Registers a service principal as a Power Platform admin management application: the one-time bootstrap, run as a Power Platform or Global Administrator user. Adopts a registration already in place (adopted: true); delete unregisters only a registration this resource made.",
    inputs: {
      applicationId: str("Client id to register. Changing it replaces the resource.", { replaceOnChanges: true }),
      cloud,
    },
    requiredInputs: ["applicationId"],
    outputs: {
      adopted: bool(
        "True when the application was already registered (or imported); delete then leaves it registered.",
      ),
    },
  },
  SolutionDeployment: {
    description:
      "One managed solution (e.g. the Copilot Studio agent's) at one version in one environment, with its connection references and environment variables. A higher version upgrades (StageAndUpgradeAsync); new settings re-import the same version; a lower version is a rollback, refused unless rollback.strategy is uninstallAndReinstall. A solution already installed at create is adopted (adopted: true) and stays installed on delete; delete uninstalls only what this resource installed (use retainOnDelete to keep that). Id: <environmentId>/<uniqueName>.",
    inputs: {
      environmentId: environmentId(true),
      uniqueName: str("Unique name of the solution; must match the package. Changing it replaces the resource.", {
        replaceOnChanges: true,
      }),
      version: str("Version to deploy, e.g. 1.2.0.0; must match the package's solution.xml."),
      solutionFile: str(
        "Path of the managed solution zip (relative to the folder pulumi runs in). Give sha256 with it.",
      ),
      solutionContent: str("The managed solution zip in base64, instead of solutionFile (kept in the state)."),
      sha256: str("SHA-256 of the solution zip; required with solutionFile, computed for solutionContent."),
      deploymentSettings: ref("SolutionDeploymentSettings", "Connection references and environment variables."),
      rollback: ref("SolutionRollback", "Rollback policy; default strategy refuse."),
      cloud,
    },
    requiredInputs: ["environmentId", "uniqueName", "version"],
    outputs: {
      solutionId: str("Dataverse solutionid."),
      displayName: str("Friendly name of the installed solution."),
      lastOperation: str("What the last create or update did: install, upgrade, reimport, rollback or adopt."),
      importJobId: str("Import job of the last import (Solutions → See history)."),
      lastImportMinutes: {
        type: "number",
        description: "How long the last import ran on the service's clock, in minutes.",
      },
      adopted: bool(
        "True when the solution was already installed when this resource was created (or imported); delete then leaves it installed.",
      ),
    },
  },
};

/** The package schema as an object. */
export function getSchema(): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(resourceSpecs)) {
    const properties = { ...spec.inputs, ...spec.outputs };
    resources[T(name)] = {
      description: spec.description,
      inputProperties: spec.inputs,
      requiredInputs: spec.requiredInputs,
      properties,
      required: [...spec.requiredInputs, ...Object.keys(spec.outputs)],
    };
  }
  return {
    name: "govai",
    displayName: "govai Power Platform",
    version: PROVIDER_VERSION,
    description:
      "Governed AI workloads on Microsoft Power Platform: environments, governance, DLP, settings, identities and agent telemetry.",
    keywords: ["pulumi", "powerplatform", "copilot-studio", "governance", "category/cloud", "kind/native"],
    license: "Apache-2.0",
    publisher: "govai",
    meta: { moduleFormat: "(.*)" },
    config: {},
    provider: {
      description:
        "The govai provider takes no configuration: credentials come from the environment (DefaultAzureCredential), the cloud from GOVAI_POWERPLATFORM_CLOUD or each resource's cloud input.",
    },
    types,
    resources,
    language: { nodejs: { packageName: "@govai/powerplatform" } },
  };
}
