/**
 * Solution ALM on Dataverse (reference §13): list and read installed solutions, export one as managed, import a
 * solution file (stage, start once, poll, verify, read back) with connection references and environment variables
 * from deployment settings, uninstall, and the solution checker's rule catalogue.
 *
 * An import start (`ImportSolutionAsync`, `StageAndUpgradeAsync`) is not idempotent: sent twice, it imports twice.
 * The client chooses the import job id (`ImportJobId`), so when a start's outcome is unknown (a reset, a 5xx, a lost
 * response) it looks for that import job — and for any solution import still queued or running — before deciding:
 * an import job with its id means the start landed (the client follows it instead of starting another); no such job
 * and nothing running means it did not (only then is it sent again, with the same id). Before a first start it also
 * waits for imports already running, so a run that timed out never overlaps its own unfinished import.
 */
import { randomUUID } from "node:crypto";
import type { Cloud } from "../../client/clouds.ts";
import type { ClientCore } from "../../client/core.ts";
import { type DataverseTarget, dataverseSend, dataverseTarget } from "../../client/dataverse.ts";
import {
  AmbiguousRequestError,
  EnvironmentNotFoundError,
  PowerPlatformApiError,
  PowerPlatformError,
  UnexpectedResponseError,
} from "../../client/errors.ts";
import type { CallContext } from "../../client/http.ts";
import { waitWithin } from "../../client/lro.ts";
import { getEnvironment } from "../environment/api.ts";
import {
  type DeploymentSettings,
  DeploymentSettingsError,
  deploymentSettingsProblems,
  durationMs,
  fromWireCheckerRule,
  fromWireImportResult,
  fromWireSolution,
  type InstalledSolution,
  inspectSolutionPackage,
  SOLUTION_UNIQUE_NAME,
  type SolutionCheckerRule,
  type SolutionPackage,
  settingsMismatches,
  toComponentParameters,
} from "./convert.ts";
import type {
  WireAsyncOperation,
  WireCheckerRule,
  WireExportRequest,
  WireExportResponse,
  WireImportJob,
  WireImportRequest,
  WireImportResponse,
  WireImportResult,
  WireSolution,
  WireStageSolutionResponse,
} from "./wire.ts";

export type {
  DeploymentSettings,
  InstalledSolution,
  SolutionCheckerRule,
  SolutionPackage,
} from "./convert.ts";

const API = "api/data/v9.2";
const SOLUTION_SELECT = "$select=solutionid,uniquename,friendlyname,ismanaged,version,createdon,modifiedon,installedon";
const ASYNC_SELECT =
  "$select=asyncoperationid,name,messagename,statecode,statuscode,createdon,startedon,completedon,message,friendlymessage";
const IMPORT_JOB_SELECT = "$select=importjobid,solutionname,progress,createdon,startedon,completedon";
/** The actions that start a solution import, as `asyncoperations.messagename` names them. */
const IMPORT_MESSAGES = ["ImportSolutionAsync", "StageAndUpgradeAsync"] as const;
/** Most starts of one import: the first, and resends after starts proven not to have landed. */
const MAX_START_ATTEMPTS = 3;

/** The solution checker's ruleset id (the Terraform provider's `SOLUTION_CHECKER_RULESET_ID`). */
export const SOLUTION_CHECKER_RULESET_ID = "0ad12346-e108-40b8-a956-9a8f95ea18c9";

/** Token audience of the solution checker (Power Apps advisor) per cloud, as the Terraform provider's constants. */
const ADVISOR_AUDIENCE: Readonly<Record<Cloud, string>> = {
  public: "https://advisor.powerapps.com",
  gcc: "https://gov.advisor.powerapps.us",
  gcchigh: "https://high.advisor.powerapps.us",
  dod: "https://advisor.powerapps.us",
  china: "https://advisor.powerapps.cn",
};

/**
 * How an import applies a solution file. `install`: `ImportSolutionAsync` — a first install, or the same version
 * again (to apply new connection references or environment-variable values). `upgrade`: `StageAndUpgradeAsync` — a
 * higher version of an installed managed solution; components the new version no longer has are removed.
 */
export type SolutionImportMode = "install" | "upgrade";

