/** DLP v2 policies: create/get/list/update/delete, validation codes, and the read quirks. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.ts";
import { APP, client, id, NOW, start } from "./support.ts";

let emulator: Emulator;
beforeEach(async () => {
  emulator = await start();
});
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

const POLICIES = "/providers/PowerPlatform.Governance/v2/policies";
const connector = (name: string) => ({
  id: `/providers/Microsoft.PowerApps/apis/${name}`,
  name,
  type: "Microsoft.PowerApps/apis",
});

function policy(overrides: Record<string, unknown> = {}) {
  return {
    policyDefinition: {
      displayName: "agents-prod-dlp",
      defaultConnectorsClassification: "Blocked",
      environmentType: "OnlyEnvironments",
      environments: [
        {
          name: "env-1",
          id: "/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments/env-1",
          type: "Microsoft.BusinessAppPlatform/scopes/environments",
        },
      ],
      connectorGroups: [
        { classification: "Confidential", connectors: [connector("shared_sharepointonline")] },
        { classification: "General", connectors: [] },
        {
          classification: "Blocked",
          connectors: [{ id: "PvaAuth", name: "PvaAuth", type: "Microsoft.PowerApps/apis" }],
        },
      ],
      ...overrides,
    },
    connectorConfigurationsDefinition: {
      endpointConfigurations: [
        {
          connectorId: "Http",
          endpointRules: [
            { order: 1, behavior: "Allow", endpoint: "https://api.contoso.com" },
            { order: 2, behavior: "Deny", endpoint: "*" },
          ],
        },
      ],
    },
    customConnectorUrlPatternsDefinition: {
      rules: [
        { order: 1, customConnectorRuleClassification: "Confidential", pattern: "https://*.contoso.com" },
        { order: 2, customConnectorRuleClassification: "Ignore", pattern: "https://*.fabrikam.com" },
        { order: 3, customConnectorRuleClassification: "Blocked", pattern: "*" },
      ],
    },
  };
}

describe("DLP v2 policies", () => {
  it("create answers 201 with the full document: server fields, endPoint spelling, URL rules out of order", async () => {
    const c = await client(emulator);
    const created = await c.bap("POST", POLICIES, policy());
    expect(created.status).toBe(201);
    const sent = policy();
    expect(created.body).toEqual({
      policyDefinition: {
        ...sent.policyDefinition,
        name: id(1),
        etag: id(2),
        createdBy: { displayName: APP },
        createdTime: NOW,
        lastModifiedBy: { displayName: APP },
        lastModifiedTime: NOW,
        isLegacySchemaVersion: false,
      },
      connectorConfigurationsDefinition: {
        endpointConfigurations: [
          {
            connectorId: "Http",
            endpointRules: [
              { order: 1, behavior: "Allow", endPoint: "https://api.contoso.com" },
              { order: 2, behavior: "Deny", endPoint: "*" },
            ],
          },
        ],
      },
      customConnectorUrlPatternsDefinition: { rules: [...sent.customConnectorUrlPatternsDefinition.rules].reverse() },
    });
    const read = await c.bap("GET", `${POLICIES}/${id(1)}`);
    expect(read.body).toEqual(created.body);
  });

  it("refuses a misplaced '*' URL pattern with 400 UrlPatternsInvalidRule and the order/action/pattern message", async () => {
    const c = await client(emulator);
    const body = policy();
    body.customConnectorUrlPatternsDefinition.rules = [
      { order: 1, customConnectorRuleClassification: "Confidential", pattern: "https://*.contoso.com" },
      { order: 2, customConnectorRuleClassification: "Blocked", pattern: "*" },
      { order: 3, customConnectorRuleClassification: "General", pattern: "https://*.fabrikam.com" },
    ];
    const reply = await c.bap("POST", POLICIES, body);
    expect(reply).toMatchObject({
      status: 400,
      body: {
        error: {
          code: "UrlPatternsInvalidRule",
          message: "Url pattern rule provided is invalid. Order: 2, Action: Blocked, Pattern: *",
        },
      },
    });
    body.customConnectorUrlPatternsDefinition.rules = [
      { order: 1, customConnectorRuleClassification: "Confidential", pattern: "https://*.contoso.com" },
      { order: 3, customConnectorRuleClassification: "Blocked", pattern: "*" },
    ];
    const gap = await c.bap("POST", POLICIES, body);
    expect((gap.body as { error: { message: string } }).error.message).toBe(
      "Url pattern rule provided is invalid. Order: 3, Action: Blocked, Pattern: *",
    );
    expect(emulator.state.dlpPolicies).toEqual({});
  });

  it("refuses unknown classifications, unblockable connectors in Blocked, and a connector in two groups", async () => {
    const c = await client(emulator);
    const codes: string[] = [];
    const attempts = [
      policy({ defaultConnectorsClassification: "Business" }),
      policy({ connectorGroups: [{ classification: "NonBusiness", connectors: [] }] }),
      policy({
        connectorGroups: [{ classification: "Blocked", connectors: [connector("shared_commondataserviceforapps")] }],
      }),
      policy({
        connectorGroups: [
          { classification: "Confidential", connectors: [connector("shared_sql")] },
          { classification: "General", connectors: [connector("shared_sql")] },
        ],
      }),
      policy({ environmentType: "AllEnvironments" }),
    ];
    for (const body of attempts) {
      const reply = await c.bap("POST", POLICIES, body);
      codes.push(`${reply.status} ${(reply.body as { error: { code: string } }).error.code}`);
    }
    expect(codes).toEqual([
      "400 InvalidConnectorClassification",
      "400 InvalidConnectorClassification",
      "400 ConnectorCannotBeBlocked",
      "400 DuplicateConnector",
      "400 InvalidEnvironmentType",
    ]);
  });

  it("update replaces the whole document and keeps name and creation; list gives policy definitions; delete removes", async () => {
    const c = await client(emulator);
    await c.bap("POST", POLICIES, policy());
    const next = policy({ displayName: "renamed", defaultConnectorsClassification: "General" });
    const updated = await c.bap("PATCH", `${POLICIES}/${id(1)}`, next);
    expect(updated.status).toBe(200);
    expect((updated.body as { policyDefinition: Record<string, unknown> }).policyDefinition).toMatchObject({
      name: id(1),
      displayName: "renamed",
      defaultConnectorsClassification: "General",
      etag: id(3),
      createdTime: NOW,
    });
    const listed = await c.bap("GET", POLICIES);
    expect(
      (listed.body as { value: Array<{ policyDefinition: { name: string } }> }).value.map((p) => Object.keys(p)),
    ).toEqual([["policyDefinition"]]);
    expect((await c.bap("DELETE", `${POLICIES}/${id(1)}`)).status).toBe(200);
    const gone = await c.bap("GET", `${POLICIES}/${id(1)}`);
    expect(gone).toMatchObject({ status: 404, body: { error: { code: "PolicyNotFound" } } });
  });

  it("honours If-Match when sent: a stale etag gets 412", async () => {
    const c = await client(emulator);
    await c.bap("POST", POLICIES, policy());
    const stale = await c.bap("PATCH", `${POLICIES}/${id(1)}`, policy(), { "if-match": '"not-the-etag"' });
    expect(stale.status).toBe(412);
    const fresh = await c.bap("PATCH", `${POLICIES}/${id(1)}`, policy(), { "if-match": `"${id(2)}"` });
    expect(fresh.status).toBe(200);
  });

  // The list shape of the Terraform provider's fixture
  // internal/services/dlp_policy/tests/datasource/Validate_Read/get_policies.json: summaries only.
  it("list answers summaries: the policy definition without connector groups, and none of the rule blocks", async () => {
    const c = await client(emulator);
    await c.bap("POST", POLICIES, policy());
    const listed = await c.bap("GET", POLICIES);
    const { connectorGroups: _groups, ...definition } = policy().policyDefinition;
    expect(listed).toMatchObject({ status: 200 });
    expect(listed.body).toEqual({
      value: [
        {
          policyDefinition: {
            ...definition,
            name: id(1),
            etag: id(2),
            createdBy: { displayName: APP },
            createdTime: NOW,
            lastModifiedBy: { displayName: APP },
            lastModifiedTime: NOW,
            isLegacySchemaVersion: false,
          },
        },
      ],
    });
  });

  // The Terraform provider's recorded reads end with a catch-all {Ignore, "*"} rule: Validate_Read's
  // get_policy_00000000-0000-0000-0000-000000000001.json holds only it; Validate_Create's follows the sent rule with it.
  it("a policy written without a '*' URL rule reads back with a trailing {Ignore, '*'}, on create and on update", async () => {
    emulator.configure({ behaviour: { shuffleUrlPatternRules: false } });
    const c = await client(emulator);
    const { customConnectorUrlPatternsDefinition: _none, ...bare } = policy();
    const created = await c.bap("POST", POLICIES, bare);
    expect((created.body as Record<string, unknown>).customConnectorUrlPatternsDefinition).toEqual({
      rules: [{ order: 1, customConnectorRuleClassification: "Ignore", pattern: "*" }],
    });
    const one = {
      ...bare,
      customConnectorUrlPatternsDefinition: {
        rules: [{ order: 1, customConnectorRuleClassification: "Blocked", pattern: "https://*.contoso.com" }],
      },
    };
    const updated = await c.bap("PATCH", `${POLICIES}/${id(1)}`, one);
    const read = await c.bap("GET", `${POLICIES}/${id(1)}`);
    const expected = {
      rules: [
        { order: 1, customConnectorRuleClassification: "Blocked", pattern: "https://*.contoso.com" },
        { order: 2, customConnectorRuleClassification: "Ignore", pattern: "*" },
      ],
    };
    expect((updated.body as Record<string, unknown>).customConnectorUrlPatternsDefinition).toEqual(expected);
    expect((read.body as Record<string, unknown>).customConnectorUrlPatternsDefinition).toEqual(expected);
  });

  it("reads back in order when shuffleUrlPatternRules is off", async () => {
    emulator.configure({ behaviour: { shuffleUrlPatternRules: false } });
    const c = await client(emulator);
    const created = (await c.bap("POST", POLICIES, policy())).body as {
      customConnectorUrlPatternsDefinition: { rules: Array<{ order: number }> };
    };
    expect(created.customConnectorUrlPatternsDefinition.rules.map((r) => r.order)).toEqual([1, 2, 3]);
  });
});
