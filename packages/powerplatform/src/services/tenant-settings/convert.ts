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

/** A path of keys to one setting (a leaf: any value that is not an object) in a tenant-settings document. */
export type SettingPath = readonly string[];

/** Every setting (leaf) of a (partial) document, depth first, in key order. */
export function settingPaths(doc: TenantSettings): SettingPath[] {
  const out: SettingPath[] = [];
  const walk = (value: Record<string, unknown>, prefix: string[]) => {
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue;
      if (isObject(v)) walk(v, [...prefix, key]);
      else out.push([...prefix, key]);
    }
  };
  if (isObject(doc)) walk(doc, []);
  return out;
}

/** The value at `path`, or undefined. */
export function settingAt(doc: TenantSettings, path: SettingPath): unknown {
  let cur: unknown = doc;
  for (const key of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** A new document: `doc` with `value` at `path` (nested objects created as needed). */
function withSetting(doc: TenantSettings, path: SettingPath, value: unknown): TenantSettings {
  const [head, ...rest] = path as string[];
  if (head === undefined) return doc;
  const inner = isObject(doc[head]) ? (doc[head] as TenantSettings) : {};
  return { ...doc, [head]: rest.length === 0 ? value : withSetting(inner, rest, value) };
}

/**
 * The settings of `doc` at `paths` that `doc` holds, as a partial document with no empty objects: what a snapshot
 * keeps (a key the service's document does not hold cannot be restored, so it is left out).
 */
export function settingsAt(doc: TenantSettings, paths: readonly SettingPath[]): TenantSettings {
  let out: TenantSettings = {};
  for (const path of paths) {
    const v = settingAt(doc, path);
    if (v !== undefined && !isObject(v)) out = withSetting(out, path, v);
  }
  return out;
}

/** `base` with every setting of `over` written over it. */
export function mergeSettings(base: TenantSettings, over: TenantSettings): TenantSettings {
  let out = base;
  for (const path of settingPaths(over)) out = withSetting(out, path, settingAt(over, path));
  return out;
}

/** `doc` without the settings at `paths`; objects left empty go too. */
export function withoutSettings(doc: TenantSettings, paths: readonly SettingPath[]): TenantSettings {
  const drop = new Set(paths.map((p) => p.join(".")));
  return settingsAt(
    doc,
    settingPaths(doc).filter((p) => !drop.has(p.join("."))),
  );
}

/**
 * A document holding every setting this client knows, each with a placeholder of its type (false, 0, ""): the
 * partial to read the whole known document with (an import manages every known setting). Never written.
 */
export function everyKnownSetting(): TenantSettings {
  const fill = (shape: { [key: string]: TenantSettingType }): TenantSettings =>
    Object.fromEntries(
      Object.entries(shape).map(([k, t]) => [
        k,
        typeof t === "object" ? fill(t) : t === "boolean" ? false : t === "number" ? 0 : "",
      ]),
    );
  return fill(TENANT_SETTINGS_SHAPE);
}
