/**
 * SolutionDeployment: the decision table (install, upgrade, re-import, adopt, rollback, refusals), Check on the
 * solution file, and the lifecycle in-process on the real client against the emulator — create, read (drift),
 * update (upgrade, new settings), rollback refused and carried out, import, delete.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_APP_ID, DEFAULT_TENANT_ID, type Emulator, emulatorCredential, startEmulator } from "@govai/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentSolutionZip, SHAREPOINT_CONNECTOR, solutionInputs } from "../../../../../test/provider/fixtures.ts";
import { PowerPlatformClient } from "../../../src/client/index.ts";
import { clientPort } from "../../../src/provider/client-port.ts";
import { makeProvider } from "../../../src/provider/provider.ts";
import type { InstalledSolution } from "../../../src/services/solution-deployment/convert.ts";
import { type DeploymentFacts, planDeployment } from "../../../src/services/solution-deployment/handler.ts";

const installed = (version: string, managed = true): InstalledSolution => ({
  id: "s-1",
  uniqueName: "ClaimsAgent",
  displayName: "Claims agent",
  version,
  managed,
  createdOn: undefined,
  modifiedOn: undefined,
  installedOn: undefined,
});
const facts = (f: Partial<DeploymentFacts>): DeploymentFacts => ({
  uniqueName: "ClaimsAgent",
  version: "1.2.0.0",
  installed: undefined,
  settingsChanged: false,
  contentChanged: false,
  rollback: { strategy: "refuse", rtoMinutes: undefined },
  lastImportMinutes: undefined,
  ...f,
});

describe("planDeployment", () => {
  it.each([
    ["nothing installed", {}, { kind: "install" }],
    ["a lower version installed", { installed: installed("1.1.0.0") }, { kind: "upgrade" }],
    ["the same version, no new settings", { installed: installed("1.2.0.0") }, { kind: "none" }],
    [
      "the same version, new settings",
      { installed: installed("1.2.0.0"), settingsChanged: true },
      { kind: "reimport" },
    ],
    [
      "a higher version, uninstallAndReinstall, RTO not known to be exceeded",
      { installed: installed("1.3.0.0"), rollback: { strategy: "uninstallAndReinstall", rtoMinutes: 60 } },
      { kind: "rollback", from: "1.3.0.0" },
    ],
    [
      "a higher version, uninstallAndReinstall, 2 × 12 min within a 30-minute RTO",
      {
        installed: installed("1.3.0.0"),
        rollback: { strategy: "uninstallAndReinstall", rtoMinutes: 30 },
        lastImportMinutes: 12,
      },
      { kind: "rollback", from: "1.3.0.0" },
    ],
  ] as const)("%s: %j", (_what, f, step) => {
    expect(planDeployment(facts(f as Partial<DeploymentFacts>))).toEqual(step);
  });

  it.each([
    [
      "an unmanaged solution of that name",
      { installed: installed("1.0.0.0", false) },
      "ClaimsAgent is installed in this environment as an unmanaged solution (version 1.0.0.0); SolutionDeployment installs managed solutions, and Dataverse does not turn an unmanaged solution into a managed one. Deploy to an environment where makers do not edit ClaimsAgent (test, prod), or remove the unmanaged solution first",
    ],
    [
      "the same version with another file",
      { installed: installed("1.2.0.0"), contentChanged: true },
      'the solution file changed but its version (1.2.0.0) did not: one version must name one content, or environments holding "1.2.0.0" would differ. Raise <Version> in solution.xml (export again after changing the version in dev) and deploy the new version',
    ],
    [
      "a lower version under the default strategy",
      { installed: installed("1.3.0.0") },
      'ClaimsAgent 1.3.0.0 is installed and 1.2.0.0 is wanted; a managed solution cannot be downgraded in place. Either roll forward (rebuild the previous content with a version higher than 1.3.0.0 and deploy that), or set rollback.strategy to "uninstallAndReinstall", which uninstalls 1.3.0.0 — deleting its components and the data of the tables it owns — and installs 1.2.0.0',
    ],
    [
      "a rollback estimated over the RTO",
      {
        installed: installed("1.3.0.0"),
        rollback: { strategy: "uninstallAndReinstall", rtoMinutes: 30 },
        lastImportMinutes: 16,
      },
      "ClaimsAgent 1.3.0.0 is installed and 1.2.0.0 is wanted; a managed solution cannot be downgraded in place, and a rollback by uninstall and reinstall is estimated at 32 minutes (twice the 16 minutes the last import took), over the 30-minute RTO. Roll forward instead (the previous content with a version higher than 1.3.0.0), or restore the environment from its backup",
    ],
  ] as const)("refuses %s", (_what, f, reason) => {
    expect(planDeployment(facts(f as Partial<DeploymentFacts>))).toEqual({ kind: "refuse", reason });
  });
});

let emulator: Emulator;
let client: PowerPlatformClient;
let provider: ReturnType<typeof makeProvider>;
let env: string;
const dir = mkdtempSync(path.join(tmpdir(), "govai-solution-"));
const URN = "urn:pulumi:test::claims::govai:powerplatform:SolutionDeployment::agent";

/** Writes a package to the temp folder; returns its path and sha256. */
function file(name: string, bytes: Buffer): { file: string; sha256: string } {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return { file: p, sha256: createHash("sha256").update(bytes).digest("hex") };
}

