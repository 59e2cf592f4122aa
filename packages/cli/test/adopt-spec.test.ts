/**
 * The pure parts of `govai adopt` as tables: which environments it refuses, the names it derives, how a live pilot
 * becomes a stage block (and what it reports instead of writing), where comments go in workload.yaml, and how
 * changes are worded. The tenant-facing behaviour is proven against the emulator in adopt.test.ts.
 */
import type { EnvironmentInfo } from "@govai/powerplatform";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { AdoptedResource, LivePilot } from "../src/adopt-read.ts";
import { refusal } from "../src/adopt-read.ts";
import { describeChange, driftLine } from "../src/adopt-report.ts";
import { adoptSpec, differing, parsePath, runtimeKey, showPath } from "../src/adopt-spec.ts";
import { entryIndent, renderAdoptedYaml, StageSpliceError, spliceStage, wrap } from "../src/adopt-yaml.ts";
import { workloadFromDomain } from "../src/commands/adopt.ts";

const ENV = "00000000-0000-4000-8000-000000000001";
const APP = "5e7f8a9b-0000-4000-8000-0000000000c1";
const ADMIN = "0a1b2c3d-0000-4000-8000-00000000a001";

function environment(over: Partial<EnvironmentInfo> = {}): EnvironmentInfo {
  return {
    id: ENV,
    displayName: "Claims Pilot",
    description: "",
    type: "Sandbox",
    location: "europe",
    azureRegion: "westeurope",
    tenantId: undefined,
    provisioningState: "Succeeded",
    updateCadence: "Moderate",
    billingPolicyId: undefined,
    environmentGroupId: undefined,
    managementState: "Ready",
    runtimeState: "Enabled",
    managed: false,
    governance: undefined,
    ai: { bingSearch: false, m365Services: false, crossGeoDataMovement: false, crossBoundaryDataMovement: false },
    dataverse: {
      organizationId: "org",
      uniqueName: "claims",
      domain: "claims-pilot",
      version: "9.2",
      url: "https://claims-pilot.crm4.dynamics.com/",
      apiUrl: undefined,
      language: 1033,
      securityGroupId: undefined,
      backgroundOperationsEnabled: true,
      instanceState: "Ready",
    },
    copilotStudioUrl: undefined,
    runtimeEndpoints: {},
    ...over,
  };
}

const resource = (type: AdoptedResource["type"], id: string, inputs: Record<string, unknown>): AdoptedResource => ({
  type,
  id,
  inputs,
});

/** A pilot as the provider reads it on import (normalised inputs); `over` replaces parts. */
function pilot(over: Partial<LivePilot> = {}): LivePilot {
  return {
    environment: environment(),
    environmentResource: resource("Environment", ENV, {
      displayName: "Claims Pilot",
      description: "",
      environmentType: "Sandbox",
      location: "europe",
      azureRegion: "westeurope",
      dataverse: { language: 1033, currency: "USD", domain: "claims-pilot" },
    }),
    managedEnvironment: undefined,
    dataPolicy: undefined,
    settings: resource("EnvironmentSettings", ENV, {
      environmentId: ENV,
      auditing: { enabled: true, userAccessAudit: true, readAudit: false, retentionDays: 365 },
      firewall: {
        mode: "audit",
        allowedRanges: [],
        serviceTags: [],
        allowMicrosoftTrustedServices: true,
        allowApplicationUsers: true,
        cookieBinding: true,
      },
      deleteBehavior: "restore",
    }),
    applicationUsers: [],
    otherPolicies: [],
    ...over,
  };
}

describe("refusal: environments workload.yaml cannot describe", () => {
  const name = `environment ${ENV} ("Claims Pilot")`;
  it.each([
    ["a Sandbox with Dataverse", {}, undefined],
    ["a Production environment", { type: "Production" }, undefined],
    [
      "a Developer environment",
      { type: "Developer" },
      `${name} is a Developer environment; govai governs Sandbox and Production environments only (change its type in the Power Platform admin centre first)`,
    ],
    [
      "the default environment",
      { type: "Default" },
      `${name} is a Default environment; govai governs Sandbox and Production environments only (change its type in the Power Platform admin centre first)`,
    ],
    [
      "no Dataverse",
      { dataverse: undefined },
      `${name} has no Dataverse database; a governed workload needs one for auditing, the IP firewall and application users (add Dataverse to it in the Power Platform admin centre, then run adopt again)`,
    ],
    [
      "a member of an environment group",
      { environmentGroupId: "00000000-0000-4000-8000-0000000000e1" },
      `${name} is in environment group 00000000-0000-4000-8000-0000000000e1, whose rules own its managed-environment settings; workload.yaml cannot express group membership (remove it from the group first)`,
    ],
    [
      "no Azure region",
      { azureRegion: undefined },
      `${name} reports no Azure region; workload.yaml needs it, and a wrong one would replace the environment`,
    ],
    [
      "a region workload.yaml cannot name",
      { azureRegion: "west-europe" },
      `${name} is in the Azure region "west-europe", which workload.yaml cannot name`,
    ],
  ] as const)("%s", (_, over, expected) => {
    expect(refusal(environment(over as Partial<EnvironmentInfo>))).toEqual(expected);
  });

  it("no Dataverse base language", () => {
    const env = environment();
    expect(refusal({ ...env, dataverse: { ...env.dataverse!, language: undefined } })).toEqual(
      `${name} reports no Dataverse base language; workload.yaml needs it, and a wrong one would replace the environment`,
    );
  });
});

