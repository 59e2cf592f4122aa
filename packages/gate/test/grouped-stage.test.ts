/**
 * A stage whose environment joins an environment group (`environment.environmentGroupId`) registers no
 * ManagedEnvironment: the gate must not judge its managedEnvironment values as if applied, the policy pack must not
 * demand a ManagedEnvironment for it, and a group id that is a placeholder or the zero GUID names no group and fails.
 */
import { placeholderGuid, type StageName, type WorkloadModel } from "@govai/spec";
import { describe, expect, it } from "vitest";
import { evaluate } from "../src/index.ts";
import * as all from "../src/policy/policies.ts";
import { mutated, NOW, readyEvidence } from "./fixtures.ts";
import { type FakeStackResource, runStackPolicy, UNKNOWN } from "./policy-harness.ts";

const GROUP = "3f2a9c1e-7b4d-4e6a-9c8b-1d2e3f4a5b60";
const MANAGED = ["security.sharing-limited", "security.app-sharing-limited", "security.solution-checker"];

/** The ready model with `stage` in environment group `id`, its managed-environment values made as loose as they go. */
function grouped(stage: StageName, id = GROUP): WorkloadModel {
  return mutated((m) => {
    const s = m.stages[stage]!;
    s.environment.environmentGroupId = id;
    // Values nothing applies: were they judged, each check below would fail.
    s.managedEnvironment.sharing.agents = { editorSharingDisabled: false, mode: "noLimit", maxViewers: -1 };
    s.managedEnvironment.sharing.apps = { groupSharingDisabled: false, mode: "noLimit", maxUsers: -1 };
    s.managedEnvironment.sharing.flows = { mode: "noLimit" };
    s.managedEnvironment.solutionChecker.mode = "none";
  });
}

const managed = (m: WorkloadModel, stage: StageName) =>
  evaluate(m, stage, readyEvidence(), { now: NOW })
    .checks.filter((c) => MANAGED.includes(c.id))
    .map((c) => [c.id, c.status, c.path, c.message, c.evidence]);

describe("the gate on a stage in an environment group", () => {
  it("reports every managed-environment check n-a at the group id, naming the group and where it is judged; prod passes", () => {
    const m = grouped("prod");
    const v = evaluate(m, "prod", readyEvidence(), { now: NOW });
    expect(v.pass).toBe(true);
    expect(managed(m, "prod")).toEqual([
      [
        "security.sharing-limited",
        "n-a",
        "stages.prod.environment.environmentGroupId",
        `The stage's environment is in environment group ${GROUP}, so the stage's managedEnvironment.sharing.agents applies nowhere (it registers no ManagedEnvironment), and a group cannot limit agent sharing yet: agents there keep the tenant's sharing defaults, as govai gate on the tenant baseline that declares the group reports (tenant.group-agent-sharing).`,
        { environmentGroupId: GROUP },
      ],
      [
        "security.app-sharing-limited",
        "n-a",
        "stages.prod.environment.environmentGroupId",
        `The stage's environment is in environment group ${GROUP}: the group's rules, not the stage's managedEnvironment.sharing, set its app sharing (a group has no flow-sharing rule: solution flows there keep the environment's defaults); they are judged by govai gate on the tenant baseline that declares the group.`,
        { environmentGroupId: GROUP },
      ],
      [
        "security.solution-checker",
        "n-a",
        "stages.prod.environment.environmentGroupId",
        `The stage's environment is in environment group ${GROUP}: the group's rules, not the stage's managedEnvironment.solutionChecker, set its solution checker; they are judged by govai gate on the tenant baseline that declares the group.`,
        { environmentGroupId: GROUP },
      ],
    ]);
  });

  it("never passes those checks for a grouped stage, in any stage", () => {
    for (const stage of ["dev", "test", "prod"] as const) {
      expect(managed(grouped(stage), stage).map(([id, status]) => [id, status])).toEqual(
        MANAGED.map((id) => [id, "n-a"]),
      );
    }
  });

  it("judges the stage's own values when it is in no group (the same loose values fail)", () => {
    const m = grouped("prod");
    m.stages.prod!.environment.environmentGroupId = undefined;
    expect(managed(m, "prod").map(([id, status, path]) => [id, status, path])).toEqual([
      ["security.sharing-limited", "fail", "stages.prod.managedEnvironment.sharing.agents"],
      ["security.app-sharing-limited", "fail", "stages.prod.managedEnvironment.sharing"],
      ["security.solution-checker", "fail", "stages.prod.managedEnvironment.solutionChecker.mode"],
    ]);
  });

  it.each([
    ["00000000-0000-0000-0000-000000000000", "the zero GUID"],
    ["11111111-1111-1111-1111-111111111111", "a GUID of one repeated digit"],
    ["AAAAAAAA-AAAA-AAAA-AAAA-AAAAAAAAAAAA", "a GUID of one repeated digit"],
    ["12345678-1234-1234-1234-123456789012", "a GUID counting 1234…"],
  ])("fails prod (warns in dev) on group id %s (%s)", (id, why) => {
    const message = `The stage's environment joins environment group ${id}, which is ${why}, not a group's id: no group's rules govern it, and the stage creates no managed environment that would. Use the tenant baseline stack's environmentGroupIds output.`;
    const prod = evaluate(grouped("prod", id), "prod", readyEvidence(), { now: NOW });
    expect(prod.pass).toBe(false);
    expect(prod.failures.map((c) => [c.id, c.path, c.message])).toEqual(
      MANAGED.map((c) => [c, "stages.prod.environment.environmentGroupId", message]),
    );
    // App sharing is not checked in dev (its dev defaults are deliberately open): off stays n-a.
    expect(managed(grouped("dev", id), "dev").map(([c, status]) => [c, status])).toEqual([
      ["security.sharing-limited", "warn"],
      ["security.app-sharing-limited", "n-a"],
      ["security.solution-checker", "warn"],
    ]);
  });
});

