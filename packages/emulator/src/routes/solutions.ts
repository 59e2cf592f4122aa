/**
 * Solution import on Dataverse (§13): `StageSolution`, `ImportSolutionAsync` / `StageAndUpgradeAsync` (start once),
 * `asyncoperations(<id>)` gaining `completedon` after `solutionImportPolls` polls, `RetrieveSolutionImportResult`,
 * and the `solutions` rows. A `failLifecycle` fault on the import call makes the import fail.
 */
import { isObject, type JsonObject, sameId } from "../json.ts";
import { parseExpand } from "../odata.ts";
import { empty, odataError, ok, type RouteResult } from "../responses.ts";
import type { EmulatorCore, RequestContext, Router } from "../router.ts";
import type { StoredDataverseOrg, StoredImportJob, StoredSolutionDetails } from "../state.ts";
import { readZipEntry } from "../zip.ts";
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

function startImport(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  const params = isObject(ctx.body) && isObject(ctx.body.SolutionParameters) ? ctx.body.SolutionParameters : null;
  const uploadId = params?.StageSolutionUploadId;
  if (typeof uploadId !== "string" || !o.org.stagedSolutions[uploadId]) {
    return odataError(
      400,
      "0x80040203",
      `SolutionParameters.StageSolutionUploadId must name a staged solution; got ${JSON.stringify(uploadId)}.`,
    );
  }
  const job: StoredImportJob = {
    asyncOperationId: ctx.core.newId(),
    importJobKey: ctx.core.newId(),
    uploadId,
    pollsServed: 0,
    state: "InProgress",
    completedon: null,
    fail: ctx.failLifecycle !== null,
  };
  o.org.importJobs[job.asyncOperationId] = job;
  return ok({ ImportJobKey: job.importJobKey, AsyncOperationId: job.asyncOperationId });
}

function complete(core: EmulatorCore, org: StoredDataverseOrg, job: StoredImportJob): void {
  const now = core.now().toISOString();
  job.completedon = now;
  job.state = job.fail ? "Failed" : "Succeeded";
  if (job.fail) return;
  const details = org.stagedSolutions[job.uploadId];
  if (!details) return;
  const existing = Object.values(org.solutions).find((s) => sameId(s.uniquename, details.SolutionUniqueName));
  if (existing) {
    existing.version = details.SolutionVersion;
    existing.friendlyname = details.SolutionFriendlyName;
    existing.ismanaged = details.IsManaged;
    existing.modifiedon = now;
    existing.installedon = now;
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
  };
}

function asyncOperation(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  const job = Object.values(o.org.importJobs).find((j) => sameId(j.asyncOperationId, ctx.params.id));
  if (!job) return odataError(404, "0x80040217", `asyncoperation With Id = ${ctx.params.id} Does Not Exist`);
  if (job.state === "InProgress") {
    if (job.pollsServed >= ctx.core.config.timing.solutionImportPolls) complete(ctx.core, o.org, job);
    else job.pollsServed += 1;
  }
  const done = job.state !== "InProgress";
  return ok({
    "@odata.context": `${o.base}api/data/${ctx.params.version}/$metadata#asyncoperations/$entity`,
    asyncoperationid: job.asyncOperationId,
    name: "Solution import",
    statecode: done ? 3 : 2,
    statuscode: job.state === "Succeeded" ? 30 : job.state === "Failed" ? 31 : 20,
    completedon: job.completedon,
    message: job.state === "Failed" ? "Solution import failed." : null,
    friendlymessage: job.state === "Failed" ? "Solution import failed." : null,
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
      ErrorMessages: job.state === "Failed" ? ["Solution import failed (injected by the emulator)."] : [],
    },
  });
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
  const rows = queryRows(
    ctx,
    Object.values(o.org.solutions).map((s) => ({ ...s }) as JsonObject),
    "solutionid",
  );
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

function deleteSolution(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  const row = Object.values(o.org.solutions).find((s) => sameId(s.solutionid, ctx.params.id));
  if (!row) return odataError(404, "0x80040217", `solution With Id = ${ctx.params.id} Does Not Exist`);
  delete o.org.solutions[row.solutionid];
  return empty(204);
}

/** Registers the solution routes. */
export function solutionRoutes(router: Router): void {
  const api = "/api/data/{version}";
  router.add("POST", "dataverse", `${api}/StageSolution`, "dataverse.solutions.stage", stage);
  router.add("POST", "dataverse", `${api}/ImportSolutionAsync`, "dataverse.solutions.importAsync", startImport);
  router.add(
    "POST",
    "dataverse",
    `${api}/StageAndUpgradeAsync`,
    "dataverse.solutions.stageAndUpgradeAsync",
    startImport,
  );
  router.add("GET", "dataverse", `${api}/asyncoperations({id})`, "dataverse.asyncoperations.get", asyncOperation);
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
