/**
 * The operations of the fault matrix (fault-matrix.test.ts): every mutating operation of `PowerPlatformClient`, with
 * what it needs in the tenant before it runs, the request a fault is injected into, how its resources are counted,
 * what "converged" means for it, and the other teams' resources it must never return, change or delete.
 */
import { buildZip, type Emulator, type EmulatorState, emulatorCredential } from "@govai/emulator";
import { expect } from "vitest";
import type { PowerPlatformClient } from "../../src/client/client.ts";
import type { VirtualClock } from "../../src/client/clock.ts";
import { ownerKey } from "../../src/client/owner-key.ts";
import type {
  DlpPolicyInput,
  EnvironmentCreateInput,
  ManagedEnvironmentSettings,
  OrganizationSettings,
  OrganizationSettingsState,
} from "../../src/client/types.ts";
import { dlpOwnerKey } from "../../src/services/data-policy/convert.ts";
import { APP, clientFor, devInput, prodExtendedSettings, prodSettings } from "./support.ts";

/** Another team's service principal, also an admin management application of the tenant. */
export const OTHER_TEAM = "0a1b2c3d-0000-4000-8000-00000000c003";
const OTHER_TEAM_OID = "77777777-0000-4000-8000-00000000c003";
/** The Entra application of the agent's runtime identity (its Dataverse application user). */
const RUNTIME_APP = "5e7f8a9b-0000-4000-8000-0000000000c1";
/** An application registered as an admin management application by the matrix. */
const NEW_ADMIN_APP = "7a8b9c0d-0000-4000-8000-0000000000d1";

const BAP = "/bap/providers/Microsoft.BusinessAppPlatform";
const DLP = "/bap/providers/PowerPlatform.Governance/v2/policies";
/** The create marker the client appends to an environment's (or group's) description, with or without an owner key. */
const CREATE_MARKER = / ?\[govai-create:(?:[0-9a-f]{24}:)?[0-9a-f-]{36}\]$/;

/** The tenant a cell runs against, and the clients that prepare it. */
export interface World {
  emulator: Emulator;
  clock: VirtualClock;
  /** Our service principal (the identity under test), for preparing our own resources. */
  ours: PowerPlatformClient;
  /** A tenant administrator user (Copilot Studio and the admin-application bootstrap take user tokens only). */
  user: PowerPlatformClient;
  /** Another team's service principal: everything it makes is foreign to the operation under test. */
  theirs: PowerPlatformClient;
}

/** Which kind of lifecycle operation the call runs, if any (decides which faults apply). */
export type Lifecycle = "create" | "lifecycle" | "none";

/** One mutating operation of the client, as the matrix drives it. */
export interface Operation<C = unknown> {
  /** Row label: the client method, with the variant when there are several. */
  name: string;
  /** The client method (its name starts the error messages). */
  method: string;
  lifecycle: Lifecycle;
  /** The token the call runs with. */
  identity: "app" | "user";
  /** The request the fault is injected into: the one that changes the tenant (emulator glob, prefix included). */
  target: { method: string; path: string };
  /** What is counted for duplicates and orphans. */
  kind: string;
  /** Prepares the tenant: our resources the call needs, and another team's look-alikes. */
  setup(w: World): Promise<C>;
  run(client: PowerPlatformClient, c: C): Promise<unknown>;
  /** Resources of {@link Operation.kind} in the tenant. */
  count(s: EmulatorState, c: C): number;
  /** How the count changes when the call converges: +1 create, -1 delete, 0 otherwise. */
  delta: -1 | 0 | 1;
  /** Everything of other teams the call must leave as it was (compared in full before and after). */
  foreign(s: EmulatorState, c: C): unknown;
  /** Ids of other teams' resources the call must never return. */
  foreignIds(c: C): string[];
  /** Asserts that the tenant is in the requested state after the call resolved with `result`. */
  converged(s: EmulatorState, c: C, result: unknown): void;
  /**
   * Faults left out for this operation, with the reason: the fault cannot apply to it, or it exposes a defect this
   * change does not fix (the reason then starts with "defect:" and the defect is reported).
   */
  excluded?: Partial<Record<string, string>>;
}

/** Checks a row against its own setup type, then erases the type so one table holds every row. */
function define<C>(op: Operation<C>): Operation {
  return op as unknown as Operation;
}

/** The parts of a stored environment a call could change (its read-lag counters are not the tenant's state). */
function environmentState(s: EmulatorState, id: string) {
  const env = s.environments[id];
  if (!env) return undefined;
  const operations = Object.values(s.lifecycleOperations).filter((o) => o.environmentId === id);
  return { properties: env.properties, dataverse: env.dataverse, activeOperationId: env.activeOperationId, operations };
}

function idOf(result: unknown): string | undefined {
  return (result as { id?: string } | undefined)?.id;
}

const envCount = (s: EmulatorState) => Object.keys(s.environments).length;

/** Another team's environment, made with its own identity. */
async function theirEnvironment(w: World, input: EnvironmentCreateInput): Promise<string> {
  return (await w.theirs.createEnvironment(input)).id;
}

/** Our own environment with Dataverse (domain agents-dev), ready for the calls that need one. */
async function ourEnvironment(w: World): Promise<string> {
  return (await w.ours.createEnvironment(devInput("agents-dev"))).id;
}

/** Our environment, and another team's environment with the same display name next to it. */
async function environments(w: World) {
  const foreign = await theirEnvironment(w, { ...devInput("claims-dev"), description: "Team B's claims agent" });
  const env = await ourEnvironment(w);
  return { env, foreign };
}

