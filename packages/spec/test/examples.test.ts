import { access, readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { loadWorkloadFile } from "../src/index.ts";

const candidates = (await readdir("examples", { withFileTypes: true }))
  .filter((d) => d.isDirectory())
  .map((d) => `examples/${d.name}/workload.yaml`);
/** Every example that has a workload spec (other examples may be programs only). */
const examples: string[] = [];
for (const file of candidates) {
  if (
    await access(file).then(
      () => true,
      () => false,
    )
  )
    examples.push(file);
}

describe("examples", () => {
  it("include the policy-lookup agent and the minimal spec", () => {
    expect(examples).toEqual(
      expect.arrayContaining(["examples/minimal/workload.yaml", "examples/policy-lookup-agent/workload.yaml"]),
    );
  });

  for (const file of examples) {
    it(`${file} validates and resolves`, async () => {
      const r = await loadWorkloadFile(file);
      expect(r.ok ? [] : r.errors).toStrictEqual([]);
    });

    it(`${file} points editors at the JSON Schema`, async () => {
      const first = (await readFile(file, "utf8")).split("\n")[0];
      expect(first).toBe("# yaml-language-server: $schema=../../packages/spec/schema/workload.schema.json");
    });
  }
});
