/** The ManagedEnvironment resource: managed-environment governance of one environment. */
import type { ManagedEnvironmentSettings } from "../../client/types.ts";
import { ProviderError, type ResourceHandler, rec } from "../../provider/handler.ts";
import { normalise } from "../../provider/normalise.ts";
import type { CallOptions, PowerPlatformPort } from "../../provider/port.ts";
import { clean, type PropertyMap } from "../../provider/wire.ts";

/**
 * The settings the client writes: the inputs without the environment id and the cloud. Check has held them to the
 * input description, whose shape the settings share, so a new input reaches the client without a line here.
 */
function settingsOf(inputs: PropertyMap): ManagedEnvironmentSettings {
  const { environmentId: _id, cloud: _cloud, ...settings } = inputs;
  return settings as unknown as ManagedEnvironmentSettings;
}

/** The inputs as read back; flow and agent sharing the service did not report keep their last values. */
function inputsOf(id: string, s: ManagedEnvironmentSettings, old: PropertyMap): PropertyMap {
  const { other: _unmodelled, ...settings } = s;
  return normalise("ManagedEnvironment", {
    environmentId: id,
    ...settings,
    sharing: {
      apps: s.sharing.apps,
      flows: s.sharing.flows ?? rec(old.sharing).flows,
      agents: s.sharing.agents ?? rec(old.sharing).agents,
    },
    cloud: old.cloud,
  });
}

/** Refuses, with what to do, when the environment cannot carry its own governance settings. */
async function preflight(port: PowerPlatformPort, id: string, opts: CallOptions): Promise<void> {
  const env = await port.getEnvironment(id, opts);
  if (!env) throw new ProviderError(`environment ${id} does not exist`);
  if (env.environmentGroupId) {
    throw new ProviderError(
      `environment ${id} is in environment group ${env.environmentGroupId}, whose rules own its managed-environment ` +
        "settings; set sharing, solution checker, usage insights and maker welcome on the group's rule set instead, " +
        "or remove the environment from the group (Environment.environmentGroupId)",
    );
  }
  if (!env.dataverse) {
    throw new ProviderError(`environment ${id} has no Dataverse database; Managed Environment requires one`);
  }
}

/** See the `ManagedEnvironment` resource class for the documented behaviour. */
export const managedEnvironmentHandler: ResourceHandler = {
  name: "ManagedEnvironment",
  deadlines: { create: 20, update: 20, delete: 20, read: 5 },

  async create(port, inputs, opts) {
    const id = inputs.environmentId as string;
    await preflight(port, id, opts);
    await port.enableManagedEnvironment(id, settingsOf(inputs), opts);
    return { id, outs: clean({ ...inputs, protectionLevel: "Standard" }) };
  },

  async read(port, id, props, opts) {
    const env = await port.getEnvironment(id, opts);
    if (!env?.managed) return undefined;
    // In a group the service answers `settings: null`: keep what we last applied rather than invent values.
    const inputs = env.governance
      ? inputsOf(env.id, env.governance, props)
      : normalise("ManagedEnvironment", { ...props, environmentId: env.id });
    delete inputs.protectionLevel;
    return { props: clean({ ...inputs, protectionLevel: "Standard" }), inputs };
  },

  async update(port, id, _olds, news, opts) {
    await preflight(port, id, opts);
    await port.enableManagedEnvironment(id, settingsOf(news), opts);
    return clean({ ...news, protectionLevel: "Standard" });
  },

  async delete(port, id, _props, opts) {
    const env = await port.getEnvironment(id, opts);
    // An environment that has joined a group since is governed by the group's rules: the service refuses to turn
    // Managed Environment off there, and the settings are no longer this resource's. It is left as it is.
    if (env?.managed && !env.environmentGroupId) await port.disableManagedEnvironment(id, opts);
  },
};
