/**
 * Long-running operations: the BAPI lifecycle-operation pattern (202 + Location, `state.id`, 409 = keep waiting,
 * 404 = gone), start retries on 409 OperationNotStartable and on the empty-body 409 of a busy environment, re-issue
 * of idempotent operations that end `Failed`, and read-until-converged for late-settling fields.
 */

import { readLifecycleOperation } from "../services/environment/convert.ts";
import type { WireLifecycleOperation } from "../services/environment/wire.ts";
import { isBapiFamilyUrl } from "./clouds.ts";
import type { ClientCore } from "./core.ts";
import {
  ConvergenceTimeoutError,
  DeadlineExceededError,
  EnvironmentBusyError,
  LifecycleOperationFailedError,
  OperationNotStartableError,
  UnexpectedResponseError,
} from "./errors.ts";
import { type CallContext, errorFor, type HttpResponse, parseRetryAfter } from "./http.ts";

/** True when a 409 says another lifecycle operation holds the environment. */
export function isNotStartable(response: HttpResponse): boolean {
  return /OperationNotStartable|active lifecycle operation/i.test(response.rawBody);
}

/**
 * True for the 409 with an empty body that environment DELETE and `governanceConfiguration` answer while the
 * environment is busy (right after its create, or while another lifecycle operation runs). Terraform provider
 * fixtures: `internal/services/environment/tests/resource/Validate_Delete_Retry_On_EmptyBody_Conflict`.
 */
export function isBusy(response: HttpResponse): boolean {
  return response.status === 409 && response.rawBody.trim() === "";
}

/**
 * The wait after the `attempt`-th busy 409 or `Failed` operation: doubling from `lifecycleRetryBaseMs`, capped at
 * `startRetryDelayMs[1]`, jittered.
 */
export function busyDelay(core: ClientCore, attempt: number): number {
  const { lifecycleRetryBaseMs, startRetryDelayMs } = core.polling;
  const step = Math.min(startRetryDelayMs[1], lifecycleRetryBaseMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + (core.random() * step) / 2);
}

/** The wait before another start after OperationNotStartable: 10–20 s by default. */
export function notStartableDelay(core: ClientCore): number {
  const [lo, hi] = core.polling.startRetryDelayMs;
  return Math.round(lo + core.random() * (hi - lo));
}

/** The error fields of an accepted response, for building a typed error from it. */
export function responseInfo(r: HttpResponse) {
  const body = r.body as { error?: { code?: string; message?: string } } | undefined;
  return {
    status: r.status,
    code: body?.error?.code,
    serviceMessage: body?.error?.message,
    body: r.body,
    rawBody: r.rawBody,
    requestId: r.requestId,
  };
}

/** Turns an accepted-but-unwanted response (e.g. a 409 the call accepted to inspect) into the typed error. */
export function unexpectedStatus(response: HttpResponse): Error {
  return errorFor(response.request, responseInfo(response));
}

/** Sleeps on the client's clock, refusing to sleep past the operation's deadline. */
export async function waitWithin(core: ClientCore, ctx: CallContext, ms: number, what: string): Promise<void> {
  if (ctx.deadline !== undefined && core.clock.now() + ms >= ctx.deadline) {
    throw new DeadlineExceededError(`${ctx.operation}: the deadline passed while ${what}`);
  }
  await core.clock.sleep(ms, ctx.signal);
}

/** The error when the start attempts ran out on 409s. */
export function startsExhausted(response: HttpResponse, attempts: number): OperationNotStartableError {
  if (isBusy(response)) {
    return new EnvironmentBusyError(response.request, responseInfo(response), {
      prefix: `still busy after ${attempts} start attempts: `,
      hint: "the service kept refusing the operation with an empty 409: the environment is busy (right after its creation, or with another lifecycle operation); wait a few minutes and run again",
    });
  }
  return new OperationNotStartableError(response.request, responseInfo(response), {
    prefix: `still blocked after ${attempts} start attempts: `,
    hint: "another lifecycle operation (create, update, type change, delete, governance) keeps the environment busy; wait for it to finish and retry",
  });
}

/**
 * Sends a lifecycle start (`send` must accept 409), re-sending it while the service answers 409
 * OperationNotStartable (10–20 s apart) or — when `retryBusy`, for idempotent starts only — 409 with an empty body
 * (the environment is busy: {@link busyDelay} apart), at most `polling.startAttempts` starts in all. Any other 409
 * is an error.
 */
export async function startLifecycle(
  core: ClientCore,
  ctx: CallContext,
  send: () => Promise<HttpResponse>,
  options: { retryBusy?: boolean } = {},
): Promise<HttpResponse> {
  const { startAttempts } = core.polling;
  for (let attempt = 1; ; attempt += 1) {
    const response = await send();
    if (response.status !== 409) return response;
    const busy = options.retryBusy === true && isBusy(response);
    if (!busy && !isNotStartable(response)) throw unexpectedStatus(response);
    if (attempt >= startAttempts) throw startsExhausted(response, attempt);
    await waitWithin(
      core,
      ctx,
      busy ? busyDelay(core, attempt) : notStartableDelay(core),
      busy ? "waiting for the environment to stop being busy" : "waiting for another lifecycle operation to finish",
    );
  }
}

