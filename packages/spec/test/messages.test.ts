/**
 * Loader messages, exactly: for each mistake, the one line a user sees (file:line:col path: message).
 * Each case edits the minimal spec; `P` is its prod environment line, so `P + x` adds `x` to the prod block.
 */
import { describe, expect, it } from "vitest";
import { formatIssues, loadWorkloadText } from "../src/index.ts";
import { MINIMAL } from "./fixtures.ts";

const P = "    environment: { location: europe, azureRegion: westeurope }\n";
const REVISION = "  revision: 1\n";

const cases: [string, string, string, string[]][] = [
  [
    "unknown nested key, with the nearest key",
    P,
    `${P}    auditing: { retentionDay: 90 }\n`,
    ['w.yaml:21:17 stages.prod.auditing.retentionDay: unknown key "retentionDay"; did you mean "retentionDays"?'],
  ],
  [
    "enum value in the wrong case",
    P,
    `${P}    connectorPolicy: { defaultGroup: Blocked }\n`,
    [
      'w.yaml:21:38 stages.prod.connectorPolicy.defaultGroup: expected one of "business", "nonBusiness", "blocked", found "Blocked"; did you mean "blocked"?',
    ],
  ],
  [
    "an alert window Azure Monitor does not accept (the components would refuse it at deploy time)",
    P,
    `${P}    alerts: { windowMinutes: 20 }\n`,
    [
      "w.yaml:21:30 stages.prod.alerts.windowMinutes: expected one of 5, 10, 15, 30, 45, 60, 120, 180, 240, 300, 360, 1440 or 2880 minutes (the windows Azure Monitor log alerts accept), found 20",
    ],
  ],
  [
    "alerts that notify nobody (the components refuse an action group without receivers)",
    P,
    `${P}    alerts: { notify: {} }\n`,
    [
      "w.yaml:21:15 stages.prod.alerts.notify: expected at least one person to notify, found none (leave notify out to notify the accountable person)",
    ],
  ],
  [
    "more budget thresholds than an Azure budget takes",
    P,
    `${P}    cost: { alertThresholdsPercent: [10, 20, 30, 40, 50, 60] }\n`,
    ["w.yaml:21:13 stages.prod.cost.alertThresholdsPercent: expected at most 5 items, found a list of 6"],
  ],
  [
    "a workspace id that is not a Log Analytics workspace (the components would refuse it at deploy time)",
    P,
    `${P}    telemetry: { workspace: { existingResourceId: /subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st } }\n`,
    [
      'w.yaml:21:51 stages.prod.telemetry.workspace.existingResourceId: expected the resource id of a Log Analytics workspace "/subscriptions/…/resourceGroups/…/providers/Microsoft.OperationalInsights/workspaces/…", found "/subscriptions/s/resourceGroups/rg/providers/Microsoft.St..."',
    ],
  ],
  [
    "two groups to create whose names give the same resource name (the components would refuse them at deploy time)",
    P,
    `${P}    identities: { createGroups: true }\n    groups: { makers: [Claims Makers, claims-makers] }\n`,
    [
      'w.yaml:22:39 stages.prod.groups.makers[1]: "Claims Makers" and "claims-makers" would get the same resource name; rename one',
    ],
  ],
  [
    "a residency kept as a tag, where the gate cannot hold the stages to it",
    "  costCenter: CC-1001\n",
    "  costCenter: CC-1001\n  tags: { data-residency: eu }\n",
    [
      'w.yaml:10:11 metadata.tags.data-residency: tag "data-residency" is set by govai from metadata.dataResidency; declare the residency there ("eu") so the gate can hold every stage to it',
    ],
  ],
  // Review G6 (/tmp/rv/repro/residency-tag.yaml): the issue's own example, the tag `dataResidency: eu`, was ignored.
  [
    "a residency kept as a tag in another spelling (the issue's own example)",
    "  costCenter: CC-1001\n",
    "  costCenter: CC-1001\n  tags: { dataResidency: eu, Data_Residency: eu }\n",
    [
      'w.yaml:10:11 metadata.tags.dataResidency: tag "dataResidency" is set by govai from metadata.dataResidency; declare the residency there ("eu") so the gate can hold every stage to it',
      'w.yaml:10:30 metadata.tags.Data_Residency: tag "Data_Residency" is set by govai from metadata.dataResidency; declare the residency there ("eu") so the gate can hold every stage to it',
    ],
  ],
  [
    "a residency that is not one govai knows",
    "  costCenter: CC-1001\n",
    "  costCenter: CC-1001\n  dataResidency: europa\n",
    [
      'w.yaml:10:18 metadata.dataResidency: expected one of "eu", "us", "europe", "france", "germany", "sweden", "switzerland", "norway", "unitedkingdom", "canada", "australia", "asia", "india", "japan", "korea", "southamerica", "unitedarabemirates", "southafrica", found "europa"; did you mean "europe"?',
    ],
  ],
  [
    "the retired backupRetentionDays, with what to do instead",
    REVISION,
    `${REVISION}readiness:\n  rollback: { rtoMinutes: 60, backupRetentionDays: 14 }\n`,
    [
      "w.yaml:16:31 readiness.rollback.backupRetentionDays: readiness.rollback.backupRetentionDays is no longer accepted: nothing applied it (Power Platform sets backup retention through environment-group rules, which govai does not manage), so it proved nothing; remove it and prove rollback with restoreDrill evidence",
    ],
  ],
  [
    "an evidence waiver for a kind that proves nothing",
    REVISION,
    `${REVISION}readiness:\n  evidenceWaivers: { other: because }\n`,
    [
      'w.yaml:16:22 readiness.evidenceWaivers.other: unknown key "other"; expected one of: loadTest, evaluation, restoreDrill, penTest',
    ],
  ],
  [
    "e-mail address",
    "dana.smith@contoso.com",
    "dana.smith",
    [
      'w.yaml:7:43 metadata.accountable.email: expected an e-mail address such as "jane.doe@contoso.com", found "dana.smith"',
    ],
  ],
  [
    "CIDR ranges (pattern and octet range)",
    P,
    `${P}    firewall: { allowedRanges: [10.0.0.0/33, 300.1.1.1] }\n`,
    [
      'w.yaml:21:33 stages.prod.firewall.allowedRanges[0]: expected an IPv4 address or CIDR range such as "10.0.0.0/8", found "10.0.0.0/33"',
      'w.yaml:21:46 stages.prod.firewall.allowedRanges[1]: expected an IPv4 address or CIDR range such as "10.0.0.0/8", found "300.1.1.1"',
    ],
  ],
  [
    "workload name",
    "name: hr-faq",
    "name: HR_FAQ",
    [
      'w.yaml:4:9 metadata.name: expected a DNS-safe name: 3–24 lower-case letters, digits or hyphens, starting with a letter and not ending with a hyphen, found "HR_FAQ"',
    ],
  ],
  [
    "workspace retention range",
    P,
    `${P}    telemetry: { workspace: { retentionDays: 10 } }\n`,
    [
      "w.yaml:21:46 stages.prod.telemetry.workspace.retentionDays: expected a whole number of days from 30 to 730, found 10",
    ],
  ],
  [
    "a string where a list belongs",
    P,
    `${P}    groups: { admins: abc }\n`,
    ['w.yaml:21:23 stages.prod.groups.admins: expected a list, found "abc"'],
  ],
  [
    "a map key that is not a valid name",
    P,
    `${P}    alerts: { notify: { "on call": { name: A, email: a@b.co } } }\n`,
    [
      `w.yaml:21:25 stages.prod.alerts.notify["on call"]: invalid name "on call": expected a name of letters, digits, '_' or '-' (at most 64), starting with a letter`,
    ],
  ],
  [
    "apiVersion",
    "apiVersion: govai/v1",
    "apiVersion: govai/v2",
    ['w.yaml:1:13 apiVersion: expected "govai/v1", found "govai/v2"; did you mean "govai/v1"?'],
  ],
  [
    "an empty map where success metrics belong",
    "    timeToAnswer: { baseline: 2880, target: 5, unit: minutes, measuredIn: HR service desk report }\n",
    "",
    ["w.yaml:12:3 problem.successMetrics: expected a map, found an empty value (write `{}` for an empty map)"],
  ],
  [
    "a date that is not in the calendar",
    REVISION,
    `${REVISION}readiness:\n  signOffs:\n    legal: { name: L, date: 2026-02-30, problemRevision: 1 }\n`,
    ['w.yaml:17:29 readiness.signOffs.legal.date: expected a calendar date YYYY-MM-DD, found "2026-02-30"'],
  ],
  [
    "a sign-off of a revision that does not exist yet",
    REVISION,
    `${REVISION}readiness:\n  signOffs:\n    legal: { name: L, date: 2026-02-10, problemRevision: 2 }\n`,
    [
      "w.yaml:17:58 readiness.signOffs.legal.problemRevision: expected a revision ≤ 1 (the problem's current revision), found 2",
    ],
  ],
  [
    "federated credential forms",
    P,
    `${P}    identities:\n      deployment:\n        federatedCredentials:\n          none: {}\n          both: { github: { repo: a/b }, issuer: https://x.y, subject: s }\n          twoRefs: { github: { repo: a/b, environment: prod, branch: main } }\n          half: { issuer: https://x.y }\n`,
    [
      "w.yaml:24:11 stages.prod.identities.deployment.federatedCredentials.none: expected one of github, azureDevOps, or issuer + subject",
      "w.yaml:25:11 stages.prod.identities.deployment.federatedCredentials.both: give exactly one of github, azureDevOps, or issuer + subject",
      "w.yaml:26:70 stages.prod.identities.deployment.federatedCredentials.twoRefs.github.branch: give one of environment, branch, tag or pullRequest, not environment and branch",
      "w.yaml:27:11 stages.prod.identities.deployment.federatedCredentials.half.subject: the raw form needs both issuer and subject",
    ],
  ],
  [
    "System Administrator as a prod runtime role",
    P,
    `${P}    identities: { runtime: { app: { roles: [Basic User, System Administrator] } } }\n`,
    [
      "w.yaml:21:57 stages.prod.identities.runtime.app.roles[1]: a runtime identity must not be System Administrator in prod; give it least-privilege roles",
    ],
  ],
  [
    "retention for an adopted workspace",
    P,
    `${P}    telemetry: { workspace: { retentionDays: 60, existingResourceId: /subscriptions/s/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/w } }\n`,
    [
      "w.yaml:21:46 stages.prod.telemetry.workspace.retentionDays: retentionDays applies to a created workspace; an existing workspace keeps its own retention",
    ],
  ],
  [
    "a user tag that replaces a standard tag",
    "  costCenter: CC-1001\n",
    "  costCenter: CC-1001\n  tags: { owner: me }\n",
    [
      'w.yaml:10:11 metadata.tags.owner: tag "owner" is set by govai on every resource and cannot be replaced; choose another name',
    ],
  ],
  [
    "user tags that collide case-insensitively",
    "  costCenter: CC-1001\n",
    "  costCenter: CC-1001\n  tags: { Owner: me, Team: a, team: b }\n",
    [
      'w.yaml:10:11 metadata.tags.Owner: tag "Owner" is set by govai on every resource and cannot be replaced; choose another name',
      'w.yaml:10:31 metadata.tags.team: tag "team" is the same Azure tag as "Team" (tag names are case-insensitive)',
    ],
  ],
  [
    "sensitive logging in test",
    "  test: {}\n",
    "  test:\n    telemetry: { logSensitiveActivity: true }\n",
    [
      "w.yaml:19:40 stages.test.telemetry.logSensitiveActivity: sensitive activity logging copies prompts, answers and user identities into Log Analytics, outside Dataverse and DLP governance; it is only allowed in dev, not in test",
    ],
  ],
  [
    "a reference to a data source when there are none",
    "agent: {}",
    "agent: { actions: { t: { connector: shared_x, operation: Op, dataSource: nope } } }",
    ['w.yaml:15:74 agent.actions.t.dataSource: unknown data source "nope"; dataSources is empty'],
  ],
  [
    "an endpoint rule after the catch-all",
    P,
    `${P}    connectorPolicy: { endpointRules: { Http: [{ behavior: deny, endpoint: "*" }, { behavior: allow, endpoint: https://a.b }] } }\n`,
    [
      'w.yaml:21:76 stages.prod.connectorPolicy.endpointRules.Http[0].endpoint: the "*" rule matches everything, so it must be the last rule; rules after it never apply',
    ],
  ],
  [
    "resource names outside the service limits",
    P,
    `${P}    names: { logAnalyticsWorkspace: ab, actionGroupShortName: policy-lookup-prod }\n`,
    [
      'w.yaml:21:37 stages.prod.names.logAnalyticsWorkspace: expected a Log Analytics workspace name: 4–63 letters, digits or hyphens, starting and ending with a letter or digit, found "ab"',
      `w.yaml:21:63 stages.prod.names.actionGroupShortName: expected an action group short name: 1–12 letters, digits, spaces, '-' or '_', found "policy-lookup-prod"`,
    ],
  ],
  [
    "two spellings of one connector in endpointRules (one would silently replace the other)",
    P,
    `${P}    connectorPolicy:\n      endpointRules:\n        shared_sql: [{ behavior: deny, endpoint: "*" }]\n        /providers/Microsoft.PowerApps/apis/shared_sql: [{ behavior: allow, endpoint: "*" }]\n`,
    [
      'w.yaml:24:9 stages.prod.connectorPolicy.endpointRules["/providers/Microsoft.PowerApps/apis/shared_sql"]: "/providers/Microsoft.PowerApps/apis/shared_sql" and "shared_sql" are the same connector "shared_sql", so one would replace the other; give its endpoint rules under one key',
    ],
  ],
  [
    "two spellings of one connector in actionRules",
    P,
    `${P}    connectorPolicy:\n      actionRules:\n        /providers/Microsoft.PowerApps/apis/shared_office365: { defaultBehavior: block }\n        shared_office365: { defaultBehavior: allow }\n`,
    [
      'w.yaml:24:9 stages.prod.connectorPolicy.actionRules.shared_office365: "shared_office365" and "/providers/Microsoft.PowerApps/apis/shared_office365" are the same connector "shared_office365", so one would replace the other; give its action rules under one key',
    ],
  ],
  [
    "a capability connector declared as a tool",
    "agent: {}",
    "agent: { connectors: [PvaAuth, Http, /providers/Microsoft.PowerApps/apis/PvaMicrosoftTeams] }",
    [
      'w.yaml:15:23 agent.connectors[0]: "PvaAuth" is a Copilot Studio capability connector governed by agent.authentication.mode; declare it there',
      'w.yaml:15:38 agent.connectors[2]: "PvaMicrosoftTeams" is a Copilot Studio capability connector governed by agent.channels (teams); declare it there',
    ],
  ],
  [
    "no success metric",
    "  successMetrics:\n    timeToAnswer: { baseline: 2880, target: 5, unit: minutes, measuredIn: HR service desk report }\n",
    "  successMetrics: {}\n",
    ["w.yaml:12:3 problem.successMetrics: expected at least one success metric, found none"],
  ],
  [
    "an empty endpoint rule list",
    P,
    `${P}    connectorPolicy: { endpointRules: { Http: [] } }\n`,
    ["w.yaml:21:41 stages.prod.connectorPolicy.endpointRules.Http: expected at least 1 item, found an empty list"],
  ],
  [
    "a stage block left empty",
    "  dev: {}\n",
    "  dev:\n",
    ["w.yaml:17:3 stages.dev: expected a map, found an empty value (write `{}` for an empty map)"],
  ],
  [
    "a YAML 1.1 boolean spelling",
    "  prod:\n",
    "  prod:\n    protection: { protectFromDeletion: yes }\n",
    ['w.yaml:20:40 stages.prod.protection.protectFromDeletion: expected true or false, found "yes"'],
  ],
  [
    "prod left out",
    "  test: {}\n  prod:\n",
    "  test: {}\nomittedStages: { prod: later }\nx:\n",
    [
      "w.yaml:16:1 stages.prod: required, missing; expected a map",
      'w.yaml:20:1 x: unknown key "x"; expected one of: apiVersion, kind, metadata, problem, dataSources, agent, stages, omittedStages, readiness',
    ],
  ],
];

