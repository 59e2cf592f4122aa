/** Fault rules: injected statuses with Retry-After three ways, resets, delays, dropped responses, 401s, counts. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.ts";
import { BAP, call, client, createBody, id, start } from "./support.ts";

let emulator: Emulator;
beforeEach(async () => {
  emulator = await start();
});
afterEach(async () => {
  await emulator.close();
});

const list = `${BAP}/scopes/admin/environments?api-version=2023-06-01`;

describe("injected statuses", () => {
  it("429 with Retry-After as integer seconds, as an HTTP-date, and missing", async () => {
    const c = await client(emulator);
    emulator.faults.add({ kind: "status", status: 429, retryAfter: 7, path: "/bap/*" });
    emulator.faults.add({ kind: "status", status: 429, retryAfter: { httpDateInSeconds: 30 }, path: "/bap/*" });
    emulator.faults.add({ kind: "status", status: 429, path: "/bap/*" });
    const replies = [
      await c.bap("GET", list),
      await c.bap("GET", list),
      await c.bap("GET", list),
      await c.bap("GET", list),
    ];
    expect(replies.map((r) => [r.status, r.headers.get("retry-after")])).toEqual([
      [429, "7"],
      [429, "Thu, 01 Jan 2026 10:00:30 GMT"],
      [429, null],
      [200, null],
    ]);
    expect(replies[0]?.body).toEqual({
      error: {
        code: "TooManyRequests",
        message: "The request was throttled. Retry after the interval in the Retry-After header.",
      },
    });
  });

  it("sends a Go-duration Retry-After string verbatim", async () => {
    const c = await client(emulator);
    emulator.faults.add({ kind: "status", status: 503, retryAfter: "5s" });
    const reply = await c.bap("GET", list);
    expect([reply.status, reply.headers.get("retry-after")]).toEqual([503, "5s"]);
  });

  it("injects 500, 502, 503, 504, 408 and 499 with their error codes", async () => {
    const c = await client(emulator);
    const statuses = [500, 502, 503, 504, 408, 499];
    for (const status of statuses)
      emulator.faults.add({ kind: "status", status, method: "GET", path: "/bap/*/scopes/admin/environments" });
    const codes: Array<[number, string]> = [];
    for (const _ of statuses) {
      const reply = await c.bap("GET", list);
      codes.push([reply.status, (reply.body as { error: { code: string } }).error.code]);
    }
    expect(codes).toEqual([
      [500, "InternalServerError"],
      [502, "BadGateway"],
      [503, "ServiceUnavailable"],
      [504, "GatewayTimeout"],
      [408, "RequestTimeout"],
      [499, "ClientClosedRequest"],
    ]);
    expect((await c.bap("GET", list)).status).toBe(200);
  });

  it("fires on the next `times` matches only, after skipping `skip`, and only for the matching method", async () => {
    const c = await client(emulator);
    emulator.faults.add({ kind: "status", status: 503, method: "GET", path: "/bap/*", skip: 1, times: 3 });
    const statuses: number[] = [];
    await c.bap("POST", `${BAP}/validateEnvironmentDetails?api-version=2021-04-01`, { domainName: "x" });
    for (let i = 0; i < 6; i++) statuses.push((await c.bap("GET", list)).status);
    expect(statuses).toEqual([200, 503, 503, 503, 200, 200]);
    expect(emulator.log.find({ route: "environments.list" }).map((e) => e.fault)).toEqual([
      null,
      "status",
      "status",
      "status",
      null,
      null,
    ]);
    expect(emulator.log.count({ route: "environments.validateDetails", status: 200 })).toBe(1);
  });

  it("matches a RegExp against the path with its query, and 'always' keeps firing", async () => {
    const c = await client(emulator);
    const ruleId = emulator.faults.add({
      kind: "status",
      status: 502,
      path: /api-version=2023-06-01$/,
      times: "always",
    });
    expect((await c.bap("GET", list)).status).toBe(502);
    expect((await c.bap("GET", list)).status).toBe(502);
    expect(emulator.faults.list()).toEqual([
      {
        kind: "status",
        status: 502,
        pathRegex: "api-version=2023-06-01$",
        times: "always",
        id: ruleId,
        remaining: "always",
        skipRemaining: 0,
        fired: 2,
      },
    ]);
    expect(emulator.faults.remove(ruleId)).toBe(true);
    expect((await c.bap("GET", list)).status).toBe(200);
  });

  it("rejects an invalid rule with a clear message", () => {
    expect(() => emulator.faults.add({ kind: "status", status: 42 } as never)).toThrow(
      "fault of kind 'status' needs 'status' between 100 and 599; got 42",
    );
    expect(() => emulator.faults.add({ kind: "explode" } as never)).toThrow(
      "fault 'kind' must be one of status, reset, delay, dropResponse, unauthorized, caeChallenge, failLifecycle; got \"explode\"",
    );
  });
});

