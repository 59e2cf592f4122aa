/**
 * govai on a copy of examples/policy-lookup-agent whose prod stage joins an environment group (its managedEnvironment
 * block removed, as the spec requires, and environment.environmentGroupId added): the gate reports the
 * managed-environment checks as governed by the group instead of judging values nothing applies, the plan's matrix
 * names the group in the managed-environment rows, and govai diff ranks the move into the group high. The ungrouped
 * example's goldens are not touched (test/cli/cli.e2e.test.ts holds them).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diffOutput, gateOutput } from "../../packages/cli/src/output-schemas.ts";
import { govai, ROOT } from "./run-govai.ts";

const EXAMPLE = "examples/policy-lookup-agent";
const GROUP = "3f2a9c1e-7b4d-4e6a-9c8b-1d2e3f4a5b60";
const AS_OF = "2026-12-01";

/** The example (with its evidence) in a fresh folder, prod in environment group `group`. */
function prodInGroup(group = GROUP): string {
  const dir = mkdtempSync(path.join(tmpdir(), "govai-grouped-"));
  cpSync(path.join(ROOT, EXAMPLE, "evidence"), path.join(dir, "evidence"), { recursive: true });
  let text = readFileSync(path.join(ROOT, EXAMPLE, "workload.yaml"), "utf8");
  const start = text.indexOf("    managedEnvironment:\n      sharing:\n        agents: { maxViewers: 400 }");
  const end = text.indexOf("    auditing: { retentionDays: 2555");
  if (start < 0 || end < start) throw new Error("the example's prod managedEnvironment block moved");
  text = text.slice(0, start) + text.slice(end);
  const prodDataverse =
    "      dataverse: { language: 1033, currency: EUR, securityGroupId: 6a1f3c2e-9b7d-4e5a-8c1f-2d3e4f5a6b03 }\n";
  if (!text.includes(prodDataverse)) throw new Error("the example's prod environment moved");
  text = text.replace(prodDataverse, `${prodDataverse}      environmentGroupId: ${group}\n`);
  writeFileSync(path.join(dir, "workload.yaml"), text);
  return dir;
}

const SIGN_OFF_FAILURES = [
  "FAIL signoff.security (critical) at readiness.signOffs.security",
  "FAIL signoff.legal (critical) at readiness.signOffs.legal",
];

describe("govai gate on a stage in an environment group", () => {
  it("reports the managed-environment checks as governed by the group, and fails prod only on what the example lacks", async () => {
    const run = await govai(["gate", "workload.yaml", "--stage", "prod", "--as-of", AS_OF], prodInGroup());
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    // The same two sign-offs fail as for the ungrouped example: in a group, prod may pass the gate.
    expect(lines.filter((l) => l.startsWith("FAIL "))).toEqual(SIGN_OFF_FAILURES);
    const at = lines.indexOf("Not judged here: the stage's environment group governs them:");
    expect(lines.slice(at, at + 8)).toEqual([
      "Not judged here: the stage's environment group governs them:",
      "  n/a security.sharing-limited (high) at stages.prod.environment.environmentGroupId",
      `     The stage's environment is in environment group ${GROUP}, so the stage's managedEnvironment.sharing.agents applies nowhere (it registers no ManagedEnvironment), and a group cannot limit agent sharing yet: agents there keep the tenant's sharing defaults, as govai gate on the tenant baseline that declares the group reports (tenant.group-agent-sharing).`,
      "  n/a security.app-sharing-limited (high) at stages.prod.environment.environmentGroupId",
      `     The stage's environment is in environment group ${GROUP}: the group's rules, not the stage's managedEnvironment.sharing, set its app sharing (a group has no flow-sharing rule: solution flows there keep the environment's defaults); they are judged by govai gate on the tenant baseline that declares the group.`,
      "  n/a security.solution-checker (medium) at stages.prod.environment.environmentGroupId",
      `     The stage's environment is in environment group ${GROUP}: the group's rules, not the stage's managedEnvironment.solutionChecker, set its solution checker; they are judged by govai gate on the tenant baseline that declares the group.`,
      "",
    ]);
    const json = await govai(
      ["gate", "workload.yaml", "--stage", "prod", "--as-of", AS_OF, "--format", "json"],
      prodInGroup(),
    );
    const verdict = gateOutput.parse(JSON.parse(json.stdout)) as { checks: Array<Record<string, unknown>> };
    expect(
      verdict.checks
        .filter((c) => String(c.path).endsWith("environmentGroupId"))
        .map((c) => [c.id, c.status, c.evidence]),
    ).toEqual(
      ["security.sharing-limited", "security.app-sharing-limited", "security.solution-checker"].map((id) => [
        id,
        "n-a",
        { environmentGroupId: GROUP },
      ]),
    );
  });

  it("fails prod on a placeholder GUID as a group id: it names no group", async () => {
    const placeholder = "11111111-1111-1111-1111-111111111111";
    const run = await govai(["gate", "workload.yaml", "--stage", "prod", "--as-of", AS_OF], prodInGroup(placeholder));
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines.filter((l) => l.startsWith("FAIL "))).toEqual([
      "FAIL security.sharing-limited (high) at stages.prod.environment.environmentGroupId",
      "FAIL security.app-sharing-limited (high) at stages.prod.environment.environmentGroupId",
      "FAIL security.solution-checker (medium) at stages.prod.environment.environmentGroupId",
      ...SIGN_OFF_FAILURES,
    ]);
    expect(
      lines[lines.indexOf("FAIL security.solution-checker (medium) at stages.prod.environment.environmentGroupId") + 1],
    ).toBe(
      `     The stage's environment joins environment group ${placeholder}, which is a GUID of one repeated digit, not a group's id: no group's rules govern it, and the stage creates no managed environment that would. Use the tenant baseline stack's environmentGroupIds output.`,
    );
  });

  it("refuses the zero GUID as a group id before judging anything: it is the service's 'no group'", async () => {
    const zero = "00000000-0000-0000-0000-000000000000";
    const run = await govai(["gate", "workload.yaml", "--stage", "prod", "--as-of", AS_OF], prodInGroup(zero));
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain("FAIL security.");
    expect(run.stderr).toContain(
      "stages.prod.environment.environmentGroupId: the zero GUID names no environment group: give the id from the tenant baseline stack's outputs, or remove the key to link to none",
    );
  });
});

