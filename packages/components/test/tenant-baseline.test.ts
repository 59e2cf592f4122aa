/**
 * The TenantBaseline component under the mock runtime, driven by the bundled example (examples/tenant-baseline):
 * the exact child tree and inputs (both DLP policies, the tenant settings in the wire's nested keys, groups with their
 * rule sets, billing policies with their budgets), its outputs, protection, a preview registering the same tree, the
 * offline plan, and refusals before anything registers.
 */
import { loadBaselineFile, type TenantBaselineModel } from "@govai/spec";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type * as Components from "../src/index.ts";
import type { RecordedResource } from "../src/mock-runtime.ts";
import { fakeOutputs, inputsOf, resolved, tree } from "./support/harness.ts";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let c: typeof Components;
let example: TenantBaselineModel;
beforeAll(async () => {
  c = await import("../src/index.ts");
  const r = await loadBaselineFile("examples/tenant-baseline/tenant.yaml");
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join("\n"));
  example = r.model;
});

const model = (): TenantBaselineModel => structuredClone(example);

/** The harness's outputs plus the ids the baseline's new resources compute. */
function outputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  if (type === "govai:powerplatform:EnvironmentGroup") return { groupId: `${name}-guid` };
  if (type === "govai:powerplatform:BillingPolicy") return { billingPolicyId: `${name}-guid` };
  if (type === "govai:powerplatform:TenantSettings") return { tenantId: "8d3c5f2a-6b1e-4c7d-9a0f-3e2b1c4d5e6f" };
  return fakeOutputs(type, name, inputs);
}

async function run(m: TenantBaselineModel = model(), args: Partial<Components.TenantBaselineArgs> = {}) {
  return c.runUnderMocks(
    async () => {
      const b = new c.TenantBaseline("contoso-fs", { model: m, budgetStartDate: "2026-12-01", ...args });
      return {
        environmentGroupIds: await resolved(b.environmentGroupIds),
        billingPolicyIds: await resolved(b.billingPolicyIds),
        dataPolicyIds: await resolved(b.dataPolicyIds),
        tenantId: await resolved(b.tenantId),
      };
    },
    { preview: false, outputs },
  );
}

const TENANT = "8d3c5f2a-6b1e-4c7d-9a0f-3e2b1c4d5e6f";
const protectedNames = (resources: RecordedResource[]) =>
  resources
    .filter((r) => r.protect)
    .map((r) => r.name)
    .sort();