describe("names", () => {
  it.each([
    ["claims-pilot", "claims-pilot"],
    ["claims-dev", "claims"],
    ["claims-prd", "claims"],
    ["Claims-Test", "claims"],
    ["hr", undefined],
    ["a-very-long-dataverse-domain-name", undefined],
    ["9lives", undefined],
  ])("the domain %s suggests the workload %s", (domain, workload) => {
    expect(workloadFromDomain(domain)).toEqual(workload);
  });

  it.each([
    ["# claims-runtime", [], "claims-runtime"],
    ["Claims Runtime (prod)", [], "claims-runtime-prod"],
    [`# ${APP}`, [], "app-5e7f8a9b"],
    [undefined, [], "app-5e7f8a9b"],
    ["# claims-runtime", ["claims-runtime"], "claims-runtime-5e7f8a9b"],
    ["# claims-runtime", ["claims-runtime", "claims-runtime-5e7f8a9b"], `app-${APP}`],
  ] as const)("an application user named %s, with %j taken, gets the runtime key %s", (fullName, taken, key) => {
    expect(runtimeKey(fullName, APP, new Set(taken))).toEqual(key);
  });

  it("reads back the paths the spec package writes", () => {
    expect(parsePath("stages.test.firewall.allowedRanges[1]")).toEqual([
      "stages",
      "test",
      "firewall",
      "allowedRanges",
      1,
    ]);
    expect(parsePath('alerts.notify["on call"].email')).toEqual(["alerts", "notify", "on call", "email"]);
    expect(showPath(["stages", "dev", "identities", "runtime", "app-1", "roles", 0])).toEqual(
      "stages.dev.identities.runtime.app-1.roles[0]",
    );
  });
});

describe("differing: the leaves a stage block must hold", () => {
  it.each([
    ["equal", { a: 1, b: { c: true } }, { a: 1, b: { c: true } }, undefined],
    ["one leaf", { a: 1, b: { c: false } }, { a: 1, b: { c: true } }, { b: { c: false } }],
    ["a list is a leaf", { a: ["x", "y"] }, { a: ["x"] }, { a: ["x", "y"] }],
    ["a map with no default", { m: { markdown: "hi" } }, { m: undefined }, { m: { markdown: "hi" } }],
    ["an absent live value is not written", { a: undefined, b: 2 }, { a: 1, b: 1 }, { b: 2 }],
  ])("%s", (_, live, def, expected) => {
    expect(differing(live, def)).toEqual(expected);
  });
});

