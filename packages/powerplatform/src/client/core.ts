/** What every service module needs: the executor, endpoints, scopes, clock and timing knobs. */
import { randomUUID } from "node:crypto";
import type { TokenIdentity } from "./auth.ts";
import type { Clock } from "./clock.ts";
import { type CloudProfile, type Endpoints, scopeOf } from "./clouds.ts";
import type { CallContext, HttpExecutor } from "./http.ts";
import type { OperationOptions } from "./types.ts";

/** Polling and convergence knobs (all in ms unless named otherwise). */
export interface PollingOptions {
  /** Wait between lifecycle-operation polls when the service sends no Retry-After. Default 5000. */
  pollIntervalMs: number;
  /** Shortest poll wait, also for a Retry-After of 0. Default 500. */
  minPollIntervalMs: number;
  /** Longest poll wait, even when Retry-After asks for more. Default 60000. */
  maxPollIntervalMs: number;
  /** Most start attempts while the service answers 409 OperationNotStartable. Default 10. */
  startAttempts: number;
  /** Wait range between start attempts after OperationNotStartable. Default [10000, 20000]. */
  startRetryDelayMs: [number, number];
  /**
   * First wait before re-sending a start the service refused with 409 and an empty body (the environment is busy,
   * e.g. right after its create), and before issuing again an operation that ended `Failed`: doubled per attempt,
   * capped at `startRetryDelayMs[1]`, jittered (wait = step/2 + random·step/2). Default 2000: the 9 waits of 10
   * busy starts (steps 2, 4, 8, 16, then 20 s) add up to 65–130 s.
   */
  lifecycleRetryBaseMs: number;
  /**
   * How often an idempotent lifecycle operation (delete, PATCH, `modifySku`, governance, and a create that left no
   * environment behind) is issued in all while it ends `Failed`. Default 3 (the service's recorded pattern is
   * Failed, Failed, Succeeded).
   */
  failedOperationAttempts: number;
  /** Wait between reads of read-until-converged helpers. Default 3000. */
  convergeIntervalMs: number;
  /** Most reads of read-until-converged helpers. Default 40. */
  convergeMaxReads: number;
  /**
   * After a create succeeded, wait between reads of the environment until Dataverse metadata shows… Default 10000.
   * (The service can take minutes; TF allows 30 reads 10–20 s apart.)
   */
  createSettleIntervalMs: number;
  /** …at most this many reads. Default 60 (10 minutes at the default interval). */
  createSettleMaxReads: number;
  /**
   * A new Dataverse organisation answers 403 to its creator until it has provisioned it as a user: Dataverse reads
   * that get 403 are repeated this often… Default 15000.
   */
  dataverseAccessIntervalMs: number;
  /** …for at most this long (0 = fail on the first 403). Default 600000 (10 min). */
  dataverseAccessMaxWaitMs: number;
}

/** Default polling knobs. */
export const DEFAULT_POLLING: PollingOptions = {
  pollIntervalMs: 5_000,
  minPollIntervalMs: 500,
  maxPollIntervalMs: 60_000,
  startAttempts: 10,
  startRetryDelayMs: [10_000, 20_000],
  lifecycleRetryBaseMs: 2_000,
  failedOperationAttempts: 3,
  convergeIntervalMs: 3_000,
  convergeMaxReads: 40,
  createSettleIntervalMs: 10_000,
  createSettleMaxReads: 60,
  dataverseAccessIntervalMs: 15_000,
  dataverseAccessMaxWaitMs: 600_000,
};

/** Shared state of one client. */
export interface ClientCore {
  http: HttpExecutor;
  clock: Clock;
  random: () => number;
  profile: CloudProfile;
  endpoints: Endpoints;
  polling: PollingOptions;
  /** Default deadline of a logical operation, ms. */
  operationTimeoutMs: number | undefined;
  /** BAPI and PowerApps RP scope. */
  bapiScope: string;
  ppapiScope: string;
  copilotStudioScope: string;
  /**
   * Who this client is, read from the claims of its BAPI access token (undefined when the token is not a readable
   * JWT). Environment create uses it to tell its own environment from someone else's.
   */
  identity(ctx: CallContext): Promise<TokenIdentity | undefined>;
}

/** Creates the call context of one logical operation. */
export function callContext(core: ClientCore, operation: string, options: OperationOptions | undefined): CallContext {
  const timeout = options?.timeoutMs ?? core.operationTimeoutMs;
  if (timeout !== undefined && (!Number.isFinite(timeout) || timeout <= 0)) {
    throw new TypeError(`timeoutMs must be a positive number of milliseconds, got ${timeout}`);
  }
  return {
    operation,
    correlationId: options?.correlationId ?? randomUUID(),
    deadline: timeout === undefined ? undefined : core.clock.now() + timeout,
    signal: options?.signal,
  };
}

/** Builds a BAPI URL: `<bapi>/providers/Microsoft.BusinessAppPlatform<path>` with the query. */
export function bapUrl(core: ClientCore, path: string, query: Record<string, string> = {}): string {
  return withQuery(`${core.endpoints.bapi}/providers/Microsoft.BusinessAppPlatform${path}`, query);
}

/** Appends percent-encoded query parameters. */
export function withQuery(base: string, query: Record<string, string>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  // URLSearchParams encodes spaces as '+'; the OData services expect %20.
  return url.href.replace(/\+/g, "%20");
}

/** Percent-encodes one path segment supplied by a caller, refusing empty ids (an empty id hits the list endpoint). */
export function segment(name: string, value: string): string {
  if (typeof value !== "string" || value.trim() === "") throw new TypeError(`${name} must be a non-empty string`);
  return encodeURIComponent(value.trim());
}

/** `scopeOf`, re-exported for service modules. */
export { scopeOf };