const v12 = () => file("agent-1.2.zip", agentSolutionZip("1.2.0.0"));
const v13 = () => file("agent-1.3.zip", agentSolutionZip("1.3.0.0"));
const inputsFor = (f: { file: string; sha256: string }, version: string) =>
  solutionInputs(env, f.file, f.sha256, version);

async function checked(news: object): Promise<Record<string, unknown>> {
  const r = await provider.check!(URN, {}, news);
  expect(r.failures).toEqual([]);
  return r.inputs as Record<string, unknown>;
}

const org = () => emulator.state.environments[env]?.dataverse;
const bound = () => ({
  references: Object.values(org()?.connectionReferences ?? {}).map((r) => [
    r.connectionreferencelogicalname,
    r.connectionid,
  ]),
  variables: Object.values(org()?.environmentVariableValues ?? {}).map((r) => [r.schemaname, r.value]),
});
const routes = () =>
  emulator.log.entries.map((e) => e.route).filter((r) => r && /solutions|asyncoperations|importjobs/.test(r));

beforeAll(async () => {
  emulator = await startEmulator({
    seed: 31,
    // A fixed clock: the service-measured import durations are exact (0 minutes).
    clock: () => new Date("2026-03-01T09:00:00.000Z"),
    adminApplications: [DEFAULT_APP_ID],
    timing: { metadataHiddenGets: 0, managementRunningGets: 0 },
  });
  client = new PowerPlatformClient({
    credential: emulatorCredential({ tenantId: DEFAULT_TENANT_ID }),
    endpoints: emulator.endpoints,
    polling: { pollIntervalMs: 5, minPollIntervalMs: 1, convergeIntervalMs: 5, startRetryDelayMs: [5, 10] },
  });
  provider = makeProvider(() => clientPort(client));
  env = (
    await client.createEnvironment({
      displayName: "Claims (test)",
      description: "",
      type: "Sandbox",
      location: "europe",
      azureRegion: "westeurope",
      dataverse: { language: 1033, currency: "EUR", domain: "claims-alm", securityGroupId: undefined },
    })
  ).id;
});
afterAll(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator?.close();
});

