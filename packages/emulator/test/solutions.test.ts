/** Solution import: stage, import exactly once, poll the async operation, verify, read and delete the solution. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildZip, type Emulator, readZipEntry } from "../src/index.ts";
import { client, createEnvironment, id, NOW, start } from "./support.ts";

let emulator: Emulator;
beforeEach(async () => {
  emulator = await start();
  await createEnvironment(emulator, "alm");
});
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

const SOLUTION_XML = `<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml><SolutionManifest><UniqueName>PolicyLookupAgent</UniqueName>
<LocalizedNames><LocalizedName description="Policy lookup agent" languagecode="1033" /></LocalizedNames>
<Version>1.2.0.0</Version><Managed>1</Managed></SolutionManifest></ImportExportXml>`;
const zip = () => buildZip({ "[Content_Types].xml": "<Types/>", "solution.xml": SOLUTION_XML }).toString("base64");
// ids 1-11 belong to the environment (see dataverse.test.ts); the next ids go to the upload, the job and the row.
const API = "/api/data/v9.2";

describe("solution import", () => {
  it("stages, imports once, completes after solutionImportPolls polls, reports Passed, and installs the solution", async () => {
    const c = await client(emulator);
    const staged = await c.dv("POST", "alm", `${API}/StageSolution`, { CustomizationFile: zip() });
    expect(staged.body).toEqual({
      StageSolutionResults: {
        StageSolutionUploadId: id(12),
        StageSolutionStatus: "Passed",
        SolutionValidationResults: [],
        MissingDependencies: [],
        SolutionDetails: {
          SolutionUniqueName: "PolicyLookupAgent",
          SolutionFriendlyName: "Policy lookup agent",
          IsManaged: true,
          SolutionVersion: "1.2.0.0",
        },
      },
    });
    const started = await c.dv("POST", "alm", `${API}/ImportSolutionAsync`, {
      PublishWorkflows: true,
      OverwriteUnmanagedCustomizations: false,
      ComponentParameters: [],
      SolutionParameters: { StageSolutionUploadId: id(12) },
    });
    expect(started.body).toEqual({ ImportJobKey: id(14), AsyncOperationId: id(13) });
    const first = (await c.dv("GET", "alm", `${API}/asyncoperations(${id(13)})`)).body as Record<string, unknown>;
    const second = (await c.dv("GET", "alm", `${API}/asyncoperations(${id(13)})`)).body as Record<string, unknown>;
    expect([first.completedon, first.statuscode, second.completedon, second.statecode, second.statuscode]).toEqual([
      null,
      20,
      NOW,
      3,
      30,
    ]);
    const result = await c.dv("GET", "alm", `/api/data/v9.0/RetrieveSolutionImportResult(ImportJobId=${id(14)})`);
    expect(result.body).toEqual({
      SolutionOperationResult: { Status: "Passed", WarningMessages: [], ErrorMessages: [] },
    });
    const rows = await c.dv(
      "GET",
      "alm",
      `${API}/solutions?$select=uniquename,version,ismanaged&$filter=uniquename eq 'PolicyLookupAgent'`,
    );
    expect((rows.body as { value: unknown }).value).toEqual([
      { solutionid: id(15), uniquename: "PolicyLookupAgent", version: "1.2.0.0", ismanaged: true },
    ]);
    expect(emulator.log.count({ method: "POST", path: /ImportSolutionAsync/ })).toBe(1);
    expect((await c.dv("DELETE", "alm", `${API}/solutions(${id(15)})`)).status).toBe(204);
    expect(((await c.dv("GET", "alm", `${API}/solutions`)).body as { value: unknown[] }).value).toEqual([]);
  });

  it("reads solution.xml from a deflated zip, like a real solution export", async () => {
    const c = await client(emulator);
    const deflated = buildZip(
      { "solution.xml": SOLUTION_XML, "customizations.xml": "<x/>".repeat(100) },
      { deflate: true },
    );
    const staged = await c.dv("POST", "alm", `${API}/StageSolution`, {
      CustomizationFile: deflated.toString("base64"),
    });
    expect(
      (staged.body as { StageSolutionResults: { SolutionDetails: unknown } }).StageSolutionResults.SolutionDetails,
    ).toEqual({
      SolutionUniqueName: "PolicyLookupAgent",
      SolutionFriendlyName: "Policy lookup agent",
      IsManaged: true,
      SolutionVersion: "1.2.0.0",
    });
  });

  it("a failLifecycle fault on the import makes it complete Failed", async () => {
    const c = await client(emulator);
    await c.dv("POST", "alm", `${API}/StageSolution`, { CustomizationFile: zip() });
    emulator.faults.add({ kind: "failLifecycle", path: "/dataverse/*/ImportSolutionAsync" });
    await c.dv("POST", "alm", `${API}/ImportSolutionAsync`, { SolutionParameters: { StageSolutionUploadId: id(12) } });
    await c.dv("GET", "alm", `${API}/asyncoperations(${id(13)})`);
    const done = (await c.dv("GET", "alm", `${API}/asyncoperations(${id(13)})`)).body as Record<string, unknown>;
    expect(done.statuscode).toBe(31);
    const result = await c.dv("GET", "alm", `${API}/RetrieveSolutionImportResult(ImportJobId=${id(14)})`);
    expect((result.body as { SolutionOperationResult: { Status: string } }).SolutionOperationResult.Status).toBe(
      "Failed",
    );
  });

  it("a file that is not a solution zip stages as Failed; an import of an unknown upload is refused", async () => {
    const c = await client(emulator);
    const staged = await c.dv("POST", "alm", `${API}/StageSolution`, {
      CustomizationFile: Buffer.from("hello").toString("base64"),
    });
    expect(
      (staged.body as { StageSolutionResults: { StageSolutionStatus: string } }).StageSolutionResults
        .StageSolutionStatus,
    ).toBe("Failed");
    const refused = await c.dv("POST", "alm", `${API}/ImportSolutionAsync`, {
      SolutionParameters: { StageSolutionUploadId: "nope" },
    });
    expect(refused.status).toBe(400);
  });
});

