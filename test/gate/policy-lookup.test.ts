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
