/**
 * The control endpoint: state (drift), faults, log, config, settle, reset — over HTTP with the control token; and
 * its guards: no token, a wrong token, a forged Host (DNS rebinding) or a foreign Origin (a browser page) change
 * nothing.
 */
import http from "node:http";
import net from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../src/index.ts";
import { BAP, call, client, createBody, createEnvironment, id, NOW, start } from "./support.ts";

let emulator: Emulator;
beforeEach(async () => {
  emulator = await start();
});
afterEach(async () => {
  await emulator.close();
});

const get = (envId: string) => `${BAP}/scopes/admin/environments/${envId}?api-version=2023-06-01`;
/** A control request as a local tool sends it: the emulator's URL and its control token. */
const control = (method: string, path: string, options: { body?: unknown } = {}) =>
  call(method, `${emulator.url}${path}`, { token: emulator.controlToken, ...options });

describe("/_emulator/state", () => {
  it("a merge patch stages drift that the API then serves (someone edited it in the admin centre)", async () => {
    emulator.configure({ timing: { metadataHiddenGets: 0 } });
    const envId = await createEnvironment(emulator, "drift");
    const patched = await control("PATCH", `/_emulator/state`, {
      body: { environments: { [envId]: { properties: { displayName: "renamed in PPAC", bingChatEnabled: true } } } },
    });
    expect(patched.status).toBe(200);
    const c = await client(emulator);
    const env = (await c.bap("GET", get(envId))).body as { properties: Record<string, unknown> };
    expect([env.properties.displayName, env.properties.bingChatEnabled]).toEqual(["renamed in PPAC", true]);
    expect(emulator.state.environments[envId]?.properties.displayName).toBe("renamed in PPAC");
  });

  it("GET returns the whole state; PUT replaces it; a PUT missing keys is refused", async () => {
    const state = (await control("GET", `/_emulator/state`)).body as Record<string, unknown>;
    expect(Object.keys(state)).toEqual([
      "tenantId",
      "adminApplications",
      "environments",
      "lifecycleOperations",
      "dlpPolicies",
      "environmentGroups",
      "tenantSettings",
      "billingPolicies",
      "environmentGroupRuleSets",
      "copilotAppInsights",
      "connectors",
    ]);
    const put = await control("PUT", `/_emulator/state`, { body: { ...state, adminApplications: {} } });
    expect(put.status).toBe(200);
    expect(emulator.state.adminApplications).toEqual({});
    const bad = await control("PUT", `/_emulator/state`, { body: { tenantId: "x" } });
    expect(bad).toMatchObject({
      status: 400,
      body: {
        error: {
          code: "EmulatorControlError",
          message:
            "the state is missing adminApplications, environments, lifecycleOperations, dlpPolicies, environmentGroups, tenantSettings, billingPolicies, environmentGroupRuleSets, copilotAppInsights, connectors",
        },
      },
    });
  });

  it("refuses a body that is not JSON", async () => {
    const reply = await control("PATCH", `/_emulator/state`, { body: "{nope" });
    expect(reply.status).toBe(400);
    expect((reply.body as { error: { message: string } }).error.message).toMatch(/^the body is not JSON: /);
  });
});

