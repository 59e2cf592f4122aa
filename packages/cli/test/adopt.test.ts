/**
 * `govai adopt` in-process, against the emulator: a pilot seeded through the REST client is adopted, and the proof
 * is independent of adopt's own code:
 * 1. the written workload.yaml passes `govai validate` and resolves;
 * 2. round trip: every resource of the import file is read by the provider exactly as `pulumi import` reads it (an
 *    id, no state), the components' inputs for that child (an offline plan of the written spec) go through the
 *    provider's Check, and the provider's Diff finds no change and no replacement;
 * 3. the drift from the stage's defaults is listed exactly;
 * and adopt sends only GETs (it writes nothing to the tenant). Bad input exits 2 or 1 with one line and writes
 * nothing.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { collectPlan } from "@govai/components";
import type { Emulator } from "@govai/emulator";
import { evaluate, loadEvidence } from "@govai/gate";
import type { PowerPlatformClient } from "@govai/powerplatform";
import { clientPort, makeProvider } from "@govai/powerplatform/provider";
import { loadWorkloadFile, type StageName } from "@govai/spec";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main } from "../src/main.ts";
import {
  ADMIN,
  DISABLED,
  type Pilot,
  RUNTIME,
  SECURITY_GROUP,
  seedingClient,
  seedPilot,
  startTenant,
  tenantEnv,
  withEnvironmentId,
} from "./adopt-fixtures.ts";

let emulator: Emulator | undefined;
afterEach(async () => {
  expect(emulator?.log.unmatched).toEqual([]);
  await emulator?.close();
  emulator = undefined;
});

interface ImportEntry {
  type: string;
  name: string;
  id?: string;
  component?: true;
  parent?: string;
}

async function adopt(args: string[], cwd: string, env: Record<string, string>) {
  let stdout = "";
  let stderr = "";
  const code = await main(["adopt", ...args], {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    isTTY: false,
    cwd,
    env,
  });
  return { code, stdout, stderr };
}

const tmp = () => mkdtempSync(path.join(tmpdir(), "govai-adopt-"));

/** The comments of a YAML text as one line each: `#` and the wrapping indentation taken out. */
function commentText(yaml: string): string {
  return yaml
    .split("\n")
    .filter((l) => l.trimStart().startsWith("#"))
    .map((l) => l.trim().replace(/^#\s?/, ""))
    .join("\n")
    .replace(/\n {2}/g, " ");
}

/**
 * `pulumi import`, then the first `pulumi up`, for each imported resource: Read with the id and no state; Check of
 * the components' inputs for the child of that name; Diff of the imported state against them.
 */
async function roundTrip(client: PowerPlatformClient, specFile: string, stage: StageName, environmentId: string) {
  const loaded = await loadWorkloadFile(specFile);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join("\n"));
  const plan = await collectPlan(loaded.model, [stage], { gate: { assertGate: () => undefined } });
  const importFile = JSON.parse(
    readFileSync(path.join(path.dirname(specFile), `import-claims-pilot-${stage}.json`), "utf8"),
  ) as { resources: ImportEntry[] };
  const provider = makeProvider(() => clientPort(client));
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const diffs: Record<string, { changes?: boolean; replaces?: string[] }> = {};
  for (const entry of importFile.resources) {
    const planned = plan.resources.find((r) => r.name === entry.name);
    // Every entry is a child the program registers, under the parent the program gives it.
    expect([planned?.type, planned?.parent ? byUrn.get(planned.parent)?.name : undefined]).toEqual([
      entry.type,
      entry.parent,
    ]);
    if (entry.component) continue;
    const urn = `urn:pulumi:claims-pilot-${stage}::govai-workload::${entry.type}::${entry.name}`;
    const imported = await provider.read!(entry.id!, urn, {});
    expect(imported.id).toEqual(entry.id);
    const checked = await provider.check!(
      urn,
      imported.inputs ?? {},
      withEnvironmentId(planned!.inputs, environmentId),
    );
    expect(checked.failures).toEqual([]);
    const diff = await provider.diff!(entry.id!, urn, imported.props, checked.inputs!);
    diffs[entry.name] = { changes: diff.changes, replaces: diff.replaces };
  }
  return diffs;
}

describe("govai adopt: a pilot whose settings workload.yaml can express", () => {
  it("writes a dev stage that validates, imports under the components' names with no diff, and lists the drift exactly", async () => {
    emulator = await startTenant();
    const client = seedingClient(emulator);
    const pilot: Pilot = await seedPilot(client, emulator);
    const env = pilot.environmentId;
    const dir = tmp();
    emulator.log.clear();

    const run = await adopt(["--environment", env], dir, tenantEnv(emulator));

    expect(run.stderr).toEqual("");
    expect(run.code).toEqual(0);
    // adopt reads; it never writes to the tenant.
    expect(emulator.log.entries.filter((e) => e.method !== "GET")).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(["import-claims-pilot-dev.json", "workload.yaml"]);
    const text = readFileSync(path.join(dir, "workload.yaml"), "utf8");

    // (1) The spec passes `govai validate` and resolves; the adopted stage holds exactly what differs from dev.
    let validateOut = "";
    const validated = await main(["validate", "workload.yaml"], {
      stdout: (t) => {
        validateOut += t;
      },
      stderr: () => undefined,
      isTTY: false,
      cwd: dir,
      env: {},
    });
    expect([validated, validateOut.split("\n")[0]]).toEqual([
      0,
      "valid: workload.yaml: claims-pilot (Claims Pilot), problem revision 1, stages dev, test, prod",
    ]);
    const spec = parse(text) as Record<string, unknown>;
    expect(spec).toEqual({
      apiVersion: "govai/v1",
      kind: "Workload",
      metadata: {
        name: "claims-pilot",
        displayName: "Claims Pilot",
        owningTeam: "TODO team",
        accountable: { name: "TODO Name", email: "todo@example.com" },
        businessUnit: "TODO",
        costCenter: "TODO",
      },
      problem: {
        statement: "TODO: the problem this pilot solves, for whom, and what it costs today.",
        successMetrics: {
          timeToAnswer: {
            description: "TODO: what is measured",
            baseline: 30,
            target: 5,
            unit: "minutes",
            measuredIn: "TODO: the dashboard, report or query where it is measured",
          },
        },
        revision: 1,
      },
      agent: {},
      stages: {
        dev: {
          environment: {
            displayName: "Claims Pilot",
            description: "Pilot of the claims assistant",
            dataverse: { currency: "EUR", domain: "claims-pilot", securityGroupId: SECURITY_GROUP },
          },
          connectorPolicy: {
            displayName: "Claims pilot policy",
            defaultGroup: "blocked",
            business: ["CSKnowledgeSharePoint", "shared_office365", "shared_sharepointonline"],
            nonBusiness: ["shared_rss"],
            endpointRules: {
              CSKnowledgeSharePoint: [
                { behavior: "allow", endpoint: "https://contoso.sharepoint.com/sites/claims" },
                { behavior: "deny", endpoint: "*" },
              ],
              Http: [{ behavior: "deny", endpoint: "*" }],
            },
            actionRules: { shared_office365: { defaultBehavior: "allow", actions: { SendEmailV2: "block" } } },
            customConnectorPatterns: [
              { order: 1, classification: "business", pattern: "https://*.contoso.com" },
              { order: 2, classification: "blocked", pattern: "*" },
            ],
          },
          managedEnvironment: {
            sharing: {
              apps: { groupSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxUsers: 20 },
              flows: { mode: "disableSharing" },
              agents: { editorSharingDisabled: true, maxViewers: 30 },
            },
            solutionChecker: { mode: "block", ruleOverrides: ["meta-remove-dup-reg"], suppressValidationEmails: false },
            usageInsights: false,
            makerWelcome: { markdown: "Welcome to the claims pilot", url: "https://contoso.com/pilot" },
          },
          auditing: { readAudit: true, retentionDays: 90 },
          firewall: { allowedRanges: ["10.0.0.0/8"], cookieBinding: true },
          identities: {
            runtime: {
              "app-0a1b2c3d": { existingClientId: ADMIN, roles: ["System Administrator"] },
              "app-5e7f8a9b": { existingClientId: RUNTIME, roles: ["Basic User", "Environment Maker"] },
            },
          },
        },
        test: {},
        prod: { environment: { location: "europe", azureRegion: "westeurope" } },
      },
    });

    // The import file: the component chain the program registers, then each live resource under its child's name.
    const pp = "claims-pilot-dev-powerplatform";
    expect(JSON.parse(readFileSync(path.join(dir, "import-claims-pilot-dev.json"), "utf8"))).toEqual({
      resources: [
        { type: "govai:workload:GovernedAiWorkload", name: "claims-pilot", component: true },
        { type: "govai:workload:WorkloadStage", name: "claims-pilot-dev", component: true, parent: "claims-pilot" },
        { type: "govai:workload:StagePowerPlatform", name: pp, component: true, parent: "claims-pilot-dev" },
        { type: "govai:powerplatform:Environment", name: `${pp}-env`, id: env, parent: pp },
        { type: "govai:powerplatform:EnvironmentSettings", name: `${pp}-settings`, id: env, parent: pp },
        { type: "govai:powerplatform:DataPolicy", name: `${pp}-dlp`, id: pilot.policyId, parent: pp },
        { type: "govai:powerplatform:ManagedEnvironment", name: `${pp}-managed`, id: env, parent: pp },
        {
          type: "govai:powerplatform:ApplicationUser",
          name: `${pp}-appuser-runtime-app-0a1b2c3d`,
          id: `${env}/${ADMIN}`,
          parent: pp,
        },
        {
          type: "govai:powerplatform:ApplicationUser",
          name: `${pp}-appuser-runtime-app-5e7f8a9b`,
          id: `${env}/${RUNTIME}`,
          parent: pp,
        },
      ],
    });

    // (2) Round trip: nothing changes and nothing is replaced on the first `pulumi up` after the import.
    const none = { changes: false, replaces: [] };
    expect(await roundTrip(client, path.join(dir, "workload.yaml"), "dev", env)).toEqual({
      [`${pp}-env`]: none,
      [`${pp}-settings`]: none,
      [`${pp}-dlp`]: none,
      [`${pp}-managed`]: none,
      [`${pp}-appuser-runtime-app-0a1b2c3d`]: none,
      [`${pp}-appuser-runtime-app-5e7f8a9b`]: none,
    });

    // (3) The summary: the drift exactly, nothing left to change, what was left alone, the gate, the next steps.
    const loaded = await loadWorkloadFile(path.join(dir, "workload.yaml"));
    if (!loaded.ok) throw new Error("invalid");
    const verdict = evaluate(loaded.model, "dev", await loadEvidence(loaded.model));
    const warnings = verdict.checks.filter((c) => c.status === "warn");
    expect(verdict.pass).toEqual(true);
    const dflt = "taking the default changes it in place";
    expect(run.stdout).toEqual(
      [
        `Adopted environment ${env} ("Claims Pilot") as stage dev of workload claims-pilot.`,
        "Wrote workload.yaml and import-claims-pilot-dev.json (6 resources to import: Environment, EnvironmentSettings, DataPolicy, ManagedEnvironment, ApplicationUser, ApplicationUser).",
        "",
        "Drift from the dev defaults (what the first governed `pulumi up` would change if you took these values out of workload.yaml):",
        `  environment.displayName: Claims Pilot (default Claims Pilot (dev)); ${dflt}`,
        `  environment.description: Pilot of the claims assistant (default dev environment of the governed AI workload claims-pilot); ${dflt}`,
        "  environment.dataverse.currency: EUR (default USD); taking the default replaces the environment and its Dataverse data",
        "  environment.dataverse.domain: claims-pilot (default claims-pilot-dev); taking the default renames the Dataverse domain (its URL changes)",
        `  connectorPolicy.displayName: Claims pilot policy (default claims-pilot-dev-dlp); ${dflt}`,
        `  connectorPolicy.defaultGroup: blocked (default nonBusiness); ${dflt}`,
        `  connectorPolicy.business: CSKnowledgeSharePoint, shared_office365, shared_sharepointonline added (default PvaMicrosoftTeams, shared_microsoftcopilotstudio); ${dflt}`,
        `  connectorPolicy.nonBusiness: shared_rss added (default none); ${dflt}`,
        `  connectorPolicy.blocked: CSKnowledgeSharePoint taken out (default CSKnowledgeDocs, CSKnowledgePublicSites, CSKnowledgeSharePoint, Http, PvaAuth, PvaCustomDemoMobile, PvaFacebook, PvaOmniChannel, PvaSharePoint, PvaSkills, PvaWhatsApp); ${dflt}`,
        `  connectorPolicy.endpointRules.CSKnowledgeSharePoint: [{"behavior":"allow","endpoint":"https://contoso.sharepoint.com/sites/claims"},{"behavior":"deny","endpoint":"*"}] (default (none)); ${dflt}`,
        `  connectorPolicy.endpointRules.Http: [{"behavior":"deny","endpoint":"*"}] (default (none)); ${dflt}`,
        `  connectorPolicy.actionRules.shared_office365: {"defaultBehavior":"allow","actions":{"SendEmailV2":"block"}} (default (none)); ${dflt}`,
        `  connectorPolicy.customConnectorPatterns: [{"order":1,"classification":"business","pattern":"https://*.contoso.com"},{"order":2,"classification":"blocked","pattern":"*"}] (default []); ${dflt}`,
        `  managedEnvironment.sharing.apps.groupSharingDisabled: true (default false); ${dflt}`,
        `  managedEnvironment.sharing.apps.mode: excludeSharingToSecurityGroups (default noLimit); ${dflt}`,
        `  managedEnvironment.sharing.apps.maxUsers: 20 (default -1); ${dflt}`,
        `  managedEnvironment.sharing.flows.mode: disableSharing (default noLimit); ${dflt}`,
        `  managedEnvironment.sharing.agents.editorSharingDisabled: true (default false); ${dflt}`,
        `  managedEnvironment.sharing.agents.maxViewers: 30 (default 10); ${dflt}`,
        `  managedEnvironment.solutionChecker.mode: block (default warn); ${dflt}`,
        `  managedEnvironment.solutionChecker.ruleOverrides: meta-remove-dup-reg added (default none); ${dflt}`,
        `  managedEnvironment.solutionChecker.suppressValidationEmails: false (default true); ${dflt}`,
        `  managedEnvironment.usageInsights: false (default true); ${dflt}`,
        `  auditing.readAudit: true (default false); ${dflt}`,
        `  auditing.retentionDays: 90 (default 31); ${dflt}`,
        `  firewall.cookieBinding: true (default false); ${dflt}`,
        "  identities.runtime.app-0a1b2c3d.roles: System Administrator added; Basic User taken out (default Basic User); taking the default changes the application user's roles in place",
        "  identities.runtime.app-5e7f8a9b.roles: Environment Maker added (default Basic User); taking the default changes the application user's roles in place",
        "",
        "What the first `pulumi up` changes in the imported resources:",
        "  nothing: the spec reproduces every value read",
        "",
        "Left alone:",
        `  DLP policy ${pilot.tenantPolicyId} ("Tenant baseline") also covers this environment: it covers every environment of the tenant.`,
        `  The application user # ${DISABLED} (${DISABLED}): it is disabled, and workload.yaml cannot describe a disabled application user.`,
        "",
        "The first `pulumi up` also creates: ApplicationUser claims-pilot-dev-powerplatform-appuser-deployment, 9 Azure and Entra resources (identities, telemetry, alerts, budget).",
        `Gate for dev: passes, ${warnings.length} warnings; each finding is a comment in workload.yaml.`,
        "",
        "Next, in the Pulumi project that runs the govai program:",
        "  pulumi stack init claims-pilot-dev",
        "  pulumi config set govai-workload:workload workload.yaml && pulumi config set govai-workload:stage dev",
        "  pulumi import --file import-claims-pilot-dev.json --protect=false --generate-code=false",
        "  pulumi preview   # the imported resources show no change; the rest is created",
        "",
      ].join("\n"),
    );

    // The gate's findings and what adopt left alone are comments in workload.yaml.
    const comments = commentText(text);
    expect(warnings.length).toBeGreaterThan(0);
    for (const w of warnings) {
      expect(comments).toContain(`gate warn (advisory in dev) ${w.id}: ${w.message}\nFix: ${w.remediation}`);
    }
    expect(comments).toContain(
      `adopt, left alone: DLP policy ${pilot.tenantPolicyId} ("Tenant baseline") also covers this environment: it covers every environment of the tenant.`,
    );
    expect(comments).toContain("A new environment, created by its own stack with the stage's defaults.");
    expect(comments).not.toContain("ownership marker");
    // The finding about runtime System Administrators sits right above the runtime identities it names.
    expect(text).toMatch(
      /\n {6}# gate warn \(advisory in dev\) security\.least-privilege: [^\n]*\n( {6}#[^\n]*\n)* {6}runtime:\n/,
    );
  });
});

describe("govai adopt: what workload.yaml cannot express is reported, never dropped silently", () => {
  it("a test stage with a new organisation's retention, an IPv6 range, a DLP policy without the Copilot Studio connectors and no managed environment", async () => {
    emulator = await startTenant();
    const client = seedingClient(emulator);
    const env = await client.createEnvironment({
      displayName: "Claims (test)",
      description: "",
      type: "Sandbox",
      location: "europe",
      azureRegion: "westeurope",
      dataverse: { language: 1031, currency: "USD", domain: "claims-acc", securityGroupId: undefined },
    });
    const policy = await client.createDlpPolicy({
      displayName: "claims-pilot-test-dlp",
      defaultGroup: "blocked",
      environments: { kind: "only", environmentIds: [env.id] },
      business: ["shared_sharepointonline", "Http"],
      nonBusiness: [],
      blocked: [],
      endpointRules: { Http: [{ behavior: "allow", endpoint: "https://api.contoso.com" }] },
      actionRules: {},
      customConnectorPatterns: [],
    });
    // The organisation as created (30-day retention, auditing off), with an enforcing firewall set in the admin
    // centre, one of whose ranges is IPv6.
    const row = emulator.state.environments[env.id]!.dataverse!.organization;
    Object.assign(row, {
      allowediprangeforfirewall: "10.1.0.0/16,2001:db8::/32",
      enableipbasedfirewallrule: true,
      enableipbasedfirewallruleinauditmode: false,
    });
    const dir = tmp();

    const run = await adopt(
      ["--environment", env.id, "--stage", "test", "--workload", "claims-pilot"],
      dir,
      tenantEnv(emulator),
    );

    expect([run.code, run.stderr]).toEqual([0, ""]);
    const section = (title: string) => {
      const lines = run.stdout.split("\n");
      const start = lines.indexOf(title);
      return lines.slice(start + 1, lines.indexOf("", start));
    };
    const pp = "claims-pilot-test-powerplatform";
    expect(section("What the first `pulumi up` changes in the imported resources:")).toEqual([
      `  ${pp}-settings auditing.retentionDays: 30 → 90`,
      `  ${pp}-settings firewall.allowedRanges: removes 2001:db8::/32`,
      `  ${pp}-dlp business: adds PvaMicrosoftTeams, shared_microsoftcopilotstudio`,
      `  ${pp}-dlp blocked: adds CSKnowledgeDocs, CSKnowledgePublicSites, CSKnowledgeSharePoint, PvaAuth, PvaCustomDemoMobile, PvaFacebook, PvaOmniChannel, PvaSharePoint, PvaSkills, PvaWhatsApp`,
      `  ${pp}-dlp endpointRules.Http: [{"behavior":"allow","endpoint":"https://api.contoso.com"}] → [{"behavior":"allow","endpoint":"https://api.contoso.com"},{"behavior":"deny","endpoint":"*"}]`,
    ]);
    expect(section("Not written:")).toEqual([
      "  The live policy leaves PvaAuth, PvaMicrosoftTeams, PvaCustomDemoMobile, PvaFacebook, PvaOmniChannel, PvaSharePoint, PvaWhatsApp, CSKnowledgeSharePoint, CSKnowledgePublicSites, CSKnowledgeDocs, PvaSkills, shared_microsoftcopilotstudio in its default group; workload.yaml classifies every Copilot Studio capability connector, so they are PvaAuth → blocked, PvaMicrosoftTeams → business, PvaCustomDemoMobile → blocked, PvaFacebook → blocked, PvaOmniChannel → blocked, PvaSharePoint → blocked, PvaWhatsApp → blocked, CSKnowledgeSharePoint → blocked, CSKnowledgePublicSites → blocked, CSKnowledgeDocs → blocked, PvaSkills → blocked, shared_microsoftcopilotstudio → business here.",
      '  The live value "2001:db8::/32" of stages.test.firewall.allowedRanges[1] cannot be written in workload.yaml (expected an IPv4 address or CIDR range such as "10.0.0.0/8", found "2001:db8::/32"); it is left out.',
      "  The live value 30 of stages.test.auditing.retentionDays cannot be written in workload.yaml (expected a number ≥ 31 (at most 24855) or -1, found 30); it is left out.",
    ]);
    expect(run.stdout).toContain(
      `The first \`pulumi up\` also creates: ApplicationUser ${pp}-appuser-deployment, ManagedEnvironment ${pp}-managed, 9 Azure and Entra resources (identities, telemetry, alerts, budget).`,
    );
    expect(run.stdout).toContain(
      "  pulumi preview   # the imported resources show the changes above; the rest is created\n",
    );

    // The provider's own Diff agrees: exactly the settings and the policy change, in place, nothing is replaced.
    const same = { changes: false, replaces: [] };
    const changed = { changes: true, replaces: [] };
    expect(await roundTrip(client, path.join(dir, "workload.yaml"), "test", env.id)).toEqual({
      [`${pp}-env`]: same,
      [`${pp}-settings`]: changed,
      [`${pp}-dlp`]: changed,
      [`${pp}-appuser-runtime-app-0a1b2c3d`]: same,
    });
    // A policy a govai stack created (the client wrote its marker) is adopted, with a word about that stack.
    expect(commentText(readFileSync(path.join(dir, "workload.yaml"), "utf8"))).toMatch(
      /adopt: The policy carries the ownership marker of a govai stack \(owner [0-9a-f]{24}\): if that stack still manages it, remove it from that stack's state \(pulumi state delete\) before the import, or two stacks will manage one policy\. The first update of this stack replaces the marker with its own\./,
    );
    expect(JSON.parse(readFileSync(path.join(dir, "import-claims-pilot-test.json"), "utf8")).resources[5]).toEqual({
      type: "govai:powerplatform:DataPolicy",
      name: `${pp}-dlp`,
      id: policy.id,
      parent: pp,
    });

    // Each note is a comment at the field it concerns.
    const text = readFileSync(path.join(dir, "workload.yaml"), "utf8");
    expect(text).toMatch(
      /\n {4}# adopt, not written: The live value 30 of stages\.test\.auditing\.retentionDays [^\n]*\n( {4}#[^\n]*\n)* {4}auditing:/,
    );
    expect(text).toMatch(
      /\n {6}# adopt, not written: The live value "2001:db8::\/32" of [^\n]*\n( {6}#[^\n]*\n)* {6}allowedRanges: \[ 10\.1\.0\.0\/16 \]\n/,
    );
    expect(text).toMatch(
      /\n {2}# adopt: The environment is not a Managed Environment: the first `pulumi up` turns it on with these settings\.\n( {2}#[^\n]*\n)* {2}test:\n/,
    );
  });

  it("a prod stage leaves a System Administrator application user alone and names geography and region", async () => {
    emulator = await startTenant();
    const client = seedingClient(emulator);
    const pilot = await seedPilot(client, emulator, "Production");
    const dir = tmp();

    const run = await adopt(["--environment", pilot.environmentId, "--stage", "prod"], dir, tenantEnv(emulator));

    expect([run.code, run.stderr]).toEqual([0, ""]);
    const spec = parse(readFileSync(path.join(dir, "workload.yaml"), "utf8")) as {
      stages: Record<string, { environment?: Record<string, unknown>; identities?: unknown }>;
    };
    expect(spec.stages.prod?.environment).toEqual({
      displayName: "Claims Pilot",
      description: "Pilot of the claims assistant",
      location: "europe",
      azureRegion: "westeurope",
      dataverse: { currency: "EUR", domain: "claims-pilot", securityGroupId: SECURITY_GROUP },
    });
    expect(spec.stages.prod?.identities).toEqual({
      runtime: { "app-5e7f8a9b": { existingClientId: RUNTIME, roles: ["Basic User", "Environment Maker"] } },
    });
    expect([spec.stages.dev, spec.stages.test]).toEqual([{}, {}]);
    expect(run.stdout).toContain(
      `  The application user # ${ADMIN} (${ADMIN}) is System Administrator, which a runtime identity may not be in prod (give it least-privilege roles and run adopt again to govern it).\n`,
    );
    expect(run.stdout).toMatch(
      /\nGate for prod: fails \(\d+ checks\); each finding is a comment in workload\.yaml\. `pulumi up` refuses prod until the gate passes \(the import does not need it\)\.\n/,
    );
    const pp = "claims-pilot-prod-powerplatform";
    const none = { changes: false, replaces: [] };
    expect(await roundTrip(client, path.join(dir, "workload.yaml"), "prod", pilot.environmentId)).toEqual({
      [`${pp}-env`]: none,
      [`${pp}-settings`]: none,
      [`${pp}-dlp`]: none,
      [`${pp}-managed`]: none,
      [`${pp}-appuser-runtime-app-5e7f8a9b`]: none,
    });
  });
});

describe("govai adopt --into: a second environment becomes a stage of an existing spec", () => {
  it("replaces only the empty stage entry: every other byte of the spec, the user's comments included, stays", async () => {
    emulator = await startTenant();
    const client = seedingClient(emulator);
    const pilot = await seedPilot(client, emulator);
    const acceptance = await client.createEnvironment({
      displayName: "Claims Pilot (test)",
      description: "Acceptance of the claims assistant",
      type: "Sandbox",
      location: "europe",
      azureRegion: "westeurope",
      dataverse: { language: 1033, currency: "EUR", domain: "claims-acc", securityGroupId: SECURITY_GROUP },
    });
    const dir = tmp();
    expect((await adopt(["--environment", pilot.environmentId], dir, tenantEnv(emulator))).code).toEqual(0);
    // The team edits the spec: a comment of its own on the dev stage.
    const file = path.join(dir, "workload.yaml");
    const edited = readFileSync(file, "utf8").replace(
      "\n  dev:\n",
      "\n  # ours: the pilot everyone uses today\n  dev:\n",
    );
    writeFileSync(file, edited);
    const [head, tail] = edited.split(
      "  # A new environment, created by its own stack with the stage's defaults.\n  test: {}\n",
    );

    const run = await adopt(
      ["--environment", acceptance.id, "--stage", "test", "--into", "workload.yaml"],
      dir,
      tenantEnv(emulator),
    );

    expect([run.code, run.stderr]).toEqual([0, ""]);
    const text = readFileSync(file, "utf8");
    expect(text.startsWith(head!)).toEqual(true);
    expect(text.endsWith(tail!)).toEqual(true);
    expect(text).toContain("  # ours: the pilot everyone uses today\n  dev:\n");
    const spec = parse(text) as { stages: Record<string, unknown> };
    // "Claims Pilot (test)" is the test stage's default name for the workload "Claims Pilot": not written.
    expect(spec.stages.test).toEqual({
      environment: {
        description: "Acceptance of the claims assistant",
        dataverse: { currency: "EUR", domain: "claims-acc", securityGroupId: SECURITY_GROUP },
      },
      auditing: { enabled: false, readAudit: true },
      firewall: { mode: "off", cookieBinding: false },
      identities: { runtime: { "app-0a1b2c3d": { existingClientId: ADMIN, roles: ["System Administrator"] } } },
    });
    expect(run.stdout.split("\n").slice(0, 2)).toEqual([
      `Adopted environment ${acceptance.id} ("Claims Pilot (test)") as stage test of workload claims-pilot.`,
      "Wrote workload.yaml and import-claims-pilot-test.json (3 resources to import: Environment, EnvironmentSettings, ApplicationUser).",
    ]);
    expect(run.stdout).toMatch(
      /\nGate for test: fails \(\d+ checks\), \d+ warnings; the findings about stages\.test are comments in workload\.yaml \(`govai gate workload\.yaml --stage test` lists them all\)\.\n/,
    );
    // Only the 30-day retention of the new organisation is not reproduced.
    const pp = "claims-pilot-test-powerplatform";
    expect(await roundTrip(client, file, "test", acceptance.id)).toEqual({
      [`${pp}-env`]: { changes: false, replaces: [] },
      [`${pp}-settings`]: { changes: true, replaces: [] },
      [`${pp}-appuser-runtime-app-0a1b2c3d`]: { changes: false, replaces: [] },
    });
    expect(run.stdout).toContain(
      `What the first \`pulumi up\` changes in the imported resources:\n  ${pp}-settings auditing.retentionDays: 30 → 90\n`,
    );
    // The dev stage adopted before is untouched, and still imports with no change.
    expect((await roundTrip(client, file, "dev", pilot.environmentId))[`claims-pilot-dev-powerplatform-env`]).toEqual({
      changes: false,
      replaces: [],
    });
  });

  it("refuses a stage that holds settings without --force, --out with --into, and a prod that would move dev or test", async () => {
    emulator = await startTenant();
    const client = seedingClient(emulator);
    const pilot = await seedPilot(client, emulator);
    const elsewhere = await client.createEnvironment({
      displayName: "Claims (prod)",
      description: "",
      type: "Production",
      location: "europe",
      azureRegion: "northeurope",
      dataverse: { language: 1033, currency: "USD", domain: "claims-prod", securityGroupId: SECURITY_GROUP },
    });
    const dir = tmp();
    const env = tenantEnv(emulator);
    expect((await adopt(["--environment", pilot.environmentId], dir, env)).code).toEqual(0);
    const before = readFileSync(path.join(dir, "workload.yaml"), "utf8");
    const refused = async (args: string[]) => {
      const run = await adopt(args, dir, env);
      expect(readFileSync(path.join(dir, "workload.yaml"), "utf8")).toEqual(before);
      return run;
    };

    expect(await refused(["--environment", pilot.environmentId, "--into", "workload.yaml"])).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "govai: adopt: stages.dev of workload.yaml already holds settings; --force replaces them with the adopted environment's\n",
    });
    expect(
      await refused(["--environment", pilot.environmentId, "--into", "workload.yaml", "--out", "other.yaml"]),
    ).toEqual({
      code: 2,
      stdout: "",
      stderr: "govai: adopt: --into and --out exclude each other (--into rewrites one stage of that spec in place)\n",
    });
    // Dev and test take their region from prod: adopting a prod in northeurope would move them.
    expect(
      await refused(["--environment", elsewhere.id, "--stage", "prod", "--into", "workload.yaml", "--force"]),
    ).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "govai: adopt: adopting prod into workload.yaml would change stages.dev (environment.azureRegion), which it takes from prod; set them in stages.dev first, or adopt into a new spec\n",
    });
    expect(readdirSync(dir).sort()).toEqual(["import-claims-pilot-dev.json", "workload.yaml"]);
  });
});

