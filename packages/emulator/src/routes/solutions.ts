/**
 * Solution ALM on Dataverse (§13): `StageSolution`, `ImportSolutionAsync` / `StageAndUpgradeAsync` (each start is
 * one import; a caller's `ImportJobId` names its import job, and a second start with the same id is refused),
 * `asyncoperations` (one row, or the list with `$filter`), `importjobs(<id>)`, `RetrieveSolutionImportResult`,
 * `ExportSolution`, the `solutions` rows, and the `connectionreferences` / `environmentvariablevalues` an import's
 * `ComponentParameters` bind.
 *
 * An import is `Queued` until something reads it (the service's async host picks it up a moment later; its
 * `importjobs` row exists from then on), `InProgress` for `solutionImportPolls` polls, then completes. It fails when
 * a `failLifecycle` fault hit its start, or when the service would refuse the package: a managed package over an
 * unmanaged install (or the reverse), an older version than the installed managed one, or an upgrade
 * (`StageAndUpgradeAsync`) that is not to a higher version. A failed import changes nothing.
 */
import { isObject, type JsonObject, sameId } from "../json.ts";
import { parseExpand } from "../odata.ts";
import { empty, odataError, ok, type RouteResult } from "../responses.ts";
import type { EmulatorCore, RequestContext, Router } from "../router.ts";
import type {
  StoredConnectionReference,
  StoredDataverseOrg,
  StoredEnvironmentVariableValue,
  StoredImportJob,
  StoredSolution,
  StoredSolutionDetails,
} from "../state.ts";
import { buildZip, readZipEntry } from "../zip.ts";
import { isOrg, odataList, queryRows, resolve } from "./dataverse.ts";

function tag(xml: string, name: string): string | null {
  return new RegExp(`<${name}>([^<]*)</${name}>`, "i").exec(xml)?.[1]?.trim() ?? null;
}

/** Reads the solution details out of a base64 solution zip; null when it is not one. */
export function solutionDetails(base64: string): StoredSolutionDetails | null {
  const xmlBytes = readZipEntry(Buffer.from(base64, "base64"), "solution.xml");
  if (!xmlBytes) return null;
  const xml = xmlBytes.toString("utf8");
  const unique = tag(xml, "UniqueName");
  const version = tag(xml, "Version");
  if (!unique || !version) return null;
  const friendly = /<LocalizedName[^>]*description="([^"]*)"/i.exec(xml)?.[1] ?? unique;
  return {
    SolutionUniqueName: unique,
    SolutionFriendlyName: friendly,
    IsManaged: tag(xml, "Managed") === "1",
    SolutionVersion: version,
  };
}

/** -1, 0, 1 comparing two dotted versions numerically (missing parts are 0). */
function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length, 4); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function stage(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  const file = isObject(ctx.body) ? ctx.body.CustomizationFile : undefined;
  if (typeof file !== "string" || file === "")
    return odataError(400, "0x80040203", "CustomizationFile (a base64 solution zip) is required.");
  const details = solutionDetails(file);
  const uploadId = ctx.core.newId();
  if (!details) {
    return ok({
      StageSolutionResults: {
        StageSolutionUploadId: uploadId,
        StageSolutionStatus: "Failed",
        SolutionValidationResults: [
          {
            SolutionValidationResultType: "Error",
            ErrorCode: -2147188672,
            AdditionalInfo: "",
            Message:
              "The solution file is invalid: it is not a zip with a solution.xml that has UniqueName and Version.",
          },
        ],
        MissingDependencies: [],
        SolutionDetails: null,
      },
    });
  }
  o.org.stagedSolutions[uploadId] = details;
  const customizations = readZipEntry(Buffer.from(file, "base64"), "customizations.xml");
  o.org.stagedFiles ??= {};
  o.org.stagedFiles[uploadId] = { customizations: customizations ? customizations.toString("utf8") : null };
  return ok({
    StageSolutionResults: {
      StageSolutionUploadId: uploadId,
      StageSolutionStatus: "Passed",
      SolutionValidationResults: [],
      MissingDependencies: [],
      SolutionDetails: details,
    },
  });
}