/** Options of an import. */
export interface ImportSolutionOptions {
  /** Default `install`. */
  mode?: SolutionImportMode;
  /** Connection references and environment-variable values to bind. Default: none. */
  settings?: DeploymentSettings;
  /** Activate the processes (flows, workflows) of the solution. Default true. */
  publishWorkflows?: boolean;
  /** Overwrite unmanaged customizations layered over the solution's components. Default false. */
  overwriteUnmanagedCustomizations?: boolean;
}

/** The outcome of a successful import. */
export interface SolutionImportResult {
  /** The solution as installed afterwards (read back). */
  solution: InstalledSolution;
  /** What the file declared. */
  package: SolutionPackage;
  mode: SolutionImportMode;
  /** The import job id (chosen by the client, `ImportJobId`). */
  importJobId: string;
  /** The async operation that ran the import; undefined when the start's response was lost and the job was found. */
  asyncOperationId: string | undefined;
  /** When the service started and completed the import (its own clock), when it said. */
  startedOn: string | undefined;
  completedOn: string | undefined;
  /** The import's duration on the service's clock, when both times are known. */
  durationMs: number | undefined;
  /** Warnings of `RetrieveSolutionImportResult`. */
  warnings: string[];
  /** Start requests sent: 1, or more when an earlier one was proven not to have landed. */
  startAttempts: number;
  /** True when a start's outcome was unknown and its import job was found and followed. */
  recovered: boolean;
}

/** `StageSolution` refused the file (validation errors, missing dependencies). Nothing was imported. */
export class SolutionStageError extends PowerPlatformError {
  override name = "SolutionStageError";
  readonly status: string;
  readonly validation: readonly string[];
  readonly missingDependencies: readonly string[];
  constructor(operation: string, status: string, validation: string[], missing: string[]) {
    const lines = [
      ...validation.map((v) => `  - validation: ${v}`),
      ...missing.map((m) => `  - missing dependency: ${m}`),
    ];
    super(`${operation}: StageSolution answered ${status}${lines.length > 0 ? `:\n${lines.join("\n")}` : ""}`, {
      hint:
        missing.length > 0
          ? "install the solutions it depends on (at least the versions named) in the target environment first"
          : "check that the file is a complete solution export for this Dataverse version",
    });
    this.status = status;
    this.validation = validation;
    this.missingDependencies = missing;
  }
}

/**
 * The import ran and failed. Dataverse rolls a failed import back, so the installed solution is as it was.
 * `errors` are the service's messages (`RetrieveSolutionImportResult`, else the async operation's message).
 */
export class SolutionImportFailedError extends PowerPlatformError {
  override name = "SolutionImportFailedError";
  readonly importJobId: string;
  readonly asyncOperationId: string | undefined;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  constructor(
    operation: string,
    details: { uniqueName: string; version: string; importJobId: string; asyncOperationId: string | undefined },
    errors: string[],
    warnings: string[],
  ) {
    super(
      `${operation}: the import of ${details.uniqueName} ${details.version} failed (import job ${details.importJobId}, async operation ${details.asyncOperationId ?? "unknown"})${errors.length > 0 ? `:\n${errors.map((e) => `  - ${e}`).join("\n")}` : ""}`,
      {
        hint: "a failed import is rolled back; fix the cause (dependencies, connection references, environment variables, Key Vault access) and run again. The import history in the maker portal (Solutions → See history) has the details",
      },
    );
    this.importJobId = details.importJobId;
    this.asyncOperationId = details.asyncOperationId;
    this.errors = errors;
    this.warnings = warnings;
  }
}

/**
 * Whether an import started could not be established, or other imports kept the environment busy: nothing was sent
 * again. `importJobId` is the id of the start in question (undefined when none was sent yet).
 */
export class SolutionImportOutcomeUnknownError extends PowerPlatformError {
  override name = "SolutionImportOutcomeUnknownError";
  readonly importJobId: string | undefined;
  readonly runningAsyncOperationIds: readonly string[];
  constructor(message: string, importJobId: string | undefined, running: string[], cause?: unknown) {
    super(message, {
      cause,
      hint: "run again once the imports running in the environment have finished (maker portal: Solutions → See history); the next run finds an import that landed and does not start another",
    });
    this.importJobId = importJobId;
    this.runningAsyncOperationIds = running;
  }
}

function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function rowsOf<T>(body: unknown): T[] {
  return (body as { value?: T[] } | undefined)?.value ?? [];
}

