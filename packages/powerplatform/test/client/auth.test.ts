/** Token cache: one token per scope, shared by concurrent callers, refreshed near expiry or after refreshAfter. */
import type { AccessToken, TokenCredential } from "@azure/identity";
import { expect, it } from "vitest";
import { TokenCache } from "../../src/client/auth.ts";
import { virtualClock } from "../../src/client/clock.ts";

const START = Date.UTC(2026, 0, 1);

function counting(lifetimeMs: number, refreshAfterMs?: number) {
  const calls: string[] = [];
  let n = 0;
  const credential: TokenCredential = {
    async getToken(scopes): Promise<AccessToken> {
      calls.push(String(scopes));
      n += 1;
      const mine = n;
      await new Promise((r) => setImmediate(r));
      const token: AccessToken = { token: `t${mine}`, expiresOnTimestamp: clock.now() + lifetimeMs };
      if (refreshAfterMs !== undefined) token.refreshAfterTimestamp = clock.now() + refreshAfterMs;
      return token;
    },
  };
  const clock = virtualClock(START);
  return { credential, calls, clock };
}

it("concurrent callers for one scope share one credential call; other scopes get their own", async () => {
  const { credential, calls, clock } = counting(3_600_000);
  const cache = new TokenCache(credential, clock);
  const tokens = await Promise.all([cache.get("a/.default"), cache.get("a/.default"), cache.get("b/.default")]);
  expect(tokens).toEqual(["t1", "t1", "t2"]);
  expect(calls).toEqual(["a/.default", "b/.default"]);
});

it("asks again five minutes before expiry, or after the credential's refreshAfter", async () => {
  const { credential, clock } = counting(3_600_000, 1_800_000);
  const cache = new TokenCache(credential, clock);
  expect(await cache.get("a/.default")).toEqual("t1");
  clock.advance(1_799_000);
  expect(await cache.get("a/.default")).toEqual("t1");
  clock.advance(2_000);
  expect(await cache.get("a/.default")).toEqual("t2");

  const plain = counting(3_600_000);
  const cache2 = new TokenCache(plain.credential, plain.clock);
  await cache2.get("a/.default");
  plain.clock.advance(3_600_000 - 300_001);
  expect(await cache2.get("a/.default")).toEqual("t1");
  plain.clock.advance(2);
  expect(await cache2.get("a/.default")).toEqual("t2");
});

it("one caller's abort does not fail the others sharing the token request", async () => {
  const { credential, clock } = counting(3_600_000);
  const cache = new TokenCache(credential, clock);
  const controller = new AbortController();
  const aborted = cache.get("a/.default", controller.signal);
  const other = cache.get("a/.default");
  controller.abort(new Error("cancelled"));
  await expect(aborted).rejects.toThrow("cancelled");
  expect(await other).toEqual("t1");
});

it("a credential failure says what to check", async () => {
  const cache = new TokenCache(
    {
      getToken: async () => {
        throw new Error("AADSTS700016: Application not found");
      },
    },
    virtualClock(),
  );
  await expect(cache.get("https://service.powerapps.com/.default")).rejects.toThrow(
    "could not get an access token for https://service.powerapps.com/.default: AADSTS700016: Application not found\nHint: check the credential: for a pipeline, the federated (OIDC) or certificate settings of the service principal; locally, `az login`",
  );
});
