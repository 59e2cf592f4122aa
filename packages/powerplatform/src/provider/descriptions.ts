/**
 * Every resource's description (`services/<resource>/inputs.ts`), by type name, and what the provider derives from
 * them. Loading this module loads zod: the provider imports it on the engine's first call, never at start.
 */
import { adminApplication } from "../services/admin-application/inputs.ts";
import { applicationUser } from "../services/application-user/inputs.ts";
import { billingPolicy, billingPolicyEnvironment } from "../services/billing-policy/inputs.ts";
import { copilotTelemetry } from "../services/copilot-telemetry/inputs.ts";
import { dataPolicy } from "../services/data-policy/inputs.ts";
import { environment } from "../services/environment/inputs.ts";
import { environmentGroup } from "../services/environment-group/inputs.ts";
import { environmentGroupRuleSet } from "../services/environment-group/rule-set-inputs.ts";
import { environmentSettings } from "../services/environment-settings/inputs.ts";
import { managedEnvironment } from "../services/managed-environment/inputs.ts";
import { solutionDeployment } from "../services/solution-deployment/inputs.ts";
import { tenantSettings } from "../services/tenant-settings/inputs.ts";
import { inputKeysOf, type ResourceDescription, replaceRulesOf, secretKeysOf } from "./describe.ts";
import type { ResourceTypeName } from "./inputs.ts";

/** The description of every resource type. */
export const DESCRIPTIONS: Readonly<Record<ResourceTypeName, ResourceDescription>> = {
  Environment: environment,
  ManagedEnvironment: managedEnvironment,
  DataPolicy: dataPolicy,
  EnvironmentSettings: environmentSettings,
  ApplicationUser: applicationUser,
  CopilotTelemetry: copilotTelemetry,
  AdminApplication: adminApplication,
  SolutionDeployment: solutionDeployment,
  TenantSettings: tenantSettings,
  BillingPolicy: billingPolicy,
  BillingPolicyEnvironment: billingPolicyEnvironment,
  EnvironmentGroup: environmentGroup,
  EnvironmentGroupRuleSet: environmentGroupRuleSet,
};

/** What the provider reads of a description on every call, derived once. */
export interface Derived {
  inputKeys: readonly string[];
  replaceOn: Readonly<Record<string, true | string[]>>;
  secretKeys: readonly string[];
}

const derived = new Map<ResourceTypeName, Derived>();

/** The input keys, replacement rules and secret inputs of a resource type, from its description. */
export function derivedOf(type: ResourceTypeName): Derived {
  let d = derived.get(type);
  if (!d) {
    const description = DESCRIPTIONS[type];
    d = {
      inputKeys: inputKeysOf(description),
      replaceOn: replaceRulesOf(description),
      secretKeys: secretKeysOf(description),
    };
    derived.set(type, d);
  }
  return d;
}
