/**
 * The resolved models' zod schemas (src/model-schema.ts): every bundled example's resolved model parses, a broken
 * model is refused with the spec's wording at model paths, and (at compile time) the schemas' output types are exactly
 * the model interfaces, so changing one without the other fails `tsc`.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { ALERT_WINDOWS_MINUTES, loadSpecFile, type TenantBaselineModel, type WorkloadModel } from "../src/index.ts";
import { modelIssues, tenantBaselineModelSchema, workloadModelSchema } from "../src/model-schema.ts";

/** Mutual assignability: true only when each type is assignable to the other (a field added or removed on either side fails). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const workloadTypesAgree: Same<z.output<typeof workloadModelSchema>, WorkloadModel> = true;
const baselineTypesAgree: Same<z.output<typeof tenantBaselineModelSchema>, TenantBaselineModel> = true;

async function yamlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await yamlFiles(p)));
    else if (/(^workload|\.tenant|^tenant)\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

const examples = await yamlFiles("examples");

describe("the resolved models' schemas", () => {
  it("are typed exactly as the model interfaces", () => {
    expect([workloadTypesAgree, baselineTypesAgree]).toEqual([true, true]);
  });

  it("cover the bundled examples of both kinds", () => {
    expect(examples).toEqual([
      "examples/minimal/workload.yaml",
      "examples/policy-lookup-agent/workload.yaml",
      "examples/tenant-baseline/tenant.yaml",
    ]);
  });

  for (const file of examples) {
    it(`accept the resolved model of ${file}, and that model read back from JSON`, async () => {
      const r = await loadSpecFile(file);
      if (!r.ok) throw new Error(r.errors.map((e) => e.message).join("\n"));
      const schema = r.kind === "Workload" ? workloadModelSchema : tenantBaselineModelSchema;
      expect(modelIssues(schema, r.model)).toEqual([]);
      // JSON drops undefined values; a model that went through a file or a process boundary is still a model.
      expect(modelIssues(schema, JSON.parse(JSON.stringify(r.model)))).toEqual([]);
    });
  }

  it("refuse a broken workload model at model paths, in the spec's words", async () => {
    const r = await loadSpecFile("examples/policy-lookup-agent/workload.yaml");
    if (!r.ok || r.kind !== "Workload") throw new Error("example does not load");
    const m = r.model;
    m.stages.prod.alerts.windowMinutes = 7;
    m.stages.prod.alerts.p95LatencyMs = -1;
    m.stages.prod.environment.environmentGroupId = "not-a-guid";
    (m.stages.prod.cost as { currency?: string }).currency = undefined;
    expect(modelIssues(workloadModelSchema, m)).toEqual([
      {
        path: "stages.prod.environment.environmentGroupId",
        message: 'expected a GUID (Entra object or client id), found "not-a-guid"',
      },
      { path: "stages.prod.alerts.p95LatencyMs", message: "expected a whole number ≥ 1, found -1" },
      {
        path: "stages.prod.alerts.windowMinutes",
        message: `expected one of ${ALERT_WINDOWS_MINUTES.slice(0, -1).join(", ")} or 2880 minutes (the windows Azure Monitor log alerts accept), found 7`,
      },
      {
        path: "stages.prod.cost.currency",
        message: 'required, missing; expected an ISO 4217 currency code such as "EUR"',
      },
    ]);
  });

  it("refuse a broken tenant baseline model", async () => {
    const r = await loadSpecFile("examples/tenant-baseline/tenant.yaml");
    if (!r.ok || r.kind !== "TenantBaseline") throw new Error("example does not load");
    const m = r.model;
    m.dataPolicies.tenantWide.blocked = [];
    m.billingPolicies["copilot-pilots"]!.monthlyBudget = 0;
    (m.environmentGroups.developer!.rules as { backupRetentionDays: number }).backupRetentionDays = 30;
    expect(modelIssues(tenantBaselineModelSchema, m)).toEqual([
      {
        path: "dataPolicies.tenantWide.blocked",
        message:
          "expected at least one connector id: the tenant-wide policy exists to block what no pilot may use, and blocks nothing with an empty list",
      },
      {
        path: "environmentGroups.developer.rules.backupRetentionDays",
        message: "expected 7, 14, 21 or 28 (the backup retention days Power Platform accepts), found 30",
      },
      { path: "billingPolicies.copilot-pilots.monthlyBudget", message: "expected an amount greater than 0, found 0" },
    ]);
  });

  it("accept every alert window of the one list, two days included", () => {
    expect(ALERT_WINDOWS_MINUTES).toEqual([5, 10, 15, 30, 45, 60, 120, 180, 240, 300, 360, 1440, 2880]);
  });
});
