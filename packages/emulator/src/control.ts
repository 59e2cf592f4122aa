/**
 * The control endpoint (`/_emulator/*`): read and edit state (drift), add and clear fault rules, read and clear
 * the request log, change knobs, settle operations, reset. Bodies are JSON.
 *
 * It can rewrite the whole tenant, so it answers only this machine's tools: every request needs the emulator's
 * control token, a Host header naming the emulator's own loopback address (a DNS-rebinding page reaches 127.0.0.1
 * under its own host name), and no Origin other than a loopback one (a page in a browser sends its own).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { applyConfig, type EmulatorBehaviour, type EmulatorTiming } from "./config.ts";
import type { Emulator } from "./emulator.ts";
import type { FaultRule } from "./faults.ts";
import { isObject, type JsonObject, mergePatch } from "./json.ts";
import type { Family, LogFilter } from "./log.ts";
import type { RouteResult } from "./responses.ts";
import type { EmulatorState } from "./state.ts";

const STATE_KEYS: Array<keyof EmulatorState> = [
  "tenantId",
  "adminApplications",
  "environments",
  "lifecycleOperations",
  "dlpPolicies",
  "environmentGroups",
  "tenantSettings",
  "billingPolicies",
  "environmentGroupRuleSets",
  "copilotAppInsights",
  "connectors",
];

function fail(status: number, message: string): RouteResult {
  return { status, body: { error: { code: "EmulatorControlError", message } } };
}

/** The routes of the control endpoint, for the index document and the README. */
export const CONTROL_ROUTES = [
  "GET /_emulator",
  "GET /_emulator/endpoints",
  "GET /_emulator/state",
  "PATCH /_emulator/state (JSON merge patch)",
  "PUT /_emulator/state (whole state)",
  "GET /_emulator/faults",
  "POST /_emulator/faults (one rule or an array)",
  "DELETE /_emulator/faults",
  "DELETE /_emulator/faults/<id>",
  "GET /_emulator/log?method=&route=&family=&matched=",
  "DELETE /_emulator/log",
  "GET /_emulator/config",
  "PATCH /_emulator/config",
  "POST /_emulator/settle",
  "POST /_emulator/reset",
  "PUT /_emulator/admin-applications/<appId>",
  "DELETE /_emulator/admin-applications/<appId>",
];

/** Turns a JSON fault rule into a {@link FaultRule} (`pathRegex` becomes a RegExp). */
function parseRule(raw: unknown): FaultRule {
  if (!isObject(raw)) throw new Error("a fault rule must be a JSON object");
  const rule = { ...raw } as JsonObject;
  if (typeof rule.pathRegex === "string") {
    if (rule.path !== undefined) throw new Error("give either 'path' or 'pathRegex', not both");
    try {
      rule.path = new RegExp(rule.pathRegex, "i");
    } catch (error) {
      throw new Error(`'pathRegex' is not a valid regular expression: ${(error as Error).message}`);
    }
    delete rule.pathRegex;
  }
  return rule as unknown as FaultRule;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; result: RouteResult } {
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, result: fail(400, `the body is not JSON: ${(error as Error).message}`) };
  }
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Same length, constant time: a wrong token takes as long to refuse whatever its prefix. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Why a control request is refused before anything is read or changed, or null when it may be served. In order:
 * the Host header must be `127.0.0.1:<port>` or `localhost:<port>` of this emulator (403); an Origin, when sent,
 * must be an `http` loopback origin (403); `Authorization: Bearer <emulator.controlToken>` (401).
 */
export function refuseControl(
  emulator: Pick<Emulator, "url" | "controlToken">,
  req: IncomingMessage,
): RouteResult | null {
  const port = new URL(emulator.url).port;
  const host = req.headers.host?.toLowerCase();
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    return fail(
      403,
      `${host === undefined ? "the request has no Host header" : `the Host header ${JSON.stringify(host)} is not this emulator`}; the control endpoint answers only 127.0.0.1:${port} or localhost:${port}`,
    );
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let loopback = false;
    try {
      const parsed = new URL(origin);
      loopback = parsed.protocol === "http:" && LOOPBACK_HOSTS.has(parsed.hostname);
    } catch {
      // "null" (a sandboxed page, a file: URL) and anything unparsable are not loopback origins.
    }
    if (!loopback) {
      return fail(
        403,
        `the Origin ${JSON.stringify(origin)} is not a loopback origin; the control endpoint refuses requests from other sites' pages`,
      );
    }
  }
  const auth = req.headers.authorization ?? "";
  const match = /^Bearer ([\x21-\x7e]+)$/i.exec(auth);
  if (!match || !sameToken(match[1]!, emulator.controlToken)) {
    const refused = fail(
      401,
      `the control endpoint needs Authorization: Bearer <control token> (emulator.controlToken; govai-emulator prints it on its third line)${auth === "" ? "" : "; the token given is not it"}`,
    );
    refused.headers = { "WWW-Authenticate": 'Bearer realm="govai-emulator-control"' };
    return refused;
  }
  return null;
}

