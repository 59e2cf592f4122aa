export * from "./client/index.ts";
export * from "./resources/index.ts";
// The client's types include `Environment`, `ApplicationUser`, `AdminApplication` and `TenantSettings`. When both are
// star-exported, these explicit exports make the resource classes win (an ambiguous star export would silently
// export neither).
export { AdminApplication, ApplicationUser, Environment, TenantSettings } from "./resources/index.ts";
