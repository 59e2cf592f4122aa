/** The control endpoint: state (drift), faults, log, config, settle, reset — over HTTP, without a token. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.ts";
import { BAP, call, client, createBody, createEnvironment, id, NOW, start } from "./support.ts";

let emulator: Emulator;
beforeEach(async () => {
  emulator = await start();
});
afterEach(async () => {
  await emulator.close();
});

const get = (envId: string) => `${BAP}/scopes/admin/environments/${envId}?api-version=2023-06-01`;

describe("/_emulator/state", () => {
  it("a merge patch stages drift that the API then serves (someone edited it in the admin centre)", async () => {
    emulator.configure({ timing: { metadataHiddenGets: 0 } });
    const envId = await createEnvironment(emulator, "drift");
    const patched = await call("PATCH", `${emulator.url}/_emulator/state`, {
      body: { environments: { [envId]: { properties: { displayName: "renamed in PPAC", bingChatEnabled: true } } } },
    });
    expect(patched.status).toBe(200);
    const c = await client(emulator);
    const env = (await c.bap("GET", get(envId))).body as { properties: Record<string, unknown> };
    expect([env.properties.displayName, env.properties.bingChatEnabled]).toEqual(["renamed in PPAC", true]);
    expect(emulator.state.environments[envId]?.properties.displayName).toBe("renamed in PPAC");
  });

  it("GET returns the whole state; PUT replaces it; a PUT missing keys is refused", async () => {
    const state = (await call("GET", `${emulator.url}/_emulator/state`)).body as Record<string, unknown>;
    expect(Object.keys(state)).toEqual([
      "tenantId",
      "adminApplications",
      "environments",
      "lifecycleOperations",
      "dlpPolicies",
      "environmentGroups",
      "tenantSettings",
      "ruleBasedPolicies",
      "roleAssignments",
      "tenantIsolation",
      "copilotAppInsights",
      "connectors",
    ]);
    const put = await call("PUT", `${emulator.url}/_emulator/state`, { body: { ...state, adminApplications: {} } });
    expect(put.status).toBe(200);
    expect(emulator.state.adminApplications).toEqual({});
    const bad = await call("PUT", `${emulator.url}/_emulator/state`, { body: { tenantId: "x" } });
    expect(bad).toMatchObject({
      status: 400,
      body: {
        error: {
          code: "EmulatorControlError",
          message:
            "the state is missing adminApplications, environments, lifecycleOperations, dlpPolicies, environmentGroups, tenantSettings, ruleBasedPolicies, roleAssignments, tenantIsolation, copilotAppInsights, connectors",
        },
      },
    });
  });

  it("refuses a body that is not JSON", async () => {
    const reply = await call("PATCH", `${emulator.url}/_emulator/state`, { body: "{nope" });
    expect(reply.status).toBe(400);
    expect((reply.body as { error: { message: string } }).error.message).toMatch(/^the body is not JSON: /);
  });
});

describe("/_emulator/faults", () => {
  it("adds rules (one or many, with pathRegex), lists, removes one, and clears", async () => {
    const added = await call("POST", `${emulator.url}/_emulator/faults`, {
      body: [
        { kind: "status", status: 429, retryAfter: 3, method: "GET", pathRegex: "scopes.admin.environments", times: 2 },
        { kind: "reset", path: "/bap/*/tenant" },
      ],
    });
    expect(added).toMatchObject({ status: 201, body: { ids: [1, 2] } });
    const c = await client(emulator);
    const first = await c.bap("GET", `${BAP}/scopes/admin/environments?api-version=2023-06-01`);
    expect([first.status, first.headers.get("retry-after")]).toEqual([429, "3"]);
    const listed = await call("GET", `${emulator.url}/_emulator/faults`);
    expect(listed.body).toEqual([
      {
        kind: "status",
        status: 429,
        retryAfter: 3,
        method: "GET",
        times: 2,
        pathRegex: "scopes.admin.environments",
        id: 1,
        remaining: 1,
        skipRemaining: 0,
        fired: 1,
      },
      { kind: "reset", path: "/bap/*/tenant", id: 2, remaining: 1, skipRemaining: 0, fired: 0 },
    ]);
    expect((await call("DELETE", `${emulator.url}/_emulator/faults/2`)).status).toBe(204);
    expect((await call("DELETE", `${emulator.url}/_emulator/faults/2`)).status).toBe(404);
    expect((await call("DELETE", `${emulator.url}/_emulator/faults`)).status).toBe(204);
    expect(emulator.faults.list()).toEqual([]);
  });

  it("refuses an invalid rule with 400 and the reason", async () => {
    const reply = await call("POST", `${emulator.url}/_emulator/faults`, {
      body: { kind: "status", status: 503, times: 0 },
    });
    expect(reply.body).toEqual({
      error: { code: "EmulatorControlError", message: "fault 'times' must be a positive integer or \"always\"; got 0" },
    });
  });
});

