/**
 * The tenant-scoped Power Platform API host (reference §1.1): `{t30}.{t2}.tenant.<PPAPI host>`, where `t30`/`t2` are
 * the first 30 and last 2 hex digits of the tenant id without dashes. Legacy environment-group rule sets (§12.2) and
 * `removeEnvironment` (§12.1) live there. The tenant id comes from the tenant GET (§14), read once per client.
 */

import { CLOUD_PROFILES } from "../../client/clouds.ts";
import { bapUrl, type ClientCore, withQuery } from "../../client/core.ts";
import { UnexpectedResponseError } from "../../client/errors.ts";
import type { CallContext } from "../../client/http.ts";

/** `<t30>.<t2>` of a tenant id. */
export function tenantHostLabel(tenantId: string): string {
  const hex = tenantId.replace(/-/g, "").toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new TypeError(`tenant id must be a GUID, got ${JSON.stringify(tenantId)}`);
  return `${hex.slice(0, 30)}.${hex.slice(30)}`;
}

/**
 * The base URL of the tenant-scoped API. On the cloud's own PPAPI host the label goes in front of the host; an
 * overridden PPAPI base (the emulator, on a loopback address that cannot carry a host label) gets it as the path
 * prefix `/tenant/<t30>.<t2>`, which is where the emulator serves it.
 */
export function tenantApiBase(core: ClientCore, tenantId: string): string {
  const label = tenantHostLabel(tenantId);
  const base = new URL(core.endpoints.ppapi);
  const standard = new URL(CLOUD_PROFILES[core.profile.cloud].endpoints.ppapi);
  return base.origin === standard.origin
    ? `${base.protocol}//${label}.tenant.${base.host}`
    : `${core.endpoints.ppapi}/tenant/${label}`;
}

const tenantIds = new WeakMap<ClientCore, string>();

/** The tenant id of the client's credential, from `GET …BAP/tenant` (read once per client; a failure is not kept). */
export async function tenantIdOf(core: ClientCore, ctx: CallContext): Promise<string> {
  const known = tenantIds.get(core);
  if (known) return known;
  const r = await core.http.send(ctx, {
    method: "GET",
    url: bapUrl(core, "/tenant", { "api-version": "2021-04-01" }),
    scope: core.bapiScope,
    accept: [200],
  });
  const id = (r.body as { tenantId?: unknown } | undefined)?.tenantId;
  if (typeof id !== "string" || id === "") {
    throw new UnexpectedResponseError(`${ctx.operation}: the tenant body has no tenantId`, r.body);
  }
  tenantIds.set(core, id);
  return id;
}

/** A URL on the tenant-scoped API: `path` (starting with `/`) with the query. */
export async function tenantApiUrl(
  core: ClientCore,
  ctx: CallContext,
  path: string,
  query: Record<string, string>,
): Promise<string> {
  return withQuery(`${tenantApiBase(core, await tenantIdOf(core, ctx))}${path}`, query);
}
