/**
 * Solution ALM against the emulator: import (stage, start once, poll, verify, read back) with deployment settings,
 * upgrade, export as managed, list, uninstall, the checker's rule catalogue — and the faults an import start meets:
 * a failed import, throttling, a reset before the service saw the start, a lost response after it started it, a 503,
 * another import still running. Every case asserts how many imports the environment ran: never two for one call.
 */
import { buildZip, type Emulator } from "@govai/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { virtualClock } from "../../../src/client/clock.ts";
import {
  SolutionImportFailedError,
  SolutionImportOutcomeUnknownError,
  SolutionStageError,
} from "../../../src/services/solution-deployment/api.ts";
import {
  DeploymentSettingsError,
  parseDeploymentSettings,
  SolutionPackageError,
} from "../../../src/services/solution-deployment/convert.ts";
import { clientFor, devInput, start } from "../../client/support.ts";

let emulator: Emulator;
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

const SHAREPOINT = "/providers/Microsoft.PowerApps/apis/shared_sharepointonline";

/** A solution package as an export produces it: solution.xml and customizations.xml, deflated. */
function solutionZip(options: {
  name?: string;
  version: string;
  managed?: boolean;
  references?: Record<string, string>;
}): Uint8Array {
  const name = options.name ?? "PolicyLookupAgent";
  const refs = Object.entries(options.references ?? {})
    .map(
      ([logical, connector]) =>
        `<connectionreference connectionreferencelogicalname="${logical}"><connectionreferencedisplayname>${logical}</connectionreferencedisplayname><connectorid>${connector}</connectorid><iscustomizable>1</iscustomizable></connectionreference>`,
    )
    .join("");
  const zip = buildZip(
    {
      "[Content_Types].xml": "<Types/>",
      "solution.xml": `<?xml version="1.0" encoding="utf-8"?><ImportExportXml><SolutionManifest><UniqueName>${name}</UniqueName><LocalizedNames><LocalizedName description="Policy lookup agent" languagecode="1033" /></LocalizedNames><Version>${options.version}</Version><Managed>${options.managed === false ? 0 : 1}</Managed></SolutionManifest></ImportExportXml>`,
      "customizations.xml": `<?xml version="1.0" encoding="utf-8"?><ImportExportXml><connectionreferences>${refs}</connectionreferences></ImportExportXml>`,
    },
    { deflate: true },
  );
  return new Uint8Array(zip);
}

/**
 * The settings of the Terraform provider's acceptance test `TestAccSolutionResource_Validate_Create_With_Settings_File`
 * (internal/services/solution/resource_solution_test.go), with a connection id filled in.
 */
const TF_SETTINGS = {
  EnvironmentVariables: [
    { SchemaName: "cra6e_SolutionVariableDataSource", Value: "/sites/Shared%20Documents" },
    { SchemaName: "cra6e_SolutionVariableJson", Value: '{ "value": 1234, "text": "abc" }' },
    { SchemaName: "cra6e_SolutionVariableText", Value: "cd930b48-4bcc-e444-92e9-547b85c2fd4" },
  ],
  ConnectionReferences: [
    {
      LogicalName: "cra6e_ConnectionReferenceSharePoint",
      ConnectionId: "shared-sharepointonl-7f9d2c1e",
      ConnectorId: SHAREPOINT,
    },
  ],
};

/** An emulator and a client on one virtual clock (service times are deterministic), and an environment with Dataverse. */
async function setup(options: Parameters<typeof start>[0] = {}) {
  const clock = virtualClock();
  emulator = await start({ clock: () => new Date(clock.now()), ...options });
  const { client } = clientFor(emulator, { clock });
  const env = await client.createEnvironment(devInput("alm-test"));
  emulator.log.clear();
  return { client, clock, env: env.id };
}

const importJobs = () =>
  Object.values(emulator.state.environments).flatMap((e) => Object.values(e.dataverse?.importJobs ?? {}));
