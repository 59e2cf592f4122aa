import * as spec from "@govai/spec";
import { describe, expect, it } from "vitest";
import { DATA_POLICY_GROUPS, INPUT_KEYS } from "../src/provider/inputs.ts";
import { HANDLERS, typeOfUrn } from "../src/provider/provider.ts";
import { INPUT_SCHEMAS } from "../src/provider/rules.ts";
import { getSchema, PROVIDER_VERSION } from "../src/provider/schema.ts";
import * as vocabulary from "../src/resources/vocabulary.ts";

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

describe("one vocabulary with @govai/spec", () => {
  it("takes the WorkloadModel's enumerations from the spec itself, not copies of them", () => {
    expect([
      vocabulary.CONNECTOR_GROUPS,
      vocabulary.ENVIRONMENT_SKUS,
      vocabulary.FIREWALL_MODES,
      vocabulary.SHARING_MODES,
      vocabulary.SOLUTION_CHECKER_MODES,
    ]).toStrictEqual([
      spec.CONNECTOR_GROUPS,
      spec.ENVIRONMENT_TYPES,
      spec.FIREWALL_MODES,
      spec.SHARING_MODES,
      spec.SOLUTION_CHECKER_MODES,
    ]);
    expect(vocabulary.CONNECTOR_GROUPS).toBe(spec.CONNECTOR_GROUPS);
    expect(vocabulary.ENVIRONMENT_SKUS).toBe(spec.ENVIRONMENT_TYPES);
    expect(vocabulary.FIREWALL_MODES).toBe(spec.FIREWALL_MODES);
    expect(vocabulary.SHARING_MODES).toBe(spec.SHARING_MODES);
    expect(vocabulary.SOLUTION_CHECKER_MODES).toBe(spec.SOLUTION_CHECKER_MODES);
    // Only the resources' own enumerations are declared in the package.
    expect([vocabulary.ENVIRONMENT_SCOPES, vocabulary.SETTINGS_DELETE_BEHAVIORS]).toEqual([
      ["onlyEnvironments", "exceptEnvironments", "allEnvironments"],
      ["restore", "retain"],
    ]);
  });

  it("the startup path's DataPolicy groups are the spec's own array, from the model file alone", () => {
    expect(DATA_POLICY_GROUPS).toBe(spec.CONNECTOR_GROUPS);
  });
});
