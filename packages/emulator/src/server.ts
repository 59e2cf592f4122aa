/**
 * The HTTP server: prefix → family, fault rules, route match (501 for none), token checks, handler, response,
 * request log. Every API family and the control endpoint share one loopback port.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { authenticate, isAdmin, notRegistered } from "./auth.ts";
import type { FaultRule, FaultSet, RetryAfterSpec } from "./faults.ts";
import { settleDue } from "./lifecycle.ts";
import type { Family, LogEntry, RequestLog } from "./log.ts";
import { bapiError, type RouteResult, serviceError } from "./responses.ts";
import type { EmulatorCore, RequestContext, Router } from "./router.ts";

/** Path prefix of each family on the emulator. */
export const FAMILY_PREFIXES = {
  bapi: "/bap",
  bapiRegional: "/bap-regional",
  powerApps: "/powerapps",
  ppapi: "/ppapi",
  dataverse: "/dataverse",
  copilot: "/copilot",
  advisor: "/advisor",
} as const;

/** Where a request goes: its family, the geo/domain in the prefix, and the path after the prefix. */
export interface Destination {
  family: Family;
  prefixParam: string;
  apiPath: string;
}

function decodeSegments(path: string): string {
  return path
    .split("/")
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    })
    .join("/");
}

/** Splits a request path into family, prefix parameter and API path. */
export function destinationOf(pathname: string): Destination {
  const segments = pathname.split("/");
  const head = `/${segments[1] ?? ""}`.toLowerCase();
  let family: Family = "unknown";
  let prefixParam = "";
  let rest = pathname;
  if (head === FAMILY_PREFIXES.bapiRegional || head === FAMILY_PREFIXES.dataverse) {
    family = head === FAMILY_PREFIXES.dataverse ? "dataverse" : "bapiRegional";
    prefixParam = decodeSegments(segments[2] ?? "");
    rest = `/${segments.slice(3).join("/")}`;
  } else {
    for (const [name, prefix] of Object.entries(FAMILY_PREFIXES)) {
      if (head === prefix) {
        family = name as Family;
        rest = `/${segments.slice(2).join("/")}`;
      }
    }
  }
  let apiPath = decodeSegments(rest);
  while (apiPath.length > 1 && apiPath.endsWith("/")) apiPath = apiPath.slice(0, -1);
  return { family, prefixParam, apiPath };
}

const FAULT_CODES: Record<number, [string, string]> = {
  408: ["RequestTimeout", "The request timed out."],
  409: ["Conflict", "The request conflicts with the current state of the resource."],
  429: ["TooManyRequests", "The request was throttled. Retry after the interval in the Retry-After header."],
  499: ["ClientClosedRequest", "The client closed the request before the server could respond."],
  500: ["InternalServerError", "An internal server error occurred."],
  502: ["BadGateway", "The gateway received an invalid response from the upstream server."],
  503: ["ServiceUnavailable", "The service is temporarily unavailable. Please try again later."],
  504: ["GatewayTimeout", "The gateway timed out waiting for the upstream server."],
};

function retryAfterValue(spec: RetryAfterSpec | undefined, now: Date): string | null {
  if (spec === undefined || spec === null) return null;
  if (typeof spec === "number") return String(spec);
  if (typeof spec === "string") return spec;
  return new Date(now.getTime() + spec.httpDateInSeconds * 1000).toUTCString();
}

/** The response an injected status / 401 / CAE fault sends. */
export function faultResponse(rule: FaultRule, now: Date): RouteResult | null {
  switch (rule.kind) {
    case "status": {
      const [code, message] = FAULT_CODES[rule.status] ?? ["InjectedFault", `Injected status ${rule.status}.`];
      const result: RouteResult =
        rule.body !== undefined ? { status: rule.status, body: rule.body } : serviceError(rule.status, code, message);
      const headers: Record<string, string> = { ...(rule.headers ?? {}) };
      const retryAfter = retryAfterValue(rule.retryAfter, now);
      if (retryAfter !== null) headers["Retry-After"] = retryAfter;
      result.headers = headers;
      return result;
    }
    case "unauthorized": {
      const result = serviceError(
        401,
        "InvalidAuthenticationToken",
        "The access token has expired or is not yet valid.",
      );
      result.headers = {
        "WWW-Authenticate": 'Bearer error="invalid_token", error_description="The access token has expired"',
      };
      return result;
    }
    case "caeChallenge": {
      const claims =
        rule.claims ??
        Buffer.from(
          JSON.stringify({
            access_token: { nbf: { essential: true, value: String(Math.floor(now.getTime() / 1000)) } },
          }),
        ).toString("base64");
      const result = serviceError(
        401,
        "InvalidAuthenticationToken",
        "Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp",
      );
      result.headers = {
        "WWW-Authenticate": `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${claims}"`,
      };
      return result;
    }
    default:
      return null;
  }
}

