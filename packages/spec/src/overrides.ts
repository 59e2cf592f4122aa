/** Recording overrides: every leaf where the resolved value differs from the stage profile's default. */
import type { Override, StageName } from "./model.ts";

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Structural equality of plain data. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Append to `out` one override per differing leaf of `value` against `defaultValue`, in the key order of the
 * default (then keys only the value has). Lists are leaves. A create/existing choice (`mode: "create"` vs
 * `mode: "existing"`) is compared as a whole, so the override reads "create → existing", not scattered fields.
 */
export function collectOverrides(
  stage: StageName | undefined,
  path: string,
  defaultValue: unknown,
  value: unknown,
  out: Override[],
): void {
  const choice = (o: Record<string, unknown>) => o.mode === "create" || o.mode === "existing";
  if (
    isPlainObject(defaultValue) &&
    isPlainObject(value) &&
    !(choice(defaultValue) && choice(value) && defaultValue.mode !== value.mode)
  ) {
    const keys = [...Object.keys(defaultValue), ...Object.keys(value).filter((k) => !(k in defaultValue))];
    for (const k of keys) collectOverrides(stage, path === "" ? k : `${path}.${k}`, defaultValue[k], value[k], out);
    return;
  }
  if (!deepEqual(defaultValue, value)) out.push({ stage, path, defaultValue, value });
}
