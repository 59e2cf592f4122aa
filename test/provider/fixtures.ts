/**
 * Inputs shared by the provider tests: one valid set per resource, written the way a component passes model
 * sections through.
 */
import { buildZip } from "@govai/emulator";

export const SECURITY_GROUP = "0f8fad5b-d9cb-469f-a165-70867728950e";
export const RUNTIME_APP = "7d2f8e1a-3b4c-4d5e-8f90-a1b2c3d4e5f6";

export const environmentInputs = {
  displayName: "Claims (dev)",
  description: "Dev environment of the claims agent",
  environmentType: "Sandbox",
  location: "europe",
  azureRegion: "westeurope",
  dataverse: { language: 1033, currency: "EUR", domain: "Claims-Dev", securityGroupId: SECURITY_GROUP },
};

export const managedInputs = (environmentId: string) => ({
  environmentId,
  sharing: {
    apps: { groupSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxUsers: 20 },
    flows: { mode: "disableSharing" },
    agents: { editorSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxViewers: 10 },
  },
  solutionChecker: { mode: "block", ruleOverrides: ["meta-remove-dup-reg"], suppressValidationEmails: true },
  usageInsights: true,
  makerWelcome: { markdown: "# Welcome\nRead the policy first.", url: "https://contoso.example/makers" },
});

export const policyInputs = (environmentId: string) => ({
  displayName: "claims-dev-dlp",
  defaultGroup: "blocked",
  environmentIds: [environmentId],
  business: ["shared_commondataserviceforapps", "shared_sharepointonline"],
  nonBusiness: [],
  blocked: ["Http", "PvaAuth"],
  endpointRules: {
    shared_sharepointonline: [
      { behavior: "allow", endpoint: "https://contoso.sharepoint.com" },
      { behavior: "deny", endpoint: "*" },
    ],
  },
  actionRules: { shared_sharepointonline: { defaultBehavior: "allow", actions: { DeleteItem: "block" } } },
  customConnectorPatterns: [
    { order: 1, classification: "business", pattern: "https://*.contoso.com" },
    { order: 2, classification: "blocked", pattern: "*" },
  ],
});

export const settingsInputs = (environmentId: string) => ({
  environmentId,
  auditing: { enabled: true, userAccessAudit: true, readAudit: false, retentionDays: 365 },
  firewall: {
    mode: "audit",
    allowedRanges: ["10.0.0.0/8", "52.1.2.3/32"],
    serviceTags: ["PowerPlatformInfra"],
    allowMicrosoftTrustedServices: true,
    allowApplicationUsers: true,
    cookieBinding: true,
  },
});

export const appUserInputs = (environmentId: string) => ({
  environmentId,
  applicationId: RUNTIME_APP,
  roles: ["Basic User"],
});

export const telemetryInputs = (environmentId: string) => ({
  environmentId,
  botId: "cr123_claimsAgent",
  connectionString:
    "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/",
  logActivities: true,
  logActions: true,
  logSensitiveActivity: false,
});

export const SHAREPOINT_CONNECTOR = "/providers/Microsoft.PowerApps/apis/shared_sharepointonline";

/**
 * A managed solution package of the agent as an export produces it (solution.xml and customizations.xml,
 * deflated), declaring one SharePoint connection reference unless `references` says otherwise.
 */
export function agentSolutionZip(
  version: string,
  options: { managed?: boolean; references?: Record<string, string>; name?: string } = {},
): Buffer {
  const refs = Object.entries(options.references ?? { cr_sharepoint: SHAREPOINT_CONNECTOR })
    .map(
      ([logical, connector]) =>
        `<connectionreference connectionreferencelogicalname="${logical}"><connectorid>${connector}</connectorid></connectionreference>`,
    )
    .join("");
  return buildZip(
    {
      "solution.xml": `<?xml version="1.0" encoding="utf-8"?><ImportExportXml><SolutionManifest><UniqueName>${options.name ?? "ClaimsAgent"}</UniqueName><LocalizedNames><LocalizedName description="Claims agent" languagecode="1033" /></LocalizedNames><Version>${version}</Version><Managed>${options.managed === false ? 0 : 1}</Managed></SolutionManifest></ImportExportXml>`,
      "customizations.xml": `<ImportExportXml><connectionreferences>${refs}</connectionreferences></ImportExportXml>`,
    },
    { deflate: true },
  );
}

/** SolutionDeployment inputs for a solution file and its digest. */
export const solutionInputs = (environmentId: string, file: string, sha256: string, version: string) => ({
  environmentId,
  uniqueName: "ClaimsAgent",
  version,
  solutionFile: file,
  sha256,
  deploymentSettings: {
    environmentVariables: { cr_PolicyApiUrl: "https://policies.contoso.example/api" },
    connectionReferences: {
      cr_sharepoint: { connectionId: "shared-sharepointonl-claims", connectorId: SHAREPOINT_CONNECTOR },
    },
  },
});
