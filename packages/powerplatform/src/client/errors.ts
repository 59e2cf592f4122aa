/**
 * Typed errors. Every error that comes from a response keeps the status, the service's error code and message,
 * the raw body and the request ids, and says what to do next when we know it.
 */

/** What the client knew about the request when it failed. */
export interface RequestInfo {
  /** The logical operation, e.g. `createEnvironment`. */
  operation: string;
  method: string;
  /** The URL, with the query string. */
  url: string;
  /** `x-ms-client-request-id` the client sent. */
  clientRequestId: string;
  /** `x-ms-correlation-id` shared by every request of the logical operation. */
  correlationId: string;
  /** HTTP attempts made for this call (1 = no retry). */
  attempts: number;
}

/** What the service answered. */
export interface ResponseInfo {
  status: number;
  /** `error.code` (or `errorCode`/`errorName`) from the body, when present. */
  code: string | undefined;
  /** `error.message` from the body, when present. */
  serviceMessage: string | undefined;
  /** The parsed JSON body, or undefined when the body was empty or not JSON. */
  body: unknown;
  /** The raw body text (kept even when it is not JSON). */
  rawBody: string;
  /** The service's request id (`x-ms-service-request-id`, `x-ms-request-id`, `request-id` or `x-ms-activity-id`). */
  requestId: string | undefined;
}

/** Base class of every error this client throws on purpose. */
export class PowerPlatformError extends Error {
  override name = "PowerPlatformError";
  /** What to do about it, when known. Also appended to `message`. */
  readonly hint: string | undefined;
  readonly request: RequestInfo | undefined;
  constructor(message: string, options: { hint?: string; request?: RequestInfo; cause?: unknown } = {}) {
    super(options.hint ? `${message}\nHint: ${options.hint}` : message, { cause: options.cause });
    this.hint = options.hint;
    this.request = options.request;
  }
}

function describe(request: RequestInfo, response: ResponseInfo | undefined): string {
  const path = safePath(request.url);
  const head = `${request.operation}: ${request.method} ${path}`;
  if (!response) return head;
  const code = response.code ? ` ${response.code}` : "";
  const text = response.serviceMessage ?? (response.rawBody ? truncate(response.rawBody, 300) : "(empty body)");
  const ids = `request id ${response.requestId ?? "none"}, client request id ${request.clientRequestId}`;
  return `${head} → ${response.status}${code}: ${text} (${ids})`;
}

