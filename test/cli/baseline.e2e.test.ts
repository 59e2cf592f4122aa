/**
 * govai on a tenant baseline (`kind: TenantBaseline`), end to end through the real command: validate, gate and diff
 * on examples/tenant-baseline/tenant.yaml and on mutated copies (one per gate check and per weakening class), the
 * exact lines and exit codes, every JSON output against its schema, and the commands that refuse a baseline.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { tenantBaselineJsonSchema } from "@govai/spec";
import { describe, expect, it } from "vitest";
import {
  baselineDiffOutput,
  baselineGateOutput,
  baselinePlanOutput,
  diffOutput,
  gateOutput,
  planOutput,
  workloadPlanOutput,
} from "../../packages/cli/src/output-schemas.ts";
import { expectGolden } from "./golden.ts";
import { govai, ROOT } from "./run-govai.ts";

const BASELINE = "examples/tenant-baseline/tenant.yaml";
const WORKLOAD = "examples/policy-lookup-agent/workload.yaml";
const TEXT = readFileSync(path.join(ROOT, BASELINE), "utf8");
const AS_OF = "2026-12-01";
const tmp = () => mkdtempSync(path.join(tmpdir(), "govai-baseline-"));

/** A copy of the example in a fresh folder with `edits` applied to its text; returns the folder. */
function mutated(edits: Array<[string | RegExp, string]>, name = "tenant.yaml"): string {
  let text = TEXT;
  for (const [from, to] of edits) {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`edit not applied: ${String(from)}`);
    text = next;
  }
  const dir = tmp();
  writeFileSync(path.join(dir, name), text);
  return dir;
}

/** The FAIL lines of a text gate report, each with the message line under it. */
const failLines = (stdout: string) => {
  const lines = stdout.split("\n");
  return lines.flatMap((l, i) => (l.startsWith("FAIL ") ? [l, lines[i + 1]!.trim()] : []));
};