describe("adoptSpec", () => {
  it("writes only what differs from the stage's defaults, and imports the environment and its settings", () => {
    const adopted = adoptSpec(pilot(), { workload: "claims", stage: "test" });
    expect(adopted.spec.stages).toEqual({
      dev: {},
      test: {
        environment: {
          displayName: "Claims Pilot",
          description: "",
          dataverse: { domain: "claims-pilot" },
        },
        auditing: { retentionDays: 365 },
      },
      prod: { environment: { location: "europe", azureRegion: "westeurope" } },
    });
    expect(adopted.spec.metadata.displayName).toEqual("Claims Pilot");
    expect(adopted.imports.map((r) => r.type)).toEqual(["Environment", "EnvironmentSettings"]);
    expect(adopted.notes).toEqual([
      {
        path: ["stages", "test", "connectorPolicy"],
        kind: "info",
        text: "No DLP policy covers only this environment: the first `pulumi up` creates one with these settings.",
      },
      {
        path: ["stages", "test", "managedEnvironment"],
        kind: "info",
        text: "The environment is not a Managed Environment: the first `pulumi up` turns it on with these settings.",
      },
    ]);
  });

  it("writes no currency the organisation does not name, and says the spec's is taken as given", () => {
    const live = pilot();
    live.environmentResource.inputs.dataverse = { language: 1033, domain: "claims-pilot" };
    const adopted = adoptSpec(live, { workload: "claims", stage: "dev" });
    expect(adopted.spec.stages.dev?.environment?.dataverse).toEqual({ domain: "claims-pilot" });
    expect(adopted.notes[0]).toEqual({
      path: ["stages", "dev", "environment"],
      kind: "info",
      text: "The organisation names no base currency, so none is written: the provider takes workload.yaml's (USD) as given instead of replacing the environment.",
    });
  });

  it("takes refused values out one round after another, reports each, and leaves the pilot as read", () => {
    const live = pilot({
      settings: resource("EnvironmentSettings", ENV, {
        environmentId: ENV,
        auditing: { enabled: true, userAccessAudit: true, readAudit: false, retentionDays: 30 },
        firewall: {
          mode: "enforce",
          allowedRanges: ["2001:db8::/32"],
          serviceTags: [],
          allowMicrosoftTrustedServices: true,
          allowApplicationUsers: true,
          cookieBinding: true,
        },
        deleteBehavior: "restore",
      }),
    });
    const before = structuredClone(live);
    const adopted = adoptSpec(live, { workload: "claims", stage: "test" });
    expect(live).toEqual(before);
    // Without its only range an enforcing firewall would lock everyone out, so the mode goes too (second round).
    // The blocks the removals emptied are gone too: the stage takes its defaults there.
    expect(adopted.spec.stages.test).toEqual({
      environment: { displayName: "Claims Pilot", description: "", dataverse: { domain: "claims-pilot" } },
    });
    expect(adopted.notes.filter((n) => n.kind === "not-written")).toEqual([
      {
        path: ["stages", "test", "firewall", "allowedRanges"],
        kind: "not-written",
        text: 'The live value "2001:db8::/32" of stages.test.firewall.allowedRanges[0] cannot be written in workload.yaml (expected an IPv4 address or CIDR range such as "10.0.0.0/8", found "2001:db8::/32"); it is left out.',
      },
      {
        path: ["stages", "test", "auditing"],
        kind: "not-written",
        text: "The live value 30 of stages.test.auditing.retentionDays cannot be written in workload.yaml (expected a number ≥ 31 (at most 24855) or -1, found 30); it is left out.",
      },
      {
        path: ["stages", "test", "firewall"],
        kind: "not-written",
        text: 'The live value "enforce" of stages.test.firewall.mode cannot be written in workload.yaml (firewall "enforce" with no allowedRanges or serviceTags would block every caller (unlocking needs Microsoft support); give ranges or use "audit"); it is left out.',
      },
    ]);
  });

  it("adopts application users as runtime identities, except disabled, excluded and prod System Administrators", () => {
    const user = (app: string, roles: string[], skipped?: string) => ({
      applicationId: app,
      fullName: `# ${app}`,
      disabled: false,
      roles,
      skipped,
      resource: skipped
        ? undefined
        : resource("ApplicationUser", `${ENV}/${app}`, { environmentId: ENV, applicationId: app, roles }),
    });
    const live = pilot({
      applicationUsers: [
        user(ADMIN, ["System Administrator"]),
        user(APP, ["Basic User"]),
        user("5e7f8a9b-0000-4000-8000-0000000000c2", [], "left out with --exclude-app"),
      ],
    });
    const prod = adoptSpec(live, { workload: "claims", stage: "prod" });
    expect(prod.spec.stages.prod.identities).toEqual({
      runtime: { "app-5e7f8a9b": { existingClientId: APP, roles: ["Basic User"] } },
    });
    expect(prod.runtimeKeys).toEqual({ [APP]: "app-5e7f8a9b" });
    expect(prod.imports.filter((r) => r.type === "ApplicationUser").map((r) => r.id)).toEqual([`${ENV}/${APP}`]);
    expect(prod.notes.filter((n) => n.kind === "not-adopted").map((n) => n.text)).toEqual([
      `The application user # ${ADMIN} (${ADMIN}) is System Administrator, which a runtime identity may not be in prod (give it least-privilege roles and run adopt again to govern it).`,
      "The application user # 5e7f8a9b-0000-4000-8000-0000000000c2 (5e7f8a9b-0000-4000-8000-0000000000c2): left out with --exclude-app.",
    ]);
    // Outside prod a System Administrator is allowed as a runtime identity (the gate warns about it).
    expect(Object.keys(adoptSpec(live, { workload: "claims", stage: "dev" }).runtimeKeys)).toEqual([ADMIN, APP]);
  });
});