// ── Reads ─────────────────────────────────────────────────────────────────────────────────────────────────────

async function findSolution(
  core: ClientCore,
  ctx: CallContext,
  target: DataverseTarget,
  uniqueName: string,
): Promise<InstalledSolution | undefined> {
  const r = await dataverseSend(core, ctx, target, {
    method: "GET",
    path: `${API}/solutions?${SOLUTION_SELECT}&$filter=uniquename eq ${quote(uniqueName)}`,
    accept: [200],
  });
  const rows = rowsOf<WireSolution>(r.body)
    .map(fromWireSolution)
    .filter((s): s is InstalledSolution => s !== undefined && s.uniqueName.toLowerCase() === uniqueName.toLowerCase());
  if (rows.length > 1) {
    throw new UnexpectedResponseError(
      `${ctx.operation}: ${rows.length} solutions are named ${uniqueName}; unique names are unique per environment`,
      r.body,
      r.request,
    );
  }
  return rows[0];
}

/** Every installed solution (managed and unmanaged, system solutions included), by unique name. */
export async function listSolutions(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
): Promise<InstalledSolution[]> {
  const target = await dataverseTarget(core, ctx, environmentId);
  const r = await dataverseSend(core, ctx, target, {
    method: "GET",
    path: `${API}/solutions?${SOLUTION_SELECT}&$orderby=createdon desc`,
    accept: [200],
  });
  return rowsOf<WireSolution>(r.body)
    .map(fromWireSolution)
    .filter((s): s is InstalledSolution => s !== undefined)
    .sort((a, b) => (a.uniqueName.toLowerCase() < b.uniqueName.toLowerCase() ? -1 : 1));
}

/** The installed solution with this unique name; undefined when none is installed. */
export async function getSolution(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
  uniqueName: string,
): Promise<InstalledSolution | undefined> {
  checkUniqueName(uniqueName);
  const target = await dataverseTarget(core, ctx, environmentId);
  return findSolution(core, ctx, target, uniqueName);
}

function checkUniqueName(uniqueName: string): void {
  if (typeof uniqueName !== "string" || !SOLUTION_UNIQUE_NAME.test(uniqueName)) {
    throw new TypeError(
      `a solution unique name is letters, digits and underscores, starting with a letter or underscore; got ${JSON.stringify(uniqueName)}`,
    );
  }
}

// ── Export ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Exports a solution (`ExportSolution`), managed by default — what a stage other than dev installs. Only an
 * unmanaged solution (the one makers edit in dev) can be exported. Returns the file and what it declares.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/exportsolution
 */
export async function exportSolution(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
  uniqueName: string,
  managed: boolean,
): Promise<{ file: Uint8Array; package: SolutionPackage }> {
  checkUniqueName(uniqueName);
  const target = await dataverseTarget(core, ctx, environmentId);
  const body: WireExportRequest = { SolutionName: uniqueName, Managed: managed };
  const r = await dataverseSend(core, ctx, target, {
    method: "POST",
    path: `${API}/ExportSolution`,
    body,
    accept: [200],
    // An export changes nothing, so a lost response is simply asked for again.
    idempotent: true,
  });
  const base64 = (r.body as WireExportResponse | undefined)?.ExportSolutionFile;
  if (typeof base64 !== "string" || base64 === "") {
    throw new UnexpectedResponseError(
      `${ctx.operation}: ExportSolution returned no ExportSolutionFile`,
      r.body,
      r.request,
    );
  }
  const file = new Uint8Array(Buffer.from(base64, "base64"));
  const pkg = inspectSolutionPackage(file, `the export of ${uniqueName}`);
  if (pkg.uniqueName.toLowerCase() !== uniqueName.toLowerCase() || pkg.managed !== managed) {
    throw new UnexpectedResponseError(
      `${ctx.operation}: ExportSolution returned ${pkg.uniqueName} (${pkg.managed ? "managed" : "unmanaged"}), not ${uniqueName} (${managed ? "managed" : "unmanaged"})`,
      undefined,
      r.request,
    );
  }
  return { file, package: pkg };
}

// ── Import ────────────────────────────────────────────────────────────────────────────────────────────────────

