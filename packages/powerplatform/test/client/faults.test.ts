/** Every fault class of the HTTP executor, against the emulator's fault rules. */

import type { GetTokenOptions, TokenCredential } from "@azure/identity";
import { type Emulator, emulatorCredential } from "@govai/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { PowerPlatformClient } from "../../src/client/client.ts";
import { systemClock, virtualClock } from "../../src/client/clock.ts";
import {
  AmbiguousRequestError,
  AuthenticationError,
  DeadlineExceededError,
  PowerPlatformApiError,
  RetriesExhaustedError,
} from "../../src/client/errors.ts";
import { APP, clientFor, start } from "./support.ts";

const LIST = "/bap/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments";
const DLP = "/bap/providers/PowerPlatform.Governance/v2/policies";
let emulator: Emulator;
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

const listStatuses = () => emulator.log.find({ path: /scopes\/admin\/environments\?/ }).map((e) => e.status);

describe("429 and Retry-After", () => {
  it("honours Retry-After in integer seconds", async () => {
    emulator = await start();
    const { client, clock } = clientFor(emulator);
    emulator.faults.add({ method: "GET", path: LIST, kind: "status", status: 429, retryAfter: 7 });
    expect(await client.listEnvironments()).toEqual([]);
    expect(listStatuses()).toEqual([429, 200]);
    expect(clock.sleeps).toEqual([7_000]);
  });

  it("honours Retry-After as an HTTP date", async () => {
    const now = Date.UTC(2026, 0, 1, 10);
    emulator = await start({ clock: () => new Date(now) });
    const clock = virtualClock(now);
    const { client } = clientFor(emulator, { clock });
    emulator.faults.add({
      method: "GET",
      path: LIST,
      kind: "status",
      status: 429,
      retryAfter: { httpDateInSeconds: 30 },
    });
    await client.listEnvironments();
    expect(clock.sleeps).toEqual([30_000]);
  });

  it("honours Retry-After as a Go duration", async () => {
    emulator = await start();
    const { client, clock } = clientFor(emulator);
    emulator.faults.add({ method: "GET", path: LIST, kind: "status", status: 429, retryAfter: "1m5s" });
    await client.listEnvironments();
    expect(clock.sleeps).toEqual([65_000]);
  });

  it("without Retry-After, backs off exponentially with jitter (random fixed at 0.5 here)", async () => {
    emulator = await start();
    const { client, clock } = clientFor(emulator);
    emulator.faults.add({ method: "GET", path: LIST, kind: "status", status: 429, times: 4 });
    await client.listEnvironments();
    expect(listStatuses()).toEqual([429, 429, 429, 429, 200]);
    // step = base·2^n capped at 30 s; wait = step/2 + random·step/2
    expect(clock.sleeps).toEqual([750, 1_500, 3_000, 6_000]);
  });

  it("stops at the attempt cap with a typed error naming the last status", async () => {
    emulator = await start();
    const { client } = clientFor(emulator, { retry: { maxAttempts: 3 } });
    emulator.faults.add({ method: "GET", path: LIST, kind: "status", status: 429, retryAfter: 1, times: "always" });
    const error = await client.listEnvironments().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as RetriesExhaustedError).lastResponse?.status).toEqual(429);
    expect((error as Error).message).toMatch(
      /^gave up after 3 attempt\(s\) \(attempt cap 3\): listEnvironments: GET http:\/\/127\.0\.0\.1:\d+\/bap\/providers\/Microsoft\.BusinessAppPlatform\/scopes\/admin\/environments\?api-version=2023-06-01&%24expand=properties%2FbillingPolicy%2Cproperties%2FcopilotPolicies → 429 TooManyRequests: /,
    );
    expect((error as RetriesExhaustedError).hint).toEqual(
      "the service is throttling this identity; lower the parallelism (e.g. `pulumi up --parallel`) or retry later",
    );
    expect(listStatuses()).toEqual([429, 429, 429]);
  });

  it("stops when the next wait would exceed the retry time budget", async () => {
    emulator = await start();
    const { client, clock } = clientFor(emulator, { retry: { maxElapsedMs: 60_000 } });
    emulator.faults.add({ method: "GET", path: LIST, kind: "status", status: 429, retryAfter: 40, times: "always" });
    const error = await client.listEnvironments().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as Error).message).toContain("(retry time budget 60000 ms)");
    expect(clock.sleeps).toEqual([40_000]);
  });

  it("a 429 on a non-idempotent POST is retried: the service did not act on it", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    emulator.faults.add({
      method: "POST",
      path: "/bap/providers/Microsoft.BusinessAppPlatform/environmentGroups",
      kind: "status",
      status: 429,
      retryAfter: 1,
    });
    const group = await client.createEnvironmentGroup({ displayName: "Agents" });
    expect(group.displayName).toEqual("Agents");
    expect(emulator.log.find({ method: "POST", apiPath: /environmentGroups$/ }).map((e) => e.status)).toEqual([
      429, 201,
    ]);
  });
});