describe("Check reads the solution file", () => {
  it("normalises: version to four parts, settings and rollback spelled out", async () => {
    const f = file("agent-norefs.zip", agentSolutionZip("1.2.0.0", { references: {} }));
    expect(await checked({ ...inputsFor(f, "1.2"), deploymentSettings: undefined })).toEqual({
      environmentId: env,
      uniqueName: "ClaimsAgent",
      version: "1.2.0.0",
      solutionFile: f.file,
      sha256: f.sha256,
      deploymentSettings: { environmentVariables: {}, connectionReferences: {} },
      rollback: { strategy: "refuse" },
    });
  });

  it.each([
    [
      "another file than the reviewed one",
      () => ({ ...inputsFor(v12(), "1.2"), sha256: "0".repeat(64) }),
      (f: string, sha: string) => [
        {
          property: "sha256",
          reason: `solutionFile ${f} has sha256 ${sha}, not ${"0".repeat(64)}: it is not the file that was reviewed`,
        },
      ],
    ],
    [
      "a version the file does not hold, and another solution name",
      () => ({ ...inputsFor(v12(), "1.3"), uniqueName: "OtherAgent" }),
      (f: string) => [
        { property: "uniqueName", reason: `solutionFile ${f} is the solution ClaimsAgent, not OtherAgent` },
        { property: "version", reason: `solutionFile ${f} holds version 1.2.0.0, not 1.3.0.0` },
      ],
    ],
    [
      "an unmanaged package",
      () => {
        const f = file("agent-unmanaged.zip", agentSolutionZip("1.2", { managed: false }));
        return inputsFor(f, "1.2");
      },
      (f: string) => [
        {
          property: "solutionFile",
          reason: `solutionFile ${f} is an unmanaged package of ClaimsAgent; deploy the managed export (ExportSolution with Managed: true, or \`pac solution export --managed\`)`,
        },
      ],
    ],
    [
      "a connection reference left unbound",
      () => ({ ...inputsFor(v12(), "1.2"), deploymentSettings: { environmentVariables: {} } }),
      () => [
        {
          property: "deploymentSettings",
          reason: `connection reference cr_sharepoint (${SHAREPOINT_CONNECTOR}) is declared by ClaimsAgent but not bound: add it to connectionReferences with a connection of the target environment`,
        },
      ],
    ],
    [
      "a file that is not there",
      () => ({ ...inputsFor(v12(), "1.2"), solutionFile: path.join(dir, "missing.zip") }),
      () => [
        {
          property: "solutionFile",
          reason: `solutionFile ${path.join(dir, "missing.zip")} cannot be read (ENOENT); relative paths are resolved from the folder pulumi runs in (${process.cwd()})`,
        },
      ],
    ],
  ])("refuses %s", async (_what, news, failures) => {
    const inputs = news() as Record<string, unknown>;
    const r = await provider.check!(URN, {}, inputs);
    expect(r.failures).toEqual(failures(inputs.solutionFile as string, v12().sha256));
  });

  it("refuses inputs that name no file, or a path without its digest, by the rules", async () => {
    const { solutionFile: _f, sha256: _s, ...none } = inputsFor(v12(), "1.2");
    expect((await provider.check!(URN, {}, none)).failures).toEqual([
      {
        property: "solutionFile",
        reason: "give exactly one of solutionFile (a path, with sha256) and solutionContent (base64)",
      },
    ]);
    const { sha256: _sha, ...noDigest } = inputsFor(v12(), "1.2");
    expect((await provider.check!(URN, {}, noDigest)).failures).toEqual([
      {
        property: "sha256",
        reason:
          "sha256 is required with solutionFile: the digest of the reviewed file, so a changed file shows in the preview and a different one is refused (sha256sum <file>)",
      },
    ]);
  });

  it("takes base64 content instead of a path, and computes its sha256", async () => {
    const bytes = agentSolutionZip("1.2");
    const { solutionFile: _f, sha256: _s, ...rest } = inputsFor(v12(), "1.2");
    const inputs = await checked({ ...rest, solutionContent: bytes.toString("base64") });
    expect(inputs.sha256).toEqual(createHash("sha256").update(bytes).digest("hex"));
  });
});

