/** Dataverse: organization settings, business units, application users, roles and role associations. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.ts";
import { APP, BAP, client, createEnvironment, id, STRANGER, start } from "./support.ts";

let emulator: Emulator;
let envId: string;
const RUNTIME_APP = "0a1b2c3d-0000-4000-8000-00000000c003";
// ids: 1 environment, 2 organization, 3 operation, 4 root business unit, 5 base currency, 6-10 roles,
// 11 the creator's application user.
const ORG = id(2);
const BU = id(4);
const SYSADMIN = id(6);
const BASIC_USER = id(9);

beforeEach(async () => {
  emulator = await start();
  envId = await createEnvironment(emulator, "org1");
});
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

describe("organization settings", () => {
  it("GET organizations returns the org row; PATCH changes columns (204) and the GET shows them", async () => {
    const c = await client(emulator);
    const read = await c.dv(
      "GET",
      "org1",
      "/api/data/v9.0/organizations?$select=isauditenabled,auditretentionperiodv2",
    );
    expect(read.status).toBe(200);
    expect(read.headers.get("odata-version")).toBe("4.0");
    expect(read.body).toEqual({
      "@odata.context": `${emulator.url}/dataverse/org1/api/data/v9.0/$metadata#organizations`,
      value: [{ organizationid: ORG, isauditenabled: false, auditretentionperiodv2: null }],
    });
    const patched = await c.dv("PATCH", "org1", `/api/data/v9.0/organizations(${ORG})`, {
      isauditenabled: true,
      isuseraccessauditenabled: true,
      auditretentionperiodv2: 365,
      allowediprangeforfirewall: "10.0.0.0/8,52.1.2.3/32",
    });
    expect(patched).toMatchObject({ status: 204, body: undefined });
    const after = await c.dv(
      "GET",
      "org1",
      "/api/data/v9.0/organizations?$select=isauditenabled,isuseraccessauditenabled,auditretentionperiodv2,allowediprangeforfirewall",
    );
    expect((after.body as { value: unknown[] }).value).toEqual([
      {
        organizationid: ORG,
        isauditenabled: true,
        isuseraccessauditenabled: true,
        auditretentionperiodv2: 365,
        allowediprangeforfirewall: "10.0.0.0/8,52.1.2.3/32",
      },
    ]);
  });

  it("refuses unknown columns, wrong types and out-of-range retention with OData errors", async () => {
    const c = await client(emulator);
    const unknown = await c.dv("PATCH", "org1", `/api/data/v9.0/organizations(${ORG})`, { isauditenable: true });
    expect(unknown).toMatchObject({
      status: 400,
      body: {
        error: {
          code: "0x80060888",
          message: "Could not find a property named 'isauditenable' on type 'Microsoft.Dynamics.CRM.organization'.",
        },
      },
    });
    const wrongType = await c.dv("PATCH", "org1", `/api/data/v9.0/organizations(${ORG})`, { isauditenabled: "true" });
    expect(wrongType.status).toBe(400);
    const range = await c.dv("PATCH", "org1", `/api/data/v9.0/organizations(${ORG})`, { auditretentionperiodv2: 7 });
    expect((range.body as { error: { message: string } }).error.message).toBe(
      "auditretentionperiodv2 must be -1 or between 31 and 24855; got 7.",
    );
  });

  // The audit columns of a new organisation as the real service answers them (recorded by the Terraform provider):
  // internal/services/environment_settings/tests/resources/Validate_Create_Empty_Settings/get_organisations_1.json.
  it("a new organisation has v2 retention unset, the legacy 30 days, and user-access, read and firewall audit on", async () => {
    const c = await client(emulator);
    const read = await c.dv(
      "GET",
      "org1",
      "/api/data/v9.0/organizations?$select=auditretentionperiod,auditretentionperiodv2,isauditenabled,isuseraccessauditenabled,isreadauditenabled,useraccessauditinginterval,allowentityonlyaudit,enableipbasedfirewallrule,enableipbasedfirewallruleinauditmode",
    );
    expect((read.body as { value: unknown[] }).value).toEqual([
      {
        organizationid: ORG,
        auditretentionperiod: 30,
        auditretentionperiodv2: null,
        isauditenabled: false,
        isuseraccessauditenabled: true,
        isreadauditenabled: true,
        useraccessauditinginterval: 4,
        allowentityonlyaudit: true,
        enableipbasedfirewallrule: false,
        enableipbasedfirewallruleinauditmode: true,
      },
    ]);
  });

  it("v2 retention takes -1 or 31–24855, and null clears it; the legacy column is left alone", async () => {
    const c = await client(emulator);
    const org = `/api/data/v9.0/organizations(${ORG})`;
    const row = () => emulator.state.environments[envId]?.dataverse?.organization;
    expect((await c.dv("PATCH", "org1", org, { auditretentionperiodv2: 365 })).status).toBe(204);
    expect([row()?.auditretentionperiodv2, row()?.auditretentionperiod]).toEqual([365, 30]);
    expect((await c.dv("PATCH", "org1", org, { auditretentionperiodv2: null })).status).toBe(204);
    expect([row()?.auditretentionperiodv2, row()?.auditretentionperiod]).toEqual([null, 30]);
    const refused = await c.dv("PATCH", "org1", org, { auditretentionperiodv2: 30 });
    expect([refused.status, (refused.body as { error: { message: string } }).error.message]).toEqual([
      400,
      "auditretentionperiodv2 must be -1 or between 31 and 24855; got 30.",
    ]);
    expect((await c.dv("PATCH", "org1", org, { auditretentionperiodv2: -1 })).status).toBe(204);
    expect((await c.dv("PATCH", "org1", org, { plugintracelogsetting: null })).status).toBe(400);
    expect(row()?.auditretentionperiodv2).toBe(-1);
  });
});

describe("application users", () => {
  it("finds the root business unit", async () => {
    const c = await client(emulator);
    const reply = await c.dv(
      "GET",
      "org1",
      "/api/data/v9.2/businessunits?$select=businessunitid,name&$filter=parentbusinessunitid eq null",
    );
    expect((reply.body as { value: unknown }).value).toEqual([{ businessunitid: BU, name: "org1" }]);
  });

  it("creates a user (204 + OData-EntityId), refuses a duplicate with 412, soft-deletes then purges", async () => {
    const c = await client(emulator);
    const body = {
      applicationid: RUNTIME_APP,
      accessmode: 4,
      isdisabled: false,
      "businessunitid@odata.bind": `/businessunits(${BU})`,
    };
    const created = await c.dv("POST", "org1", "/api/data/v9.2/systemusers", body);
    expect(created.status).toBe(204);
    const userId = id(12);
    expect(created.headers.get("odata-entityid")).toBe(
      `${emulator.url}/dataverse/org1/api/data/v9.2/systemusers(${userId})`,
    );
    const duplicate = await c.dv("POST", "org1", "/api/data/v9.2/systemusers", body);
    expect(duplicate).toMatchObject({
      status: 412,
      body: { error: { message: "A record with matching key values already exists." } },
    });

    const find = `/api/data/v9.2/systemusers?$select=applicationid,systemuserid,isdisabled,deletedstate&$filter=applicationid eq ${RUNTIME_APP}`;
    expect((await c.dv("DELETE", "org1", `/api/data/v9.2/systemusers(${userId})`)).status).toBe(204);
    expect((await c.dv("GET", "org1", find)).body).toMatchObject({
      value: [{ systemuserid: userId, applicationid: RUNTIME_APP, isdisabled: true, deletedstate: 1 }],
    });
    const stillDuplicate = await c.dv("POST", "org1", "/api/data/v9.2/systemusers", body);
    expect(stillDuplicate.status).toBe(412);
    expect((await c.dv("DELETE", "org1", `/api/data/v9.2/systemusers(${userId})`)).status).toBe(204);
    expect(((await c.dv("GET", "org1", find)).body as { value: unknown[] }).value).toEqual([]);
    expect((await c.dv("DELETE", "org1", `/api/data/v9.2/systemusers(${userId})`)).status).toBe(404);
    expect((await c.dv("POST", "org1", "/api/data/v9.2/systemusers", body)).status).toBe(204);
  });

  it("finds roles by business unit, associates and disassociates them through $ref, and expands them on the user", async () => {
    const c = await client(emulator);
    const roles = await c.dv(
      "GET",
      "org1",
      `/api/data/v9.2/roles?$select=roleid,name&$filter=_businessunitid_value eq ${BU} and name eq 'Basic User'`,
    );
    expect((roles.body as { value: unknown }).value).toEqual([{ roleid: BASIC_USER, name: "Basic User" }]);
    await c.dv("POST", "org1", "/api/data/v9.2/systemusers", {
      applicationid: RUNTIME_APP,
      "businessunitid@odata.bind": `/businessunits(${BU})`,
    });
    const userId = id(12);
    const roleRef = `${emulator.url}/dataverse/org1/api/data/v9.2/roles(${BASIC_USER})`;
    const associated = await c.dv(
      "POST",
      "org1",
      `/api/data/v9.2/systemusers(${userId})/systemuserroles_association/$ref`,
      { "@odata.id": roleRef },
    );
    expect(associated.status).toBe(204);
    const query = `/api/data/v9.2/systemusers?$select=applicationid,systemuserid&$expand=systemuserroles_association($select=roleid,name)&$filter=applicationid eq ${RUNTIME_APP}`;
    expect((await c.dv("GET", "org1", query)).body).toMatchObject({
      value: [
        {
          systemuserid: userId,
          applicationid: RUNTIME_APP,
          systemuserroles_association: [{ roleid: BASIC_USER, name: "Basic User" }],
        },
      ],
    });
    const removed = await c.dv(
      "DELETE",
      "org1",
      `/api/data/v9.2/systemusers(${userId})/systemuserroles_association/$ref?$id=${encodeURIComponent(roleRef)}`,
    );
    expect(removed.status).toBe(204);
    expect(
      ((await c.dv("GET", "org1", query)).body as { value: Array<Record<string, unknown>> }).value[0]
        ?.systemuserroles_association,
    ).toEqual([]);
  });

  it("refuses a navigation other than systemuserroles_association", async () => {
    const c = await client(emulator);
    const unknown = await c.dv("GET", "org1", "/api/data/v9.2/systemusers?$expand=teammembership_association");
    expect([unknown.status, (unknown.body as { error: unknown }).error]).toEqual([
      400,
      {
        code: "0x80060888",
        message:
          "Could not find a property named 'teammembership_association' on type 'Microsoft.Dynamics.CRM.systemuser'.",
      },
    ]);
  });

  it("a disabled application user gets 403 from its org", async () => {
    const c = await client(emulator);
    // Disabled in the admin centre: no route of the emulator changes isdisabled (no client operation does).
    const self = emulator.state.environments[envId]?.dataverse?.systemUsers[id(11)];
    expect(self?.applicationid).toBe(APP);
    self!.isdisabled = true;
    const locked = await c.dv("GET", "org1", "/api/data/v9.2/organizations");
    expect(locked.status).toBe(403);
  });

  it("refuses an unsupported $filter loudly", async () => {
    const c = await client(emulator);
    const reply = await c.dv("GET", "org1", "/api/data/v9.2/systemusers?$filter=contains(fullname,'x')");
    expect(reply).toMatchObject({ status: 400, body: { error: { code: "0x80060888" } } });
  });
});

describe("who may call the org", () => {
  it("answers 403 to a service principal that is not an application user, until addAppUser makes it System Administrator", async () => {
    emulator.registerAdminApplication(STRANGER);
    const stranger = await client(emulator, { appId: STRANGER });
    const refused = await stranger.dv("GET", "org1", "/api/data/v9.2/organizations");
    expect(refused).toMatchObject({
      status: 403,
      body: {
        error: {
          code: "0x80072560",
          message: `The user is not a member of the organization: no enabled application user has applicationid '${STRANGER}'.`,
        },
      },
    });
    const admin = await client(emulator);
    const add = `${BAP}/scopes/admin/environments/${envId}/addAppUser?api-version=2020-10-01`;
    expect((await admin.bap("POST", add, { servicePrincipalAppId: STRANGER })).status).toBe(200);
    expect((await admin.bap("POST", add, { servicePrincipalAppId: STRANGER })).status).toBe(200);
    const users = await admin.dv(
      "GET",
      "org1",
      `/api/data/v9.2/systemusers?$select=systemuserid&$expand=systemuserroles_association($select=name)&$filter=applicationid eq ${STRANGER}`,
    );
    expect((users.body as { value: unknown }).value).toEqual([
      { systemuserid: id(12), systemuserroles_association: [{ roleid: SYSADMIN, name: "System Administrator" }] },
    ]);
    expect((await stranger.dv("GET", "org1", "/api/data/v9.2/organizations")).status).toBe(200);
  });

  it("a new org answers 403 for dataverseForbiddenCalls calls", async () => {
    emulator.configure({ timing: { dataverseForbiddenCalls: 2 } });
    await createEnvironment(emulator, "slow-org");
    const c = await client(emulator);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await c.dv("GET", "slow-org", "/api/data/v9.2/organizations")).status);
    expect(statuses).toEqual([403, 403, 200]);
  });

  it("answers 404 for a domain no environment has", async () => {
    const c = await client(emulator);
    const reply = await c.dv("GET", "nowhere", "/api/data/v9.2/organizations");
    expect(reply.status).toBe(404);
  });
});

describe("base currency", () => {
  it("organizations → _basecurrencyid_value → transactioncurrencies(<id>) gives the requested ISO code", async () => {
    const c = await client(emulator);
    const org = await c.dv("GET", "org1", "/api/data/v9.2/organizations?$select=_basecurrencyid_value");
    const currencyId = (org.body as { value: Array<{ _basecurrencyid_value: string }> }).value[0]
      ?._basecurrencyid_value;
    expect(currencyId).toBe(id(5));
    const currency = await c.dv(
      "GET",
      "org1",
      `/api/data/v9.2/transactioncurrencies(${currencyId})?$select=isocurrencycode`,
    );
    expect(currency.body).toEqual({
      "@odata.context": `${emulator.url}/dataverse/org1/api/data/v9.2/$metadata#transactioncurrencies/$entity`,
      transactioncurrencyid: id(5),
      isocurrencycode: "EUR",
    });
  });
});