const managedZip = (version: string, managed = true, name = "PolicyLookupAgent") =>
  buildZip({
    "solution.xml": `<ImportExportXml><SolutionManifest><UniqueName>${name}</UniqueName><LocalizedNames><LocalizedName description="Policy lookup agent" languagecode="1033" /></LocalizedNames><Version>${version}</Version><Managed>${managed ? 1 : 0}</Managed></SolutionManifest></ImportExportXml>`,
    "customizations.xml": "<ImportExportXml><connectionreferences /></ImportExportXml>",
  }).toString("base64");

type Client = Awaited<ReturnType<typeof client>>;

/** Stages a package and starts its import; returns the start's answer. */
async function begin(c: Client, file: string, action = "ImportSolutionAsync", extra: Record<string, unknown> = {}) {
  const staged = (await c.dv("POST", "alm", `${API}/StageSolution`, { CustomizationFile: file })).body as {
    StageSolutionResults: { StageSolutionUploadId: string };
  };
  return c.dv("POST", "alm", `${API}/${action}`, {
    SolutionParameters: { StageSolutionUploadId: staged.StageSolutionResults.StageSolutionUploadId },
    ...extra,
  });
}

/** Polls an import to its end; returns the async operation's last row. */
async function finish(c: Client, asyncOperationId: string) {
  for (let i = 0; i < 5; i++) {
    const op = (await c.dv("GET", "alm", `${API}/asyncoperations(${asyncOperationId})`)).body as Record<
      string,
      unknown
    >;
    if (op.statecode === 3) return op;
  }
  throw new Error("the import did not finish");
}

