/**
 * govai end to end: the real command (the node_modules/.bin shim, Node 24, TypeScript sources), real files, real git.
 * Proves exit codes, one-line errors for bad input, golden outputs where output is stable, and that every JSON
 * output matches its published schema.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diffOutput, gateOutput, portfolioOutput, workloadPlanOutput } from "../../packages/cli/src/output-schemas.ts";
import { expectGolden } from "./golden.ts";
import { govai, ROOT } from "./run-govai.ts";

const EXAMPLE = "examples/policy-lookup-agent/workload.yaml";
const MINIMAL = "examples/minimal/workload.yaml";
const AS_OF = "2026-11-28";
const tmp = () => mkdtempSync(path.join(tmpdir(), "govai-cli-"));

describe("govai basics", () => {
  it("prints the package version", async () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "packages/cli/package.json"), "utf8")) as { version: string };
    expect(await govai(["--version"])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });

  it("lists every command in --help, and exits 2 with the help when no command is given", async () => {
    const help = await govai(["--help"]);
    expect(help.code).toBe(0);
    for (const command of ["validate", "plan", "diff", "gate", "portfolio", "schema", "init"]) {
      expect(help.stdout).toContain(`\n  ${command} `);
    }
    const bare = await govai([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe(help.stdout);
  });

  it("refuses an unknown command with one line and a suggestion", async () => {
    expect(await govai(["valdate", MINIMAL])).toEqual({
      code: 2,
      stdout: "",
      stderr: "govai: unknown command 'valdate'; did you mean 'validate'? (see 'govai --help')\n",
    });
  });

  it("refuses an unknown option with one line", async () => {
    expect(await govai(["plan", MINIMAL, "--colour"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "govai: plan: Unknown option '--colour' (see 'govai plan --help')\n",
    });
  });
});

describe("govai validate", () => {
  it("accepts the minimal example and prints its resolved stages", async () => {
    const run = await govai(["validate", MINIMAL]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expectGolden("minimal.validate.txt", run.stdout);
  });

  it("reports a missing file in one line, exit 2", async () => {
    expect(await govai(["validate", "examples/nope/workload.yaml"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "govai: cannot read examples/nope/workload.yaml: no such file\n",
    });
  });

  it("reports invalid YAML with its position, exit 1, no stack trace", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "workload.yaml"), "apiVersion: govai/v1\nkind: Workload\nmetadata: [unclosed\n");
    const run = await govai(["validate", "workload.yaml"], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^govai: workload\.yaml is not a valid workload spec \(\d+ errors?\)$/);
    expect(lines[1]).toMatch(/^workload\.yaml:\d+:\d+ /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("names the line, column and path of a mistyped key and suggests the right one", async () => {
    const dir = tmp();
    const text = readFileSync(path.join(ROOT, MINIMAL), "utf8").replace(
      "  costCenter: CC-1001",
      "  costCentre: CC-1001",
    );
    writeFileSync(path.join(dir, "workload.yaml"), text);
    const run = await govai(["validate", "workload.yaml"], dir);
    expect(run.code).toBe(1);
    const line = text.split("\n").findIndex((l) => l.startsWith("  costCentre")) + 1;
    expect(run.stderr).toContain(`workload.yaml:${line}:3 metadata.costCentre: unknown key`);
    expect(run.stderr).toContain('did you mean "costCenter"?');
  });
});

describe("govai gate", () => {
  it("passes dev and test of the policy-lookup example and fails prod (sign-offs incomplete)", async () => {
    const [dev, test, prod] = await Promise.all(
      ["dev", "test", "prod"].map((stage) =>
        govai(["gate", EXAMPLE, "--stage", stage, "--format", "json", "--as-of", AS_OF]),
      ),
    );
    expect([dev?.code, test?.code, prod?.code]).toEqual([0, 0, 1]);
    const verdict = gateOutput.parse(JSON.parse(prod?.stdout ?? ""));
    expect(verdict.failures.map((f) => f.id)).toEqual(["signoff.security", "signoff.legal"]);
    expect(verdict.evaluatedAt).toBe(`${AS_OF}T00:00:00.000Z`);
  });

  it("passes prod once Security re-approves revision 2 and Legal signs", async () => {
    const dir = tmp();
    cpSync(path.join(ROOT, "examples/policy-lookup-agent"), dir, { recursive: true });
    const file = path.join(dir, "workload.yaml");
    const text = readFileSync(file, "utf8").replace(
      "    security: { name: Amara Okafor, email: amara.okafor@contoso-fs.com, date: 2026-10-02, problemRevision: 1 }",
      "    security: { name: Amara Okafor, email: amara.okafor@contoso-fs.com, date: 2026-11-20, problemRevision: 2 }\n    legal: { name: Ines Duarte, email: ines.duarte@contoso-fs.com, date: 2026-11-21, problemRevision: 2 }",
    );
    expect(text).toContain("legal: { name: Ines Duarte");
    writeFileSync(file, text);
    const run = await govai(["gate", "workload.yaml", "--stage", "prod", "--as-of", AS_OF], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("gate prod: PASS  policy-lookup, problem revision 2");
  });

  it("refuses an unknown stage and a stage the workload left out", async () => {
    expect(await govai(["gate", EXAMPLE, "--stage", "staging"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "govai: gate: unknown stage 'staging'; expected one of dev, test, prod\n",
    });
  });
});

describe("govai plan", () => {
  it("renders the policy-lookup example as markdown (golden)", async () => {
    const run = await govai(["plan", EXAMPLE, "--format", "markdown", "--as-of", AS_OF]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expectGolden("policy-lookup.plan.md", run.stdout);
  });

  it("emits json that matches the plan schema, with prod flagged as refused by the gate", async () => {
    const run = await govai(["plan", EXAMPLE, "--format", "json", "--as-of", AS_OF]);
    expect(run.code).toBe(0);
    const plan = workloadPlanOutput.parse(JSON.parse(run.stdout));
    expect(plan.stages.map((s) => [s.stage, s.refusedByGate, s.gate.pass])).toEqual([
      ["dev", false, true],
      ["test", false, true],
      ["prod", true, false],
    ]);
    const protectedProd = plan.stages[2]?.resources
      .filter((r) => r.protect)
      .map((r) => r.type)
      .sort();
    expect(protectedProd).toContain("govai:powerplatform:Environment");
  });

  it("writes to --out and says where", async () => {
    const dir = tmp();
    const run = await govai(["plan", path.join(ROOT, MINIMAL), "--stage", "dev", "--out", "plan.txt"], dir);
    expect(run).toEqual({ code: 0, stdout: "plan written to plan.txt\n", stderr: "" });
    const text = readFileSync(path.join(dir, "plan.txt"), "utf8");
    expect(text).toMatch(/^Plan for HR FAQ Agent \(hr-faq\), problem revision 1\n/);
    expect(text.trimEnd().split("\n").slice(-2)).toEqual(["== Summary", "dev: 21 resources; gate passes"]);
  });
});

describe("govai diff", () => {
  it("ranks a loosened prod policy and an unrevised problem change as high risk (golden)", async () => {
    const dir = tmp();
    const text = readFileSync(path.join(ROOT, EXAMPLE), "utf8")
      .replace(
        "    auditing: { retentionDays: 2555, readAudit: true }",
        "    auditing: { retentionDays: 365, readAudit: true }",
      )
      .replace("      baseline: 25\n      target: 3", "      baseline: 25\n      target: 5");
    writeFileSync(path.join(dir, "workload.yaml"), text);
    cpSync(path.join(ROOT, "examples/policy-lookup-agent/evidence"), path.join(dir, "evidence"), { recursive: true });
    const run = await govai(["diff", path.join(ROOT, EXAMPLE), "workload.yaml", "--format", "json"], dir);
    expect(run.code).toBe(0);
    const report = diffOutput.parse(JSON.parse(run.stdout));
    expect(report.changes.map((c) => [c.risk, c.stage, c.path])).toEqual([
      ["high", "prod", "auditing.retentionDays"],
      ["high", undefined, "problem.lockedDigest"],
      ["high", undefined, "problem.revision"],
      ["medium", undefined, "problem.successMetrics.timeToAnswer"],
    ]);
    const markdown = await govai(["diff", path.join(ROOT, EXAMPLE), "workload.yaml"], dir);
    expectGolden("policy-lookup.diff.md", markdown.stdout.replace(path.join(ROOT, EXAMPLE), EXAMPLE));
  });

  it("reads <git-ref>:<path> and refuses an unknown ref in one line", async () => {
    const same = await govai(["diff", `HEAD:${MINIMAL}`, MINIMAL, "--format", "text"]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain("No governance changes.");
    expect(await govai(["diff", `no-such-ref:${MINIMAL}`, MINIMAL])).toEqual({
      code: 2,
      stdout: "",
      stderr: `govai: cannot read no-such-ref:${MINIMAL}: unknown git ref 'no-such-ref'\n`,
    });
  });
});

describe("govai diff of a new workload", () => {
  it("--new gives the full review: every governed value added, departures from the secure defaults ranked", async () => {
    const run = await govai(["diff", "--new", EXAMPLE, "--format", "json"]);
    expect(run.code).toBe(0);
    const report = diffOutput.parse(JSON.parse(run.stdout));
    expect(report.old).toBeNull();
    expect(report.changes.filter((c) => c.risk === "high").map((c) => [c.stage, c.summary])).toEqual([
      ["prod", "custom-connector URL patterns loosened"],
      ["prod", "most agent viewers: 50 → 400 (loosened)"],
      ["prod", "stage prod is added"],
    ]);
    expect(report.counts.low).toBeGreaterThan(100);
    const markdown = await govai(["diff", "--new", EXAMPLE]);
    expect(markdown.stdout.split("\n").slice(0, 3)).toEqual([
      "## Governance diff: `policy-lookup`",
      "",
      `no earlier revision (a new workload: every governed value is listed) → \`${EXAMPLE}\` (problem revision 2)`,
    ]);
  });

  it("a git path that does not exist at the ref is a new workload, not an error", async () => {
    const run = await govai(["diff", "HEAD:examples/not-yet-committed/workload.yaml", EXAMPLE, "--format", "json"]);
    expect(run.code).toBe(0);
    expect(diffOutput.parse(JSON.parse(run.stdout)).old).toBeNull();
    // an unknown ref stays a usage error
    expect((await govai(["diff", "no-such-ref:examples/x.yaml", EXAMPLE])).code).toBe(2);
  });
});

describe("user text cannot drive the terminal or the markdown", () => {
  // Review G7: control characters written as YAML escapes are now refused when the spec is read, so they never
  // reach an output; the renderers' own escaping (tested in packages/cli/test/safe-text.test.ts) stays behind that.
  it("refuses escapes in user strings before plan, gate, diff, portfolio or validate print anything of them", async () => {
    const dir = tmp();
    // YAML double quotes turn \e into ESC: a clear-screen and a red "PASS"
    const hostile = '"Policy \\e[2J\\e[31mPASS\\e[0m"';
    const text = readFileSync(path.join(ROOT, EXAMPLE), "utf8").replace(
      "  displayName: Policy Lookup Agent\n",
      `  displayName: ${hostile}\n`,
    );
    writeFileSync(path.join(dir, "workload.yaml"), text);
    const runs = await Promise.all([
      govai(["plan", "workload.yaml", "--stage", "prod", "--as-of", AS_OF], dir),
      govai(["gate", "workload.yaml", "--as-of", AS_OF], dir),
      govai(["diff", path.join(ROOT, EXAMPLE), "workload.yaml", "--format", "text"], dir),
      govai(["validate", "workload.yaml"], dir),
    ]);
    for (const run of runs) {
      expect(run.code).not.toBe(0);
      expect(run.stdout + run.stderr).not.toContain("\u001b");
      expect(run.stdout + run.stderr).toContain(
        "metadata.displayName: the control character U+001B, written as an escape, is not allowed in a value; remove it",
      );
    }
  });

  it("shows markdown syntax, mentions and links in user strings literally in plan, gate, diff, portfolio and validate", async () => {
    const dir = tmp();
    // a fake heading after a line feed, a pipe, a code span, a team mention and a bare link
    const hostile = '"Policy *bold* _it_ | `code` @contoso-fs/security https://x.test\\n## gate prod: PASS"';
    const text = readFileSync(path.join(ROOT, EXAMPLE), "utf8")
      .replace("  displayName: Policy Lookup Agent\n", `  displayName: ${hostile}\n`)
      .replace(
        "    escalationPath: ServiceNow assignment group OPS-POLICY-L2, then the Compliance duty officer",
        `    escalationPath: ${hostile}`,
      );
    writeFileSync(path.join(dir, "workload.yaml"), text);
    cpSync(path.join(ROOT, "examples/policy-lookup-agent/evidence"), path.join(dir, "evidence"), { recursive: true });
    const shown = "Policy *bold* _it_ | `code` @contoso-fs/security https://x.test\\n## gate prod: PASS";
    const runs = await Promise.all([
      govai(["plan", "workload.yaml", "--stage", "prod", "--as-of", AS_OF], dir),
      govai(["gate", "workload.yaml", "--as-of", AS_OF], dir),
      govai(["diff", path.join(ROOT, EXAMPLE), "workload.yaml", "--format", "text"], dir),
      govai(["portfolio", ".", "--as-of", AS_OF], dir),
      govai(["validate", "workload.yaml"], dir),
    ]);
    for (const run of runs) {
      expect(run.stdout).not.toMatch(/^## gate prod/m);
    }
    expect(runs[0]!.stdout).toContain(`Plan for ${shown} (policy-lookup)`);
    expect(runs[2]!.stdout).toContain("Policy *bold*");
    expect(runs[4]!.stdout).toContain(`policy-lookup (${shown}), problem revision 2`);
    const markdown = await govai(
      ["plan", "workload.yaml", "--stage", "prod", "--format", "markdown", "--as-of", AS_OF],
      dir,
    );
    expect(markdown.stdout.split("\n")[0]).toBe(
      "# Plan: Policy \\*bold\\* \\_it\\_ \\| \\`code\\` @\u2060contoso-fs/security https\u2060://x.test\\\\n\\#\\# gate prod: PASS (`policy-lookup`), problem revision 2",
    );
    const diff = await govai(["diff", path.join(ROOT, EXAMPLE), "workload.yaml"], dir);
    const row = diff.stdout.split("\n").find((l) => l.includes("escalation path"));
    // one table row, with five cells: nothing in the user text split it
    expect(row?.split(/(?<!\\)\|/).length).toBe(7);
  });
});

describe("govai lock", () => {
  it("locks revision 1, refuses a silent change of a locked problem, and --bump starts revision 2", async () => {
    const dir = tmp();
    const file = path.join(dir, "workload.yaml");
    writeFileSync(file, readFileSync(path.join(ROOT, MINIMAL), "utf8"));
    const locked = await govai(["lock", "workload.yaml"], dir);
    expect(locked.code).toBe(0);
    expect(locked.stdout).toMatch(/^workload\.yaml: problem revision 1 locked at sha256:[0-9a-f]{64}\n$/);
    expect(readFileSync(file, "utf8")).toContain("# yaml-language-server"); // comments survive
    writeFileSync(file, readFileSync(file, "utf8").replace("routine HR policy questions", "routine HR questions"));
    expect(await govai(["lock", "workload.yaml"], dir)).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "govai: lock: the problem statement or success metrics changed since revision 1 was locked; run 'govai lock workload.yaml --bump' to lock them as revision 2 (sign-offs for revision 1 will need renewing)\n",
    });
    const bumped = await govai(["lock", "workload.yaml", "--bump"], dir);
    expect(bumped.code).toBe(0);
    expect(readFileSync(file, "utf8")).toMatch(/\n {2}revision: 2\n {2}lockedDigest: sha256:[0-9a-f]{64}\n/);
    const gate = await govai(["gate", "workload.yaml", "--format", "json"], dir);
    const verdict = gateOutput.parse(JSON.parse(gate.stdout));
    expect(verdict.checks.find((c) => c.id === "signoff.problem-locked")?.status).toBe("pass");
  });
});

describe("govai lock changes only the revision and the digest", () => {
  it("keeps every other byte: comments, flow maps, block scalars and CRLF line endings", async () => {
    const dir = tmp();
    const file = path.join(dir, "workload.yaml");
    // The example has comments, flow maps and a folded block scalar; as CRLF it also tests line endings.
    const example = readFileSync(path.join(ROOT, EXAMPLE), "utf8");
    const changed = example.replace("25 minutes per policy question", "20 minutes per policy question");
    const before = changed.replace(/\n/g, "\r\n");
    writeFileSync(file, before);
    const run = await govai(["lock", "workload.yaml", "--bump"], dir);
    expect(run.code).toBe(0);
    const digest = /locked at (sha256:[0-9a-f]{64})/.exec(run.stdout)?.[1];
    expect(run.stdout).toBe(
      `workload.yaml: problem revision 3 locked at ${digest}\nSign-offs for revision 2 no longer count for prod: collect new ones for revision 3.\n`,
    );
    const after = readFileSync(file, "utf8");
    // byte for byte: the input with exactly the two values replaced
    expect(after).toBe(
      before
        .replace("\r\n  revision: 2\r\n", "\r\n  revision: 3\r\n")
        .replace(/lockedDigest: sha256:[0-9a-f]{64}/, `lockedDigest: ${digest}`),
    );
    const lines = (t: string) => t.split("\r\n");
    const differing = lines(before).flatMap((l, i) => (l === lines(after)[i] ? [] : [i + 1]));
    expect(differing.map((n) => lines(after)[n - 1]?.trim().split(":")[0])).toEqual(["revision", "lockedDigest"]);
  });

  it("refuses to lock placeholder text, and names it", async () => {
    const dir = tmp();
    expect((await govai(["init", "claims-agent"], dir)).code).toBe(0);
    expect(readFileSync(path.join(dir, "claims-agent/workload.yaml"), "utf8")).not.toMatch(/^ *lockedDigest:/m);
    expect(await govai(["lock", "claims-agent/workload.yaml"], dir)).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "govai: lock: the problem definition still has placeholders, so there is nothing to lock yet: problem.statement (TODO), problem.successMetrics.timeToAnswer.description (TODO), problem.successMetrics.timeToAnswer.measuredIn (TODO); write the statement and success metrics first\n",
    });
  });

  // Review G1: forms beyond TODO (n/a, spelled-out markers, a template address) passed `govai lock`.
  it("refuses to lock a problem whose words are n/a, t.b.d. or a made-up address", async () => {
    const dir = tmp();
    const text = readFileSync(path.join(ROOT, EXAMPLE), "utf8")
      .replace(/^( {6}measuredIn:) App Insights workbook .*$/m, "$1 n/a")
      .replace(/^( {6}description:) Share of escalations .*$/m, "$1 T.B.D")
      .replace(/^( {6}measuredIn:) Compliance sample review .*$/m, "$1 ask test@test.com");
    writeFileSync(path.join(dir, "workload.yaml"), text);
    expect(await govai(["lock", "workload.yaml", "--bump"], dir)).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "govai: lock: the problem definition still has placeholders, so there is nothing to lock yet: problem.successMetrics.answerAccuracy.measuredIn (test@test.com), problem.successMetrics.misroutedEscalations.description (T.B.D), problem.successMetrics.timeToAnswer.measuredIn (n/a); write the statement and success metrics first\n",
    });
    expect(readFileSync(path.join(dir, "workload.yaml"), "utf8")).toBe(text);
  });
});

describe("govai portfolio, schema, init", () => {
  it("reports every example, closest to production first, as schema-valid json", async () => {
    const run = await govai(["portfolio", "examples", "--format", "json", "--as-of", AS_OF]);
    expect(run.code).toBe(0);
    const report = portfolioOutput.parse(JSON.parse(run.stdout));
    expect(report.pilots.map((p) => [p.name, p.prodReady, p.dimensionsPassing])).toEqual([
      ["policy-lookup", false, 7],
      ["hr-faq", false, 1],
    ]);
    expect(report.pilots[1]?.signals.abandoned).toEqual(["problem revision 1 was never locked"]);
  });

  it("prints the committed JSON Schema of the spec", async () => {
    const run = await govai(["schema"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(path.join(ROOT, "packages/spec/schema/workload.schema.json"), "utf8"));
  });

  it("creates a spec that validates and its three stack files, and refuses to overwrite them", async () => {
    const dir = tmp();
    const first = await govai(["init", "claims-agent"], dir);
    expect(first.code).toBe(0);
    expect(first.stdout.split("\n").slice(0, 4)).toEqual([
      "created claims-agent/workload.yaml",
      "created stacks/Pulumi.claims-agent-dev.yaml",
      "created stacks/Pulumi.claims-agent-test.yaml",
      "created stacks/Pulumi.claims-agent-prod.yaml",
    ]);
    expect(readFileSync(path.join(dir, "stacks/Pulumi.claims-agent-prod.yaml"), "utf8")).toContain(
      "  govai-workload:stage: prod\n",
    );
    expect((await govai(["validate", "claims-agent/workload.yaml"], dir)).code).toBe(0);
    // As written, the new spec is all placeholders: the prod gate refuses it and names them.
    const gate = await govai(["gate", "claims-agent/workload.yaml", "--stage", "prod", "--format", "json"], dir);
    expect(gate.code).toBe(1);
    const verdict = gateOutput.parse(JSON.parse(gate.stdout));
    const placeholderFailures = verdict.failures
      .filter((f) => / placeholders?|\(TODO\)|example\.com/.test(f.message))
      .map((f) => [f.id, f.message]);
    expect(placeholderFailures).toEqual([
      ["failure.escalation-path", "The escalation path is a placeholder (TODO), not a queue or team."],
      ["failure.fallback", "The fallback is a placeholder (TODO), not a designed behaviour."],
      [
        "observability.alerts-routed",
        "Alert recipients are placeholders, so alerts reach nobody: accountable (todo@example.com).",
      ],
      [
        "observability.success-metrics-measured",
        "Success metrics whose measuredIn is a placeholder: timeToAnswer (TODO).",
      ],
      [
        "signoff.owner-named",
        "The workload's owners are placeholders: metadata.owningTeam (TODO), metadata.accountable.name (TODO), metadata.accountable.email (todo@example.com), metadata.businessUnit (TODO), metadata.costCenter (TODO).",
      ],
      [
        "signoff.problem-defined",
        "The problem definition has placeholders: problem.statement (TODO), problem.successMetrics.timeToAnswer.description (TODO).",
      ],
    ]);
    const text = await govai(["gate", "claims-agent/workload.yaml"], dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("FAIL signoff.owner-named (critical) at metadata");
    const again = await govai(["init", "claims-agent"], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      /^govai: init: would overwrite claims-agent\/workload\.yaml, .*; use --force to replace\n$/,
    );
  });
});
