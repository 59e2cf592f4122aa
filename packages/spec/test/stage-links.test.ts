/**
 * A workload stage's links to the tenant baseline: `environment.environmentGroupId` (the environment joins that
 * group, whose rules then own its managed-environment settings) and `billingPolicyId` (pay-as-you-go billing).
 */
import { describe, expect, it } from "vitest";
import { formatIssues, loadWorkloadText, workloadJsonSchema } from "../src/index.ts";
import { MINIMAL } from "./fixtures.ts";

const GROUP = "9A0B1C2D-3E4F-4A5B-8C6D-7E8F9A0B1C2D";
const POLICY = "4F6A2C1E-8B3D-4E7F-A1C2-5D6E7F8A9B0C";
const PROD_ENV = "    environment: { location: europe, azureRegion: westeurope }\n";

function withProd(lines: string): string {
  expect(MINIMAL).toContain(PROD_ENV);
  return MINIMAL.replace(PROD_ENV, lines);
}

describe("environment.environmentGroupId and billingPolicyId", () => {
  it("are carried lower-case by the stage that sets them, undefined elsewhere, and are no overrides", () => {
    const linked = loadWorkloadText(
      withProd(
        `    environment: { location: europe, azureRegion: westeurope, environmentGroupId: ${GROUP} }\n    billingPolicyId: ${POLICY}\n`,
      ),
      "w.yaml",
    );
    const plain = loadWorkloadText(MINIMAL, "w.yaml");
    if (!linked.ok || !plain.ok) throw new Error("expected both specs to load");
    const stages = linked.model.stages;
    expect(
      (["dev", "test", "prod"] as const).map((s) => [
        s,
        stages[s]?.environment.environmentGroupId,
        stages[s]?.billingPolicyId,
      ]),
    ).toStrictEqual([
      ["dev", undefined, undefined],
      ["test", undefined, undefined],
      ["prod", "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d", "4f6a2c1e-8b3d-4e7f-a1c2-5d6e7f8a9b0c"],
    ]);
    expect(linked.model.overrides).toStrictEqual(plain.model.overrides);
    expect("environmentGroupId" in plain.model.stages.prod.environment).toBe(true);
    expect("billingPolicyId" in plain.model.stages.prod).toBe(true);
  });

  it("refuses an id that is no GUID, at its position", () => {
    const r = loadWorkloadText(
      withProd(`${PROD_ENV}    billingPolicyId: copilot-pilots\n`).replace(
        "  dev: {}",
        "  dev: { environment: { environmentGroupId: developer } }",
      ),
      "w.yaml",
    );
    expect(r.ok ? "loaded" : formatIssues(r.errors)).toBe(
      [
        'w.yaml:17:45 stages.dev.environment.environmentGroupId: expected a GUID (Entra object or client id), found "developer"',
        'w.yaml:21:22 stages.prod.billingPolicyId: expected a GUID (Entra object or client id), found "copilot-pilots"',
      ].join("\n"),
    );
  });

  it("refuses the zero GUID, the service's 'none', at its position", () => {
    const zero = "00000000-0000-0000-0000-000000000000";
    const r = loadWorkloadText(
      withProd(`${PROD_ENV}    billingPolicyId: ${zero}\n`).replace(
        "  dev: {}",
        `  dev: { environment: { environmentGroupId: ${zero} } }`,
      ),
      "w.yaml",
    );
    expect(r.ok ? "loaded" : formatIssues(r.errors)).toBe(
      [
        "w.yaml:17:45 stages.dev.environment.environmentGroupId: the zero GUID names no environment group: give the id from the tenant baseline stack's outputs, or remove the key to link to none",
        "w.yaml:21:22 stages.prod.billingPolicyId: the zero GUID names no billing policy: give the id from the tenant baseline stack's outputs, or remove the key to link to none",
      ].join("\n"),
    );
  });

  it("refuses managedEnvironment in a stage whose environment joins a group, whose rules own those settings", () => {
    const r = loadWorkloadText(
      withProd(
        `    environment: { location: europe, azureRegion: westeurope, environmentGroupId: ${GROUP} }\n    managedEnvironment: { usageInsights: false }\n`,
      ),
      "w.yaml",
    );
    expect(r.ok ? "loaded" : formatIssues(r.errors)).toBe(
      "w.yaml:21:5 stages.prod.managedEnvironment: managedEnvironment does not apply to an environment in an environment group: the group's rules set its sharing, solution checker, usage insights and maker welcome; set them in the tenant baseline's environmentGroups.<name>.rules, or leave the group (environment.environmentGroupId)",
    );
  });

  it("are documented in the workload's JSON Schema", () => {
    // The generated JSON Schema, read as JSON (the shape is what the freshness test pins down).
    const schema = JSON.parse(JSON.stringify(workloadJsonSchema()));
    const stage = schema.properties.stages.properties.test;
    expect(stage.properties.environment.properties.environmentGroupId.description).toBe(
      "Environment group the stage's environment joins (the tenant baseline stack's environmentGroupIds.<name> output). The group's rules then own sharing, solution checker, usage insights and maker welcome, so the stage creates no managed-environment settings of its own and managedEnvironment may not be given. Default: none (the environment joins no group).",
    );
    expect(stage.properties.billingPolicyId.description).toBe(
      "Pay-as-you-go billing policy (the tenant baseline stack's billingPolicyIds.<name> output) the stage's environment is linked to, so its Copilot Studio consumption is billed to that policy's Azure subscription under its budget. Default: none (no link).",
    );
  });
});
