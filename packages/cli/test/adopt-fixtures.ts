/**
 * Pilots for the `govai adopt` tests: an emulated tenant seeded through the REST client, the way a pilot team
 * would have built its environment by hand in the admin centre, and the environment variables that point govai at
 * it. Shared by the in-process tests here and the end-to-end tests in test/cli.
 */

import { KNOWN_AFTER_APPLY } from "@govai/components";
import { type Emulator, emulatorCredential, startEmulator } from "@govai/emulator";
import { PowerPlatformClient, virtualClock } from "@govai/powerplatform";

/** The admin management application adopt runs as; it created the environments, so it is their System Administrator. */
export const ADMIN = "0a1b2c3d-0000-4000-8000-00000000a001";
/** The pilot's runtime identity (an application user with two roles). */
export const RUNTIME = "5e7f8a9b-0000-4000-8000-0000000000c1";
/** An application user someone disabled. */
export const DISABLED = "5e7f8a9b-0000-4000-8000-0000000000c2";
/** The Entra group that restricts who can use the pilot environment. */
export const SECURITY_GROUP = "6f1e2d3c-0000-4000-8000-0000000000aa";

/** An emulator with counting ids and {@link ADMIN} registered. */
export async function startTenant(): Promise<Emulator> {
  let n = 0;
  return startEmulator({
    idGenerator: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
    adminApplications: [ADMIN],
  });
}

/** A client as {@link ADMIN} on a virtual clock (the environment create's waits pass at once). */
export function seedingClient(emulator: Emulator, appId = ADMIN): PowerPlatformClient {
  return new PowerPlatformClient({
    credential: emulatorCredential({ appId }),
    endpoints: emulator.endpoints,
    clock: virtualClock(),
    random: () => 0.5,
  });
}

/** The environment variables govai reads its credentials and endpoints from (those of the provider plugin). */
export function tenantEnv(emulator: Emulator, appId = ADMIN): Record<string, string> {
  return {
    GOVAI_POWERPLATFORM_ENDPOINTS: JSON.stringify(emulator.endpoints),
    GOVAI_POWERPLATFORM_EMULATOR_IDENTITY: `app:${appId}`,
  };
}

/** The ids of a seeded pilot. */
export interface Pilot {
  environmentId: string;
  /** The DLP policy that covers only the pilot's environment. */
  policyId: string;
  /** A tenant-wide DLP policy, which also covers it. */
  tenantPolicyId: string;
}

/**
 * A pilot whose every setting workload.yaml can express, none of them the dev defaults: a Sandbox in EUR with its
 * own domain and a security group; a managed environment with tight sharing and a blocking solution checker; its
 * own DLP policy made in the admin centre (every Copilot Studio capability classified, HTTP denied everywhere,
 * SharePoint knowledge allowed on one site, an action rule, custom connector patterns) next to a tenant-wide one; auditing with reads and 90 days; the firewall auditing 10.0.0.0/8
 * with cookie binding; a runtime application user with two roles and a disabled one.
 */
