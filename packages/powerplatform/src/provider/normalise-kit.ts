/**
 * The building blocks of input normalisation, shared by every resource's `normalise.ts`. Unknown-safe: a preview
 * hands us unknowns anywhere, and they are left alone.
 */
import { isUnknown, type PropertyMap } from "./wire.ts";

/** The zero GUID; the service's spelling of "none" for group ids. */
export const ZERO_GUID = "00000000-0000-0000-0000-000000000000";

/** `f(v)` when `v` is a known string; otherwise `v` unchanged. */
export const mapStr = (v: unknown, f: (s: string) => string): unknown =>
  typeof v === "string" && !isUnknown(v) ? f(v) : v;

/** `v` lower-cased when it is a known string. */
export const lower = (v: unknown): unknown => mapStr(v, (s) => s.toLowerCase());

/** Sorted and de-duplicated, when the array holds only known strings; otherwise unchanged. */
export function sortedUnique(v: unknown, key: (s: string) => string = (s) => s): unknown {
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string" || isUnknown(x))) return v;
  const byKey = new Map<string, string>();
  for (const s of v as string[]) if (!byKey.has(key(s))) byKey.set(key(s), s);
  return [...byKey.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** `""`, missing and the zero GUID are all "none" (undefined); other GUIDs are lower-cased. */
export function normaliseGroupId(v: unknown): unknown {
  if (v === undefined || v === null || v === "" || v === ZERO_GUID) return undefined;
  return lower(v);
}

/** `v` as a record, or undefined. */
export function obj(v: unknown): PropertyMap | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as PropertyMap) : undefined;
}
