/**
 * The executor's per-call `finalStatuses`: a listed status fails the call at once with the typed error, even one
 * that is otherwise retried; `accept` still wins; unlisted statuses keep the retry rules. Driven against the
 * emulator's fault rules, on a virtual clock.
 */
import { type Emulator, emulatorCredential } from "@govai/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { TokenCache } from "../../src/client/auth.ts";
import { virtualClock } from "../../src/client/clock.ts";
import { CLOUD_PROFILES, scopeOf } from "../../src/client/clouds.ts";
import { PowerPlatformApiError } from "../../src/client/errors.ts";
import { type CallContext, DEFAULT_RETRY, HttpExecutor, type HttpRequest } from "../../src/client/http.ts";
import { HostLimiter } from "../../src/client/limiter.ts";
import { APP, start } from "./support.ts";

const LIST = "/bap/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments";
let emulator: Emulator;
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

function executor() {
  const clock = virtualClock();
  const http = new HttpExecutor({
    tokens: new TokenCache(emulatorCredential({ appId: APP }), clock),
    clock,
    limiter: new HostLimiter(8),
    retry: DEFAULT_RETRY,
    random: () => 0.5,
    attemptTimeoutMs: 120_000,
    fetch: globalThis.fetch,
    userAgent: "test",
  });
  return { http, clock };
}

const ctx: CallContext = { operation: "probe", correlationId: "c-1", deadline: undefined, signal: undefined };
const list = (extra: Partial<HttpRequest>): HttpRequest => ({
  method: "GET",
  url: `${emulator.endpoints.bapi}/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments?api-version=2023-06-01`,
  scope: scopeOf(CLOUD_PROFILES.public.bapiAudience),
  accept: [200],
  ...extra,
});
const statuses = () => emulator.log.find({ path: /scopes\/admin\/environments\?/ }).map((e) => e.status);

describe("finalStatuses", () => {
  it("a listed 503 fails the first attempt with the service's code and the hint; nothing is slept", async () => {
    emulator = await start();
    const { http, clock } = executor();
    emulator.faults.add({ method: "GET", path: LIST, kind: "status", status: 503, retryAfter: 1 });
    const error = await http
      .send(ctx, list({ finalStatuses: [503], finalHint: "do the thing" }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PowerPlatformApiError);
    const e = error as PowerPlatformApiError;
    expect([e.status, e.code, e.request.attempts, e.hint]).toEqual([503, "ServiceUnavailable", 1, "do the thing"]);
    expect(statuses()).toEqual([503]);
    expect(clock.sleeps).toEqual([]);
  });

  it("a status the call does not list is still retried (the same 503, then 200)", async () => {
    emulator = await start();
    const { http, clock } = executor();
    emulator.faults.add({ method: "GET", path: LIST, kind: "status", status: 503, retryAfter: 1 });
    const r = await http.send(ctx, list({ finalStatuses: [500] }));
    expect(r.status).toEqual(200);
    expect(statuses()).toEqual([503, 200]);
    expect(clock.sleeps).toEqual([1_000]);
  });

  it("accept wins over finalStatuses: the status is returned, not thrown", async () => {
    emulator = await start();
    const { http } = executor();
    emulator.faults.add({ method: "GET", path: LIST, kind: "status", status: 500 });
    const r = await http.send(ctx, list({ accept: [200, 500], finalStatuses: [500] }));
    expect(r.status).toEqual(500);
    expect(statuses()).toEqual([500]);
  });

  it("a listed status without a hint of its own keeps the known hint of that answer", async () => {
    emulator = await start();
    const { http } = executor();
    emulator.faults.add({
      method: "GET",
      path: LIST,
      kind: "status",
      status: 500,
      body: { error: { code: "EnvironmentNotFound", message: "gone" } },
    });
    const e = (await http.send(ctx, list({ finalStatuses: [500] })).catch((x: unknown) => x)) as PowerPlatformApiError;
    expect([e.status, e.code, e.hint]).toEqual([
      500,
      "EnvironmentNotFound",
      "the environment was deleted or the id is wrong",
    ]);
  });
});