const starts = () => emulator.log.find({ route: "dataverse.solutions.importAsync" });
const org = (id: string) => emulator.state.environments[id]?.dataverse;

describe("import", () => {
  it("stages, starts once with the settings as ComponentParameters, polls, verifies and reads back the installed solution", async () => {
    const { client, env } = await setup();
    const file = solutionZip({
      version: "1.2.0.0",
      references: { cra6e_ConnectionReferenceSharePoint: SHAREPOINT },
    });
    const result = await client.importSolution(env, file, { settings: parseDeploymentSettings(TF_SETTINGS) });

    const [job] = importJobs();
    expect(result).toEqual({
      solution: {
        id: expect.any(String),
        uniqueName: "PolicyLookupAgent",
        displayName: "Policy lookup agent",
        version: "1.2.0.0",
        managed: true,
        createdOn: expect.any(String),
        modifiedOn: expect.any(String),
        installedOn: expect.any(String),
      },
      package: {
        uniqueName: "PolicyLookupAgent",
        displayName: "Policy lookup agent",
        version: "1.2.0.0",
        managed: true,
        connectionReferences: { cra6e_ConnectionReferenceSharePoint: { connectorId: SHAREPOINT } },
      },
      mode: "install",
      importJobId: job?.importJobKey,
      asyncOperationId: job?.asyncOperationId,
      startedOn: job?.startedon,
      completedOn: job?.completedon,
      // Started at the first poll, completed at the second, one poll interval (5 s) later on the shared clock.
      durationMs: 5000,
      warnings: [],
      startAttempts: 1,
      recovered: false,
    });
    const [staged] = emulator.log.find({ route: "dataverse.solutions.stage" });
    expect(staged?.body).toEqual({ CustomizationFile: Buffer.from(file).toString("base64") });
    expect(starts().map((s) => s.body)).toEqual([
      {
        PublishWorkflows: true,
        OverwriteUnmanagedCustomizations: false,
        ImportJobId: result.importJobId,
        ComponentParameters: [
          {
            "@odata.type": "Microsoft.Dynamics.CRM.connectionreference",
            connectionreferencelogicalname: "cra6e_ConnectionReferenceSharePoint",
            connectionreferencedisplayname: "",
            description: "",
            connectorid: SHAREPOINT,
            connectionid: "shared-sharepointonl-7f9d2c1e",
          },
          {
            "@odata.type": "Microsoft.Dynamics.CRM.environmentvariablevalue",
            schemaname: "cra6e_SolutionVariableDataSource",
            value: "/sites/Shared%20Documents",
          },
          {
            "@odata.type": "Microsoft.Dynamics.CRM.environmentvariablevalue",
            schemaname: "cra6e_SolutionVariableJson",
            value: '{ "value": 1234, "text": "abc" }',
          },
          {
            "@odata.type": "Microsoft.Dynamics.CRM.environmentvariablevalue",
            schemaname: "cra6e_SolutionVariableText",
            value: "cd930b48-4bcc-e444-92e9-547b85c2fd4",
          },
        ],
        SolutionParameters: { StageSolutionUploadId: Object.keys(org(env)?.stagedSolutions ?? {})[0] },
      },
    ]);
    // The bindings landed in the environment.
    expect(
      Object.values(org(env)?.connectionReferences ?? {}).map((r) => [
        r.connectionreferencelogicalname,
        r.connectionid,
      ]),
    ).toEqual([["cra6e_ConnectionReferenceSharePoint", "shared-sharepointonl-7f9d2c1e"]]);
    expect(Object.values(org(env)?.environmentVariableValues ?? {}).map((r) => [r.schemaname, r.value])).toEqual([
      ["cra6e_SolutionVariableDataSource", "/sites/Shared%20Documents"],
      ["cra6e_SolutionVariableJson", '{ "value": 1234, "text": "abc" }'],
      ["cra6e_SolutionVariableText", "cd930b48-4bcc-e444-92e9-547b85c2fd4"],
    ]);
    expect(emulator.log.entries.map((e) => e.route)).toEqual([
      "environments.get",
      "dataverse.solutions.stage",
      "dataverse.asyncoperations.list",
      "dataverse.asyncoperations.list",
      "dataverse.solutions.importAsync",
      "dataverse.asyncoperations.get",
      "dataverse.asyncoperations.get",
      "dataverse.solutions.importResult",
      "dataverse.solutions.list",
    ]);
  });
});

