import { DEFAULT_APP_ID, DEFAULT_TENANT_ID, type Emulator, startEmulator } from "@govai/emulator";
import type { ServiceError } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { environmentInputs, managedInputs } from "./fixtures.ts";
import { DIFF, initFailure, launch, type Plugin, urnOf } from "./harness.ts";

// EnvironmentGroup, EnvironmentGroupRuleSet and an Environment joining and leaving a group, driven over gRPC as the
// engine drives them (Check → Diff → Create → Read → Update → Delete) against the emulator, with faults: a lost
// create answer, another team's group of the same name, bad rules. Rule types and value ids as recorded for the
// Terraform provider (internal/services/environment_group_rule_set/tests/Validate_Create/get_rule_set.json); a group
// with members refused on delete (internal/services/environment_groups/api_environment_group.go, 409
// EnvironmentsInEnvironmentGroup).

let emulator: Emulator;
let plugin: Plugin;
const GROUP_URN = urnOf("EnvironmentGroup", "developer");
const RULES_URN = urnOf("EnvironmentGroupRuleSet", "developer");
const GROUPS = "/bap/providers/Microsoft.BusinessAppPlatform/environmentGroups";
const OTHER_TEAM = "0a1b2c3d-0000-4000-8000-00000000c003";
const AGENTS =
  "rules.sharing.agents cannot be written: the rule set's wire names for agent sharing are not known (reference §12.2); set agent sharing per environment instead";

beforeAll(async () => {
  emulator = await startEmulator({
    seed: 13,
    adminApplications: [DEFAULT_APP_ID],
    timing: { metadataHiddenGets: 0, managementRunningGets: 0 },
  });
  plugin = await launch({
    GOVAI_POWERPLATFORM_ENDPOINTS: JSON.stringify(emulator.endpoints),
    GOVAI_POWERPLATFORM_EMULATOR_IDENTITY: `app:${DEFAULT_APP_ID}`,
    AZURE_TENANT_ID: DEFAULT_TENANT_ID,
  });
});
afterAll(async () => {
  plugin?.stop();
  await emulator?.close();
});

const mutating = () => emulator.log.entries.filter((e) => e.method !== "GET");
async function checked(urn: string, news: object): Promise<Record<string, unknown>> {
  const r = await plugin.check(urn, news);
  expect(r.failures).toEqual([]);
  return r.inputs;
}
function grpcError(p: Promise<unknown>): Promise<ServiceError> {
  return p.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: ServiceError) => e,
  );
}
const groupsNamed = (name: string) =>
  Object.values(emulator.state.environmentGroups).filter((g) => g.displayName === name);

const RULES = {
  sharing: { apps: { groupSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxUsers: 20 } },
  solutionChecker: { mode: "block", ruleOverrides: [], suppressValidationEmails: true },
  usageInsights: true,
  backupRetentionDays: 14,
  generativeAi: { moveDataAcrossRegions: false, bingSearch: false },
};