/** The stored environment's user-visible fields (the create marker cut off the description) are `expected`. */
function expectEnvironment(s: EmulatorState, id: string, expected: Record<string, unknown>): void {
  const p = s.environments[id]?.properties;
  expect({
    displayName: p?.displayName,
    description: p?.description?.replace(CREATE_MARKER, ""),
    sku: p?.environmentSku,
    location: s.environments[id]?.location,
    domain: p?.linkedEnvironmentMetadata?.domainName,
    provisioningState: p?.provisioningState,
    protectionLevel: p?.governanceConfiguration.protectionLevel,
  }).toEqual(expected);
}

const agentsDev = {
  displayName: "Agents (dev)",
  description: "Dev environment for the claims agent",
  sku: "Sandbox",
  location: "europe",
  domain: "agents-dev",
  provisioningState: "Succeeded",
  protectionLevel: "Basic",
};

const environmentOperations = {
  lifecycle: "lifecycle" as const,
  identity: "app" as const,
  kind: "environments",
  count: envCount,
  foreign: (s: EmulatorState, c: { foreign: string }) => environmentState(s, c.foreign),
  foreignIds: (c: { foreign: string }) => [c.foreign],
};

/** The owner key the provider derives from the Environment resource's URN (so a re-run recognises its environment). */
export const ENV_OWNER = ownerKey("urn:pulumi:dev::agents::govai:powerplatform:Environment::agents-dev");
/** The owner key a caller of environment-group create passes (the same on every run). */
export const GROUP_OWNER = ownerKey("agents environment group");

/**
 * Environment create, with the provider's owner key, next to another team's environment made from `foreignInput`.
 * `expected` is the state the create converges to; undefined when it cannot converge, because the other team holds
 * what it asks for.
 */
function createEnvironmentOperation(
  name: string,
  input: EnvironmentCreateInput,
  foreignInput: EnvironmentCreateInput,
  expected: Record<string, unknown> | undefined,
  excluded: Partial<Record<string, string>> = {},
): Operation {
  return define({
    ...environmentOperations,
    name,
    method: "createEnvironment",
    lifecycle: "create",
    target: { method: "POST", path: `${BAP}/environments` },
    setup: async (w) => ({ foreign: await theirEnvironment(w, foreignInput) }),
    run: (client) => client.createEnvironment(input, { ownerKey: ENV_OWNER }),
    delta: 1,
    converged(s, c, result) {
      const id = idOf(result) as string;
      expect(Object.keys(s.environments).sort()).toEqual([c.foreign, id].sort());
      // A create that cannot converge and did (e.g. by adopting the other team's environment) fails here.
      expect(expected).toBeDefined();
      expectEnvironment(s, id, expected ?? {});
      expect((result as { description: string }).description).toEqual(input.description);
    },
    excluded,
  });
}

const { dataverse: _dataverse, ...withoutDataverse } = devInput();

const devSettings: ManagedEnvironmentSettings = {
  sharing: { apps: { groupSharingDisabled: false, mode: "noLimit", maxUsers: 0 } },
  solutionChecker: { mode: "warn", ruleOverrides: [], suppressValidationEmails: false },
  usageInsights: false,
  makerWelcome: undefined,
};

function expectGovernance(s: EmulatorState, id: string, protectionLevel: string, stored: unknown): void {
  const g = s.environments[id]?.properties.governanceConfiguration;
  expect(g?.protectionLevel).toEqual(protectionLevel);
  if (stored !== undefined) expect(g?.settings?.extendedSettings).toEqual(stored);
}

const dlpInput = (overrides: Partial<DlpPolicyInput> = {}): DlpPolicyInput => ({
  displayName: "agents-dev-dlp",
  defaultGroup: "blocked",
  environments: { kind: "all" },
  business: ["shared_sharepointonline"],
  nonBusiness: [],
  blocked: [],
  endpointRules: {},
  actionRules: {},
  customConnectorPatterns: [],
  ...overrides,
});
/** The owner key the provider derives from the resource's URN (so a re-run recognises the policy). */
const DLP_OWNER = dlpOwnerKey("urn:pulumi:dev::agents::govai:powerplatform:DataPolicy::agents-dev-dlp");

/** The connector names of one classification in a stored DLP policy. */
function dlpGroup(s: EmulatorState, id: string, classification: string): string[] {
  const groups = (s.dlpPolicies[id]?.policyDefinition as { connectorGroups?: unknown[] } | undefined)
    ?.connectorGroups as Array<{ classification: string; connectors: Array<{ id: string }> }> | undefined;
  return (groups?.find((g) => g.classification === classification)?.connectors ?? []).map((c) =>
    c.id.replace("/providers/Microsoft.PowerApps/apis/", ""),
  );
}

const dlpOperations = {
  lifecycle: "none" as const,
  identity: "app" as const,
  kind: "DLP policies",
  count: (s: EmulatorState) => Object.keys(s.dlpPolicies).length,
  foreign: (s: EmulatorState, c: { foreign: string }) => s.dlpPolicies[c.foreign],
  foreignIds: (c: { foreign: string }) => [c.foreign],
};

/** Another team's same-name policy, and (unless `withOurs` is false) ours. */
async function policies(w: World, withOurs = true) {
  const foreign = (await w.theirs.createDlpPolicy(dlpInput())).id;
  const policy = withOurs ? (await w.ours.createDlpPolicy(dlpInput({ ownership: { owner: DLP_OWNER } }))).id : "";
  return { foreign, policy };
}

