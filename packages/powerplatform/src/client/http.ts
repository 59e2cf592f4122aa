/**
 * The one HTTP executor every call goes through: tokens, acceptable and final statuses, typed errors, retries with
 * Retry-After and capped jittered backoff, idempotency-aware network retries, a per-host concurrency limit,
 * correlation headers, cancellation and deadlines. Built on Node's `fetch`.
 */
import { randomUUID } from "node:crypto";
import { parseClaimsChallenge, type TokenCache } from "./auth.ts";
import type { Clock } from "./clock.ts";
import {
  AmbiguousRequestError,
  AuthenticationError,
  DeadlineExceededError,
  GovernanceBlockedByGroupError,
  NotAdminApplicationError,
  PowerPlatformApiError,
  type RequestInfo,
  type ResponseInfo,
  RetriesExhaustedError,
} from "./errors.ts";
import type { HostLimiter } from "./limiter.ts";

/** HTTP methods the client uses. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Statuses retried when the call does not accept them. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 499, 500, 502, 503, 504]);
/** Statuses that prove the service did not act on the request, so even a non-idempotent start may be resent. */
const NOT_PROCESSED_STATUSES: ReadonlySet<number> = new Set([408, 425, 429]);

/** Retry budget of one HTTP call. */
export interface RetryOptions {
  /** Most HTTP attempts for one call, the first included. Default 8. */
  maxAttempts: number;
  /** First backoff step in ms, doubled per retry. Default 1000. */
  baseDelayMs: number;
  /** Largest single backoff wait in ms (Retry-After is honoured up to the time budget). Default 30000. */
  maxDelayMs: number;
  /** Most time spent on one call across its retries, in ms. Default 300000 (5 min). */
  maxElapsedMs: number;
}

/** Default retry budget. */
export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxElapsedMs: 300_000,
};

/** The logical operation an HTTP call belongs to: its name, correlation id, deadline and cancellation signal. */
export interface CallContext {
  /** Operation name used in errors, e.g. `createEnvironment`. */
  operation: string;
  /** Sent as `x-ms-correlation-id` and `x-ms-client-session-id` on every request of the operation. */
  correlationId: string;
  /** Epoch ms (on the client's clock) after which the operation fails with {@link DeadlineExceededError}. */
  deadline: number | undefined;
  /** Cancels the operation; the signal's reason is thrown. */
  signal: AbortSignal | undefined;
}

/** One HTTP call. */
export interface HttpRequest {
  method: HttpMethod;
  /** Absolute URL, query included. */
  url: string;
  /** OAuth scope of the token to send. */
  scope: string;
  /** JSON body (serialised), or a string sent as is. */
  body?: unknown;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Statuses returned to the caller as they are, never retried. */
  accept: readonly number[];
  /**
   * Statuses that are this call's final answer: one of them fails the call at once with the typed error (status,
   * the service's code and message, request ids), never retried, even when it is otherwise retryable (a 500, say).
   * For calls where the service reports a real failure with such a status, so a retry loop would only delay the
   * same error for minutes: the organisation settings PATCH and the Copilot Studio Application Insights PUT answer
   * 500 when they refuse a value. Statuses in `accept` take precedence. Default: none.
   */
  finalStatuses?: readonly number[];
  /** Added to the error of a {@link HttpRequest.finalStatuses} answer: what the caller should do about it. */
  finalHint?: string;
  /**
   * Whether the request may be sent again after an ambiguous failure (connection reset, 5xx). Default: true for
   * GET, PUT and DELETE; false for POST and PATCH. A call that is safe to repeat says so.
   */
  idempotent?: boolean;
}

/** A response with an accepted status. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON body; undefined when empty or not JSON. */
  body: unknown;
  rawBody: string;
  requestId: string | undefined;
  request: RequestInfo;
}

/** Counters for tests and the benchmark. */
export interface ExecutorStats {
  /** HTTP requests sent (every attempt). */
  requests: number;
  /** Attempts that were retries. */
  retries: number;
  /** Waits spent on retries, in ms (Retry-After or backoff). */
  retryWaitMs: number;
}