/** Solution imports of this organisation that are queued or running (async operations not completed). */
async function importsInFlight(core: ClientCore, ctx: CallContext, target: DataverseTarget): Promise<string[]> {
  const ids: string[] = [];
  for (const message of IMPORT_MESSAGES) {
    const r = await dataverseSend(core, ctx, target, {
      method: "GET",
      path: `${API}/asyncoperations?${ASYNC_SELECT}&$filter=messagename eq ${quote(message)} and statecode ne 3`,
      accept: [200],
    });
    for (const op of rowsOf<WireAsyncOperation>(r.body)) if (op.asyncoperationid) ids.push(op.asyncoperationid);
  }
  return ids.sort();
}

async function readImportJob(
  core: ClientCore,
  ctx: CallContext,
  target: DataverseTarget,
  importJobId: string,
): Promise<WireImportJob | undefined> {
  const r = await dataverseSend(core, ctx, target, {
    method: "GET",
    path: `${API}/importjobs(${importJobId})?${IMPORT_JOB_SELECT}`,
    accept: [200, 404],
  });
  return r.status === 404 ? undefined : ((r.body ?? {}) as WireImportJob);
}

/** Waits (bounded) until no solution import is queued or running, so a start never overlaps another import. */
async function waitForIdle(core: ClientCore, ctx: CallContext, target: DataverseTarget): Promise<void> {
  let running: string[] = [];
  for (let read = 1; read <= core.polling.convergeMaxReads; read++) {
    running = await importsInFlight(core, ctx, target);
    if (running.length === 0) return;
    await waitWithin(core, ctx, core.polling.convergeIntervalMs, "waiting for running solution imports to finish");
  }
  throw new SolutionImportOutcomeUnknownError(
    `${ctx.operation}: solution imports are still running in environment ${target.environmentId ?? "(unknown)"} (async operations ${running.join(", ")}); a new import was not started`,
    undefined,
    running,
  );
}

/**
 * After a start whose outcome is unknown: `started` when the import job with our id exists; `notStarted` when it does
 * not and no import is queued or running (a start that landed is one or the other); otherwise waits and looks again,
 * and gives up with {@link SolutionImportOutcomeUnknownError}.
 */
async function startOutcome(
  core: ClientCore,
  ctx: CallContext,
  target: DataverseTarget,
  importJobId: string,
  cause: unknown,
): Promise<"started" | "notStarted"> {
  let running: string[] = [];
  for (let read = 1; read <= core.polling.convergeMaxReads; read++) {
    if (await readImportJob(core, ctx, target, importJobId)) return "started";
    running = await importsInFlight(core, ctx, target);
    // Nothing queued or running: the start either never landed, or landed and finished — and then its job exists.
    if (running.length === 0) {
      return (await readImportJob(core, ctx, target, importJobId)) ? "started" : "notStarted";
    }
    await waitWithin(core, ctx, core.polling.convergeIntervalMs, "finding out whether the solution import started");
  }
  throw new SolutionImportOutcomeUnknownError(
    `${ctx.operation}: the outcome of the import start (import job ${importJobId}) is unknown, and solution imports are still running in environment ${target.environmentId ?? "(unknown)"} (async operations ${running.join(", ")}); it was not sent again`,
    importJobId,
    running,
    cause,
  );
}

/** Sends the start once; resends (same import job id) only after proving the previous one did not land. */
async function startImport(
  core: ClientCore,
  ctx: CallContext,
  target: DataverseTarget,
  action: "ImportSolutionAsync" | "StageAndUpgradeAsync",
  body: WireImportRequest,
): Promise<{ importJobId: string; asyncOperationId: string | undefined; attempts: number; recovered: boolean }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await dataverseSend(core, ctx, target, {
        method: "POST",
        path: `${API}/${action}`,
        body,
        accept: [200],
        idempotent: false,
      });
      const wire = (r.body ?? {}) as WireImportResponse;
      if (!wire.AsyncOperationId) {
        throw new UnexpectedResponseError(
          `${ctx.operation}: ${action} returned no AsyncOperationId`,
          r.body,
          r.request,
        );
      }
      return {
        importJobId: wire.ImportJobKey || body.ImportJobId,
        asyncOperationId: wire.AsyncOperationId,
        attempts: attempt,
        recovered: false,
      };
    } catch (error) {
      // A resend the service refuses may be refusing a duplicate of a start that did land after all.
      const refusedResend = attempt > 1 && error instanceof PowerPlatformApiError;
      if (!(error instanceof AmbiguousRequestError) && !refusedResend) throw error;
      const outcome = await startOutcome(core, ctx, target, body.ImportJobId, error);
      if (outcome === "started") {
        return { importJobId: body.ImportJobId, asyncOperationId: undefined, attempts: attempt, recovered: true };
      }
      if (refusedResend) throw error;
      if (attempt >= MAX_START_ATTEMPTS) {
        throw new SolutionImportOutcomeUnknownError(
          `${ctx.operation}: ${attempt} starts of the import (import job ${body.ImportJobId}) failed without reaching the service`,
          body.ImportJobId,
          [],
          error,
        );
      }
    }
  }
}

