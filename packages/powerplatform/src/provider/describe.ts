/**
 * One description per resource. Each resource's `services/<resource>/inputs.ts` holds ONE zod object that is its
 * input description: the rules Check runs, the documentation (`.meta({ description })`), what replaces the resource
 * (`.meta({ replaceOnChanges: true })`), what is secret (`.meta({ secret: true })`) and the names of nested types
 * (`.meta({ id })`). Everything else is derived from it:
 *
 * - the Pulumi package schema ({@link pulumiResourceSchema}, served on GetSchema),
 * - the input keys Diff walks and the replacement rules ({@link inputKeysOf}, {@link replaceRulesOf}),
 * - the always-secret inputs ({@link secretKeysOf}),
 * - the TypeScript `Args` type of the resource class ({@link ArgsOf}), and the class's output declarations and the
 *   property names it registers (`args-source.ts`, written into `resources/args.ts`).
 *
 * This module holds types and pure functions only; zod itself is loaded with the descriptions (on the first call
 * the engine makes), so the plugin still prints its port before loading it.
 */

import { POWER_PLATFORM_TOKEN_PREFIX } from "@govai/spec/model";
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { ResourceTypeName } from "./inputs.ts";

/** The prefix of every type token of this package (the spec's). */
export const TOKEN_PREFIX = POWER_PLATFORM_TOKEN_PREFIX;

/** What a resource's description says, beyond its inputs. */
export interface ResourceDescription<S extends z.ZodObject = z.ZodObject> {
  /** The resource type name (the last part of its token). */
  name: ResourceTypeName;
  /** What the resource is and does, for the package schema (the resource class's TSDoc says it at length). */
  description: string;
  /** THE input description. Cross-field rules go in a `superRefine` of this object. */
  inputs: S;
  /** The outputs beyond the inputs, for the package schema. */
  outputs: z.ZodObject;
}

/** One schema property of the Pulumi package schema. */
export type SchemaProperty = Record<string, unknown>;

/** A resource of the Pulumi package schema, and the named types it uses. */
export interface PulumiResourceSchema {
  resource: {
    description: string;
    inputProperties: Record<string, SchemaProperty>;
    requiredInputs: string[];
    properties: Record<string, SchemaProperty>;
    required: string[];
  };
  types: Record<string, SchemaProperty>;
}

/**
 * The engine may hand any input as an unknown or a secret, and a program may pass Outputs: the Args type of a
 * resource wraps every level of its input description in `pulumi.Input`.
 */
export type InputOf<T> = pulumi.Input<
  T extends readonly (infer U)[] ? InputOf<U>[] : T extends object ? { [K in keyof T]: InputOf<T[K]> } : T
>;

/** The `Args` of a resource class, derived from its input description. */
export type ArgsOf<S extends z.ZodType> = { [K in keyof z.input<S>]: InputOf<z.input<S>[K]> };

/** The keys of the schema-only meta this package reads (zod keeps any key in `.meta()`). */
interface FieldMeta {
  description?: string;
  replaceOnChanges?: boolean;
  secret?: boolean;
  id?: string;
}

/** The top-level input keys of a description, in declaration order: the keys Diff compares. */
export function inputKeysOf(d: ResourceDescription): string[] {
  return Object.keys(d.inputs.shape);
}

/**
 * What replaces the resource, from the `replaceOnChanges` meta: `true` for a top-level input, or the nested keys of a
 * top-level object whose change replaces it (its other keys change in place). `cloud` always replaces.
 */
export function replaceRulesOf(d: ResourceDescription): Record<string, true | string[]> {
  const rules: Record<string, true | string[]> = {};
  for (const [key, field] of Object.entries(d.inputs.shape)) {
    if (metaOf(field).replaceOnChanges) {
      rules[key] = true;
      continue;
    }
    const inner = objectShape(field);
    if (!inner) continue;
    const nested = Object.entries(inner)
      .filter(([, sub]) => metaOf(sub).replaceOnChanges)
      .map(([k]) => k);
    if (nested.length > 0) rules[key] = nested;
  }
  return rules;
}

/** The inputs that are always secret, in inputs and outputs (the `secret` meta). */
export function secretKeysOf(d: ResourceDescription): string[] {
  return Object.entries(d.inputs.shape)
    .filter(([, field]) => metaOf(field).secret)
    .map(([k]) => k);
}

/** The meta of a field, looking through optional/nullable/default wrappers (the meta may sit on either side). */
function metaOf(schema: unknown): FieldMeta {
  let s = schema as z.ZodType | undefined;
  let meta: FieldMeta = {};
  for (let depth = 0; s && depth < 8; depth++) {
    meta = { ...(s.meta() as FieldMeta | undefined), ...meta };
    const def = (s as unknown as { _zod: { def: { type: string; innerType?: z.ZodType } } })._zod.def;
    if (!["optional", "nullable", "default", "prefault", "readonly"].includes(def.type) || !def.innerType) break;
    s = def.innerType;
  }
  return meta;
}

