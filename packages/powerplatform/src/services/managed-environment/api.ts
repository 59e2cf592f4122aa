/** Managed-environment governance configuration (reference §4): enable/update, disable, read. */
import { bapUrl, type ClientCore, segment } from "../../client/core.ts";
import { GovernanceBlockedByGroupError, PowerPlatformError } from "../../client/errors.ts";
import type { CallContext, HttpResponse } from "../../client/http.ts";
import {
  busyDelay,
  isBusy,
  isNotStartable,
  notStartableDelay,
  operationUrl,
  pollLifecycle,
  readUntil,
  reissueWhileFailed,
  responseInfo,
  startsExhausted,
  unexpectedStatus,
  waitWithin,
} from "../../client/lro.ts";
import type { Environment, ManagedEnvironmentSettings } from "../../client/types.ts";
import { getEnvironment } from "../environment/api.ts";
import { toWireExtendedSettings } from "./convert.ts";
import type { WireGovernanceConfigurationBody } from "./wire.ts";

function sameSettings(env: Environment | undefined, wanted: Record<string, string> | undefined): boolean {
  if (!env) return false;
  if (wanted === undefined) return !env.managed;
  if (!env.managed || !env.governance) return false;
  const actual = toWireExtendedSettings(env.governance);
  return Object.entries(wanted).every(([k, v]) => (actual[k] ?? "").toLowerCase() === v.toLowerCase());
}

async function send(
  core: ClientCore,
  ctx: CallContext,
  id: string,
  body: WireGovernanceConfigurationBody,
): Promise<HttpResponse> {
  return core.http.send(ctx, {
    method: "POST",
    url: bapUrl(core, `/environments/${segment("environmentId", id)}/governanceConfiguration`, {
      "api-version": "2021-04-01",
    }),
    scope: core.bapiScope,
    body,
    accept: [200, 202, 204, 409],
    idempotent: true,
  });
}

/**
 * Posts a governance configuration and waits until the environment reads it back. A 409 is never success on its own
 * (Terraform provider: managed_environment `Validate_Create_Retries_When_Enablement_Conflicts`,
 * `…_Conflict_When_Already_Managed`, `…_In_Environment_Group`): the environment is re-read — settings that already
 * match are done; an environment in a group is refused ({@link GovernanceBlockedByGroupError}, the group owns these
 * settings); OperationNotStartable or an empty body (busy, e.g. right after create) waits and re-sends, bounded by
 * `polling.startAttempts`; any other 409 is an error. An operation that ends `Failed` is issued again (bounded).
 */
async function apply(
  core: ClientCore,
  ctx: CallContext,
  id: string,
  body: WireGovernanceConfigurationBody,
): Promise<Environment> {
  const wanted = body.settings?.extendedSettings;
  const read = () => getEnvironment(core, ctx, id);
  await reissueWhileFailed(core, ctx, async () => {
    for (let attempt = 1; ; attempt += 1) {
      const r = await send(core, ctx, id, body);
      if (r.status === 202) {
        const url = operationUrl(core, r);
        if (url) await pollLifecycle(core, ctx, url, r);
        return;
      }
      if (r.status !== 409) return;
      const env = await read();
      if (sameSettings(env, wanted)) return;
      if (env?.environmentGroupId !== undefined) {
        throw new GovernanceBlockedByGroupError(r.request, responseInfo(r), {
          hint: "the environment belongs to an environment group whose rules own its managed-environment settings; change them on the group's rules, or remove the environment from the group first",
        });
      }
      const busy = isBusy(r);
      if (!busy && !isNotStartable(r)) throw unexpectedStatus(r);
      if (attempt >= core.polling.startAttempts) throw startsExhausted(r, attempt);
      await waitWithin(
        core,
        ctx,
        busy ? busyDelay(core, attempt) : notStartableDelay(core),
        "waiting to re-send the governance configuration",
      );
    }
  });
  return (await readUntil(core, ctx, `environment ${id} shows the governance configuration`, read, (e) =>
    sameSettings(e, wanted),
  )) as Environment;
}

/**
 * Makes the environment a managed environment with these settings, or updates them. Requires Dataverse.
 * An environment in an environment group is refused by the service with `GovernanceBlockedByGroupError`.
 */
export async function setManagedEnvironment(
  core: ClientCore,
  ctx: CallContext,
  id: string,
  settings: ManagedEnvironmentSettings,
): Promise<Environment> {
  const extendedSettings = toWireExtendedSettings(settings);
  const env = await getEnvironment(core, ctx, id);
  if (!env) throw new PowerPlatformError(`${ctx.operation}: environment ${id} does not exist`);
  if (!env.dataverse) {
    throw new PowerPlatformError(
      `${ctx.operation}: environment ${id} has no Dataverse database; managed environments require one`,
      {
        hint: "create the environment with Dataverse first",
      },
    );
  }
  return apply(core, ctx, id, { protectionLevel: "Standard", settings: { extendedSettings } });
}

/** Turns the managed environment off (`protectionLevel: Basic`). A missing environment is an error. */
export async function disableManagedEnvironment(core: ClientCore, ctx: CallContext, id: string): Promise<Environment> {
  return apply(core, ctx, id, { protectionLevel: "Basic" });
}