describe("placeholderGuid", () => {
  it.each([
    ["00000000-0000-0000-0000-000000000000", "the zero GUID"],
    [" 00000000-0000-0000-0000-000000000000 ", "the zero GUID"],
    ["ffffffff-ffff-ffff-ffff-ffffffffffff", "a GUID of one repeated digit"],
    ["12345678-1234-1234-1234-123456789012", "a GUID counting 1234…"],
    [GROUP, undefined],
    ["a1b2c3d4-0000-4000-8000-000000000001", undefined],
    ["12345678-1234-1234-1234-123456789013", undefined],
    ["not a guid", undefined],
    [undefined, undefined],
  ])("%s → %s", (id, expected) => {
    expect(placeholderGuid(id)).toBe(expected);
  });
});

describe("stack policy: a grouped environment is governed by its group", () => {
  const rest = (env: string): FakeStackResource[] => [
    {
      type: "govai:powerplatform:EnvironmentSettings",
      name: `${env}-settings`,
      props: { environmentId: UNKNOWN },
      dependsOnInputs: { environmentId: [env] },
    },
    {
      type: "govai:powerplatform:DataPolicy",
      name: `${env}-dlp`,
      props: { environmentIds: [UNKNOWN] },
      dependsOnInputs: { environmentIds: [env] },
    },
  ];
  const env = (name: string, environmentGroupId: unknown): FakeStackResource => ({
    type: "govai:powerplatform:Environment",
    name,
    props: { environmentId: UNKNOWN, environmentGroupId },
  });

  it("passes an environment in a group without a ManagedEnvironment, the id known or not yet (preview)", async () => {
    expect(await runStackPolicy(all.environmentGovernedPolicy, [env("env", GROUP), ...rest("env")])).toEqual({
      violations: [],
    });
    expect(await runStackPolicy(all.environmentGovernedPolicy, [env("env", UNKNOWN), ...rest("env")])).toEqual({
      violations: [],
    });
  });

  it("fails an environment whose group id is the zero GUID or a placeholder, as one without a ManagedEnvironment", async () => {
    const resources = [
      env("zero", "00000000-0000-0000-0000-000000000000"),
      ...rest("zero"),
      env("counted", "12345678-1234-1234-1234-123456789012"),
      ...rest("counted"),
      env("none", undefined),
      ...rest("none"),
    ];
    expect(await runStackPolicy(all.environmentGovernedPolicy, resources)).toEqual({
      violations: [
        "Environments without governance: counted (no ManagedEnvironment, and its environment group 12345678-1234-1234-1234-123456789012 is a GUID counting 1234…); none (no ManagedEnvironment); zero (no ManagedEnvironment, and its environment group 00000000-0000-0000-0000-000000000000 is the zero GUID).",
      ],
    });
  });
});