describe("import jobs, bindings, refusals and export", () => {
  it("names the import job by the caller's ImportJobId: queued (no row yet), then running (row), and a second start with the id is refused", async () => {
    const c = await client(emulator);
    const jobId = "7b0f5d2e-1c3a-4e5f-9a8b-0c1d2e3f4a5b";
    const started = await begin(c, managedZip("1.0.0.0"), "ImportSolutionAsync", { ImportJobId: jobId });
    expect((started.body as { ImportJobKey: string }).ImportJobKey).toEqual(jobId);
    const first = await c.dv("GET", "alm", `${API}/importjobs(${jobId})`);
    const second = await c.dv("GET", "alm", `${API}/importjobs(${jobId})`);
    expect([first.status, second.status, (second.body as { solutionname: string }).solutionname]).toEqual([
      404,
      200,
      "PolicyLookupAgent",
    ]);
    const again = await begin(c, managedZip("1.0.0.0"), "ImportSolutionAsync", { ImportJobId: jobId });
    expect([again.status, again.body]).toEqual([
      409,
      {
        error: {
          code: "0x80040237",
          message: `Cannot insert duplicate key: an importjob with id ${jobId} already exists.`,
        },
      },
    ]);
  });

  it("lists imports in flight with $filter ne, and each list moves them one poll along (solutionImportPolls 1)", async () => {
    const c = await client(emulator);
    const started = (await begin(c, managedZip("1.0.0.0"))).body as { AsyncOperationId: string };
    const inFlight = `${API}/asyncoperations?$select=asyncoperationid,statecode&$filter=messagename eq 'ImportSolutionAsync' and statecode ne 3`;
    const lists = [];
    for (let i = 0; i < 4; i++) lists.push(((await c.dv("GET", "alm", inFlight)).body as { value: unknown[] }).value);
    expect(lists).toEqual([
      [{ asyncoperationid: started.AsyncOperationId, statecode: 0 }],
      [{ asyncoperationid: started.AsyncOperationId, statecode: 2 }],
      [],
      [],
    ]);
  });

  it("binds the ComponentParameters on success; uninstall removes them with the solution", async () => {
    const c = await client(emulator);
    const started = (
      await begin(c, managedZip("1.0.0.0"), "ImportSolutionAsync", {
        ComponentParameters: [
          {
            "@odata.type": "Microsoft.Dynamics.CRM.connectionreference",
            connectionreferencelogicalname: "cr_sp",
            connectionreferencedisplayname: "",
            description: "",
            connectorid: "/providers/Microsoft.PowerApps/apis/shared_sharepointonline",
            connectionid: "c-1",
          },
          {
            "@odata.type": "Microsoft.Dynamics.CRM.environmentvariablevalue",
            schemaname: "cr_Url",
            value: "https://a",
          },
        ],
      })
    ).body as { AsyncOperationId: string };
    await finish(c, started.AsyncOperationId);
    // The bound rows are read from the state: no client operation reads these tables, so no route serves them.
    const org = () => Object.values(emulator.state.environments)[0]?.dataverse;
    const bound = () => [
      Object.values(org()?.connectionReferences ?? {}).map((r) => [
        r.connectionreferencelogicalname,
        r.connectorid,
        r.connectionid,
        r.solution,
      ]),
      Object.values(org()?.environmentVariableValues ?? {}).map((r) => [r.schemaname, r.value, r.solution]),
    ];
    expect(bound()).toEqual([
      [["cr_sp", "/providers/Microsoft.PowerApps/apis/shared_sharepointonline", "c-1", "PolicyLookupAgent"]],
      [["cr_Url", "https://a", "PolicyLookupAgent"]],
    ]);
    const row = ((await c.dv("GET", "alm", `${API}/solutions`)).body as { value: Array<{ solutionid: string }> })
      .value[0];
    await c.dv("DELETE", "alm", `${API}/solutions(${row?.solutionid})`);
    expect(bound()).toEqual([[], []]);
  });

  it.each([
    [
      "an older managed version",
      [managedZip("2.0.0.0")],
      managedZip("1.0.0.0"),
      "ImportSolutionAsync",
      "The solution PolicyLookupAgent 1.0.0.0 is older than the installed version 2.0.0.0; a managed solution cannot be downgraded.",
    ],
    [
      "an upgrade to the same version",
      [managedZip("2.0.0.0")],
      managedZip("2.0.0.0"),
      "StageAndUpgradeAsync",
      "An upgrade of PolicyLookupAgent needs a higher version than the installed 2.0.0.0.",
    ],
    [
      "a managed package over an unmanaged install",
      [managedZip("1.0.0.0", false)],
      managedZip("1.1.0.0"),
      "ImportSolutionAsync",
      "Solution PolicyLookupAgent is already installed on this system as an unmanaged solution and the package supplied is attempting to install it in managed mode. Import can only update solutions when the modes match. Uninstall the current solution and try again.",
    ],
  ])(
    "refuses %s: the import fails with the reason and nothing changes",
    async (_what, before, file, action, reason) => {
      const c = await client(emulator);
      for (const b of before)
        await finish(c, ((await begin(c, b)).body as { AsyncOperationId: string }).AsyncOperationId);
      const started = (await begin(c, file, action)).body as { AsyncOperationId: string; ImportJobKey: string };
      const op = await finish(c, started.AsyncOperationId);
      const result = await c.dv(
        "GET",
        "alm",
        `${API}/RetrieveSolutionImportResult(ImportJobId=${started.ImportJobKey})`,
      );
      expect([op.statuscode, op.message, result.body]).toEqual([
        31,
        reason,
        { SolutionOperationResult: { Status: "Failed", WarningMessages: [], ErrorMessages: [reason] } },
      ]);
      const rows = ((await c.dv("GET", "alm", `${API}/solutions?$select=version`)).body as { value: unknown[] }).value;
      expect(rows.length).toEqual(1);
    },
  );

  it("exports an unmanaged solution as a managed package; a managed or unknown solution is refused", async () => {
    const c = await client(emulator);
    await finish(
      c,
      ((await begin(c, managedZip("1.4.0.0", false))).body as { AsyncOperationId: string }).AsyncOperationId,
    );
    const exported = await c.dv("POST", "alm", `${API}/ExportSolution`, {
      SolutionName: "PolicyLookupAgent",
      Managed: true,
    });
    const file = (exported.body as { ExportSolutionFile: string }).ExportSolutionFile;
    const xml = readZipEntry(Buffer.from(file, "base64"), "solution.xml")?.toString("utf8") ?? "";
    expect([/<Version>(.*)<\/Version>/.exec(xml)?.[1], /<Managed>(.*)<\/Managed>/.exec(xml)?.[1]]).toEqual([
      "1.4.0.0",
      "1",
    ]);
    const unknown = await c.dv("POST", "alm", `${API}/ExportSolution`, { SolutionName: "Nope", Managed: true });
    expect([unknown.status, unknown.body]).toEqual([
      404,
      { error: { code: "0x80040217", message: "The solution Nope does not exist in this organization." } },
    ]);
  });
});
