/**
 * @govai/spec: the governed-workload spec. Load `workload.yaml` (with positions), validate it, and resolve it into
 * the WorkloadModel every other package works on.
 */

export { checkBaseline } from "./baseline-checks.ts";
export {
  BASELINE_ZOD_OPTIONS,
  defaultEnvironmentId,
  resolveBaseline,
  resolveBaselineChecked,
} from "./baseline-resolve.ts";
export {
  EMPTY_BILLING_NOTIFY,
  EMPTY_TENANT_WIDE_BLOCKED,
  type TenantBaselineSpec,
  tenantBaselineSchema,
} from "./baseline-schema.ts";
export { checkSpec, connectorGroupIssues } from "./checks.ts";
export { customConnectorFallback, endsWithDenyAll, isWildcardHost, leakingAllowRule } from "./connector-policy.ts";
export * from "./controls.ts";
export {
  bareConnectorId,
  COPILOT_CONNECTORS,
  type CopilotConnector,
  classifyCopilotConnectors,
  UNAUTHENTICATED_CHAT_CONNECTOR,
} from "./copilot-connectors.ts";
export { canonicalJson, problemDigest } from "./digest.ts";
export { AZURE_AD_TOKEN_EXCHANGE, GITHUB_ISSUER, resolveFederatedCredential } from "./federated.ts";
export { formatIssues, SpecError, type SpecIssue } from "./issues.ts";
export { tenantBaselineJsonSchema, workloadJsonSchema } from "./json-schema.ts";
export {
  type BaselineLoadResult,
  type LoadResult,
  loadBaselineFile,
  loadBaselineText,
  loadSpecFile,
  loadSpecText,
  loadWorkloadFile,
  loadWorkloadText,
  SPEC_KINDS,
  type SpecKind,
  type SpecLoadResult,
} from "./loader.ts";
export { LockWriteError, type ProblemLock, writeProblemLock } from "./lock-writer.ts";
export * from "./model.ts";
export { modelIssues, tenantBaselineModelSchema, workloadModelSchema } from "./model-schema.ts";
export { fitName, NAME_RULES, type NameRule, shortHash, stageNames } from "./names.ts";
export {
  baselinePlaceholders,
  baselineTexts,
  findPlaceholder,
  INIT_TEMPLATE_OWNERS,
  placeholderGuid,
  placeholdersIn,
  problemTexts,
  signOffPlaceholder,
} from "./placeholders.ts";
export { STAGE_PROFILES, type StageProfile } from "./profiles.ts";
export { VALUE_CONTROL } from "./read-yaml.ts";
export {
  DATA_RESIDENCIES,
  DATA_RESIDENCY_ZONES,
  type DataResidency,
  outsideResidency,
  type ResidencyZone,
} from "./residency.ts";
export { type ResolveOptions, resolve } from "./resolve.ts";
export { RETIRED_KEYS, type StageSpec, type WorkloadSpec, workloadSchema } from "./schema.ts";
export { DATA_RESIDENCY_TAG, MAX_USER_TAGS, STANDARD_TAG_KEYS, stageTags } from "./tags.ts";
