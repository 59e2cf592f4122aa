export * from "./client/index.ts";
export * from "./resources/index.ts";
// The client's types include `Environment`, `ApplicationUser` and `AdminApplication`. When both are star-exported,
// these explicit exports make the resource classes win (an ambiguous star export would silently export neither).
export { AdminApplication, ApplicationUser, Environment } from "./resources/index.ts";