/** The organisation row of an environment: every column (auditing, firewall, cookie binding, …). */
const orgRow = (s: EmulatorState, env: string) => s.environments[env]?.dataverse?.organization;

/** An organisation row with empty strings read as null, as Dataverse stores them. */
function emptyAsNull(row: unknown): unknown {
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, v === "" ? null : v]));
}

const auditSettings: OrganizationSettings = {
  auditing: { enabled: true, userAccessAudit: true, readAudit: false, retentionDays: 365 },
  firewall: { enabled: true, auditMode: true, allowedRanges: ["10.0.0.0/8"], serviceTags: ["AzureCloud"] },
  cookieBinding: true,
};

/** Application users of one environment (soft-deleted rows included: they still hold the application id). */
const users = (s: EmulatorState, env: string) => Object.values(s.environments[env]?.dataverse?.systemUsers ?? {});
const runtimeUsers = (s: EmulatorState, env: string) => users(s, env).filter((u) => u.applicationid === RUNTIME_APP);

/** Our environment, and another team's environment whose Dataverse has an application user of the same app id. */
async function usersOf(w: World) {
  const { env, foreign } = await environments(w);
  await w.theirs.ensureApplicationUser(foreign, RUNTIME_APP);
  return { env, foreign };
}

const userOperations = {
  lifecycle: "none" as const,
  identity: "app" as const,
  kind: `application users of ${RUNTIME_APP}`,
  count: (s: EmulatorState, c: { env: string }) => runtimeUsers(s, c.env).length,
  foreign: (s: EmulatorState, c: { foreign: string }) => environmentState(s, c.foreign),
  foreignIds: (c: { foreign: string }) => [c.foreign],
};

/** A managed solution package as an export produces it (solution.xml and customizations.xml, deflated). */
function solutionZip(version: string): Uint8Array {
  return new Uint8Array(
    buildZip(
      {
        "[Content_Types].xml": "<Types/>",
        "solution.xml": `<?xml version="1.0" encoding="utf-8"?><ImportExportXml><SolutionManifest><UniqueName>PolicyLookupAgent</UniqueName><LocalizedNames><LocalizedName description="Policy lookup agent" languagecode="1033" /></LocalizedNames><Version>${version}</Version><Managed>1</Managed></SolutionManifest></ImportExportXml>`,
        "customizations.xml": `<?xml version="1.0" encoding="utf-8"?><ImportExportXml><connectionreferences></connectionreferences></ImportExportXml>`,
      },
      { deflate: true },
    ),
  );
}
/** Installed solutions of an environment, as unique name and version. */
const installed = (s: EmulatorState, env: string) =>
  Object.values(s.environments[env]?.dataverse?.solutions ?? {}).map((r) => [r.uniquename, r.version]);
/** Our environment, and another team's environment where the same solution is installed. */
async function solutionsOf(w: World) {
  const c = await environments(w);
  await w.theirs.importSolution(c.foreign, solutionZip("1.0.0.0"));
  return c;
}
const solutionOperations = {
  identity: "app" as const,
  kind: "installed solutions",
  count: (s: EmulatorState, c: { env: string }) => installed(s, c.env).length,
  foreign: (s: EmulatorState, c: { foreign: string }) => environmentState(s, c.foreign),
  foreignIds: (c: { foreign: string }) => [c.foreign],
};

function roleIds(s: EmulatorState, env: string, names: string[]): string[] {
  const roles = s.environments[env]?.dataverse?.roles ?? [];
  return names.map((n) => roles.find((r) => r.name === n)?.roleid ?? `missing ${n}`);
}

const connectionString =
  "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/";
const telemetry = { connectionString, logActivities: true, logActions: true, logSensitiveActivity: false };
/** Our environment, and another team's agent in it with its own telemetry binding. */
async function agents(w: World) {
  const env = await ourEnvironment(w);
  await w.user.setAgentTelemetry(env, "team-b-bot", { ...telemetry, logActions: false });
  return { env, foreign: `${env}/team-b-bot` };
}
const telemetryOperations = {
  lifecycle: "none" as const,
  identity: "user" as const,
  kind: "agent telemetry bindings",
  target: { method: "PUT", path: "/copilot/*" },
  count: (s: EmulatorState) => Object.keys(s.copilotAppInsights).length,
  foreign: (s: EmulatorState, c: { foreign: string }) => s.copilotAppInsights[c.foreign],
  foreignIds: () => [],
};
function expectTelemetry(s: EmulatorState, env: string, expected: Record<string, unknown>): void {
  const stored = s.copilotAppInsights[`${env}/agents-bot`];
  expect(stored && { ...stored, errors: undefined }).toEqual({
    environmentId: env,
    botId: "agents-bot",
    networkIsolation: "PublicNetwork",
    errors: undefined,
    ...expected,
  });
}

const TENANT_CHANGE = {
  disableEnvironmentCreationByNonAdminUsers: true,
  powerPlatform: { powerApps: { disableShareWithEveryone: true } },
};
/** The tenant-settings document without the two keys the call changes: someone else's settings. */
function otherTenantSettings(s: EmulatorState) {
  const doc = structuredClone(s.tenantSettings) as Record<string, unknown> & {
    powerPlatform: { powerApps: Record<string, unknown> };
  };
  delete doc.disableEnvironmentCreationByNonAdminUsers;
  delete doc.powerPlatform.powerApps.disableShareWithEveryone;
  return doc;
}

