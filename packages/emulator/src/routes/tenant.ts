/**
 * Tenant settings (§10): `listTenantSettings` returns the full document; `updateTenantSettings` merges a partial
 * document and returns the full one. Also the tenant-info GET (§14).
 */
import { clone, isObject, type JsonObject, mergePatch } from "../json.ts";
import { bapiError, ok, type RouteResult } from "../responses.ts";
import type { RequestContext, Router } from "../router.ts";

const BAP = "/providers/Microsoft.BusinessAppPlatform";

/** Finds the first value in the patch whose JSON type differs from the current document's; returns its path. */
function typeMismatch(current: JsonObject, patch: JsonObject, prefix: string): string | null {
  for (const [key, value] of Object.entries(patch)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const existing = current[key];
    if (existing === undefined || existing === null) continue;
    if (isObject(existing)) {
      if (!isObject(value)) return path;
      const nested = typeMismatch(existing, value, path);
      if (nested) return nested;
    } else if (typeof existing !== typeof value) {
      return path;
    }
  }
  return null;
}

function list(ctx: RequestContext): RouteResult {
  return ok(clone(ctx.core.state.tenantSettings));
}

function update(ctx: RequestContext): RouteResult {
  const settings = ctx.core.state.tenantSettings;
  if (!isObject(ctx.body))
    return bapiError(400, "InvalidRequestContent", "The body must be a (partial) tenant-settings object.");
  const mismatch = typeMismatch(settings, ctx.body, "");
  if (mismatch) {
    return bapiError(400, "InvalidRequestContent", `The tenant setting '${mismatch}' has the wrong type.`);
  }
  const nulls = JSON.stringify(ctx.body).includes(":null");
  if (nulls) return bapiError(400, "InvalidRequestContent", "Tenant settings cannot be set to null.");
  try {
    mergePatch(settings, ctx.body);
  } catch (error) {
    return bapiError(400, "InvalidRequestContent", (error as Error).message);
  }
  return ok(clone(settings));
}

function tenant(ctx: RequestContext): RouteResult {
  return ok({
    tenantId: ctx.core.state.tenantId,
    state: "Enabled",
    location: "europe",
    aadCountryGeo: "europe",
    dataStorageGeo: "europe",
    defaultEnvironmentGeo: "europe",
    aadDataBoundary: "none",
    fedRAMPHighCertificationRequired: false,
  });
}

/** Registers the tenant routes. */
export function tenantRoutes(router: Router): void {
  const v = { apiVersion: true };
  router.add("POST", "bapi", `${BAP}/listTenantSettings`, "tenantSettings.list", list, v);
  router.add("POST", "bapi", `${BAP}/scopes/admin/updateTenantSettings`, "tenantSettings.update", update, v);
  router.add("GET", "bapi", `${BAP}/tenant`, "tenant.get", tenant, v);
}
