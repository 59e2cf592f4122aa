/** The EnvironmentGroup resource: an environment group, owned by this resource through its create marker. */
import { PowerPlatformApiError } from "../../client/errors.ts";
import { ownerKey } from "../../client/owner-key.ts";
import type { EnvironmentGroup } from "../../client/types.ts";
import { ProviderError, type ResourceHandler } from "../../provider/handler.ts";
import { normalise } from "../../provider/normalise.ts";
import { clean, type PropertyMap } from "../../provider/wire.ts";

function inputsOf(group: EnvironmentGroup, old: PropertyMap): PropertyMap {
  return normalise("EnvironmentGroup", {
    displayName: group.displayName,
    description: group.description,
    cloud: old.cloud,
  });
}

const outputsOf = (group: EnvironmentGroup, inputs: PropertyMap): PropertyMap =>
  clean({ ...inputs, groupId: group.id });

const input = (i: PropertyMap) => ({ displayName: i.displayName as string, description: i.description as string });

/** See the `EnvironmentGroup` resource class for the documented behaviour. */
export const environmentGroupHandler: ResourceHandler = {
  name: "EnvironmentGroup",
  deadlines: { create: 5, update: 5, delete: 5, read: 5 },

  async create(port, inputs, opts, { urn }) {
    // The owner key comes from the URN: a re-run of this resource adopts the group an earlier attempt left (its
    // POST landed after the answer was lost), and a group someone else made under the same name is never taken.
    const group = await port.createEnvironmentGroup(input(inputs), { ...opts, ownerKey: ownerKey(urn) });
    return { id: group.id, outs: outputsOf(group, inputs) };
  },

  async read(port, id, props, opts) {
    const group = await port.getEnvironmentGroup(id, opts);
    if (!group) return undefined;
    const inputs = inputsOf(group, props);
    return { props: outputsOf(group, inputs), inputs };
  },

  async update(port, id, _olds, news, opts) {
    const group = await port.updateEnvironmentGroup(id, input(news), opts);
    return outputsOf(group, news);
  },

  async delete(port, id, _props, opts) {
    try {
      await port.deleteEnvironmentGroup(id, opts);
    } catch (err) {
      if (!(err instanceof PowerPlatformApiError) || err.status !== 409) throw err;
      // The service keeps a group that still has members or a policy (409). Taking the environments out here would
      // change resources other stacks declare, so the group stays and the message says what holds it.
      if (err.code === "EnvironmentsInEnvironmentGroup") {
        const members = await port.listEnvironmentGroupMembers(id, opts);
        throw new ProviderError(
          `environment group ${id} still holds ${members.length === 1 ? "environment" : `${members.length} environments`} ${members.join(", ")}, so it was not deleted; take ${members.length === 1 ? "it" : "them"} out of the group first (Environment.environmentGroupId, or delete the environment), then delete the group again`,
        );
      }
      if (err.code === "PolicyAssignedToEnvironmentGroup") {
        throw new ProviderError(
          `environment group ${id} has a rule-based policy assigned, so it was not deleted; unassign the policy from the group in the admin centre, then delete the group again`,
        );
      }
      throw err;
    }
  },
};