const groupOperations = {
  lifecycle: "none" as const,
  identity: "app" as const,
  kind: "environment groups",
  count: (s: EmulatorState) => Object.keys(s.environmentGroups).length,
  foreign: (s: EmulatorState, c: { foreign: string }) => s.environmentGroups[c.foreign],
  foreignIds: (c: { foreign: string }) => [c.foreign],
};
/** Another team's group with the name ours has, and (unless `withOurs` is false) ours. */
async function groups(w: World, withOurs = true) {
  const foreign = (await w.theirs.createEnvironmentGroup({ displayName: "Agents", description: "Team B" })).id;
  const group = withOurs
    ? (await w.ours.createEnvironmentGroup({ displayName: "Agents", description: "pilots" })).id
    : "";
  return { foreign, group };
}
function expectGroup(s: EmulatorState, id: string, expected: { displayName: string; description: string }): void {
  const g = s.environmentGroups[id];
  expect(g && { displayName: g.displayName, description: g.description.replace(CREATE_MARKER, "") }).toEqual(expected);
}

/** What the calls on one of our resources next to another team's need from their setup. */
type Env = { env: string; foreign: string };
type Restore = Env & { original: unknown; snapshot: OrganizationSettingsState };
type User = Env & { user: string };
type Policies = { foreign: string; policy: string };
type Groups = { foreign: string; group: string };

const PPAPI = "/ppapi";
/** A pay-as-you-go billing policy; another team's has the same name, subscription, resource group and location. */
const POLICY_INPUT = {
  name: "copilot-pilots",
  location: "europe",
  subscriptionId: "0f0f0f0f-0000-4000-8000-000000000a01",
  resourceGroup: "rg-pp-billing",
};
const policyOperations = {
  lifecycle: "none" as const,
  identity: "app" as const,
  kind: "billing policies",
  count: (s: EmulatorState) => Object.keys(s.billingPolicies).length,
  foreign: (s: EmulatorState, c: { foreign: string }) => s.billingPolicies[c.foreign],
  foreignIds: (c: { foreign: string }) => [c.foreign],
};
type Billing = { foreign: string; policy: string; env: string };
/** Another team's policy, and (unless `withOurs` is false) ours and our environment, linked when `linked`. */
async function billing(w: World, withOurs = true, linked = false): Promise<Billing> {
  const foreign = (await w.theirs.createBillingPolicy(POLICY_INPUT)).id;
  if (!withOurs) return { foreign, policy: "", env: "" };
  const policy = (await w.ours.createBillingPolicy(POLICY_INPUT)).id;
  const env = await ourEnvironment(w);
  if (linked) await w.ours.addBillingPolicyEnvironments(policy, [env]);
  return { foreign, policy, env };
}
/** The rules the rule-set rows write. */
const GROUP_RULES = {
  sharing: { apps: { groupSharingDisabled: true, mode: "excludeSharingToSecurityGroups" as const, maxUsers: 20 } },
  solutionChecker: { mode: "block" as const },
  backupRetentionDays: 14 as const,
};
const ruleSetOperations = {
  lifecycle: "none" as const,
  identity: "app" as const,
  kind: "environment-group rule sets",
  count: (s: EmulatorState) => Object.keys(s.environmentGroupRuleSets).length,
  foreign: (s: EmulatorState, c: { foreign: string }) =>
    Object.values(s.environmentGroupRuleSets).filter((r) => r.groupId === c.foreign),
  foreignIds: () => [],
};
type GroupEnv = Groups & { env: string };
/** Groups (another team's and ours) with their rule sets when `ruleSets`, and our environment when `env`. */
async function groupWorld(w: World, options: { ruleSets?: boolean; env?: boolean; member?: boolean }) {
  const g = await groups(w);
  await w.theirs.setEnvironmentGroupRuleSet(g.foreign, GROUP_RULES);
  if (options.ruleSets) await w.ours.setEnvironmentGroupRuleSet(g.group, GROUP_RULES);
  const env = options.env ? await ourEnvironment(w) : "";
  if (options.member) await w.ours.addEnvironmentToGroup(g.group, env);
  return { ...g, env };
}
const membershipOperations = {
  identity: "app" as const,
  kind: "environments",
  count: envCount,
  delta: 0 as const,
  foreign: (s: EmulatorState, c: { foreign: string }) => s.environmentGroups[c.foreign],
  foreignIds: (c: { foreign: string }) => [c.foreign],
};

