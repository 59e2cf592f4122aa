import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EvidenceKind, WorkloadModel } from "@govai/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EvidenceSet, evaluate, loadEvidence, parseEvidence } from "../src/index.ts";
import { mutated, NOW } from "./fixtures.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "govai-gate-evidence-"));
  const files: Record<string, string> = {
    "load.json": JSON.stringify({
      kind: "loadTest",
      date: "2026-11-10",
      tool: "k6",
      conversations: 120,
      p95LatencyMs: 3100,
      throughputPerMinute: 45,
      failureRatePercent: 0.5,
    }),
    "eval.yaml": "kind: evaluation\ndate: 2026-11-12\ntestSet: claims-golden\ntotal: 40\npassed: 37\n",
    "drill.yml":
      "kind: restoreDrill\ndate: 2026-10-01\nrestoredFrom: nightly 2026-09-30\ndurationMinutes: 95\nsucceeded: true\n",
    "pentest.json": JSON.stringify({
      kind: "penTest",
      date: "2026-06-01",
      openFindings: { critical: 0, high: 0, medium: 2 },
    }),
    "broken.json": "{ kind: ",
    "wrongkind.yaml": "kind: evaluation\ndate: 2026-11-12\ntestSet: x\ntotal: 1\npassed: 1\n",
    "invalid.yaml": "kind: loadTest\ndate: 12/11/2026\nconversations: -3\np95LatencyMs: 100\nextra: 1\n",
    "notes.yaml": "kind: other\nsummary: DPIA\n",
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Refs = Record<string, [EvidenceKind, string]>;
const withEvidence = (refs: Refs, source = true) =>
  mutated((m) => {
    m.source = source ? { file: join(dir, "workload.yaml") } : undefined;
    m.readiness.evidence = Object.fromEntries(
      Object.entries(refs).map(([k, [kind, file]]) => [k, { kind, file, resolvedPath: undefined }]),
    );
  });
const GOOD: Refs = {
  load: ["loadTest", "load.json"],
  eval: ["evaluation", "eval.yaml"],
  drill: ["restoreDrill", "drill.yml"],
  pentest: ["penTest", "pentest.json"],
  notes: ["other", "notes.yaml"],
};

describe("loadEvidence", () => {
  it("reads JSON and YAML files next to the spec and validates them", async () => {
    const set = await loadEvidence(withEvidence(GOOD));
    expect(Object.fromEntries(Object.entries(set.items).map(([k, e]) => [k, e.status]))).toEqual({
      load: "ok",
      eval: "ok",
      drill: "ok",
      pentest: "ok",
      notes: "ok",
    });
    expect(set.items.pentest).toMatchObject({
      path: join(dir, "pentest.json"),
      document: { kind: "penTest", date: "2026-06-01", openFindings: { critical: 0, high: 0, medium: 2, low: 0 } },
    });
  });

  it("reports unreadable, unparsable, mismatched and invalid files instead of throwing", async () => {
    const set = await loadEvidence(
      withEvidence({
        missing: ["loadTest", "nope.json"],
        broken: ["loadTest", "broken.json"],
        wrongkind: ["loadTest", "wrongkind.yaml"],
        invalid: ["loadTest", "invalid.yaml"],
      }),
    );
    const problems = Object.fromEntries(
      Object.entries(set.items).map(([k, e]) => [k, e.status === "invalid" ? e.problem : "ok"]),
    );
    expect(problems).toEqual({
      missing: `cannot read ${join(dir, "nope.json")} (ENOENT)`,
      broken: "not valid JSON (line 1, column 3)",
      wrongkind: 'the file declares kind "evaluation", the spec declares loadTest',
      invalid:
        'date: expected a date as YYYY-MM-DD; conversations: Too small: expected number to be >0; (root): Unrecognized key: "extra"',
    });
  });

  it("resolves against baseDir when the model has no source file, and reports it when neither exists", async () => {
    const refs: Refs = { load: ["loadTest", "load.json"] };
    expect((await loadEvidence(withEvidence(refs, false), { baseDir: dir })).items.load?.status).toBe("ok");
    expect((await loadEvidence(withEvidence(refs, false))).items.load).toMatchObject({
      status: "invalid",
      problem: "the spec was not loaded from a file, so the relative path cannot be resolved",
    });
  });

  it("prefers resolvedPath and uses the injected reader", async () => {
    const m = mutated((x) => {
      x.readiness.evidence = { e: { kind: "evaluation", file: "eval.yaml", resolvedPath: "/virtual/eval.yaml" } };
    });
    const seen: string[] = [];
    const set = await loadEvidence(m, {
      readFile: async (p) => {
        seen.push(p);
        return "kind: evaluation\ndate: 2026-11-01\ntestSet: t\ntotal: 10\npassed: 11\n";
      },
    });
    expect(seen).toEqual(["/virtual/eval.yaml"]);
    expect(set.items.e).toMatchObject({ status: "invalid", problem: "passed: passed cannot exceed total" });
  });

  it("parseEvidence rejects a date that is not in the calendar (JavaScript would roll 2026-02-30 over to March)", () => {
    const drill = (date: string) => `kind: restoreDrill\ndate: ${date}\ndurationMinutes: 30\nsucceeded: true\n`;
    expect(
      ["2026-02-30", "2026-04-31", "2026-13-01", "2028-02-29"].map((d) =>
        parseEvidence(drill(d), "d.yaml", "restoreDrill"),
      ),
    ).toEqual([
      { ok: false, problem: "date: not a calendar date" },
      { ok: false, problem: "date: not a calendar date" },
      { ok: false, problem: "date: not a calendar date" },
      {
        ok: true,
        document: { kind: "restoreDrill", date: "2028-02-29", durationMinutes: 30, succeeded: true },
      },
    ]);
  });

  it("parseEvidence rejects a non-object", () => {
    expect(parseEvidence("- 1\n", "x.yaml", "other")).toEqual({
      ok: false,
      problem: "expected an object with a kind field",
    });
  });
});

const doc = (set: EvidenceSet) => set;
/** An organisation that lets a spec waive the restore drill in prod (and nothing else). */
const MAY_WAIVE_RESTORE = { waivableEvidence: { prod: ["restoreDrill"] as const } };
const verdict = (m: WorkloadModel, set: EvidenceSet) => evaluate(m, "prod", doc(set), { now: NOW });
/** Prod judged on one file alone: the policy requires no kind, so the others missing do not fail it. */
const verdictOfFile = (m: WorkloadModel, set: EvidenceSet) =>
  evaluate(m, "prod", set, { now: NOW, policy: { requiredEvidence: { prod: [] } } });

describe("evidence in the verdict", () => {
  it("good evidence proves four dimensions; the others pass on declarations only", async () => {
    const m = withEvidence(GOOD);
    const v = verdict(m, await loadEvidence(m));
    expect(v.pass).toBe(true);
    expect(v.evidenceLoaded).toBe(true);
    expect(Object.fromEntries(Object.values(v.dimensions).map((d) => [d.dimension, d.provenBy]))).toEqual({
      latencyThroughput: "evidence",
      failureHandling: "evidence",
      securityAccess: "evidence",
      dataPipeline: "declarations",
      observability: "declarations",
      complianceAudit: "declarations",
      rollback: "evidence",
      signOff: "declarations",
    });
    expect(v.checks.filter((c) => c.basis === "evidence").map((c) => [c.id, c.status, c.path, c.message])).toEqual([
      [
        "latency.load-test",
        "pass",
        "readiness.evidence.load",
        "The load test of 2026-11-10 measured p95 3100 ms over 120 conversations, within the 4000 ms SLO.",
      ],
      [
        "quality.evaluation",
        "pass",
        "readiness.evidence.eval",
        "The evaluation run of 2026-11-12 (claims-golden) passed 92.5% of 40 cases (threshold 85%).",
      ],
      [
        "failure.load-test-error-rate",
        "pass",
        "readiness.evidence.load",
        "The load test of 2026-11-10 measured a failure rate of 0.5%, within the 2% alert threshold.",
      ],
      [
        "security.pen-test",
        "pass",
        "readiness.evidence.pentest",
        "The penetration test of 2026-06-01 has no open critical or high findings.",
      ],
      [
        "rollback.restore-drill",
        "pass",
        "readiness.evidence.drill",
        "The restore drill of 2026-10-01 restored in 95 minutes, within the 240-minute RTO.",
      ],
    ]);
  });

  it("without evidence loaded, prod fails what it must prove; the other evidence checks are n-a", () => {
    const v = evaluate(withEvidence(GOOD), "prod", undefined, { now: NOW });
    expect(v.evidenceLoaded).toBe(false);
    expect(v.checks.filter((c) => c.basis === "evidence").map((c) => [c.id, c.status, c.message])).toEqual([
      [
        "latency.load-test",
        "fail",
        "No evidence was loaded: prod needs loadTest evidence proving the latency SLO, or a waiver with its reason in readiness.evidenceWaivers.loadTest.",
      ],
      [
        "quality.evaluation",
        "fail",
        "No evidence was loaded: prod needs evaluation evidence proving answer quality, or a waiver with its reason in readiness.evidenceWaivers.evaluation.",
      ],
      ["failure.load-test-error-rate", "n-a", "No evidence was loaded; judged on declarations only."],
      ["security.pen-test", "n-a", "No evidence was loaded; judged on declarations only."],
      [
        "rollback.restore-drill",
        "fail",
        "No evidence was loaded: prod needs restoreDrill evidence proving the rollback RTO, or a waiver with its reason in readiness.evidenceWaivers.restoreDrill.",
      ],
    ]);
    expect(v.pass).toBe(false);
    // test requires no evidence by default: there the same checks are n-a and everything rests on declarations
    const test = evaluate(withEvidence(GOOD), "test", undefined, { now: NOW });
    expect(test.pass).toBe(true);
    expect(test.declarationsOnly).toEqual([
      "latencyThroughput",
      "failureHandling",
      "securityAccess",
      "dataPipeline",
      "observability",
      "complianceAudit",
      "rollback",
      "signOff",
    ]);
  });

  it("an unusable file fails the check of the dimension it was meant to prove", async () => {
    const m = withEvidence({ load: ["loadTest", "nope.json"], notes: ["other", "broken.json"] });
    const v = verdictOfFile(m, await loadEvidence(m));
    expect(v.failures.map((f) => [f.id, f.dimension, f.message])).toEqual([
      [
        "latency.load-test",
        "latencyThroughput",
        `The loadTest evidence load (nope.json) cannot be used: cannot read ${join(dir, "nope.json")} (ENOENT)`,
      ],
      [
        "evidence.other-readable",
        "signOff",
        "The other evidence notes (broken.json) cannot be used: not valid JSON (line 1, column 3)",
      ],
    ]);
  });

  const failing: [string, EvidenceKind, string, string][] = [
    [
      "latency.load-test",
      "loadTest",
      '{"kind":"loadTest","date":"2026-11-10","conversations":20,"p95LatencyMs":100}',
      "The load test of 2026-11-10 covered 20 conversations; at least 50 are needed.",
    ],
    [
      "latency.load-test",
      "loadTest",
      '{"kind":"loadTest","date":"2026-11-10","conversations":60,"p95LatencyMs":5200}',
      "The load test of 2026-11-10 measured p95 5200 ms, above the 4000 ms SLO.",
    ],
    [
      "latency.load-test",
      "loadTest",
      '{"kind":"loadTest","date":"2026-11-10","conversations":60,"p95LatencyMs":100,"throughputPerMinute":12}',
      "The load test of 2026-11-10 sustained 12 per minute, below the 30 per minute SLO.",
    ],
    [
      "failure.load-test-error-rate",
      "loadTest",
      '{"kind":"loadTest","date":"2026-11-10","conversations":60,"p95LatencyMs":100,"failureRatePercent":7}',
      "The load test of 2026-11-10 measured a failure rate of 7%, above the 2% alert threshold.",
    ],
    // Load tests and evaluations age like the other evidence: a date in the future (9999-12-31 included) or older
    // than the policy allows proves nothing.
    [
      "latency.load-test",
      "loadTest",
      '{"kind":"loadTest","date":"9999-12-31","conversations":600,"p95LatencyMs":100}',
      "The load test of 9999-12-31 is dated in the future.",
    ],
    [
      "latency.load-test",
      "loadTest",
      '{"kind":"loadTest","date":"2026-11-29","conversations":600,"p95LatencyMs":100}',
      "The load test of 2026-11-29 is dated in the future.",
    ],
    [
      "latency.load-test",
      "loadTest",
      '{"kind":"loadTest","date":"2026-08-29","conversations":600,"p95LatencyMs":100}',
      "The load test of 2026-08-29 is 91 days old; at most 90 are allowed.",
    ],
    [
      "quality.evaluation",
      "evaluation",
      '{"kind":"evaluation","date":"2026-11-10","testSet":"golden","total":40,"passed":28}',
      "The evaluation run of 2026-11-10 (golden) passed 70% of 40 cases; at least 85% is required.",
    ],
    [
      "quality.evaluation",
      "evaluation",
      '{"kind":"evaluation","date":"9999-12-31","testSet":"golden","total":40,"passed":40}',
      "The evaluation run of 9999-12-31 (golden) is dated in the future.",
    ],
    [
      "quality.evaluation",
      "evaluation",
      '{"kind":"evaluation","date":"2026-05-01","testSet":"golden","total":40,"passed":40}',
      "The evaluation run of 2026-05-01 (golden) is 211 days old; at most 90 are allowed.",
    ],
    [
      "rollback.restore-drill",
      "restoreDrill",
      '{"kind":"restoreDrill","date":"2026-08-01","durationMinutes":30,"succeeded":true}',
      "The restore drill of 2026-08-01 is 119 days old; at most 90 are allowed.",
    ],
    [
      "rollback.restore-drill",
      "restoreDrill",
      '{"kind":"restoreDrill","date":"2026-11-01","durationMinutes":300,"succeeded":true}',
      "The restore drill of 2026-11-01 took 300 minutes, over the 240-minute RTO.",
    ],
    [
      "rollback.restore-drill",
      "restoreDrill",
      '{"kind":"restoreDrill","date":"2026-11-01","durationMinutes":30,"succeeded":false}',
      "The restore drill of 2026-11-01 did not succeed.",
    ],
    [
      "rollback.restore-drill",
      "restoreDrill",
      '{"kind":"restoreDrill","date":"2026-12-01","durationMinutes":30,"succeeded":true}',
      "The restore drill of 2026-12-01 is dated in the future.",
    ],
    [
      "security.pen-test",
      "penTest",
      '{"kind":"penTest","date":"2026-11-01","openFindings":{"critical":1,"high":2}}',
      "The penetration test of 2026-11-01 has 1 critical and 2 high findings open.",
    ],
    [
      "security.pen-test",
      "penTest",
      '{"kind":"penTest","date":"2025-10-01","openFindings":{"critical":0,"high":0}}',
      "The penetration test of 2025-10-01 is 423 days old; at most 365 are allowed.",
    ],
  ];
  it.each(failing)("%s fails: %s", async (id, kind, text, message) => {
    const m = mutated((x) => {
      x.readiness.evidence = { e: { kind, file: "e.json", resolvedPath: "/virtual/e.json" } };
    });
    const v = verdictOfFile(m, await loadEvidence(m, { readFile: async () => text }));
    expect(v.failures.map((f) => [f.id, f.message, f.path])).toEqual([[id, message, "readiness.evidence.e"]]);
    expect(v.dimensions[v.failures[0]!.dimension]).toMatchObject({ status: "fail", provenBy: "declarations" });
  });

  it("a restore drill cannot prove an RTO nobody declared (fails closed in prod)", async () => {
    const m = mutated((x) => {
      x.readiness.rollback.rtoMinutes = undefined;
      x.readiness.evidence = { d: { kind: "restoreDrill", file: "d.json", resolvedPath: "/virtual/d.json" } };
    });
    const set = await loadEvidence(m, {
      readFile: async () => '{"kind":"restoreDrill","date":"2026-11-01","durationMinutes":30,"succeeded":true}',
    });
    expect(verdictOfFile(m, set).failures.map((f) => f.message)).toEqual([
      "No rollback RTO is declared.",
      "The restore drill of 2026-11-01 cannot prove the RTO: no rollback RTO is declared.",
    ]);
  });
});

describe("prod needs proof, not only declarations", () => {
  const only = (kinds: EvidenceKind[]): Refs =>
    Object.fromEntries(Object.entries(GOOD).filter(([, [kind]]) => kinds.includes(kind)));

  it("fails prod for each required kind without a file, and names the waiver that would relax it", async () => {
    const m = withEvidence(only(["penTest", "other"]));
    const v = verdict(m, await loadEvidence(m));
    expect(v.failures.map((f) => [f.id, f.path, f.message])).toEqual([
      [
        "latency.load-test",
        "readiness.evidence",
        "No loadTest evidence is declared: prod needs loadTest evidence proving the latency SLO, or a waiver with its reason in readiness.evidenceWaivers.loadTest.",
      ],
      [
        "quality.evaluation",
        "readiness.evidence",
        "No evaluation evidence is declared: prod needs evaluation evidence proving answer quality, or a waiver with its reason in readiness.evidenceWaivers.evaluation.",
      ],
      [
        "rollback.restore-drill",
        "readiness.evidence",
        "No restoreDrill evidence is declared: prod needs restoreDrill evidence proving the rollback RTO, or a waiver with its reason in readiness.evidenceWaivers.restoreDrill.",
      ],
    ]);
  });

  it("a waiver with a reason passes on declarations where the policy allows it, and the verdict lists the dimension as resting on them", async () => {
    const m = withEvidence(only(["loadTest", "evaluation", "penTest"]));
    m.readiness.evidenceWaivers = {
      restoreDrill: "Restores are rehearsed by the platform team's quarterly drill (ticket OPS-88)",
    };
    const v = evaluate(m, "prod", doc(await loadEvidence(m)), { now: NOW, policy: MAY_WAIVE_RESTORE });
    expect(v.pass).toBe(true);
    expect(v.checks.filter((c) => c.id === "rollback.restore-drill")).toMatchObject([
      {
        status: "pass",
        basis: "declaration",
        path: "readiness.evidenceWaivers.restoreDrill",
        message:
          "Prod goes without restoreDrill evidence by waiver, on declarations alone: Restores are rehearsed by the platform team's quarterly drill (ticket OPS-88)",
      },
    ]);
    expect(v.dimensions.rollback).toMatchObject({ status: "pass", provenBy: "declarations" });
    expect(v.declarationsOnly).toEqual(["dataPipeline", "observability", "complianceAudit", "rollback", "signOff"]);
  });

  it("a waiver that is a placeholder waives nothing", async () => {
    const m = withEvidence(only(["loadTest", "evaluation"]));
    for (const reason of ["TODO", "n/a", "t.b.d."]) {
      m.readiness.evidenceWaivers = { restoreDrill: reason };
      const v = evaluate(m, "prod", doc(await loadEvidence(m)), { now: NOW, policy: MAY_WAIVE_RESTORE });
      expect(v.failures.map((f) => [f.id, f.path, f.message])).toEqual([
        [
          "rollback.restore-drill",
          "readiness.evidenceWaivers.restoreDrill",
          `The waiver of restoreDrill evidence is a placeholder (${reason}); prod needs restoreDrill evidence proving the rollback RTO.`,
        ],
      ]);
    }
  });

  // Review G4 (/tmp/rv/repro/waivers.yaml): the spec's author waived all three required kinds and prod passed.
  it("by default prod refuses every waiver written in the spec: the author cannot waive the proof the organisation asks for", async () => {
    const m = withEvidence(only(["penTest"]));
    const reason = "Covered by the platform team's quarterly exercise (ticket OPS-88)";
    m.readiness.evidenceWaivers = { loadTest: reason, evaluation: reason, restoreDrill: reason };
    const v = verdict(m, await loadEvidence(m));
    expect(v.pass).toBe(false);
    expect(v.failures.map((f) => [f.id, f.path, f.message])).toEqual(
      (
        [
          ["latency.load-test", "loadTest", "the latency SLO"],
          ["quality.evaluation", "evaluation", "answer quality"],
          ["rollback.restore-drill", "restoreDrill", "the rollback RTO"],
        ] as const
      ).map(([id, kind, proves]) => [
        id,
        `readiness.evidenceWaivers.${kind}`,
        `The gate policy does not let the spec waive ${kind} evidence in prod (waivableEvidence.prod: none); prod needs ${kind} evidence proving ${proves}.`,
      ]),
    );
    // Allowing one kind lets that waiver count, and only that one.
    const some = evaluate(m, "prod", doc(await loadEvidence(m)), { now: NOW, policy: MAY_WAIVE_RESTORE });
    expect(some.failures.map((f) => [f.id, f.message])).toEqual([
      [
        "latency.load-test",
        "The gate policy does not let the spec waive loadTest evidence in prod (waivableEvidence.prod: restoreDrill); prod needs loadTest evidence proving the latency SLO.",
      ],
      [
        "quality.evaluation",
        "The gate policy does not let the spec waive evaluation evidence in prod (waivableEvidence.prod: restoreDrill); prod needs evaluation evidence proving answer quality.",
      ],
    ]);
  });

  it("the gate policy decides which kinds each stage needs", async () => {
    const m = withEvidence(only(["loadTest", "evaluation", "restoreDrill"]));
    const set = await loadEvidence(m);
    const policy = { requiredEvidence: { test: ["penTest"] as const, prod: ["loadTest", "penTest"] as const } };
    const prod = evaluate(m, "prod", set, { now: NOW, policy });
    expect(prod.failures.map((f) => [f.id, f.message])).toEqual([
      [
        "security.pen-test",
        "No penTest evidence is declared: prod needs penTest evidence proving security, or a waiver with its reason in readiness.evidenceWaivers.penTest.",
      ],
    ]);
    expect(evaluate(m, "test", set, { now: NOW, policy }).failures.map((f) => f.id)).toEqual(["security.pen-test"]);
    expect(evaluate(m, "dev", set, { now: NOW, policy }).pass).toBe(true);
  });
});
