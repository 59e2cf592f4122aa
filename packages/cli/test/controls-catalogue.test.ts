/**
 * The controls catalogue of @govai/spec drives the three governance views: `govai diff`, the governance matrix of
 * `govai plan` and the governance summary a stack exports. A control added to (a copy of) the catalogue shows in all
 * three with no other edit, and the matrix layout names every stage control once or says it leaves it out.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { governanceSummary } from "@govai/components";
import { CONTROLS, type Control, loadWorkloadText, MATRIX, STANDARD, type WorkloadModel } from "@govai/spec";
import { describe, expect, it } from "vitest";
import { governanceDiff, newWorkloadReview } from "../src/governance-diff.ts";
import { governanceMatrix } from "../src/render/matrix.ts";

const file = path.resolve(import.meta.dirname, "../../../examples/policy-lookup-agent/workload.yaml");
const loaded = loadWorkloadText(readFileSync(file, "utf8"), file);
if (!loaded.ok) throw new Error("the policy-lookup example must load");
const base: WorkloadModel = loaded.model;

/** A stage control whose path no matrix section claims: whether the stage's resource group is created or adopted. */
const resourceGroup: Control = {
  id: "resourceGroup.mode",
  scope: "stage",
  label: "resource group",
  itemInPath: false,
  risk: STANDARD,
  read: (_m, s) => ({ "": s?.resourceGroup.mode }),
  compare: (a, b) => (a === b ? "same" : "changed"),
  describe: (_i, a, b) => `resource group: ${String(a)} → ${String(b)}`,
  show: (v) => (v === "create" ? "created" : "adopted"),
  matrix: {},
  summary: {},
};
/** A stage control under a path the Environment section claims, shown with the default cell. */
const language: Control = {
  ...resourceGroup,
  id: "environment.dataverse.language",
  label: "Dataverse language",
  read: (_m, s) => ({ "": s?.environment.dataverse.language }),
  show: (v) => String(v),
};
const extended = [...CONTROLS, resourceGroup, language];

describe("a control added to the catalogue shows in the diff, the matrix and the summary", () => {
  const after = structuredClone(base);
  after.stages.test!.resourceGroup = { mode: "existing", name: "rg-shared" };

  it("the diff ranks its change (a change in test that is neither weaker nor stricter: low)", () => {
    const own = (controls?: readonly Control[]) =>
      governanceDiff(base, after, controls).filter((c) => c.path === "resourceGroup.mode");
    expect(own()).toEqual([]);
    expect(own(extended)).toEqual([
      {
        risk: "low",
        stage: "test",
        path: "resourceGroup.mode",
        before: "create",
        after: "existing",
        summary: "resource group: create → existing",
        control: "resourceGroup.mode",
      },
    ]);
    // and a new workload's review lists it per stage
    expect(
      newWorkloadReview(base, extended)
        .filter((c) => c.control === "resourceGroup.mode")
        .map((c) => [c.risk, c.stage, c.summary]),
    ).toEqual([
      ["low", "prod", "resource group: create"],
      ["low", "test", "resource group: create"],
      ["low", "dev", "resource group: create"],
    ]);
  });

  it("the matrix gives it a row at the end of its path's section, or of a last section when none claims it", () => {
    const before = governanceMatrix(base);
    const matrix = governanceMatrix(base, undefined, extended);
    const environment = before.find((s) => s.title === "Environment")!;
    expect(matrix).toEqual([
      ...before.map((s) =>
        s === environment
          ? {
              ...s,
              rows: [...s.rows, { label: "Dataverse language", values: { dev: "1033", test: "1033", prod: "1033" } }],
            }
          : s,
      ),
      {
        title: "Other controls",
        rows: [{ label: "resource group", values: { dev: "created", test: "created", prod: "created" } }],
      },
    ]);
    expect(governanceMatrix(after, "test", extended).at(-1)).toEqual({
      title: "Other controls",
      rows: [{ label: "resource group", values: { test: "adopted" } }],
    });
  });

  it("the summary carries its value at its path", () => {
    const prod = base.stages.prod!;
    expect(governanceSummary(base, prod, "bound", true, extended)).toEqual({
      ...governanceSummary(base, prod, "bound", true),
      resourceGroup: { mode: "create" },
      environment: { ...governanceSummary(base, prod, "bound", true).environment, dataverse: { language: 1033 } },
    });
  });
});

describe("the matrix layout and the summary places", () => {
  const named = MATRIX.flatMap((s) => s.rows.flatMap((r) => (typeof r === "string" ? [r] : r.controls)));

  it("names only controls of the catalogue; only the connectors are shown in more than one row (one per group)", () => {
    expect(named.filter((id) => !CONTROLS.some((c) => c.id === id))).toEqual([]);
    expect(named.filter((id, i) => named.indexOf(id) !== i)).toEqual([
      "connectorPolicy.connectors",
      "connectorPolicy.connectors",
    ]);
  });

  it("shows every stage control, but for the ones the catalogue keeps out of the matrix; no workload control", () => {
    const shown = CONTROLS.filter((c) => c.matrix !== false).map((c) => c.id);
    expect(CONTROLS.filter((c) => c.scope === "workload" && (c.matrix !== false || c.summary !== false))).toEqual([]);
    // the controls no row names get a row of their own: today every shown control has its place in the layout
    expect(shown.filter((id) => !named.includes(id))).toEqual([]);
    expect(CONTROLS.filter((c) => c.matrix === false && c.scope === "stage").map((c) => c.id)).toEqual([
      // shown in the managed-environment rows of a grouped stage (group 3f2a9c1e…), not as a row of its own
      "environment.environmentGroupId",
      "firewall.allowMicrosoftTrustedServices",
      "firewall.allowApplicationUsers",
      "identities.deployment.owners",
      "alerts.windowMinutes",
      "protection.allowDataverseDeletion",
    ]);
  });

  it("places each stage control's summary value at a path of its own", () => {
    const places = CONTROLS.flatMap((c) => (c.summary === false ? [] : [c.summary.at ?? c.id]));
    expect(places.filter((p, i) => places.indexOf(p) !== i)).toEqual([]);
  });
});