describe("loader messages", () => {
  it.each(cases)("%s", (_name, from, to, expected) => {
    expect(MINIMAL).toContain(from);
    const r = loadWorkloadText(MINIMAL.replace(from, to), "w.yaml");
    expect(r.ok ? "loaded" : formatIssues(r.errors).split("\n")).toStrictEqual(expected);
  });

  it("sensitive logging is allowed in dev", () => {
    const r = loadWorkloadText(
      MINIMAL.replace("  dev: {}\n", "  dev:\n    telemetry: { logSensitiveActivity: true }\n"),
    );
    expect(r.ok && r.model.stages.dev?.telemetry.logSensitiveActivity).toBe(true);
  });

  it("issues carry found, expected and suggestion as fields", () => {
    const r = loadWorkloadText(MINIMAL.replace(P, `${P}    connectorPolicy: { defaultGroup: Blocked }\n`));
    expect(r.ok ? [] : r.errors).toStrictEqual([
      {
        file: "<input>",
        line: 21,
        column: 38,
        path: "stages.prod.connectorPolicy.defaultGroup",
        message: 'expected one of "business", "nonBusiness", "blocked", found "Blocked"; did you mean "blocked"?',
        found: '"Blocked"',
        expected: 'one of "business", "nonBusiness", "blocked"',
        suggestion: "blocked",
      },
    ]);
  });
});