/** Polls until the import completes; returns its service times and whether the async operation failed. */
async function waitForImport(
  core: ClientCore,
  ctx: CallContext,
  target: DataverseTarget,
  started: { importJobId: string; asyncOperationId: string | undefined },
): Promise<{ startedOn: string | undefined; completedOn: string | undefined; failure: string | undefined }> {
  for (;;) {
    if (started.asyncOperationId) {
      const r = await dataverseSend(core, ctx, target, {
        method: "GET",
        path: `${API}/asyncoperations(${started.asyncOperationId})?${ASYNC_SELECT}`,
        accept: [200],
      });
      const op = (r.body ?? {}) as WireAsyncOperation;
      // The Terraform provider waits for `completedon`; the state code says the same and is checked too.
      if (op.completedon || op.statecode === 3) {
        const failed = op.statuscode === 31 || op.statuscode === 32;
        return {
          startedOn: op.startedon ?? op.createdon ?? undefined,
          completedOn: op.completedon ?? undefined,
          failure: failed
            ? (op.friendlymessage ?? op.message ?? `async operation ended with status ${op.statuscode}`)
            : undefined,
        };
      }
    } else {
      const job = await readImportJob(core, ctx, target, started.importJobId);
      if (job?.completedon) {
        return {
          startedOn: job.startedon ?? job.createdon ?? undefined,
          completedOn: job.completedon,
          failure: undefined,
        };
      }
    }
    await waitWithin(core, ctx, core.polling.pollIntervalMs, "waiting for the solution import to complete");
  }
}

/**
 * Imports a solution file: inspects it (nothing is sent for a file that is not a solution package, or settings that
 * do not match it), stages it, starts the import exactly once (see the module comment), waits for it, verifies the
 * result and reads the installed solution back.
 */