/** The shape of an object field (through its optional/default wrappers), or undefined for any other field. */
function objectShape(schema: unknown): Record<string, z.ZodType> | undefined {
  let s = schema as { _zod: { def: { type: string; innerType?: unknown; shape?: Record<string, z.ZodType> } } };
  for (let depth = 0; depth < 8; depth++) {
    const def = s._zod.def;
    if (def.type === "object") return def.shape;
    if (!def.innerType) return undefined;
    s = def.innerType as typeof s;
  }
  return undefined;
}

type Json = Record<string, unknown>;

/**
 * Converts a JSON Schema (zod's `toJSONSchema` of a description, input side) into Pulumi package-schema properties.
 * Pulumi wants every object with properties to be a named type (`$ref` to `#/types/<token>`), so an unnamed nested
 * object is a mistake in the description, reported with its path.
 */
function toPulumi(node: Json, where: string, defs: Record<string, Json>, types: Record<string, SchemaProperty>): Json {
  const out: Json = {};
  if (typeof node.description === "string") out.description = node.description;
  if (node.replaceOnChanges === true) out.replaceOnChanges = true;
  if (node.secret === true) out.secret = true;
  if (typeof node.$ref === "string") {
    const id = node.$ref.replace(/^#\/\$defs\//, "");
    namedType(id, defs, types);
    // The field says what the named type says, unless it has words of its own.
    const described = out.description ?? defs[id]?.description;
    return {
      ...out,
      ...(described === undefined ? {} : { description: described }),
      $ref: `#/types/${TOKEN_PREFIX}${id}`,
    };
  }
  const type = node.type;
  if (Array.isArray(node.enum) || node.const !== undefined) return { ...out, type: "string" };
  if (type === "string") return { ...out, type: "string" };
  if (type === "boolean") return { ...out, type: "boolean" };
  if (type === "integer") return { ...out, type: "integer" };
  if (type === "number") return { ...out, type: "number" };
  if (type === "array") {
    return { ...out, type: "array", items: toPulumi((node.items ?? {}) as Json, `${where}[]`, defs, types) };
  }
  if (type === "object" && node.properties === undefined) {
    const values = node.additionalProperties;
    const items =
      typeof values === "object" && values !== null
        ? toPulumi(values as Json, `${where}{}`, defs, types)
        : { $ref: "pulumi.json#/Any" };
    return { ...out, type: "object", additionalProperties: items };
  }
  if (type === "object") {
    throw new Error(`${where}: a nested object needs a type name; give it .meta({ id: "<TypeName>" })`);
  }
  return { ...out, $ref: "pulumi.json#/Any" };
}

/** Adds a named type (object or string enum) to `types`, once. */
function namedType(id: string, defs: Record<string, Json>, types: Record<string, SchemaProperty>): void {
  const token = `${TOKEN_PREFIX}${id}`;
  if (types[token]) return;
  const def = defs[id];
  if (!def) throw new Error(`type ${id} is referenced but not defined`);
  const description = typeof def.description === "string" ? def.description : id;
  if (Array.isArray(def.enum)) {
    types[token] = { type: "string", description, enum: def.enum.map((value) => ({ value })) };
    return;
  }
  if (def.type !== "object" || typeof def.properties !== "object") {
    throw new Error(`type ${id} must be an object or a string enum`);
  }
  types[token] = { type: "object", description }; // placeholder against cycles
  const properties = Object.fromEntries(
    Object.entries(def.properties as Record<string, Json>).map(([k, v]) => [k, toPulumi(v, `${id}.${k}`, defs, types)]),
  );
  types[token] = {
    type: "object",
    description,
    properties,
    required: Array.isArray(def.required) ? def.required : [],
  };
}

/**
 * The Pulumi package-schema entry of one resource, and the named types it uses, derived from its description.
 * `toJSONSchema` is zod's, passed in so this module stays free of a zod import.
 */
export function pulumiResourceSchema(
  d: ResourceDescription,
  toJSONSchema: (s: z.ZodType, opts: object) => unknown,
): PulumiResourceSchema {
  const types: Record<string, SchemaProperty> = {};
  const side = (s: z.ZodObject, what: string) => {
    const js = toJSONSchema(s, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as Json;
    const defs = (js.$defs ?? {}) as Record<string, Json>;
    const props = Object.fromEntries(
      Object.entries((js.properties ?? {}) as Record<string, Json>).map(([k, v]) => [
        k,
        toPulumi(v, `${d.name}.${what}.${k}`, defs, types),
      ]),
    );
    return { props, required: (Array.isArray(js.required) ? js.required : []) as string[] };
  };
  const inputs = side(d.inputs, "inputs");
  const outputs = side(d.outputs, "outputs");
  return {
    resource: {
      description: d.description,
      inputProperties: inputs.props,
      requiredInputs: inputs.required,
      properties: { ...inputs.props, ...outputs.props },
      required: [...inputs.required, ...Object.keys(outputs.props)],
    },
    types,
  };
}
