/** Solution import: stage, import exactly once, poll the async operation, verify, read and delete the solution. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildZip, type Emulator } from "../src/index.ts";
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