describe("upgrade, export, list and uninstall", () => {
  it("upgrades a managed solution to a higher version with StageAndUpgradeAsync, and lists every installed version", async () => {
    const { client, env } = await setup();
    await client.importSolution(env, solutionZip({ version: "1.0.0.0" }));
    await client.importSolution(env, solutionZip({ name: "SharedComponents", version: "2.1" }));
    const upgraded = await client.importSolution(env, solutionZip({ version: "1.1.0.0" }), { mode: "upgrade" });
    expect([upgraded.mode, upgraded.solution.version]).toEqual(["upgrade", "1.1.0.0"]);
    expect(emulator.log.count({ route: "dataverse.solutions.stageAndUpgradeAsync" })).toEqual(1);
    expect(starts().length).toEqual(2);
    const listed = await client.listSolutions(env);
    expect(listed.map((s) => [s.uniqueName, s.version, s.managed])).toEqual([
      ["PolicyLookupAgent", "1.1.0.0", true],
      ["SharedComponents", "2.1.0.0", true],
    ]);
    expect(await client.getSolution(env, "NotInstalled")).toBeUndefined();
  });

  it("exports the unmanaged solution of dev as managed, and that file installs in another environment", async () => {
    const { client, env: dev } = await setup();
    await client.importSolution(
      dev,
      solutionZip({ version: "1.3.0.0", managed: false, references: { cr_sharepoint: SHAREPOINT } }),
      {
        settings: {
          environmentVariables: {},
          connectionReferences: { cr_sharepoint: { connectionId: "c-dev", connectorId: SHAREPOINT } },
        },
      },
    );
    const exported = await client.exportSolution(dev, "PolicyLookupAgent");
    expect(emulator.log.find({ route: "dataverse.solutions.export" }).map((e) => e.body)).toEqual([
      { SolutionName: "PolicyLookupAgent", Managed: true },
    ]);
    expect(exported.package).toEqual({
      uniqueName: "PolicyLookupAgent",
      displayName: "Policy lookup agent",
      version: "1.3.0.0",
      managed: true,
      connectionReferences: { cr_sharepoint: { connectorId: SHAREPOINT } },
    });
    const test = await client.createEnvironment(devInput("alm-test2"));
    const installed = await client.importSolution(test.id, exported.file, {
      settings: {
        environmentVariables: {},
        connectionReferences: { cr_sharepoint: { connectionId: "c-test", connectorId: SHAREPOINT } },
      },
    });
    expect([installed.solution.version, installed.solution.managed]).toEqual(["1.3.0.0", true]);
    // A managed solution cannot be exported: the service refuses, and the error keeps its words.
    await expect(client.exportSolution(test.id, "PolicyLookupAgent")).rejects.toThrow(
      "The solution PolicyLookupAgent is managed; only unmanaged solutions can be exported.",
    );
  });

  it("uninstalls: the solution and the bindings of its imports are gone; a second uninstall finds nothing", async () => {
    const { client, env } = await setup();
    await client.importSolution(env, solutionZip({ version: "1.0.0.0", references: { cr_sp: SHAREPOINT } }), {
      settings: parseDeploymentSettings({
        EnvironmentVariables: [{ SchemaName: "cr_Url", Value: "https://contoso.sharepoint.com" }],
        ConnectionReferences: [{ LogicalName: "cr_sp", ConnectionId: "c-1", ConnectorId: SHAREPOINT }],
      }),
    });
    expect(await client.uninstallSolution(env, "PolicyLookupAgent")).toBe(true);
    expect([org(env)?.solutions, org(env)?.connectionReferences, org(env)?.environmentVariableValues]).toEqual([
      {},
      {},
      {},
    ]);
    expect(await client.uninstallSolution(env, "PolicyLookupAgent")).toBe(false);
    expect(emulator.log.count({ route: "dataverse.solutions.delete" })).toEqual(1);
  });

  it("reads the checker's rule catalogue from the environment's advisor endpoint with the advisor token", async () => {
    const { client, env } = await setup();
    const rules = await client.listSolutionCheckerRules(env);
    expect(rules.map((r) => r.code)).toEqual([
      "meta-remove-dup-reg",
      "meta-avoid-reg-no-attribute",
      "il-avoid-specialized-update-ops",
      "web-use-strict-mode",
      "app-formula-issues-high",
    ]);
    expect(emulator.log.find({ route: "advisor.rules" }).map((e) => e.path.split("?")[1])).toEqual([
      "ruleset=0ad12346-e108-40b8-a956-9a8f95ea18c9&api-version=2.0",
    ]);
  });
});