/** What the server needs from the emulator. */
export interface ServerParts {
  core: EmulatorCore;
  router: Router;
  faults: FaultSet;
  log: RequestLog;
  /** Serves `/_emulator/*`. */
  control(req: IncomingMessage, url: URL, body: string): Promise<RouteResult>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, result: RouteResult, family: Family, requestId: string): void {
  const headers: Record<string, string> = { "x-ms-request-id": requestId, ...(result.headers ?? {}) };
  let payload = "";
  if (result.body !== undefined) {
    payload = typeof result.body === "string" ? result.body : JSON.stringify(result.body);
    headers["Content-Type"] ??=
      family === "dataverse" ? "application/json; odata.metadata=minimal" : "application/json; charset=utf-8";
  }
  if (family === "dataverse") headers["OData-Version"] = "4.0";
  headers["Content-Length"] = String(Buffer.byteLength(payload));
  res.writeHead(result.status, headers);
  res.end(payload);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Serves one request. */
async function serve(parts: ServerParts, inFlight: Map<Family, number>, req: IncomingMessage, res: ServerResponse) {
  const { core, router, faults, log } = parts;
  const method = (req.method ?? "GET").toUpperCase();
  const raw = req.url ?? "/";
  const url = new URL(raw, "http://127.0.0.1");
  const text = await readBody(req);
  // Operations finish on their own once their time is up, so every request sees the tenant as it is now.
  settleDue(core);
  if (url.pathname === "/_emulator" || url.pathname.startsWith("/_emulator/")) {
    const result = await parts.control(req, url, text);
    send(res, result, "unknown", "control");
    return;
  }
  const dest = destinationOf(url.pathname);
  let body: unknown;
  let bodyIsJson = true;
  if (text.trim() !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
      bodyIsJson = false;
    }
  }
  const entry: LogEntry = log.record({
    timestamp: core.now().toISOString(),
    method,
    path: raw,
    apiPath: dest.apiPath,
    family: dest.family,
    route: null,
    matched: true,
    body,
    status: null,
    fault: null,
  });
  const requestId = `emu-${entry.seq}`;
  const respond = (result: RouteResult) => {
    entry.status = result.status;
    send(res, result, dest.family, requestId);
  };
  const cap = core.config.behaviour.maxConcurrentRequestsPerFamily;
  const current = inFlight.get(dest.family) ?? 0;
  if (cap !== null && current >= cap) {
    entry.fault = "concurrencyCap";
    const result = serviceError(
      429,
      "TooManyRequests",
      `More than ${cap} concurrent requests to this API; retry later.`,
    );
    result.headers = { "Retry-After": "1" };
    respond(result);
    return;
  }
  inFlight.set(dest.family, current + 1);
  try {
    const match = router.match(method, dest.family, dest.apiPath);
    entry.route = match?.route.name ?? null;
    let dropResponse = false;
    let failLifecycle: RequestContext["failLifecycle"] = null;
    const rule = faults.take(method, raw, dest.family);
    if (rule) {
      entry.fault = rule.kind;
      if (rule.kind === "reset") {
        req.socket.destroy();
        return;
      }
      if (rule.kind === "delay") await sleep(rule.ms);
      if (rule.kind === "dropResponse") dropResponse = true;
      if (rule.kind === "failLifecycle") failLifecycle = { leaveOrphan: rule.leaveOrphan ?? false };
      const injected = faultResponse(rule, core.now());
      if (injected) {
        respond(injected);
        return;
      }
    }
    if (!match) {
      entry.matched = false;
      respond(
        serviceError(
          501,
          "NotImplementedInEmulator",
          `The emulator has no route for ${method} ${url.pathname} (family '${dest.family}', API path '${dest.apiPath}').`,
        ),
      );
      return;
    }
    const { route, params } = match;
    const auth = authenticate(req.headers.authorization, dest.family, core.urls.origin, core.state);
    if (!auth.ok) {
      respond(auth.result);
      return;
    }
    const principal = auth.principal;
    const adminOnly = route.options.admin ?? /\/scopes\/admin\//i.test(`${dest.apiPath}/`);
    if (adminOnly && !isAdmin(principal, core.state)) {
      respond(notRegistered(principal, dest.apiPath));
      return;
    }
    if (route.options.userOnly && principal.kind !== "user") {
      respond(
        serviceError(
          403,
          "UserContextRequired",
          "This API requires a delegated user token; application (service principal) tokens are not supported.",
        ),
      );
      return;
    }
    if (route.options.apiVersion && !url.searchParams.get("api-version")) {
      respond(
        bapiError(
          400,
          "MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests.",
        ),
      );
      return;
    }
    if (!bodyIsJson) {
      respond(
        bapiError(
          400,
          "InvalidRequestContent",
          "The request content was invalid and could not be deserialized as JSON.",
        ),
      );
      return;
    }
    const ctx: RequestContext = {
      method,
      family: dest.family,
      prefixParam: dest.prefixParam,
      apiPath: dest.apiPath,
      query: url.searchParams,
      headers: req.headers,
      body,
      params,
      principal,
      core,
      failLifecycle,
    };
    let result: RouteResult;
    try {
      result = route.handler(ctx);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      result = serviceError(500, "EmulatorInternalError", `The emulator failed serving ${route.name}: ${message}`);
    }
    if (dropResponse) {
      entry.status = result.status;
      req.socket.destroy();
      return;
    }
    respond(result);
  } finally {
    inFlight.set(dest.family, (inFlight.get(dest.family) ?? 1) - 1);
  }
}

/** Starts listening on 127.0.0.1; resolves with the server and its port. */
export async function listen(parts: ServerParts, port: number): Promise<{ server: http.Server; port: number }> {
  const inFlight = new Map<Family, number>();
  const server = http.createServer((req, res) => {
    serve(parts, inFlight, req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        const message = error instanceof Error ? error.message : String(error);
        send(res, serviceError(500, "EmulatorInternalError", message), "unknown", "error");
      }
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}
