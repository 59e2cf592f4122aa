/**
 * An offline `pulumi preview --policy-pack`: the govai components plan the policy-lookup example under the mock
 * runtime (preview mode, so computed values are unknown), and every govai policy runs over every planned resource
 * through the analyzer harness. Proves the pack agrees with the gate on what the components build, and that
 * unknown values at preview never turn into violations.
 */
import { fileURLToPath } from "node:url";
import { GovernedAiWorkload, KNOWN_AFTER_APPLY, type RecordedResource, runUnderMocks } from "@govai/components";
import { assertGate, type EvidenceSet, evaluate, loadEvidence } from "@govai/gate";
import { environmentGovernedAdvisory, environmentGovernedPolicy, resourcePolicies } from "@govai/gate/policies";
import { loadWorkloadFile, type StageName, type WorkloadModel } from "@govai/spec";
import { beforeAll, describe, expect, it } from "vitest";
import { runPolicy, runStackPolicy, UNKNOWN } from "../../packages/gate/test/policy-harness.ts";

/** "Now" for the gate: the example's sign-offs and evidence age, so a real clock would fail this file one day. */
const NOW = new Date("2026-11-28T12:00:00Z");
const FILE = fileURLToPath(new URL("../../examples/policy-lookup-agent/workload.yaml", import.meta.url));
let model: WorkloadModel;
let evidence: EvidenceSet;

beforeAll(async () => {
  const loaded = await loadWorkloadFile(FILE);
  if (!loaded.ok) throw new Error(`example does not load: ${JSON.stringify(loaded.errors)}`);
  model = structuredClone(loaded.model);
  // Complete the sign-offs so the components' own gate lets prod be planned.
  model.readiness.signOffs.security = {
    name: "Amara Okafor",
    email: "amara.okafor@contoso-fs.com",
    date: "2026-11-20",
    problemRevision: 2,
  };
  model.readiness.signOffs.legal = {
    name: "Elena Novak",
    email: "elena.novak@contoso-fs.com",
    date: "2026-11-21",
    problemRevision: 2,
  };
  // Prod must be proven: the components' gate weighs the example's evidence files, as the root program does.
  evidence = await loadEvidence(model);
});

const engineValue = (v: unknown): unknown =>
  v === KNOWN_AFTER_APPLY
    ? UNKNOWN
    : Array.isArray(v)
      ? v.map(engineValue)
      : v !== null && typeof v === "object"
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, engineValue(x)]))
        : v;

interface Finding {
  policy: string;
  type: string;
  name: string;
  violations: string[];
  unknownAtPreview?: string;
}

const previews = new Map<StageName, Promise<{ resources: RecordedResource[]; findings: Finding[] }>>();
/** Plans a stage once per file and runs every resource policy over it. */
function preview(stage: StageName): Promise<{ resources: RecordedResource[]; findings: Finding[] }> {
  if (!previews.has(stage)) previews.set(stage, previewUncached(stage));
  return previews.get(stage)!;
}

function previewUncached(stage: StageName): Promise<{ resources: RecordedResource[]; findings: Finding[] }> {
  return previewOf(model, stage, { assertGate: (m, s) => void assertGate(m, s, evidence, { now: NOW }) });
}

/** Plans `stage` of `m` with `gate` and runs every resource policy over what the components register. */
async function previewOf(
  m: WorkloadModel,
  stage: StageName,
  gate: { assertGate(m: WorkloadModel, s: StageName): void },
): Promise<{ resources: RecordedResource[]; findings: Finding[] }> {
  const { resources } = await runUnderMocks(() => {
    new GovernedAiWorkload("policy-lookup", { model: m, stages: [stage], copilotTelemetry: { enabled: true }, gate });
  });
  const findings: Finding[] = [];
  for (const r of resources.filter((x) => x.custom)) {
    for (const p of resourcePolicies) {
      const run = await runPolicy(p, {
        type: r.type,
        name: r.name,
        props: engineValue(r.inputs) as Record<string, unknown>,
        protect: r.protect,
        stack: `policy-lookup-${stage}`,
      });
      if (run.notApplicable !== undefined) continue;
      findings.push({
        policy: p.name,
        type: r.type,
        name: r.name,
        violations: run.violations,
        unknownAtPreview: run.unknownAtPreview,
      });
    }
  }
  return { resources, findings };
}

