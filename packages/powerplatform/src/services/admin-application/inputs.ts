/** The one input description of AdminApplication (see `provider/describe.ts` for what is derived from it). */
import { z } from "zod";
import type { ResourceDescription } from "../../provider/describe.ts";
import { cloud, guid } from "../../provider/fields.ts";

/** The inputs of an AdminApplication. */
export const adminApplicationInputs = z.strictObject({
  applicationId: guid("applicationId").meta({
    description: "Client id to register. Changing it replaces the resource.",
    replaceOnChanges: true,
  }),
  cloud,
});

/** The AdminApplication description. */
export const adminApplication: ResourceDescription<typeof adminApplicationInputs> = {
  name: "AdminApplication",
  description:
    "Registers a service principal as a Power Platform admin management application: the one-time bootstrap, run as a Power Platform or Global Administrator user. Adopts a registration already in place (adopted: true); delete unregisters only a registration this resource made.",
  inputs: adminApplicationInputs,
  outputs: z.object({
    adopted: z.boolean().meta({
      description: "True when the application was already registered (or imported); delete then leaves it registered.",
    }),
  }),
};
