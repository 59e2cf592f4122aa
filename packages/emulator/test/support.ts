/** Shared helpers for the emulator tests: deterministic emulators, tokens, and a tiny fetch wrapper. */

import type { Emulator } from "../src/index.ts";
import { type EmulatorOptions, emulatorCredential, startEmulator } from "../src/index.ts";

/** The fixed clock every test emulator uses. */
export const NOW = "2026-01-01T10:00:00.000Z";
/** A registered service principal. */
export const APP = "0a1b2c3d-0000-4000-8000-00000000a001";
/** An unregistered service principal. */
export const STRANGER = "0a1b2c3d-0000-4000-8000-00000000b002";
export const BAP = "/providers/Microsoft.BusinessAppPlatform";
export const ZERO = "00000000-0000-0000-0000-000000000000";

/** Id number n of the counting generator (`00000000-0000-4000-8000-00000000000n`). */
export function id(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

/** An emulator with counting ids, a fixed clock, and {@link APP} registered. */
export async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  let n = 0;
  return startEmulator({
    idGenerator: () => id(++n),
    clock: () => new Date(NOW),
    adminApplications: [APP],
    ...options,
  });
}

/** A bearer token for a scope. */
export async function token(
  scope: string,
  who: { appId?: string; kind?: "app" | "user"; tenantId?: string } = {},
): Promise<string> {
  const credential = emulatorCredential({
    appId: who.appId ?? APP,
    kind: who.kind ?? "app",
    ...(who.tenantId ? { tenantId: who.tenantId } : {}),
  });
  const result = await credential.getToken(scope);
  if (!result) throw new Error("no token");
  return result.token;
}

/** A parsed response. */
export interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Sends a request; the body is JSON-encoded; the reply body is parsed JSON, raw text, or undefined when empty. */
export async function call(
  method: string,
  url: string,
  options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(url, {
    method,
    headers,
    ...(options.body !== undefined
      ? { body: typeof options.body === "string" ? options.body : JSON.stringify(options.body) }
      : {}),
  });
  const text = await res.text();
  let body: unknown;
  if (text !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, headers: res.headers, body };
}

/** A client bound to one emulator and one identity, with the family tokens it needs. */
export async function client(emulator: Emulator, who: { appId?: string; kind?: "app" | "user" } = {}) {
  const bapToken = await token("https://service.powerapps.com/.default", who);
  const dvToken = await token(`${emulator.url}/.default`, who);
  const copilotToken = await token("96ff4394-9197-43aa-b393-6a41652e21f8/.default", who);
  const bap = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(method, `${emulator.endpoints.bapi}${path}`, { token: bapToken, body, ...(headers ? { headers } : {}) });
  return {
    bapToken,
    dvToken,
    copilotToken,
    bap,
    /** Calls a URL (e.g. a `Location`) with the BAPI token. */
    url: (method: string, url: string, body?: unknown) => call(method, url, { token: bapToken, body }),
    /** Calls the Dataverse org at `domain`. */
    dv: (method: string, domain: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      call(method, `${emulator.url}/dataverse/${domain}${path}`, {
        token: dvToken,
        body,
        ...(headers ? { headers } : {}),
      }),
    copilot: (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      call(method, `${emulator.url}/copilot${path}`, { token: copilotToken, body, ...(headers ? { headers } : {}) }),
  };
}

/** The create body of a Sandbox environment with Dataverse at `domain`. */
export function createBody(domain: string, extra: Record<string, unknown> = {}, location = "europe") {
  return {
    location,
    properties: {
      displayName: `${domain}-env`,
      environmentSku: "Sandbox",
      databaseType: "CommonDataService",
      linkedEnvironmentMetadata: {
        baseLanguage: 1033,
        domainName: domain,
        currency: { code: "EUR" },
        securityGroupId: ZERO,
        templates: ["D365_CDSSampleApp"],
      },
      ...extra,
    },
  };
}

/** Creates an environment and polls its operation to the end; returns its id. */
export async function createEnvironment(
  emulator: Emulator,
  domain: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const c = await client(emulator);
  const started = await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, createBody(domain, extra));
  if (started.status !== 202) throw new Error(`create answered ${started.status}: ${JSON.stringify(started.body)}`);
  const location = started.headers.get("location") ?? "";
  for (;;) {
    const poll = await c.url("GET", location);
    const state = (poll.body as { state: { id: string } }).state.id;
    if (state !== "Running") {
      const path = (poll.body as { links: { environment: { path: string } } }).links.environment.path;
      return path.split("/").pop() ?? "";
    }
  }
}
