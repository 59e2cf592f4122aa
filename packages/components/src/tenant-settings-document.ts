import type { TenantAudience, TenantSettingsModel } from "@govai/spec";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The tenant settings of a baseline (`TenantSettingsModel`) as the partial tenant-settings document the
 * `TenantSettings` resource writes, in the service's own nested keys. Only declared settings appear: a setting the
 * baseline leaves undefined is neither written nor snapshotted.
 *
 * | baseline                            | tenant setting                                                        |
 * | ----------------------------------- | --------------------------------------------------------------------- |
 * | environmentCreation.production      | disableEnvironmentCreationByNonAdminUsers = adminsOnly                |
 * | environmentCreation.trials          | disableTrialEnvironmentCreationByNonAdminUsers = adminsOnly           |
 * | environmentCreation.developer       | powerPlatform.governance.disableDeveloperEnvironmentCreationByNonAdminUsers = adminsOnly |
 * | billingPolicyCreation               | powerPlatform.licensing.disableBillingPolicyCreationByNonAdminUsers = adminsOnly |
 * | shareWithEveryone                   | powerPlatform.powerApps.disableShareWithEveryone = !value             |
 * | copilotStudio.copilotFeatures       | powerPlatform.intelligence.disableCopilot = !value                    |
 * | copilotStudio.publishAgentsWithAi   | powerPlatform.intelligence.enableOpenAiBotPublishing = value          |
 * | environmentRouting.enabled          | powerPlatform.governance.enableDefaultEnvironmentRouting = value      |
 * | environmentRouting.targetGroup      | powerPlatform.governance.environmentRoutingTargetEnvironmentGroupId = the group's id |
 *
 * @param routingGroupId the id of the environment group `environmentRouting.targetGroup` names (the group resource's
 *   `groupId` output); required when the settings name a target group.
 * @returns the document, or undefined when the baseline declares no setting (then no TenantSettings is registered).
 */
export function tenantSettingsDocument(
  settings: TenantSettingsModel,
  routingGroupId?: pulumi.Input<string>,
): Record<string, pulumi.Input<unknown>> | undefined {
  const adminsOnly = (a: TenantAudience | undefined) => (a === undefined ? undefined : a === "adminsOnly");
  const not = (b: boolean | undefined) => (b === undefined ? undefined : !b);
  const routing = settings.environmentRouting;
  const doc = prune({
    disableEnvironmentCreationByNonAdminUsers: adminsOnly(settings.environmentCreation.production),
    disableTrialEnvironmentCreationByNonAdminUsers: adminsOnly(settings.environmentCreation.trials),
    powerPlatform: {
      governance: {
        disableDeveloperEnvironmentCreationByNonAdminUsers: adminsOnly(settings.environmentCreation.developer),
        enableDefaultEnvironmentRouting: routing?.enabled,
        environmentRoutingTargetEnvironmentGroupId: routing?.targetGroup === undefined ? undefined : routingGroupId,
      },
      licensing: { disableBillingPolicyCreationByNonAdminUsers: adminsOnly(settings.billingPolicyCreation) },
      powerApps: { disableShareWithEveryone: not(settings.shareWithEveryone) },
      intelligence: {
        disableCopilot: not(settings.copilotStudio.copilotFeatures),
        enableOpenAiBotPublishing: settings.copilotStudio.publishAgentsWithAi,
      },
    },
  });
  return doc as Record<string, pulumi.Input<unknown>> | undefined;
}

/** The object without undefined values and without objects left empty; undefined when nothing is left. */
function prune(o: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const kept =
      v !== null && typeof v === "object" && v.constructor === Object ? prune(v as Record<string, unknown>) : v;
    if (kept !== undefined) out[k] = kept;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}