describe("govai validate on a tenant baseline", () => {
  it("prints its parts, the managed settings and the placeholders", async () => {
    const run = await govai(["validate", BASELINE]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expectGolden("tenant-baseline.validate.txt", run.stdout);
  });

  it("prints the resolved model as json, with the kind and the placeholders", async () => {
    const run = await govai(["validate", BASELINE, "--format", "json"]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(["valid", "file", "kind", "model", "placeholders"]);
    expect(out.kind).toBe("TenantBaseline");
    expect(out.placeholders).toEqual([]);
    expect(out.model.metadata.tenantId).toBe("8d3c5f2a-6b1e-4c7d-9a0f-3e2b1c4d5e6f");
  });

  it("names the placeholders of a copy that has some", async () => {
    const dir = mutated([["owningTeam: Power Platform CoE", "owningTeam: TODO"]]);
    const run = await govai(["validate", "tenant.yaml"], dir);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n").at(-2)).toBe("placeholders (the gate refuses them): metadata.owningTeam (TODO)");
  });

  it("refuses an invalid baseline with every error, worded for a baseline (exit 1)", async () => {
    const dir = mutated([["trials: adminsOnly", "trials: admins"]]);
    expect(await govai(["validate", "tenant.yaml"], dir)).toEqual({
      code: 1,
      stdout: "",
      stderr:
        'govai: tenant.yaml is not a valid tenant baseline (1 error)\ntenant.yaml:45:58 settings.environmentCreation.trials: expected one of "adminsOnly", "everyone", found "admins"\n',
    });
  });
});

describe("govai validate on a tenant baseline declaring a group's agent sharing", () => {
  it("refuses it at the key, saying why and what holds instead (exit 1)", async () => {
    const dir = mutated([
      [
        "        apps: { groupSharingDisabled: true, mode: excludeSharingToSecurityGroups, maxUsers: 5 }\n",
        "        apps: { groupSharingDisabled: true, mode: excludeSharingToSecurityGroups, maxUsers: 5 }\n        agents: { editorSharingDisabled: true, mode: excludeSharingToSecurityGroups, maxViewers: 5 }\n",
      ],
    ]);
    for (const command of ["validate", "gate"]) {
      expect(await govai([command, "tenant.yaml"], dir)).toEqual({
        code: 1,
        stdout: "",
        stderr:
          "govai: tenant.yaml is not a valid tenant baseline (1 error)\ntenant.yaml:60:9 environmentGroups.developer.rules.sharing.agents: an environment group's rules cannot set agent sharing yet: the service's rule for Copilot Studio agent sharing appears in no recorded response, so govai can neither write it nor read it back; remove sharing.agents (agents in the group's environments keep the tenant's sharing defaults, which `govai gate` on this baseline reports per group; a workload stage outside any group limits its agents with managedEnvironment.sharing.agents)\n",
      });
    }
  });
});

describe("govai plan on a tenant baseline", () => {
  it("lists what the baseline's stack would create, its notes, every control's value and the gate (text)", async () => {
    const run = await govai(["plan", BASELINE, "--as-of", AS_OF]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expectGolden("tenant-baseline.plan.txt", run.stdout);
  });

  it("prints markdown, and json that follows the plan's schema", async () => {
    const [md, json] = await Promise.all([
      govai(["plan", BASELINE, "--format", "markdown", "--as-of", AS_OF]),
      govai(["plan", BASELINE, "--format", "json", "--as-of", AS_OF]),
    ]);
    expect([md.code, json.code]).toEqual([0, 0]);
    expectGolden("tenant-baseline.plan.md", md.stdout);
    const plan = baselinePlanOutput.parse(JSON.parse(json.stdout));
    expect(planOutput.safeParse(JSON.parse(json.stdout)).success).toBe(true);
    expect(plan.resources.map((r) => r.type).sort()).toEqual([
      "azure-native:consumption:Budget",
      "govai:powerplatform:BillingPolicy",
      "govai:powerplatform:DataPolicy",
      "govai:powerplatform:DataPolicy",
      "govai:powerplatform:EnvironmentGroup",
      "govai:powerplatform:EnvironmentGroup",
      "govai:powerplatform:EnvironmentGroupRuleSet",
      "govai:powerplatform:EnvironmentGroupRuleSet",
      "govai:powerplatform:TenantSettings",
      "govai:tenant:TenantBaseline",
      "govai:workload:StageCostGuardrail",
    ]);
    expect(plan.governance.find((g) => g.path === "settings.environmentCreation.trials")).toEqual({
      control: "settings.environmentCreation.trials",
      path: "settings.environmentCreation.trials",
      label: "who may create trial environments",
      value: "adminsOnly",
      risk: "high",
    });
    expect(plan.gate.pass).toBe(true);
  });

  it("flags a failing baseline gate in the summary, and refuses --stage (exit 2)", async () => {
    const failing = await govai(
      ["plan", "tenant.yaml", "--as-of", AS_OF],
      mutated([["trials: adminsOnly", "trials: everyone"]]),
    );
    expect(failing.code).toBe(0);
    expect(failing.stdout.split("\n").at(-2)).toBe("11 resources; gate fails (tenant.environment-creation)");
    expect(await govai(["plan", BASELINE, "--stage", "dev"])).toEqual({
      code: 2,
      stdout: "",
      stderr: `govai: plan: ${BASELINE} is a tenant baseline, which has no stages (one stack per tenant); drop --stage (it applies to workload specs)\n`,
    });
  });

  it("writes --out and says where", async () => {
    const dir = tmp();
    const run = await govai(["plan", path.join(ROOT, BASELINE), "--out", "plan.md", "--format", "markdown"], dir);
    expect(run).toEqual({ code: 0, stdout: "plan written to plan.md\n", stderr: "" });
    expect(readFileSync(path.join(dir, "plan.md"), "utf8")).toContain("## Tenant baseline gate");
  });
});

describe("govai plan of a workload whose stage joins a baseline's group and billing policy", () => {
  it("says under the stage's resources what the group and the billing policy do (text, markdown, json)", async () => {
    const dir = tmp();
    const text = readFileSync(path.join(ROOT, WORKLOAD), "utf8").replace(
      "  dev:\n    environment:\n      dataverse: { securityGroupId: 6a1f3c2e-9b7d-4e5a-8c1f-2d3e4f5a6b01 }\n",
      "  dev:\n    environment:\n      dataverse: { securityGroupId: 6a1f3c2e-9b7d-4e5a-8c1f-2d3e4f5a6b01 }\n      environmentGroupId: 2b4d6f8a-1c3e-4a5b-9d7f-0e1f2a3b4c5d\n    billingPolicyId: 7c9e1a3b-5d7f-4b2c-8e0a-1b2c3d4e5f6a\n",
    );
    writeFileSync(path.join(dir, "workload.yaml"), text);
    const notes = [
      "dev: the environment joins environment group 2b4d6f8a-1c3e-4a5b-9d7f-0e1f2a3b4c5d: the group's rules govern app sharing, solution checker, usage insights and maker welcome (agent sharing, which a group cannot limit yet, keeps the tenant's defaults), so the stage registers no ManagedEnvironment",
      "dev: the environment is linked to billing policy 7c9e1a3b-5d7f-4b2c-8e0a-1b2c3d4e5f6a (pay-as-you-go: its Copilot Studio consumption is billed to that policy's Azure subscription)",
    ];
    const args = ["plan", "workload.yaml", "--stage", "dev", "--as-of", AS_OF];
    const [txt, json] = await Promise.all([govai(args, dir), govai([...args, "--format", "json"], dir)]);
    expect([txt.code, json.code]).toEqual([0, 0]);
    const lines = txt.stdout.split("\n");
    const at = lines.indexOf("== Governance");
    expect(lines.slice(at - 3, at)).toEqual([...notes.map((n) => `- ${n}`), ""]);
    const plan = workloadPlanOutput.parse(JSON.parse(json.stdout));
    expect(plan.stages[0]!.notes).toEqual(notes);
    expect(plan.stages[0]!.resources.map((r) => r.type)).not.toContain("govai:powerplatform:ManagedEnvironment");
  });
});

describe("govai gate on a tenant baseline", () => {
  it("passes the example (exit 0): every check, its status and path", async () => {
    const run = await govai(["gate", BASELINE, "--as-of", AS_OF]);
    expect(run.code).toBe(0);
    expectGolden("tenant-baseline.gate.txt", run.stdout);
  });

  it("prints markdown, and json that follows the gate's schema", async () => {
    const [md, json] = await Promise.all([
      govai(["gate", BASELINE, "--format", "markdown", "--as-of", AS_OF]),
      govai(["gate", BASELINE, "--format", "json", "--as-of", AS_OF]),
    ]);
    expect([md.code, json.code]).toEqual([0, 0]);
    expectGolden("tenant-baseline.gate.md", md.stdout);
    const verdict = baselineGateOutput.parse(JSON.parse(json.stdout));
    expect(gateOutput.safeParse(JSON.parse(json.stdout)).success).toBe(true);
    expect([verdict.pass, verdict.checks.length, verdict.evaluatedAt]).toEqual([true, 13, `${AS_OF}T00:00:00.000Z`]);
  });

  it("refuses --stage: a baseline has none (exit 2)", async () => {
    expect(await govai(["gate", BASELINE, "--stage", "prod"])).toEqual({
      code: 2,
      stdout: "",
      stderr: `govai: gate: ${BASELINE} is a tenant baseline, which has no stages; drop --stage (it applies to workload specs)\n`,
    });
  });

  // One copy per way around the governance: exit 1, and exactly these failing checks with their messages.
  it.each<[string, Array<[string | RegExp, string]>, string[]]>([
    [
      "trials open to everyone",
      [["trials: adminsOnly", "trials: everyone"]],
      [
        "FAIL tenant.environment-creation (critical) at settings.environmentCreation.trials",
        "Everyone may create trial environments: a pilot can start outside every governed stack, with no DLP, gate or budget of its own.",
      ],
    ],
    [
      "production creation open to everyone",
      [["production: adminsOnly", "production: everyone"]],
      [
        "FAIL tenant.environment-creation (critical) at settings.environmentCreation.production",
        "Everyone may create production and sandbox environments: a pilot can start outside every governed stack, with no DLP, gate or budget of its own.",
      ],
    ],
    [
      "no routing",
      [["environmentRouting: { enabled: true, targetGroup: developer }", "environmentRouting: { enabled: false }"]],
      [
        "FAIL tenant.environment-routing (critical) at settings.environmentRouting.enabled",
        "Environment routing is off: new makers land in the default environment, shared by the whole tenant.",
      ],
    ],
    [
      "routing to a group without rules",
      [
        ["targetGroup: developer", "targetGroup: sandbox"],
        ["environmentGroups:\n", "environmentGroups:\n  sandbox:\n    displayName: Sandboxes\n"],
      ],
      [
        "FAIL tenant.environment-routing (critical) at environmentGroups.sandbox.rules",
        'Environment routing targets the group "sandbox", which has no rules: routed environments are governed by nothing.',
      ],
    ],
    [
      "a group sharing apps with everyone",
      [["mode: excludeSharingToSecurityGroups, maxUsers: 5", "mode: noLimit, maxUsers: 5"]],
      [
        "FAIL tenant.sharing-limited (critical) at environmentGroups.developer.rules.sharing.apps.mode",
        'The group "developer" lets apps be shared with any security group, Everyone included (sharing noLimit).',
      ],
    ],
    [
      "publishing with AI without a billing policy",
      [
        ["publishAgentsWithAi: false", "publishAgentsWithAi: true"],
        [/\nbillingPolicies:[\s\S]*$/, "\n"],
      ],
      [
        "FAIL tenant.ai-publishing-billed (high) at settings.copilotStudio.publishAgentsWithAi",
        "Publishing agents with generative AI is on, and no billing policy is declared: Copilot Studio spend has no budget.",
      ],
    ],
    [
      "the default environment's DLP not managed",
      [[/\n {2}defaultEnvironment:\n[\s\S]*?blocked: \[shared_dropbox, shared_gmail\]\n/, "\n"]],
      [
        "FAIL tenant.dlp-default-environment (high) at dataPolicies.defaultEnvironment",
        "The default environment's DLP is not managed: every licensed user is a maker there, and only the tenant-wide policy limits them.",
      ],
    ],
    [
      "a placeholder budget contact",
      [["email: lena.fischer@contoso-fs.com", "email: finance@example.com"]],
      [
        "FAIL tenant.no-placeholders (critical) at billingPolicies.copilot-pilots.notify.finance.email",
        "This is a placeholder (finance@example.com), not a declaration.",
      ],
    ],
  ])("fails (exit 1) on %s", async (_name, edits, expected) => {
    const run = await govai(["gate", "tenant.yaml", "--as-of", AS_OF], mutated(edits));
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n")[0]).toBe(
      "gate tenant baseline: FAIL (1 failing check)  contoso-fs, tenant 8d3c5f2a-6b1e-4c7d-9a0f-3e2b1c4d5e6f",
    );
    expect(failLines(run.stdout)).toEqual(expected);
  });
});

describe("govai diff of two tenant baselines", () => {
  const weaker = (): string =>
    mutated([
      ["trials: adminsOnly", "trials: everyone"],
      ["      - shared_twitter\n", ""],
      ["monthlyBudget: 2000", "monthlyBudget: 5000"],
      ["deleteBehavior: restore", "deleteBehavior: retain"],
    ]);

  it("ranks the weakenings by the catalogue, as markdown for a pull request", async () => {
    const dir = weaker();
    const run = await govai(["diff", path.join(ROOT, BASELINE), "tenant.yaml"], dir);
    expect(run.code).toBe(0);
    expectGolden("tenant-baseline.diff.md", run.stdout.replace(path.join(ROOT, BASELINE), BASELINE));
  });

  it("prints text, and json that follows the diff's schema", async () => {
    const dir = weaker();
    const old = path.join(ROOT, BASELINE);
    const [text, json] = await Promise.all([
      govai(["diff", old, "tenant.yaml", "--format", "text"], dir),
      govai(["diff", old, "tenant.yaml", "--format", "json"], dir),
    ]);
    expect([text.code, json.code]).toEqual([0, 0]);
    expect(text.stdout.split("\n").slice(0, 1)).toEqual([
      `Governance diff of tenant baseline ${old} → tenant.yaml: 3 high, 0 medium, 1 low`,
    ]);
    const report = baselineDiffOutput.parse(JSON.parse(json.stdout));
    expect(diffOutput.safeParse(JSON.parse(json.stdout)).success).toBe(true);
    expect(report.changes.map((c) => [c.risk, c.path, c.reason ?? null])).toEqual([
      [
        "high",
        "billingPolicies.copilot-pilots.monthlyBudget",
        "Copilot Studio spend billed to Azure with a higher cap, or none, is the cost trap of pilots",
      ],
      [
        "high",
        "dataPolicies.tenantWide.blocked.shared_twitter",
        "a connector no longer blocked tenant-wide is open to every pilot in every environment the policy covers",
      ],
      [
        "high",
        "settings.environmentCreation.trials",
        "trial environments are how ungoverned pilots start: created by anyone, governed by nobody",
      ],
      ["low", "settings.deleteBehavior", null],
    ]);
  });

  it("takes git refs, as for a workload", async () => {
    const dir = tmp();
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@contoso.com", ...args], { cwd: dir });
    git("init", "-q");
    writeFileSync(path.join(dir, "tenant.yaml"), TEXT);
    git("add", "tenant.yaml");
    git("commit", "-q", "-m", "baseline");
    writeFileSync(path.join(dir, "tenant.yaml"), TEXT.replace("trials: adminsOnly", "trials: everyone"));
    const run = await govai(["diff", "HEAD:tenant.yaml", "tenant.yaml", "--format", "json"], dir);
    expect(run.code).toBe(0);
    const report = baselineDiffOutput.parse(JSON.parse(run.stdout));
    expect(report.old).toEqual({
      label: "HEAD:tenant.yaml",
      name: "contoso-fs",
      tenantId: "8d3c5f2a-6b1e-4c7d-9a0f-3e2b1c4d5e6f",
    });
    expect(report.changes.map((c) => [c.risk, c.summary])).toEqual([
      ["high", "who may create trial environments: adminsOnly → everyone (loosened)"],
    ]);
  });

  it("reviews a new baseline with --new: every managed value added, low", async () => {
    const run = await govai(["diff", "--new", BASELINE, "--format", "json"]);
    expect(run.code).toBe(0);
    const report = baselineDiffOutput.parse(JSON.parse(run.stdout));
    expect(report.old).toBeNull();
    expect(report.counts).toEqual({ high: 0, medium: 0, low: 43 });
  });

  it("refuses a workload against a baseline (exit 2)", async () => {
    expect(await govai(["diff", WORKLOAD, BASELINE])).toEqual({
      code: 2,
      stdout: "",
      stderr: `govai: diff: ${WORKLOAD} is a workload spec and ${BASELINE} is a tenant baseline; diff compares two revisions of one spec, both workloads or both tenant baselines\n`,
    });
  });
});

describe("a baseline's own words in the markdown outputs", () => {
  it("cannot forge a table row, a heading or a mention", async () => {
    const dir = mutated([
      ["displayName: Contoso FS tenant baseline", 'displayName: "Contoso | FS ## @contoso-fs/coe <b>"'],
      ["trials: adminsOnly", "trials: everyone"],
    ]);
    const run = await govai(["plan", "tenant.yaml", "--format", "markdown", "--as-of", AS_OF], dir);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(
      "# Plan: tenant baseline Contoso \\| FS \\#\\# @\u2060contoso-fs/coe \\<b\\> (`contoso-fs`), tenant `8d3c5f2a-6b1e-4c7d-9a0f-3e2b1c4d5e6f`",
    );
    const gate = await govai(["gate", "tenant.yaml", "--format", "markdown", "--as-of", AS_OF], dir);
    expect(gate.code).toBe(1);
    expect(gate.stdout.split("\n").filter((l) => l.includes("environment-creation") && l.includes("FAIL"))).toEqual([
      "| FAIL | `tenant.environment-creation` | critical | `settings.environmentCreation.trials` | Everyone may create trial environments: a pilot can start outside every governed stack, with no DLP, gate or budget of its own. |",
    ]);
  });
});

describe("commands that take no tenant baseline", () => {
  it("lock refuses one, naming what to use (exit 2)", async () => {
    expect(await govai(["lock", BASELINE])).toEqual({
      code: 2,
      stdout: "",
      stderr: `govai: lock: ${BASELINE} is a tenant baseline (kind: TenantBaseline), not a workload spec: it has no problem definition to lock; lock is for workload specs (check a baseline with govai validate and govai gate)\n`,
    });
  });

  it("adopt --into refuses one before reaching the tenant (exit 2)", async () => {
    const run = await govai(["adopt", "--environment", "6f2d8c1a-3b4e-4f5a-9c7d-1e2f3a4b5c6d", "--into", BASELINE]);
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `govai: adopt: ${BASELINE} is a tenant baseline (kind: TenantBaseline), not a workload spec: adopt --into writes an environment into a workload stage, and a baseline has no stages; give --into a workload spec, or leave it out to write a new one\n`,
    });
  });

  it("init --ci refuses a baseline where the workload spec would be (exit 2), writing nothing", async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, "claims"));
    writeFileSync(path.join(dir, "claims/workload.yaml"), TEXT);
    expect(await govai(["init", "claims", "--ci", "github"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "govai: init: claims/workload.yaml is a tenant baseline (kind: TenantBaseline), not a workload spec: init --ci writes pipelines from a workload's deployment identities and stages, which a baseline has not; choose another name for the workload\n",
    });
    expect(readFileSync(path.join(dir, "claims/workload.yaml"), "utf8")).toBe(TEXT);
  });

  it("portfolio lists a baseline named workload.yaml among the invalid specs, saying why", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "workload.yaml"), TEXT);
    const run = await govai(["portfolio", ".", "--format", "json"], dir);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).invalid).toEqual([
      {
        file: "workload.yaml",
        errors: [
          "portfolio: workload.yaml is a tenant baseline (kind: TenantBaseline), not a workload spec: portfolio reads workload specs; judge a baseline with govai gate",
        ],
      },
    ]);
  });

  it("schema --output tenant-baseline prints the baseline's JSON Schema", async () => {
    const run = await govai(["schema", "--output", "tenant-baseline"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(tenantBaselineJsonSchema());
  });
});
