/** Tenant-settings converters: compare only the keys the caller manages; build the partial write. */

import type { TenantSettings } from "../../client/types.ts";
import type { WireTenantSettings } from "./wire.ts";

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
