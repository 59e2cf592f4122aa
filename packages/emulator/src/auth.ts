/**
 * Bearer tokens. The emulator accepts unsigned JWTs (`alg: "none"`) and checks, per family, the audience, the
 * tenant, admin-application registration on `scopes/admin/*`, and user context where the service demands it.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/identity";
import type { Family } from "./log.ts";
import { bapiError, type RouteResult, serviceError } from "./responses.ts";
import { DEFAULT_TENANT_ID, type EmulatorState, type Principal } from "./state.ts";

/** Audience for BAPI, regional BAPI and the PowerApps RP. */
export const POWERAPPS_AUDIENCE = "https://service.powerapps.com";
/** Audience for the Power Platform API. */
export const PPAPI_AUDIENCE = "https://api.powerplatform.com";
/** Audience of the solution-checker (advisor) API. */
export const ADVISOR_AUDIENCE = "https://advisor.powerapps.com";
/** Audience (application id) of the Copilot Studio management API. */
export const COPILOT_STUDIO_AUDIENCE = "96ff4394-9197-43aa-b393-6a41652e21f8";

/** Default client id of {@link emulatorCredential} tokens. */
export const DEFAULT_APP_ID = "11111111-2222-4333-8444-555555555555";
/** Default object id of {@link emulatorCredential} tokens. */
export const DEFAULT_OBJECT_ID = "66666666-7777-4888-9999-000000000000";

/** The audience each family requires; Dataverse requires the org URL's origin (`http://127.0.0.1:<port>`). */
export function audienceFor(family: Family, origin: string): string | null {
  switch (family) {
    case "bapi":
    case "bapiRegional":
    case "powerApps":
      return POWERAPPS_AUDIENCE;
    case "ppapi":
      return PPAPI_AUDIENCE;
    case "dataverse":
      return origin;
    case "copilot":
      return COPILOT_STUDIO_AUDIENCE;
    case "advisor":
      return ADVISOR_AUDIENCE;
    default:
      return null;
  }
}

function base64url(text: string): string {
  return Buffer.from(text, "utf8").toString("base64url");
}

/** Claims of an emulator token. */
export interface EmulatorTokenClaims {
  aud: string;
  tid: string;
  appid: string;
  oid: string;
  idtyp: "app" | "user";
  iat?: number;
  exp?: number;
  [claim: string]: unknown;
}

/** Builds an unsigned JWT (`base64url(header).base64url(payload).`) carrying the given claims. */
export function mintEmulatorToken(claims: EmulatorTokenClaims): string {
  return `${base64url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${base64url(JSON.stringify(claims))}.`;
}

/** Options of {@link emulatorCredential}. */
export interface EmulatorCredentialOptions {
  /** Client id (`appid` claim). Default {@link DEFAULT_APP_ID}. */
  appId?: string;
  /** Tenant id (`tid` claim). Default the emulator's default tenant id. */
  tenantId?: string;
  /** `app` (service principal, default) or `user`. */
  kind?: "app" | "user";
  /** Object id (`oid` claim). Default {@link DEFAULT_OBJECT_ID}. */
  objectId?: string;
  /** Token lifetime in seconds. Default 3600. */
  lifetimeSeconds?: number;
}

/**
 * A `TokenCredential` that mints unsigned emulator tokens. The audience is the requested scope without its
 * `/.default` suffix (`https://service.powerapps.com/.default` → `https://service.powerapps.com`). Only the
 * emulator accepts these tokens; a real Microsoft endpoint rejects them.
 */
export function emulatorCredential(options: EmulatorCredentialOptions = {}): TokenCredential {
  const appId = options.appId ?? DEFAULT_APP_ID;
  const tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
  const kind = options.kind ?? "app";
  const objectId = options.objectId ?? DEFAULT_OBJECT_ID;
  const lifetime = options.lifetimeSeconds ?? 3600;
  return {
    async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
      const scope = Array.isArray(scopes) ? scopes[0] : scopes;
      if (typeof scope !== "string" || scope === "") throw new Error("emulatorCredential: getToken needs a scope");
      const aud = scope.endsWith("/.default") ? scope.slice(0, -"/.default".length) : scope;
      const now = Math.floor(Date.now() / 1000);
      const expiresOnTimestamp = (now + lifetime) * 1000;
      const token = mintEmulatorToken({
        aud,
        tid: tenantId,
        appid: appId,
        oid: objectId,
        idtyp: kind,
        iat: now,
        exp: now + lifetime,
      });
      return { token, expiresOnTimestamp };
    },
  };
}

/** Outcome of authenticating a request: the principal, or the 401 to send. */
export type AuthOutcome = { ok: true; principal: Principal } | { ok: false; result: RouteResult };

function unauthorized(code: string, message: string): AuthOutcome {
  const result = serviceError(401, code, message);
  result.headers = {
    "WWW-Authenticate": 'Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
  };
  return { ok: false, result };
}

function normaliseAudience(aud: string): string {
  return aud.replace(/\/+$/, "").toLowerCase();
}

/** Decodes and checks the bearer token of a request for a family. */
export function authenticate(
  authorization: string | undefined,
  family: Family,
  origin: string,
  state: EmulatorState,
): AuthOutcome {
  if (!authorization)
    return unauthorized("AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) {
    return unauthorized(
      "AuthenticationFailed",
      "Authentication failed. The 'Authorization' header is not a Bearer token.",
    );
  }
  const parts = (match[1] ?? "").split(".");
  let claims: Record<string, unknown>;
  try {
    if (parts.length !== 3) throw new Error("not three parts");
    claims = JSON.parse(Buffer.from(parts[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
    if (typeof claims !== "object" || claims === null) throw new Error("payload is not an object");
  } catch {
    return unauthorized("InvalidAuthenticationToken", "The access token is invalid: it is not a JWT.");
  }
  const { aud, tid, appid, oid, idtyp, exp } = claims;
  if (typeof aud !== "string" || typeof tid !== "string" || typeof appid !== "string" || typeof oid !== "string") {
    return unauthorized("InvalidAuthenticationToken", "The access token is invalid: it lacks aud, tid, appid or oid.");
  }
  if (typeof exp === "number" && exp * 1000 < Date.now()) {
    return unauthorized(
      "ExpiredAuthenticationToken",
      "The access token expiry UTC time is earlier than current UTC time.",
    );
  }
  const expected = audienceFor(family, origin);
  if (expected === null || normaliseAudience(aud) !== normaliseAudience(expected)) {
    return unauthorized(
      "InvalidAudience",
      `The access token has audience '${aud}'; this API requires '${expected ?? "none"}'.`,
    );
  }
  if (tid.toLowerCase() !== state.tenantId.toLowerCase()) {
    return unauthorized(
      "InvalidTenant",
      `The access token is from tenant '${tid}'; this API serves tenant '${state.tenantId}'.`,
    );
  }
  return {
    ok: true,
    principal: { kind: idtyp === "user" ? "user" : "app", objectId: oid, appId: appid, tenantId: tid },
  };
}

/** True when the principal may call admin paths: any user, or an app registered as an admin management application. */
export function isAdmin(principal: Principal, state: EmulatorState): boolean {
  return principal.kind === "user" || state.adminApplications[principal.appId.toLowerCase()] !== undefined;
}

/** The real 403 for an unregistered service principal on an admin path (§2.3). */
export function notRegistered(principal: Principal, apiPath: string): RouteResult {
  return bapiError(
    403,
    "Forbidden",
    `The service principal with id '${principal.objectId}' for application '${principal.appId}' does not have permission to access the path '${apiPath}' in tenant '${principal.tenantId}'.`,
  );
}