function safePath(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The service answered with a status the call does not accept, and it is not (or no longer) retried. */
export class PowerPlatformApiError extends PowerPlatformError {
  override name = "PowerPlatformApiError";
  readonly status: number;
  readonly code: string | undefined;
  readonly serviceMessage: string | undefined;
  readonly body: unknown;
  readonly rawBody: string;
  readonly requestId: string | undefined;
  override readonly request: RequestInfo;
  constructor(
    request: RequestInfo,
    response: ResponseInfo,
    options: { hint?: string; prefix?: string; cause?: unknown } = {},
  ) {
    super(`${options.prefix ?? ""}${describe(request, response)}`, { ...options, request });
    this.request = request;
    this.status = response.status;
    this.code = response.code;
    this.serviceMessage = response.serviceMessage;
    this.body = response.body;
    this.rawBody = response.rawBody;
    this.requestId = response.requestId;
  }
}

/** 403 "does not have permission to access the path": the service principal is not an admin management application. */
export class NotAdminApplicationError extends PowerPlatformApiError {
  override name = "NotAdminApplicationError";
}

/** `GovernanceConfigurationChangeBlockedByGroup`: the environment is in an environment group whose rules own these settings. */
export class GovernanceBlockedByGroupError extends PowerPlatformApiError {
  override name = "GovernanceBlockedByGroupError";
}

/** 409 `OperationNotStartable` kept coming back after the bounded number of start attempts. */
export class OperationNotStartableError extends PowerPlatformApiError {
  override name = "OperationNotStartableError";
}

/**
 * A lifecycle start (environment DELETE, PATCH, `modifySku`, `governanceConfiguration`) kept being refused with 409
 * and an empty body — the service's way of saying the environment is busy, e.g. right after its create — after the
 * bounded number of start attempts.
 */
export class EnvironmentBusyError extends OperationNotStartableError {
  override name = "EnvironmentBusyError";
}

/** 401 that a token refresh did not fix, or a CAE claims challenge that a fresh token did not satisfy. */
export class AuthenticationError extends PowerPlatformApiError {
  override name = "AuthenticationError";
}

/** Retryable failures (429, 5xx, connection resets) continued past the attempt or time budget. */
export class RetriesExhaustedError extends PowerPlatformError {
  override name = "RetriesExhaustedError";
  /** The last response, when the last attempt got one (undefined after a network error). */
  readonly lastResponse: ResponseInfo | undefined;
  constructor(request: RequestInfo, lastResponse: ResponseInfo | undefined, reason: string, cause?: unknown) {
    const tail = lastResponse
      ? describe(request, lastResponse)
      : `${describe(request, undefined)}: ${errorText(cause)}`;
    super(`gave up after ${request.attempts} attempt(s) (${reason}): ${tail}`, {
      request,
      cause,
      hint:
        lastResponse?.status === 429
          ? "the service is throttling this identity; lower the parallelism (e.g. `pulumi up --parallel`) or retry later"
          : "the service or the network kept failing; retry later",
    });
    this.lastResponse = lastResponse;
  }
}

/**
 * A non-idempotent start (a POST that creates or imports) was sent, and the connection failed or the service
 * answered 5xx: it may or may not have happened. The client does not resend it blindly.
 */
export class AmbiguousRequestError extends PowerPlatformError {
  override name = "AmbiguousRequestError";
  readonly response: ResponseInfo | undefined;
  constructor(request: RequestInfo, response: ResponseInfo | undefined, cause?: unknown) {
    const tail = response ? describe(request, response) : `${describe(request, undefined)}: ${errorText(cause)}`;
    super(`the outcome of a non-idempotent request is unknown, so it was not resent: ${tail}`, {
      request,
      cause,
      hint: "check whether the resource was created before trying again",
    });
    this.response = response;
  }
}

/** A DLP policy as named in an ownership error: enough for an admin to find it in the admin centre. */
export interface DlpPolicyReference {
  id: string;
  displayName: string;
  createdBy: string | undefined;
  createdTime: string | undefined;
}

/**
 * A DLP create could not prove which policy is its own, so it adopted none: the POST's outcome is unknown and no
 * policy carries its marker, or the policies that carry its owner key do not match the request. `policies` names
 * the existing policies involved (same display name, or same owner key); none of them was changed.
 */
export class DlpPolicyOwnershipError extends PowerPlatformError {
  override name = "DlpPolicyOwnershipError";
  readonly policies: DlpPolicyReference[];
  constructor(message: string, policies: DlpPolicyReference[], options: { hint: string; cause?: unknown }) {
    super(message, options);
    this.policies = policies;
  }
}

/** The operation's deadline passed (the caller's `timeoutMs`, or the retry time budget). */
export class DeadlineExceededError extends PowerPlatformError {
  override name = "DeadlineExceededError";
}

/** One issue of a lifecycle operation that ended `Failed`. */
export interface FailedOperationAttempt {
  /** The operation id (`id` of its body), when the service said. */
  operationId: string | undefined;
  /** What failed, with the service's reason when it gave one. */
  message: string;
  /** The lifecycle operation body as the service returned it. */
  operationBody: unknown;
}

/**
 * A lifecycle operation ended in `Failed` — every time it was issued, when the client re-issued it (idempotent
 * operations are re-issued a bounded number of times, see `polling.failedOperationAttempts`).
 */
export class LifecycleOperationFailedError extends PowerPlatformError {
  override name = "LifecycleOperationFailedError";
  /** The (last) lifecycle operation body as the service returned it. */
  readonly operationBody: unknown;
  /** Every issue of the operation that failed, in order (one entry when it was not re-issued). */
  readonly attempts: readonly FailedOperationAttempt[];
  constructor(message: string, operationBody: unknown, request?: RequestInfo, attempts?: FailedOperationAttempt[]) {
    super(message, request ? { request } : {});
    this.operationBody = operationBody;
    this.attempts = attempts ?? [{ operationId: operationIdOf(operationBody), message, operationBody }];
  }

  /** The error after every issue failed: the last attempt's body and request, every attempt's message. */
  static afterAttempts(
    operation: string,
    failures: readonly LifecycleOperationFailedError[],
  ): LifecycleOperationFailedError {
    const attempts = failures.flatMap((f) => f.attempts);
    const last = failures[failures.length - 1];
    const list = attempts.map((a, i) => `  ${i + 1}. ${a.message}`).join("\n");
    return new LifecycleOperationFailedError(
      `${operation}: the lifecycle operation ended Failed each of the ${attempts.length} times it was issued:\n${list}`,
      last?.operationBody,
      last?.request,
      attempts,
    );
  }
}

function operationIdOf(body: unknown): string | undefined {
  const id = (body as { id?: unknown } | undefined)?.id;
  return typeof id === "string" ? id : undefined;
}

/** What is known about an environment the client found but did not adopt. */
export interface ExistingEnvironment {
  id: string;
  displayName: string;
  /** Dataverse domain, when it has one. */
  domain: string | undefined;
  /** `properties.createdBy`: the creator's object id and type (`User`, `ServicePrincipal`), when the service says. */
  createdBy: { id: string | undefined; type: string | undefined; displayName: string | undefined } | undefined;
  /** `properties.createdTime`, as the service wrote it. */
  createdTime: string | undefined;
}

/**
 * After a create whose outcome was unknown (connection reset, timeout, lost response, or a 409
 * DomainNameAlreadyInUse that followed one), an environment holds the domain that this request cannot prove it
 * created. It was not adopted: adopting it would let a later destroy delete someone else's environment.
 * `existing` names it; `reason` says which evidence was missing.
 */
export class ForeignEnvironmentError extends PowerPlatformError {
  override name = "ForeignEnvironmentError";
  /** The environment found. Deliberately not called `environmentId`: callers record that name as their own. */
  readonly existing: ExistingEnvironment;
  readonly reason: string;
  constructor(operation: string, existing: ExistingEnvironment, reason: string, cause?: unknown) {
    const who = existing.createdBy?.id
      ? `${existing.createdBy.type ?? "principal"} ${existing.createdBy.id}${existing.createdBy.displayName ? ` (${existing.createdBy.displayName})` : ""}`
      : "an unknown creator";
    super(
      `${operation}: the create request's outcome was unknown, and the environment holding its Dataverse domain ${existing.domain ?? "(none)"} is not provably the one it created, so it was not adopted: environment ${existing.id} ${JSON.stringify(existing.displayName)}, created ${existing.createdTime ?? "at an unknown time"} by ${who}; ${reason}`,
      {
        cause,
        hint: `if that environment is yours (for example left behind by an earlier run), import it (\`pulumi import govai:powerplatform:Environment <name> ${existing.id}\`); otherwise choose another domain`,
      },
    );
    this.existing = existing;
    this.reason = reason;
  }
}

/** A read-until-converged helper gave up; `lastValue` is the last value it read. */
export class ConvergenceTimeoutError extends PowerPlatformError {
  override name = "ConvergenceTimeoutError";
  readonly lastValue: unknown;
  constructor(message: string, lastValue: unknown) {
    super(message);
    this.lastValue = lastValue;
  }
}

/**
 * The environment exists (its id is known) but a later step of the create failed. Callers record `environmentId`
 * so the next run adopts the environment instead of failing on `DomainNameAlreadyInUse`.
 */
export class PartialCreateError extends PowerPlatformError {
  override name = "PartialCreateError";
  readonly environmentId: string;
  constructor(environmentId: string, cause: unknown) {
    super(`environment ${environmentId} was created, but a later step failed: ${errorText(cause)}`, {
      cause,
      hint: `record environment id ${environmentId}; the next run should adopt it rather than create another`,
    });
    this.environmentId = environmentId;
  }
}

/** The service answered 2xx with a body the client cannot use (missing id, wrong shape, `errors` set). */
export class UnexpectedResponseError extends PowerPlatformError {
  override name = "UnexpectedResponseError";
  readonly body: unknown;
  constructor(message: string, body: unknown, request?: RequestInfo) {
    super(message, request ? { request } : {});
    this.body = body;
  }
}

/**
 * The environment does not exist (its GET answered 404): deleted, or the id is wrong. Resources that live inside an
 * environment (organisation settings, application users, agent telemetry) are gone with it.
 */
export class EnvironmentNotFoundError extends PowerPlatformError {
  override name = "EnvironmentNotFoundError";
  readonly environmentId: string;
  constructor(operation: string, environmentId: string) {
    super(`${operation}: environment ${environmentId} does not exist`);
    this.environmentId = environmentId;
  }
}

/**
 * The environment exists but has no Dataverse organisation that answers: its provisioning failed (an orphan left by
 * a failed create), it was created without Dataverse or is still being provisioned, or the organisation answered 404.
 * `provisioningState` is the environment's, when known.
 */
export class DataverseUnavailableError extends PowerPlatformError {
  override name = "DataverseUnavailableError";
  readonly environmentId: string;
  readonly provisioningState: string | undefined;
  /** True when the environment's provisioning ended `Failed`, or its organisation answered 404: it will not come. */
  readonly permanent: boolean;
  constructor(
    message: string,
    details: { environmentId: string; provisioningState: string | undefined; permanent: boolean },
    options: { hint?: string; cause?: unknown; request?: RequestInfo } = {},
  ) {
    super(message, options);
    this.environmentId = details.environmentId;
    this.provisioningState = details.provisioningState;
    this.permanent = details.permanent;
  }
}

/** `Error.message` of anything thrown. */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}
