/**
 * Typed Pulumi resource classes for the govai Power Platform resources. Each one is served by the
 * `pulumi-resource-govai` provider plugin (see `../provider`).
 */
export * from "./admin-application.ts";
export * from "./application-user.ts";
export type { CommonArgs } from "./common.ts";
export * from "./copilot-telemetry.ts";
export * from "./data-policy.ts";
export * from "./environment.ts";
export * from "./environment-settings.ts";
export * from "./managed-environment.ts";
export * from "./solution-deployment.ts";