describe("faults of an import", () => {
  it("an import that fails: SolutionImportFailedError with the service's message; the installed version is unchanged", async () => {
    const { client, env } = await setup();
    await client.importSolution(env, solutionZip({ version: "1.0.0.0" }));
    emulator.faults.add({ kind: "failLifecycle", path: "/dataverse/*/StageAndUpgradeAsync" });
    const error = await client
      .importSolution(env, solutionZip({ version: "1.1.0.0" }), { mode: "upgrade" })
      .catch((e) => e);
    expect(error).toBeInstanceOf(SolutionImportFailedError);
    const job = importJobs()[1];
    expect(error.message).toEqual(
      `importSolution: the import of PolicyLookupAgent 1.1.0.0 failed (import job ${job?.importJobKey}, async operation ${job?.asyncOperationId}):\n  - Solution import failed (injected by the emulator).\n` +
        "Hint: a failed import is rolled back; fix the cause (dependencies, connection references, environment variables, Key Vault access) and run again. The import history in the maker portal (Solutions → See history) has the details",
    );
    expect((await client.getSolution(env, "PolicyLookupAgent"))?.version).toEqual("1.0.0.0");
    expect(importJobs().length).toEqual(2);
  });

  it("an older managed version is refused by the service as a failed import, with its reason", async () => {
    const { client, env } = await setup();
    await client.importSolution(env, solutionZip({ version: "2.0.0.0" }));
    const error = await client.importSolution(env, solutionZip({ version: "1.0.0.0" })).catch((e) => e);
    expect(error).toBeInstanceOf(SolutionImportFailedError);
    expect(error.errors).toEqual([
      "The solution PolicyLookupAgent 1.0.0.0 is older than the installed version 2.0.0.0; a managed solution cannot be downgraded.",
    ]);
    expect((await client.getSolution(env, "PolicyLookupAgent"))?.version).toEqual("2.0.0.0");
  });

  it("429 on the start proves the service did not act: sent again after Retry-After, one import", async () => {
    const { client, clock, env } = await setup();
    emulator.faults.add({ kind: "status", status: 429, retryAfter: 7, path: "/dataverse/*/ImportSolutionAsync" });
    const result = await client.importSolution(env, solutionZip({ version: "1.0.0.0" }));
    expect(starts().map((s) => [s.status, s.fault])).toEqual([
      [429, "status"],
      [200, null],
    ]);
    expect(starts().map((s) => (s.body as { ImportJobId: string }).ImportJobId)).toEqual([
      result.importJobId,
      result.importJobId,
    ]);
    expect(clock.sleeps).toContain(7000);
    expect([importJobs().length, result.startAttempts, result.recovered]).toEqual([1, 1, false]);
  });

  it("a reset before the service saw the start: no import job and nothing running, so it is sent again with the same id; one import", async () => {
    const { client, env } = await setup();
    emulator.faults.add({ kind: "reset", path: "/dataverse/*/ImportSolutionAsync" });
    const result = await client.importSolution(env, solutionZip({ version: "1.0.0.0" }));
    expect(starts().map((s) => [s.status, s.fault])).toEqual([
      [null, "reset"],
      [200, null],
    ]);
    expect(new Set(starts().map((s) => (s.body as { ImportJobId: string }).ImportJobId))).toEqual(
      new Set([result.importJobId]),
    );
    expect([importJobs().length, result.startAttempts, result.recovered, result.solution.version]).toEqual([
      1,
      2,
      false,
      "1.0.0.0",
    ]);
    // What proved it: the import job with that id did not exist and no import was queued or running.
    expect(emulator.log.find({ route: "dataverse.importjobs.get" }).map((e) => e.status)).toEqual([404, 404]);
  });

  it("a reset after the service started the import (lost response): its queued job is waited for and followed, never started again", async () => {
    const { client, env } = await setup();
    emulator.faults.add({ kind: "dropResponse", path: "/dataverse/*/ImportSolutionAsync" });
    const result = await client.importSolution(env, solutionZip({ version: "1.0.0.0" }));
    expect(starts().map((s) => [s.status, s.fault])).toEqual([[200, "dropResponse"]]);
    const [job] = importJobs();
    expect([
      importJobs().length,
      result.importJobId,
      result.asyncOperationId,
      result.recovered,
      result.solution.version,
    ]).toEqual([1, job?.importJobKey, undefined, true, "1.0.0.0"]);
    // The first look finds no job yet (the import is queued) but an import in flight, so it waits and looks again;
    // then it follows the job to its end.
    expect(emulator.log.find({ route: "dataverse.importjobs.get" }).map((e) => e.status)).toEqual([404, 200, 200]);
  });

  it("a 503 on the start (not processed here) is ambiguous to the client: proven not started, sent again once", async () => {
    const { client, env } = await setup();
    emulator.faults.add({ kind: "status", status: 503, path: "/dataverse/*/ImportSolutionAsync" });
    const result = await client.importSolution(env, solutionZip({ version: "1.0.0.0" }));
    expect(starts().map((s) => s.status)).toEqual([503, 200]);
    expect([importJobs().length, result.startAttempts]).toEqual([1, 2]);
  });

  it("a reset on StageSolution is staged again (staging changes nothing installed); one import", async () => {
    const { client, env } = await setup();
    emulator.faults.add({ kind: "reset", path: "/dataverse/*/StageSolution" });
    await client.importSolution(env, solutionZip({ version: "1.0.0.0" }));
    expect(emulator.log.find({ route: "dataverse.solutions.stage" }).map((e) => e.status)).toEqual([null, 200]);
    expect(importJobs().length).toEqual(1);
  });

  it("waits for an import already running before starting one (the unfinished import of a run that timed out)", async () => {
    const { client, env } = await setup();
    // The deadline passes while the first call waits for its import (started at 0 s, first wait to 5 s).
    const timedOut = await client
      .importSolution(env, solutionZip({ version: "1.0.0.0" }), { timeoutMs: 3000 })
      .catch((e) => e);
    expect([timedOut.name, importJobs().map((j) => j.state)]).toEqual(["DeadlineExceededError", ["InProgress"]]);
    const result = await client.importSolution(env, solutionZip({ version: "1.0.0.0" }));
    expect([importJobs().map((j) => j.state), result.solution.version]).toEqual([
      ["Succeeded", "Succeeded"],
      "1.0.0.0",
    ]);
    // The second call saw the first import running, waited, and started only once it had finished.
    const routes = emulator.log.entries.map((e) => e.route);
    const secondStart = routes.lastIndexOf("dataverse.solutions.importAsync");
    expect(routes.slice(secondStart - 3, secondStart)).toEqual([
      "dataverse.asyncoperations.list",
      "dataverse.asyncoperations.list",
      "dataverse.asyncoperations.list",
    ]);
  });

  it("gives up, sending no start, while another import keeps the environment busy", async () => {
    const { client, env } = await setup({ timing: { solutionImportPolls: 1000 } });
    const dataverse = org(env);
    if (!dataverse) throw new Error("no Dataverse");
    dataverse.importJobs.foreign = {
      asyncOperationId: "4f1c2b7a-0000-4000-8000-00000000f001",
      importJobKey: "4f1c2b7a-0000-4000-8000-00000000f002",
      uploadId: "none",
      action: "ImportSolutionAsync",
      pollsServed: 0,
      state: "InProgress",
      completedon: null,
      fail: false,
    };
    const error = await client.importSolution(env, solutionZip({ version: "1.0.0.0" })).catch((e) => e);
    expect(error).toBeInstanceOf(SolutionImportOutcomeUnknownError);
    expect(error.message.split("\nHint:")[0]).toEqual(
      `importSolution: solution imports are still running in environment ${env} (async operations 4f1c2b7a-0000-4000-8000-00000000f001); a new import was not started`,
    );
    expect(starts()).toEqual([]);
  });
});