describe("/_emulator/log", () => {
  it("lists exact requests (method, path with query, family, route, body, status, timestamp), filters, and clears", async () => {
    const c = await client(emulator);
    await c.bap("POST", `${BAP}/validateEnvironmentDetails?api-version=2021-04-01`, { domainName: "free" });
    await c.bap("GET", `${BAP}/scopes/admin/environments?api-version=2023-06-01`);
    const all = await call("GET", `${emulator.url}/_emulator/log`);
    expect(all.body).toEqual([
      {
        seq: 1,
        timestamp: NOW,
        method: "POST",
        path: `/bap${BAP}/validateEnvironmentDetails?api-version=2021-04-01`,
        apiPath: `${BAP}/validateEnvironmentDetails`,
        family: "bapi",
        route: "environments.validateDetails",
        matched: true,
        body: { domainName: "free" },
        status: 200,
        fault: null,
      },
      {
        seq: 2,
        timestamp: NOW,
        method: "GET",
        path: `/bap${BAP}/scopes/admin/environments?api-version=2023-06-01`,
        apiPath: `${BAP}/scopes/admin/environments`,
        family: "bapi",
        route: "environments.list",
        matched: true,
        status: 200,
        fault: null,
      },
    ]);
    const posts = await call("GET", `${emulator.url}/_emulator/log?method=POST`);
    expect((posts.body as unknown[]).length).toBe(1);
    expect(emulator.log.count({ family: "bapi", matched: true })).toBe(2);
    expect(emulator.log.count({ path: /validateEnvironmentDetails/ })).toBe(1);
    expect((await call("DELETE", `${emulator.url}/_emulator/log`)).status).toBe(204);
    expect(emulator.log.entries).toEqual([]);
  });
});

describe("/_emulator/config, settle and reset", () => {
  it("PATCH config changes knobs and refuses unknown ones", async () => {
    const ok = await call("PATCH", `${emulator.url}/_emulator/config`, { body: { timing: { lifecyclePolls: 3 } } });
    expect((ok.body as { timing: { lifecyclePolls: number } }).timing.lifecyclePolls).toBe(3);
    const bad = await call("PATCH", `${emulator.url}/_emulator/config`, { body: { timing: { warpSpeed: 9 } } });
    expect(bad.body).toEqual({
      error: {
        code: "EmulatorControlError",
        message:
          "unknown timing knob 'warpSpeed'; known: lifecyclePolls, lifecycleMs, metadataHiddenGets, managementRunningGets, aiFlagsStaleGets, dataverseForbiddenCalls, solutionImportPolls, tenantIsolationPolls, rbacScopeInvalidCalls, listLagCalls, addUserNotLicensedCalls, busyAfterCreateCalls, retryAfterSeconds, lifecycleSettleMs, busyAfterCreateMs",
      },
    });
  });

  it("lifecyclePolls N gives N Running polls; settle finishes operations at once", async () => {
    emulator.configure({ timing: { lifecyclePolls: 3 } });
    const c = await client(emulator);
    const started = await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, createBody("slowpoke"));
    const location = started.headers.get("location") ?? "";
    const states: string[] = [];
    for (let i = 0; i < 4; i++)
      states.push(((await c.url("GET", location)).body as { state: { id: string } }).state.id);
    expect(states).toEqual(["Running", "Running", "Running", "Succeeded"]);
    await c.bap("PATCH", `${BAP}/scopes/admin/environments/${id(1)}?api-version=2021-04-01`, {
      properties: { description: "d" },
    });
    expect((await call("POST", `${emulator.url}/_emulator/settle`)).body).toEqual({ settled: 1 });
  });

  it("lifecycleMs holds the operation Running until that much time has passed", async () => {
    let now = Date.parse(NOW);
    await emulator.close();
    emulator = await start({ clock: () => new Date(now), timing: { lifecyclePolls: 0, lifecycleMs: 5000 } });
    const c = await client(emulator);
    const started = await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, createBody("timed"));
    const location = started.headers.get("location") ?? "";
    const first = (await c.url("GET", location)).body as { state: { id: string } };
    now += 5000;
    const second = (await c.url("GET", location)).body as { state: { id: string } };
    expect([first.state.id, second.state.id]).toEqual(["Running", "Succeeded"]);
  });

  it("reset restores the initial state, knobs, ids, faults and log", async () => {
    await createEnvironment(emulator, "before");
    emulator.faults.add({ kind: "reset" });
    emulator.configure({ timing: { lifecyclePolls: 5 } });
    expect((await call("POST", `${emulator.url}/_emulator/reset`)).status).toBe(204);
    expect([
      emulator.state.environments,
      emulator.faults.list(),
      emulator.log.entries,
      emulator.config.timing.lifecyclePolls,
    ]).toEqual([{}, [], [], 1]);
  });

  it("reset restarts a seeded id generator, so the same calls give the same ids", async () => {
    await emulator.close();
    emulator = await start({ seed: 42, idGenerator: undefined });
    const c = await client(emulator);
    await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, createBody("seeded"));
    const firstIds = Object.keys(emulator.state.environments);
    emulator.reset();
    await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, createBody("seeded"));
    expect(Object.keys(emulator.state.environments)).toEqual(firstIds);
    expect(firstIds[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("GET /_emulator describes the endpoints; unknown control routes answer 404", async () => {
    const index = (await call("GET", `${emulator.url}/_emulator`)).body as { endpoints: unknown };
    expect(index.endpoints).toEqual(emulator.endpoints);
    expect(emulator.endpoints).toEqual({
      bapi: `${emulator.url}/bap`,
      powerApps: `${emulator.url}/powerapps`,
      ppapi: `${emulator.url}/ppapi`,
    });
    expect((await call("GET", `${emulator.url}/_emulator/nothing`)).status).toBe(404);
  });
});

describe("control endpoint hardening", () => {
  it("refuses a merge patch that would replace an object's prototype", async () => {
    const reply = await call("PATCH", `${emulator.url}/_emulator/state`, {
      body: '{"tenantSettings":{"__proto__":{"polluted":true}}}',
    });
    expect(reply.body).toEqual({
      error: { code: "EmulatorControlError", message: "the key '__proto__' is not allowed in a patch" },
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses configuration keys other than timing and behaviour", async () => {
    const reply = await call("PATCH", `${emulator.url}/_emulator/config`, { body: { timings: {} } });
    expect((reply.body as { error: { message: string } }).error.message).toBe(
      "unknown configuration key 'timings'; known: timing, behaviour",
    );
  });
});
