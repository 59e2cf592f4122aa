import { describe, expect, it } from "vitest";
import { INPUT_KEYS } from "../src/provider/inputs.ts";
import { HANDLERS, typeOfUrn } from "../src/provider/provider.ts";
import { INPUT_SCHEMAS } from "../src/provider/rules.ts";
import { getSchema, PROVIDER_VERSION } from "../src/provider/schema.ts";

// The three descriptions of each resource's inputs (the zod rules, the key list Diff walks, the package schema)
// must agree, or a changed input would go unnoticed by Diff or undocumented in the schema.

describe("package schema and input keys", () => {
  const schema = getSchema() as {
    name: string;
    version: string;
    resources: Record<string, { inputProperties: Record<string, { replaceOnChanges?: boolean; secret?: boolean }> }>;
  };

  it("names the package govai at the package version, with one resource per handler", () => {
    expect([schema.name, schema.version, PROVIDER_VERSION]).toEqual(["govai", "0.1.0", "0.1.0"]);
    expect(Object.keys(schema.resources)).toEqual(Object.keys(HANDLERS).map((n) => `govai:powerplatform:${n}`));
  });

  it.each(Object.keys(HANDLERS) as Array<keyof typeof HANDLERS>)(
    "%s: zod, Diff and the schema list the same inputs",
    (type) => {
      const zodKeys = Object.keys(INPUT_SCHEMAS[type].shape).sort();
      expect([...INPUT_KEYS[type]].sort()).toEqual(zodKeys);
      expect(Object.keys(schema.resources[`govai:powerplatform:${type}`]!.inputProperties).sort()).toEqual(zodKeys);
    },
  );

  it("marks top-level replacing inputs and secrets in the schema as the provider treats them", () => {
    const marked = Object.fromEntries(
      Object.entries(schema.resources).map(([token, r]) => [
        token.split(":")[2],
        {
          replaces: Object.entries(r.inputProperties)
            .filter(([, p]) => p.replaceOnChanges)
            .map(([k]) => k)
            .sort(),
          secrets: Object.entries(r.inputProperties)
            .filter(([, p]) => p.secret)
            .map(([k]) => k),
        },
      ]),
    );
    const expected = Object.fromEntries(
      Object.entries(HANDLERS).map(([name, h]) => [
        name,
        {
          replaces: Object.entries(h.replaceOn)
            .filter(([, rule]) => rule === true)
            .map(([k]) => k)
            .sort(),
          secrets: h.secretKeys,
        },
      ]),
    );
    expect(marked).toEqual(expected);
  });

  it("finds the type in a URN under a parent component", () => {
    expect(
      typeOfUrn("urn:pulumi:dev::claims::govai:workload:StagePowerPlatform$govai:powerplatform:DataPolicy::dlp"),
    ).toBe("DataPolicy");
  });
});