/**
 * Runs an idempotent lifecycle operation (start and poll) and, while it ends `Failed`, issues it again — a new
 * request starting a new operation — {@link busyDelay} apart, at most `polling.failedOperationAttempts` times in
 * all (the service's operations can fail and then succeed when re-issued: Terraform provider fixture
 * `internal/services/environment/tests/resource/Validate_Retry_LidecycleOperation`). When every issue failed, the
 * {@link LifecycleOperationFailedError} carries each attempt's error.
 */
export async function reissueWhileFailed<T>(core: ClientCore, ctx: CallContext, run: () => Promise<T>): Promise<T> {
  const failures: LifecycleOperationFailedError[] = [];
  for (;;) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof LifecycleOperationFailedError)) throw error;
      failures.push(error);
      if (failures.length >= core.polling.failedOperationAttempts) {
        throw failures.length === 1 ? error : LifecycleOperationFailedError.afterAttempts(ctx.operation, failures);
      }
      await waitWithin(
        core,
        ctx,
        busyDelay(core, failures.length),
        "waiting to issue a failed lifecycle operation again",
      );
    }
  }
}

/** The absolute lifecycle URL of a 202 (`Location`, else `Operation-Location`), checked to be a BAPI URL. */
export function operationUrl(core: ClientCore, response: HttpResponse): string | undefined {
  const raw = response.headers.get("location") ?? response.headers.get("operation-location");
  if (!raw) return undefined;
  const url = new URL(raw, response.request.url);
  if (!isBapiFamilyUrl(url, core.endpoints, core.profile.cloud)) {
    // A bearer token must never follow a Location header to a host outside the API family.
    throw new UnexpectedResponseError(
      `${response.request.operation}: the operation URL ${url.origin}${url.pathname} is not on the BAPI host; refusing to send a token there`,
      response.body,
      response.request,
    );
  }
  return url.href;
}

/** How a lifecycle operation ended. */
export interface LifecycleResult {
  /** `Succeeded`, or `Gone` when polling answered 404 (normal after a delete). */
  outcome: "Succeeded" | "Gone";
  /** The last lifecycle body read (undefined for `Gone`). */
  body: WireLifecycleOperation | undefined;
  /** Polls sent. */
  polls: number;
}

/**
 * Polls a lifecycle operation until `Succeeded`, `Failed` (→ {@link LifecycleOperationFailedError}) or 404.
 * Retry-After is re-read from every response; 409 and 202 mean "not yet".
 */
export async function pollLifecycle(
  core: ClientCore,
  ctx: CallContext,
  url: string,
  start: HttpResponse,
  onBody?: (body: WireLifecycleOperation) => void,
): Promise<LifecycleResult> {
  const { pollIntervalMs, minPollIntervalMs, maxPollIntervalMs } = core.polling;
  let last: HttpResponse = start;
  if (start.body && typeof start.body === "object") onBody?.(start.body as WireLifecycleOperation);
  for (let polls = 0; ; ) {
    const retryAfter = parseRetryAfter(last.headers.get("retry-after"), core.clock.now());
    const wait = Math.min(maxPollIntervalMs, Math.max(minPollIntervalMs, retryAfter ?? pollIntervalMs));
    await waitWithin(core, ctx, wait, "waiting for a lifecycle operation");
    last = await core.http.send(ctx, { method: "GET", url, scope: core.bapiScope, accept: [200, 202, 404, 409] });
    polls += 1;
    if (last.status === 404) return { outcome: "Gone", body: undefined, polls };
    if (last.status === 409) continue;
    const body = (last.body ?? {}) as WireLifecycleOperation;
    onBody?.(body);
    const { state } = readLifecycleOperation(body);
    if (last.status === 202 && state === undefined) continue;
    if (state?.toLowerCase() === "succeeded") return { outcome: "Succeeded", body, polls };
    if (state?.toLowerCase() === "failed") {
      const reason = body.error?.message ?? body.stages?.find((s) => s.state?.id === "Failed")?.name;
      throw new LifecycleOperationFailedError(
        `${ctx.operation}: lifecycle operation ${body.id ?? url} failed${reason ? `: ${reason}` : ""}`,
        body,
        last.request,
      );
    }
  }
}

/**
 * Reads until `done(value)` holds, at most `polling.convergeMaxReads` times, `polling.convergeIntervalMs` apart.
 * For fields the service settles late (Dataverse metadata after create, AI flags, management state).
 */
export async function readUntil<T>(
  core: ClientCore,
  ctx: CallContext,
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  limits: { maxReads?: number; intervalMs?: number } = {},
): Promise<T> {
  const maxReads = limits.maxReads ?? core.polling.convergeMaxReads;
  const interval = limits.intervalMs ?? core.polling.convergeIntervalMs;
  let value = await read();
  for (let reads = 1; !done(value); reads += 1) {
    if (reads >= maxReads) {
      throw new ConvergenceTimeoutError(`${ctx.operation}: ${what} did not settle after ${reads} reads`, value);
    }
    await waitWithin(core, ctx, interval, `waiting until ${what}`);
    value = await read();
  }
  return value;
}