describe("5xx and connection resets", () => {
  it.each([500, 502, 503, 504, 408, 499])("retries %i on an idempotent GET", async (status) => {
    emulator = await start();
    const { client } = clientFor(emulator);
    emulator.faults.add({ method: "GET", path: LIST, kind: "status", status });
    await client.listEnvironments();
    expect(listStatuses()).toEqual([status, 200]);
  });

  it("retries a connection reset on a GET", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    emulator.faults.add({ method: "GET", path: LIST, kind: "reset", times: 2 });
    await client.listEnvironments();
    expect(listStatuses()).toEqual([null, null, 200]);
  });

  it("never resends a non-idempotent POST after a reset or a 5xx", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    emulator.faults.add({
      method: "POST",
      path: "/bap/providers/Microsoft.BusinessAppPlatform/environmentGroups",
      kind: "status",
      status: 502,
    });
    const outer = await client.createEnvironmentGroup({ displayName: "Agents" }).catch((e: unknown) => e);
    // The group create then looks for its marker (environment-groups.test.ts); the executor's error is the cause.
    const error = (outer as Error).cause;
    expect(error).toBeInstanceOf(AmbiguousRequestError);
    expect((error as AmbiguousRequestError).response?.status).toEqual(502);
    expect((error as Error).message).toMatch(
      /^the outcome of a non-idempotent request is unknown, so it was not resent: createEnvironmentGroup: POST http:\/\/127\.0\.0\.1:\d+\/bap\/providers\/Microsoft\.BusinessAppPlatform\/environmentGroups\?api-version=2021-04-01 → 502 /,
    );
    expect(emulator.log.count({ method: "POST", apiPath: /environmentGroups$/ })).toEqual(1);
  });

  it("a DLP create whose response was dropped is found by its ownership marker instead of being sent twice", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    emulator.faults.add({ method: "POST", path: DLP, kind: "dropResponse" });
    const policy = await client.createDlpPolicy({
      displayName: "agents-dev-dlp",
      defaultGroup: "blocked",
      environments: { kind: "all" },
      business: [],
      nonBusiness: [],
      blocked: [],
      endpointRules: {},
      actionRules: {},
      customConnectorPatterns: [],
    });
    expect(policy.displayName).toEqual("agents-dev-dlp");
    expect(Object.keys(emulator.state.dlpPolicies)).toEqual([policy.id]);
    expect(emulator.log.count({ method: "POST", path: DLP })).toEqual(1);
  });
});

describe("409 with an empty body", () => {
  it("where a call does not wait it out, it fails at once saying the service was busy and to run again", async () => {
    emulator = await start();
    const { client, clock } = clientFor(emulator);
    const group = await client.createEnvironmentGroup({ displayName: "Agents" });
    emulator.faults.add({ method: "PUT", path: "/bap/*/environmentGroups/*", kind: "status", status: 409, body: "" });
    const error = await client.updateEnvironmentGroup(group.id, { displayName: "Agent pilots" }).catch((e) => e);
    expect(error).toBeInstanceOf(PowerPlatformApiError);
    const e = error as PowerPlatformApiError;
    expect([e.status, e.code, e.rawBody, e.request.attempts, clock.sleeps]).toEqual([409, undefined, "", 1, []]);
    expect(e.message).toEqual(
      `updateEnvironmentGroup: PUT ${emulator.url}/bap/providers/Microsoft.BusinessAppPlatform/environmentGroups/${group.id}?api-version=2021-04-01 → 409: (empty body) (request id ${e.requestId}, client request id ${e.request.clientRequestId})\nHint: the service answered 409 Conflict with an empty body, which it sends while the resource is busy with another change (for example right after an environment was created); wait a few minutes and run again`,
    );
  });
});

