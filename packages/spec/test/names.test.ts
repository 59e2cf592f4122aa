import { describe, expect, it } from "vitest";
import { fitName, NAME_RULES, shortHash, stageNames } from "../src/index.ts";

describe("stageNames", () => {
  it("derives every name of a stage", () => {
    expect(stageNames("policy-lookup", "test")).toStrictEqual({
      resourceGroup: "rg-policy-lookup-test",
      logAnalyticsWorkspace: "log-policy-lookup-test",
      appInsights: "appi-policy-lookup-test",
      actionGroup: "ag-policy-lookup-test",
      actionGroupShortName: `pol${shortHash("policy-lookup", 4)}-tst`,
      budget: "budget-policy-lookup-test",
      deploymentApplication: "govai-policy-lookup-test-deploy",
      dlpPolicy: "policy-lookup-test-dlp",
    });
  });

  it("keeps the action group short name within 12 characters and distinct per workload and stage", () => {
    const names = ["abc", "policy-lookup", "policy-lookup-agent-eu01", "policy-lookup-agent-eu02"].flatMap((n) =>
      (["dev", "test", "prod"] as const).map((s) => stageNames(n, s).actionGroupShortName),
    );
    expect(names.every((n) => n.length <= 12)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    expect(stageNames("abc", "prod").actionGroupShortName).toBe("abc-prd");
  });

  it("stays within every limit for the longest workload name", () => {
    const n = stageNames("a234567890123456789012-z", "prod");
    expect(n.logAnalyticsWorkspace.length).toBeLessThanOrEqual(63);
    expect(n.budget.length).toBeLessThanOrEqual(63);
    expect(n.resourceGroup.length).toBeLessThanOrEqual(90);
  });
});

describe("fitName", () => {
  it("keeps a name that fits, replacing disallowed characters and collapsing hyphens", () => {
    expect(fitName("log-My Workload__x--prod", NAME_RULES.logAnalyticsWorkspace)).toBe("log-My-Workload-x-prod");
  });

  it("cuts a long name and appends a stable hash of the whole name", () => {
    const a = fitName(`log-${"x".repeat(80)}-a`, NAME_RULES.logAnalyticsWorkspace);
    const b = fitName(`log-${"x".repeat(80)}-b`, NAME_RULES.logAnalyticsWorkspace);
    expect(a).toBe(`log-${"x".repeat(52)}-${shortHash(`log-${"x".repeat(80)}-a`)}`);
    expect(a.length).toBe(63);
    expect(a).not.toBe(b);
  });

  it("lower-cases Dataverse domains", () => {
    expect(fitName("HR-FAQ-Dev", NAME_RULES.dataverseDomain)).toBe("hr-faq-dev");
  });
});