/** Construction options of {@link HttpExecutor}. */
export interface ExecutorOptions {
  tokens: TokenCache;
  clock: Clock;
  limiter: HostLimiter;
  retry: RetryOptions;
  /** Random numbers in [0, 1) for jitter. Default `Math.random`. */
  random: () => number;
  /** Longest single attempt in ms before it counts as a network failure. Default 120000. */
  attemptTimeoutMs: number;
  /** The fetch implementation. Default the global `fetch`. */
  fetch: typeof fetch;
  userAgent: string;
}

const REQUEST_ID_HEADERS = ["x-ms-service-request-id", "x-ms-request-id", "request-id", "x-ms-activity-id"];

/** Parses `Retry-After` (integer seconds, an HTTP date, or a Go duration such as `5s` or `1m30s`) into ms. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const go = parseGoDuration(text);
  if (go !== undefined) return go;
  if (/[a-z]{3},|GMT|\d{4}/i.test(text)) {
    const at = Date.parse(text);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  return undefined;
}

const GO_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a Go `time.Duration` string (`300ms`, `5s`, `1m30s`, `1.5h`) into ms; undefined when it is not one. */
export function parseGoDuration(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(match[1]) * (GO_UNITS[match[2] as string] ?? 0);
  }
  return Math.round(total);
}

/** Extracts the service's error code and message from any of the three error body shapes. */
export function errorFields(body: unknown): { code: string | undefined; message: string | undefined } {
  if (!body || typeof body !== "object") return { code: undefined, message: undefined };
  const record = body as Record<string, unknown>;
  const inner = (record.error && typeof record.error === "object" ? record.error : record) as Record<string, unknown>;
  const code = [inner.code, inner.errorCode, inner.errorName].find((v) => typeof v === "string" && v !== "");
  const message = [inner.message, record.message].find((v) => typeof v === "string" && v !== "");
  return { code: code as string | undefined, message: message as string | undefined };
}

function responseInfo(status: number, headers: Headers, rawBody: string): ResponseInfo {
  let body: unknown;
  if (rawBody.trim() !== "") {
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
  }
  const { code, message } = errorFields(body);
  const requestId = REQUEST_ID_HEADERS.map((h) => headers.get(h)).find((v) => v !== null && v !== "") ?? undefined;
  return { status, code, serviceMessage: message, body, rawBody, requestId };
}

const HINTS: Array<{ test: (r: ResponseInfo, req: RequestInfo) => boolean; hint: string }> = [
  {
    test: (r) => r.code === "DomainNameAlreadyInUse",
    hint: "the Dataverse domain is taken, often by an environment left behind by an earlier failed run: if it is yours, import it (`pulumi import govai:powerplatform:Environment <name> <environment id>`, the id from the admin centre), otherwise choose another domain",
  },
  {
    test: (r) => r.code === "UrlPatternsInvalidRule",
    hint: "custom-connector URL patterns must be numbered 1..n without gaps, and the `*` rule must be the last one",
  },
  {
    test: (r) => /EnvironmentsInEnvironmentGroup/.test(r.rawBody),
    hint: "the environment group still has member environments; move them out of the group first",
  },
  {
    test: (r) => /PolicyAssignedToEnvironmentGroup/.test(r.rawBody),
    hint: "a rule-based policy is assigned to the environment group; unassign it first",
  },
  {
    test: (r) => r.code === "EnvironmentNotFound",
    hint: "the environment was deleted or the id is wrong",
  },
  {
    test: (r, req) => r.status === 403 && /\/api\/data\//.test(req.url),
    hint: "the caller is not a Dataverse user with enough privilege in this environment yet; right after create, wait and retry, or run addAppUser for the service principal",
  },
  {
    test: (r, req) => r.status === 403 && /\/api\/botmanagement\//.test(req.url),
    hint: "the Copilot Studio management API accepts delegated user tokens only; run this step as a user (e.g. `az login`), not as a service principal",
  },
  {
    test: (r) => r.status === 401,
    hint: "the token was rejected; check the tenant, the credential and that it may call this API",
  },
  {
    // The service's "busy" answer (recorded for environment DELETE and governanceConfiguration); where a call does
    // not wait it out itself, the caller should know it is worth running again, not that its input was wrong.
    test: (r) => r.status === 409 && r.rawBody.trim() === "",
    hint: "the service answered 409 Conflict with an empty body, which it sends while the resource is busy with another change (for example right after an environment was created); wait a few minutes and run again",
  },
];

