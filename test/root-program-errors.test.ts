/**
 * The root program turns the user's mistakes (bad component args, a failing gate) into one clean `RunError`, but
 * must not disguise a defect: any other error keeps its type and stack trace, so it can be reported and fixed.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it, vi } from "vitest";

vi.setConfig({ testTimeout: 120_000 });

// The program's gate: a defect inside it (not a refusal) must surface as itself.
vi.mock("@govai/gate", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@govai/gate")>()),
  assertGate: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'checks')");
  },
}));

describe("root program errors", () => {
  it("rethrows an internal error unchanged instead of wrapping it as a RunError", async () => {
    const { runUnderMocks } = await import("../packages/components/src/index.ts");
    const { deployStage } = await import("../program/workload-program.ts");
    const outcome = await runUnderMocks(
      async () => {
        try {
          await deployStage({
            workload: "examples/policy-lookup-agent/workload.yaml",
            stage: "prod",
            subscriptionId: undefined,
            copilotTelemetry: false,
          });
          return "deployed";
        } catch (error) {
          return error;
        }
      },
      { preview: true },
    );
    const error = outcome.result;
    expect(error).toBeInstanceOf(TypeError);
    expect(pulumi.RunError.isInstance(error)).toBe(false);
    expect((error as Error).message).toBe("Cannot read properties of undefined (reading 'checks')");
  });
});
