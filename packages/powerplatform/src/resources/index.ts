/**
 * Typed Pulumi resource classes for the govai Power Platform resources. Each one is served by the
 * `pulumi-resource-govai` provider plugin (see `../provider`).
 */
export * from "../services/admin-application/resource.ts";
export * from "../services/application-user/resource.ts";
export * from "../services/billing-policy/resource.ts";
export * from "../services/copilot-telemetry/resource.ts";
export * from "../services/data-policy/resource.ts";
export * from "../services/environment/resource.ts";
export * from "../services/environment-group/resource.ts";
export * from "../services/environment-group/rule-set-resource.ts";
export * from "../services/environment-settings/resource.ts";
export * from "../services/managed-environment/resource.ts";
export * from "../services/solution-deployment/resource.ts";
export * from "../services/tenant-settings/resource.ts";
export type * from "./args.ts";
export type { CommonArgs } from "./common.ts";
