/** The Environment resource: a Power Platform environment with Dataverse. */
import { ownerKey } from "../../client/owner-key.ts";
import type { EnvironmentSku, EnvironmentUpdate, Environment as LiveEnvironment } from "../../client/types.ts";
import { ProviderError, type ResourceHandler, ResourceInitError, rec } from "../../provider/handler.ts";
import { explainOrphan } from "../../provider/inside-environment.ts";
import { normalise } from "../../provider/normalise.ts";
import type { CallOptions, PowerPlatformPort } from "../../provider/port.ts";
import { clean, type PropertyMap } from "../../provider/wire.ts";

/** Inputs as seen by a reviewer, from the live environment (and old inputs where the service does not say). */
function inputsOf(env: LiveEnvironment, currency: string | undefined, old: PropertyMap): PropertyMap {
  const oldDv = rec(old.dataverse);
  return normalise("Environment", {
    displayName: env.displayName,
    description: env.description ?? "",
    environmentType: env.type,
    location: env.location,
    azureRegion: env.azureRegion ?? old.azureRegion,
    dataverse: env.dataverse
      ? {
          language: env.dataverse.language ?? oldDv.language,
          currency: currency ?? oldDv.currency,
          domain: env.dataverse.domain,
          securityGroupId: env.dataverse.securityGroupId,
        }
      : undefined,
    environmentGroupId: env.environmentGroupId,
    cloud: old.cloud,
  });
}

function outputsOf(env: LiveEnvironment, inputs: PropertyMap): PropertyMap {
  return clean({
    ...inputs,
    environmentId: env.id,
    dataverseUrl: env.dataverse?.url ?? "",
    organizationId: env.dataverse?.organizationId ?? "",
    tenantId: env.tenantId ?? "",
    state: env.managementState ?? env.provisioningState ?? "",
  });
}

async function readLive(port: PowerPlatformPort, id: string, old: PropertyMap, opts: CallOptions) {
  const env = await port.getEnvironment(id, opts);
  if (!env) return undefined;
  // An orphan of a failed create has no Dataverse to read the currency from: say so and how to recover.
  const currency = env.dataverse
    ? await explainOrphan("Environment", () => port.getEnvironmentCurrency(env, opts))
    : undefined;
  const inputs = inputsOf(env, currency, old);
  return { env, inputs, props: outputsOf(env, inputs) };
}

/**
 * The live environment once its Dataverse organisation is visible. After a partial create (the engine recorded the
 * environment while it was still provisioning) the next `up` lands here, and waits instead of patching a
 * Dataverse that does not exist yet.
 */
async function untilDataverse(port: PowerPlatformPort, id: string, old: PropertyMap, opts: CallOptions) {
  const giveUp = Date.now() + opts.timeoutMs;
  for (;;) {
    const live = await readLive(port, id, old, opts);
    if (!live)
      throw new ProviderError(
        `environment ${id} no longer exists; run \`pulumi refresh\`, then \`pulumi up\` to recreate it`,
      );
    if (live.env.dataverse) return live;
    const wait = Math.min(opts.pollMs ?? 10_000, giveUp - Date.now());
    if (wait <= 0) {
      throw new ProviderError(`environment ${id} still shows no Dataverse organisation; run \`pulumi up\` again later`);
    }
    await new Promise((ok) => setTimeout(ok, wait));
  }
}

async function stillExists(port: PowerPlatformPort, id: string, opts: CallOptions): Promise<boolean> {
  try {
    return (await port.getEnvironment(id, opts)) !== undefined;
  } catch {
    // Unknown (the read failed too): keep the id, so the environment is never orphaned.
    return true;
  }
}

/**
 * Joins, moves or leaves an environment group, in place. Joining (or moving) is the client's add operation (an
 * environment PATCH with `parentEnvironmentGroup`); leaving is `removeEnvironment` on the tenant-scoped API, which
 * is what the service records for taking an environment out (internal/services/environment_groups/
 * api_environment_group.go), instead of a PATCH with the zero GUID.
 */
async function changeGroup(
  port: PowerPlatformPort,
  id: string,
  current: string | undefined,
  news: PropertyMap,
  opts: CallOptions,
): Promise<void> {
  const wanted = news.environmentGroupId as string | undefined;
  if (wanted === current) return;
  if (wanted !== undefined) await port.addEnvironmentToGroup(wanted, id, opts);
  else if (current !== undefined) await port.removeEnvironmentFromGroup(current, id, opts);
}

/** See the `Environment` resource class for the documented behaviour. */
export const environmentHandler: ResourceHandler = {
  name: "Environment",
  deadlines: { create: 60, update: 30, delete: 30, read: 5 },

  async create(port, inputs, opts, { urn }) {
    const dv = rec(inputs.dataverse);
    let id: string | undefined;
    try {
      const env = await port.createEnvironment(
        {
          displayName: inputs.displayName as string,
          description: inputs.description as string,
          type: inputs.environmentType as EnvironmentSku,
          location: inputs.location as string,
          azureRegion: inputs.azureRegion as string,
          environmentGroupId: inputs.environmentGroupId as string | undefined,
          dataverse: {
            language: dv.language as number,
            currency: dv.currency as string,
            domain: dv.domain as string,
            securityGroupId: dv.securityGroupId as string | undefined,
          },
        },
        // The owner key comes from the URN, as DataPolicy's does: a re-run of this resource adopts the environment
        // an earlier attempt left behind (its POST outlived the timeout) instead of creating a second one.
        { ...opts, ownerKey: ownerKey(urn), onEnvironmentId: (newId) => (id = newId) },
      );
      id = env.id;
      return { id: env.id, outs: outputsOf(env, inputs) };
    } catch (err) {
      const known = id ?? (err as { environmentId?: string }).environmentId;
      // Record the environment only if it really exists: a failed create operation may have removed it again,
      // and recording a ghost would make the next `up` fail instead of creating it afresh.
      if (known && (await stillExists(port, known, opts))) {
        throw new ResourceInitError(known, clean({ ...inputs, environmentId: known }), err);
      }
      throw err;
    }
  },

  async read(port, id, props, opts) {
    const live = await readLive(port, id, props, opts);
    return live && { props: live.props, inputs: live.inputs };
  },

  async update(port, id, olds, news, opts) {
    const live = await untilDataverse(port, id, olds, opts);
    const cur = live.inputs;
    {
      // modifySku goes first: the service wants the type settled before any other change.
      if (news.environmentType !== cur.environmentType) {
        await port.changeEnvironmentType(id, news.environmentType as EnvironmentSku, opts);
      }
      const update: EnvironmentUpdate = {};
      const want = rec(news.dataverse);
      const have = rec(cur.dataverse);
      if (news.displayName !== cur.displayName) update.displayName = news.displayName as string;
      if (news.description !== cur.description) update.description = news.description as string;
      if (want.domain !== have.domain) update.domain = want.domain as string;
      if (want.securityGroupId !== have.securityGroupId) {
        update.securityGroupId = (want.securityGroupId as string | undefined) ?? null;
      }
      if (Object.keys(update).length > 0) await port.updateEnvironment(id, update, opts);
      await changeGroup(port, id, cur.environmentGroupId as string | undefined, news, opts);
    }
    const after = await readLive(port, id, news, opts);
    if (!after) throw new Error(`environment ${id} disappeared during the update`);
    return outputsOf(after.env, { ...news });
  },

  async delete(port, id, _props, opts) {
    await port.deleteEnvironment(id, opts);
  },
};
