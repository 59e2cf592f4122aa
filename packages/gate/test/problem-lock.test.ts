import { describe, expect, it } from "vitest";
import { checkProblemLock } from "../src/index.ts";
import { DIGEST, mutated, readyModel } from "./fixtures.ts";

const OTHER = `sha256:${"c".repeat(64)}`;

describe("checkProblemLock", () => {
  it("no change: ok, nothing stale", () => {
    expect(checkProblemLock(readyModel(), readyModel())).toEqual({
      ok: true,
      oldRevision: 2,
      newRevision: 2,
      definitionChanged: false,
      statementChanged: false,
      metricsAdded: [],
      metricsRemoved: [],
      metricsChanged: [],
      violations: [],
      staleSignOffs: [],
    });
  });

  it("statement changed without a new revision is a violation", () => {
    const next = mutated((m) => {
      m.problem.statement = "Something else.";
      m.problem.digest = OTHER;
    });
    const r = checkProblemLock(readyModel(), next);
    expect(r.ok).toBe(false);
    expect(r.statementChanged).toBe(true);
    expect(r.violations).toEqual([
      {
        code: "changedWithoutRevision",
        message:
          "The problem statement or success metrics changed but problem.revision is still 2; bump it to 3, lock the new digest and collect new sign-offs.",
        path: "problem.revision",
      },
      {
        code: "lockMismatch",
        message: `problem.lockedDigest (${DIGEST}) does not match the statement and success metrics of revision 2 (${OTHER}).`,
        path: "problem.lockedDigest",
      },
    ]);
  });

  it("a new revision with a new lock is fine, and every sign-off of the old revision is stale", () => {
    const next = mutated((m) => {
      m.problem.successMetrics.deflection = {
        description: "Share of questions answered without a handler",
        baseline: 0,
        target: 40,
        unit: "%",
        measuredIn: "App Insights workbook",
      };
      m.problem.successMetrics.handlingTime!.target = 6;
      m.problem.revision = 3;
      m.problem.digest = OTHER;
      m.problem.lockedDigest = OTHER;
      m.readiness.signOffs.it!.problemRevision = 3;
    });
    const r = checkProblemLock(readyModel(), next);
    expect(r).toMatchObject({
      ok: true,
      oldRevision: 2,
      newRevision: 3,
      definitionChanged: true,
      statementChanged: false,
      metricsAdded: ["deflection"],
      metricsRemoved: [],
      metricsChanged: ["handlingTime"],
      violations: [],
    });
    expect(r.staleSignOffs.map((s) => s.message)).toEqual([
      "The security sign-off by Sue Secure approved revision 2; revision 3 needs a new one.",
      "The legal sign-off by Lee Gal approved revision 2; revision 3 needs a new one.",
      "The businessOwner sign-off by Ada Owner approved revision 2; revision 3 needs a new one.",
    ]);
    expect(r.staleSignOffs[0]).toEqual({
      role: "security",
      name: "Sue Secure",
      approvedRevision: 2,
      currentRevision: 3,
      message: "The security sign-off by Sue Secure approved revision 2; revision 3 needs a new one.",
    });
  });

  it("a removed metric is reported; a revision going backwards is a violation", () => {
    const next = mutated((m) => {
      m.problem.successMetrics = {};
      m.problem.revision = 1;
      m.problem.digest = OTHER;
      m.problem.lockedDigest = OTHER;
    });
    const r = checkProblemLock(readyModel(), next);
    expect(r.metricsRemoved).toEqual(["handlingTime"]);
    expect(r.violations.map((v) => [v.code, v.message])).toEqual([
      ["revisionDecreased", "problem.revision went from 2 back to 1; revisions only increase."],
    ]);
  });

  it("a bumped revision with no lock declared yet is not a lock violation (the prod gate still refuses it)", () => {
    const next = mutated((m) => {
      m.problem.revision = 3;
      m.problem.lockedDigest = undefined;
    });
    expect(checkProblemLock(readyModel(), next).violations).toEqual([]);
  });
});
