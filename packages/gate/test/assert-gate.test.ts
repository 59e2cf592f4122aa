import { describe, expect, it } from "vitest";
import { assertGate, GateFailedError } from "../src/index.ts";
import { mutated, NOW, readyEvidence, readyModel } from "./fixtures.ts";

describe("assertGate", () => {
  it("returns the verdict when the stage passes", () => {
    expect(assertGate(readyModel(), "prod", readyEvidence(), { now: NOW }).pass).toBe(true);
  });

  it("refuses prod with every failing check, its path and its remediation", () => {
    const m = mutated((x) => {
      delete x.readiness.signOffs.legal;
      x.stages.prod.telemetry.logSensitiveActivity = true;
    });
    let error: unknown;
    try {
      assertGate(m, "prod", readyEvidence(), { now: NOW });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GateFailedError);
    const e = error as GateFailedError;
    expect(e.failures.map((f) => f.id)).toEqual(["observability.sensitive-logging-off", "signoff.legal"]);
    expect(e.message).toBe(
      [
        'The production-readiness gate refuses prod for workload "claims": 2 check(s) fail.',
        "  - observability.sensitive-logging-off (stages.prod.telemetry.logSensitiveActivity): Sensitive activity logging is on: message text and user identity are copied into Application Insights. Fix: Set telemetry.logSensitiveActivity to false (it is allowed only in dev).",
        "  - signoff.legal (readiness.signOffs.legal): No Legal sign-off is recorded. Fix: Record the Legal approval of the current problem revision in readiness.signOffs.legal (name, email, date, problemRevision).",
      ].join("\n"),
    );
  });

  it("lets the same model through dev, where everything is advisory", () => {
    const m = mutated((x) => {
      x.readiness.signOffs = {};
    });
    expect(assertGate(m, "dev", undefined, { now: NOW }).pass).toBe(true);
  });
});
