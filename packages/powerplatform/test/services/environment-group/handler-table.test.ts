/**
 * The EnvironmentGroup, EnvironmentGroupRuleSet and group-membership decisions against a scripted fake port: which
 * port operations run, with what, and the refusals. Every port call is recorded and asserted; unscripted calls fail.
 */
import { describe, expect, it } from "vitest";
import { PowerPlatformApiError } from "../../../src/client/errors.ts";
import { ownerKey } from "../../../src/client/owner-key.ts";
import type { Environment } from "../../../src/client/types.ts";
import type { PowerPlatformPort } from "../../../src/provider/port.ts";
import { makeProvider } from "../../../src/provider/provider.ts";

const GROUP = "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";
const OTHER_GROUP = "1a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";
const ENV = "6b1c3a52-0d55-4f0e-9f57-2f4bb8f6f0a1";
const GROUP_URN = "urn:pulumi:dev::baseline::govai:powerplatform:EnvironmentGroup::developer";
const RULES_URN = "urn:pulumi:dev::baseline::govai:powerplatform:EnvironmentGroupRuleSet::developer";
const ENV_URN = "urn:pulumi:dev::claims::govai:powerplatform:Environment::dev";
const ME_URN = "urn:pulumi:dev::claims::govai:powerplatform:ManagedEnvironment::dev";

/** A port whose calls are scripted per method; every call is recorded with its arguments (options left out). */
function fakePort(script: Partial<Record<keyof PowerPlatformPort, (...args: unknown[]) => unknown>>) {
  const calls: unknown[][] = [];
  const port = new Proxy({} as PowerPlatformPort, {
    get:
      (_t, name: string) =>
      async (...args: unknown[]) => {
        const fn = script[name as keyof PowerPlatformPort];
        calls.push([name, ...args.slice(0, -1)]);
        if (!fn) throw new Error(`unexpected port call ${name}`);
        return fn(...args);
      },
  });
  return { provider: makeProvider(() => port), calls };
}

const group = { id: GROUP, displayName: "Developer environments", description: "", createdTime: undefined };

function conflict(code: string): PowerPlatformApiError {
  return new PowerPlatformApiError(
    { operation: "deleteEnvironmentGroup", method: "DELETE", url: "https://x/", clientRequestId: "c" } as never,
    { status: 409, code, serviceMessage: "refused", body: {}, rawBody: "{}", requestId: undefined } as never,
  );
}

describe("EnvironmentGroup decisions", () => {
  it("create passes this URN's owner key, so only a group this resource made can be adopted", async () => {
    const { provider, calls } = fakePort({ createEnvironmentGroup: () => group });
    const created = await provider.create!(GROUP_URN, { displayName: "Developer environments", description: "" });
    expect(created).toEqual({
      id: GROUP,
      outs: { displayName: "Developer environments", description: "", groupId: GROUP },
    });
    expect(calls).toEqual([["createEnvironmentGroup", { displayName: "Developer environments", description: "" }]]);
  });

  it("passes the owner key in the create's options", async () => {
    let key: unknown;
    const { provider } = fakePort({
      createEnvironmentGroup: (_input, o) => {
        key = (o as { ownerKey?: string }).ownerKey;
        return group;
      },
    });
    await provider.create!(GROUP_URN, { displayName: "Developer environments", description: "" });
    expect(key).toBe(ownerKey(GROUP_URN));
  });

  it("delete refused while environments are in the group names them and takes none out", async () => {
    const { provider, calls } = fakePort({
      deleteEnvironmentGroup: () => {
        throw conflict("EnvironmentsInEnvironmentGroup");
      },
      listEnvironmentGroupMembers: () => [ENV, OTHER_GROUP],
    });
    await expect(provider.delete!(GROUP, GROUP_URN, {})).rejects.toThrow(
      `environment group ${GROUP} still holds 2 environments ${ENV}, ${OTHER_GROUP}, so it was not deleted; take them out of the group first (Environment.environmentGroupId, or delete the environment), then delete the group again`,
    );
    expect(calls).toEqual([
      ["deleteEnvironmentGroup", GROUP],
      ["listEnvironmentGroupMembers", GROUP],
    ]);
  });

  it("delete refused while a rule-based policy is assigned says to unassign it; other refusals pass through", async () => {
    const policy = fakePort({
      deleteEnvironmentGroup: () => {
        throw conflict("PolicyAssignedToEnvironmentGroup");
      },
    });
    await expect(policy.provider.delete!(GROUP, GROUP_URN, {})).rejects.toThrow(
      `environment group ${GROUP} has a rule-based policy assigned, so it was not deleted; unassign the policy from the group in the admin centre, then delete the group again`,
    );
    const other = conflict("SomethingElse");
    const passed = fakePort({
      deleteEnvironmentGroup: () => {
        throw other;
      },
    });
    await expect(passed.provider.delete!(GROUP, GROUP_URN, {})).rejects.toBe(other);
    expect(passed.calls).toEqual([["deleteEnvironmentGroup", GROUP]]);
  });
});