describe("TenantBaseline", () => {
  it("registers exactly the example's children, all under the component", async () => {
    const { resources } = await run();
    expect(tree(resources)).toEqual([
      ["govai:TenantBaseline", "contoso-fs", undefined],
      ["govai:BillingPolicy", "contoso-fs-billing-copilot-pilots", "contoso-fs"],
      ["govai:StageCostGuardrail", "contoso-fs-billing-copilot-pilots-cost", "contoso-fs"],
      [
        "azure-native:Budget",
        "contoso-fs-billing-copilot-pilots-cost-budget",
        "contoso-fs-billing-copilot-pilots-cost",
      ],
      ["govai:DataPolicy", "contoso-fs-dlp-default-environment", "contoso-fs"],
      ["govai:DataPolicy", "contoso-fs-dlp-tenant-wide", "contoso-fs"],
      ["govai:EnvironmentGroup", "contoso-fs-group-developer", "contoso-fs"],
      ["govai:EnvironmentGroupRuleSet", "contoso-fs-group-developer-rules", "contoso-fs"],
      ["govai:EnvironmentGroup", "contoso-fs-group-pilots", "contoso-fs"],
      ["govai:EnvironmentGroupRuleSet", "contoso-fs-group-pilots-rules", "contoso-fs"],
      ["govai:TenantSettings", "contoso-fs-settings", "contoso-fs"],
    ]);
    expect(resources.find((r) => r.name === "contoso-fs")!.type).toBe("govai:tenant:TenantBaseline");
  });

  it("the default environment's DLP covers Default-<tenantId> only, with the resolved groups", async () => {
    const { resources } = await run();
    expect(inputsOf(resources, "contoso-fs-dlp-default-environment")).toEqual({
      displayName: "contoso-fs-default-environment-dlp",
      defaultGroup: "blocked",
      environmentIds: [`Default-${TENANT}`],
      environmentScope: "onlyEnvironments",
      business: [
        "shared_approvals",
        "shared_office365",
        "shared_office365users",
        "shared_onedriveforbusiness",
        "shared_sharepointonline",
        "shared_teams",
      ],
      nonBusiness: [],
      blocked: ["shared_dropbox", "shared_gmail"],
    });
  });

  it("the tenant-wide DLP covers every environment and only blocks", async () => {
    const { resources } = await run();
    expect(inputsOf(resources, "contoso-fs-dlp-tenant-wide")).toEqual({
      displayName: "contoso-fs-tenant-wide-dlp",
      defaultGroup: "nonBusiness",
      environmentIds: [],
      environmentScope: "allEnvironments",
      business: [],
      nonBusiness: [],
      blocked: [
        "PvaAuth",
        "PvaCustomDemoMobile",
        "shared_dropbox",
        "shared_facebook",
        "shared_gmail",
        "shared_googledrive",
        "shared_twitter",
      ],
    });
  });

  it("exceptEnvironments: the policy lists the environments it leaves out", async () => {
    const m = model();
    m.dataPolicies.tenantWide.scope = "exceptEnvironments";
    m.dataPolicies.tenantWide.exceptEnvironments = [
      "b0000000-0000-4000-8000-000000000002",
      "a0000000-0000-4000-8000-000000000001",
    ];
    const { resources } = await run(m);
    const wide = inputsOf(resources, "contoso-fs-dlp-tenant-wide");
    expect([wide.environmentScope, wide.environmentIds]).toEqual([
      "exceptEnvironments",
      ["a0000000-0000-4000-8000-000000000001", "b0000000-0000-4000-8000-000000000002"],
    ]);
  });

  it("writes the declared tenant settings in the wire's nested keys, routing to the developer group's id", async () => {
    const { resources } = await run();
    const settings = resources.find((r) => r.name === "contoso-fs-settings")!;
    expect(settings.inputs).toEqual({
      deleteBehavior: "restore",
      settings: {
        disableEnvironmentCreationByNonAdminUsers: true,
        disableTrialEnvironmentCreationByNonAdminUsers: true,
        powerPlatform: {
          governance: {
            disableDeveloperEnvironmentCreationByNonAdminUsers: false,
            enableDefaultEnvironmentRouting: true,
            environmentRoutingTargetEnvironmentGroupId: "contoso-fs-group-developer-guid",
          },
          licensing: { disableBillingPolicyCreationByNonAdminUsers: true },
          powerApps: { disableShareWithEveryone: true },
          intelligence: { disableCopilot: false, enableOpenAiBotPublishing: false },
        },
      },
    });
    expect(settings.dependencies).toEqual([
      "urn:pulumi:plan::govai::govai:tenant:TenantBaseline$govai:powerplatform:EnvironmentGroup::contoso-fs-group-developer",
    ]);
  });

  it("maps only what is declared, and registers no TenantSettings when nothing is", async () => {
    const m = model();
    m.settings = {
      environmentCreation: { production: undefined, trials: "everyone", developer: undefined },
      billingPolicyCreation: undefined,
      shareWithEveryone: true,
      copilotStudio: { copilotFeatures: undefined, publishAgentsWithAi: true },
      environmentRouting: undefined,
      deleteBehavior: "retain",
    };
    expect(c.tenantSettingsDocument(m.settings)).toEqual({
      disableTrialEnvironmentCreationByNonAdminUsers: false,
      powerPlatform: {
        powerApps: { disableShareWithEveryone: false },
        intelligence: { enableOpenAiBotPublishing: true },
      },
    });
    const { resources } = await run(m);
    expect(inputsOf(resources, "contoso-fs-settings").deleteBehavior).toBe("retain");
    m.settings.environmentCreation.trials = undefined;
    m.settings.shareWithEveryone = undefined;
    m.settings.copilotStudio.publishAgentsWithAi = undefined;
    expect(c.tenantSettingsDocument(m.settings)).toBeUndefined();
    const none = await run(m);
    expect(none.resources.map((r) => r.type)).not.toContain("govai:powerplatform:TenantSettings");
  });

  it("each group gets its rule set, keyed by the group's id, with app sharing only (the spec refuses agent sharing)", async () => {
    const { resources } = await run();
    expect(inputsOf(resources, "contoso-fs-group-developer")).toEqual({
      displayName: "Developer environments",
      description: "Personal developer environments that makers are routed to; building only, no production data.",
    });
    expect(inputsOf(resources, "contoso-fs-group-developer-rules")).toEqual({
      groupId: "contoso-fs-group-developer-guid",
      rules: {
        sharing: { apps: { groupSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxUsers: 5 } },
        solutionChecker: { mode: "warn", ruleOverrides: [], suppressValidationEmails: true },
        usageInsights: true,
        makerWelcome: {
          markdown:
            "## Welcome to your developer environment\nBuild and try things here. Production data stays out; ask the CoE for a pilot when it is time to share.",
          url: "https://contosofs.sharepoint.com/sites/PowerPlatformCoE/SitePages/Developer-environments.aspx",
        },
        backupRetentionDays: 7,
        generativeAi: { moveDataAcrossRegions: false, bingSearch: false },
      },
    });
    // The pilots group declares no sharing, checker without suppression: the prod profile's values, spelled out.
    expect(inputsOf(resources, "contoso-fs-group-pilots-rules")).toEqual({
      groupId: "contoso-fs-group-pilots-guid",
      rules: {
        solutionChecker: { mode: "block", ruleOverrides: [], suppressValidationEmails: false },
        usageInsights: true,
        backupRetentionDays: 28,
        generativeAi: { moveDataAcrossRegions: false, bingSearch: false },
      },
    });
  });

  it("each billing policy gets the policy and a monthly Azure budget on its resource group, after the policy", async () => {
    const { resources } = await run();
    expect(inputsOf(resources, "contoso-fs-billing-copilot-pilots")).toEqual({
      displayName: "Copilot Studio pilots",
      location: "europe",
      subscriptionId: "4f6a2c1e-8b3d-4e7f-a1c2-5d6e7f8a9b0c",
      resourceGroup: "rg-pp-billing-weu",
      status: "Enabled",
    });
    const emails = ["jonas.weber@contoso-fs.com", "lena.fischer@contoso-fs.com"];
    const notification = (threshold: number) => ({
      enabled: true,
      operator: "GreaterThanOrEqualTo",
      threshold,
      thresholdType: "Actual",
      contactEmails: emails,
      contactGroups: [],
    });
    expect(inputsOf(resources, "contoso-fs-billing-copilot-pilots-cost-budget")).toEqual({
      scope: "/subscriptions/4f6a2c1e-8b3d-4e7f-a1c2-5d6e7f8a9b0c/resourceGroups/rg-pp-billing-weu",
      budgetName: "contoso-fs-copilot-pilots-budget",
      amount: 2000,
      category: "Cost",
      timeGrain: "Monthly",
      timePeriod: { startDate: "2026-12-01" },
      notifications: { "actual-50": notification(50), "actual-80": notification(80), "actual-100": notification(100) },
    });
    expect(resources.find((r) => r.name === "contoso-fs-billing-copilot-pilots-cost")!.dependencies).toEqual([
      "urn:pulumi:plan::govai::govai:tenant:TenantBaseline$govai:powerplatform:BillingPolicy::contoso-fs-billing-copilot-pilots",
    ]);
  });

  it("outputs the ids a workload consumes, keyed by the baseline's names", async () => {
    const { result } = await run();
    expect(result).toEqual({
      environmentGroupIds: { developer: "contoso-fs-group-developer-guid", pilots: "contoso-fs-group-pilots-guid" },
      billingPolicyIds: { "copilot-pilots": "contoso-fs-billing-copilot-pilots-guid" },
      dataPolicyIds: {
        tenantWide: "contoso-fs-dlp-tenant-wide-policy-guid",
        defaultEnvironment: "contoso-fs-dlp-default-environment-policy-guid",
      },
      tenantId: TENANT,
    });
  });

  it("protects both DLP policies and the tenant settings by default, nothing with protect: false", async () => {
    expect(protectedNames((await run()).resources)).toEqual([
      "contoso-fs-dlp-default-environment",
      "contoso-fs-dlp-tenant-wide",
      "contoso-fs-settings",
    ]);
    expect(protectedNames((await run(model(), { protect: false })).resources)).toEqual([]);
  });

  it("reordering the baseline's maps and lists changes no name and no input", async () => {
    const m = model();
    const reverse = <T>(r: Record<string, T>) => Object.fromEntries(Object.entries(r).reverse());
    m.environmentGroups = reverse(m.environmentGroups);
    m.billingPolicies = reverse(m.billingPolicies);
    m.billingPolicies["copilot-pilots"]!.notify = reverse(m.billingPolicies["copilot-pilots"]!.notify);
    m.dataPolicies.tenantWide.blocked.reverse();
    m.dataPolicies.defaultEnvironment!.business.reverse();
    const shape = (rs: RecordedResource[]) =>
      rs.map((r) => [r.name, JSON.stringify(r.inputs)]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
    expect(shape((await run(m)).resources)).toEqual(shape((await run()).resources));
  });

  it("a preview (every computed value unknown) registers the same tree", async () => {
    const update = tree((await run()).resources);
    const { resources } = await c.runUnderMocks(() => {
      new c.TenantBaseline("contoso-fs", { model: model(), budgetStartDate: "2026-12-01" });
    });
    expect(tree(resources)).toEqual(update);
    expect(inputsOf(resources, "contoso-fs-group-developer-rules").groupId).toBe(c.KNOWN_AFTER_APPLY);
  });

  it("collectBaselinePlan returns the plan and its notes", async () => {
    const plan = await c.collectBaselinePlan(model(), { budgetStartDate: "2026-12-01" });
    expect(plan.resources.map((r) => r.name).sort()).toEqual(
      tree((await run()).resources)
        .map(([, name]) => name)
        .sort(),
    );
    expect(plan.notes).toEqual([
      "protected (pulumi destroy refuses until protect is turned off): contoso-fs-dlp-default-environment, contoso-fs-dlp-tenant-wide, contoso-fs-settings",
      "contoso-fs-settings: destroying it writes back the tenant settings' values found before its first write (deleteBehavior restore)",
    ]);
  });

  it("refuses a bad model with every path named, before registering anything", async () => {
    const m = model();
    m.metadata.tenantId = "contoso";
    m.dataPolicies.tenantWide.blocked = [];
    m.billingPolicies["copilot-pilots"]!.notify = {};
    let thrown: unknown;
    const { resources } = await c.runUnderMocks(() => {
      try {
        new c.TenantBaseline("contoso-fs", { model: m });
      } catch (e) {
        thrown = e;
      }
    });
    expect(resources).toEqual([]);
    expect(thrown).toBeInstanceOf(c.ComponentArgsError);
    expect((thrown as Error).message).toBe(
      [
        'govai:tenant:TenantBaseline "contoso-fs": invalid arguments:',
        '  - model.metadata.tenantId: expected a GUID (Entra object or client id), found "contoso"',
        "  - model.dataPolicies.tenantWide.blocked: expected at least one connector id: the tenant-wide policy exists to block what no pilot may use, and blocks nothing with an empty list",
        "  - model.billingPolicies.copilot-pilots.notify: expected at least one person to notify, found none",
      ].join("\n"),
    );
  });

  it("refuses routing to a group the baseline does not create, and a bad budget start", () => {
    const m = model();
    m.settings.environmentRouting = { enabled: true, targetGroup: "makers" };
    expect(() => new c.TenantBaseline("contoso-fs", { model: m, budgetStartDate: "2026-12-15" })).toThrow(
      [
        'govai:tenant:TenantBaseline "contoso-fs": invalid arguments:',
        '  - model.settings.environmentRouting.targetGroup: "makers" is not a key of environmentGroups (developer, pilots)',
        "  - budgetStartDate: must be the first of a month, YYYY-MM-01",
      ].join("\n"),
    );
  });
});