describe("connection faults", () => {
  it("reset destroys the socket without a response", async () => {
    const c = await client(emulator);
    emulator.faults.add({ kind: "reset" });
    await expect(c.bap("GET", list)).rejects.toThrow("fetch failed");
    expect(emulator.log.entries.map((e) => [e.route, e.status, e.fault])).toEqual([
      ["environments.list", null, "reset"],
    ]);
    expect((await c.bap("GET", list)).status).toBe(200);
  });

  it("dropResponse applies the change, then destroys the socket: the environment exists", async () => {
    const c = await client(emulator);
    emulator.faults.add({ kind: "dropResponse", method: "POST", path: "/bap/*/environments" });
    await expect(c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, createBody("dropped"))).rejects.toThrow(
      "fetch failed",
    );
    expect(Object.keys(emulator.state.environments)).toEqual([id(1)]);
    expect(emulator.log.entries.map((e) => [e.route, e.status, e.fault])).toEqual([
      ["environments.create", 202, "dropResponse"],
    ]);
    const again = await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, createBody("dropped"));
    expect(again.status).toBe(409);
  });

  it("delay holds the response for the given milliseconds, then serves it", async () => {
    const c = await client(emulator);
    emulator.faults.add({ kind: "delay", ms: 150 });
    const started = performance.now();
    const reply = await c.bap("GET", list);
    expect(reply.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe("401 faults", () => {
  it("unauthorized answers 401 once; the next call goes through", async () => {
    const c = await client(emulator);
    emulator.faults.add({ kind: "unauthorized" });
    const first = await c.bap("GET", list);
    expect(first.status).toBe(401);
    expect(first.body).toEqual({
      error: { code: "InvalidAuthenticationToken", message: "The access token has expired or is not yet valid." },
    });
    expect((await c.bap("GET", list)).status).toBe(200);
  });

  it("caeChallenge answers 401 with an insufficient_claims challenge", async () => {
    const c = await client(emulator);
    emulator.faults.add({ kind: "caeChallenge", claims: "eyJhY2Nlc3NfdG9rZW4iOnt9fQ==" });
    const reply = await c.bap("GET", list);
    expect(reply.status).toBe(401);
    expect(reply.headers.get("www-authenticate")).toBe(
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="',
    );
  });
});

describe("lifecycle faults", () => {
  it("a 409 injected mid-poll, then the operation continues", async () => {
    const c = await client(emulator);
    const started = await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, createBody("midpoll"));
    emulator.faults.add({ kind: "status", status: 409, path: "/bap-regional/*/lifecycleOperations/*" });
    const location = started.headers.get("location") ?? "";
    const statuses: Array<[number, string | undefined]> = [];
    for (let i = 0; i < 3; i++) {
      const r = await c.url("GET", location);
      statuses.push([r.status, (r.body as { state?: { id: string } }).state?.id]);
    }
    expect(statuses).toEqual([
      [409, undefined],
      [200, "Running"],
      [200, "Succeeded"],
    ]);
  });
});

describe("concurrency budget", () => {
  it("answers 429 Retry-After 1 above maxConcurrentRequestsPerFamily", async () => {
    emulator.configure({ behaviour: { maxConcurrentRequestsPerFamily: 1 } });
    emulator.faults.add({ kind: "delay", ms: 200 });
    const c = await client(emulator);
    const [slow, fast] = await Promise.all([
      c.bap("GET", list),
      new Promise((r) => setTimeout(r, 50)).then(() => c.bap("GET", list)),
    ]);
    expect([slow.status, fast.status, fast.headers.get("retry-after")]).toEqual([200, 429, "1"]);
  });
});

describe("unknown routes", () => {
  it("answer 501 naming the method and path, and are logged as unmatched", async () => {
    const c = await client(emulator);
    const reply = await c.bap("GET", `${BAP}/somethingNew?api-version=1`);
    expect(reply).toMatchObject({
      status: 501,
      body: {
        error: {
          code: "NotImplementedInEmulator",
          message: `The emulator has no route for GET /bap${BAP}/somethingNew (family 'bapi', API path '${BAP}/somethingNew').`,
        },
      },
    });
    const other = await call("GET", `${emulator.url}/unemulated/flow/x`);
    expect(other.status).toBe(501);
    expect(emulator.log.unmatched.map((e) => [e.method, e.path, e.family])).toEqual([
      ["GET", `/bap${BAP}/somethingNew?api-version=1`, "bapi"],
      ["GET", "/unemulated/flow/x", "unknown"],
    ]);
  });
});