describe("EnvironmentGroupRuleSet decisions", () => {
  const inputs = { groupId: GROUP, rules: { usageInsights: true, backupRetentionDays: 14 } };

  it("create on a group that does not exist is refused before any rule-set call", async () => {
    const { provider, calls } = fakePort({ getEnvironmentGroup: () => undefined });
    await expect(provider.create!(RULES_URN, inputs)).rejects.toThrow(
      `environment group ${GROUP} does not exist; create it first (EnvironmentGroup)`,
    );
    expect(calls).toEqual([["getEnvironmentGroup", GROUP]]);
  });

  it("create sets the rules and records the group id as the id and the rule set's own id as an output", async () => {
    const { provider, calls } = fakePort({
      getEnvironmentGroup: () => group,
      setEnvironmentGroupRuleSet: () => ({ id: "rs-1", groupId: GROUP, rules: inputs.rules, unmanagedRuleTypes: [] }),
    });
    expect(await provider.create!(RULES_URN, inputs)).toEqual({ id: GROUP, outs: { ...inputs, ruleSetId: "rs-1" } });
    expect(calls).toEqual([
      ["getEnvironmentGroup", GROUP],
      ["setEnvironmentGroupRuleSet", GROUP, inputs.rules],
    ]);
  });

  it("read of a group that is gone, or has no rule set, is gone; delete of a gone group sends nothing", async () => {
    const gone = fakePort({ getEnvironmentGroup: () => undefined });
    expect(await gone.provider.read!(GROUP, RULES_URN, inputs)).toEqual({ id: "", props: {} });
    await gone.provider.delete!(GROUP, RULES_URN, inputs);
    expect(gone.calls).toEqual([
      ["getEnvironmentGroup", GROUP],
      ["getEnvironmentGroup", GROUP],
    ]);
    const none = fakePort({ getEnvironmentGroup: () => group, getEnvironmentGroupRuleSet: () => undefined });
    expect(await none.provider.read!(GROUP, RULES_URN, inputs)).toEqual({ id: "", props: {} });
  });
});

function live(groupId: string | undefined, managed = false): Environment {
  return {
    id: ENV,
    displayName: "Claims (dev)",
    description: "",
    type: "Sandbox",
    location: "europe",
    azureRegion: "westeurope",
    tenantId: "t",
    provisioningState: "Succeeded",
    updateCadence: undefined,
    billingPolicyId: undefined,
    environmentGroupId: groupId,
    managementState: "Ready",
    runtimeState: "Enabled",
    managed,
    governance: undefined,
    ai: { bingSearch: false, m365Services: false, crossGeoDataMovement: false, crossBoundaryDataMovement: false },
    dataverse: {
      organizationId: "org",
      uniqueName: undefined,
      domain: "claims-dev",
      version: undefined,
      url: "https://claims-dev.crm4.dynamics.com/",
      apiUrl: undefined,
      language: 1033,
      securityGroupId: undefined,
      backgroundOperationsEnabled: true,
      instanceState: "Ready",
    },
    copilotStudioUrl: undefined,
    runtimeEndpoints: {},
  };
}

describe("Environment group membership decisions", () => {
  const base = {
    displayName: "Claims (dev)",
    description: "",
    environmentType: "Sandbox",
    location: "europe",
    azureRegion: "westeurope",
    dataverse: { language: 1033, currency: "EUR", domain: "claims-dev" },
  };
  /** The port calls of an update from membership `from` to `to`, the environment reading `from` first. */
  async function membershipCalls(from: string | undefined, to: string | undefined) {
    let now = from;
    const { provider, calls } = fakePort({
      getEnvironment: () => live(now),
      getEnvironmentCurrency: () => "EUR",
      addEnvironmentToGroup: (g) => {
        now = g as string;
      },
      removeEnvironmentFromGroup: () => {
        now = undefined;
      },
    });
    const olds = from ? { ...base, environmentGroupId: from } : base;
    const news = to ? { ...base, environmentGroupId: to } : base;
    const outs = (await provider.update!(ENV, ENV_URN, olds, news)).outs as Record<string, unknown>;
    expect(outs.environmentGroupId).toBe(to);
    return calls.filter(([name]) => name !== "getEnvironment" && name !== "getEnvironmentCurrency");
  }

  it("joining is the add operation, leaving is removeEnvironment, a move is one add; no environment PATCH", async () => {
    expect(await membershipCalls(undefined, GROUP)).toEqual([["addEnvironmentToGroup", GROUP, ENV]]);
    expect(await membershipCalls(GROUP, undefined)).toEqual([["removeEnvironmentFromGroup", GROUP, ENV]]);
    expect(await membershipCalls(GROUP, OTHER_GROUP)).toEqual([["addEnvironmentToGroup", OTHER_GROUP, ENV]]);
    expect(await membershipCalls(GROUP, GROUP)).toEqual([]);
  });

  it("ManagedEnvironment: create on a grouped environment is refused; its delete leaves a grouped environment managed", async () => {
    const { provider, calls } = fakePort({ getEnvironment: () => live(GROUP, true) });
    await expect(
      provider.create!(ME_URN, {
        environmentId: ENV,
        sharing: {
          apps: { groupSharingDisabled: true, mode: "noLimit", maxUsers: 5 },
          flows: { mode: "noLimit" },
          agents: { editorSharingDisabled: true, mode: "noLimit", maxViewers: 5 },
        },
        solutionChecker: { mode: "block", ruleOverrides: [], suppressValidationEmails: false },
        usageInsights: true,
      }),
    ).rejects.toThrow(
      `environment ${ENV} is in environment group ${GROUP}, whose rules own its managed-environment settings; set sharing, solution checker, usage insights and maker welcome on the group's rule set instead, or remove the environment from the group (Environment.environmentGroupId)`,
    );
    // The environment joined a group after the ManagedEnvironment was made (a stage that joins a group drops its
    // ManagedEnvironment): the service refuses to turn governance off there, and the group owns it now.
    await provider.delete!(ENV, ME_URN, {});
    expect(calls.map(([name]) => name)).toEqual(["getEnvironment", "getEnvironment"]);
  });
});
