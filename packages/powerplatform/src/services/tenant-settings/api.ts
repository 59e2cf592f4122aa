/** Tenant settings (reference §10): read the full document; write a partial one only when asked and only what changed. */
import { bapUrl, type ClientCore } from "../../client/core.ts";
import { UnexpectedResponseError } from "../../client/errors.ts";
import type { CallContext } from "../../client/http.ts";
import type { TenantSettings } from "../../client/types.ts";
import { changedTenantSettings, checkTenantSettings, pickTenantSettings } from "./convert.ts";
import type { WireTenantSettings } from "./wire.ts";

/** Reads the full tenant-settings document (`POST listTenantSettings`, a read). */
export async function getTenantSettings(core: ClientCore, ctx: CallContext): Promise<TenantSettings> {
  const r = await core.http.send(ctx, {
    method: "POST",
    url: bapUrl(core, "/listTenantSettings", { "api-version": "2023-06-01" }),
    scope: core.bapiScope,
    accept: [200],
    idempotent: true,
  });
  return (r.body ?? {}) as WireTenantSettings;
}

/**
 * The id of the tenant the caller signs in to (`GET …/tenant`, api-version `2020-08-01`, as the Terraform provider
 * reads it for its tenant-settings resource: internal/services/tenant_settings/tests/resources/Validate_Create/get_tenant.json),
 * lower-cased. A body without a tenant id is refused.
 */
export async function getTenantId(core: ClientCore, ctx: CallContext): Promise<string> {
  const r = await core.http.send(ctx, {
    method: "GET",
    url: bapUrl(core, "/tenant", { "api-version": "2020-08-01" }),
    scope: core.bapiScope,
    accept: [200],
  });
  const id = (r.body as { tenantId?: unknown } | undefined)?.tenantId;
  if (typeof id !== "string" || id === "") {
    throw new UnexpectedResponseError(`${ctx.operation}: the tenant body has no tenantId`, r.body);
  }
  return id.toLowerCase();
}

/**
 * The current values of the keys of `partial` (the partial document about to be written), for a snapshot taken
 * before the write and written back later. Keys the document does not hold are left out. An unknown key or a value
 * of the wrong type is refused before any request, as {@link updateTenantSettings} would refuse it.
 */
export async function readTenantSettings(
  core: ClientCore,
  ctx: CallContext,
  partial: TenantSettings,
): Promise<TenantSettings> {
  checkTenantSettings(partial);
  return pickTenantSettings(await getTenantSettings(core, ctx), partial);
}

/**
 * Writes the keys of `wanted` that differ from the current document (nothing is sent when none differs) and
 * returns the full document afterwards. A key this client does not know, or a value of the wrong type, is refused
 * with a TypeError naming it, before any request.
 */
export async function updateTenantSettings(
  core: ClientCore,
  ctx: CallContext,
  wanted: TenantSettings,
): Promise<TenantSettings> {
  checkTenantSettings(wanted);
  const current = await getTenantSettings(core, ctx);
  const change = changedTenantSettings(current, wanted);
  if (!change) return current;
  const r = await core.http.send(ctx, {
    method: "POST",
    url: bapUrl(core, "/scopes/admin/updateTenantSettings", { "api-version": "2023-06-01" }),
    scope: core.bapiScope,
    body: change,
    accept: [200],
    idempotent: true,
  });
  return (r.body ?? {}) as WireTenantSettings;
}