describe("environment groups over gRPC", () => {
  let groupId = "";
  let groupState: Record<string, unknown> = {};
  let rulesState: Record<string, unknown> = {};
  let envId = "";
  let envState: Record<string, unknown> = {};
  let envInputs: Record<string, unknown> = {};

  it("EnvironmentGroup: check, create, read, import, diff, update in place", async () => {
    const inputs = await checked(GROUP_URN, { displayName: "Developer environments" });
    expect(inputs).toEqual({ displayName: "Developer environments", description: "" });
    const created = await plugin.create(GROUP_URN, inputs);
    groupId = created.id;
    groupState = created.props;
    expect(groupState).toEqual({ ...inputs, groupId });
    expect(await plugin.read(GROUP_URN, groupId, groupState)).toEqual({ id: groupId, props: groupState, inputs });
    expect(await plugin.read(GROUP_URN, groupId, {})).toEqual({ id: groupId, props: groupState, inputs });
    const described = await checked(GROUP_URN, { displayName: "Developer environments", description: "Makers" });
    expect(await plugin.diff(GROUP_URN, groupId, groupState, described)).toEqual({
      changes: DIFF.SOME,
      replaces: [],
      deleteBeforeReplace: false,
    });
    groupState = await plugin.update(GROUP_URN, groupId, groupState, described);
    expect(groupState).toEqual({ ...described, groupId });
    expect(emulator.state.environmentGroups[groupId]?.description).toBe("Makers");
  });

  it("EnvironmentGroupRuleSet: bad rules are refused by Check with exact messages and no request", async () => {
    const before = emulator.log.entries.length;
    const r = await plugin.check(RULES_URN, {
      groupId,
      rules: {
        ...RULES,
        sharing: {
          ...RULES.sharing,
          agents: { editorSharingDisabled: true, mode: "noLimit", maxViewers: 5 },
        },
        backupRetentionDays: 30,
      },
    });
    expect(r.failures).toEqual([
      { property: "rules.backupRetentionDays", reason: "backupRetentionDays must be 7, 14, 21 or 28" },
      { property: "rules.sharing.agents", reason: AGENTS },
    ]);
    expect(emulator.log.entries.length).toBe(before);
  });

  it("EnvironmentGroupRuleSet: create, read, drift, update, and the group id replaces it", async () => {
    const inputs = await checked(RULES_URN, { groupId: groupId.toUpperCase(), rules: RULES });
    expect(inputs).toEqual({ groupId, rules: RULES });
    const created = await plugin.create(RULES_URN, inputs);
    expect(created.id).toBe(groupId);
    rulesState = created.props;
    const ruleSetId = rulesState.ruleSetId as string;
    expect(rulesState).toEqual({ ...inputs, ruleSetId });
    expect(emulator.state.environmentGroupRuleSets[ruleSetId]?.parameters.map((p) => p.type)).toEqual([
      "Sharing",
      "AdminDigest",
      "SolutionChecker",
      "Lifecycle",
      "GenerativeAISettings",
    ]);
    expect(await plugin.read(RULES_URN, groupId, rulesState)).toEqual({ id: groupId, props: rulesState, inputs });
    // Someone turns solution checker down to warn in the admin centre.
    const checker = emulator.state.environmentGroupRuleSets[ruleSetId]!.parameters.find(
      (p) => p.type === "SolutionChecker",
    ) as { value: Array<{ id: string; value: string }> };
    checker.value.find((v) => v.id === "solutionCheckerMode")!.value = "warn";
    const drifted = await plugin.read(RULES_URN, groupId, rulesState);
    expect((drifted.inputs.rules as typeof RULES).solutionChecker.mode).toBe("warn");
    expect(await plugin.diff(RULES_URN, groupId, drifted.props, inputs)).toEqual({
      changes: DIFF.SOME,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const stricter = await checked(RULES_URN, { groupId, rules: { ...RULES, backupRetentionDays: 28 } });
    rulesState = await plugin.update(RULES_URN, groupId, drifted.props, stricter);
    expect((await plugin.read(RULES_URN, groupId, rulesState)).inputs).toEqual(stricter);
    expect(
      await plugin.diff(RULES_URN, groupId, rulesState, { ...stricter, groupId: DEFAULT_TENANT_ID }),
    ).toMatchObject({ changes: DIFF.SOME, replaces: ["groupId"] });
  });

  it("Environment: joins the group in place; a ManagedEnvironment is then refused, and the group cannot be deleted", async () => {
    envInputs = await checked(urnOf("Environment", "dev"), {
      ...environmentInputs,
      dataverse: { ...environmentInputs.dataverse, domain: "grouped-dev" },
    });
    const created = await plugin.create(urnOf("Environment", "dev"), envInputs);
    envId = created.id;
    envState = created.props;
    const joined = await checked(urnOf("Environment", "dev"), { ...envInputs, environmentGroupId: groupId });
    expect(await plugin.diff(urnOf("Environment", "dev"), envId, envState, joined)).toEqual({
      changes: DIFF.SOME,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const before = mutating().length;
    envState = await plugin.update(urnOf("Environment", "dev"), envId, envState, joined);
    expect(
      mutating()
        .slice(before)
        .map((e) => [e.route, e.body]),
    ).toEqual([["environments.update", { properties: { parentEnvironmentGroup: { id: groupId } } }]]);
    expect(envState.environmentGroupId).toBe(groupId);
    expect((await plugin.read(urnOf("Environment", "dev"), envId, envState)).inputs).toEqual(joined);

    const me = await checked(urnOf("ManagedEnvironment", "dev"), managedInputs(envId));
    const refused = await grpcError(plugin.create(urnOf("ManagedEnvironment", "dev"), me));
    expect(refused.details).toBe(
      `environment ${envId} is in environment group ${groupId}, whose rules own its managed-environment settings; set sharing, solution checker, usage insights and maker welcome on the group's rule set instead, or remove the environment from the group (Environment.environmentGroupId)`,
    );
    expect(initFailure(refused)).toBeUndefined();

    const kept = await grpcError(plugin.delete(GROUP_URN, groupId, groupState));
    expect(kept.details).toBe(
      `environment group ${groupId} still holds environment ${envId}, so it was not deleted; take it out of the group first (Environment.environmentGroupId, or delete the environment), then delete the group again`,
    );
    expect(emulator.state.environmentGroups[groupId]).toBeDefined();
    expect(emulator.state.environments[envId]?.properties.parentEnvironmentGroup).toEqual({ id: groupId });
  });

  it("Environment: leaves the group with removeEnvironment; a ManagedEnvironment then governs it; delete everything", async () => {
    const before = mutating().length;
    envState = await plugin.update(urnOf("Environment", "dev"), envId, envState, envInputs);
    expect(
      mutating()
        .slice(before)
        .map((e) => e.route),
    ).toEqual(["environmentGroups.removeEnvironment"]);
    expect(emulator.state.environments[envId]?.properties.parentEnvironmentGroup).toBeUndefined();
    expect((await plugin.read(urnOf("Environment", "dev"), envId, envState)).inputs).toEqual(envInputs);
    // Governance does not silently go with the group: the stage declares a ManagedEnvironment, which now applies.
    const meUrn = urnOf("ManagedEnvironment", "dev");
    const me = await plugin.create(meUrn, await checked(meUrn, managedInputs(envId)));
    expect(emulator.state.environments[envId]?.properties.governanceConfiguration.protectionLevel).toBe("Standard");
    await plugin.delete(meUrn, envId, me.props);

    await plugin.delete(RULES_URN, groupId, rulesState);
    expect(Object.values(emulator.state.environmentGroupRuleSets).filter((r) => r.groupId === groupId)).toEqual([]);
    expect(await plugin.read(RULES_URN, groupId, rulesState)).toEqual({ id: "", props: {}, inputs: {} });
    await plugin.delete(GROUP_URN, groupId, groupState);
    expect(emulator.state.environmentGroups[groupId]).toBeUndefined();
    expect(await plugin.read(GROUP_URN, groupId, groupState)).toEqual({ id: "", props: {}, inputs: {} });
    await plugin.delete(urnOf("Environment", "dev"), envId, envState);
  });
});

describe("environment group faults over gRPC", () => {
  it("a lost create answer: one group, and the next run's create adopts it without a second POST", async () => {
    const urn = urnOf("EnvironmentGroup", "lost");
    const inputs = await checked(urn, { displayName: "Lost answer" });
    emulator.faults.add({ method: "POST", path: GROUPS, kind: "dropResponse", times: 1 });
    const created = await plugin.create(urn, inputs);
    expect(groupsNamed("Lost answer").map((g) => g.id)).toEqual([created.id]);
    const posts = emulator.log.find({ route: "environmentGroups.create" }).length;
    expect(await plugin.create(urn, inputs)).toEqual(created);
    expect(emulator.log.find({ route: "environmentGroups.create" }).length).toBe(posts);
    expect(groupsNamed("Lost answer").map((g) => g.id)).toEqual([created.id]);
    await plugin.delete(urn, created.id, created.props);
  });

  it("another team's group of the same name is never adopted, even when the create's outcome is unknown", async () => {
    const foreign = "5c4d3e2f-1a0b-4c9d-8e7f-6a5b4c3d2e1f";
    emulator.state.environmentGroups[foreign] = {
      id: foreign,
      displayName: "Shared name",
      description: "Team B",
      createdTime: "2026-01-01T00:00:00Z",
      createdBy: { id: OTHER_TEAM, type: "ServicePrincipal" },
      assignedPolicyId: null,
    };
    const stored = structuredClone(emulator.state.environmentGroups[foreign]);
    const urn = urnOf("EnvironmentGroup", "shared");
    const inputs = await checked(urn, { displayName: "Shared name" });
    emulator.faults.add({ method: "POST", path: GROUPS, kind: "reset", times: 1 });
    const e = await grpcError(plugin.create(urn, inputs));
    expect(e.details).toContain(
      `1 environment group has the same display name but not this marker, so it was not adopted: ${foreign} (created by ${OTHER_TEAM} at 2026-01-01T00:00:00Z).`,
    );
    expect(initFailure(e)).toBeUndefined();
    expect(groupsNamed("Shared name").map((g) => g.id)).toEqual([foreign]);
    const created = await plugin.create(urn, inputs);
    expect(created.id).not.toBe(foreign);
    expect(
      groupsNamed("Shared name")
        .map((g) => g.id)
        .sort(),
    ).toEqual([created.id, foreign].sort());
    expect(emulator.state.environmentGroups[foreign]).toEqual(stored);
    await plugin.delete(urn, created.id, created.props);
    delete emulator.state.environmentGroups[foreign];
  });

  it("hit only routes the emulator serves", () => {
    expect(emulator.log.unmatched).toEqual([]);
  });
});
