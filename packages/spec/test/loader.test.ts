import { describe, expect, it } from "vitest";
import { formatIssues, loadWorkloadFile, loadWorkloadText } from "../src/index.ts";
import { MINIMAL } from "./fixtures.ts";

/** Replace the first occurrence of `from` in the minimal spec. */
function edit(from: string, to: string): string {
  expect(MINIMAL).toContain(from);
  return MINIMAL.replace(from, to);
}

function errorsOf(text: string, file = "examples/x/workload.yaml"): string {
  const r = loadWorkloadText(text, file);
  if (r.ok) throw new Error("expected the spec to be rejected");
  return formatIssues(r.errors);
}

describe("loadWorkloadText", () => {
  it("loads the minimal spec and records the file as the source", () => {
    const r = loadWorkloadText(MINIMAL, "w.yaml");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.model.source).toEqual({ file: "w.yaml" });
    expect(Object.keys(r.model.stages)).toEqual(["dev", "test", "prod"]);
    expect(r.model.overrides).toEqual([]);
  });

  it("reports a wrong value with file:line:col, path, expected and found", () => {
    const text = edit(
      "    environment: { location: europe, azureRegion: westeurope }\n",
      "    environment: { location: europe, azureRegion: westeurope }\n    auditing:\n      retentionDays: ninety\n",
    );
    const r = loadWorkloadText(text, "examples/x/workload.yaml");
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          file: "examples/x/workload.yaml",
          line: 22,
          column: 22,
          path: "stages.prod.auditing.retentionDays",
          message: 'expected a number ≥ 31 (at most 24855) or -1, found "ninety"',
          found: '"ninety"',
          expected: "a number ≥ 31 (at most 24855) or -1",
        },
      ],
    });
  });

  it("suggests the nearest key for an unknown one and points at the key", () => {
    const text = edit("  revision: 1\n", "  revison: 1\n");
    const r = loadWorkloadText(text, "w.yaml");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      {
        file: "w.yaml",
        line: 10,
        column: 1,
        path: "problem.revision",
        message: "required, missing; expected a whole number ≥ 1",
        found: "nothing",
        expected: "a whole number ≥ 1",
      },
      {
        file: "w.yaml",
        line: 14,
        column: 3,
        path: "problem.revison",
        message: 'unknown key "revison"; did you mean "revision"?',
        found: '"revison"',
        expected: "one of: statement, successMetrics, outOfScope, revision, lockedDigest",
        suggestion: "revision",
      },
    ]);
  });

  it("reports every problem of a document at once, in document order", () => {
    const text = edit("agent: {}", "agent: { channels: [team] }")
      .replace("  costCenter: CC-1001\n", "  costCentre: CC-1001\n")
      .replace("location: europe, azureRegion: westeurope", "location: europe");
    expect(errorsOf(text)).toBe(
      [
        "examples/x/workload.yaml:3:1 metadata.costCenter: required, missing; expected a non-empty string",
        'examples/x/workload.yaml:9:3 metadata.costCentre: unknown key "costCentre"; did you mean "costCenter"?',
        'examples/x/workload.yaml:15:21 agent.channels[0]: expected one of "teams", "directLine", "facebook", "omnichannel", "sharepoint", "whatsapp", found "team"; did you mean "teams"?',
        'examples/x/workload.yaml:20:5 stages.prod.environment.azureRegion: required, missing; expected an Azure region such as "westeurope"',
      ].join("\n"),
    );
  });

  it("reports every YAML syntax error with its position", () => {
    const text = "apiVersion: govai/v1\nkind: [\nmetadata:\n  name: x\n  name: y\n";
    expect(errorsOf(text, "w.yaml")).toBe(
      [
        "w.yaml:3:1 (document): YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]",
        "w.yaml:5:3 (document): YAML syntax: Map keys must be unique",
      ].join("\n"),
    );
  });

  it("rejects an empty document as a whole", () => {
    expect(errorsOf("", "w.yaml")).toBe(
      "w.yaml:1:1 (document): the document is empty; expected a workload spec starting with apiVersion: govai/v1 and kind: Workload",
    );
    expect(errorsOf("# only a comment\n", "w.yaml")).toBe(
      "w.yaml:1:1 (document): the document is empty; expected a workload spec starting with apiVersion: govai/v1 and kind: Workload",
    );
    expect(errorsOf("- a\n- b\n", "w.yaml")).toBe("w.yaml:1:1 (document): expected a map, found a list of 2");
  });

  it("reports cross-field problems with positions", () => {
    const text = edit("agent: {}", "agent: { knowledgeSources: { pol: { kind: sharepoint, dataSource: polices } } }")
      .replace(
        "stages:\n",
        "dataSources:\n  policies: { system: SharePoint Online, owningTeam: Legal, contact: { name: A B, email: a@contoso.com }, classification: internal, access: read, connector: shared_sharepointonline }\nstages:\n",
      )
      .replace("  test: {}\n", "")
      .replace(
        "westeurope }\n",
        'westeurope, dataverse: { domain: hr-faq-dev } }\n    telemetry: { logSensitiveActivity: true }\n    firewall: { mode: enforce }\n    connectorPolicy:\n      business: [Http]\n      blocked: [Http, PvaAuth]\n      customConnectorPatterns:\n        - { order: 1, classification: blocked, pattern: "*" }\n        - { order: 1, classification: business, pattern: "https://*.contoso.com" }\n        - { order: 2, classification: nonBusiness, pattern: "https://*.fabrikam.com" }\n',
      );
    expect(errorsOf(text)).toBe(
      [
        'examples/x/workload.yaml:15:67 agent.knowledgeSources.pol.dataSource: unknown data source "polices"; did you mean "policies"?',
        "examples/x/workload.yaml:18:1 stages: stage test is missing: add stages.test (`test: {}` takes the profile defaults) or state why in omittedStages.test",
        'examples/x/workload.yaml:21:84 stages.prod.environment.dataverse.domain: Dataverse domain "hr-faq-dev" is also used by stage dev; each stage needs its own domain',
        "examples/x/workload.yaml:22:40 stages.prod.telemetry.logSensitiveActivity: sensitive activity logging copies prompts, answers and user identities into Log Analytics, outside Dataverse and DLP governance; it is only allowed in dev, not in prod",
        'examples/x/workload.yaml:23:23 stages.prod.firewall.mode: firewall "enforce" with no allowedRanges or serviceTags would block every caller (unlocking needs Microsoft support); give ranges or use "audit"',
        'examples/x/workload.yaml:26:17 stages.prod.connectorPolicy.blocked[0]: connector "Http" is in both business and blocked; a connector belongs to one group',
        'examples/x/workload.yaml:28:57 stages.prod.connectorPolicy.customConnectorPatterns[0].pattern: the "*" pattern must have the highest order (it has 1, the highest is 2); the service rejects it otherwise',
        "examples/x/workload.yaml:29:20 stages.prod.connectorPolicy.customConnectorPatterns[1].order: order 1 is also used by customConnectorPatterns[0]; orders must be unique",
      ].join("\n"),
    );
  });
});

