/**
 * Environment-group rule sets (reference §12.2) and membership: the exact rule list the client sends, in the rule
 * types and value ids the service recorded for the Terraform provider
 * (internal/services/environment_group_rule_set/tests/Validate_Create/get_rule_set.json), kept unknown rule types,
 * the tenant-scoped URL, and an environment joining (PATCH parentEnvironmentGroup) and leaving (removeEnvironment,
 * internal/services/environment_groups/api_environment_group.go) a group.
 */
import type { Emulator } from "@govai/emulator";
import { afterEach, describe, expect, it } from "vitest";
import type { ClientCore } from "../../../src/client/core.ts";
import { tenantApiBase } from "../../../src/services/environment-group/tenant-host.ts";
import { clientFor, devInput, id, start } from "../../client/support.ts";

let emulator: Emulator;
let started = false;
afterEach(async () => {
  if (!started) return; // the URL test starts none
  started = false;
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

const RULES = {
  sharing: { apps: { groupSharingDisabled: true, mode: "excludeSharingToSecurityGroups" as const, maxUsers: 42 } },
  usageInsights: false,
  makerWelcome: { markdown: "## Welcome", url: "https://contoso.com/onboarding" },
  solutionChecker: { mode: "block" as const, suppressValidationEmails: true },
  backupRetentionDays: 21 as const,
  generativeAi: { moveDataAcrossRegions: true, bingSearch: false },
};

/** What the provider's recorded rule set holds for RULES (its timestamp is this test's clock). */
const WIRE = [
  {
    type: "Sharing",
    resourceType: "App",
    value: [
      { id: "CanShareWithSecurityGroups", value: "excludeSharingToSecurityGroups" },
      { id: "IsGroupSharingDisabled", value: "true" },
      { id: "MaximumShareLimit", value: "42" },
    ],
    hasStagedChanges: true,
  },
  {
    type: "AdminDigest",
    resourceType: "NotSpecified",
    value: [
      { id: "IncludeOnHomePageInsights", value: "false" },
      { id: "ExcludeEnvironmentFromAnalysis", value: "true" },
    ],
    hasStagedChanges: true,
  },
  {
    type: "MakerOnboarding",
    resourceType: "NotSpecified",
    value: [
      { id: "makerOnboardingUrl", value: "https://contoso.com/onboarding" },
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
      { id: "solutionCheckerRuleOverrides", value: "" },
    ],
    hasStagedChanges: true,
  },
  {
    type: "Lifecycle",
    resourceType: "NotSpecified",
    value: [{ id: "RetentionPeriod", value: "21.00:00:00" }],
    hasStagedChanges: true,
  },
  {
    type: "GenerativeAISettings",
    resourceType: "NotSpecified",
    value: [
      { id: "crossGeoCopilotDataMovementEnabled", value: "true" },
      { id: "bingChatEnabled", value: "false" },
    ],
    hasStagedChanges: true,
  },
];

async function tenant() {
  emulator = await start({ clock: () => new Date("2026-01-01T00:00:00.000Z") });
  started = true;
  const { client } = clientFor(emulator);
  const group = (await client.createEnvironmentGroup({ displayName: "dev" })).id;
  return { client, group };
}

describe("environment-group rule sets", () => {
  it("the tenant-scoped host: a label before the cloud's PPAPI host, a path prefix on an overridden base", () => {
    const core = (ppapi: string) => ({ endpoints: { ppapi }, profile: { cloud: "public" } }) as unknown as ClientCore;
    const tenant = "00000000-0000-0000-0000-000000000123";
    expect(tenantApiBase(core("https://api.powerplatform.com"), tenant)).toBe(
      "https://000000000000000000000000000001.23.tenant.api.powerplatform.com",
    );
    expect(tenantApiBase(core("http://127.0.0.1:9/ppapi"), tenant)).toBe(
      "http://127.0.0.1:9/ppapi/tenant/000000000000000000000000000001.23",
    );
  });

  it("none reads undefined; set creates it with the recorded rule list and reads it back; a rule type it does not manage is kept", async () => {
    const { client, group } = await tenant();
    expect(await client.getEnvironmentGroupRuleSet(group)).toBeUndefined();
    const ruleSet = await client.setEnvironmentGroupRuleSet(group, RULES);
    const created = emulator.log.find({ route: "ruleSets.create" });
    expect(created.map((e) => (e.body as { parameters: unknown }).parameters)).toEqual([
      WIRE.map((p) =>
        p.type === "MakerOnboarding"
          ? {
              ...p,
              value: p.value.map((v) =>
                v.id === "makerOnboardingTimestamp" ? { ...v, value: expect.any(String) } : v,
              ),
            }
          : p,
      ),
    ]);
    expect(ruleSet).toEqual({
      id: id(2),
      groupId: group,
      rules: { ...RULES, solutionChecker: { mode: "block", ruleOverrides: [], suppressValidationEmails: true } },
      unmanagedRuleTypes: [],
    });
    // Someone adds a rule type this client does not manage (the provider's AI-generated descriptions).
    const stored = emulator.state.environmentGroupRuleSets[id(2)];
    stored?.parameters.push({
      type: "Copilot",
      resourceType: "App",
      value: [{ id: "DisableAiGeneratedDescriptions", value: "true" }],
    });
    const replaced = await client.setEnvironmentGroupRuleSet(group, { backupRetentionDays: 7 });
    expect(
      emulator.log.find({ route: "ruleSets.update" }).map((e) => (e.body as { parameters: unknown }).parameters),
    ).toEqual([
      [
        {
          type: "Lifecycle",
          resourceType: "NotSpecified",
          value: [{ id: "RetentionPeriod", value: "7.00:00:00" }],
          hasStagedChanges: true,
        },
        { type: "Copilot", resourceType: "App", value: [{ id: "DisableAiGeneratedDescriptions", value: "true" }] },
      ],
    ]);
    expect(replaced).toEqual({
      id: id(2),
      groupId: group,
      rules: { backupRetentionDays: 7 },
      unmanagedRuleTypes: ["Copilot"],
    });
    // Delete keeps the unmanaged rule: the rule set is replaced by it alone.
    await client.deleteEnvironmentGroupRuleSet(group);
    expect(emulator.state.environmentGroupRuleSets[id(2)]?.parameters.map((p) => p.type)).toEqual(["Copilot"]);
    expect(emulator.log.find({ route: "ruleSets.delete" })).toEqual([]);
  });

  it("delete removes a rule set holding only managed rules; bad rules are refused before any request", async () => {
    const { client, group } = await tenant();
    await client.setEnvironmentGroupRuleSet(group, { usageInsights: true });
    await client.deleteEnvironmentGroupRuleSet(group);
    expect(emulator.state.environmentGroupRuleSets).toEqual({});
    await client.deleteEnvironmentGroupRuleSet(group);
    emulator.log.clear();
    await expect(client.setEnvironmentGroupRuleSet(group, { backupRetentionDays: 10 as 7 })).rejects.toThrow(
      "rules.backupRetentionDays must be 7, 14, 21 or 28, got 10",
    );
    await expect(
      client.setEnvironmentGroupRuleSet(group, {
        sharing: { ...RULES.sharing, agents: { editorSharingDisabled: true, mode: "noLimit", maxViewers: 5 } },
      }),
    ).rejects.toThrow(
      "rules.sharing.agents cannot be written: the rule set's wire names for agent sharing are not known (reference §12.2); set agent sharing per environment instead",
    );
    expect(emulator.log.entries).toEqual([]);
  });

  it("an environment joins a group by an environment PATCH and leaves it by removeEnvironment", async () => {
    const { client, group } = await tenant();
    const env = (await client.createEnvironment(devInput("agents-dev"))).id;
    emulator.log.clear();
    expect((await client.addEnvironmentToGroup(group, env)).environmentGroupId).toBe(group);
    expect(emulator.log.find({ route: "environments.update" }).map((e) => e.body)).toEqual([
      { properties: { parentEnvironmentGroup: { id: group } } },
    ]);
    expect((await client.removeEnvironmentFromGroup(group, env)).environmentGroupId).toBeUndefined();
    expect(emulator.log.find({ route: "environmentGroups.removeEnvironment" }).map((e) => e.path)).toEqual([
      `/ppapi/tenant/4f6c7b1e0d3a4c559e1a7a1c2b3d4e.5f/environmentmanagement/environmentGroups/${group}/removeEnvironment/${env}?api-version=1`,
    ]);
    // A non-member is left as it is: nothing is sent.
    await client.removeEnvironmentFromGroup(group, env);
    expect(emulator.log.find({ route: "environmentGroups.removeEnvironment" }).length).toBe(1);
  });
});