/**
 * Turns a response with an unacceptable, non-retryable status into the most specific typed error. `fallbackHint`
 * is used when no known hint matches.
 */
export function errorFor(request: RequestInfo, response: ResponseInfo, fallbackHint?: string): PowerPlatformApiError {
  if (response.status === 403 && /does not have permission to access the path/i.test(response.rawBody)) {
    return new NotAdminApplicationError(request, response, {
      hint:
        "the service principal is not registered as a Power Platform admin management application. Run the one-time bootstrap as a Power Platform Administrator user: " +
        "`registerAdminApplication(<clientId>)` of this client (PUT /providers/Microsoft.BusinessAppPlatform/adminApplications/<clientId>), " +
        "or `pac admin application register --application-id <clientId>`",
    });
  }
  if (
    response.code === "GovernanceConfigurationChangeBlockedByGroup" ||
    /GovernanceConfigurationChangeBlockedByGroup/.test(response.rawBody)
  ) {
    return new GovernanceBlockedByGroupError(request, response, {
      hint: "the environment belongs to an environment group whose rules own its managed-environment settings; change them on the group's rules, or remove the environment from the group first",
    });
  }
  const hint = HINTS.find((h) => h.test(response, request))?.hint ?? fallbackHint;
  return new PowerPlatformApiError(request, response, hint ? { hint } : {});
}

function isTimeout(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === "TimeoutError" || (error.cause as Error | undefined)?.name === "TimeoutError")
  );
}

/** The single HTTP executor of the client. */
export class HttpExecutor {
  readonly #o: ExecutorOptions;
  /** Counters since construction. */
  readonly stats: ExecutorStats = { requests: 0, retries: 0, retryWaitMs: 0 };

  constructor(options: ExecutorOptions) {
    this.#o = options;
  }

