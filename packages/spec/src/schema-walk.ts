/** Walking the zod schema along a field path: the allowed keys and the "expected" wording at a path. */
import type { z } from "zod";
import { expectations } from "./expected.ts";

type AnySchema = z.core.$ZodType;

interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  shape?: Record<string, AnySchema>;
  valueType?: AnySchema;
  keyType?: AnySchema;
  element?: AnySchema;
  options?: AnySchema[];
  getter?: () => AnySchema;
}

function def(s: AnySchema): Def {
  return s._zod.def as unknown as Def;
}

/** The chain of wrappers (optional, default, pipe …) from `s` down to the first structural schema. */
function unwrapChain(s: AnySchema): AnySchema[] {
  const chain: AnySchema[] = [s];
  let cur = s;
  for (let i = 0; i < 20; i++) {
    const d = def(cur);
    const next =
      d.type === "optional" || d.type === "nullable" || d.type === "default" || d.type === "readonly"
        ? d.innerType
        : d.type === "pipe"
          ? d.in
          : d.type === "lazy"
            ? d.getter?.()
            : undefined;
    if (!next) break;
    chain.push(next);
    cur = next;
  }
  return chain;
}

function structural(s: AnySchema): AnySchema {
  const chain = unwrapChain(s);
  return chain[chain.length - 1]!;
}

/** Every schema (with wrappers) at `path`; several when a union offers alternatives. */
export function schemasAt(root: AnySchema, path: readonly PropertyKey[]): AnySchema[] {
  let current: AnySchema[] = [root];
  for (const seg of path) {
    const next: AnySchema[] = [];
    for (const s of current) {
      const base = structural(s);
      const d = def(base);
      if (d.type === "object" && d.shape && typeof seg === "string" && seg in d.shape) next.push(d.shape[seg]!);
      else if (d.type === "record" && d.valueType) next.push(d.valueType);
      else if (d.type === "array" && d.element && typeof seg === "number") next.push(d.element);
      else if (d.type === "union" && d.options) next.push(...d.options.flatMap((o) => schemasAt(o, [seg])));
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

/** Keys an object at `path` accepts (empty when the path is not an object). */
export function keysAt(root: AnySchema, path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  for (const s of schemasAt(root, path)) {
    const d = def(structural(s));
    if (d.type === "object" && d.shape) for (const k of Object.keys(d.shape)) keys.add(k);
  }
  return [...keys];
}

/** The registered "expected" wording of the schema at `path`, looking through wrappers. */
export function expectedAt(root: AnySchema, path: readonly PropertyKey[]): string | undefined {
  for (const s of schemasAt(root, path)) {
    for (const link of unwrapChain(s)) {
      const e = expectations.get(link as z.ZodType);
      if (e) return e.expected;
    }
  }
  return undefined;
}

/** The registered wording of the key schema of a record at `path`. */
export function expectedKeyAt(root: AnySchema, path: readonly PropertyKey[]): string | undefined {
  for (const s of schemasAt(root, path)) {
    const d = def(structural(s));
    if (d.type === "record" && d.keyType) {
      for (const link of unwrapChain(d.keyType)) {
        const e = expectations.get(link as z.ZodType);
        if (e) return e.expected;
      }
    }
  }
  return undefined;
}

/** What kind of value the schema at `path` is: "object", "record", "array" or another zod type name. */
export function kindAt(root: AnySchema, path: readonly PropertyKey[]): string | undefined {
  const s = schemasAt(root, path)[0];
  return s ? def(structural(s)).type : undefined;
}
