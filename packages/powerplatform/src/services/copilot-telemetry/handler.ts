/** The CopilotTelemetry resource: an agent's Application Insights binding. Needs a delegated user. */
import { ProviderError, type ResourceHandler } from "../../provider/handler.ts";
import { environmentGone } from "../../provider/inside-environment.ts";
import { normalise } from "../../provider/normalise.ts";
import { clean } from "../../provider/wire.ts";

function parseId(id: string): [string, string] {
  const [env, bot, ...rest] = id.split("/");
  if (!env || !bot || rest.length > 0) {
    throw new ProviderError(`a CopilotTelemetry id is <environmentId>/<botId>, got ${JSON.stringify(id)}`);
  }
  return [env.toLowerCase(), bot];
}

/** See the `CopilotTelemetry` resource class for the documented behaviour. */
export const copilotTelemetryHandler: ResourceHandler = {
  name: "CopilotTelemetry",
  deadlines: { create: 5, update: 5, delete: 5, read: 5 },

  async create(port, inputs, opts) {
    const env = inputs.environmentId as string;
    const bot = inputs.botId as string;
    await asUser(() => port.setAgentTelemetry(env, bot, settingsOf(inputs), opts));
    return { id: `${env}/${bot}`, outs: clean({ ...inputs }) };
  },

  async read(port, id, props, opts) {
    const [env, bot] = parseId(id);
    let t: Awaited<ReturnType<typeof port.getAgentTelemetry>>;
    try {
      t = await asUser(() => port.getAgentTelemetry(env, bot, opts));
    } catch (err) {
      // The environment is gone, and the agent's binding with it: not found, so refresh drops the resource.
      if (environmentGone(err)) return undefined;
      throw err;
    }
    if (!t.connectionString) return undefined;
    const inputs = normalise("CopilotTelemetry", {
      environmentId: env,
      botId: bot,
      connectionString: t.connectionString,
      logActivities: t.logActivities,
      logActions: t.logActions,
      logSensitiveActivity: t.logSensitiveActivity,
      cloud: props.cloud,
    });
    return { props: clean({ ...inputs }), inputs };
  },

  async update(port, id, _olds, news, opts) {
    const [env, bot] = parseId(id);
    await asUser(() => port.setAgentTelemetry(env, bot, settingsOf(news), opts));
    return clean({ ...news });
  },

  async delete(port, id, _props, opts) {
    const [env, bot] = parseId(id);
    const cleared = { connectionString: "", logActivities: false, logActions: false, logSensitiveActivity: false };
    try {
      await asUser(() => port.setAgentTelemetry(env, bot, cleared, opts));
    } catch (err) {
      if (environmentGone(err)) return; // nothing left to clear
      throw err;
    }
  },
};

/**
 * The Copilot Studio management API answers 403 to app-only tokens. Say why and what to do, keeping the service's
 * answer; any other failure passes through unchanged.
 */
async function asUser<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if ((err as { status?: unknown }).status === 403) {
      throw new ProviderError(
        "CopilotTelemetry needs a delegated user: the Copilot Studio management API rejects service-principal (app-only) tokens. Run this stack signed in as a user (for example `az login`, picked up by DefaultAzureCredential).\n" +
          `The service answered: ${(err as Error).message}`,
        { cause: err },
      );
    }
    throw err;
  }
}

function settingsOf(i: Record<string, unknown>) {
  return {
    connectionString: i.connectionString as string,
    logActivities: i.logActivities as boolean,
    logActions: i.logActions as boolean,
    logSensitiveActivity: i.logSensitiveActivity as boolean,
  };
}