describe("govai adopt: the tenant's text", () => {
  // The spec reader refuses control characters even written as YAML escapes (review G7), so a tenant name holding
  // one cannot become a spec value: adopt says which, shows it escaped, and writes nothing.
  it("refuses a tenant name holding control characters, showing them escaped, and writes nothing", async () => {
    emulator = await startTenant();
    const client = seedingClient(emulator);
    const pilot = await seedPilot(client, emulator);
    emulator.state.environments[pilot.environmentId]!.properties.displayName = "Claims \u001b[31mPilot\nPASS";
    const dir = tmp();

    const run = await adopt(["--environment", pilot.environmentId], dir, tenantEnv(emulator));

    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "govai: adopt: the tenant's text holds control characters, which a workload spec cannot hold: metadata.displayName, stages.dev.environment.displayName; rename them in the Power Platform admin centre, then adopt again\n",
    });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("govai adopt: bad input is one line, exit 2 or 1, and nothing is written", () => {
  const STRANGER = "0a1b2c3d-0000-4000-8000-00000000b002";

  it("refuses an id that is not a GUID before any request", async () => {
    emulator = await startTenant();
    const dir = tmp();
    const run = await adopt(["--environment", "claims-dev"], dir, tenantEnv(emulator));
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "govai: adopt: --environment expects an environment id (a GUID such as 0a1b2c3d-0000-4000-8000-000000000001), found 'claims-dev'\n",
    });
    expect(emulator.log.entries).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("an unknown environment id: exit 2", async () => {
    emulator = await startTenant();
    const dir = tmp();
    const run = await adopt(["--environment", "00000000-0000-4000-8000-00000000ffff"], dir, tenantEnv(emulator));
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "govai: adopt: environment 00000000-0000-4000-8000-00000000ffff does not exist in this tenant (or this identity cannot see it)\n",
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("an environment without Dataverse: exit 1", async () => {
    emulator = await startTenant();
    const env = await seedingClient(emulator).createEnvironment({
      displayName: "Claims (no Dataverse)",
      description: "",
      type: "Sandbox",
      location: "europe",
      azureRegion: "westeurope",
    });
    const dir = tmp();
    const run = await adopt(["--environment", env.id], dir, tenantEnv(emulator));
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr: `govai: adopt: environment ${env.id} ("Claims (no Dataverse)") has no Dataverse database; a governed workload needs one for auditing, the IP firewall and application users (add Dataverse to it in the Power Platform admin centre, then run adopt again)\n`,
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("an identity that is not an admin management application: exit 2, with the bootstrap to run", async () => {
    emulator = await startTenant();
    const pilot = await seedPilot(seedingClient(emulator), emulator);
    const dir = tmp();
    const run = await adopt(["--environment", pilot.environmentId], dir, tenantEnv(emulator, STRANGER));
    expect([run.code, run.stdout]).toEqual([2, ""]);
    expect(run.stderr).toMatch(
      new RegExp(
        `^govai: adopt: permission denied: The service principal with id '[0-9a-f-]{36}' for application '${STRANGER}' does not have permission to access the path '[^']+' in tenant '[0-9a-f-]{36}'\\. A Power Platform administrator must register this identity as an admin management application first \\(the AdminApplication bootstrap in packages/powerplatform/README\\.md\\)\\n$`,
      ),
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it("an admin application that is no user of the environment's Dataverse: exit 2, with what to do", async () => {
    emulator = await startTenant();
    const pilot = await seedPilot(seedingClient(emulator), emulator);
    emulator.registerAdminApplication(STRANGER);
    const dir = tmp();
    const run = await adopt(["--environment", pilot.environmentId], dir, tenantEnv(emulator, STRANGER));
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `govai: adopt: permission denied on the Dataverse organisation of environment ${pilot.environmentId} (0x80072560): The user is not a member of the organization: no enabled application user has applicationid '${STRANGER}'. Make this identity an application user of the environment with the System Administrator role, then run adopt again\n`,
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("credentials the environment variables describe wrongly: exit 2, before any request", async () => {
    emulator = await startTenant();
    const dir = tmp();
    const run = await adopt(["--environment", "00000000-0000-4000-8000-000000000001"], dir, {
      ...tenantEnv(emulator),
      GOVAI_POWERPLATFORM_EMULATOR_IDENTITY: "robot:r2d2",
    });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        'govai: adopt: GOVAI_POWERPLATFORM_EMULATOR_IDENTITY="robot:r2d2" must be app:<clientId> or user:<objectId>\n',
    });
    expect(emulator.log.entries).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a sign-in the service keeps refusing: exit 2, one line", async () => {
    emulator = await startTenant();
    const pilot = await seedPilot(seedingClient(emulator), emulator);
    emulator.faults.add({ kind: "unauthorized", times: "always" });
    const dir = tmp();
    const run = await adopt(["--environment", pilot.environmentId], dir, tenantEnv(emulator));
    expect([run.code, run.stdout, run.stderr.split("\n").length]).toEqual([2, "", 2]);
    expect(run.stderr).toMatch(
      /^govai: adopt: the sign-in was refused: getEnvironment: GET \S+ → 401 InvalidAuthenticationToken: /,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it("two policies covering only the environment: exit 2 naming both; --dlp-policy chooses", async () => {
    emulator = await startTenant();
    const client = seedingClient(emulator);
    const pilot = await seedPilot(client, emulator);
    const second = await client.createDlpPolicy({
      displayName: "Claims pilot policy (old)",
      defaultGroup: "blocked",
      environments: { kind: "only", environmentIds: [pilot.environmentId] },
      business: [],
      nonBusiness: [],
      blocked: [],
      endpointRules: {},
      actionRules: {},
      customConnectorPatterns: [],
    });
    const dir = tmp();
    const refused = await adopt(["--environment", pilot.environmentId], dir, tenantEnv(emulator));
    expect(refused).toEqual({
      code: 2,
      stdout: "",
      stderr: `govai: adopt: 2 policies cover only environment ${pilot.environmentId}: ${pilot.policyId} ("Claims pilot policy"), ${second.id} ("Claims pilot policy (old)"); a workload stage has one, choose it with --dlp-policy\n`,
    });
    expect(readdirSync(dir)).toEqual([]);

    const chosen = await adopt(
      ["--environment", pilot.environmentId, "--dlp-policy", pilot.policyId],
      dir,
      tenantEnv(emulator),
    );
    expect(chosen.code).toEqual(0);
    expect(chosen.stdout).toContain(
      `  DLP policy ${second.id} ("Claims pilot policy (old)") also covers this environment: --dlp-policy chose another policy of this environment.\n`,
    );
  });

  it("an existing workload.yaml is not overwritten without --force, before any request", async () => {
    emulator = await startTenant();
    const dir = tmp();
    writeFileSync(path.join(dir, "workload.yaml"), "# mine\n");
    const run = await adopt(["--environment", "00000000-0000-4000-8000-000000000001"], dir, tenantEnv(emulator));
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "govai: adopt: would overwrite workload.yaml; use --force to replace it, or --into to adopt a stage into it\n",
    });
    expect(readFileSync(path.join(dir, "workload.yaml"), "utf8")).toEqual("# mine\n");
    expect(existsSync(path.join(dir, "import-claims-pilot-dev.json"))).toEqual(false);
    expect(emulator.log.entries).toEqual([]);
  });
});