describe("offline preview of the policy-lookup example with the govai policy pack", () => {
  it("prod: every mandatory policy that applies passes, and each one saw a resource", async () => {
    const { findings } = await preview("prod");
    expect(findings.filter((f) => f.violations.length > 0)).toEqual([]);
    const seen = (f: Finding) => f.violations.length === 0 && f.unknownAtPreview === undefined;
    const evaluated = [...new Set(findings.filter(seen).map((f) => `${f.policy} ${f.type}`))].sort();
    const applicable = new Set(findings.map((f) => f.policy));
    // every mandatory policy met at least one resource, except client secrets (the example declares none)
    expect(
      resourcePolicies.filter((p) => p.enforcementLevel === "mandatory" && !applicable.has(p.name)).map((p) => p.name),
    ).toEqual(["govai-security-no-client-secrets"]);
    expect(evaluated.length).toBeGreaterThan(10);
    // preview unknowns are reported as "can't run", never as violations
    for (const f of findings.filter((x) => x.unknownAtPreview)) expect(f.violations).toEqual([]);
  });

  it("dev: the advisory policies warn about what the gate warns about", async () => {
    const { findings } = await preview("dev");
    const warned = findings.filter((f) => f.violations.length > 0).map((f) => [f.policy, f.violations]);
    expect(warned).toEqual([
      [
        "govai-security-dlp-default-blocked-advisory",
        [
          "The data policy's default group is nonBusiness: connectors nobody classified, including ones Microsoft adds later, are allowed.",
        ],
      ],
      [
        "govai-security-endpoint-filtering-advisory",
        ["Endpoint filtering is missing or does not end with deny * for: CSKnowledgeSharePoint."],
      ],
    ]);
    const gateWarnings = evaluate(model, "dev", evidence, { now: NOW })
      .checks.filter((c) => c.status === "warn")
      .map((c) => c.message);
    for (const [, messages] of warned) for (const m of messages as string[]) expect(gateWarnings).toContain(m);
  });

  it("the stack policy sees every environment governed, in prod and (advisory) in dev", async () => {
    for (const [stage, policy] of [
      ["prod", environmentGovernedPolicy],
      ["dev", environmentGovernedAdvisory],
    ] as const) {
      const { resources } = await preview(stage);
      const byUrn = new Map(resources.map((r) => [r.urn, r]));
      const stackResources = resources
        .filter((r) => r.custom)
        .map((r) => ({
          type: r.type,
          name: r.name,
          props: engineValue(r.inputs) as Record<string, unknown>,
          // the mock runtime records dependencies per resource; attribute them to the environment inputs
          dependsOnInputs: Object.fromEntries(
            ["environmentId", "environmentIds"]
              .filter((k) => k in r.inputs)
              .map((k) => [
                k,
                r.dependencies
                  .map((u) => byUrn.get(u))
                  .filter((d) => d?.type === "govai:powerplatform:Environment")
                  .map((d) => d!.name),
              ]),
          ),
        }));
      expect(stackResources.filter((r) => r.type === "govai:powerplatform:Environment").length).toBe(1);
      expect(await runStackPolicy(policy, stackResources, { stack: `policy-lookup-${stage}` })).toEqual({
        violations: [],
      });
    }
  });
});

/**
 * The example plus one edit that weakens prod the way a reviewer might not notice: the gate and the policy pack
 * refuse it alike, with one message, because both apply the same rule (the pack to what the components build).
 */
describe("the example plus one weakening: the gate and the pack refuse it with the same message", () => {
  type Case = [name: string, edit: (m: WorkloadModel) => void, check: string, policy: string, message: string];
  const P = (m: WorkloadModel) => m.stages.prod;
  const CASES: Case[] = [
    [
      "SharePoint knowledge allowed to every host before the final deny *",
      (m) => {
        P(m).connectorPolicy.endpointRules.CSKnowledgeSharePoint = [
          { behavior: "allow", endpoint: "https://contosofs.sharepoint.com/sites/GroupPolicies" },
          { behavior: "allow", endpoint: "https://*" },
          { behavior: "deny", endpoint: "*" },
        ];
      },
      "security.endpoint-filtering",
      "govai-security-endpoint-filtering",
      "Endpoint rules allow every host before the final deny * for: CSKnowledgeSharePoint (allow https://*).",
    ],
    [
      "a firewall that enforces 0.0.0.0/0",
      (m) => {
        P(m).firewall.allowedRanges = [...P(m).firewall.allowedRanges, "0.0.0.0/0"];
      },
      "security.network",
      "govai-security-network",
      "Network access is not restricted: allowed ranges wider than /16 admit nearly everyone: 0.0.0.0/0.",
    ],
    [
      "the custom-connector pattern * moved to business",
      (m) => {
        P(m).connectorPolicy.customConnectorPatterns[1]!.classification = "business";
      },
      "security.custom-connectors-blocked",
      "govai-security-custom-connectors-blocked",
      "Custom connectors matching * are classified business: any custom connector a maker builds is allowed, as under a data policy whose default group is business.",
    ],
    [
      "canvas apps shared with everyone, uncapped",
      (m) => {
        P(m).managedEnvironment.sharing.apps = { groupSharingDisabled: true, mode: "noLimit", maxUsers: -1 };
      },
      "security.app-sharing-limited",
      "govai-security-app-sharing-limited",
      "App and flow sharing is not limited: canvas apps can be shared with everyone (mode noLimit); canvas-app sharing is not capped (maxUsers -1).",
    ],
    [
      "agents shared with everyone",
      (m) => {
        P(m).managedEnvironment.sharing.agents.mode = "noLimit";
      },
      "security.sharing-limited",
      "govai-security-sharing-limited",
      "Agent sharing is not limited: viewer sharing mode is noLimit.",
    ],
    [
      "alerts routed to a placeholder address",
      (m) => {
        P(m).alerts.notify.opsOnCall = { name: "Operations on-call", email: "ops-oncall@example.com" };
      },
      "observability.alerts-routed",
      "govai-observability-alerts-routed",
      "Alert recipients are placeholders, so alerts reach nobody: opsOnCall (ops-oncall@example.com).",
    ],
  ];

  it.each(CASES)("%s", async (_name, edit, check, policy, message) => {
    const m = structuredClone(model);
    edit(m);
    const verdict = evaluate(m, "prod", evidence, { now: NOW });
    expect(verdict.failures.map((f) => [f.id, f.message])).toEqual([[check, message]]);
    // The components' gate would refuse prod; plan it anyway to see what the pack sees.
    const { findings } = await previewOf(m, "prod", { assertGate: () => undefined });
    expect(findings.filter((f) => f.violations.length > 0).map((f) => [f.policy, f.violations])).toEqual([
      [policy, [message]],
    ]);
  });
});
