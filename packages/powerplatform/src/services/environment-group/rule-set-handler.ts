/** The EnvironmentGroupRuleSet resource: the managed rules of one environment group's rule set. */
import type { EnvironmentGroupRules } from "../../client/types.ts";
import { ProviderError, type ResourceHandler, rec } from "../../provider/handler.ts";
import { normalise } from "../../provider/normalise.ts";
import type { CallOptions, PowerPlatformPort } from "../../provider/port.ts";
import { clean, type PropertyMap } from "../../provider/wire.ts";

const rulesOf = (inputs: PropertyMap) => rec(inputs.rules) as EnvironmentGroupRules;

/** Writes the rules; the group must exist (the rule-set API's answer for a missing group is less clear). */
async function write(port: PowerPlatformPort, groupId: string, inputs: PropertyMap, opts: CallOptions) {
  if (!(await port.getEnvironmentGroup(groupId, opts))) {
    throw new ProviderError(`environment group ${groupId} does not exist; create it first (EnvironmentGroup)`);
  }
  const set = await port.setEnvironmentGroupRuleSet(groupId, rulesOf(inputs), opts);
  return clean({ ...inputs, ruleSetId: set.id });
}

/** See the `EnvironmentGroupRuleSet` resource class for the documented behaviour. */
export const environmentGroupRuleSetHandler: ResourceHandler = {
  name: "EnvironmentGroupRuleSet",
  deadlines: { create: 5, update: 5, delete: 5, read: 5 },

  async create(port, inputs, opts) {
    const groupId = inputs.groupId as string;
    return { id: groupId, outs: await write(port, groupId, inputs, opts) };
  },

  async read(port, id, props, opts) {
    const groupId = id.toLowerCase();
    // A group that is gone took its rule set with it.
    if (!(await port.getEnvironmentGroup(groupId, opts))) return undefined;
    const set = await port.getEnvironmentGroupRuleSet(groupId, opts);
    if (!set) return undefined;
    // Only the managed rule types are read into the inputs: drift in them shows, other rule types are not ours.
    const inputs = normalise("EnvironmentGroupRuleSet", { groupId, rules: set.rules, cloud: props.cloud });
    return { props: clean({ ...inputs, ruleSetId: set.id }), inputs };
  },

  async update(port, id, _olds, news, opts) {
    return write(port, id, news, opts);
  },

  async delete(port, id, _props, opts) {
    if (!(await port.getEnvironmentGroup(id, opts))) return;
    await port.deleteEnvironmentGroupRuleSet(id, opts);
  },
};