export async function importSolution(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
  file: Uint8Array,
  options: ImportSolutionOptions = {},
): Promise<SolutionImportResult> {
  const mode = options.mode ?? "install";
  const pkg = inspectSolutionPackage(file);
  const settings = options.settings ?? { environmentVariables: {}, connectionReferences: {} };
  const problems = [...deploymentSettingsProblems(settings), ...settingsMismatches(pkg, settings)];
  if (problems.length > 0) throw new DeploymentSettingsError(`the deployment settings of ${pkg.uniqueName}`, problems);
  const target = await dataverseTarget(core, ctx, environmentId);

  // Staging has no effect on what is installed, so a lost response may be staged again.
  const staged = await dataverseSend(core, ctx, target, {
    method: "POST",
    path: `${API}/StageSolution`,
    body: { CustomizationFile: Buffer.from(file).toString("base64") },
    accept: [200],
    idempotent: true,
  });
  const results = (staged.body as WireStageSolutionResponse | undefined)?.StageSolutionResults;
  const status = results?.StageSolutionStatus ?? "(no status)";
  if (status !== "Passed" || !results?.StageSolutionUploadId) {
    throw new SolutionStageError(
      ctx.operation,
      status,
      (results?.SolutionValidationResults ?? []).map(
        (v) => `${v.Message ?? ""}${v.ErrorCode ? ` (${v.ErrorCode})` : ""}`,
      ),
      (results?.MissingDependencies ?? []).map(
        (d) =>
          `${d.RequiredComponentSchemaName ?? d.RequiredComponentDisplayName ?? "?"}${d.RequiredSolutionName ? ` from ${d.RequiredSolutionName}` : ""}`,
      ),
    );
  }

  await waitForIdle(core, ctx, target);
  const body: WireImportRequest = {
    PublishWorkflows: options.publishWorkflows ?? true,
    OverwriteUnmanagedCustomizations: options.overwriteUnmanagedCustomizations ?? false,
    ImportJobId: randomUUID(),
    ComponentParameters: toComponentParameters(settings),
    SolutionParameters: { StageSolutionUploadId: results.StageSolutionUploadId },
  };
  const action = mode === "upgrade" ? "StageAndUpgradeAsync" : "ImportSolutionAsync";
  const started = await startImport(core, ctx, target, action, body);
  const done = await waitForImport(core, ctx, target, started);

  const verdict = await dataverseSend(core, ctx, target, {
    method: "GET",
    path: `api/data/v9.0/RetrieveSolutionImportResult(ImportJobId=${started.importJobId})`,
    accept: [200],
  });
  const result = fromWireImportResult((verdict.body ?? {}) as WireImportResult);
  const details = {
    uniqueName: pkg.uniqueName,
    version: pkg.version,
    importJobId: started.importJobId,
    asyncOperationId: started.asyncOperationId,
  };
  if (done.failure !== undefined || result.status !== "Passed") {
    const errors = result.errors.length > 0 ? result.errors : done.failure ? [done.failure] : [];
    throw new SolutionImportFailedError(ctx.operation, details, errors, result.warnings);
  }
  const solution = await findSolution(core, ctx, target, pkg.uniqueName);
  if (!solution || solution.version !== pkg.version) {
    throw new UnexpectedResponseError(
      `${ctx.operation}: the import of ${pkg.uniqueName} ${pkg.version} passed, but the environment reads ${solution ? `version ${solution.version}` : "no such solution"}`,
      solution,
    );
  }
  return {
    solution,
    package: pkg,
    mode,
    importJobId: started.importJobId,
    asyncOperationId: started.asyncOperationId,
    startedOn: done.startedOn,
    completedOn: done.completedOn,
    durationMs: durationMs(done.startedOn, done.completedOn),
    warnings: result.warnings,
    startAttempts: started.attempts,
    recovered: started.recovered,
  };
}

// ── Uninstall ─────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Uninstalls a solution (`DELETE solutions(<id>)`). For a managed solution this removes its components and the data
 * of the tables it owns. Returns false when no solution of that name is installed.
 */
export async function uninstallSolution(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
  uniqueName: string,
): Promise<boolean> {
  checkUniqueName(uniqueName);
  const target = await dataverseTarget(core, ctx, environmentId);
  const row = await findSolution(core, ctx, target, uniqueName);
  if (!row) return false;
  await waitForIdle(core, ctx, target);
  await dataverseSend(core, ctx, target, {
    method: "DELETE",
    path: `${API}/solutions(${row.id})`,
    // A repeated DELETE of a row already gone answers 404: the uninstall happened.
    accept: [204, 404],
  });
  return true;
}

// ── Solution checker ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * The solution checker's rule catalogue for an environment, from its `runtimeEndpoints["microsoft.PowerAppsAdvisor"]`
 * (what the Terraform provider's `powerplatform_solution_checker_rules` reads). These are the codes
 * `ManagedEnvironment.solutionChecker.ruleOverrides` may name.
 */
export async function listSolutionCheckerRules(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
): Promise<SolutionCheckerRule[]> {
  const env = await getEnvironment(core, ctx, environmentId);
  if (!env) throw new EnvironmentNotFoundError(ctx.operation, environmentId);
  const base = env.runtimeEndpoints["microsoft.PowerAppsAdvisor"];
  if (!base) {
    throw new PowerPlatformError(
      `${ctx.operation}: environment ${environmentId} names no solution checker endpoint (runtimeEndpoints["microsoft.PowerAppsAdvisor"])`,
    );
  }
  const url = new URL(`${base.replace(/\/+$/, "")}/api/rule`);
  url.searchParams.set("ruleset", SOLUTION_CHECKER_RULESET_ID);
  url.searchParams.set("api-version", "2.0");
  const r = await core.http.send(ctx, {
    method: "GET",
    url: url.href,
    scope: `${ADVISOR_AUDIENCE[core.profile.cloud]}/.default`,
    accept: [200],
  });
  if (!Array.isArray(r.body)) {
    throw new UnexpectedResponseError(`${ctx.operation}: the rule catalogue is not a list`, r.body, r.request);
  }
  return (r.body as WireCheckerRule[]).map(fromWireCheckerRule);
}
