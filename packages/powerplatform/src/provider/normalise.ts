/**
 * Normalisation of every resource's inputs into the canonical form stored as the resource's inputs: the service's
 * casing, defaults spelled out, collections sorted, "none" spelled as absence. Whatever a reviewer sees in a diff is
 * therefore meaningful: only real changes differ. Each resource's own rules live in `services/<resource>/normalise.ts`.
 */

import { normaliseAdminApplication } from "../services/admin-application/normalise.ts";
import { normaliseApplicationUser } from "../services/application-user/normalise.ts";
import { normaliseBillingPolicy, normaliseBillingPolicyEnvironment } from "../services/billing-policy/normalise.ts";
import { normaliseCopilotTelemetry } from "../services/copilot-telemetry/normalise.ts";
import { normaliseDataPolicy } from "../services/data-policy/normalise.ts";
import { normaliseEnvironment } from "../services/environment/normalise.ts";
import {
  normaliseEnvironmentGroup,
  normaliseEnvironmentGroupRuleSet,
} from "../services/environment-group/normalise.ts";
import { normaliseEnvironmentSettings } from "../services/environment-settings/normalise.ts";
import { normaliseManagedEnvironment } from "../services/managed-environment/normalise.ts";
import { normaliseSolutionDeployment } from "../services/solution-deployment/normalise.ts";
import { normaliseTenantSettings } from "../services/tenant-settings/normalise.ts";
import type { ResourceTypeName } from "./inputs.ts";
import type { PropertyMap } from "./wire.ts";

/** Each resource type's normaliser. */
export const NORMALISERS: Readonly<Record<ResourceTypeName, (input: PropertyMap) => PropertyMap>> = {
  Environment: normaliseEnvironment,
  ManagedEnvironment: normaliseManagedEnvironment,
  DataPolicy: normaliseDataPolicy,
  EnvironmentSettings: normaliseEnvironmentSettings,
  ApplicationUser: normaliseApplicationUser,
  CopilotTelemetry: normaliseCopilotTelemetry,
  AdminApplication: normaliseAdminApplication,
  SolutionDeployment: normaliseSolutionDeployment,
  TenantSettings: normaliseTenantSettings,
  BillingPolicy: normaliseBillingPolicy,
  BillingPolicyEnvironment: normaliseBillingPolicyEnvironment,
  EnvironmentGroup: normaliseEnvironmentGroup,
  EnvironmentGroupRuleSet: normaliseEnvironmentGroupRuleSet,
};

/** Normalises valid (or partially unknown) inputs of `type`; an unset `cloud` is spelled as absence. */
export function normalise(type: ResourceTypeName, input: PropertyMap): PropertyMap {
  const i = NORMALISERS[type](input);
  if (i.cloud === undefined || i.cloud === null) delete i.cloud;
  return i;
}
