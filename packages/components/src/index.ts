/**
 * `@govai/components`: the Pulumi components that materialise a resolved `WorkloadModel`.
 *
 * `GovernedAiWorkload` → one `WorkloadStage` per stage → `StageIdentities`, `StageTelemetry`, `StageAlerts`,
 * `StageCostGuardrail`, `StagePowerPlatform`. `TenantBaseline` materialises a resolved `TenantBaselineModel` (one per
 * tenant). `collectPlan` / `collectBaselinePlan` run them under the mock runtime for an offline plan.
 */
export * from "./errors.ts";
export * from "./gate.ts";
export * from "./governance-summary.ts";
export * from "./governed-ai-workload.ts";
export * from "./kql.ts";
export { type MockRunOptions, type RecordedResource, runUnderMocks } from "./mock-runtime.ts";
export { childName, isoDuration, slug } from "./names.ts";
export * from "./plan.ts";
export * from "./stage-alerts.ts";
export * from "./stage-cost-guardrail.ts";
export * from "./stage-identities.ts";
export * from "./stage-power-platform.ts";
export * from "./stage-telemetry.ts";
export { entraTags } from "./tags.ts";
export * from "./tenant-baseline.ts";
export { tenantSettingsDocument } from "./tenant-settings-document.ts";
export * from "./workload-stage.ts";