/** Every mutating operation of the client, in the order of `client.ts`. */
export const OPERATIONS: Operation[] = [
  createEnvironmentOperation(
    "createEnvironment (Dataverse, the provider's owner key; another team's environment has the same name)",
    devInput("agents-dev"),
    { ...devInput("claims-dev"), description: "Team B's claims agent" },
    agentsDev,
  ),
  createEnvironmentOperation(
    "createEnvironment (Dataverse, the provider's owner key; another team's environment holds the domain)",
    devInput("agents-dev"),
    { ...devInput("agents-dev"), displayName: "Claims (team B)", description: "Team B's claims agent" },
    undefined,
    {
      Failed: "the service refuses the create (409 DomainNameAlreadyInUse) before any operation starts",
      "Failed + orphan": "the service refuses the create (409 DomainNameAlreadyInUse) before any operation starts",
    },
  ),
  createEnvironmentOperation(
    "createEnvironment (no Dataverse, the provider's owner key; another team's environment has the same name)",
    withoutDataverse,
    { ...withoutDataverse, description: "Team B's claims agent" },
    { ...agentsDev, domain: undefined },
  ),
  define<Env>({
    ...environmentOperations,
    name: "updateEnvironment",
    method: "updateEnvironment",
    target: { method: "PATCH", path: `${BAP}/scopes/admin/environments/*` },
    setup: environments,
    run: (client, c) =>
      client.updateEnvironment(c.env, { displayName: "Agents (dev, renamed)", description: "Renamed in the matrix" }),
    delta: 0,
    converged(s, c) {
      expectEnvironment(s, c.env, {
        ...agentsDev,
        displayName: "Agents (dev, renamed)",
        description: "Renamed in the matrix",
      });
    },
  }),
  define<Env>({
    ...environmentOperations,
    name: "changeEnvironmentType",
    method: "changeEnvironmentType",
    target: { method: "POST", path: `${BAP}/scopes/admin/environments/*/modifySku` },
    setup: environments,
    run: (client, c) => client.changeEnvironmentType(c.env, "Production"),
    delta: 0,
    converged(s, c) {
      expectEnvironment(s, c.env, { ...agentsDev, sku: "Production" });
    },
  }),
  define<Env>({
    ...environmentOperations,
    name: "deleteEnvironment",
    method: "deleteEnvironment",
    target: { method: "DELETE", path: `${BAP}/scopes/admin/environments/*` },
    setup: environments,
    run: (client, c) => client.deleteEnvironment(c.env),
    delta: -1,
    converged(s, c) {
      expect(Object.keys(s.environments)).toEqual([c.foreign]);
    },
  }),
  define<Env>({
    ...environmentOperations,
    name: "setManagedEnvironment (enable)",
    method: "setManagedEnvironment",
    target: { method: "POST", path: `${BAP}/environments/*/governanceConfiguration` },
    setup: environments,
    run: (client, c) => client.setManagedEnvironment(c.env, prodSettings),
    delta: 0,
    converged(s, c) {
      expectGovernance(s, c.env, "Standard", prodExtendedSettings);
    },
  }),
  define<Env>({
    ...environmentOperations,
    name: "setManagedEnvironment (update)",
    method: "setManagedEnvironment",
    target: { method: "POST", path: `${BAP}/environments/*/governanceConfiguration` },
    async setup(w) {
      const c = await environments(w);
      await w.ours.setManagedEnvironment(c.env, devSettings);
      return c;
    },
    run: (client, c) => client.setManagedEnvironment(c.env, prodSettings),
    delta: 0,
    converged(s, c) {
      expectGovernance(s, c.env, "Standard", prodExtendedSettings);
    },
  }),
  define<Env>({
    ...environmentOperations,
    name: "disableManagedEnvironment",
    method: "disableManagedEnvironment",
    target: { method: "POST", path: `${BAP}/environments/*/governanceConfiguration` },
    async setup(w) {
      const c = await environments(w);
      await w.ours.setManagedEnvironment(c.env, prodSettings);
      return c;
    },
    run: (client, c) => client.disableManagedEnvironment(c.env),
    delta: 0,
    converged(s, c) {
      expectGovernance(s, c.env, "Basic", undefined);
    },
  }),
  define({
    ...dlpOperations,
    name: "createDlpPolicy (with the provider's owner key; another team's policy has the same name)",
    method: "createDlpPolicy",
    target: { method: "POST", path: DLP },
    setup: (w) => policies(w, false),
    run: (client) => client.createDlpPolicy(dlpInput({ ownership: { owner: DLP_OWNER } })),
    delta: 1,
    converged(s, c, result) {
      const id = idOf(result) as string;
      expect(Object.keys(s.dlpPolicies).sort()).toEqual([c.foreign, id].sort());
      expect(s.dlpPolicies[id]?.policyDefinition.displayName).toEqual("agents-dev-dlp");
      expect(dlpGroup(s, id, "Confidential")).toEqual(["shared_sharepointonline"]);
      expect((result as { ownership?: { owner: string } }).ownership?.owner).toEqual(DLP_OWNER);
    },
  }),
  define<Policies>({
    ...dlpOperations,
    name: "updateDlpPolicy",
    method: "updateDlpPolicy",
    target: { method: "PATCH", path: `${DLP}/*` },
    setup: (w) => policies(w),
    run: (client, c) =>
      client.updateDlpPolicy(
        c.policy,
        dlpInput({ business: ["shared_sharepointonline", "shared_office365"], ownership: { owner: DLP_OWNER } }),
      ),
    delta: 0,
    converged(s, c) {
      expect(dlpGroup(s, c.policy, "Confidential").sort()).toEqual(["shared_office365", "shared_sharepointonline"]);
    },
  }),
  define<Policies>({
    ...dlpOperations,
    name: "deleteDlpPolicy",
    method: "deleteDlpPolicy",
    target: { method: "DELETE", path: `${DLP}/*` },
    setup: (w) => policies(w),
    run: (client, c) => client.deleteDlpPolicy(c.policy),
    delta: -1,
    converged(s, c) {
      expect(Object.keys(s.dlpPolicies)).toEqual([c.foreign]);
    },
  }),
  define<Env>({
    ...environmentOperations,
    lifecycle: "none",
    name: "updateOrganizationSettings",
    method: "updateOrganizationSettings",
    kind: "organisations",
    target: { method: "PATCH", path: "/dataverse/*/organizations(*)" },
    setup: environments,
    run: (client, c) => client.updateOrganizationSettings(c.env, auditSettings),
    delta: 0,
    converged(s, c) {
      expect(orgRow(s, c.env)).toMatchObject({
        isauditenabled: true,
        isuseraccessauditenabled: true,
        isreadauditenabled: false,
        auditretentionperiodv2: 365,
        enableipbasedfirewallrule: true,
        enableipbasedfirewallruleinauditmode: true,
        allowediprangeforfirewall: "10.0.0.0/8",
        allowedservicetagsforfirewall: "AzureCloud",
        enableipbasedcookiebinding: true,
      });
    },
  }),
  define<Restore>({
    ...environmentOperations,
    lifecycle: "none",
    name: "restoreOrganizationSettings",
    method: "restoreOrganizationSettings",
    kind: "organisations",
    target: { method: "PATCH", path: "/dataverse/*/organizations(*)" },
    async setup(w) {
      const c = await environments(w);
      const original = structuredClone(orgRow(w.emulator.state, c.env));
      const snapshot = await w.ours.getOrganizationSettings(c.env);
      await w.ours.updateOrganizationSettings(c.env, auditSettings);
      return { ...c, original, snapshot };
    },
    run: (client, c) => client.restoreOrganizationSettings(c.env, c.snapshot),
    delta: 0,
    converged(s, c) {
      // Written back as read: the whole row is the new organisation's again, `auditretentionperiodv2: null` included.
      // An empty list is written as "", which Dataverse stores as null (it keeps no empty strings); the emulator
      // keeps the "", so the list columns are compared with "" and null as one.
      expect(emptyAsNull(orgRow(s, c.env))).toEqual(emptyAsNull(c.original));
    },
  }),
  define<Env>({
    ...userOperations,
    name: "ensureApplicationUser (another team's environment has a user of the same application)",
    method: "ensureApplicationUser",
    target: { method: "POST", path: "/dataverse/*/systemusers" },
    setup: usersOf,
    run: (client, c) => client.ensureApplicationUser(c.env, RUNTIME_APP),
    delta: 1,
    converged(s, c, result) {
      const rows = runtimeUsers(s, c.env);
      expect(rows.map((u) => [u.systemuserid, u.deletedstate, u.isdisabled])).toEqual([[idOf(result), 0, false]]);
    },
  }),
  define<User>({
    ...userOperations,
    name: "setApplicationUserRoles",
    method: "setApplicationUserRoles",
    target: { method: "POST", path: "/dataverse/*/systemusers(*)/systemuserroles_association/$ref" },
    async setup(w) {
      const c = await usersOf(w);
      const user = await w.ours.ensureApplicationUser(c.env, RUNTIME_APP);
      await w.ours.setApplicationUserRoles(c.env, user.id, ["Basic User"]);
      return { ...c, user: user.id };
    },
    run: (client, c) => client.setApplicationUserRoles(c.env, c.user, ["Environment Maker", "Basic User"]),
    delta: 0,
    converged(s, c) {
      const row = runtimeUsers(s, c.env)[0];
      expect([...(row?.roleIds ?? [])].sort()).toEqual(roleIds(s, c.env, ["Basic User", "Environment Maker"]).sort());
    },
  }),
  define<User>({
    ...userOperations,
    name: "deleteApplicationUser",
    method: "deleteApplicationUser",
    target: { method: "DELETE", path: "/dataverse/*/systemusers(*)" },
    async setup(w) {
      const c = await usersOf(w);
      return { ...c, user: (await w.ours.ensureApplicationUser(c.env, RUNTIME_APP)).id };
    },
    run: (client, c) => client.deleteApplicationUser(c.env, c.user),
    delta: -1,
    converged(s, c) {
      expect(runtimeUsers(s, c.env)).toEqual([]);
    },
  }),
  define<Env>({
    ...solutionOperations,
    lifecycle: "lifecycle",
    name: "importSolution (another team's environment has the same solution)",
    method: "importSolution",
    // An import is the unit that must not happen twice (a second one re-runs its upgrade steps and data changes);
    // one that ended Failed installed nothing.
    kind: "imports that ran or run (import jobs not Failed)",
    count: (s, c) =>
      Object.values(s.environments[c.env]?.dataverse?.importJobs ?? {}).filter((j) => j.state !== "Failed").length,
    target: { method: "POST", path: "/dataverse/*/ImportSolutionAsync" },
    setup: solutionsOf,
    run: (client, c) => client.importSolution(c.env, solutionZip("1.0.0.0")),
    delta: 1,
    converged(s, c) {
      expect(installed(s, c.env)).toEqual([["PolicyLookupAgent", "1.0.0.0"]]);
    },
  }),
  define<Env>({
    ...solutionOperations,
    lifecycle: "none",
    name: "uninstallSolution",
    method: "uninstallSolution",
    target: { method: "DELETE", path: "/dataverse/*/solutions(*)" },
    async setup(w) {
      const c = await solutionsOf(w);
      await w.ours.importSolution(c.env, solutionZip("1.0.0.0"));
      return c;
    },
    run: (client, c) => client.uninstallSolution(c.env, "PolicyLookupAgent"),
    delta: -1,
    converged(s, c) {
      expect(installed(s, c.env)).toEqual([]);
    },
  }),
  define<Env>({
    ...userOperations,
    name: "addAppUser",
    method: "addAppUser",
    kind: `application users of ${OTHER_TEAM}`,
    target: { method: "POST", path: `${BAP}/scopes/admin/environments/*/addAppUser` },
    setup: usersOf,
    run: (client, c) => client.addAppUser(c.env, OTHER_TEAM),
    count: (s, c) => users(s, c.env).filter((u) => u.applicationid === OTHER_TEAM).length,
    delta: 1,
    converged(s, c) {
      const rows = users(s, c.env).filter((u) => u.applicationid === OTHER_TEAM);
      expect(rows.map((u) => [u.deletedstate, u.roleIds])).toEqual([[0, roleIds(s, c.env, ["System Administrator"])]]);
    },
  }),
  define({
    name: "registerAdminApplication",
    method: "registerAdminApplication",
    lifecycle: "none",
    identity: "user",
    kind: "admin management applications",
    target: { method: "PUT", path: `${BAP}/adminApplications/*` },
    setup: async () => ({}),
    run: (client) => client.registerAdminApplication(NEW_ADMIN_APP),
    count: (s) => Object.keys(s.adminApplications).length,
    delta: 1,
    foreign: (s) => s.adminApplications[OTHER_TEAM],
    foreignIds: () => [],
    converged(s) {
      expect(Object.keys(s.adminApplications).sort()).toEqual([APP, OTHER_TEAM, NEW_ADMIN_APP].sort());
    },
  }),
  define({
    name: "unregisterAdminApplication",
    method: "unregisterAdminApplication",
    lifecycle: "none",
    identity: "user",
    kind: "admin management applications",
    target: { method: "DELETE", path: `${BAP}/adminApplications/*` },
    setup: async (w) => ({ registered: await w.user.registerAdminApplication(NEW_ADMIN_APP) }),
    run: (client) => client.unregisterAdminApplication(NEW_ADMIN_APP),
    count: (s) => Object.keys(s.adminApplications).length,
    delta: -1,
    foreign: (s) => s.adminApplications[OTHER_TEAM],
    foreignIds: () => [],
    converged(s) {
      expect(Object.keys(s.adminApplications).sort()).toEqual([APP, OTHER_TEAM].sort());
    },
  }),
  define<Env>({
    ...telemetryOperations,
    name: "setAgentTelemetry",
    method: "setAgentTelemetry",
    setup: agents,
    run: (client, c) => client.setAgentTelemetry(c.env, "agents-bot", telemetry),
    delta: 1,
    converged(s, c) {
      expectTelemetry(s, c.env, {
        appInsightsConnectionString: connectionString,
        includeActivities: true,
        includeActions: true,
        includeSensitiveInformation: false,
      });
    },
  }),
  define<Env>({
    ...telemetryOperations,
    name: "clearAgentTelemetry",
    method: "clearAgentTelemetry",
    async setup(w) {
      const c = await agents(w);
      await w.user.setAgentTelemetry(c.env, "agents-bot", telemetry);
      return c;
    },
    run: (client, c) => client.clearAgentTelemetry(c.env, "agents-bot"),
    delta: 0,
    converged(s, c) {
      expectTelemetry(s, c.env, {
        appInsightsConnectionString: "",
        includeActivities: false,
        includeActions: false,
        includeSensitiveInformation: false,
      });
    },
  }),
  define({
    name: "updateTenantSettings",
    method: "updateTenantSettings",
    lifecycle: "none",
    identity: "app",
    kind: "tenant-settings documents",
    target: { method: "POST", path: `${BAP}/scopes/admin/updateTenantSettings` },
    setup: async () => ({}),
    run: (client) => client.updateTenantSettings(TENANT_CHANGE),
    count: () => 1,
    delta: 0,
    foreign: otherTenantSettings,
    foreignIds: () => [],
    converged(s) {
      expect(s.tenantSettings).toMatchObject(TENANT_CHANGE);
    },
  }),
  define({
    ...groupOperations,
    name: "createEnvironmentGroup (with an owner key; another team's group has the same name)",
    method: "createEnvironmentGroup",
    target: { method: "POST", path: `${BAP}/environmentGroups` },
    setup: (w) => groups(w, false),
    run: (client) =>
      client.createEnvironmentGroup({ displayName: "Agents", description: "pilots" }, { ownerKey: GROUP_OWNER }),
    delta: 1,
    converged(s, c, result) {
      const id = idOf(result) as string;
      expect(Object.keys(s.environmentGroups).sort()).toEqual([c.foreign, id].sort());
      expectGroup(s, id, { displayName: "Agents", description: "pilots" });
    },
  }),
  define<Groups>({
    ...groupOperations,
    name: "updateEnvironmentGroup",
    method: "updateEnvironmentGroup",
    target: { method: "PUT", path: `${BAP}/environmentGroups/*` },
    setup: (w) => groups(w),
    run: (client, c) => client.updateEnvironmentGroup(c.group, { displayName: "Agent pilots", description: "all" }),
    delta: 0,
    converged(s, c) {
      expectGroup(s, c.group, { displayName: "Agent pilots", description: "all" });
    },
  }),
  define<Groups>({
    ...groupOperations,
    name: "deleteEnvironmentGroup",
    method: "deleteEnvironmentGroup",
    target: { method: "DELETE", path: `${BAP}/environmentGroups/*` },
    setup: (w) => groups(w),
    run: (client, c) => client.deleteEnvironmentGroup(c.group),
    delta: -1,
    converged(s, c) {
      expect(Object.keys(s.environmentGroups)).toEqual([c.foreign]);
    },
  }),
  define<Groups>({
    ...ruleSetOperations,
    name: "setEnvironmentGroupRuleSet (another team's group has a rule set)",
    method: "setEnvironmentGroupRuleSet",
    target: { method: "POST", path: `${PPAPI}/tenant/*/governance/environmentGroups/*/ruleSets` },
    setup: (w) => groupWorld(w, {}),
    run: (client, c) => client.setEnvironmentGroupRuleSet(c.group, GROUP_RULES),
    delta: 1,
    converged(s, c, result) {
      const ours = Object.values(s.environmentGroupRuleSets).filter((r) => r.groupId === c.group);
      expect(ours.map((r) => r.parameters.map((p) => p.type))).toEqual([["Sharing", "SolutionChecker", "Lifecycle"]]);
      expect((result as { rules: unknown }).rules).toEqual({
        ...GROUP_RULES,
        solutionChecker: { mode: "block", ruleOverrides: [], suppressValidationEmails: false },
      });
    },
  }),
  define<Groups>({
    ...ruleSetOperations,
    name: "deleteEnvironmentGroupRuleSet",
    method: "deleteEnvironmentGroupRuleSet",
    target: { method: "DELETE", path: `${PPAPI}/tenant/*/governance/ruleSets/*` },
    setup: (w) => groupWorld(w, { ruleSets: true }),
    run: (client, c) => client.deleteEnvironmentGroupRuleSet(c.group),
    delta: -1,
    converged(s, c) {
      expect(Object.values(s.environmentGroupRuleSets).filter((r) => r.groupId === c.group)).toEqual([]);
    },
  }),
  define<GroupEnv>({
    ...membershipOperations,
    name: "addEnvironmentToGroup",
    method: "addEnvironmentToGroup",
    lifecycle: "lifecycle",
    target: { method: "PATCH", path: `${BAP}/scopes/admin/environments/*` },
    setup: (w) => groupWorld(w, { env: true }),
    run: (client, c) => client.addEnvironmentToGroup(c.group, c.env),
    converged(s, c) {
      expect(s.environments[c.env]?.properties.parentEnvironmentGroup).toEqual({ id: c.group });
    },
  }),
  define<GroupEnv>({
    ...membershipOperations,
    name: "removeEnvironmentFromGroup",
    method: "removeEnvironmentFromGroup",
    lifecycle: "none",
    target: { method: "POST", path: `${PPAPI}/tenant/*/environmentmanagement/environmentGroups/*/removeEnvironment/*` },
    setup: (w) => groupWorld(w, { env: true, member: true }),
    run: (client, c) => client.removeEnvironmentFromGroup(c.group, c.env),
    converged(s, c) {
      expect(s.environments[c.env]?.properties.parentEnvironmentGroup).toBeUndefined();
    },
  }),
  define<Billing>({
    ...policyOperations,
    name: "createBillingPolicy (another team's policy has the same name, subscription and resource group)",
    method: "createBillingPolicy",
    target: { method: "POST", path: `${PPAPI}/licensing/BillingPolicies` },
    setup: (w) => billing(w, false),
    run: (client) => client.createBillingPolicy(POLICY_INPUT),
    delta: 1,
    converged(s, c, result) {
      const id = idOf(result) as string;
      expect(Object.keys(s.billingPolicies).sort()).toEqual([c.foreign, id].sort());
      expect(result).toMatchObject({ name: "copilot-pilots", status: "Enabled" });
      expect(s.billingPolicies[id]).toMatchObject({ name: "copilot-pilots", status: "Enabled", location: "europe" });
    },
  }),
  define<Billing>({
    ...policyOperations,
    name: "updateBillingPolicy",
    method: "updateBillingPolicy",
    target: { method: "PUT", path: `${PPAPI}/licensing/billingPolicies/*` },
    setup: (w) => billing(w),
    run: (client, c) => client.updateBillingPolicy(c.policy, { name: "pilots", status: "Disabled" }),
    delta: 0,
    converged(s, c) {
      expect(s.billingPolicies[c.policy]).toMatchObject({ name: "pilots", status: "Disabled" });
    },
  }),
  define<Billing>({
    ...policyOperations,
    name: "deleteBillingPolicy",
    method: "deleteBillingPolicy",
    target: { method: "DELETE", path: `${PPAPI}/licensing/BillingPolicies/*` },
    setup: (w) => billing(w),
    run: (client, c) => client.deleteBillingPolicy(c.policy),
    delta: -1,
    converged(s, c) {
      expect(Object.keys(s.billingPolicies)).toEqual([c.foreign]);
    },
  }),
  define<Billing>({
    ...policyOperations,
    name: "addBillingPolicyEnvironments",
    method: "addBillingPolicyEnvironments",
    target: { method: "POST", path: `${PPAPI}/licensing/billingPolicies/*/environments/add` },
    setup: (w) => billing(w),
    run: (client, c) => client.addBillingPolicyEnvironments(c.policy, [c.env]),
    delta: 0,
    converged(s, c, result) {
      expect(result).toEqual([c.env]);
      expect(s.environments[c.env]?.properties.billingPolicy).toEqual({ id: c.policy });
    },
  }),
  define<Billing>({
    ...policyOperations,
    name: "removeBillingPolicyEnvironments",
    method: "removeBillingPolicyEnvironments",
    target: { method: "POST", path: `${PPAPI}/licensing/billingPolicies/*/environments/remove` },
    setup: (w) => billing(w, true, true),
    run: (client, c) => client.removeBillingPolicyEnvironments(c.policy, [c.env]),
    delta: 0,
    converged(s, c, result) {
      expect(result).toEqual([]);
      expect(s.environments[c.env]?.properties.billingPolicy).toBeUndefined();
    },
  }),
];

/** The clients of a world: ours and a user as {@link APP}, and another team's service principal. */
export function worldClients(emulator: Emulator, clock: VirtualClock): Omit<World, "emulator" | "clock"> {
  return {
    ours: clientFor(emulator, { clock }).client,
    user: clientFor(emulator, { clock, kind: "user" }).client,
    theirs: clientFor(emulator, {
      clock,
      credential: emulatorCredential({ appId: OTHER_TEAM, objectId: OTHER_TEAM_OID }),
    }).client,
  };
}