function startImport(action: "ImportSolutionAsync" | "StageAndUpgradeAsync") {
  return (ctx: RequestContext): RouteResult => {
    const o = resolve(ctx);
    if (!isOrg(o)) return o;
    const body = isObject(ctx.body) ? ctx.body : {};
    const params = isObject(body.SolutionParameters) ? body.SolutionParameters : null;
    const uploadId = params?.StageSolutionUploadId;
    if (typeof uploadId !== "string" || !o.org.stagedSolutions[uploadId]) {
      return odataError(
        400,
        "0x80040203",
        `SolutionParameters.StageSolutionUploadId must name a staged solution; got ${JSON.stringify(uploadId)}.`,
      );
    }
    const requested = body.ImportJobId;
    if (requested !== undefined && (typeof requested !== "string" || !/^[0-9a-f-]{36}$/i.test(requested))) {
      return odataError(400, "0x80040203", `ImportJobId must be a GUID; got ${JSON.stringify(requested)}.`);
    }
    if (
      typeof requested === "string" &&
      Object.values(o.org.importJobs).some((j) => sameId(j.importJobKey, requested))
    ) {
      // The import job's primary key is taken (a repeated start): Dataverse's duplicate-key refusal.
      return odataError(
        409,
        "0x80040237",
        `Cannot insert duplicate key: an importjob with id ${requested} already exists.`,
      );
    }
    const parameters = Array.isArray(body.ComponentParameters) ? body.ComponentParameters.filter(isObject) : [];
    const now = ctx.core.now().toISOString();
    const job: StoredImportJob = {
      asyncOperationId: ctx.core.newId(),
      importJobKey: typeof requested === "string" ? requested.toLowerCase() : ctx.core.newId(),
      uploadId,
      action,
      componentParameters: parameters,
      pollsServed: 0,
      state: "Queued",
      createdon: now,
      startedon: null,
      completedon: null,
      fail: ctx.failLifecycle !== null,
    };
    o.org.importJobs[job.asyncOperationId] = job;
    return ok({ ImportJobKey: job.importJobKey, AsyncOperationId: job.asyncOperationId });
  };
}

/** The async host picks a queued import up: it runs from now on, and its `importjobs` row exists. */
function pickUp(core: EmulatorCore, job: StoredImportJob): void {
  if (job.state !== "Queued") return;
  job.state = "InProgress";
  job.startedon = core.now().toISOString();
}

/** One poll's worth of progress of a running import. */
function advance(core: EmulatorCore, org: StoredDataverseOrg, job: StoredImportJob): void {
  pickUp(core, job);
  if (job.state !== "InProgress") return;
  if (job.pollsServed >= core.config.timing.solutionImportPolls) complete(core, org, job);
  else job.pollsServed += 1;
}

/** Why the service would refuse this package here, or null. */
function refusal(
  existing: StoredSolution | undefined,
  details: StoredSolutionDetails,
  job: StoredImportJob,
): string | null {
  if (existing && existing.ismanaged !== details.IsManaged) {
    return existing.ismanaged
      ? `Solution ${details.SolutionUniqueName} is installed as a managed solution and the package supplied is unmanaged. Import can only update solutions when the modes match.`
      : `Solution ${details.SolutionUniqueName} is already installed on this system as an unmanaged solution and the package supplied is attempting to install it in managed mode. Import can only update solutions when the modes match. Uninstall the current solution and try again.`;
  }
  if (!existing?.ismanaged) return null;
  const order = compareVersions(details.SolutionVersion, existing.version);
  if (order < 0) {
    return `The solution ${details.SolutionUniqueName} ${details.SolutionVersion} is older than the installed version ${existing.version}; a managed solution cannot be downgraded.`;
  }
  if (job.action === "StageAndUpgradeAsync" && order === 0) {
    return `An upgrade of ${details.SolutionUniqueName} needs a higher version than the installed ${existing.version}.`;
  }
  return null;
}

