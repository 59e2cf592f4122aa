/**
 * Proves `collectPlan`: plain data, unknowns marked, callable many times and concurrently in one process, no state
 * leaking between calls or into the process-wide Pulumi runtime, and the component's refusals passed through.
 */

import { GateFailedError } from "@govai/gate";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type * as Components from "../src/index.ts";
import { exampleModel } from "./fixtures/model.ts";

// Mock-runtime registrations run at 50–150 per second on a shared 2-core machine; give whole stages room.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let c: typeof Components;
beforeAll(async () => {
  c = await import("../src/index.ts");
});

const opts = { budgetStartDate: "2026-11-01" };

describe("collectPlan", () => {
  it("returns plain data: type, name, parent, inputs, protect, with unknowns marked", async () => {
    const plan = await c.collectPlan(exampleModel(), ["dev"], opts);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(plan.resources.find((r) => r.name === "policy-lookup-dev-powerplatform-settings")).toEqual({
      urn: "urn:pulumi:plan::govai::govai:workload:StagePowerPlatform$govai:powerplatform:EnvironmentSettings::policy-lookup-dev-powerplatform-settings",
      type: "govai:powerplatform:EnvironmentSettings",
      name: "policy-lookup-dev-powerplatform-settings",
      parent:
        "urn:pulumi:plan::govai::govai:workload:WorkloadStage$govai:workload:StagePowerPlatform::policy-lookup-dev-powerplatform",
      inputs: {
        environmentId: c.KNOWN_AFTER_APPLY,
        auditing: { enabled: true, readAudit: false, retentionDays: 90, userAccessAudit: true },
        firewall: {
          allowApplicationUsers: true,
          allowMicrosoftTrustedServices: true,
          allowedRanges: ["198.51.100.0/24", "203.0.113.0/24"],
          cookieBinding: false,
          mode: "audit",
          serviceTags: ["PowerPlatformInfra"],
        },
      },
      protect: false,
    });
    const top = plan.resources.find((r) => r.type === "govai:workload:GovernedAiWorkload")!;
    expect([top.name, top.parent]).toEqual(["policy-lookup", undefined]);
    expect(plan.resources).toHaveLength(29);
  });

  it("is repeatable and isolated: sequential and concurrent calls for different workloads do not mix", async () => {
    const other = exampleModel();
    other.metadata.name = "claims-triage";
    const first = await c.collectPlan(exampleModel(), ["dev"], opts);
    const [again, otherPlan] = await Promise.all([
      c.collectPlan(exampleModel(), ["dev"], opts),
      c.collectPlan(other, ["test"], opts),
    ]);
    expect(again).toEqual(first);
    expect(otherPlan.resources.every((r) => r.name.startsWith("claims-triage"))).toBe(true);
    expect(otherPlan.resources).toHaveLength(26);
  });

  it("passes the gate's refusal through, and the next call still works", async () => {
    await expect(c.collectPlan(exampleModel(), ["prod"], opts)).rejects.toBeInstanceOf(GateFailedError);
    await expect(c.collectPlan(exampleModel(), ["nope" as "dev"], opts)).rejects.toThrow(
      'invalid arguments:\n  - stages.0: unknown stage "nope"; expected one of dev, test, prod',
    );
    const plan = await c.collectPlan(exampleModel(), ["prod"], { ...opts, gate: { assertGate() {} } });
    expect(
      plan.resources
        .filter((r) => r.protect)
        .map((r) => r.name)
        .sort(),
    ).toEqual([
      "policy-lookup-prod-powerplatform-env",
      "policy-lookup-prod-rg",
      "policy-lookup-prod-telemetry-appi",
      "policy-lookup-prod-telemetry-law",
    ]);
  });

  it("leaves the process-wide Pulumi runtime as it found it", async () => {
    const before = [pulumi.getProject(), pulumi.getStack(), pulumi.runtime.isDryRun(), pulumi.runtime.getMonitor()];
    await c.collectPlan(exampleModel(), ["dev"], opts);
    expect([pulumi.getProject(), pulumi.getStack(), pulumi.runtime.isDryRun(), pulumi.runtime.getMonitor()]).toEqual(
      before,
    );
  });
});
