/**
 * The policy-lookup example end to end through the gate: loaded and resolved by @govai/spec, evaluated by
 * @govai/gate with its evidence files. Its prod sign-offs are incomplete (Security approved revision 1, Legal has
 * not signed), so it passes dev and test and fails prod, on exactly those two checks, until they are complete.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { evaluate, loadEvidence } from "@govai/gate";
import { loadWorkloadFile, loadWorkloadText, type WorkloadModel } from "@govai/spec";
import { beforeAll, describe, expect, it } from "vitest";

const FILE = fileURLToPath(new URL("../../examples/policy-lookup-agent/workload.yaml", import.meta.url));
const NOW = new Date("2026-11-28T12:00:00Z");
let model: WorkloadModel;

beforeAll(async () => {
  const loaded = await loadWorkloadFile(FILE);
  if (!loaded.ok) throw new Error(`example does not load: ${JSON.stringify(loaded.errors)}`);
  model = loaded.model;
});

const verdict = async (m: WorkloadModel, stage: "dev" | "test" | "prod") =>
  evaluate(m, stage, await loadEvidence(m), { now: NOW });

describe("examples/policy-lookup-agent", () => {
  it("passes dev and test", async () => {
    for (const stage of ["dev", "test"] as const) {
      const v = await verdict(model, stage);
      expect(v.failures, stage).toEqual([]);
      expect(v.pass).toBe(true);
    }
  });

  it("test only warns about the incomplete sign-offs", async () => {
    const v = await verdict(model, "test");
    expect(v.checks.filter((c) => c.status === "warn").map((c) => [c.id, c.message])).toEqual([
      [
        "signoff.security",
        "The Security sign-off by Amara Okafor approved problem revision 1; the current revision is 2.",
      ],
      ["signoff.legal", "No Legal sign-off is recorded."],
    ]);
  });

  it("fails prod on exactly the two incomplete sign-offs", async () => {
    const v = await verdict(model, "prod");
    expect(v.pass).toBe(false);
    expect(v.failures.map((f) => [f.id, f.path, f.message])).toEqual([
      [
        "signoff.security",
        "readiness.signOffs.security",
        "The Security sign-off by Amara Okafor approved problem revision 1; the current revision is 2.",
      ],
      ["signoff.legal", "readiness.signOffs.legal", "No Legal sign-off is recorded."],
    ]);
    expect(v.dimensions.signOff.status).toBe("fail");
  });

  it("its evidence proves four dimensions in prod; the rest pass on declarations", async () => {
    const v = await verdict(model, "prod");
    expect(Object.values(v.dimensions).map((d) => [d.dimension, d.status, d.provenBy])).toEqual([
      ["latencyThroughput", "pass", "evidence"],
      ["failureHandling", "pass", "evidence"],
      ["securityAccess", "pass", "evidence"],
      ["dataPipeline", "pass", "declarations"],
      ["observability", "pass", "declarations"],
      ["complianceAudit", "pass", "declarations"],
      ["rollback", "pass", "evidence"],
      ["signOff", "fail", "declarations"],
    ]);
  });

  it("passes prod once the sign-offs are complete (in a copy)", async () => {
    const signed = structuredClone(model);
    signed.readiness.signOffs.security = {
      name: "Amara Okafor",
      email: "amara.okafor@contoso-fs.com",
      date: "2026-11-20",
      problemRevision: 2,
    };
    signed.readiness.signOffs.legal = {
      name: "Elena Novak",
      email: "elena.novak@contoso-fs.com",
      date: "2026-11-21",
      problemRevision: 2,
    };
    const v = await verdict(signed, "prod");
    expect(v.failures).toEqual([]);
    expect(v.pass).toBe(true);
    // the original is untouched
    expect((await verdict(model, "prod")).pass).toBe(false);
  });

  it("fails prod when the prod deployment credential trusts pull requests (github: { pullRequest: true })", async () => {
    const text = readFileSync(FILE, "utf8");
    const from = "github-prod: { github: { repo: contoso-fs/policy-lookup-agent, environment: prod } }";
    expect(text).toContain(from);
    const loaded = loadWorkloadText(
      text.replace(from, "github-prod: { github: { repo: contoso-fs/policy-lookup-agent, pullRequest: true } }"),
      FILE,
    );
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const v = await verdict(loaded.model, "prod");
    expect(v.failures.map((f) => [f.id, f.severity, f.path, f.message])).toEqual([
      [
        "security.no-pull-request-deployment",
        "high",
        "stages.prod.identities.deployment.federatedCredentials",
        "Deployment credentials trust pull-request workflows, which could then deploy with System Administrator rights: github-prod (repo:contoso-fs/policy-lookup-agent:pull_request).",
      ],
      [
        "signoff.security",
        "critical",
        "readiness.signOffs.security",
        "The Security sign-off by Amara Okafor approved problem revision 1; the current revision is 2.",
      ],
      ["signoff.legal", "critical", "readiness.signOffs.legal", "No Legal sign-off is recorded."],
    ]);
    // dev and test carry their own (environment) credentials: unaffected
    expect((await verdict(loaded.model, "test")).pass).toBe(true);
  });

  it("in dev a pull-request credential only warns", async () => {
    const text = readFileSync(FILE, "utf8");
    const from = "github-dev: { github: { repo: contoso-fs/policy-lookup-agent, environment: dev } }";
    expect(text).toContain(from);
    const loaded = loadWorkloadText(
      text.replace(from, "github-dev: { github: { repo: contoso-fs/policy-lookup-agent, pullRequest: true } }"),
      FILE,
    );
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const v = await verdict(loaded.model, "dev");
    expect(v.pass).toBe(true);
    expect(
      v.checks.filter((c) => c.id === "security.no-pull-request-deployment").map((c) => [c.status, c.message]),
    ).toEqual([
      [
        "warn",
        "Deployment credentials trust pull-request workflows, which could then deploy with System Administrator rights: github-dev (repo:contoso-fs/policy-lookup-agent:pull_request).",
      ],
    ]);
  });
});

/** The example with one text edit, as a user would make it: the prod failures it adds (the two sign-offs aside). */
describe("examples/policy-lookup-agent plus one edit", () => {
  const KNOWN = ["signoff.security", "signoff.legal"];
  const edited = async (from: string, to: string) => {
    const text = readFileSync(FILE, "utf8");
    expect(text).toContain(from);
    const loaded = loadWorkloadText(text.replace(from, to), FILE);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    return loaded.model;
  };
  const added = async (m: WorkloadModel) =>
    (await verdict(m, "prod")).failures.filter((f) => !KNOWN.includes(f.id)).map((f) => [f.id, f.path, f.message]);

  it.each([
    [
      "a budget three times the forecast",
      "      monthlyBudget: 1500\n",
      "      monthlyBudget: 3600\n",
      [
        "cost.budget-sized",
        "stages.prod.cost",
        "The monthly budget of 3600 EUR is 300% of the forecast spend of 1200 EUR (20000 interactions × 0.06 EUR); above 200% it would not catch a cost overrun.",
      ],
    ],
    [
      "a residency the EU geography contradicts",
      "  dataResidency: eu\n",
      "  dataResidency: unitedkingdom\n",
      [
        "compliance.data-residency",
        "stages.prod.environment.location",
        "The stage puts data in geography europe and Azure region westeurope, outside the declared residency unitedkingdom (the United Kingdom).",
      ],
    ],
    [
      "prod's telemetry binding switched off",
      "      bindAgent: true\n",
      "      bindAgent: false\n",
      [
        "observability.telemetry-bound",
        "agent.botId",
        "The stack does not bind the agent to the stage's Application Insights (telemetry.bindAgent is off), so no conversation telemetry reaches it.",
      ],
    ],
    [
      "restricted case history with every Dataverse action allowed in prod",
      "          defaultBehavior: block\n          actions: { ListRecords: allow, GetItem: allow }\n      customConnectorPatterns:",
      "          defaultBehavior: allow\n          actions: { ListRecords: allow, GetItem: allow }\n      customConnectorPatterns:",
      [
        "data.restricted-protected",
        "dataSources",
        "Restricted data reaches the agent through connectors nothing narrows: caseHistory (shared_commondataserviceforapps: no action rules that block by default).",
      ],
    ],
    [
      "an escalation path left as TODO",
      "    escalationPath: ServiceNow assignment group OPS-POLICY-L2, then the Compliance duty officer\n",
      "    escalationPath: TODO\n",
      [
        "failure.escalation-path",
        "readiness.failureHandling.escalationPath",
        "The escalation path is a placeholder (TODO), not a queue or team.",
      ],
    ],
    [
      "the restore drill dropped",
      "    restoreDrill: { kind: restoreDrill, file: evidence/restore-drill.json }\n",
      "",
      [
        "rollback.restore-drill",
        "readiness.evidence",
        "No restoreDrill evidence is declared: prod needs restoreDrill evidence proving the rollback RTO, or a waiver with its reason in readiness.evidenceWaivers.restoreDrill.",
      ],
    ],
  ] as const)("%s", async (_name, from, to, failure) => {
    expect(await added(await edited(from, to))).toEqual([failure]);
  });

  it("the restore drill dropped and waived with a reason the policy allows: prod's rollback rests on declarations alone", async () => {
    const m = await edited("    restoreDrill: { kind: restoreDrill, file: evidence/restore-drill.json }\n", "");
    m.readiness.evidenceWaivers.restoreDrill = "Restores are rehearsed quarterly by the platform team (runbook PP-17)";
    // Without the organisation's leave, the spec's own waiver does not count (waivableEvidence.prod is empty).
    expect((await verdict(m, "prod")).failures.map((f) => f.id)).toEqual(["rollback.restore-drill", ...KNOWN]);
    const policy = { waivableEvidence: { prod: ["restoreDrill"] as const } };
    const v = evaluate(m, "prod", await loadEvidence(m), { now: NOW, policy });
    expect(v.failures.map((f) => f.id)).toEqual(KNOWN);
    expect(v.declarationsOnly).toEqual(["dataPipeline", "observability", "complianceAudit", "rollback"]);
  });
});
