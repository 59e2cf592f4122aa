/** Small JSON helpers shared by the routes and the control endpoint. */

/** Any JSON object. */
export type JsonObject = { [key: string]: unknown };

/** True for a plain (non-array, non-null) object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A deep copy through JSON, so handed-out bodies never alias emulator state. */
export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Applies an RFC 7386 JSON merge patch in place: objects merge recursively, `null` deletes a key, anything else
 * (arrays included) replaces.
 */
export function mergePatch(target: JsonObject, patch: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(patch)) {
    // JSON.parse makes "__proto__" an own key; assigning it would replace the target's prototype.
    if (UNSAFE_KEYS.has(key)) throw new Error(`the key '${key}' is not allowed in a patch`);
    if (value === null) {
      delete target[key];
    } else if (isObject(value)) {
      const current = target[key];
      const base = isObject(current) ? current : {};
      target[key] = mergePatch(base, value);
    } else {
      target[key] = clone(value);
    }
  }
  return target;
}

/** Case-insensitive equality for identifiers (GUIDs, domain names). */
export function sameId(a: string | undefined | null, b: string | undefined | null): boolean {
  return typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();
}