function applyParameters(
  core: EmulatorCore,
  org: StoredDataverseOrg,
  solution: string,
  parameters: JsonObject[],
): void {
  org.connectionReferences ??= {};
  org.environmentVariableValues ??= {};
  for (const p of parameters) {
    if (p["@odata.type"] === "Microsoft.Dynamics.CRM.connectionreference") {
      const name = String(p.connectionreferencelogicalname ?? "");
      const row: StoredConnectionReference | undefined = Object.values(org.connectionReferences).find((r) =>
        sameId(r.connectionreferencelogicalname, name),
      );
      const id = row?.connectionreferenceid ?? core.newId();
      org.connectionReferences[id] = {
        connectionreferenceid: id,
        connectionreferencelogicalname: name,
        connectorid: String(p.connectorid ?? ""),
        connectionid: String(p.connectionid ?? ""),
        solution,
      };
    } else if (p["@odata.type"] === "Microsoft.Dynamics.CRM.environmentvariablevalue") {
      const name = String(p.schemaname ?? "");
      const row: StoredEnvironmentVariableValue | undefined = Object.values(org.environmentVariableValues).find((r) =>
        sameId(r.schemaname, name),
      );
      const id = row?.environmentvariablevalueid ?? core.newId();
      org.environmentVariableValues[id] = {
        environmentvariablevalueid: id,
        schemaname: name,
        value: String(p.value ?? ""),
        solution,
      };
    }
  }
}

function complete(core: EmulatorCore, org: StoredDataverseOrg, job: StoredImportJob): void {
  const now = core.now().toISOString();
  job.completedon = now;
  const details = org.stagedSolutions[job.uploadId];
  const existing = details
    ? Object.values(org.solutions).find((s) => sameId(s.uniquename, details.SolutionUniqueName))
    : undefined;
  const refused = details ? refusal(existing, details, job) : null;
  if (job.fail || refused) {
    job.state = "Failed";
    if (refused) job.failureMessage = refused;
    return;
  }
  job.state = "Succeeded";
  if (!details) return;
  const customizations = org.stagedFiles?.[job.uploadId]?.customizations ?? undefined;
  applyParameters(core, org, details.SolutionUniqueName, job.componentParameters ?? []);
  if (existing) {
    existing.version = details.SolutionVersion;
    existing.friendlyname = details.SolutionFriendlyName;
    existing.ismanaged = details.IsManaged;
    existing.modifiedon = now;
    existing.installedon = now;
    if (customizations !== undefined) existing.customizations = customizations;
    return;
  }
  const id = core.newId();
  org.solutions[id] = {
    solutionid: id,
    uniquename: details.SolutionUniqueName,
    friendlyname: details.SolutionFriendlyName,
    ismanaged: details.IsManaged,
    version: details.SolutionVersion,
    createdon: now,
    modifiedon: now,
    installedon: now,
    ...(customizations !== undefined ? { customizations } : {}),
  };
}

/** An `asyncoperations` row of an import (fixture `solution/tests/resource/Validate_Create_With_Settings_File/get_async_operations.json`). */
function asyncOperationRow(job: StoredImportJob): JsonObject {
  const failed = job.state === "Failed";
  const message = failed ? (job.failureMessage ?? "Solution import failed.") : null;
  return {
    asyncoperationid: job.asyncOperationId,
    name: "ImportSolution",
    messagename: job.action ?? "ImportSolutionAsync",
    operationtype: 54,
    statecode: job.state === "Queued" ? 0 : job.state === "InProgress" ? 2 : 3,
    statuscode: job.state === "Queued" ? 0 : job.state === "InProgress" ? 20 : job.state === "Succeeded" ? 30 : 31,
    createdon: job.createdon ?? null,
    startedon: job.startedon ?? null,
    completedon: job.completedon,
    message,
    friendlymessage: message,
  };
}

