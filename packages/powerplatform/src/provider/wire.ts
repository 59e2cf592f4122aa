/**
 * Pulumi wire values as the Node provider server hands them over: raw `Struct.toJavaScript()` output. Unknowns
 * (preview) arrive as a sentinel string and secrets as a signature object; nothing is decoded for us.
 */

/** The value of a property not known yet (a preview, or an input computed from another resource). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The key that marks a special value (secret, asset, archive, resource reference, output value). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The signature of a secret. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** The signature of an output value (carries `value` only when known, and `secret`). */
export const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/** A JSON property bag. */
export type PropertyMap = Record<string, unknown>;

/** Wraps a value as a Pulumi secret. */
export function secret(value: unknown): PropertyMap {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** True when `v` is a wrapped secret. */
export function isSecret(v: unknown): v is { value: unknown } {
  return typeof v === "object" && v !== null && (v as PropertyMap)[SIG_KEY] === SECRET_SIG;
}

/** True when `v` is the unknown sentinel. */
export function isUnknown(v: unknown): boolean {
  return v === UNKNOWN;
}

/** True when `v` is, or contains anywhere, an unknown. An output value without a `value` is unknown. */
export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (typeof v === "object" && v !== null) {
    const o = v as PropertyMap;
    if (o[SIG_KEY] === OUTPUT_SIG && !("value" in o)) return true;
    return Object.values(o).some(containsUnknown);
  }
  return false;
}

/**
 * Removes secret and output-value wrappers. Returns the plain value and the top-level keys that held a secret
 * anywhere inside, so the caller can wrap those keys again on the way out.
 */
export function unwrap(props: PropertyMap): { plain: PropertyMap; secretKeys: Set<string> } {
  const secretKeys = new Set<string>();
  const plain: PropertyMap = {};
  for (const [k, v] of Object.entries(props ?? {})) {
    const found = { secret: false };
    plain[k] = reveal(v, found);
    if (found.secret) secretKeys.add(k);
  }
  return { plain, secretKeys };
}

function reveal(v: unknown, found: { secret: boolean }): unknown {
  if (Array.isArray(v)) return v.map((x) => reveal(x, found));
  if (typeof v === "object" && v !== null) {
    const o = v as PropertyMap;
    if (o[SIG_KEY] === SECRET_SIG) {
      found.secret = true;
      return reveal(o.value, found);
    }
    if (o[SIG_KEY] === OUTPUT_SIG) {
      if (o.secret === true) found.secret = true;
      return "value" in o ? reveal(o.value, found) : UNKNOWN;
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, reveal(x, found)]));
  }
  return v;
}

/** Wraps the given top-level keys as secrets (keys whose value is undefined are left alone). */
export function wrapSecrets(props: PropertyMap, keys: Iterable<string>): PropertyMap {
  const out: PropertyMap = { ...props };
  for (const k of keys) {
    if (out[k] !== undefined && !isSecret(out[k])) out[k] = secret(out[k]);
  }
  return out;
}

/**
 * Drops `undefined` anywhere in a value: the server's `Struct.fromJavaScript` fails on it ("Unexpected struct type").
 */
export function clean<T>(v: T): T {
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(clean) as T;
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(
      Object.entries(v as PropertyMap)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, clean(x)]),
    ) as T;
  }
  return v;
}

/** The value at a property path, or undefined. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === UNKNOWN) return UNKNOWN;
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

/** True when the value at `path`, or any value on the way to it, is or contains an unknown. */
export function unknownAlong(root: unknown, path: readonly PropertyKey[]): boolean {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === UNKNOWN) return true;
    if (typeof cur !== "object" || cur === null) return false;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return containsUnknown(cur);
}