export async function seedPilot(client: PowerPlatformClient, emulator: Emulator, type = "Sandbox"): Promise<Pilot> {
  const env = await client.createEnvironment({
    displayName: "Claims Pilot",
    description: "Pilot of the claims assistant",
    type: type as "Sandbox" | "Production",
    location: "europe",
    azureRegion: "westeurope",
    dataverse: { language: 1033, currency: "EUR", domain: "claims-pilot", securityGroupId: SECURITY_GROUP },
  });
  await client.setManagedEnvironment(env.id, {
    sharing: {
      apps: { groupSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxUsers: 20 },
      flows: { mode: "disableSharing" },
      agents: { editorSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxViewers: 30 },
    },
    solutionChecker: { mode: "block", ruleOverrides: ["meta-remove-dup-reg"], suppressValidationEmails: false },
    usageInsights: false,
    makerWelcome: { markdown: "Welcome to the claims pilot", url: "https://contoso.com/pilot" },
  });
  const policy = await client.createDlpPolicy({
    displayName: "Claims pilot policy",
    defaultGroup: "blocked",
    environments: { kind: "only", environmentIds: [env.id] },
    business: [
      "PvaMicrosoftTeams",
      "shared_microsoftcopilotstudio",
      "CSKnowledgeSharePoint",
      "shared_sharepointonline",
      "shared_office365",
    ],
    nonBusiness: ["shared_rss"],
    blocked: [
      "PvaAuth",
      "PvaCustomDemoMobile",
      "PvaFacebook",
      "PvaOmniChannel",
      "PvaSharePoint",
      "PvaWhatsApp",
      "CSKnowledgePublicSites",
      "CSKnowledgeDocs",
      "Http",
      "PvaSkills",
    ],
    endpointRules: {
      Http: [{ behavior: "deny", endpoint: "*" }],
      CSKnowledgeSharePoint: [
        { behavior: "allow", endpoint: "https://contoso.sharepoint.com/sites/claims" },
        { behavior: "deny", endpoint: "*" },
      ],
    },
    actionRules: { shared_office365: { defaultBehavior: "allow", actions: { SendEmailV2: "block" } } },
    customConnectorPatterns: [
      { order: 1, classification: "business", pattern: "https://*.contoso.com" },
      { order: 2, classification: "blocked", pattern: "*" },
    ],
  });
  const tenant = await client.createDlpPolicy({
    displayName: "Tenant baseline",
    defaultGroup: "nonBusiness",
    environments: { kind: "all" },
    business: [],
    nonBusiness: [],
    blocked: ["shared_twitter"],
    endpointRules: {},
    actionRules: {},
    customConnectorPatterns: [],
  });
  await client.updateOrganizationSettings(env.id, {
    auditing: { enabled: true, userAccessAudit: true, readAudit: true, retentionDays: 90 },
    firewall: {
      enabled: true,
      auditMode: true,
      allowedRanges: ["10.0.0.0/8"],
      serviceTags: [],
      allowMicrosoftTrustedServices: true,
      allowApplicationUsers: true,
    },
    cookieBinding: true,
  });
  const runtime = await client.ensureApplicationUser(env.id, RUNTIME);
  await client.setApplicationUserRoles(env.id, runtime.id, ["Basic User", "Environment Maker"]);
  const disabled = await client.ensureApplicationUser(env.id, DISABLED);
  emulator.state.environments[env.id]!.dataverse!.systemUsers[disabled.id]!.isdisabled = true;
  withoutGovaiMarker(emulator, policy.id);
  withoutGovaiMarker(emulator, tenant.id);
  return { environmentId: env.id, policyId: policy.id, tenantPolicyId: tenant.id };
}

/**
 * Takes the govai ownership marker out of a policy the client created (the client always writes one), so it reads
 * like a policy made in the admin centre: the marker rule goes and the rules after it move up by one.
 */
export function withoutGovaiMarker(emulator: Emulator, policyId: string): void {
  const policy = emulator.state.dlpPolicies[policyId]!;
  const definition = policy.customConnectorUrlPatternsDefinition as {
    rules: Array<{ order: number; pattern: string }>;
  };
  const marker = definition.rules.find((r) => /^https:\/\/govai-[0-9a-f-]+\.invalid$/.test(r.pattern))!;
  definition.rules = definition.rules
    .filter((r) => r !== marker)
    .map((r) => (r.order > marker.order ? { ...r, order: r.order - 1 } : r));
}

/**
 * The inputs the engine has on the first `pulumi up` after the import: the plan's, with the environment's id,
 * which the import recorded, in place of "known after apply".
 */
export function withEnvironmentId(inputs: Record<string, unknown>, environmentId: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...inputs };
  if (out.environmentId === KNOWN_AFTER_APPLY) out.environmentId = environmentId;
  if (Array.isArray(out.environmentIds)) {
    out.environmentIds = out.environmentIds.map((e) => (e === KNOWN_AFTER_APPLY ? environmentId : e));
  }
  return out;
}