describe("lifecycle against the emulator", () => {
  it("create installs with the settings, read reports it, a new version upgrades, new settings re-import, delete uninstalls", async () => {
    emulator.log.clear();
    const inputs = await checked(inputsFor(v12(), "1.2"));
    const created = await provider.create!(URN, inputs);
    const solution = Object.values(org()?.solutions ?? {})[0];
    const job = Object.values(org()?.importJobs ?? {})[0];
    expect(created).toEqual({
      id: `${env}/ClaimsAgent`,
      outs: {
        ...inputs,
        solutionId: solution?.solutionid,
        displayName: "Claims agent",
        lastOperation: "install",
        importJobId: job?.importJobKey,
        lastImportMinutes: 0,
        adopted: false,
      },
    });
    expect(bound()).toEqual({
      references: [["cr_sharepoint", "shared-sharepointonl-claims"]],
      variables: [["cr_PolicyApiUrl", "https://policies.contoso.example/api"]],
    });

    const read = await provider.read!(created.id, URN, created.outs);
    expect(read).toEqual({ id: created.id, props: created.outs, inputs });

    // Promotion: the next version upgrades in place.
    const next = await checked(inputsFor(v13(), "1.3"));
    const upgraded = await provider.update!(created.id, URN, created.outs, next);
    expect([upgraded.outs?.version, upgraded.outs?.lastOperation, solution?.version]).toEqual([
      "1.3.0.0",
      "upgrade",
      "1.3.0.0",
    ]);
    expect(emulator.log.count({ route: "dataverse.solutions.stageAndUpgradeAsync" })).toEqual(1);

    // A changed variable value re-imports the same version; a path-only change does nothing.
    const rebound = {
      ...next,
      deploymentSettings: {
        ...(next.deploymentSettings as object),
        environmentVariables: { cr_PolicyApiUrl: "https://policies-v2.contoso.example/api" },
      },
    };
    const reimported = await provider.update!(created.id, URN, upgraded.outs ?? {}, rebound);
    expect(reimported.outs?.lastOperation).toEqual("reimport");
    expect(bound().variables).toEqual([["cr_PolicyApiUrl", "https://policies-v2.contoso.example/api"]]);
    const copy = file("copy-of-1.3.zip", agentSolutionZip("1.3.0.0"));
    const imports = emulator.log.count({ route: "dataverse.solutions.importAsync" });
    const moved = await provider.update!(created.id, URN, reimported.outs ?? {}, {
      ...rebound,
      solutionFile: copy.file,
    });
    expect([moved.outs?.lastOperation, emulator.log.count({ route: "dataverse.solutions.importAsync" })]).toEqual([
      "reimport",
      imports,
    ]);

    // Someone installs 1.4 by hand: refresh reports it (drift), and the program's 1.3 is then a rollback, refused.
    if (solution) solution.version = "1.4.0.0";
    const drifted = await provider.read!(created.id, URN, moved.outs ?? {});
    expect(drifted?.inputs?.version).toEqual("1.4.0.0");
    await expect(provider.update!(created.id, URN, drifted?.props ?? {}, rebound)).rejects.toThrow(
      "SolutionDeployment ClaimsAgent: ClaimsAgent 1.4.0.0 is installed and 1.3.0.0 is wanted; a managed solution cannot be downgraded in place.",
    );
    expect(solution?.version).toEqual("1.4.0.0");

    await provider.delete!(created.id, URN, moved.outs ?? {});
    expect([org()?.solutions, bound()]).toEqual([{}, { references: [], variables: [] }]);
    expect(await provider.read!(created.id, URN, moved.outs ?? {})).toEqual({ id: "", props: {} });
    expect(routes().filter((r) => r === "dataverse.solutions.delete")).toEqual(["dataverse.solutions.delete"]);
  });

  it("a rollback with uninstallAndReinstall: uninstalls the newer version, installs the older one, binds the settings again", async () => {
    const strategy = { strategy: "uninstallAndReinstall", rtoMinutes: 60 };
    const v13in = await checked({ ...inputsFor(v13(), "1.3"), rollback: strategy });
    const created = await provider.create!(URN, v13in);
    const firstId = Object.values(org()?.solutions ?? {})[0]?.solutionid;
    emulator.log.clear();
    const back = await checked({ ...inputsFor(v12(), "1.2"), rollback: strategy });
    const rolled = await provider.update!(created.id, URN, created.outs, back);
    const after = Object.values(org()?.solutions ?? {});
    expect([rolled.outs?.lastOperation, after.map((s) => s.version), after[0]?.solutionid === firstId]).toEqual([
      "rollback",
      ["1.2.0.0"],
      false,
    ]);
    expect(bound()).toEqual({
      references: [["cr_sharepoint", "shared-sharepointonl-claims"]],
      variables: [["cr_PolicyApiUrl", "https://policies.contoso.example/api"]],
    });
    // The uninstall came first, then one install of 1.2.
    expect(routes().filter((r) => /delete|importAsync|stageAndUpgrade/.test(r ?? ""))).toEqual([
      "dataverse.solutions.delete",
      "dataverse.solutions.importAsync",
    ]);
    await provider.delete!(created.id, URN, rolled.outs ?? {});
  });

  it("a rollback whose file does not fit is refused before the uninstall: the newer version stays", async () => {
    const strategy = { strategy: "uninstallAndReinstall" };
    const created = await provider.create!(URN, await checked({ ...inputsFor(v13(), "1.3"), rollback: strategy }));
    const stale = { ...(await checked({ ...inputsFor(v12(), "1.2"), rollback: strategy })), sha256: "f".repeat(64) };
    await expect(provider.update!(created.id, URN, created.outs, stale)).rejects.toThrow(
      "the solution file does not fit the inputs:\n  - sha256:",
    );
    expect(Object.values(org()?.solutions ?? {}).map((s) => s.version)).toEqual(["1.3.0.0"]);
    await provider.delete!(created.id, URN, created.outs);
  });

  it("create adopts the same managed version already installed without importing it again (no settings to apply)", async () => {
    const bare = { ...inputsFor(v12(), "1.2"), deploymentSettings: undefined };
    const noRefs = file("agent-norefs-1.2.zip", agentSolutionZip("1.2", { references: {} }));
    await client.importSolution(env, new Uint8Array(agentSolutionZip("1.2", { references: {} })));
    emulator.log.clear();
    const created = await provider.create!(
      URN,
      await checked({ ...bare, solutionFile: noRefs.file, sha256: noRefs.sha256 }),
    );
    expect([
      created.outs.lastOperation,
      created.outs.adopted,
      emulator.log.count({ route: "dataverse.solutions.importAsync" }),
    ]).toEqual(["adopt", true, 0]);
    // Import by id: the state is read from the environment.
    const imported = await provider.read!(`${env}/ClaimsAgent`, URN, {});
    expect(imported?.inputs).toEqual({
      environmentId: env,
      uniqueName: "ClaimsAgent",
      version: "1.2.0.0",
      deploymentSettings: { environmentVariables: {}, connectionReferences: {} },
      rollback: { strategy: "refuse" },
    });
    expect(imported?.props?.adopted).toEqual(true);
    // The solution was there before this resource: delete leaves it installed and sends no uninstall.
    emulator.log.clear();
    await provider.delete!(created.id, URN, created.outs);
    expect([
      Object.values(org()?.solutions ?? {}).map((s) => s.version),
      emulator.log.count({ route: "dataverse.solutions.delete" }),
    ]).toEqual([["1.2"], 0]);
    await client.uninstallSolution(env, "ClaimsAgent");
  });

  it("a solution found installed at a lower version is upgraded by create, stays adopted through updates, and is left installed on delete", async () => {
    // The pilot's 1.2, installed before the stack (an environment taken over with `govai adopt`).
    await client.importSolution(env, new Uint8Array(agentSolutionZip("1.2", { references: {} })));
    const created = await provider.create!(URN, await checked(inputsFor(v13(), "1.3")));
    expect([created.outs.lastOperation, created.outs.adopted]).toEqual(["upgrade", true]);
    expect(await provider.read!(created.id, URN, created.outs)).toMatchObject({ props: { adopted: true } });
    const rebound = await checked({
      ...inputsFor(v13(), "1.3"),
      deploymentSettings: {
        ...(inputsFor(v13(), "1.3").deploymentSettings as object),
        environmentVariables: { cr_PolicyApiUrl: "https://policies-v2.contoso.example/api" },
      },
    });
    const updated = await provider.update!(created.id, URN, created.outs, rebound);
    expect([updated.outs?.lastOperation, updated.outs?.adopted]).toEqual(["reimport", true]);
    emulator.log.clear();
    await provider.delete!(created.id, URN, updated.outs ?? {});
    expect([
      Object.values(org()?.solutions ?? {}).map((s) => s.version),
      emulator.log.count({ route: "dataverse.solutions.delete" }),
    ]).toEqual([["1.3.0.0"], 0]);
    await client.uninstallSolution(env, "ClaimsAgent");
  });

  it("a state recorded before `adopted`: an adoption (lastOperation adopt) stays, an install is uninstalled", async () => {
    const inputs = await checked(inputsFor(v12(), "1.2"));
    const created = await provider.create!(URN, inputs);
    const { adopted: _a, ...installedState } = created.outs;
    await provider.delete!(created.id, URN, { ...installedState, lastOperation: "adopt" });
    expect(Object.values(org()?.solutions ?? {}).map((s) => s.version)).toEqual(["1.2.0.0"]);
    await provider.delete!(created.id, URN, installedState);
    expect(org()?.solutions).toEqual({});
  });
});