/** Serves one control request (after {@link refuseControl} let it through). */
export async function handleControl(
  emulator: Emulator,
  req: IncomingMessage,
  url: URL,
  text: string,
): Promise<RouteResult> {
  const refused = refuseControl(emulator, req);
  if (refused !== null) return refused;
  const method = (req.method ?? "GET").toUpperCase();
  const path = url.pathname.replace(/\/+$/, "");
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed.result;
  const body = parsed.value;
  const segments = path.split("/").slice(2);
  const [resource, id] = segments;
  try {
    switch (`${method} ${resource ?? ""}${id !== undefined ? "/:id" : ""}`) {
      case "GET ":
        return { status: 200, body: { url: emulator.url, endpoints: emulator.endpoints, routes: CONTROL_ROUTES } };
      case "GET endpoints":
        return { status: 200, body: emulator.endpoints };
      case "GET state":
        return { status: 200, body: emulator.state };
      case "PATCH state":
        if (!isObject(body)) return fail(400, "PATCH /_emulator/state needs a JSON merge-patch object");
        mergePatch(emulator.state as unknown as JsonObject, body);
        return { status: 200, body: emulator.state };
      case "PUT state": {
        if (!isObject(body)) return fail(400, "PUT /_emulator/state needs the whole state object");
        const missing = STATE_KEYS.filter((k) => !(k in body));
        if (missing.length > 0) return fail(400, `the state is missing ${missing.join(", ")}`);
        emulator.replaceState(body as unknown as EmulatorState);
        return { status: 200, body: emulator.state };
      }
      case "GET faults":
        return { status: 200, body: emulator.faults.list() };
      case "POST faults": {
        const rules = Array.isArray(body) ? body : [body];
        const ids = rules.map((r) => emulator.faults.add(parseRule(r)));
        return { status: 201, body: { ids } };
      }
      case "DELETE faults":
        emulator.faults.clear();
        return { status: 204 };
      case "DELETE faults/:id":
        return emulator.faults.remove(Number(id)) ? { status: 204 } : fail(404, `no fault rule with id '${id}'`);
      case "GET log": {
        const q = url.searchParams;
        const filter: LogFilter = {};
        if (q.get("method")) filter.method = q.get("method") as string;
        if (q.get("route")) filter.route = q.get("route") as string;
        if (q.get("family")) filter.family = q.get("family") as Family;
        if (q.get("matched")) filter.matched = q.get("matched") === "true";
        return { status: 200, body: emulator.log.find(filter) };
      }
      case "DELETE log":
        emulator.log.clear();
        return { status: 204 };
      case "GET config":
        return { status: 200, body: emulator.config };
      case "PATCH config":
        if (!isObject(body)) return fail(400, "PATCH /_emulator/config needs {timing?, behaviour?}");
        applyConfig(
          emulator.config,
          body as { timing?: Partial<EmulatorTiming>; behaviour?: Partial<EmulatorBehaviour> },
        );
        return { status: 200, body: emulator.config };
      case "POST settle":
        return { status: 200, body: { settled: emulator.settleOperations() } };
      case "POST reset":
        emulator.reset();
        return { status: 204 };
      case "PUT admin-applications/:id":
        emulator.registerAdminApplication(id ?? "");
        return { status: 200, body: { applicationId: id } };
      case "DELETE admin-applications/:id":
        emulator.unregisterAdminApplication(id ?? "");
        return { status: 204 };
      default:
        return fail(404, `unknown control route ${method} ${url.pathname}; see GET /_emulator`);
    }
  } catch (error) {
    return fail(400, (error as Error).message);
  }
}