  /** Sends `request`, retrying as described in the module comment, and returns a response with an accepted status. */
  async send(ctx: CallContext, request: HttpRequest): Promise<HttpResponse> {
    const { clock, tokens, limiter, retry } = this.#o;
    const idempotent =
      request.idempotent ?? (request.method === "GET" || request.method === "PUT" || request.method === "DELETE");
    const url = new URL(request.url);
    const info: RequestInfo = {
      operation: ctx.operation,
      method: request.method,
      url: url.href,
      clientRequestId: randomUUID(),
      correlationId: ctx.correlationId,
      attempts: 0,
    };
    const started = clock.now();
    let refreshedAfter401 = false;
    let answeredClaims = false;
    let claimsToken: string | undefined;
    let backoffStep = 0;

    const retryWait = async (reason: string, wait: number, last: ResponseInfo | undefined, cause?: unknown) => {
      if (info.attempts >= retry.maxAttempts)
        throw new RetriesExhaustedError({ ...info }, last, `attempt cap ${retry.maxAttempts}`, cause);
      if (clock.now() + wait - started > retry.maxElapsedMs) {
        throw new RetriesExhaustedError({ ...info }, last, `retry time budget ${retry.maxElapsedMs} ms`, cause);
      }
      if (ctx.deadline !== undefined && clock.now() + wait >= ctx.deadline) {
        throw new DeadlineExceededError(
          `${ctx.operation}: the deadline would pass while waiting ${wait} ms to retry (${reason}) ${request.method} ${url.origin}${url.pathname}`,
          { request: { ...info }, cause },
        );
      }
      this.stats.retries += 1;
      this.stats.retryWaitMs += wait;
      await clock.sleep(wait, ctx.signal);
    };
    const backoff = () => {
      const step = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** backoffStep);
      backoffStep += 1;
      return Math.round(step / 2 + (this.#o.random() * step) / 2);
    };

    for (;;) {
      this.#checkLive(ctx, info);
      const token = claimsToken ?? (await tokens.get(request.scope, ctx.signal));
      claimsToken = undefined;
      const headers: Record<string, string> = {
        accept: "application/json",
        "user-agent": this.#o.userAgent,
        "x-ms-client-request-id": info.clientRequestId,
        "x-ms-correlation-id": ctx.correlationId,
        "x-ms-client-session-id": ctx.correlationId,
        ...request.headers,
        authorization: `Bearer ${token}`,
      };
      let body: string | undefined;
      if (request.body !== undefined) {
        body = typeof request.body === "string" ? request.body : JSON.stringify(request.body);
        headers["content-type"] ??= "application/json";
      }
      const remaining = ctx.deadline === undefined ? Number.POSITIVE_INFINITY : ctx.deadline - clock.now();
      const attemptTimeout = Math.max(1, Math.min(this.#o.attemptTimeoutMs, remaining));
      const signals = [AbortSignal.timeout(attemptTimeout)];
      if (ctx.signal) signals.push(ctx.signal);

      const release = await limiter.acquire(url.host, ctx.signal);
      info.attempts += 1;
      this.stats.requests += 1;
      let response: ResponseInfo;
      let headersIn: Headers;
      try {
        const res = await this.#o.fetch(url, {
          method: request.method,
          headers,
          body,
          signal: AbortSignal.any(signals),
        });
        const raw = await res.text();
        headersIn = res.headers;
        response = responseInfo(res.status, res.headers, raw);
      } catch (error) {
        release();
        if (ctx.signal?.aborted) throw ctx.signal.reason;
        if (isTimeout(error) && attemptTimeout >= remaining) {
          throw new DeadlineExceededError(
            `${ctx.operation}: the deadline passed while waiting for ${request.method} ${url.origin}${url.pathname}`,
            { request: { ...info }, cause: error },
          );
        }
        if (!idempotent) throw new AmbiguousRequestError({ ...info }, undefined, error);
        await retryWait("network error", backoff(), undefined, error);
        continue;
      }
      release();

      if (request.accept.includes(response.status)) {
        return {
          status: response.status,
          headers: headersIn,
          body: response.body,
          rawBody: response.rawBody,
          requestId: response.requestId,
          request: { ...info },
        };
      }
      if (response.status === 401) {
        const claims = parseClaimsChallenge(headersIn.get("www-authenticate"));
        if (claims !== undefined) {
          if (answeredClaims) {
            throw new AuthenticationError({ ...info }, response, {
              hint: "a Continuous Access Evaluation challenge was answered with a fresh token carrying the claims and was rejected again; the session was revoked or a conditional-access policy blocks this identity — sign in again",
            });
          }
          answeredClaims = true;
          claimsToken = await tokens.getWithClaims(request.scope, claims, ctx.signal);
          continue;
        }
        if (!refreshedAfter401) {
          refreshedAfter401 = true;
          tokens.invalidate(request.scope, token);
          continue;
        }
        throw new AuthenticationError({ ...info }, response, {
          hint: "a fresh token was rejected too; check that the credential belongs to this tenant and may call this API",
        });
      }
      if (request.finalStatuses?.includes(response.status)) {
        throw errorFor({ ...info }, response, request.finalHint);
      }
      if (RETRYABLE_STATUSES.has(response.status)) {
        if (!idempotent && !NOT_PROCESSED_STATUSES.has(response.status)) {
          throw new AmbiguousRequestError({ ...info }, response);
        }
        const afterMs = headersIn.get("retry-after-ms") ?? headersIn.get("x-ms-retry-after-ms");
        const fromHeader =
          afterMs !== null && /^\d+$/.test(afterMs.trim())
            ? Number(afterMs)
            : parseRetryAfter(headersIn.get("retry-after"), clock.now());
        await retryWait(`status ${response.status}`, fromHeader ?? backoff(), response);
        continue;
      }
      throw errorFor({ ...info }, response);
    }
  }

  #checkLive(ctx: CallContext, info: RequestInfo): void {
    if (ctx.signal?.aborted) throw ctx.signal.reason;
    if (ctx.deadline !== undefined && this.#o.clock.now() >= ctx.deadline) {
      throw new DeadlineExceededError(`${ctx.operation}: the deadline passed`, { request: { ...info } });
    }
  }
}
