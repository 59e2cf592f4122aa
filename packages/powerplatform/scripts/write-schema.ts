/**
 * Writes `schema.json`: the Pulumi package schema derived from the resource descriptions. The schema test fails when
 * the file is stale, so a change to any resource's inputs shows up as a reviewed change of this file.
 */
import { writeFileSync } from "node:fs";
import { getSchema } from "../src/provider/schema.ts";

const file = new URL("../schema.json", import.meta.url);
writeFileSync(file, `${JSON.stringify(getSchema(), null, 2)}\n`);
console.log(`wrote ${file.pathname}`);
