/**
 * Routes: method + family + path pattern → handler. Patterns are the real API paths after the family prefix;
 * `{name}` captures a path piece (also inside a segment, as in `systemusers({id})`). Literal parts match
 * case-insensitively, like the services.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { EmulatorConfig } from "./config.ts";
import type { Clock, IdGenerator } from "./ids.ts";
import type { Family } from "./log.ts";
import type { RouteResult } from "./responses.ts";
import type { EmulatorState, Principal } from "./state.ts";

/** Base URLs of a running emulator. */
export interface EmulatorUrls {
  /** `http://127.0.0.1:<port>`; also the Dataverse token audience. */
  origin: string;
  bapi: string;
  powerApps: string;
  ppapi: string;
  copilot: string;
  /** Solution-checker (advisor) base, returned as `runtimeEndpoints["microsoft.PowerAppsAdvisor"]`. */
  advisor: string;
  /** Regional BAPI base for a geo (`…/bap-regional/<geo>`). */
  bapiRegional(geo: string): string;
  /** Dataverse org base for a domain, with its trailing slash (`…/dataverse/<domain>/`). */
  dataverse(domain: string): string;
}

/** What handlers share: the tenant state, the knobs, id and clock sources, and the URLs. */
export interface EmulatorCore {
  state: EmulatorState;
  config: EmulatorConfig;
  newId: IdGenerator;
  now: Clock;
  urls: EmulatorUrls;
}

/** Everything a handler knows about the request. */
export interface RequestContext {
  method: string;
  family: Family;
  /** The geo (regional BAPI) or domain (Dataverse) from the prefix; "" for other families. */
  prefixParam: string;
  /** Path after the family prefix, without query, percent-decoded per segment, trailing slash removed. */
  apiPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when the request had none. */
  body: unknown;
  params: Record<string, string>;
  principal: Principal;
  core: EmulatorCore;
  /** Set by a `failLifecycle` fault: the lifecycle operation this request starts must fail. */
  failLifecycle: { leaveOrphan: boolean } | null;
}

/** A route handler. */
export type Handler = (ctx: RequestContext) => RouteResult;

/** Per-route checks the server applies before the handler. */
export interface RouteOptions {
  /** The request must carry `api-version` (400 `MissingApiVersionParameter` otherwise). Default false. */
  apiVersion?: boolean;
  /** Only admins (users, or registered admin apps) may call it; default: true when the path has `/scopes/admin/`. */
  admin?: boolean;
  /** Only user tokens are accepted (403 for app-only tokens). Default false. */
  userOnly?: boolean;
}

/** A registered route. */
export interface Route {
  method: string;
  families: readonly Family[];
  pattern: string;
  name: string;
  handler: Handler;
  options: RouteOptions;
  regex: RegExp;
  paramNames: string[];
}

function compile(pattern: string): { regex: RegExp; paramNames: string[] } {
  const paramNames: string[] = [];
  const source = pattern
    .split("/")
    .map((segment) =>
      segment
        .split(/(\{[A-Za-z]+\})/)
        .map((piece) => {
          const param = /^\{([A-Za-z]+)\}$/.exec(piece);
          if (param) {
            paramNames.push(param[1] ?? "");
            return "([^/()]+)";
          }
          return piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        })
        .join(""),
    )
    .join("/");
  return { regex: new RegExp(`^${source}$`, "i"), paramNames };
}

/** The route table. */
export class Router {
  readonly routes: Route[] = [];

  /** Adds a route. */
  add(
    method: string,
    families: Family | readonly Family[],
    pattern: string,
    name: string,
    handler: Handler,
    options: RouteOptions = {},
  ): void {
    const { regex, paramNames } = compile(pattern);
    this.routes.push({
      method,
      families: typeof families === "string" ? [families] : families,
      pattern,
      name,
      handler,
      options,
      regex,
      paramNames,
    });
  }

  /** Finds the route for a request, with its captured parameters. */
  match(method: string, family: Family, apiPath: string): { route: Route; params: Record<string, string> } | null {
    for (const route of this.routes) {
      if (route.method !== method || !route.families.includes(family)) continue;
      const m = route.regex.exec(apiPath);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.paramNames.forEach((name, i) => {
        params[name] = m[i + 1] ?? "";
      });
      return { route, params };
    }
    return null;
  }
}
