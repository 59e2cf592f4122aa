import { readFileSync } from "node:fs";
import * as spec from "@govai/spec";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { pulumiResourceSchema, type ResourceDescription } from "../src/provider/describe.ts";
import { DESCRIPTIONS, derivedOf } from "../src/provider/descriptions.ts";
import { DATA_POLICY_GROUPS, RESOURCE_TYPES } from "../src/provider/inputs.ts";
import { HANDLERS, typeOfUrn } from "../src/provider/provider.ts";
import { getSchema, PROVIDER_VERSION } from "../src/provider/schema.ts";
import * as vocabulary from "../src/resources/vocabulary.ts";

// Each resource has ONE input description (services/<resource>/inputs.ts); the package schema, the input keys Diff
// walks, the replacement rules, the secret inputs and the Args types are derived from it.

describe("package schema and input keys, derived from one description per resource", () => {
  const schema = getSchema() as {
    name: string;
    version: string;
    resources: Record<string, { inputProperties: Record<string, { replaceOnChanges?: boolean; secret?: boolean }> }>;
    types: Record<string, unknown>;
  };

  it("names the package govai at the package version, with one resource per handler and description", () => {
    expect([schema.name, schema.version, PROVIDER_VERSION]).toEqual(["govai", "0.1.0", "0.1.0"]);
    expect(Object.keys(HANDLERS)).toEqual([...RESOURCE_TYPES]);
    expect(Object.keys(DESCRIPTIONS)).toEqual([...RESOURCE_TYPES]);
    expect(Object.keys(schema.resources)).toEqual(RESOURCE_TYPES.map((n) => `govai:powerplatform:${n}`));
  });

  it("is the committed schema.json (npm run schema writes it), so a reviewer sees every schema change", () => {
    const committed = JSON.parse(readFileSync(new URL("../schema.json", import.meta.url), "utf8"));
    expect(schema).toEqual(committed);
  });

  it("derives what replaces each resource and what is secret from the description's meta", () => {
    const derived = Object.fromEntries(
      RESOURCE_TYPES.map((t) => [t, { replaceOn: derivedOf(t).replaceOn, secrets: derivedOf(t).secretKeys }]),
    );
    expect(derived).toEqual({
      Environment: {
        replaceOn: { location: true, azureRegion: true, dataverse: ["language", "currency"] },
        secrets: [],
      },
      ManagedEnvironment: { replaceOn: { environmentId: true }, secrets: [] },
      DataPolicy: { replaceOn: {}, secrets: [] },
      EnvironmentSettings: { replaceOn: { environmentId: true }, secrets: [] },
      ApplicationUser: { replaceOn: { environmentId: true, applicationId: true }, secrets: [] },
      CopilotTelemetry: { replaceOn: { environmentId: true, botId: true }, secrets: ["connectionString"] },
      AdminApplication: { replaceOn: { applicationId: true }, secrets: [] },
      SolutionDeployment: { replaceOn: { environmentId: true, uniqueName: true }, secrets: [] },
    });
    // The schema marks the same inputs.
    const marked = (type: string, flag: "replaceOnChanges" | "secret") =>
      Object.entries(schema.resources[`govai:powerplatform:${type}`]!.inputProperties)
        .filter(([, p]) => p[flag])
        .map(([k]) => k);
    for (const t of RESOURCE_TYPES) {
      const top = Object.entries(derivedOf(t).replaceOn)
        .filter(([, rule]) => rule === true)
        .map(([k]) => k);
      expect(marked(t, "replaceOnChanges")).toEqual(top);
      expect(marked(t, "secret")).toEqual(derivedOf(t).secretKeys);
    }
  });

  it("walks the description's keys in Diff, in declaration order", () => {
    expect(derivedOf("AdminApplication").inputKeys).toEqual(["applicationId", "cloud"]);
    expect(derivedOf("EnvironmentSettings").inputKeys).toEqual([
      "environmentId",
      "auditing",
      "firewall",
      "deleteBehavior",
      "cloud",
    ]);
  });

  it("refuses a description with an unnamed nested object, naming where it is", () => {
    const broken: ResourceDescription = {
      name: "AdminApplication",
      description: "x",
      inputs: z.strictObject({ nested: z.strictObject({ a: z.string() }) }),
      outputs: z.object({}),
    };
    expect(() => pulumiResourceSchema(broken, z.toJSONSchema as never)).toThrow(
      'AdminApplication.inputs.nested: a nested object needs a type name; give it .meta({ id: "<TypeName>" })',
    );
  });

  it("derives named types, maps, lists, enums and meta into Pulumi's schema shapes", () => {
    const d: ResourceDescription = {
      name: "AdminApplication",
      description: "A test resource.",
      inputs: z.strictObject({
        id: z.string().meta({ description: "The id.", replaceOnChanges: true }),
        key: z.string().meta({ description: "A key.", secret: true }),
        mode: z.enum(["a", "b"]).meta({ id: "Mode", description: "A mode." }),
        limit: z.number().int().optional(),
        tags: z.record(z.string(), z.string()),
        items: z.array(z.strictObject({ n: z.boolean() }).meta({ id: "Item", description: "One item." })),
      }),
      outputs: z.object({ out: z.number().meta({ description: "An output." }) }),
    };
    const derived = pulumiResourceSchema(d, z.toJSONSchema as never);
    expect(derived).toEqual({
      resource: {
        description: "A test resource.",
        inputProperties: {
          id: { description: "The id.", replaceOnChanges: true, type: "string" },
          key: { description: "A key.", secret: true, type: "string" },
          mode: { description: "A mode.", $ref: "#/types/govai:powerplatform:Mode" },
          limit: { type: "integer" },
          tags: { type: "object", additionalProperties: { type: "string" } },
          items: { type: "array", items: { description: "One item.", $ref: "#/types/govai:powerplatform:Item" } },
        },
        requiredInputs: ["id", "key", "mode", "tags", "items"],
        properties: {
          id: { description: "The id.", replaceOnChanges: true, type: "string" },
          key: { description: "A key.", secret: true, type: "string" },
          mode: { description: "A mode.", $ref: "#/types/govai:powerplatform:Mode" },
          limit: { type: "integer" },
          tags: { type: "object", additionalProperties: { type: "string" } },
          items: { type: "array", items: { description: "One item.", $ref: "#/types/govai:powerplatform:Item" } },
          out: { description: "An output.", type: "number" },
        },
        required: ["id", "key", "mode", "tags", "items", "out"],
      },
      types: {
        "govai:powerplatform:Mode": { type: "string", description: "A mode.", enum: [{ value: "a" }, { value: "b" }] },
        "govai:powerplatform:Item": {
          type: "object",
          description: "One item.",
          properties: { n: { type: "boolean" } },
          required: ["n"],
        },
      },
    });
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
