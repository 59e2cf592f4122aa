/**
 * Two revisions of a tenant baseline, ranked by the baseline controls of the spec's catalogue (`BASELINE_CONTROLS`):
 * the bundled example plus one YAML edit per weakening issue 13 names, with the exact changes, risks and paths.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  BASELINE_CONTROLS,
  type BaselineControl,
  loadBaselineText,
  RISKS,
  type TenantBaselineModel,
} from "@govai/spec";
import { describe, expect, it } from "vitest";
import { baselineDiff, baselineReview } from "../src/governance-diff.ts";

const FILE = path.resolve(import.meta.dirname, "../../../examples/tenant-baseline/tenant.yaml");
const TEXT = readFileSync(FILE, "utf8");

/** The example with `edits` applied to its YAML text (each `from` must match). */
function baseline(edits: Array<[string | RegExp, string]> = []): TenantBaselineModel {
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

const BASE = baseline();

type Case = [name: string, edits: Array<[string | RegExp, string]>, expected: string[][]];

const CASES: Case[] = [
  [
    "a connector no longer blocked tenant-wide",
    [["      - shared_twitter\n", ""]],
    [
      [
        "high",
        "dataPolicies.tenantWide.blocked.shared_twitter",
        "connector shared_twitter no longer blocked tenant-wide",
      ],
    ],
  ],
  [
    "an environment left out of the tenant-wide policy",
    [
      [
        "    scope: allEnvironments\n",
        "    scope: exceptEnvironments\n    exceptEnvironments: [0f1e2d3c-4b5a-4969-8877-665544332211]\n",
      ],
    ],
    [
      [
        "high",
        "dataPolicies.tenantWide.exceptEnvironments.0f1e2d3c-4b5a-4969-8877-665544332211",
        "environment 0f1e2d3c-4b5a-4969-8877-665544332211 is left out of the tenant-wide DLP",
      ],
      [
        "high",
        "dataPolicies.tenantWide.scope",
        "tenant-wide DLP scope: allEnvironments → exceptEnvironments (loosened)",
      ],
    ],
  ],
  [
    "the default environment's new connectors in business",
    [["defaultGroup: blocked", "defaultGroup: business"]],
    [
      [
        "high",
        "dataPolicies.defaultEnvironment.defaultGroup",
        "default-environment DLP default group: blocked → business (loosened)",
      ],
    ],
  ],
  [
    "a blocked connector of the default environment moved to business",
    [
      ["blocked: [shared_dropbox, shared_gmail]", "blocked: [shared_gmail]"],
      ["      - shared_approvals\n", "      - shared_approvals\n      - shared_dropbox\n"],
    ],
    [
      [
        "high",
        "dataPolicies.defaultEnvironment.connectors.shared_dropbox",
        "default-environment connector shared_dropbox moved from blocked to business",
      ],
    ],
  ],
  [
    "an unlisted connector of the default environment moved to business",
    [["      - shared_approvals\n", "      - shared_approvals\n      - shared_sql\n"]],
    [
      [
        "high",
        "dataPolicies.defaultEnvironment.connectors.shared_sql",
        "default-environment connector shared_sql moved from blocked to business",
      ],
    ],
  ],
  [
    "production creation open to everyone",
    [["production: adminsOnly", "production: everyone"]],
    [
      [
        "high",
        "settings.environmentCreation.production",
        "who may create production and sandbox environments: adminsOnly → everyone (loosened)",
      ],
    ],
  ],
  [
    "trial creation open to everyone",
    [["trials: adminsOnly", "trials: everyone"]],
    [
      [
        "high",
        "settings.environmentCreation.trials",
        "who may create trial environments: adminsOnly → everyone (loosened)",
      ],
    ],
  ],
  [
    "developer creation no longer managed",
    [[", developer: everyone }", " }"]],
    [
      [
        "medium",
        "settings.environmentCreation.developer",
        "who may create developer environments: everyone → not managed (loosened)",
      ],
    ],
  ],
  [
    "billing policy creation open to everyone",
    [["billingPolicyCreation: adminsOnly", "billingPolicyCreation: everyone"]],
    [["medium", "settings.billingPolicyCreation", "who may create billing policies: adminsOnly → everyone (loosened)"]],
  ],
  [
    "sharing with Everyone on",
    [["shareWithEveryone: false", "shareWithEveryone: true"]],
    [["medium", "settings.shareWithEveryone", "sharing apps with Everyone: false → true (loosened)"]],
  ],
  [
    "publishing agents with AI on",
    [["publishAgentsWithAi: false", "publishAgentsWithAi: true"]],
    [
      [
        "medium",
        "settings.copilotStudio.publishAgentsWithAi",
        "publishing agents with generative AI: false → true (loosened)",
      ],
    ],
  ],
  [
    "Copilot features off (a tightening)",
    [["copilotFeatures: true", "copilotFeatures: false"]],
    [["low", "settings.copilotStudio.copilotFeatures", "Copilot authoring features: true → false (tightened)"]],
  ],
  [
    "routing off",
    [["environmentRouting: { enabled: true, targetGroup: developer }", "environmentRouting: { enabled: false }"]],
    [
      ["high", "settings.environmentRouting.enabled", "environment routing: true → false (loosened)"],
      [
        "medium",
        "settings.environmentRouting.targetGroup",
        "environment routing target group: developer → not managed (loosened)",
      ],
    ],
  ],
  [
    "restore on destroy becomes retain",
    [["deleteBehavior: restore", "deleteBehavior: retain"]],
    [["low", "settings.deleteBehavior", "tenant settings on destroy: restore → retain (changed)"]],
  ],
  [
    "a group's apps shareable more widely",
    [
      [
        "apps: { groupSharingDisabled: true, mode: excludeSharingToSecurityGroups, maxUsers: 5 }",
        "apps: { groupSharingDisabled: false, mode: noLimit, maxUsers: -1 }",
      ],
    ],
    [
      [
        "medium",
        "environmentGroups.developer.rules.sharing.apps.groupSharingDisabled",
        "canvas-app group sharing disabled in group developer: true → false (loosened)",
      ],
      [
        "medium",
        "environmentGroups.developer.rules.sharing.apps.maxUsers",
        "most canvas-app users in group developer: 5 → -1 (loosened)",
      ],
      [
        "medium",
        "environmentGroups.developer.rules.sharing.apps.mode",
        "canvas-app sharing of group developer: excludeSharingToSecurityGroups → noLimit (loosened)",
      ],
    ],
  ],
  [
    "a group's solution checker off",
    [["solutionChecker: { mode: warn, suppressValidationEmails: true }", "solutionChecker: { mode: none }"]],
    [
      [
        "medium",
        "environmentGroups.developer.rules.solutionChecker.mode",
        "solution checker of group developer: warn → none (loosened)",
      ],
    ],
  ],
  [
    "a group's backups kept shorter",
    [["backupRetentionDays: 28", "backupRetentionDays: 7"]],
    [
      [
        "medium",
        "environmentGroups.pilots.rules.backupRetentionDays",
        "backup retention days of group pilots: 28 → 7 (loosened)",
      ],
    ],
  ],
  [
    "a group's generative AI across regions and Bing",
    [
      [
        "      backupRetentionDays: 7\n      generativeAi: { moveDataAcrossRegions: false, bingSearch: false }",
        "      backupRetentionDays: 7\n      generativeAi: { moveDataAcrossRegions: true, bingSearch: true }",
      ],
    ],
    [
      [
        "high",
        "environmentGroups.developer.rules.generativeAi.moveDataAcrossRegions",
        "generative AI may move data across regions in group developer: false → true (loosened)",
      ],
      [
        "medium",
        "environmentGroups.developer.rules.generativeAi.bingSearch",
        "Bing search in group developer: false → true (loosened)",
      ],
    ],
  ],
  [
    "a budget doubled",
    [["monthlyBudget: 2000", "monthlyBudget: 4000"]],
    [
      [
        "high",
        "billingPolicies.copilot-pilots.monthlyBudget",
        "monthly budget of billing policy copilot-pilots: 2000 → 4000 (loosened)",
      ],
    ],
  ],
  [
    "a budget raised by half",
    [["monthlyBudget: 2000", "monthlyBudget: 3000"]],
    [
      [
        "medium",
        "billingPolicies.copilot-pilots.monthlyBudget",
        "monthly budget of billing policy copilot-pilots: 2000 → 3000 (changed)",
      ],
    ],
  ],
  [
    "a budget lowered (a tightening)",
    [["monthlyBudget: 2000", "monthlyBudget: 1500"]],
    [
      [
        "low",
        "billingPolicies.copilot-pilots.monthlyBudget",
        "monthly budget of billing policy copilot-pilots: 2000 → 1500 (tightened)",
      ],
    ],
  ],
  [
    "a budget in another currency",
    [["currency: EUR", "currency: KWD"]],
    [
      [
        "medium",
        "billingPolicies.copilot-pilots.currency",
        "budget currency of billing policy copilot-pilots: EUR → KWD (loosened)",
      ],
    ],
  ],
  [
    "a budget contact removed",
    [["      finance: { name: Lena Fischer, email: lena.fischer@contoso-fs.com }\n", ""]],
    [
      [
        "medium",
        "billingPolicies.copilot-pilots.notify",
        "lena.fischer@contoso-fs.com no longer notified of the budget of billing policy copilot-pilots",
      ],
    ],
  ],
  [
    "a billing policy dropped",
    [[/\nbillingPolicies:[\s\S]*$/, "\n"]],
    [
      [
        "high",
        "billingPolicies.copilot-pilots.monthlyBudget",
        "monthly budget of billing policy copilot-pilots: 2000 → not managed (loosened)",
      ],
      [
        "medium",
        "billingPolicies.copilot-pilots.notify",
        "jonas.weber@contoso-fs.com no longer notified of the budget of billing policy copilot-pilots",
      ],
      [
        "medium",
        "billingPolicies.copilot-pilots.notify",
        "lena.fischer@contoso-fs.com no longer notified of the budget of billing policy copilot-pilots",
      ],
    ],
  ],
];

describe("govai diff of two tenant baselines", () => {
  it.each(CASES)("%s", (_name, edits, expected) => {
    const changes = baselineDiff(BASE, baseline(edits));
    expect(changes.map((c) => [c.risk, c.path, c.summary])).toEqual(expected);
    // Every change is tenant-wide, and a weakening says why it matters: its control's reason.
    for (const c of changes) {
      expect(c.stage).toBeUndefined();
      const control = BASELINE_CONTROLS.find((k) => k.id === c.control)!;
      expect(c.reason).toBe(
        c.summary.endsWith("(tightened)") || c.summary.endsWith("(changed)") ? undefined : control.reason,
      );
    }
  });

  it("finds nothing between a baseline and itself", () => {
    expect(baselineDiff(BASE, baseline())).toEqual([]);
  });

  it("ranks the tightening of every weakening low (the same edits, backwards)", () => {
    for (const [, edits] of CASES) {
      const changes = baselineDiff(baseline(edits), BASE);
      for (const c of changes) if (c.summary.endsWith("(tightened)")) expect(c.risk).toBe("low");
    }
  });
});

describe("the baseline controls", () => {
  it("each has a unique id, a risk and a one-line reason", () => {
    const ids = BASELINE_CONTROLS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of BASELINE_CONTROLS) {
      expect(RISKS).toContain(c.risk);
      expect(c.reason).toMatch(/^[^\n]{20,160}$/);
    }
  });

  it("rank a control added to a copy of the catalogue, without an edit elsewhere", () => {
    const extra: BaselineControl = {
      id: "settings.copilotStudio.copilotFeatures",
      label: "a new control",
      risk: "high",
      reason: "a control added to the catalogue is ranked by its own risk",
      read: (m) => ({ "": m.settings.copilotStudio.copilotFeatures }),
      path: () => "settings.copilotStudio.copilotFeatures",
      compare: (a, b) => (a === b ? "same" : b === false ? "weaker" : "stricter"),
      describe: () => "the new control loosened",
      show: String,
    };
    const after = baseline([["copilotFeatures: true", "copilotFeatures: false"]]);
    expect(baselineDiff(BASE, after, [extra]).map((c) => [c.risk, c.summary, c.reason])).toEqual([
      ["high", "the new control loosened", "a control added to the catalogue is ranked by its own risk"],
    ]);
  });

  it("list every managed value of a new baseline as added, low (govai diff --new)", () => {
    const review = baselineReview(BASE);
    expect(review.every((c) => c.risk === "low" && c.before === undefined)).toBe(true);
    expect(review.filter((c) => c.control === "dataPolicies.tenantWide.blocked").map((c) => c.summary)).toEqual([
      "connector blocked tenant-wide PvaAuth: blocked",
      "connector blocked tenant-wide PvaCustomDemoMobile: blocked",
      "connector blocked tenant-wide shared_dropbox: blocked",
      "connector blocked tenant-wide shared_facebook: blocked",
      "connector blocked tenant-wide shared_gmail: blocked",
      "connector blocked tenant-wide shared_googledrive: blocked",
      "connector blocked tenant-wide shared_twitter: blocked",
    ]);
    expect(review.length).toBe(43);
  });
});