describe("/_emulator/faults", () => {
  it("adds rules (one or many, with pathRegex), lists, removes one, and clears", async () => {
    const added = await control("POST", `/_emulator/faults`, {
      body: [
        { kind: "status", status: 429, retryAfter: 3, method: "GET", pathRegex: "scopes.admin.environments", times: 2 },
        { kind: "reset", path: "/bap/*/tenant" },
      ],
    });
    expect(added).toMatchObject({ status: 201, body: { ids: [1, 2] } });
    const c = await client(emulator);
    const first = await c.bap("GET", `${BAP}/scopes/admin/environments?api-version=2023-06-01`);
    expect([first.status, first.headers.get("retry-after")]).toEqual([429, "3"]);
    const listed = await control("GET", `/_emulator/faults`);
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
    expect((await control("DELETE", `/_emulator/faults/2`)).status).toBe(204);
    expect((await control("DELETE", `/_emulator/faults/2`)).status).toBe(404);
    expect((await control("DELETE", `/_emulator/faults`)).status).toBe(204);
    expect(emulator.faults.list()).toEqual([]);
  });

  it("refuses an invalid rule with 400 and the reason", async () => {
    const reply = await control("POST", `/_emulator/faults`, {
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
    const all = await control("GET", `/_emulator/log`);
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
    const posts = await control("GET", `/_emulator/log?method=POST`);
    expect((posts.body as unknown[]).length).toBe(1);
    expect(emulator.log.count({ family: "bapi", matched: true })).toBe(2);
    expect(emulator.log.count({ path: /validateEnvironmentDetails/ })).toBe(1);
    expect((await control("DELETE", `/_emulator/log`)).status).toBe(204);
    expect(emulator.log.entries).toEqual([]);
  });
});

describe("/_emulator/config, settle and reset", () => {
  it("PATCH config changes knobs and refuses unknown ones", async () => {
    const ok = await control("PATCH", `/_emulator/config`, { body: { timing: { lifecyclePolls: 3 } } });
    expect((ok.body as { timing: { lifecyclePolls: number } }).timing.lifecyclePolls).toBe(3);
    const bad = await control("PATCH", `/_emulator/config`, { body: { timing: { warpSpeed: 9 } } });
    expect(bad.body).toEqual({
      error: {
        code: "EmulatorControlError",
        message:
          "unknown timing knob 'warpSpeed'; known: lifecyclePolls, lifecycleMs, metadataHiddenGets, managementRunningGets, aiFlagsStaleGets, dataverseForbiddenCalls, solutionImportPolls, listLagCalls, busyAfterCreateCalls, billingPolicyProvisioningReads, retryAfterSeconds, lifecycleSettleMs, busyAfterCreateMs",
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
    expect((await control("POST", `/_emulator/settle`)).body).toEqual({ settled: 1 });
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
    expect((await control("POST", `/_emulator/reset`)).status).toBe(204);
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
    const index = (await control("GET", `/_emulator`)).body as { endpoints: unknown };
    expect(index.endpoints).toEqual(emulator.endpoints);
    expect(emulator.endpoints).toEqual({
      bapi: `${emulator.url}/bap`,
      powerApps: `${emulator.url}/powerapps`,
      ppapi: `${emulator.url}/ppapi`,
    });
    expect((await control("GET", `/_emulator/nothing`)).status).toBe(404);
  });
});

describe("control endpoint hardening", () => {
  it("refuses a merge patch that would replace an object's prototype", async () => {
    const reply = await control("PATCH", `/_emulator/state`, {
      body: '{"tenantSettings":{"__proto__":{"polluted":true}}}',
    });
    expect(reply.body).toEqual({
      error: { code: "EmulatorControlError", message: "the key '__proto__' is not allowed in a patch" },
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses configuration keys other than timing and behaviour", async () => {
    const reply = await control("PATCH", `/_emulator/config`, { body: { timings: {} } });
    expect((reply.body as { error: { message: string } }).error.message).toBe(
      "unknown configuration key 'timings'; known: timing, behaviour",
    );
  });
});

/**
 * A control request with exactly these headers (node:http, so Host and Origin can be forged; `setHost: false`
 * sends no Host unless given). Answers status, the WWW-Authenticate header and the error message.
 */
function forged(
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; challenge: string | undefined; message: string | undefined }> {
  const { port } = new URL(emulator.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, headers, setHost: false }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          challenge: res.headers["www-authenticate"],
          message: text === "" ? undefined : (JSON.parse(text) as { error: { message: string } }).error.message,
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

describe("control endpoint guards: token, Host, Origin", () => {
  const NEEDS_TOKEN =
    "the control endpoint needs Authorization: Bearer <control token> (emulator.controlToken; govai-emulator prints it on its third line)";
  const CHALLENGE = 'Bearer realm="govai-emulator-control"';
  const host = () => `127.0.0.1:${new URL(emulator.url).port}`;
  const onlyHere = () =>
    `the control endpoint answers only 127.0.0.1:${new URL(emulator.url).port} or localhost:${new URL(emulator.url).port}`;
  const bearer = () => `Bearer ${emulator.controlToken}`;

  it.each([
    ["no token", () => ({ host: host() }), 401, () => NEEDS_TOKEN, CHALLENGE],
    [
      "a wrong token of the same length",
      () => ({ host: host(), authorization: `Bearer ${"0".repeat(64)}` }),
      401,
      () => `${NEEDS_TOKEN}; the token given is not it`,
      CHALLENGE,
    ],
    [
      "an API token instead of the control token",
      () => ({ host: host(), authorization: "Bearer eyJhbGciOiJub25lIn0.e30." }),
      401,
      () => `${NEEDS_TOKEN}; the token given is not it`,
      CHALLENGE,
    ],
    [
      "a DNS-rebinding Host, even with the right token",
      () => ({ host: `evil.example:${new URL(emulator.url).port}`, authorization: bearer() }),
      403,
      () => `the Host header "evil.example:${new URL(emulator.url).port}" is not this emulator; ${onlyHere()}`,
      undefined,
    ],
    [
      "a loopback Host on another port",
      () => ({ host: "127.0.0.1:1", authorization: bearer() }),
      403,
      () => `the Host header "127.0.0.1:1" is not this emulator; ${onlyHere()}`,
      undefined,
    ],
    [
      "a page of another site (Origin), even with the right token",
      () => ({ host: host(), origin: "https://evil.example", authorization: bearer() }),
      403,
      () =>
        'the Origin "https://evil.example" is not a loopback origin; the control endpoint refuses requests from other sites\' pages',
      undefined,
    ],
    [
      "Origin null (a sandboxed page)",
      () => ({ host: host(), origin: "null", authorization: bearer() }),
      403,
      () =>
        'the Origin "null" is not a loopback origin; the control endpoint refuses requests from other sites\' pages',
      undefined,
    ],
    [
      "an Origin that only starts like loopback",
      () => ({ host: host(), origin: "http://127.0.0.1.evil.example", authorization: bearer() }),
      403,
      () =>
        'the Origin "http://127.0.0.1.evil.example" is not a loopback origin; the control endpoint refuses requests from other sites\' pages',
      undefined,
    ],
  ])("refuses %s, and nothing is reset", async (_name, headers, status, message, challenge) => {
    emulator.faults.add({ kind: "status", status: 503 });
    expect(await forged("POST", "/_emulator/reset", headers())).toEqual({ status, challenge, message: message() });
    expect(emulator.faults.list()).toHaveLength(1);
  });

  it("refuses a request without Host: Node answers HTTP/1.1 with 400, the guard answers HTTP/1.0 with 403", async () => {
    emulator.faults.add({ kind: "status", status: 503 });
    expect(await forged("POST", "/_emulator/reset", { authorization: bearer() })).toEqual({
      status: 400,
      challenge: undefined,
      message: undefined,
    });
    const { port } = new URL(emulator.url);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), "127.0.0.1", () => {
        socket.write(`POST /_emulator/reset HTTP/1.0\r\nAuthorization: ${bearer()}\r\n\r\n`);
      });
      let text = "";
      socket.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect([reply.split("\r\n")[0], JSON.parse(reply.slice(reply.indexOf("\r\n\r\n") + 4))]).toEqual([
      "HTTP/1.1 403 Forbidden",
      { error: { code: "EmulatorControlError", message: `the request has no Host header; ${onlyHere()}` } },
    ]);
    expect(emulator.faults.list()).toHaveLength(1);
  });

  it("serves a local tool: the token with Host 127.0.0.1 or localhost, with no Origin or a loopback one", async () => {
    const port = new URL(emulator.url).port;
    const ok = { status: 204, challenge: undefined, message: undefined };
    emulator.faults.add({ kind: "status", status: 503 });
    expect(await forged("POST", "/_emulator/reset", { host: `127.0.0.1:${port}`, authorization: bearer() })).toEqual(
      ok,
    );
    expect(emulator.faults.list()).toEqual([]);
    expect(await forged("DELETE", "/_emulator/log", { host: `LOCALHOST:${port}`, authorization: bearer() })).toEqual(
      ok,
    );
    expect(
      await forged("DELETE", "/_emulator/log", {
        host: `localhost:${port}`,
        origin: "http://localhost:3000",
        authorization: `bearer ${emulator.controlToken}`,
      }),
    ).toEqual(ok);
  });

  it("takes a chosen control token, and refuses one too short to guess-proof", async () => {
    const chosen = await startEmulator({ controlToken: "a-token-for-this-test" });
    try {
      expect(chosen.controlToken).toBe("a-token-for-this-test");
      expect((await call("GET", `${chosen.url}/_emulator/config`, { token: "a-token-for-this-test" })).status).toBe(
        200,
      );
    } finally {
      await chosen.close();
    }
    await expect(startEmulator({ controlToken: "short" })).rejects.toThrow(
      "controlToken must be at least 16 visible ASCII characters, without spaces",
    );
  });
});
