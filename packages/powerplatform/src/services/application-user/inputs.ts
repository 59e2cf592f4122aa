/** The one input description of ApplicationUser (see `provider/describe.ts` for what is derived from it). */
import { z } from "zod";
import type { ResourceDescription } from "../../provider/describe.ts";
import { cloud, environmentId, guid, nonEmpty } from "../../provider/fields.ts";

/** The inputs of an ApplicationUser. */
export const applicationUserInputs = z.strictObject({
  environmentId: environmentId(),
  applicationId: guid("applicationId").meta({
    description: "Client id of the service principal. Changing it replaces the resource.",
    replaceOnChanges: true,
  }),
  roles: z.array(nonEmpty("a role name")).meta({ description: "Security role names (root business unit)." }),
  cloud,
});

/** The ApplicationUser description. */
export const applicationUser: ResourceDescription<typeof applicationUserInputs> = {
  name: "ApplicationUser",
  description:
    "A service principal as a Dataverse application user with security roles. Adopts an existing user; delete removes only a user it created, and gives an adopted user back the roles it had when adopted (foundRoles). Id: <environmentId>/<applicationId>.",
  inputs: applicationUserInputs,
  outputs: z.object({
    systemUserId: z.string().meta({ description: "Dataverse systemuserid." }),
    adopted: z.boolean().meta({ description: "True when the user already existed." }),
    foundRoles: z.array(z.string()).meta({
      description: "An adopted user's role names when it was adopted (or imported); delete restores them.",
    }),
  }),
};
