/**
 * The TypeScript source of every resource class's `Args`, `Outputs` and property names (`src/resources/args.ts`),
 * generated from the resource descriptions by `npm run schema` so the types a program is checked against, their
 * TSDoc, the outputs a resource exposes and the rules Check runs cannot disagree. A test holds the committed file
 * equal to what this produces.
 *
 * Every level is wrapped in `pulumi.Input`: a program may pass Outputs anywhere, as the engine may hand unknowns
 * anywhere. Named nested objects (`.meta({ id })`) become `<Id>Args` interfaces; string enums are spelled out.
 */
import type { z } from "zod";
import { inputKeysOf, type ResourceDescription, secretKeysOf } from "./describe.ts";

type Json = Record<string, unknown>;

/** The definition a `$ref` node points at (`#/$defs/<id>`), or undefined when the node is no reference. */
function refTarget(node: Json, defs: Record<string, Json>): Json | undefined {
  return typeof node.$ref === "string" ? defs[node.$ref.replace(/^#\/\$defs\//, "")] : undefined;
}

/** The JSON-Schema conversion this module needs (zod's `toJSONSchema`, passed in to keep zod out of this module). */
export type ToJsonSchema = (s: z.ZodType, opts: object) => unknown;

/** Named types, by id, as they are emitted (interfaces or unions), in order of first use. */
type Named = Map<string, string>;

const quote = (v: unknown) => JSON.stringify(v);

/** Words wrapped into TSDoc lines of at most 120 characters. */
function wrap(text: string, indent: string): string {
  const width = 120 - indent.length - 3;
  const lines: string[] = [];
  let line = "";
  for (const word of text.replace(/\*\//g, "*\\/").split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length === 1 && indent.length + 7 + lines[0]!.length <= 120) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l}\n`).join("")}${indent} */\n`;
}

/** The TSDoc block of one member, from the field's description and its replace/secret marks. */
function doc(node: Json, indent: string, fallback?: unknown): string {
  const words: string[] = [];
  const description = typeof node.description === "string" ? node.description : fallback;
  if (typeof description === "string") words.push(description.trim());
  if (node.replaceOnChanges === true && !/replaces/i.test(words.join(" "))) {
    words.push("Changing it replaces the resource.");
  }
  if (node.secret === true) words.push("Kept secret in the state.");
  return words.length === 0 ? "" : wrap(words.join(" "), indent);
}

/** The TypeScript type of one JSON-Schema node, unwrapped (the caller wraps it in `pulumi.Input`). */
function typeOf(node: Json, defs: Record<string, Json>, named: Named): string {
  if (typeof node.$ref === "string") {
    const id = node.$ref.replace(/^#\/\$defs\//, "");
    return namedType(id, defs, named);
  }
  if (Array.isArray(node.anyOf)) {
    return (node.anyOf as Json[]).map((n) => typeOf(n, defs, named)).join(" | ");
  }
  if (Array.isArray(node.enum)) return (node.enum as unknown[]).map(quote).join(" | ");
  if (node.const !== undefined) return quote(node.const);
  switch (node.type) {
    case "string":
      return "string";
    case "boolean":
      return "boolean";
    case "integer":
    case "number":
      return "number";
    case "null":
      return "null";
    case "array":
      return `pulumi.Input<${typeOf((node.items ?? {}) as Json, defs, named)}>[]`;
    case "object": {
      if (node.properties !== undefined) throw new Error("a nested object needs a type name (.meta({ id }))");
      const values = node.additionalProperties;
      const inner = typeof values === "object" && values !== null ? typeOf(values as Json, defs, named) : "unknown";
      return `Record<string, pulumi.Input<${inner}>>`;
    }
    default:
      return "unknown";
  }
}

/** The members of an object node, one per property, each wrapped in `pulumi.Input`. */
function members(node: Json, defs: Record<string, Json>, named: Named): string {
  const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
  return Object.entries((node.properties ?? {}) as Record<string, Json>)
    .map(([key, prop]) => {
      // A field without words of its own says what its named type says.
      const ref = refTarget(prop, defs);
      const optional = required.has(key) ? "" : "?";
      return `${doc(prop, "  ", ref?.description)}  ${key}${optional}: pulumi.Input<${typeOf(prop, defs, named)}>;\n`;
    })
    .join("");
}

/** Emits the named type `id` once and returns the name to use for it. */
function namedType(id: string, defs: Record<string, Json>, named: Named): string {
  const def = defs[id];
  if (!def) throw new Error(`type ${id} is referenced but not defined`);
  // A string enum is spelled out where it is used: the package already exports its vocabulary (Cloud, ...) by name.
  if (Array.isArray(def.enum)) return typeOf(def, defs, named);
  const name = `${id}Args`;
  if (!named.has(id)) {
    named.set(id, ""); // reserved against cycles; filled below
    named.set(id, `${doc(def, "")}export interface ${name} {\n${members(def, defs, named)}}\n`);
  }
  return name;
}

/**
 * The TypeScript type of one JSON-Schema node as the provider hands it back (no `pulumi.Input` anywhere), inline:
 * nested objects are spelled out, so no name can collide with the package's vocabulary (`Cloud`, ...).
 */
function plainTypeOf(node: Json, defs: Record<string, Json>, indent: string): string {
  if (typeof node.$ref === "string") {
    const def = refTarget(node, defs);
    if (!def) throw new Error(`type ${node.$ref} is referenced but not defined`);
    return plainTypeOf(def, defs, indent);
  }
  if (Array.isArray(node.anyOf)) return (node.anyOf as Json[]).map((n) => plainTypeOf(n, defs, indent)).join(" | ");
  if (Array.isArray(node.enum)) return (node.enum as unknown[]).map(quote).join(" | ");
  if (node.const !== undefined) return quote(node.const);
  switch (node.type) {
    case "array": {
      const item = plainTypeOf((node.items ?? {}) as Json, defs, indent);
      return /[ |]/.test(item) && !item.startsWith("{") ? `(${item})[]` : `${item}[]`;
    }
    case "object": {
      if (node.properties === undefined) {
        const values = node.additionalProperties;
        const inner =
          typeof values === "object" && values !== null ? plainTypeOf(values as Json, defs, indent) : "unknown";
        return `Record<string, ${inner}>`;
      }
      const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
      const inner = `${indent}  `;
      const fields = Object.entries(node.properties as Record<string, Json>).map(
        ([key, prop]) => `${inner}${key}${required.has(key) ? "" : "?"}: ${plainTypeOf(prop, defs, inner)};\n`,
      );
      return `{\n${fields.join("")}${indent}}`;
    }
    default:
      return node.type === undefined ? "unknown" : typeOf(node, defs, new Map());
  }
}

/**
 * The outputs of a resource class: every input as the provider last applied it (an optional input may be
 * `undefined`), then the outputs its description adds, each a `pulumi.Output`.
 */
function outputMembers(inputs: Json, outputs: Json): string {
  const parts: string[] = [];
  for (const [node, optionalAsUndefined] of [
    [inputs, true],
    [outputs, false],
  ] as const) {
    const defs = (node.$defs ?? {}) as Record<string, Json>;
    const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
    for (const [key, prop] of Object.entries((node.properties ?? {}) as Record<string, Json>)) {
      const ref = refTarget(prop, defs);
      const type = plainTypeOf(prop, defs, "  ");
      const maybe = optionalAsUndefined && !required.has(key) ? " | undefined" : "";
      parts.push(`${doc(prop, "  ", ref?.description)}  readonly ${key}: pulumi.Output<${type}${maybe}>;\n`);
    }
  }
  return parts.join("");
}

/** The whole `src/resources/args.ts` source for these descriptions. */
export function argsSource(descriptions: readonly ResourceDescription[], toJSONSchema: ToJsonSchema): string {
  const named: Named = new Map();
  const resources: string[] = [];
  for (const d of descriptions) {
    const js = toJSONSchema(d.inputs, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as Json;
    const defs = (js.$defs ?? {}) as Record<string, Json>;
    const body = members(js, defs, named);
    const about = `Inputs of {@link ${d.name}} (token \`govai:powerplatform:${d.name}\`). ${d.description.trim()}`;
    resources.push(`${wrap(about, "")}export interface ${d.name}Args {\n${body}}\n`);
    const outputs = toJSONSchema(d.outputs, { io: "output", unrepresentable: "any", target: "draft-2020-12" }) as Json;
    const outAbout = `Outputs of {@link ${d.name}}: its inputs as the provider last applied them, then what the service assigned.`;
    resources.push(`${wrap(outAbout, "")}export interface ${d.name}Outputs {\n${outputMembers(js, outputs)}}\n`);
    const keys = { inputs: inputKeysOf(d), outputs: Object.keys(d.outputs.shape), secrets: secretKeysOf(d) };
    const list = (names: string[]) => `[${names.map(quote).join(", ")}]`;
    resources.push(
      `${wrap(`The property names {@link ${d.name}} registers: its inputs, the outputs it leaves to the provider, and the inputs kept secret.`, "")}` +
        `export const ${d.name}Properties: ResourceProperties = {\n  inputs: ${list(keys.inputs)},\n  outputs: ${list(keys.outputs)},\n  secrets: ${list(keys.secrets)},\n};\n`,
    );
  }
  return [
    "// Generated by `npm run schema` from services/<resource>/inputs.ts. Do not edit: change the description instead.",
    "// A test fails when this file is stale.",
    'import type * as pulumi from "@pulumi/pulumi";',
    'import type { ResourceProperties } from "./common.ts";',
    ...resources.flatMap((r) => ["", r.trimEnd()]),
    ...[...named.values()].flatMap((t) => ["", t.trimEnd()]),
    "",
  ].join("\n");
}
