/** The one input description of Environment (see `provider/describe.ts` for what is derived from it). */
import { z } from "zod";
import type { ResourceDescription } from "../../provider/describe.ts";
import { cloud, nonEmpty, optionalGuid } from "../../provider/fields.ts";
import { ENVIRONMENT_SKUS } from "../../resources/vocabulary.ts";

const dataverse = z
  .strictObject({
    language: z
      .number()
      .int("language must be an LCID such as 1033")
      .positive("language must be an LCID such as 1033")
      .meta({
        description: "LCID of the base language, e.g. 1033. Changing it replaces the environment.",
        replaceOnChanges: true,
      }),
    currency: z
      .string()
      .regex(/^[a-z]{3}$/i, "currency must be an ISO 4217 code such as EUR")
      .meta({ description: "ISO 4217 currency code. Changing it replaces the environment.", replaceOnChanges: true }),
    domain: z
      .string()
      .regex(
        /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i,
        "domain must be 1-63 letters, digits or hyphens, not starting or ending with a hyphen",
      )
      .meta({ description: "Dataverse domain, lower-case, at most 63 characters. Renamed in place." }),
    securityGroupId: optionalGuid("securityGroupId").meta({
      description: "Entra security group object id; absent, empty or the zero GUID = none.",
    }),
  })
  .meta({ id: "Dataverse", description: "The Dataverse database of an environment." });

/** The inputs of an Environment. */
export const environmentInputs = z.strictObject({
  displayName: nonEmpty("displayName")
    .max(100, "displayName must be at most 100 characters")
    .meta({ description: "Display name, 1-100 characters." }),
  description: z
    .string()
    .max(1000, "description must be at most 1000 characters")
    .optional()
    .meta({ description: "Description. Default empty." }),
  environmentType: z
    .enum(ENVIRONMENT_SKUS)
    .meta({ id: "EnvironmentType", description: "Environment type: Sandbox or Production; changed in place." }),
  location: z
    .string()
    .regex(/^[a-z]+$/i, "location must be a Power Platform geography such as europe or unitedstates")
    .meta({ description: "Power Platform geography. Changing it replaces the environment.", replaceOnChanges: true }),
  azureRegion: z
    .string()
    .regex(/^[a-z0-9]+$/i, "azureRegion must be an Azure region name such as westeurope")
    .meta({ description: "Azure region. Changing it replaces the environment.", replaceOnChanges: true }),
  dataverse,
  environmentGroupId: optionalGuid("environmentGroupId").meta({
    description:
      "Environment group id; absent, empty or the zero GUID = none. Joining, moving and leaving happen in place; a grouped environment's managed-environment settings are the group's rules.",
  }),
  cloud,
});

/** The Environment description. */
export const environment: ResourceDescription<typeof environmentInputs> = {
  name: "Environment",
  description:
    "A Power Platform environment with Dataverse. location, azureRegion, dataverse.language and dataverse.currency replace it; environmentType changes in place (modifySku). Delete removes the environment and its data.",
  inputs: environmentInputs,
  outputs: z.object({
    environmentId: z.string().meta({ description: "Environment id." }),
    dataverseUrl: z.string().meta({ description: "Dataverse organisation URL." }),
    organizationId: z.string().meta({ description: "Dataverse organisation id." }),
    tenantId: z.string().meta({ description: "Entra tenant id." }),
    state: z.string().meta({ description: "Management state, e.g. Ready." }),
  }),
};
