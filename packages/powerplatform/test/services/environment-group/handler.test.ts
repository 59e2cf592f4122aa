/**
 * The EnvironmentGroup and EnvironmentGroupRuleSet resources, and an Environment's group membership, in-process
 * through the provider, on the real client, against the emulator: Check with exact messages before any request,
 * create / read / drift / update / delete with the exact bodies, a lost create answer (one group), another team's
 * group of the same name (never adopted), delete refused while environments are in the group, rule types the
 * resource does not manage kept. Rule types and value ids as the service recorded them for the Terraform provider
 * (internal/services/environment_group_rule_set/tests/Validate_Create/get_rule_set.json); the group DELETE's 409
 * EnvironmentsInEnvironmentGroup as its client reads it (internal/services/environment_groups/api_environment_group.go).
 */
import { type Emulator, emulatorCredential } from "@govai/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { ownerKey } from "../../../src/client/owner-key.ts";
import { clientPort } from "../../../src/provider/client-port.ts";
import { computeDiff } from "../../../src/provider/diff.ts";
import { makeProvider } from "../../../src/provider/provider.ts";
import { APP, clientFor, devInput, id, start } from "../../client/support.ts";

const GROUP_URN = "urn:pulumi:dev::baseline::govai:powerplatform:EnvironmentGroup::developer";
const RULES_URN = "urn:pulumi:dev::baseline::govai:powerplatform:EnvironmentGroupRuleSet::developer";
const ENV_URN = "urn:pulumi:dev::claims::govai:powerplatform:Environment::dev";
const GROUPS = "/bap/providers/Microsoft.BusinessAppPlatform/environmentGroups";
/** Another team's service principal. */
const OTHER_TEAM = "0a1b2c3d-0000-4000-8000-00000000c003";
const GROUP = { displayName: "Developer environments", description: "Where makers build" };

let emulator: Emulator;
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

async function setup() {
  emulator = await start({
    adminApplications: [APP, OTHER_TEAM],
    clock: () => new Date("2026-01-01T00:00:00.000Z"),
  });
  const { client } = clientFor(emulator);
  const provider = makeProvider(() => clientPort(client));
  const checked = async (urn: string, news: object) => {
    const r = await provider.check!(urn, {}, news);
    expect(r.failures).toEqual([]);
    return r.inputs as Record<string, unknown>;
  };
  return { client, provider, checked };
}

const routes = () => emulator.log.entries.map((e) => `${e.method} ${e.route} ${e.status}`);
const bodies = (route: string) => emulator.log.find({ route }).map((e) => e.body);

