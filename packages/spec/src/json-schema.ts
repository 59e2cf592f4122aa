/** The JSON Schema of `workload.yaml`, for editor completion (yaml-language-server) and other tools. */
import { z } from "zod";
import { workloadSchema } from "./schema.ts";

/** JSON Schema (draft-07, input side) of the workload spec, with a title; everything inline. */
export function workloadJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(workloadSchema, {
    target: "draft-07",
    io: "input",
    unrepresentable: "any",
    // Inline, not $ref: draft-07 tools ignore keywords beside a $ref, which would drop the descriptions.
    reused: "inline",
  });
  return {
    $schema: schema.$schema,
    title: "govai workload spec (govai/v1)",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
  };
}

/** The schema file's text: 2-space JSON and a final newline. */
export function workloadJsonSchemaText(): string {
  return `${JSON.stringify(workloadJsonSchema(), null, 2)}\n`;
}