describe("loadWorkloadFile", () => {
  it("reports a missing file as an issue, not a throw", async () => {
    const r = await loadWorkloadFile("does/not/exist.yaml");
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          file: "does/not/exist.yaml",
          line: 0,
          column: 0,
          path: "",
          message: "cannot read the spec: file not found",
        },
      ],
    });
  });

  it("loads the minimal example", async () => {
    const r = await loadWorkloadFile("examples/minimal/workload.yaml");
    expect(r.ok).toBe(true);
  });
});

describe("YAML conveniences", () => {
  it("accepts anchors and << merge keys to share settings between stages", () => {
    const text = MINIMAL.replace("  test: {}\n", "  test: &locked\n    auditing: { retentionDays: 180 }\n").replace(
      "    environment: { location: europe, azureRegion: westeurope }\n",
      "    <<: *locked\n    environment: { location: europe, azureRegion: westeurope }\n",
    );
    const r = loadWorkloadText(text);
    expect(
      r.ok ? [r.model.stages.test?.auditing.retentionDays, r.model.stages.prod.auditing.retentionDays] : r.errors,
    ).toStrictEqual([180, 180]);
  });

  it("reports a problem inside merged content at the merging key", () => {
    const text = MINIMAL.replace("  test: {}\n", "  test: &locked\n    auditing: { retentionDays: 20 }\n").replace(
      "    environment: { location: europe, azureRegion: westeurope }\n",
      "    <<: *locked\n    environment: { location: europe, azureRegion: westeurope }\n",
    );
    expect(errorsOf(text, "w.yaml")).toBe(
      [
        "w.yaml:19:32 stages.test.auditing.retentionDays: expected a number ≥ 31 (at most 24855) or -1, found 20",
        "w.yaml:20:3 stages.prod.auditing.retentionDays: expected a number ≥ 31 (at most 24855) or -1, found 20",
      ].join("\n"),
    );
  });
});

describe("hostile or odd documents", () => {
  it("reports an alias bomb instead of expanding it", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(", ")}]`);
    }
    expect(errorsOf(`${levels.join("\n")}\n`, "w.yaml")).toBe(
      "w.yaml:1:1 (document): YAML: aliases expand to too much content (Excessive alias count indicates a resource exhaustion attack); write the values out or use fewer aliases",
    );
  });

  it("reports a second document", () => {
    expect(errorsOf(`${MINIMAL}---\nkind: Workload\n`, "w.yaml")).toBe(
      "w.yaml:21:1 (document): YAML syntax: a workload spec is one YAML document; remove the second one (after ---) or move it to its own file",
    );
  });
});
