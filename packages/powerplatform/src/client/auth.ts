/**
 * Tokens per scope, cached until shortly before they expire. One `TokenCredential` serves every API family; the
 * family decides the scope (see clouds.ts).
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/identity";
import type { Clock } from "./clock.ts";
import { errorText, PowerPlatformError } from "./errors.ts";

/** Refresh a cached token when it has less than this long to live. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/** Caches one access token per scope and asks the credential again only when it is near expiry or invalidated. */
export class TokenCache {
  readonly #credential: TokenCredential;
  readonly #clock: Clock;
  readonly #tokens = new Map<string, AccessToken>();
  readonly #pending = new Map<string, Promise<AccessToken>>();
  /** Number of times the credential was asked for a token (for tests and the benchmark). */
  requests = 0;

  constructor(credential: TokenCredential, clock: Clock) {
    this.#credential = credential;
    this.#clock = clock;
  }

  /** A token for `scope`, from the cache when it has more than five minutes left. */
  async get(scope: string, signal?: AbortSignal): Promise<string> {
    const cached = this.#tokens.get(scope);
    const now = this.#clock.now();
    const fresh =
      cached !== undefined &&
      cached.expiresOnTimestamp - now > REFRESH_MARGIN_MS &&
      (cached.refreshAfterTimestamp === undefined || now < cached.refreshAfterTimestamp);
    if (fresh) return cached.token;
    // Concurrent callers for the same scope share one credential call, which therefore gets no caller's signal
    // (one caller cancelling must not fail the others); each caller still stops waiting when its own signal aborts.
    let pending = this.#pending.get(scope);
    if (!pending) {
      pending = this.#fetch(scope, {}).finally(() => this.#pending.delete(scope));
      this.#pending.set(scope, pending);
    }
    if (!signal) return (await pending).token;
    signal.throwIfAborted();
    return new Promise<string>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      (pending as Promise<AccessToken>).then(
        (t) => {
          signal.removeEventListener("abort", onAbort);
          resolve(t.token);
        },
        (e: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(e);
        },
      );
    });
  }

  /** Forgets the cached token of `scope` (after a 401), so the next `get` asks the credential again. */
  invalidate(scope: string, token?: string): void {
    const cached = this.#tokens.get(scope);
    if (cached && (token === undefined || cached.token === token)) this.#tokens.delete(scope);
  }

  /** A token for `scope` that satisfies a Continuous Access Evaluation claims challenge (decoded `claims`). */
  async getWithClaims(scope: string, claims: string, signal?: AbortSignal): Promise<string> {
    this.invalidate(scope);
    const token = await this.#fetch(scope, { claims, enableCae: true, ...(signal ? { abortSignal: signal } : {}) });
    return token.token;
  }

  async #fetch(scope: string, options: GetTokenOptions): Promise<AccessToken> {
    this.requests += 1;
    let token: AccessToken | null;
    try {
      token = await this.#credential.getToken(scope, options);
    } catch (error) {
      throw new PowerPlatformError(`could not get an access token for ${scope}: ${errorText(error)}`, {
        cause: error,
        hint: "check the credential: for a pipeline, the federated (OIDC) or certificate settings of the service principal; locally, `az login`",
      });
    }
    if (!token) {
      throw new PowerPlatformError(`the credential returned no access token for ${scope}`, {
        hint: "check that the credential can issue tokens for this resource in this tenant",
      });
    }
    this.#tokens.set(scope, token);
    return token;
  }
}

/**
 * Parses a `WWW-Authenticate` header for a CAE challenge: `error="insufficient_claims"` with `claims="<base64>"`.
 * Returns the decoded claims JSON, or undefined when the header is not such a challenge.
 */
export function parseClaimsChallenge(header: string | null): string | undefined {
  if (!header || !/insufficient_claims/i.test(header)) return undefined;
  const match = /claims\s*=\s*"([^"]*)"/i.exec(header);
  if (!match?.[1]) return undefined;
  const raw = match[1];
  try {
    const decoded = Buffer.from(raw, "base64").toString("utf8");
    return decoded.trim().startsWith("{") ? decoded : raw;
  } catch {
    return raw;
  }
}

/** Who a token speaks for, from its claims. */
export interface TokenIdentity {
  /** Entra object id of the user or service principal (`oid`). */
  objectId: string | undefined;
  /** Client (application) id (`appid`, else `azp`). */
  appId: string | undefined;
  /** Tenant id (`tid`). */
  tenantId: string | undefined;
}

/**
 * Reads the identity claims of a JWT access token without verifying it (the client only compares them with what the
 * service reports; it never trusts them for access decisions). Undefined when the token is not a JWT.
 */
export function tokenIdentity(token: string): TokenIdentity | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof claims !== "object" || claims === null) return undefined;
  const c = claims as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const identity = { objectId: text(c.oid), appId: text(c.appid) ?? text(c.azp), tenantId: text(c.tid) };
  return identity.objectId || identity.appId ? identity : undefined;
}