function asyncOperation(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  const job = Object.values(o.org.importJobs).find((j) => sameId(j.asyncOperationId, ctx.params.id));
  if (!job) return odataError(404, "0x80040217", `asyncoperation With Id = ${ctx.params.id} Does Not Exist`);
  advance(ctx.core, o.org, job);
  return ok({
    "@odata.context": `${o.base}api/data/${ctx.params.version}/$metadata#asyncoperations/$entity`,
    ...asyncOperationRow(job),
  });
}

function listAsyncOperations(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  const jobs = Object.values(o.org.importJobs);
  const rows = queryRows(ctx, jobs.map(asyncOperationRow), "asyncoperationid");
  if (!Array.isArray(rows)) return rows;
  // Time passes for the async host too: after this answer, each running import gets one poll's worth of progress.
  for (const job of jobs) advance(ctx.core, o.org, job);
  return ok(odataList(o.base, ctx.params.version ?? "v9.2", "asyncoperations", rows));
}

function importJob(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  const job = Object.values(o.org.importJobs).find((j) => sameId(j.importJobKey, ctx.params.id));
  const missing = odataError(404, "0x80040217", `importjob With Id = ${ctx.params.id} Does Not Exist`);
  if (!job) return missing;
  if (job.state === "Queued") {
    // The row is written when the async host picks the import up, a moment after this read.
    pickUp(ctx.core, job);
    return missing;
  }
  advance(ctx.core, o.org, job);
  const details = o.org.stagedSolutions[job.uploadId];
  return ok({
    "@odata.context": `${o.base}api/data/${ctx.params.version}/$metadata#importjobs/$entity`,
    importjobid: job.importJobKey,
    solutionname: details?.SolutionUniqueName ?? null,
    progress: job.state === "InProgress" ? 50 : 100,
    createdon: job.createdon ?? null,
    startedon: job.startedon ?? null,
    completedon: job.completedon,
  });
}

function importResult(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  const key = (ctx.params.key ?? "").replace(/^'|'$/g, "");
  const job = Object.values(o.org.importJobs).find((j) => sameId(j.importJobKey, key));
  if (!job) return odataError(404, "0x80040217", `importjob With Id = ${key} Does Not Exist`);
  const status = job.state === "Succeeded" ? "Passed" : job.state === "Failed" ? "Failed" : "InProgress";
  return ok({
    SolutionOperationResult: {
      Status: status,
      WarningMessages: [],
      ErrorMessages:
        job.state === "Failed" ? [job.failureMessage ?? "Solution import failed (injected by the emulator)."] : [],
    },
  });
}

/** A `solutions` row as served (without the emulator's bookkeeping). */
function solutionRow(s: StoredSolution): JsonObject {
  const { customizations: _, ...row } = s;
  return { ...row };
}

function listSolutions(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  let expand: ReturnType<typeof parseExpand>;
  try {
    expand = parseExpand(ctx.query.get("$expand"));
  } catch (error) {
    return odataError(400, "0x80060888", (error as Error).message);
  }
  if (expand && expand.navigation !== "publisherid") {
    return odataError(
      400,
      "0x80060888",
      `Could not find a property named '${expand.navigation}' on type 'Microsoft.Dynamics.CRM.solution'.`,
    );
  }
  const rows = queryRows(ctx, Object.values(o.org.solutions).map(solutionRow), "solutionid");
  if (!Array.isArray(rows)) return rows;
  const value = expand
    ? rows.map((r) => ({
        ...r,
        publisherid: {
          publisherid: o.org.organization.organizationid,
          uniquename: "emulator",
          friendlyname: "Emulator",
        },
      }))
    : rows;
  return ok(odataList(o.base, ctx.params.version ?? "v9.2", "solutions", value));
}

