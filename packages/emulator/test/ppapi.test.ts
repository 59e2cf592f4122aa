/** Power Platform API: rule-based policies (one per group) and RBAC role assignments with scope propagation lag. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.ts";
import { BAP, call, client, createEnvironment, id, NOW, start, token } from "./support.ts";

let emulator: Emulator;
let ppapiToken: string;
beforeEach(async () => {
  emulator = await start();
  ppapiToken = await token("https://api.powerplatform.com/.default");
});
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

const V = "api-version=2024-10-01";
const pp = (method: string, path: string, body?: unknown) =>
  call(method, `${emulator.endpoints.ppapi}${path}${path.includes("?") ? "&" : "?"}${V}`, { token: ppapiToken, body });

async function group(name: string): Promise<string> {
  const c = await client(emulator);
  return (
    (await c.bap("POST", `${BAP}/environmentGroups?api-version=2021-04-01`, { displayName: name })).body as {
      id: string;
    }
  ).id;
}

describe("rule-based policies", () => {
  it("create, assign to a group (one per group), PUT never removes rule sets, removeRule does, unassign, delete", async () => {
    const groupId = await group("g1");
    const created = await pp("POST", "/governance/ruleBasedPolicies", {
      name: "agents",
      ruleSets: [
        { id: "AdvancedConnectorPoliciesOnly", version: "1.0", inputs: { EnableAdvancedConnectorPoliciesOnly: true } },
      ],
    });
    expect(created).toMatchObject({
      status: 201,
      body: {
        id: id(2),
        name: "agents",
        tenantId: emulator.state.tenantId,
        lastModified: NOW,
        ruleSetCount: 1,
        ruleSets: [
          {
            id: "AdvancedConnectorPoliciesOnly",
            version: "1.0",
            inputs: { EnableAdvancedConnectorPoliciesOnly: true },
          },
        ],
      },
    });
    expect(
      (
        await pp("POST", `/governance/ruleBasedPolicies/${id(2)}/environmentGroups/${groupId}/assignments`, {
          assignmentOverrides: [],
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await pp(
          "GET",
          `/governance/ruleBasedPolicies/environmentGroups/${groupId}/assignments?includeRuleSetCounts=true`,
        )
      ).body,
    ).toEqual({
      value: [
        {
          policyId: id(2),
          resourceId: groupId,
          resourceType: "EnvironmentGroup",
          ruleSetCount: 1,
          tenantId: emulator.state.tenantId,
        },
      ],
    });
    const other = await pp("POST", "/governance/ruleBasedPolicies", { name: "other", ruleSets: [] });
    const second = await pp(
      "POST",
      `/governance/ruleBasedPolicies/${(other.body as { id: string }).id}/environmentGroups/${groupId}/assignments`,
      {},
    );
    expect(second).toMatchObject({ status: 409, body: { error: { code: "PolicyAlreadyAssignedToEnvironmentGroup" } } });
    const c = await client(emulator);
    const groupDelete = await c.bap("DELETE", `${BAP}/environmentGroups/${groupId}?api-version=2021-04-01`);
    expect(groupDelete).toMatchObject({ status: 409, body: { error: { code: "PolicyAssignedToEnvironmentGroup" } } });

    const put = await pp("PUT", `/governance/ruleBasedPolicies/${id(2)}`, {
      name: "agents",
      ruleSets: [{ id: "ConnectorManagement", version: "1.0", inputs: { AllowedConnectorList: [] } }],
    });
    expect((put.body as { ruleSets: Array<{ id: string }> }).ruleSets.map((r) => r.id)).toEqual([
      "AdvancedConnectorPoliciesOnly",
      "ConnectorManagement",
    ]);
    const removed = await pp("PATCH", `/governance/ruleBasedPolicies/${id(2)}/removeRule`, {
      name: "agents",
      ruleSets: [{ id: "AdvancedConnectorPoliciesOnly", version: "1.0" }],
    });
    expect((removed.body as { ruleSets: Array<{ id: string }> }).ruleSets.map((r) => r.id)).toEqual([
      "ConnectorManagement",
    ]);
    expect((await pp("DELETE", `/governance/ruleBasedPolicies/${id(2)}`)).status).toBe(409);
    expect(
      (await pp("DELETE", `/governance/ruleBasedPolicies/${id(2)}/environmentGroups/${groupId}/assignments`)).status,
    ).toBe(204);
    expect((await pp("DELETE", `/governance/ruleBasedPolicies/${id(2)}`)).status).toBe(204);
    expect((await pp("DELETE", `/governance/ruleBasedPolicies/${id(2)}`)).status).toBe(404);
  });
});

describe("RBAC role assignments", () => {
  it("a new environment scope answers 400 EnvironmentIdInvalid for rbacScopeInvalidCalls calls, then 201", async () => {
    emulator.configure({ timing: { rbacScopeInvalidCalls: 2 } });
    const envId = await createEnvironment(emulator, "rbac");
    const body = {
      principalObjectId: "77777777-7777-4777-8777-777777777777",
      principalType: "User",
      roleDefinitionId: "c886ad2e-27f7-4874-8381-5849b8d8a090",
      scope: `/tenants/${emulator.state.tenantId}/environments/${envId}`,
    };
    const statuses: Array<[number, string | undefined]> = [];
    for (let i = 0; i < 3; i++) {
      const reply = await pp("POST", `/authorization/environments/${envId}/roleAssignments`, body);
      statuses.push([reply.status, (reply.body as { error?: { code: string } }).error?.code]);
    }
    expect(statuses).toEqual([
      [400, "EnvironmentIdInvalid"],
      [400, "EnvironmentIdInvalid"],
      [201, undefined],
    ]);
    const listed = await pp("GET", `/authorization/environments/${envId}/roleAssignments`);
    const assignment = (listed.body as { value: Array<Record<string, unknown>> }).value[0];
    expect(assignment).toEqual({
      roleAssignmentId: id(12),
      scope: body.scope,
      principalType: "User",
      principalObjectId: body.principalObjectId,
      roleDefinitionId: body.roleDefinitionId,
      createdByPrincipalType: "ServicePrincipal",
      createdByPrincipalObjectId: "66666666-7777-4888-9999-000000000000",
      createdOn: NOW,
      expiresOn: null,
    });
    expect((await pp("DELETE", `/authorization/environments/${envId}/roleAssignments/${id(12)}`)).status).toBe(204);
  });

  it("lists role definitions and refuses unknown roles and mismatched scopes", async () => {
    const roles = await pp("GET", "/authorization/roleDefinitions");
    expect(
      (roles.body as { value: Array<{ roleDefinitionName: string }> }).value.map((r) => r.roleDefinitionName),
    ).toEqual(["Power Platform Administrator", "Environment Admin", "Power Platform Reader"]);
    const unknown = await pp("POST", "/authorization/roleAssignments", {
      principalObjectId: "p",
      principalType: "User",
      roleDefinitionId: "00000000-0000-0000-0000-00000000dead",
    });
    expect((unknown.body as { error: { code: string } }).error.code).toBe("RoleDefinitionNotFound");
    const wrongScope = await pp("POST", "/authorization/roleAssignments", {
      principalObjectId: "p",
      principalType: "User",
      roleDefinitionId: "ff954d61-a89a-4fbe-ace9-01c367b89f87",
      scope: "/tenants/someone-else",
    });
    expect((wrongScope.body as { error: { code: string } }).error.code).toBe("InvalidScope");
  });
});