describe("bad input is refused before anything is sent", () => {
  it.each([
    [
      "a file that is not a zip",
      new Uint8Array(Buffer.from("not a zip")),
      {},
      SolutionPackageError,
      "the solution file is not a zip archive (9 bytes)",
    ],
    [
      "an unbound connection reference",
      solutionZip({ version: "1.0.0.0", references: { cr_sp: SHAREPOINT } }),
      {},
      DeploymentSettingsError,
      `the deployment settings of PolicyLookupAgent is not a valid deployment-settings document:\n  - connection reference cr_sp (${SHAREPOINT}) is declared by PolicyLookupAgent but not bound: add it to connectionReferences with a connection of the target environment`,
    ],
    [
      "a binding the package does not declare",
      solutionZip({ version: "1.0.0.0" }),
      {
        settings: {
          environmentVariables: {},
          connectionReferences: { cr_typo: { connectionId: "c", connectorId: SHAREPOINT } },
        },
      },
      DeploymentSettingsError,
      "the deployment settings of PolicyLookupAgent is not a valid deployment-settings document:\n  - connection reference cr_typo is bound in the settings but PolicyLookupAgent does not declare it",
    ],
  ])("%s", async (_what, file, options, type, message) => {
    const { client, env } = await setup();
    const error = await client.importSolution(env, file, options).catch((e) => e);
    expect(error).toBeInstanceOf(type);
    expect(error.message.split("\nHint:")[0]).toEqual(message);
    expect(emulator.log.entries).toEqual([]);
  });

  it("a package StageSolution refuses is a SolutionStageError; nothing is imported", async () => {
    const { client, env } = await setup();
    emulator.faults.add({
      kind: "status",
      status: 200,
      path: "/dataverse/*/StageSolution",
      body: {
        StageSolutionResults: {
          StageSolutionUploadId: "u",
          StageSolutionStatus: "Failed",
          SolutionValidationResults: [{ Message: "The solution is missing a dependency.", ErrorCode: -2147188672 }],
          MissingDependencies: [
            { RequiredComponentSchemaName: "msdyn_AIModel", RequiredSolutionName: "msdyn_AIBuilder" },
          ],
        },
      },
    });
    const error = await client.importSolution(env, solutionZip({ version: "1.0.0.0" })).catch((e) => e);
    expect(error).toBeInstanceOf(SolutionStageError);
    expect(error.message).toEqual(
      "importSolution: StageSolution answered Failed:\n  - validation: The solution is missing a dependency. (-2147188672)\n  - missing dependency: msdyn_AIModel from msdyn_AIBuilder\n" +
        "Hint: install the solutions it depends on (at least the versions named) in the target environment first",
    );
    expect(starts()).toEqual([]);
  });
});
