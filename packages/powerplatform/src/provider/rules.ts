/**
 * Input rules of every resource: each resource's description (`services/<resource>/inputs.ts`, zod) is its rules. A
 * preview hands us unknowns anywhere, and a rule about an unknown value cannot fail yet, so failures under an
 * unknown are dropped. Loaded on the first Check only: zod is the slowest import of the plugin, and the port line
 * must come quickly.
 */
import type { z } from "zod";
import { DESCRIPTIONS } from "./descriptions.ts";
import type { Failure, ResourceTypeName } from "./inputs.ts";
import { type PropertyMap, unknownAlong } from "./wire.ts";

/** The zod schema of each resource type's inputs, by type name: its description's `inputs`. */
export const INPUT_SCHEMAS: Readonly<Record<ResourceTypeName, z.ZodObject>> = Object.fromEntries(
  Object.entries(DESCRIPTIONS).map(([name, d]) => [name, d.inputs]),
) as Record<ResourceTypeName, z.ZodObject>;

/**
 * Validates inputs. Failures about values that are (or contain) unknowns are dropped: they are checked again once
 * the values are known. Secrets must be unwrapped first.
 */
export function validate(type: ResourceTypeName, inputs: PropertyMap): Failure[] {
  const r = INPUT_SCHEMAS[type].safeParse(inputs);
  if (r.success) return [];
  const failures: Failure[] = [];
  for (const issue of r.error.issues) {
    if (issue.path.length > 0 && unknownAlong(inputs, issue.path)) continue;
    if (issue.path.length === 0 && issue.code === "custom") continue;
    if (issue.code === "custom" && issue.path.length > 0 && unknownAlong(inputs, issue.path.slice(0, 1))) continue;
    const property = issue.path.map(String).join(".");
    failures.push({
      property,
      reason: issue.code === "unrecognized_keys" ? `${issue.message}; remove it` : issue.message,
    });
  }
  return failures;
}
