/**
 * Human wording of what a schema accepts, used by the loader's messages ("expected a number ≥ 31 or -1").
 *
 * Kept in its own zod registry, not in `.meta()`, so the wording does not leak into the exported JSON Schema.
 */
import { z } from "zod";

/** Registry of the "expected …" phrase of a schema. */
export const expectations = z.registry<{ expected: string }>();

/** Attach the phrase `expected` to `schema` and return the schema. */
export function expecting<T extends z.ZodType>(schema: T, expected: string): T {
  expectations.add(schema, { expected });
  return schema;
}