/** Uninstalls: the row goes, and with it the connection references and variable values its imports bound. */
function deleteSolution(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  const row = Object.values(o.org.solutions).find((s) => sameId(s.solutionid, ctx.params.id));
  if (!row) return odataError(404, "0x80040217", `solution With Id = ${ctx.params.id} Does Not Exist`);
  delete o.org.solutions[row.solutionid];
  for (const [id, r] of Object.entries(o.org.connectionReferences ?? {})) {
    if (sameId(r.solution, row.uniquename)) delete o.org.connectionReferences?.[id];
  }
  for (const [id, r] of Object.entries(o.org.environmentVariableValues ?? {})) {
    if (sameId(r.solution, row.uniquename)) delete o.org.environmentVariableValues?.[id];
  }
  return empty(204);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** `ExportSolution`: an unmanaged solution as a managed or unmanaged package (deflated, like the service's). */
function exportSolution(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  const body = isObject(ctx.body) ? ctx.body : {};
  const name = body.SolutionName;
  if (typeof name !== "string" || name === "") {
    return odataError(400, "0x80040203", "SolutionName (the unique name of the solution) is required.");
  }
  const row = Object.values(o.org.solutions).find((s) => sameId(s.uniquename, name));
  if (!row) return odataError(404, "0x80040217", `The solution ${name} does not exist in this organization.`);
  if (row.ismanaged) {
    return odataError(
      400,
      "0x80040203",
      `The solution ${row.uniquename} is managed; only unmanaged solutions can be exported.`,
    );
  }
  const managed = body.Managed === true;
  const solutionXml = `<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml version="9.2.0.0" SolutionPackageVersion="9.2" languagecode="1033" generatedBy="CrmLive">
  <SolutionManifest>
    <UniqueName>${escapeXml(row.uniquename)}</UniqueName>
    <LocalizedNames><LocalizedName description="${escapeXml(row.friendlyname)}" languagecode="1033" /></LocalizedNames>
    <Version>${escapeXml(row.version)}</Version>
    <Managed>${managed ? 1 : 0}</Managed>
  </SolutionManifest>
</ImportExportXml>`;
  const zip = buildZip(
    {
      "[Content_Types].xml": '<?xml version="1.0" encoding="utf-8"?><Types />',
      "solution.xml": solutionXml,
      "customizations.xml": row.customizations ?? '<?xml version="1.0" encoding="utf-8"?><ImportExportXml />',
    },
    { deflate: true },
  );
  return ok({ ExportSolutionFile: zip.toString("base64") });
}

/** Registers the solution routes. */
export function solutionRoutes(router: Router): void {
  const api = "/api/data/{version}";
  router.add("POST", "dataverse", `${api}/StageSolution`, "dataverse.solutions.stage", stage);
  router.add(
    "POST",
    "dataverse",
    `${api}/ImportSolutionAsync`,
    "dataverse.solutions.importAsync",
    startImport("ImportSolutionAsync"),
  );
  router.add(
    "POST",
    "dataverse",
    `${api}/StageAndUpgradeAsync`,
    "dataverse.solutions.stageAndUpgradeAsync",
    startImport("StageAndUpgradeAsync"),
  );
  router.add("POST", "dataverse", `${api}/ExportSolution`, "dataverse.solutions.export", exportSolution);
  router.add("GET", "dataverse", `${api}/asyncoperations({id})`, "dataverse.asyncoperations.get", asyncOperation);
  router.add("GET", "dataverse", `${api}/asyncoperations`, "dataverse.asyncoperations.list", listAsyncOperations);
  router.add("GET", "dataverse", `${api}/importjobs({id})`, "dataverse.importjobs.get", importJob);
  router.add(
    "GET",
    "dataverse",
    `${api}/RetrieveSolutionImportResult(ImportJobId={key})`,
    "dataverse.solutions.importResult",
    importResult,
  );
  router.add("GET", "dataverse", `${api}/solutions`, "dataverse.solutions.list", listSolutions);
  router.add("DELETE", "dataverse", `${api}/solutions({id})`, "dataverse.solutions.delete", deleteSolution);
}
