import { readFileSync } from "node:fs";
import path from "node:path";
import { loadWorkloadText, type StageName, type WorkloadModel } from "@govai/spec";
import { describe, expect, it } from "vitest";
import { governanceDiff } from "../src/governance-diff.ts";

const file = path.resolve(import.meta.dirname, "../../../examples/policy-lookup-agent/workload.yaml");
const loaded = loadWorkloadText(readFileSync(file, "utf8"), file);
if (!loaded.ok) throw new Error("the policy-lookup example must load");
const base: WorkloadModel = loaded.model;
const mutate = (change: (m: WorkloadModel) => void): WorkloadModel => {
  const copy = structuredClone(base);
  change(copy);
  return copy;
};
const stage = (m: WorkloadModel, s: StageName) => m.stages[s]!;
const summary = (after: WorkloadModel) => governanceDiff(base, after).map((c) => [c.risk, c.stage, c.summary]);

describe("governanceDiff ranks every change by risk", () => {
  it("finds nothing between identical revisions", () => {
    expect(governanceDiff(base, structuredClone(base))).toEqual([]);
  });

  it.each([
    ["prod", "high"],
    ["test", "medium"],
    ["dev", "low"],
  ] as const)("a connector moved from blocked to business in %s is %s", (s, risk) => {
    const after = mutate((m) => {
      const policy = stage(m, s).connectorPolicy;
      policy.blocked = policy.blocked.filter((c) => c !== "Http");
      policy.business = [...policy.business, "Http"].sort();
    });
    expect(summary(after)).toEqual([[risk, s, "connector Http moved from blocked to business"]]);
  });

  it("a connector moved from business to blocked is low (a tightening)", () => {
    const after = mutate((m) => {
      const policy = stage(m, "prod").connectorPolicy;
      policy.business = policy.business.filter((c) => c !== "shared_sharepointonline");
      policy.blocked = [...policy.blocked, "shared_sharepointonline"].sort();
    });
    expect(summary(after)).toEqual([
      ["low", "prod", "connector shared_sharepointonline moved from business to blocked"],
    ]);
  });

  it("shortened audit retention is high in prod, lengthened is low", () => {
    expect(
      summary(
        mutate((m) => {
          stage(m, "prod").auditing.retentionDays = 90;
        }),
      ),
    ).toEqual([["high", "prod", "audit retention shortened"]]);
    expect(
      summary(
        mutate((m) => {
          stage(m, "prod").auditing.retentionDays = -1;
        }),
      ),
    ).toEqual([["low", "prod", "audit retention lengthened"]]);
  });

  it("a runtime identity that gains System Administrator is high in any stage", () => {
    const after = mutate((m) => {
      stage(m, "test").identities.runtime.escalations?.roles.push("System Administrator");
    });
    expect(summary(after)).toEqual([["high", "test", "escalations identity gains role System Administrator"]]);
  });

  it("sensitive logging, a client secret and removed deletion protection are high in prod", () => {
    const after = mutate((m) => {
      const prod = stage(m, "prod");
      prod.telemetry.logSensitiveActivity = true;
      prod.identities.deployment.clientSecret = { expiresInDays: 90 };
      prod.protection.protectFromDeletion = false;
    });
    expect(summary(after)).toEqual([
      ["high", "prod", "the deployment identity gets a client secret"],
      ["high", "prod", "deletion protection removed"],
      ["high", "prod", "agent logs message text and user identity to App Insights"],
    ]);
  });

  it("a new problem revision invalidates the sign-offs for the old one", () => {
    const after = mutate((m) => {
      m.problem.revision = 3;
    });
    const changes = governanceDiff(base, after).filter((c) => c.path === "problem.revision");
    expect(changes.map((c) => [c.risk, c.summary])).toEqual([
      ["high", "problem definition revised 2 → 3: sign-offs to renew: it, security, businessOwner"],
    ]);
  });

  it("sorts high before medium before low, prod before test before dev", () => {
    const after = mutate((m) => {
      stage(m, "dev").auditing.retentionDays = 40; // dev: low
      stage(m, "test").firewall.mode = "off"; // test: medium
      stage(m, "prod").managedEnvironment.solutionChecker.mode = "warn"; // prod: high
    });
    expect(governanceDiff(base, after).map((c) => [c.risk, c.stage, c.path])).toEqual([
      ["high", "prod", "managedEnvironment.solutionChecker.mode"],
      ["medium", "test", "firewall.mode"],
      ["low", "dev", "auditing.retentionDays"],
    ]);
  });
});
