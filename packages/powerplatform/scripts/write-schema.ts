/**
 * Writes what is generated from the resource descriptions (`src/services/<resource>/inputs.ts`): `schema.json`, the
 * Pulumi package schema, and `src/resources/args.ts`, the `Args` type of every resource class. Tests fail when either
 * file is stale, so a change to any resource's inputs shows up as a reviewed change of both.
 */
import { writeFileSync } from "node:fs";
import { getArgsSource, getSchema } from "../src/provider/schema.ts";

const schema = new URL("../schema.json", import.meta.url);
writeFileSync(schema, `${JSON.stringify(getSchema(), null, 2)}\n`);
console.log(`wrote ${schema.pathname}`);
const args = new URL("../src/resources/args.ts", import.meta.url);
writeFileSync(args, getArgsSource());
console.log(`wrote ${args.pathname}`);
