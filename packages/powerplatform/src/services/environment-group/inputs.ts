/** The one input description of EnvironmentGroup (see `provider/describe.ts` for what is derived from it). */
import { z } from "zod";
import type { ResourceDescription } from "../../provider/describe.ts";
import { cloud, nonEmpty } from "../../provider/fields.ts";

/** The inputs of an EnvironmentGroup. */
export const environmentGroupInputs = z.strictObject({
  displayName: nonEmpty("displayName").meta({ description: "Display name of the group." }),
  description: z
    .string()
    // Reads strip a trailing create marker (the ownership proof of a create), so a description holding one could
    // never read back as written.
    .refine((s) => !s.includes("[govai-create:"), "description must not contain [govai-create:, which marks creates")
    .optional()
    .meta({ description: "Description. Default empty." }),
  cloud,
});

/** The EnvironmentGroup description. */
export const environmentGroup: ResourceDescription<typeof environmentGroupInputs> = {
  name: "EnvironmentGroup",
  description:
    "An environment group. Name and description change in place. A create whose answer is lost adopts only the group this resource made (its owner key in the create marker), never another group of the same name. Delete is refused while environments are in the group.",
  inputs: environmentGroupInputs,
  outputs: z.object({ groupId: z.string().meta({ description: "The group id; also the resource id." }) }),
};
