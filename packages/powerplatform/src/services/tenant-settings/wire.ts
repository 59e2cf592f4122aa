/** Tenant settings wire type (reference §10): a JSON document with nested objects of booleans, numbers and strings. */
export type WireTenantSettings = Record<string, unknown>;

/** The JSON type of a tenant setting, or the shape of a nested object of settings. */
export type TenantSettingType = "boolean" | "number" | "string" | { [key: string]: TenantSettingType };

/**
 * Every tenant setting this client knows, with its JSON type: the keys of the document the service returned to the
 * Terraform provider (internal/services/tenant_settings/tests/datasource/post_list_tenant_settings.json) plus the
 * environment-routing keys of the reference (§10) and of the provider's settings DTO, which that recording predates.
 * A partial document may only name these.
 */
export const TENANT_SETTINGS_SHAPE: { [key: string]: TenantSettingType } = {
  walkMeOptOut: "boolean",
  disableNPSCommentsReachout: "boolean",
  disableNewsletterSendout: "boolean",
  disableEnvironmentCreationByNonAdminUsers: "boolean",
  disablePortalsCreationByNonAdminUsers: "boolean",
  disableSurveyFeedback: "boolean",
  disableTrialEnvironmentCreationByNonAdminUsers: "boolean",
  disableCapacityAllocationByEnvironmentAdmins: "boolean",
  disableSupportTicketsVisibleByAllUsers: "boolean",
  powerPlatform: {
    search: { disableDocsSearch: "boolean", disableCommunitySearch: "boolean", disableBingVideoSearch: "boolean" },
    teamsIntegration: { shareWithColleaguesUserLimit: "number" },
    powerApps: {
      disableShareWithEveryone: "boolean",
      enableGuestsToMake: "boolean",
      disableMakerMatch: "boolean",
      disableUnusedLicenseAssignment: "boolean",
      disableCreateFromImage: "boolean",
      disableCreateFromFigma: "boolean",
      disableConnectionSharingWithEveryone: "boolean",
    },
    powerAutomate: { disableCopilot: "boolean", disableCopilotWithBing: "boolean" },
    environments: { disablePreferredDataLocationForTeamsEnvironment: "boolean" },
    governance: {
      disableAdminDigest: "boolean",
      disableDeveloperEnvironmentCreationByNonAdminUsers: "boolean",
      enableDefaultEnvironmentRouting: "boolean",
      environmentRoutingAllMakers: "boolean",
      environmentRoutingTargetEnvironmentGroupId: "string",
      environmentRoutingTargetSecurityGroupId: "string",
      policy: { enableDesktopFlowDataPolicyManagement: "boolean" },
    },
    licensing: {
      disableBillingPolicyCreationByNonAdminUsers: "boolean",
      enableTenantCapacityReportForEnvironmentAdmins: "boolean",
      storageCapacityConsumptionWarningThreshold: "number",
      enableTenantLicensingReportForEnvironmentAdmins: "boolean",
      disableUseOfUnassignedAIBuilderCredits: "boolean",
      applyAutoClaimToOnlyManagedEnvironments: "boolean",
    },
    powerPages: {},
    champions: { disableChampionsInvitationReachout: "boolean", disableSkillsMatchInvitationReachout: "boolean" },
    intelligence: {
      disableCopilot: "boolean",
      enableOpenAiBotPublishing: "boolean",
      disableCopilotFeedback: "boolean",
      disableCopilotFeedbackMetadata: "boolean",
    },
    modelExperimentation: { enableModelDataSharing: "boolean", disableDataLogging: "boolean" },
    catalogSettings: { powerCatalogAudienceSetting: "string" },
    userManagementSettings: { enableDeleteDisabledUserinAllEnvironments: "boolean" },
  },
};
