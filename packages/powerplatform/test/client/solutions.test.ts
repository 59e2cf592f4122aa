/**
 * Solution ALM against the emulator: import (stage, start once, poll, verify, read back) with deployment settings,
 * upgrade, export as managed, list, uninstall, the checker's rule catalogue — and the faults an import start meets:
 * a failed import, throttling, a reset before the service saw the start, a lost response after it started it, a 503,
 * another import still running. Every case asserts how many imports the environment ran: never two for one call.
 */
import { buildZip, type Emulator } from "@govai/emulator";
import { afterEach, describe, expect, it } from "vitest";
import type { PowerPlatformClient } from "../../src/client/client.ts";
import { virtualClock } from "../../src/client/clock.ts";
import { DeploymentSettingsError, SolutionPackageError } from "../../src/client/solutions.convert.ts";
import {
  SolutionImportFailedError,
  SolutionImportOutcomeUnknownError,
  SolutionStageError,
} from "../../src/client/solutions.ts";
import { clientFor, devInput, start } from "./support.ts";

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
    const { parseDeploymentSettings } = await import("../../src/client/solutions.convert.ts");
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
