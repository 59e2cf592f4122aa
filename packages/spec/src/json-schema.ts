/** The JSON Schemas of `workload.yaml` and `tenant.yaml`, for editor completion (yaml-language-server) and other tools. */
import { z } from "zod";
import { tenantBaselineSchema } from "./baseline-schema.ts";
import { workloadSchema } from "./schema.ts";

/** JSON Schema (draft-07, input side) of a zod schema, with a title; everything inline. */
function jsonSchemaOf(schema: z.ZodType, title: string): Record<string, unknown> {
  const json = z.toJSONSchema(schema, {
    target: "draft-07",
    io: "input",
    unrepresentable: "any",
    // Inline, not $ref: draft-07 tools ignore keywords beside a $ref, which would drop the descriptions.
    reused: "inline",
  });
  return {
    $schema: json.$schema,
    title,
    ...Object.fromEntries(Object.entries(json).filter(([k]) => k !== "$schema")),
  };
}

/** JSON Schema (draft-07, input side) of the workload spec, with a title; everything inline. */
export function workloadJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(workloadSchema, "govai workload spec (govai/v1)");
}

/** The schema file's text: 2-space JSON and a final newline. */
export function workloadJsonSchemaText(): string {
  return `${JSON.stringify(workloadJsonSchema(), null, 2)}\n`;
}

/** JSON Schema (draft-07, input side) of the tenant baseline, with a title; everything inline. */
export function tenantBaselineJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(tenantBaselineSchema, "govai tenant baseline (govai/v1)");
}

/** The tenant baseline schema file's text: 2-space JSON and a final newline. */
export function tenantBaselineJsonSchemaText(): string {
  return `${JSON.stringify(tenantBaselineJsonSchema(), null, 2)}\n`;
}
