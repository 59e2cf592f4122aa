/** Managed-environment governance configuration (reference §4): enable/update, disable, read. */
import { bapUrl, type ClientCore, segment } from "./core.ts";
import { getEnvironment } from "./environments.ts";
import { PowerPlatformError } from "./errors.ts";
import { toWireExtendedSettings } from "./governance.convert.ts";
import type { WireGovernanceConfigurationBody } from "./governance.wire.ts";
import type { CallContext, HttpResponse } from "./http.ts";
import { isNotStartable, operationUrl, pollLifecycle, readUntil, unexpectedStatus, waitWithin } from "./lro.ts";
import type { Environment, ManagedEnvironmentSettings } from "./types.ts";

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
 * Posts a governance configuration, treating 409 as "not yet": re-read, done if the settings already match,
 * otherwise wait and re-send (bounded by `polling.startAttempts`). Then waits until the read matches.
 */
async function apply(
  core: ClientCore,
  ctx: CallContext,
  id: string,
  body: WireGovernanceConfigurationBody,
): Promise<Environment> {
  const wanted = body.settings?.extendedSettings;
  const read = () => getEnvironment(core, ctx, id);
  const { startAttempts, startRetryDelayMs } = core.polling;
  for (let attempt = 1; ; attempt += 1) {
    const r = await send(core, ctx, id, body);
    if (r.status === 202) {
      const url = operationUrl(core, r);
      if (url) await pollLifecycle(core, ctx, url, r);
      break;
    }
    if (r.status !== 409) break;
    if (sameSettings(await read(), wanted)) break;
    if (attempt >= startAttempts || !isNotStartable(r)) throw unexpectedStatus(r);
    const [lo, hi] = startRetryDelayMs;
    await waitWithin(
      core,
      ctx,
      Math.round(lo + core.random() * (hi - lo)),
      "waiting to re-send the governance configuration",
    );
  }
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