describe("workload.yaml comments", () => {
  it("go before the deepest written field of their path, or into the header; never inside a one-line collection", () => {
    const text = renderAdoptedYaml(
      { a: { b: { c: 1, d: 2 }, list: ["x", "y"] }, e: 3 },
      ["header line"],
      [
        { path: ["a", "b", "c"], paragraphs: ["on c"] },
        { path: ["a", "list", 1], paragraphs: ["on the second item"] },
        { path: ["a", "missing", "deeper"], paragraphs: ["on a"] },
        { path: ["nowhere"], paragraphs: ["to the header"] },
      ],
    );
    expect(text).toEqual(
      [
        "# header line",
        "",
        "# to the header",
        "",
        "# on a",
        "a:",
        "  b:",
        "    # on c",
        "    c: 1",
        "    d: 2",
        "  list:",
        "    - x",
        "    # on the second item",
        "    - y",
        "e: 3",
        "",
      ].join("\n"),
    );
    expect(parse(text)).toEqual({ a: { b: { c: 1, d: 2 }, list: ["x", "y"] }, e: 3 });
    // Without comments the same short map and list are written on one line.
    expect(renderAdoptedYaml({ a: { b: { c: 1, d: 2 }, list: ["x", "y"] } }, [], [])).toEqual(
      "a:\n  b: { c: 1, d: 2 }\n  list: [ x, y ]\n",
    );
  });

  it("wrap long paragraphs, continuing indented", () => {
    expect(wrap("one two three four five six", 13)).toEqual(["one two three", "  four five", "  six"]);
  });
});

describe("spliceStage: one stage entry written into a spec's text", () => {
  const entry = "# adopt: note\ntest:\n  auditing: { readAudit: true }\n";

  it("replaces the entry and adopt's comments above it; the rest, the user's comments and CRLF stay", () => {
    const text = [
      "stages:",
      "  dev: { firewall: { mode: audit } }   # ours",
      "  # ours: acceptance",
      "  # A new environment, created by its own stack with the stage's defaults.",
      "  test: {}",
      "  prod:",
      "    environment: { location: europe, azureRegion: westeurope }",
      "",
    ].join("\r\n");
    expect(spliceStage(text, "test", entry)).toEqual(
      [
        "stages:",
        "  dev: { firewall: { mode: audit } }   # ours",
        "  # ours: acceptance",
        "  # A new environment, created by its own stack with the stage's defaults.",
        "  # adopt: note",
        "  test:",
        "    auditing: { readAudit: true }",
        "  prod:",
        "    environment: { location: europe, azureRegion: westeurope }",
        "",
      ].join("\r\n"),
    );
    const adoptOnly = text.replace("  # ours: acceptance\r\n", "");
    expect(spliceStage(adoptOnly, "test", entry)).toEqual(
      [
        "stages:",
        "  dev: { firewall: { mode: audit } }   # ours",
        "  # adopt: note",
        "  test:",
        "    auditing: { readAudit: true }",
        "  prod:",
        "    environment: { location: europe, azureRegion: westeurope }",
        "",
      ].join("\r\n"),
    );
  });

  it("replaces a block entry up to its last line and keeps a comment after it", () => {
    const text =
      "stages:\n    test:\n        auditing:\n            enabled: false\n        # ours, after\n    prod: {}\n";
    expect(entryIndent(text)).toEqual(4);
    expect(spliceStage(text, "test", entry)).toEqual(
      "stages:\n    # adopt: note\n    test:\n      auditing: { readAudit: true }\n        # ours, after\n    prod: {}\n",
    );
  });

  it("refuses what it cannot edit in place", () => {
    expect(() => spliceStage("stages: { test: {} }\n", "test", entry)).toThrow(
      new StageSpliceError("stages is not written as a block map in this file; write it one key a line"),
    );
    expect(() => spliceStage("stages:\n  dev: {}\n", "test", entry)).toThrow(
      new StageSpliceError("the file has no stages.test entry"),
    );
  });
});

describe("wording", () => {
  it.each([
    [["a", "b"], ["b", "c"], "adds c; removes a"],
    [30, 90, "30 → 90"],
    [undefined, [{ behavior: "deny", endpoint: "*" }], '(none) → [{"behavior":"deny","endpoint":"*"}]'],
  ])("a change from %j to %j reads %s", (from, to, text) => {
    expect(describeChange(from, to)).toEqual(text);
  });

  it("a drift item says what taking the default would do", () => {
    expect(driftLine({ path: "auditing.retentionDays", live: 90, default: 31, effect: "changes it in place" })).toEqual(
      "auditing.retentionDays: 90 (default 31); taking the default changes it in place",
    );
    expect(
      driftLine({
        path: "connectorPolicy.business",
        live: ["a", "x"],
        default: ["a", "b"],
        effect: "changes it in place",
      }),
    ).toEqual("connectorPolicy.business: x added; b taken out (default a, b); taking the default changes it in place");
    expect(
      driftLine({ path: "environment.description", live: "", default: "d", effect: "changes it in place" }),
    ).toEqual('environment.description: "" (default d); taking the default changes it in place');
  });
});
