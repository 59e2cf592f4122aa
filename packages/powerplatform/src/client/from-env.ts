/**
 * The `GOVAI_POWERPLATFORM_*` environment variables of the provider plugin:
 * - `GOVAI_POWERPLATFORM_CLOUD`: `public` (default), `gcc`, `gcchigh`, `dod` or `china`;
 * - `GOVAI_POWERPLATFORM_ENDPOINTS`: JSON `{ "bapi"?, "powerApps"?, "ppapi"? }` base-URL overrides;
 * - `GOVAI_POWERPLATFORM_EMULATOR_IDENTITY`: `app:<clientId>` or `user:<objectId>`: use an unsigned emulator token,
 *   refused unless every endpoint is a loopback URL. Otherwise `DefaultAzureCredential` (which reads `AZURE_*`).
 */
import { randomUUID } from "node:crypto";
import { type AccessToken, DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import { PowerPlatformClient, type PowerPlatformClientOptions } from "./client.ts";
import { allLoopback, CLOUD_PROFILES, CLOUDS, type Cloud, type Endpoints, resolveEndpoints } from "./clouds.ts";
import { PowerPlatformError } from "./errors.ts";

/** The environment variables read (a subset of `process.env`). */
export type PowerPlatformEnv = Record<string, string | undefined>;

/** Tenant id in emulator tokens when `AZURE_TENANT_ID` is not set: the emulator's default tenant. */
export const EMULATOR_DEFAULT_TENANT_ID = "4f6c7b1e-0d3a-4c55-9e1a-7a1c2b3d4e5f";

function envError(message: string): PowerPlatformError {
  return new PowerPlatformError(message);
}

function parseCloud(env: PowerPlatformEnv): Cloud {
  const raw = env.GOVAI_POWERPLATFORM_CLOUD?.trim();
  if (!raw) return "public";
  const cloud = raw.toLowerCase();
  if (!(CLOUDS as readonly string[]).includes(cloud)) {
    throw envError(
      `GOVAI_POWERPLATFORM_CLOUD=${JSON.stringify(raw)} is not a cloud; expected one of ${CLOUDS.join(", ")}`,
    );
  }
  return cloud as Cloud;
}

function parseEndpoints(env: PowerPlatformEnv): Partial<Endpoints> | undefined {
  const raw = env.GOVAI_POWERPLATFORM_ENDPOINTS?.trim();
  if (!raw) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw envError(`GOVAI_POWERPLATFORM_ENDPOINTS is not JSON: ${raw.slice(0, 100)}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw envError('GOVAI_POWERPLATFORM_ENDPOINTS must be a JSON object like {"bapi":"…","powerApps":"…","ppapi":"…"}');
  }
  const out: Partial<Endpoints> = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (key !== "bapi" && key !== "powerApps" && key !== "ppapi") {
      throw envError(
        `GOVAI_POWERPLATFORM_ENDPOINTS has an unknown key ${JSON.stringify(key)}; expected bapi, powerApps, ppapi`,
      );
    }
    if (typeof value !== "string") throw envError(`GOVAI_POWERPLATFORM_ENDPOINTS.${key} must be a URL string`);
    out[key] = value;
  }
  return out;
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/**
 * A credential that mints unsigned JWTs (`alg: none`) for the emulator: `aud` is the requested scope without
 * `/.default`, plus `tid`, `appid`, `oid` and `idtyp`. Only ever used against loopback endpoints.
 */
export function unsignedEmulatorCredential(identity: {
  kind: "app" | "user";
  id: string;
  tenantId: string;
}): TokenCredential {
  const appId = identity.kind === "app" ? identity.id : "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
  const objectId = identity.kind === "user" ? identity.id : randomUUID();
  return {
    async getToken(scopes): Promise<AccessToken> {
      const scope = Array.isArray(scopes) ? (scopes[0] ?? "") : (scopes as string);
      const aud = scope.replace(/\/\.default$/, "");
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        aud,
        tid: identity.tenantId,
        appid: appId,
        oid: objectId,
        idtyp: identity.kind,
        iat: now,
        nbf: now,
        exp: now + 3600,
      };
      return {
        token: `${base64url({ alg: "none", typ: "JWT" })}.${base64url(payload)}.`,
        expiresOnTimestamp: (now + 3600) * 1000,
      };
    },
  };
}

/** Cloud, endpoints and credential from the environment variables. */
export function clientOptionsFromEnv(
  env: PowerPlatformEnv = process.env,
): PowerPlatformClientOptions & { cloud: Cloud; credential: TokenCredential } {
  const cloud = parseCloud(env);
  const overrides = parseEndpoints(env);
  const endpoints = resolveEndpoints(cloud, overrides);
  const rawIdentity = env.GOVAI_POWERPLATFORM_EMULATOR_IDENTITY?.trim();
  let credential: TokenCredential;
  if (rawIdentity) {
    const m = /^(app|user):(.+)$/.exec(rawIdentity);
    if (!m?.[1] || !m[2]) {
      throw envError(
        `GOVAI_POWERPLATFORM_EMULATOR_IDENTITY=${JSON.stringify(rawIdentity)} must be app:<clientId> or user:<objectId>`,
      );
    }
    if (!allLoopback(endpoints)) {
      throw envError(
        "GOVAI_POWERPLATFORM_EMULATOR_IDENTITY is set but not every endpoint is a loopback URL; refusing to send unsigned emulator tokens anywhere else. Set GOVAI_POWERPLATFORM_ENDPOINTS to the emulator's endpoints, or unset the emulator identity.",
      );
    }
    credential = unsignedEmulatorCredential({
      kind: m[1] as "app" | "user",
      id: m[2],
      tenantId: env.AZURE_TENANT_ID?.trim() || EMULATOR_DEFAULT_TENANT_ID,
    });
  } else {
    credential = new DefaultAzureCredential({ authorityHost: CLOUD_PROFILES[cloud].authorityHost });
  }
  return overrides ? { cloud, endpoints: overrides, credential } : { cloud, credential };
}

/** The credential the `GOVAI_POWERPLATFORM_*` variables describe. */
export function credentialFromEnv(env: PowerPlatformEnv = process.env): TokenCredential {
  return clientOptionsFromEnv(env).credential;
}

/** A client configured from the `GOVAI_POWERPLATFORM_*` variables; `extra` adds or overrides options. */
export function clientFromEnv(
  env: PowerPlatformEnv = process.env,
  extra: PowerPlatformClientOptions = {},
): PowerPlatformClient {
  return new PowerPlatformClient({ ...clientOptionsFromEnv(env), ...extra });
}