describe("govai plan's governance matrix for a stage in an environment group", () => {
  it("shows the group in the managed-environment rows instead of the profile's values", async () => {
    const run = await govai(["plan", "workload.yaml", "--as-of", AS_OF], prodInGroup());
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    const at = lines.findIndex((l) => l.startsWith("Managed environment "));
    const rows = lines.slice(at + 2, lines.indexOf("", at));
    // prod's column is the last one: the group where its rules set the value, "not limited" where a group has no rule.
    expect(rows.filter((l) => /^\S/.test(l)).map((l) => [l.split(/\s{2,}/)[0], l.split(/\s{2,}/).at(-1)])).toEqual([
      ["agent sharing", "not limited (group 3f2a9c1e…)"],
      ["app sharing", "group 3f2a9c1e…"],
      ["flow sharing", "not limited (group 3f2a9c1e…)"],
      ["solution checker", "group 3f2a9c1e…"],
      ["usage insights", "group 3f2a9c1e…"],
    ]);
    const prodOnly = await govai(["plan", "workload.yaml", "--stage", "prod", "--as-of", AS_OF], prodInGroup());
    const p = prodOnly.stdout.split("\n");
    const m = p.indexOf("Managed environment  prod");
    expect(p.slice(m, m + 8)).toEqual([
      "Managed environment  prod",
      "-------------------  -----------------------------",
      "agent sharing        not limited (group 3f2a9c1e…)",
      "app sharing          group 3f2a9c1e…",
      "flow sharing         not limited (group 3f2a9c1e…)",
      "solution checker     group 3f2a9c1e…",
      "usage insights       group 3f2a9c1e…",
      "",
    ]);
  });
});

describe("govai diff when a stage moves into an environment group", () => {
  it("ranks the move high in prod, and no change of the managed-environment values nothing applies", async () => {
    const dir = prodInGroup();
    const run = await govai(
      ["diff", path.join(ROOT, EXAMPLE, "workload.yaml"), "workload.yaml", "--format", "json"],
      dir,
    );
    expect(run.code).toBe(0);
    const diff = diffOutput.parse(JSON.parse(run.stdout)) as { counts: unknown; changes: unknown[] };
    expect(diff.counts).toEqual({ high: 1, medium: 0, low: 0 });
    expect(diff.changes).toEqual([
      {
        risk: "high",
        stage: "prod",
        path: "environment.environmentGroupId",
        after: GROUP,
        summary: `environment group (owns the managed-environment settings): none → ${GROUP} (loosened)`,
        control: "environment.environmentGroupId",
      },
    ]);
    // Leaving the group again is a change, not a weakening: the stage's own values govern once more.
    const back = await govai(
      ["diff", "workload.yaml", path.join(ROOT, EXAMPLE, "workload.yaml"), "--format", "json"],
      dir,
    );
    const reverse = diffOutput.parse(JSON.parse(back.stdout)) as {
      counts: unknown;
      changes: Array<{ summary: string }>;
    };
    expect(reverse.counts).toEqual({ high: 0, medium: 1, low: 0 });
    expect(reverse.changes.map((c) => c.summary)).toEqual([
      `environment group (owns the managed-environment settings): ${GROUP} → none (changed)`,
    ]);
  });
});