describe("EnvironmentGroup", () => {
  it("Check spells the description out and refuses bad input with exact messages, before any request", async () => {
    const { provider, checked } = await setup();
    expect(await checked(GROUP_URN, { displayName: "Developer environments" })).toEqual({
      displayName: "Developer environments",
      description: "",
    });
    const r = await provider.check!(GROUP_URN, {}, { displayName: " ", description: "x [govai-create:1]", color: 1 });
    expect(r.failures).toEqual([
      { property: "displayName", reason: "displayName must not be empty" },
      { property: "description", reason: "description must not contain [govai-create:, which marks creates" },
      { property: "", reason: 'Unrecognized key: "color"; remove it' },
    ]);
    expect(emulator.log.entries).toEqual([]);
  });

  it("create carries this URN's owner key; read, import, drift, update in place, delete", async () => {
    const { provider, checked } = await setup();
    const inputs = await checked(GROUP_URN, GROUP);
    const created = await provider.create!(GROUP_URN, inputs);
    expect(created).toEqual({ id: id(1), outs: { ...inputs, groupId: id(1) } });
    expect(routes()).toEqual(["GET environmentGroups.list 200", "POST environmentGroups.create 201"]);
    const sent = bodies("environmentGroups.create") as Array<{ displayName: string; description: string }>;
    expect(sent).toEqual([
      {
        displayName: "Developer environments",
        description: expect.stringMatching(
          new RegExp(`^Where makers build \\[govai-create:${ownerKey(GROUP_URN)}:[0-9a-f-]{36}\\]$`),
        ),
      },
    ]);
    expect(await provider.read!(id(1), GROUP_URN, created.outs)).toEqual({ id: id(1), props: created.outs, inputs });
    // Import: the id alone gives the inputs back (the marker is never shown).
    expect(await provider.read!(id(1), GROUP_URN, {})).toEqual({ id: id(1), props: created.outs, inputs });
    // Renamed in the admin centre: Read shows it, Diff proposes the fix in place.
    emulator.state.environmentGroups[id(1)]!.displayName = "Dev";
    const drifted = await provider.read!(id(1), GROUP_URN, created.outs);
    expect(drifted.inputs).toEqual({ ...inputs, displayName: "Dev" });
    expect(await provider.diff!(id(1), GROUP_URN, drifted.props, inputs)).toMatchObject({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const renamed = { ...inputs, description: "Makers' sandboxes" };
    expect((await provider.update!(id(1), GROUP_URN, drifted.props, renamed)).outs).toEqual({
      ...renamed,
      groupId: id(1),
    });
    expect(bodies("environmentGroups.update")).toEqual([
      { displayName: "Developer environments", description: "Makers' sandboxes" },
    ]);
    await provider.delete!(id(1), GROUP_URN, created.outs);
    expect(emulator.state.environmentGroups).toEqual({});
    expect(await provider.read!(id(1), GROUP_URN, created.outs)).toEqual({ id: "", props: {} });
  });

  it("a create whose answer is lost makes one group, and a later run's create adopts it: no second POST", async () => {
    const { provider, checked } = await setup();
    emulator.faults.add({ method: "POST", path: GROUPS, kind: "dropResponse", times: 1 });
    const inputs = await checked(GROUP_URN, GROUP);
    const created = await provider.create!(GROUP_URN, inputs);
    expect(created.id).toBe(id(1));
    expect(Object.keys(emulator.state.environmentGroups)).toEqual([id(1)]);
    // The engine never recorded it (say the plugin died): the next run's create finds it by the owner key.
    expect(await provider.create!(GROUP_URN, inputs)).toEqual(created);
    expect(Object.keys(emulator.state.environmentGroups)).toEqual([id(1)]);
    expect(bodies("environmentGroups.create")).toHaveLength(1);
  });

  it("another team's group of the same name is never adopted, not even after a lost answer; it is left as it was", async () => {
    const { provider, checked } = await setup();
    const theirs = clientFor(emulator, {
      credential: emulatorCredential({ appId: OTHER_TEAM, objectId: OTHER_TEAM }),
    }).client;
    const foreign = await theirs.createEnvironmentGroup(GROUP);
    const before = structuredClone(emulator.state.environmentGroups[foreign.id]);
    emulator.log.clear();
    // A reset: the POST never reached the service, and the only group of that name is theirs.
    emulator.faults.add({ method: "POST", path: GROUPS, kind: "reset", times: 1 });
    const inputs = await checked(GROUP_URN, GROUP);
    await expect(provider.create!(GROUP_URN, inputs)).rejects.toThrow(
      `1 environment group has the same display name but not this marker, so it was not adopted: ${foreign.id} (created by ${OTHER_TEAM}`,
    );
    expect(Object.keys(emulator.state.environmentGroups)).toEqual([foreign.id]);
    // Run again: a group of its own.
    const created = await provider.create!(GROUP_URN, inputs);
    expect(created.id).toBe(id(2));
    expect(Object.keys(emulator.state.environmentGroups).sort()).toEqual([foreign.id, id(2)]);
    expect(emulator.state.environmentGroups[foreign.id]).toEqual(before);
  });

  it("delete is refused, naming the environments, while some are in the group; they stay in it", async () => {
    const { client, provider, checked } = await setup();
    const created = await provider.create!(GROUP_URN, await checked(GROUP_URN, GROUP));
    const env = (await client.createEnvironment(devInput("grouped"))).id;
    await client.addEnvironmentToGroup(created.id, env);
    await expect(provider.delete!(created.id, GROUP_URN, created.outs)).rejects.toThrow(
      `environment group ${created.id} still holds environment ${env}, so it was not deleted; take it out of the group first (Environment.environmentGroupId, or delete the environment), then delete the group again`,
    );
    expect(Object.keys(emulator.state.environmentGroups)).toEqual([created.id]);
    expect(emulator.state.environments[env]?.properties.parentEnvironmentGroup).toEqual({ id: created.id });
    expect(emulator.log.find({ route: "environmentGroups.removeEnvironment" })).toEqual([]);
    // Once the environment has left (its own Environment resource says so), the delete goes through.
    await client.removeEnvironmentFromGroup(created.id, env);
    await provider.delete!(created.id, GROUP_URN, created.outs);
    expect(emulator.state.environmentGroups).toEqual({});
  });
});

const AGENTS =
  "rules.sharing.agents cannot be written: the rule set's wire names for agent sharing are not known (reference §12.2); set agent sharing per environment instead";

const RULES = {
  sharing: { apps: { groupSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxUsers: 20 } },
  solutionChecker: { mode: "block", ruleOverrides: ["meta-b", "Meta-A"], suppressValidationEmails: true },
  usageInsights: true,
  makerWelcome: { markdown: "## Welcome", url: "https://contoso.com/makers" },
  backupRetentionDays: 14,
  generativeAi: { moveDataAcrossRegions: false, bingSearch: false },
};

/** The recorded rule list for RULES (Validate_Create/get_rule_set.json's types and value ids). */
const WIRE = [
  {
    type: "Sharing",
    resourceType: "App",
    value: [
      { id: "CanShareWithSecurityGroups", value: "excludeSharingToSecurityGroups" },
      { id: "IsGroupSharingDisabled", value: "true" },
      { id: "MaximumShareLimit", value: "20" },
    ],
    hasStagedChanges: true,
  },
  {
    type: "AdminDigest",
    resourceType: "NotSpecified",
    value: [
      { id: "IncludeOnHomePageInsights", value: "false" },
      { id: "ExcludeEnvironmentFromAnalysis", value: "false" },
    ],
    hasStagedChanges: true,
  },
  {
    type: "MakerOnboarding",
    resourceType: "NotSpecified",
    value: [
      { id: "makerOnboardingUrl", value: "https://contoso.com/makers" },
      { id: "makerOnboardingMarkdown", value: "## Welcome" },
      { id: "makerOnboardingTimestamp", value: "Thu, 01 Jan 2026 00:00:00 GMT" },
    ],
    hasStagedChanges: true,
  },
  {
    type: "SolutionChecker",
    resourceType: "NotSpecified",
    value: [
      { id: "solutionCheckerMode", value: "block" },
      { id: "suppressValidationEmails", value: "true" },
      { id: "solutionCheckerRuleOverrides", value: "Meta-A,meta-b" },
    ],
    hasStagedChanges: true,
  },
  {
    type: "Lifecycle",
    resourceType: "NotSpecified",
    value: [{ id: "RetentionPeriod", value: "14.00:00:00" }],
    hasStagedChanges: true,
  },
  {
    type: "GenerativeAISettings",
    resourceType: "NotSpecified",
    value: [
      { id: "crossGeoCopilotDataMovementEnabled", value: "false" },
      { id: "bingChatEnabled", value: "false" },
    ],
    hasStagedChanges: true,
  },
];

describe("EnvironmentGroupRuleSet", () => {
  it("Check normalises and refuses agent sharing and bad rules with exact messages, before any request", async () => {
    const { provider, checked } = await setup();
    expect(await checked(RULES_URN, { groupId: id(1).toUpperCase(), rules: RULES })).toEqual({
      groupId: id(1),
      rules: { ...RULES, solutionChecker: { ...RULES.solutionChecker, ruleOverrides: ["Meta-A", "meta-b"] } },
    });
    const r = await provider.check!(
      RULES_URN,
      {},
      {
        groupId: "dev",
        rules: {
          sharing: {
            apps: RULES.sharing.apps,
            agents: { editorSharingDisabled: true, mode: "noLimit", maxViewers: 5 },
          },
          backupRetentionDays: 10,
          makerWelcome: { markdown: "hi", url: "http://contoso.com" },
        },
      },
    );
    expect(r.failures).toEqual([
      { property: "groupId", reason: "groupId must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)" },
      { property: "rules.makerWelcome.url", reason: "makerWelcome.url must be an https URL" },
      { property: "rules.backupRetentionDays", reason: "backupRetentionDays must be 7, 14, 21 or 28" },
      { property: "rules.sharing.agents", reason: AGENTS },
    ]);
    // Agent sharing alone: refused by Check with the client's reason.
    const agents = await provider.check!(
      RULES_URN,
      {},
      {
        groupId: id(1),
        rules: {
          sharing: {
            apps: RULES.sharing.apps,
            agents: { editorSharingDisabled: true, mode: "noLimit", maxViewers: 5 },
          },
        },
      },
    );
    expect(agents.failures).toEqual([{ property: "rules.sharing.agents", reason: AGENTS }]);
    expect(emulator.log.entries).toEqual([]);
  });

  it("create writes the recorded rule list; read, import and drift; update keeps an unmanaged rule type; delete removes only the managed rules", async () => {
    const { client, provider, checked } = await setup();
    const group = (await client.createEnvironmentGroup(GROUP)).id;
    const inputs = await checked(RULES_URN, { groupId: group, rules: RULES });
    const created = await provider.create!(RULES_URN, inputs);
    expect(created).toEqual({ id: group, outs: { ...inputs, ruleSetId: id(2) } });
    expect(bodies("ruleSets.create")).toEqual([
      {
        lastModified: "2026-01-01T00:00:00.000Z",
        environmentFilter: { type: "Include", values: [{ id: group, type: "EnvironmentGroup" }] },
        parameters: WIRE,
      },
    ]);
    expect(await provider.read!(group, RULES_URN, created.outs)).toEqual({ id: group, props: created.outs, inputs });
    expect(await provider.read!(group, RULES_URN, {})).toEqual({ id: group, props: created.outs, inputs });
    // Someone shortens the backup retention in the admin centre, and adds a rule type this resource does not manage.
    const stored = emulator.state.environmentGroupRuleSets[id(2)]!;
    const lifecycle = stored.parameters.find((p) => p.type === "Lifecycle") as { value: Array<{ value: string }> };
    lifecycle.value[0]!.value = "7.00:00:00";
    stored.parameters.push({
      type: "Copilot",
      resourceType: "NotSpecified",
      value: [{ id: "DisableAiGeneratedDescriptions", value: "true" }],
    });
    const drifted = await provider.read!(group, RULES_URN, created.outs);
    expect(drifted.inputs).toEqual({ ...inputs, rules: { ...(inputs.rules as object), backupRetentionDays: 7 } });
    expect(await provider.diff!(group, RULES_URN, drifted.props, inputs)).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(await provider.diff!(group, RULES_URN, inputs, { ...inputs, groupId: id(9) })).toMatchObject({
      replaces: ["groupId"],
    });
    // The update drops the welcome content and restores the retention; the Copilot rule stays as it is.
    const { makerWelcome: _, ...fewer } = inputs.rules as Record<string, unknown>;
    const news = { ...inputs, rules: fewer };
    expect((await provider.update!(group, RULES_URN, drifted.props, news)).outs).toEqual({
      ...news,
      ruleSetId: id(2),
    });
    const put = bodies("ruleSets.update") as Array<{ parameters: Array<{ type: string }> }>;
    expect(put.map((b) => b.parameters.map((p) => p.type))).toEqual([
      ["Sharing", "AdminDigest", "SolutionChecker", "Lifecycle", "GenerativeAISettings", "Copilot"],
    ]);
    expect(put[0]?.parameters.find((p) => p.type === "Lifecycle")).toEqual(WIRE[4]);
    expect((await provider.read!(group, RULES_URN, created.outs)).inputs).toEqual(news);
    await provider.delete!(group, RULES_URN, created.outs);
    expect(stored.parameters).toEqual([
      {
        type: "Copilot",
        resourceType: "NotSpecified",
        value: [{ id: "DisableAiGeneratedDescriptions", value: "true" }],
      },
    ]);
    expect(emulator.log.find({ route: "ruleSets.delete" })).toEqual([]);
  });

  it("a group that does not exist is refused before any rule-set request; a deleted group's rule set reads gone", async () => {
    const { client, provider, checked } = await setup();
    const inputs = await checked(RULES_URN, { groupId: id(7), rules: { usageInsights: true } });
    await expect(provider.create!(RULES_URN, inputs)).rejects.toThrow(
      `environment group ${id(7)} does not exist; create it first (EnvironmentGroup)`,
    );
    expect(routes()).toEqual(["GET environmentGroups.get 404"]);
    const group = (await client.createEnvironmentGroup(GROUP)).id;
    const created = await provider.create!(RULES_URN, { ...inputs, groupId: group });
    await client.deleteEnvironmentGroup(group);
    expect(await provider.read!(group, RULES_URN, created.outs)).toEqual({ id: "", props: {} });
    emulator.log.clear();
    await provider.delete!(group, RULES_URN, created.outs);
    expect(routes()).toEqual(["GET environmentGroups.get 404"]);
  });
});

describe("Environment group membership", () => {
  it("joins with an environment PATCH, moves with another, leaves with removeEnvironment; each in place", async () => {
    const { client, provider, checked } = await setup();
    const first = (await client.createEnvironmentGroup(GROUP)).id;
    const second = (await client.createEnvironmentGroup({ displayName: "Test environments" })).id;
    const input = devInput("member");
    const plain = await checked(ENV_URN, {
      displayName: input.displayName,
      description: input.description,
      environmentType: input.type,
      location: input.location,
      azureRegion: input.azureRegion,
      dataverse: { language: 1033, currency: "EUR", domain: "member" },
    });
    const created = await provider.create!(ENV_URN, plain);
    const env = created.id;
    let state = created.outs;
    const joined = await checked(ENV_URN, { ...plain, environmentGroupId: first.toUpperCase() });
    expect(await provider.diff!(env, ENV_URN, state, joined)).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    // What the engine shows: an update of environmentGroupId alone.
    expect(computeDiff("Environment", state, joined).changed).toEqual(["environmentGroupId"]);
    emulator.log.clear();
    state = (await provider.update!(env, ENV_URN, state, joined)).outs;
    expect(bodies("environments.update")).toEqual([{ properties: { parentEnvironmentGroup: { id: first } } }]);
    expect(state.environmentGroupId).toBe(first);
    const moved = { ...joined, environmentGroupId: second };
    state = (await provider.update!(env, ENV_URN, state, moved)).outs;
    expect(bodies("environments.update")).toEqual([
      { properties: { parentEnvironmentGroup: { id: first } } },
      { properties: { parentEnvironmentGroup: { id: second } } },
    ]);
    const left = await checked(ENV_URN, { ...plain, environmentGroupId: "00000000-0000-0000-0000-000000000000" });
    expect(left).toEqual(plain);
    state = (await provider.update!(env, ENV_URN, state, left)).outs;
    // Leaving is the service's removeEnvironment, not a PATCH with the zero GUID.
    expect(bodies("environments.update")).toHaveLength(2);
    expect(emulator.log.find({ route: "environmentGroups.removeEnvironment" }).map((e) => e.path)).toEqual([
      `/ppapi/tenant/4f6c7b1e0d3a4c559e1a7a1c2b3d4e.5f/environmentmanagement/environmentGroups/${second}/removeEnvironment/${env}?api-version=1`,
    ]);
    expect(emulator.state.environments[env]?.properties.parentEnvironmentGroup).toBeUndefined();
    expect((await provider.read!(env, ENV_URN, state)).inputs).toEqual(plain);
  });
});
