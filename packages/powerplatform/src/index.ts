export * from "./client/index.ts";
export * from "./resources/index.ts";
// The client's types include `Environment`, `ApplicationUser`, `AdminApplication`, `TenantSettings`,
// `BillingPolicy`, `EnvironmentGroup` and `EnvironmentGroupRuleSet`. When both are star-exported, these explicit
// exports make the resource classes win (an ambiguous star export would silently export neither).
export {
  AdminApplication,
  ApplicationUser,
  BillingPolicy,
  Environment,
  EnvironmentGroup,
  EnvironmentGroupRuleSet,
  TenantSettings,
} from "./resources/index.ts";
