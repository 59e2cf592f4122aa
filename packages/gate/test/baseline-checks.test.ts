import { readFileSync } from "node:fs";
import path from "node:path";
import { loadBaselineText, type TenantBaselineModel } from "@govai/spec";
import { describe, expect, it } from "vitest";
import { BASELINE_CHECKS, evaluateBaseline } from "../src/index.ts";

const FILE = path.resolve(import.meta.dirname, "../../../examples/tenant-baseline/tenant.yaml");
const TEXT = readFileSync(FILE, "utf8");
const NOW = new Date("2026-12-01T00:00:00Z");

/** The example baseline with `edits` applied to its YAML text (each `from` must occur exactly once). */
function baseline(edits: Array<[from: string | RegExp, to: string]> = []): TenantBaselineModel {
  let text = TEXT;
  for (const [from, to] of edits) {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`edit not applied: ${String(from)}`);
    text = next;
  }
  const r = loadBaselineText(text, "tenant.yaml");
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.model;
}

const failures = (m: TenantBaselineModel) =>
  evaluateBaseline(m, { now: NOW }).failures.map((f) => [f.id, f.severity, f.path, f.message]);

describe("the tenant baseline gate", () => {
  it("passes the bundled example, every check with its path", () => {
    const v = evaluateBaseline(baseline(), { now: NOW });
    expect(v.pass).toBe(true);
    expect(v.kind).toBe("TenantBaseline");
    expect(v.baseline).toBe("contoso-fs");
    expect(v.tenantId).toBe("8d3c5f2a-6b1e-4c7d-9a0f-3e2b1c4d5e6f");
    expect(v.evaluatedAt).toBe("2026-12-01T00:00:00.000Z");
    expect(v.checks.map((c) => [c.id, c.status, c.path])).toEqual([
      ["tenant.dlp-tenant-wide", "pass", "dataPolicies.tenantWide.blocked"],
      ["tenant.dlp-default-environment", "pass", "dataPolicies.defaultEnvironment.defaultGroup"],
      ["tenant.environment-creation", "pass", "settings.environmentCreation.production"],
      ["tenant.environment-creation", "pass", "settings.environmentCreation.trials"],
      ["tenant.environment-routing", "pass", "environmentGroups.developer.rules"],
      ["tenant.sharing-limited", "pass", "environmentGroups.developer.rules.sharing.apps.mode"],
      ["tenant.sharing-limited", "n-a", "environmentGroups.pilots.rules.sharing"],
      ["tenant.sharing-limited", "pass", "settings.shareWithEveryone"],
      ["tenant.group-agent-sharing", "n-a", "environmentGroups.developer"],
      ["tenant.group-agent-sharing", "n-a", "environmentGroups.pilots"],
      ["tenant.ai-publishing-billed", "pass", "settings.copilotStudio.publishAgentsWithAi"],
      ["tenant.billing-contact", "pass", "billingPolicies.copilot-pilots.notify"],
      ["tenant.no-placeholders", "pass", "metadata"],
    ]);
    expect(v.checks[0]!.message).toBe(
      "The tenant-wide DLP policy blocks 7 connectors in every environment: PvaAuth, PvaCustomDemoMobile, shared_dropbox, shared_facebook, shared_gmail, shared_googledrive, shared_twitter.",
    );
  });

  it("names every check once, each with a remediation", () => {
    expect(BASELINE_CHECKS.map((c) => [c.meta.id, c.meta.severity])).toEqual([
      ["tenant.dlp-tenant-wide", "critical"],
      ["tenant.dlp-default-environment", "high"],
      ["tenant.environment-creation", "critical"],
      ["tenant.environment-routing", "critical"],
      ["tenant.sharing-limited", "critical"],
      ["tenant.group-agent-sharing", "high"],
      ["tenant.ai-publishing-billed", "high"],
      ["tenant.billing-contact", "high"],
      ["tenant.no-placeholders", "critical"],
    ]);
    for (const c of BASELINE_CHECKS) expect(c.meta.remediation.length).toBeGreaterThan(20);
  });

  // One edit of the example per way around the governance; each fails with exactly this finding and nothing else.
  it.each<[string, Array<[string | RegExp, string]>, string[][]]>([
    [
      "trial creation open to everyone",
      [["trials: adminsOnly", "trials: everyone"]],
      [
        [
          "tenant.environment-creation",
          "critical",
          "settings.environmentCreation.trials",
          "Everyone may create trial environments: a pilot can start outside every governed stack, with no DLP, gate or budget of its own.",
        ],
      ],
    ],
    [
      "production creation open to everyone",
      [["production: adminsOnly", "production: everyone"]],
      [
        [
          "tenant.environment-creation",
          "critical",
          "settings.environmentCreation.production",
          "Everyone may create production and sandbox environments: a pilot can start outside every governed stack, with no DLP, gate or budget of its own.",
        ],
      ],
    ],
    [
      "environment creation not managed (fails closed)",
      [["  environmentCreation: { production: adminsOnly, trials: adminsOnly, developer: everyone }\n", ""]],
      [
        [
          "tenant.environment-creation",
          "critical",
          "settings.environmentCreation.production",
          "Who may create production and sandbox environments is not managed: the tenant keeps whatever it has, by default everyone.",
        ],
        [
          "tenant.environment-creation",
          "critical",
          "settings.environmentCreation.trials",
          "Who may create trial environments is not managed: the tenant keeps whatever it has, by default everyone.",
        ],
      ],
    ],
    [
      "routing off",
      [["environmentRouting: { enabled: true, targetGroup: developer }", "environmentRouting: { enabled: false }"]],
      [
        [
          "tenant.environment-routing",
          "critical",
          "settings.environmentRouting.enabled",
          "Environment routing is off: new makers land in the default environment, shared by the whole tenant.",
        ],
      ],
    ],
    [
      "routing not managed",
      [["  environmentRouting: { enabled: true, targetGroup: developer }\n", ""]],
      [
        [
          "tenant.environment-routing",
          "critical",
          "settings.environmentRouting",
          "Environment routing is not managed: new makers land in the default environment unless the tenant routes them already.",
        ],
      ],
    ],
    [
      "routing to no group",
      [["environmentRouting: { enabled: true, targetGroup: developer }", "environmentRouting: { enabled: true }"]],
      [
        [
          "tenant.environment-routing",
          "critical",
          "settings.environmentRouting.targetGroup",
          "Environment routing names no target group: routed makers get developer environments that follow no group's rules.",
        ],
      ],
    ],
    [
      "routing to a group without rules",
      [
        ["targetGroup: developer", "targetGroup: sandbox"],
        ["environmentGroups:\n", "environmentGroups:\n  sandbox:\n    displayName: Sandboxes\n"],
      ],
      [
        [
          "tenant.environment-routing",
          "critical",
          "environmentGroups.sandbox.rules",
          'Environment routing targets the group "sandbox", which has no rules: routed environments are governed by nothing.',
        ],
      ],
    ],
    [
      "a group whose apps can be shared with everyone",
      [
        [
          "apps: { groupSharingDisabled: true, mode: excludeSharingToSecurityGroups, maxUsers: 5 }",
          "apps: { groupSharingDisabled: true, mode: noLimit, maxUsers: 5 }",
        ],
      ],
      [
        [
          "tenant.sharing-limited",
          "critical",
          "environmentGroups.developer.rules.sharing.apps.mode",
          'The group "developer" lets apps be shared with any security group, Everyone included (sharing noLimit).',
        ],
      ],
    ],
    [
      "sharing with Everyone on",
      [["shareWithEveryone: false", "shareWithEveryone: true"]],
      [
        [
          "tenant.sharing-limited",
          "critical",
          "settings.shareWithEveryone",
          "Makers may share apps with Everyone: an app so shared reaches every user of the tenant.",
        ],
      ],
    ],
    [
      "publishing with AI on without a billing policy",
      [
        ["publishAgentsWithAi: false", "publishAgentsWithAi: true"],
        [/\nbillingPolicies:[\s\S]*$/, "\n"],
      ],
      [
        [
          "tenant.ai-publishing-billed",
          "high",
          "settings.copilotStudio.publishAgentsWithAi",
          "Publishing agents with generative AI is on, and no billing policy is declared: Copilot Studio spend has no budget.",
        ],
      ],
    ],
    [
      "the default environment's DLP not managed",
      [[/\n {2}defaultEnvironment:\n[\s\S]*?blocked: \[shared_dropbox, shared_gmail\]\n/, "\n"]],
      [
        [
          "tenant.dlp-default-environment",
          "high",
          "dataPolicies.defaultEnvironment",
          "The default environment's DLP is not managed: every licensed user is a maker there, and only the tenant-wide policy limits them.",
        ],
      ],
    ],
    [
      "the default environment's new connectors in business",
      [["defaultGroup: blocked", "defaultGroup: business"]],
      [
        [
          "tenant.dlp-default-environment",
          "high",
          "dataPolicies.defaultEnvironment.defaultGroup",
          "The default environment's DLP puts unclassified connectors in business: every connector nobody listed, and every one Microsoft adds, is open to every maker there.",
        ],
      ],
    ],
    [
      "a placeholder owner and budget contact",
      [
        ["owningTeam: Power Platform CoE", "owningTeam: TODO"],
        [
          "finance: { name: Lena Fischer, email: lena.fischer@contoso-fs.com }",
          "finance: { name: Lena Fischer, email: finance@example.com }",
        ],
      ],
      [
        [
          "tenant.no-placeholders",
          "critical",
          "metadata.owningTeam",
          "This is a placeholder (TODO), not a declaration.",
        ],
        [
          "tenant.no-placeholders",
          "critical",
          "billingPolicies.copilot-pilots.notify.finance.email",
          "This is a placeholder (finance@example.com), not a declaration.",
        ],
      ],
    ],
  ])("fails on %s", (_name, edits, expected) => {
    expect(failures(baseline(edits))).toEqual(expected);
  });

  // What the spec's schema refuses can still reach the gate through a model built by hand: the gate does not assume it.
  it("fails a tenant-wide policy that blocks nothing, or is missing", () => {
    const m = baseline();
    m.dataPolicies.tenantWide.blocked = [];
    expect(failures(m)).toEqual([
      [
        "tenant.dlp-tenant-wide",
        "critical",
        "dataPolicies.tenantWide.blocked",
        "The tenant-wide DLP policy blocks no connector: every pilot may use every connector.",
      ],
    ]);
    (m.dataPolicies as { tenantWide?: unknown }).tenantWide = undefined;
    expect(failures(m)[0]![3]).toBe(
      "No tenant-wide DLP policy is declared: every environment without its own policy allows every connector.",
    );
  });

  it("fails a billing policy without a budget contact, or without a budget", () => {
    const m = baseline();
    m.billingPolicies["copilot-pilots"]!.notify = {};
    expect(failures(m)).toEqual([
      [
        "tenant.billing-contact",
        "high",
        "billingPolicies.copilot-pilots.notify",
        'The billing policy "copilot-pilots" notifies nobody when its budget of 2000 EUR is reached: a budget nobody hears about does not limit spend.',
      ],
    ]);
    m.billingPolicies["copilot-pilots"]!.monthlyBudget = 0;
    expect(failures(m)).toEqual([
      [
        "tenant.billing-contact",
        "high",
        "billingPolicies.copilot-pilots.monthlyBudget",
        'The billing policy "copilot-pilots" has no budget: Copilot Studio spend billed to it is not capped.',
      ],
    ]);
  });

  it("reports, for each group, that its agents keep the tenant's sharing defaults: high, not judged, never blocking", () => {
    const v = evaluateBaseline(baseline(), { now: NOW });
    expect(
      v.checks
        .filter((c) => c.id === "tenant.group-agent-sharing")
        .map((c) => [c.severity, c.status, c.path, c.message, c.evidence]),
    ).toEqual(
      ["developer", "pilots"].map((g) => [
        "high",
        "n-a",
        `environmentGroups.${g}`,
        `Agents in the environments of the group "${g}" keep the tenant's sharing defaults: a group cannot limit agent sharing yet (its rule is not recorded, so govai cannot write it), and a workload stage in the group creates no managed environment that would.`,
        { group: g },
      ]),
    );
    // A baseline without groups has nothing to report.
    const m = baseline();
    m.environmentGroups = {};
    m.settings.environmentRouting = undefined;
    expect(evaluateBaseline(m, { now: NOW }).checks.filter((c) => c.id === "tenant.group-agent-sharing")).toEqual([]);
  });

  it("cannot be passed with a placeholder anywhere baselineTexts reads", () => {
    const m = baseline();
    m.environmentGroups.developer!.rules.makerWelcome!.url = "https://example.com/welcome";
    m.environmentGroups.pilots!.description = "<what the group is for>";
    const v = evaluateBaseline(m, { now: NOW });
    expect(v.pass).toBe(false);
    expect(v.failures.map((f) => f.path)).toEqual([
      "environmentGroups.developer.rules.makerWelcome.url",
      "environmentGroups.pilots.description",
    ]);
  });
});