describe("deadlines and cancellation", () => {
  it("a slow response past the deadline fails with DeadlineExceededError", async () => {
    emulator = await start();
    const { client } = clientFor(emulator, { clock: systemClock });
    emulator.faults.add({ method: "GET", path: LIST, kind: "delay", ms: 5_000 });
    const started = Date.now();
    const error = await client.listEnvironments({}, { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect((error as Error).message).toMatch(
      /^listEnvironments: the deadline passed while waiting for GET http:\/\/127\.0\.0\.1:\d+\/bap\/providers\/Microsoft\.BusinessAppPlatform\/scopes\/admin\/environments$/,
    );
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("a deadline that a Retry-After would overrun fails without sleeping", async () => {
    emulator = await start();
    const { client, clock } = clientFor(emulator);
    emulator.faults.add({ method: "GET", path: LIST, kind: "status", status: 503, retryAfter: 120 });
    const error = await client.listEnvironments({}, { timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(clock.sleeps).toEqual([]);
  });

  it("an abort signal cancels the operation with its reason", async () => {
    emulator = await start();
    const { client } = clientFor(emulator, { clock: systemClock });
    emulator.faults.add({ method: "GET", path: LIST, kind: "delay", ms: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stop: user pressed Ctrl-C")), 50);
    await expect(client.listEnvironments({}, { signal: controller.signal })).rejects.toThrow(
      "stop: user pressed Ctrl-C",
    );
  });
});

/** Wraps a credential and records every getToken call. */
function recording(inner: TokenCredential) {
  const calls: Array<{ scope: string; claims: string | undefined }> = [];
  const credential: TokenCredential = {
    getToken(scopes, options?: GetTokenOptions) {
      calls.push({ scope: String(scopes), claims: options?.claims });
      return inner.getToken(scopes, options);
    },
  };
  return { credential, calls };
}

describe("authentication", () => {
  it("caches one token per scope", async () => {
    emulator = await start();
    const { credential, calls } = recording(emulatorCredential({ appId: APP }));
    const { client } = clientFor(emulator, { credential });
    await client.listEnvironments();
    await client.listEnvironments();
    await client.listConnectors();
    expect(calls).toEqual([{ scope: "https://service.powerapps.com/.default", claims: undefined }]);
  });

  it("a 401 refreshes the token once, then succeeds", async () => {
    emulator = await start();
    const { credential, calls } = recording(emulatorCredential({ appId: APP }));
    const { client } = clientFor(emulator, { credential });
    emulator.faults.add({ method: "GET", path: LIST, kind: "unauthorized" });
    await client.listEnvironments();
    expect(calls.length).toEqual(2);
    expect(listStatuses()).toEqual([401, 200]);
  });

  it("a second 401 fails with AuthenticationError", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    emulator.faults.add({ method: "GET", path: LIST, kind: "unauthorized", times: 2 });
    const error = await client.listEnvironments().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toEqual(401);
    expect((error as AuthenticationError).hint).toEqual(
      "a fresh token was rejected too; check that the credential belongs to this tenant and may call this API",
    );
    expect(listStatuses()).toEqual([401, 401]);
  });

  it("a CAE challenge gets one token carrying the claims, never a blind retry", async () => {
    emulator = await start();
    const { credential, calls } = recording(emulatorCredential({ appId: APP }));
    const { client } = clientFor(emulator, { credential });
    const claims = '{"access_token":{"nbf":{"essential":true,"value":"1767261600"}}}';
    // The service sends the claims base64-encoded in the WWW-Authenticate header; the credential gets them decoded.
    const encoded = Buffer.from(claims).toString("base64");
    emulator.faults.add({ method: "GET", path: LIST, kind: "caeChallenge", claims: encoded });
    await client.listEnvironments();
    expect(calls).toEqual([
      { scope: "https://service.powerapps.com/.default", claims: undefined },
      { scope: "https://service.powerapps.com/.default", claims },
    ]);

    emulator.faults.add({ method: "GET", path: LIST, kind: "caeChallenge", claims: encoded, times: 2 });
    const error = await client.listEnvironments().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).hint).toContain("Continuous Access Evaluation challenge");
    expect(listStatuses()).toEqual([401, 200, 401, 401]);
  });
});

describe("concurrency and correlation", () => {
  it("keeps at most maxConcurrencyPerHost requests in flight to one host", async () => {
    emulator = await start({ behaviour: { maxConcurrentRequestsPerFamily: 2 } });
    const { client } = clientFor(emulator, { maxConcurrencyPerHost: 2, clock: systemClock });
    emulator.faults.add({ method: "GET", path: LIST, kind: "delay", ms: 30, times: "always" });
    await Promise.all(Array.from({ length: 8 }, () => client.listEnvironments()));
    expect(client.stats.peakConcurrency).toEqual({ [new URL(emulator.url).host]: 2 });
    expect(emulator.log.count({ status: 429 })).toEqual(0);
    expect(listStatuses()).toEqual(Array(8).fill(200));
  });

  it("without the limit the emulator's per-family cap answers 429, and the retries still get every call through", async () => {
    emulator = await start({ behaviour: { maxConcurrentRequestsPerFamily: 2 } });
    // Real time: the cap's Retry-After (1 s) must really pass for the slow requests holding the slots to finish.
    const { client } = clientFor(emulator, { maxConcurrencyPerHost: 8, clock: systemClock });
    emulator.faults.add({ method: "GET", path: LIST, kind: "delay", ms: 30, times: "always" });
    const results = await Promise.all(Array.from({ length: 8 }, () => client.listEnvironments()));
    expect(results).toEqual(Array(8).fill([]));
    expect(emulator.log.count({ status: 429 })).toBeGreaterThan(0);
  });

  it("sends one client request id per call (kept across retries) and one correlation id per operation", async () => {
    emulator = await start();
    const seen: Array<Record<string, string | null>> = [];
    const spy: typeof fetch = (input, init) => {
      const h = new Headers(init?.headers);
      seen.push({
        path: new URL(String(input)).pathname.replace(/^.*\/providers\//, ""),
        request: h.get("x-ms-client-request-id"),
        correlation: h.get("x-ms-correlation-id"),
        session: h.get("x-ms-client-session-id"),
      });
      return fetch(input, init);
    };
    const { client } = clientFor(emulator, { fetch: spy });
    emulator.faults.add({ method: "GET", path: LIST, kind: "status", status: 503 });
    await client.listEnvironments({}, { correlationId: "11111111-2222-4333-8444-000000000001" });
    await client.listEnvironments({}, { correlationId: "11111111-2222-4333-8444-000000000002" });
    expect(seen.map((s) => s.correlation)).toEqual([
      "11111111-2222-4333-8444-000000000001",
      "11111111-2222-4333-8444-000000000001",
      "11111111-2222-4333-8444-000000000002",
    ]);
    expect(seen.map((s) => s.session)).toEqual(seen.map((s) => s.correlation));
    expect(seen[0]?.request).toEqual(seen[1]?.request);
    expect(seen[2]?.request).not.toEqual(seen[0]?.request);
    expect(seen[0]?.request).toMatch(/^[0-9a-f-]{36}$/);
  });
});

it("the client refuses to follow a Location header to a host outside the BAPI family", async () => {
  emulator = await start();
  const { client } = clientFor(emulator);
  emulator.faults.add({
    method: "POST",
    path: "/bap/providers/Microsoft.BusinessAppPlatform/environments",
    kind: "status",
    status: 202,
    headers: { Location: "https://attacker.example/steal" },
    body: {},
  });
  const { dataverse: _, ...input } = { ...(await import("./support.ts")).devInput() };
  await expect(client.createEnvironment(input)).rejects.toThrow(
    "createEnvironment: the operation URL https://attacker.example/steal is not on the BAPI host; refusing to send a token there",
  );
  expect(new PowerPlatformClient({ credential: emulatorCredential(), endpoints: emulator.endpoints }).cloud).toEqual(
    "public",
  );
});
