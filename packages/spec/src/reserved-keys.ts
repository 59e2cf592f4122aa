/**
 * Map keys that name the built-in properties of every JavaScript object (`__proto__`, `constructor`, `toString` …).
 *
 * A spec's maps become plain objects. Under such a key a value either vanishes (`__proto__` sets the prototype
 * instead of adding an entry) or shadows a function the rest of the program calls (`toString` makes Pulumi's
 * serialisation throw), so the spec refuses them in every map, with the key's position.
 */
import type { PathIssue } from "./issues.ts";

/**
 * Every own property of `Object.prototype` (ECMAScript, Annex B included). Written out rather than read from the
 * runtime, so the refused names do not depend on the Node version.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  "__proto__",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
  "constructor",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "toString",
  "valueOf",
]);

/** The message for a reserved key, the same from the loader (with a position) and from resolve() (without). */
export function reservedKeyMessage(key: string): string {
  return `the key ${JSON.stringify(key)} is not allowed: it names a built-in property of every JavaScript object; choose another name`;
}

/**
 * Reserved keys anywhere in a value built in code (resolve()'s input), as path issues at the key. Iterative, and
 * each object is visited once, so a deep or cyclic value cannot overflow the stack here.
 */
export function reservedKeyIssues(value: unknown): PathIssue[] {
  const issues: PathIssue[] = [];
  const seen = new Set<object>();
  const stack: Array<{ value: unknown; path: (string | number)[] }> = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (current === null || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: [...path, i] });
      continue;
    }
    const keys = Object.keys(current);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      if (RESERVED_KEYS.has(key)) issues.push({ path: [...path, key], atKey: true, message: reservedKeyMessage(key) });
      else stack.push({ value: (current as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return issues;
}
