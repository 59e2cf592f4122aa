/** Tenant-settings converters: compare only the keys the caller manages; build the partial write. */

import type { TenantSettings } from "../../client/types.ts";
import { TENANT_SETTINGS_SHAPE, type TenantSettingType, type WireTenantSettings } from "./wire.ts";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The part of `wanted` that differs from `current`, as a partial document (nested objects kept only where a leaf
 * differs); undefined when nothing differs. Keys absent from `wanted` are never touched.
 */
export function changedTenantSettings(
  current: WireTenantSettings,
  wanted: TenantSettings,
): WireTenantSettings | undefined {
  const out: WireTenantSettings = {};
  for (const [key, value] of Object.entries(wanted)) {
    if (value === undefined) continue;
    const have = current[key];
    if (isObject(value)) {
      const inner = changedTenantSettings(isObject(have) ? have : {}, value);
      if (inner) out[key] = inner;
    } else if (JSON.stringify(have) !== JSON.stringify(value)) {
      out[key] = value;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The values of `current` at the keys of `shape` (to snapshot what a write will change, for a later restore). */
export function pickTenantSettings(current: WireTenantSettings, shape: TenantSettings): TenantSettings {
  const out: TenantSettings = {};
  for (const [key, value] of Object.entries(shape)) {
    const have = current[key];
    if (isObject(value)) out[key] = pickTenantSettings(isObject(have) ? have : {}, value);
    else if (have !== undefined) out[key] = have;
  }
  return out;
}

/**
 * Refuses a partial tenant-settings document that names a key this client does not know, or gives a known key a
 * value of the wrong JSON type (an object where a setting is, a string where a boolean is, …). The message names
 * every offending path (dotted) and the expected type; nothing is sent.
 */
export function checkTenantSettings(partial: TenantSettings): void {
  if (!isObject(partial)) throw new TypeError("tenant settings must be an object (a partial tenant-settings document)");
  const problems: string[] = [];
  const walk = (value: Record<string, unknown>, shape: { [key: string]: TenantSettingType }, prefix: string) => {
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      const expected = shape[key];
      if (expected === undefined) problems.push(`${path} is not a known tenant setting`);
      else if (typeof expected === "object") {
        if (isObject(v)) walk(v, expected, path);
        else problems.push(`${path} must be an object of settings, got ${JSON.stringify(v)}`);
      } else if (typeof v !== expected) problems.push(`${path} must be a ${expected}, got ${JSON.stringify(v)}`);
    }
  };
  walk(partial, TENANT_SETTINGS_SHAPE, "");
  if (problems.length > 0) throw new TypeError(`tenant settings refused, nothing was sent: ${problems.join("; ")}`);
}
