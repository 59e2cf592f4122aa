/**
 * Proves the root program (`Pulumi.yaml` → `program/index.ts`) under the mock runtime, driven by the real stack
 * files in `stacks/`: config is read once, the example spec is loaded and resolved, one stage is materialised, and
 * user mistakes (bad config, a failing gate) end the run with a clean message (`RunError`, no stack trace).
 */
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import type * as Components from "../packages/components/src/index.ts";

// Mock-runtime registrations run at 50–150 per second on a shared 2-core machine; give whole stages room.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let c: typeof Components;
let main: () => Promise<Record<string, unknown>>;
beforeAll(async () => {
  c = await import("../packages/components/src/index.ts");
  main = (await import("../program/index.ts")).default as unknown as typeof main;
});

function stackConfig(stack: string): Record<string, string> {
  const doc = parse(readFileSync(new URL(`../stacks/Pulumi.${stack}.yaml`, import.meta.url), "utf8"));
  return doc.config;
}

async function runStack(config: Record<string, string>) {
  return c.runUnderMocks(
    async () => {
      pulumi.runtime.setAllConfig(config);
      const outputs = await main();
      return { stage: outputs.stage, governance: outputs.governance };
    },
    { preview: true },
  );
}

describe("the root program", () => {
  it("Pulumi.yaml declares the project, the Node runtime, the typed config and the provider plugin", () => {
    const project = parse(readFileSync(new URL("../Pulumi.yaml", import.meta.url), "utf8"));
    expect({ ...project, description: undefined }).toEqual({
      name: "govai-workload",
      description: undefined,
      runtime: {
        name: "nodejs",
        options: { packagemanager: "npm", typescript: false, nodeargs: "--conditions=@govai/source" },
      },
      main: "program/index.ts",
      stackConfigDir: "stacks",
      config: {
        workload: { type: "string", default: "", description: expect.any(String) },
        stage: { type: "string", default: "", description: expect.any(String) },
        baseline: { type: "string", default: "", description: expect.any(String) },
        subscriptionId: { type: "string", default: "", description: expect.any(String) },
        copilotTelemetry: { type: "boolean", default: false, description: expect.any(String) },
      },
      plugins: { providers: [{ name: "govai", path: "./packages/powerplatform/bin" }] },
    });
  });

  for (const stage of ["dev", "test"] as const) {
    it(`stack policy-lookup-${stage} deploys the ${stage} stage of the example and nothing else`, async () => {
      const config = stackConfig(`policy-lookup-${stage}`);
      expect(config).toEqual({
        "govai-workload:workload": "examples/policy-lookup-agent/workload.yaml",
        "govai-workload:stage": stage,
      });
      const { result, resources } = await runStack(config);
      expect(result.stage).toBe(stage);
      expect((result.governance as { stage: string }).stage).toBe(stage);
      const stages = resources.filter((r) => r.type === "govai:workload:WorkloadStage").map((r) => r.name);
      expect(stages).toEqual([`policy-lookup-${stage}`]);
      expect(resources.every((r) => r.name.startsWith("policy-lookup"))).toBe(true);
    });
  }

  it("stack policy-lookup-prod is refused by the gate with the failing checks, and registers nothing", async () => {
    let error: unknown;
    // The gate judges sign-off and evidence ages against "now"; pin it, or the example's 90-day restore drill
    // expires and this test fails on a calendar date.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-11-28T12:00:00Z") });
    const { resources } = await c
      .runUnderMocks(
        async () => {
          pulumi.runtime.setAllConfig(stackConfig("policy-lookup-prod"));
          await main().catch((e) => {
            error = e;
          });
        },
        { preview: true },
      )
      .finally(() => vi.useRealTimers());
    expect(resources).toEqual([]);
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    const lines = (error as Error).message.split("\n");
    expect(lines[0]).toBe('The production-readiness gate refuses prod for workload "policy-lookup": 2 check(s) fail.');
    expect(lines.slice(1).map((l) => l.split(" (")[0])).toEqual(["  - signoff.security", "  - signoff.legal"]);
  });

  it("bad stack config is refused with the keys named", async () => {
    await expect(
      c.runUnderMocks(async () => {
        pulumi.runtime.setAllConfig({ "govai-workload:stage": "staging" });
        await main();
      }),
    ).rejects.toThrow(
      "Stack configuration is invalid:\n  - govai-workload:workload: must be the path of workload.yaml (a tenant baseline stack sets govai-workload:baseline instead)\n  - govai-workload:stage: must be one of dev, test, prod",
    );
  });

  it("a spec with mistakes ends the run with file:line:col messages", async () => {
    let error: unknown;
    await c.runUnderMocks(async () => {
      pulumi.runtime.setAllConfig({
        "govai-workload:workload": "no/such/workload.yaml",
        "govai-workload:stage": "dev",
      });
      await main().catch((e) => {
        error = e;
      });
    });
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      "The workload spec has 1 problem(s):\n  no/such/workload.yaml:0:0 cannot read the spec: file not found",
    );
  });
});
