import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { workloadJsonSchemaText } from "../src/json-schema.ts";

describe("packages/spec/schema/workload.schema.json", () => {
  it("is up to date with the zod schema (regenerate: npx node packages/spec/scripts/write-schema.ts)", async () => {
    const onDisk = await readFile(new URL("../schema/workload.schema.json", import.meta.url), "utf8");
    expect(onDisk === workloadJsonSchemaText()).toBe(true);
  });

  it("rejects unknown keys and requires the prod geography, as the loader does", () => {
    const schema = JSON.parse(workloadJsonSchemaText());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toStrictEqual(["apiVersion", "kind", "metadata", "problem", "agent", "stages"]);
    const prod = schema.properties.stages.properties.prod;
    expect(prod.required).toStrictEqual(["environment"]);
    expect(prod.properties.environment.required).toStrictEqual(["location", "azureRegion"]);
    expect(prod.properties.auditing.properties.retentionDays.anyOf).toStrictEqual([
      { type: "number", const: -1 },
      { type: "integer", minimum: 31, maximum: 24855 },
    ]);
  });
});
