/**
 * Solution ALM wire types (reference §13): Dataverse `solutions` rows, `StageSolution`, `ImportSolutionAsync` /
 * `StageAndUpgradeAsync`, `asyncoperations`, `importjobs`, `RetrieveSolutionImportResult`, `ExportSolution`, the
 * component parameters of an import, the `pac solution create-settings` deployment-settings file, and the solution
 * checker's rule catalogue. Exact JSON field names; converters live in `solutions.convert.ts`.
 */

/** A `solutions` row (Terraform provider fixture `solution/tests/resource/Validate_Create_With_Settings_File/get_solution.json`). */
export interface WireSolution {
  solutionid?: string;
  uniquename?: string;
  friendlyname?: string;
  ismanaged?: boolean;
  version?: string;
  createdon?: string;
  modifiedon?: string;
  installedon?: string | null;
}

/** One validation result of `StageSolution`. */
export interface WireSolutionValidationResult {
  SolutionValidationResultType?: string;
  ErrorCode?: number;
  AdditionalInfo?: string;
  Message?: string;
}

/** One missing dependency of `StageSolution`. */
export interface WireMissingDependency {
  RequiredComponentSchemaName?: string;
  RequiredComponentDisplayName?: string;
  RequiredSolutionName?: string;
  RequiredComponentType?: string;
  DependentComponentSchemaName?: string;
}

/** What `StageSolution` read out of the package. */
export interface WireSolutionDetails {
  SolutionUniqueName?: string;
  SolutionFriendlyName?: string;
  IsManaged?: boolean;
  SolutionVersion?: string;
}

/** Response of `POST StageSolution`. */
export interface WireStageSolutionResponse {
  StageSolutionResults?: {
    StageSolutionUploadId?: string;
    /** `Passed`; anything else is a failure. */
    StageSolutionStatus?: string;
    SolutionValidationResults?: WireSolutionValidationResult[];
    MissingDependencies?: WireMissingDependency[];
    SolutionDetails?: WireSolutionDetails | null;
  };
}

/** A connection reference bound by an import. */
export interface WireConnectionReferenceParameter {
  "@odata.type": "Microsoft.Dynamics.CRM.connectionreference";
  connectionreferencelogicalname: string;
  connectionreferencedisplayname: string;
  description: string;
  connectorid: string;
  connectionid: string;
}

/** An environment-variable value set by an import. */
export interface WireEnvironmentVariableParameter {
  "@odata.type": "Microsoft.Dynamics.CRM.environmentvariablevalue";
  schemaname: string;
  value: string;
}

/** One entry of `ComponentParameters`. */
export type WireComponentParameter = WireConnectionReferenceParameter | WireEnvironmentVariableParameter;

/**
 * Body of `POST ImportSolutionAsync` and `POST StageAndUpgradeAsync`. `ImportJobId` is chosen by the client (both
 * actions accept it: https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/importsolutionasync),
 * so the import job of a start whose response was lost can be found again.
 */
export interface WireImportRequest {
  PublishWorkflows: boolean;
  OverwriteUnmanagedCustomizations: boolean;
  ImportJobId: string;
  ComponentParameters: WireComponentParameter[];
  SolutionParameters: { StageSolutionUploadId: string };
}

/** Response of the import start (fixture `…/Validate_Create_With_Settings_File/post_import_solution_async.json`). */
export interface WireImportResponse {
  ImportJobKey?: string;
  AsyncOperationId?: string;
}

/** An `asyncoperations` row (fixture `…/Validate_Create_With_Settings_File/get_async_operations.json`). */
export interface WireAsyncOperation {
  asyncoperationid?: string;
  name?: string;
  messagename?: string;
  /** 0 Ready, 1 Suspended, 2 Locked (running), 3 Completed. */
  statecode?: number;
  /** 0/10 waiting, 20 in progress, 21 pausing, 22 canceling, 30 succeeded, 31 failed, 32 canceled. */
  statuscode?: number;
  createdon?: string;
  startedon?: string | null;
  completedon?: string | null;
  message?: string | null;
  friendlymessage?: string | null;
}

/** An `importjobs` row (https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/importjob). */
export interface WireImportJob {
  importjobid?: string;
  solutionname?: string;
  progress?: number;
  createdon?: string;
  startedon?: string | null;
  completedon?: string | null;
}

/** Response of `RetrieveSolutionImportResult(ImportJobId=…)` (fixture `…/get_solution_import_result.json`). */
export interface WireImportResult {
  SolutionOperationResult?: {
    Status?: string;
    Type?: string;
    WarningMessages?: unknown[];
    ErrorMessages?: unknown[];
  };
}

/** Body of `POST ExportSolution`. */
export interface WireExportRequest {
  SolutionName: string;
  Managed: boolean;
}

/** Response of `POST ExportSolution`. */
export interface WireExportResponse {
  ExportSolutionFile?: string;
}

/** The deployment-settings file `pac solution create-settings` writes (PascalCase keys). */
export interface WireDeploymentSettingsFile {
  EnvironmentVariables?: Array<{ SchemaName?: unknown; Value?: unknown }>;
  ConnectionReferences?: Array<{ LogicalName?: unknown; ConnectionId?: unknown; ConnectorId?: unknown }>;
}

/** One rule of the solution checker's catalogue (fixture `solution_checker_rules/tests/datasource/Validate_Read/get_rules.json`). */
export interface WireCheckerRule {
  code?: string;
  summary?: string;
  description?: string;
  howToFix?: string;
  guidanceUrl?: string;
  componentType?: number;
  primaryCategory?: number;
  include?: boolean;
  severity?: number;
}
