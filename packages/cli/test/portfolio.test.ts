import { readFileSync } from "node:fs";
import path from "node:path";
import { evaluate, loadEvidence } from "@govai/gate";
import { loadWorkloadText, type WorkloadModel } from "@govai/spec";
import { describe, expect, it } from "vitest";
import { byReadiness, failureSignals, pilotReadiness } from "../src/portfolio.ts";

const file = path.resolve(import.meta.dirname, "../../../examples/policy-lookup-agent/workload.yaml");
const loaded = loadWorkloadText(readFileSync(file, "utf8"), file);
if (!loaded.ok) throw new Error("the policy-lookup example must load");
const base: WorkloadModel = loaded.model;
const now = new Date("2026-11-28T00:00:00Z");
// Prod must be proven: readiness is judged with the example's evidence files, as govai portfolio does.
const evidence = await loadEvidence(base);
const signals = (m: WorkloadModel) => failureSignals(m, evaluate(m, "prod", undefined, { now }));
const mutate = (change: (m: WorkloadModel) => void): WorkloadModel => {
  const copy = structuredClone(base);
  change(copy);
  return copy;
};

describe("the four failure signals of a pilot", () => {
  it("shows none for the policy-lookup example (its only gap is sign-offs)", () => {
    expect(signals(base)).toEqual({ abandoned: [], zombie: [], costTrap: [], governanceBreach: [] });
  });

  it("abandoned: a problem changed since it was locked, and every sign-off for an older revision", () => {
    const after = mutate((m) => {
      m.problem.digest = "sha256:changed";
      m.problem.revision = 3;
    });
    expect(signals(after).abandoned).toEqual([
      "problem changed since revision 3 was locked",
      "every sign-off is for an older problem revision (it, security, businessOwner)",
    ]);
  });

  it("zombie: success metrics measured nowhere, or none at all", () => {
    const unmeasured = mutate((m) => {
      const metric = m.problem.successMetrics.answerAccuracy;
      if (metric) metric.measuredIn = " ";
    });
    expect(signals(unmeasured).zombie).toEqual(["success metrics measured nowhere: answerAccuracy"]);
    const none = mutate((m) => {
      m.problem.successMetrics = {};
    });
    expect(signals(none).zombie).toEqual(["no success metric"]);
  });

  it("cost trap: no prod budget or no cost model", () => {
    const after = mutate((m) => {
      m.stages.prod.cost.monthlyBudget = 0;
      m.stages.prod.cost.targetCostPerInteraction = 0;
    });
    expect(signals(after).costTrap).toEqual(["no prod budget", "no target cost per interaction"]);
  });

  it("governance breach: failing security or audit checks of the prod gate", () => {
    const after = mutate((m) => {
      m.stages.prod.auditing.enabled = false;
    });
    expect(signals(after).governanceBreach).toHaveLength(1);
    expect(signals(after).governanceBreach[0]).toMatch(/^failing: .*audit/);
  });

  it("sorts ready pilots first, then by passing dimensions and failing checks", () => {
    const ready = mutate((m) => {
      m.readiness.signOffs.security = { name: "A", email: "a@x.com", date: "2026-11-20", problemRevision: 2 };
      m.readiness.signOffs.legal = { name: "B", email: "b@x.com", date: "2026-11-21", problemRevision: 2 };
    });
    const rows = [
      pilotReadiness("a.yaml", base, evaluate(base, "prod", evidence, { now })),
      pilotReadiness("b.yaml", ready, evaluate(ready, "prod", evidence, { now })),
    ].sort(byReadiness);
    expect(rows.map((r) => [r.file, r.prodReady, r.failingChecks])).toEqual([
      ["b.yaml", true, 0],
      ["a.yaml", false, 2],
    ]);
  });
});
