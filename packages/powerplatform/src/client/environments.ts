/** Environment REST calls (BAPI, reference §3): create, get, list, update, change type, delete, validate domain. */
import { bapUrl, type ClientCore, segment } from "./core.ts";
import {
  fromWireEnvironment,
  normaliseDomain,
  readLifecycleOperation,
  toWireAiFlags,
  toWireEnvironmentCreate,
  toWireEnvironmentPatch,
} from "./environments.convert.ts";
import type { WireEnvironment, WireList } from "./environments.wire.ts";
import {
  AmbiguousRequestError,
  ConvergenceTimeoutError,
  LifecycleOperationFailedError,
  PartialCreateError,
  PowerPlatformApiError,
  PowerPlatformError,
  UnexpectedResponseError,
} from "./errors.ts";
import type { CallContext, HttpResponse } from "./http.ts";
import { operationUrl, pollLifecycle, readUntil, startLifecycle } from "./lro.ts";
import type {
  CreateEnvironmentOptions,
  DomainValidation,
  Environment,
  EnvironmentAiSettings,
  EnvironmentCreateInput,
  EnvironmentSku,
  EnvironmentUpdate,
} from "./types.ts";

const GET_EXPAND = "permissions,properties.capacity,properties/billingPolicy,properties/copilotPolicies";
const LIST_EXPAND = "properties/billingPolicy,properties/copilotPolicies";

function environmentUrl(core: ClientCore, id: string, apiVersion: string, expand?: string): string {
  const query: Record<string, string> = { "api-version": apiVersion };
  if (expand) query.$expand = expand;
  return bapUrl(core, `/scopes/admin/environments/${segment("environmentId", id)}`, query);
}

/** GET one environment as its wire body; undefined when it does not exist (404). */
export async function getEnvironmentWire(
  core: ClientCore,
  ctx: CallContext,
  id: string,
): Promise<WireEnvironment | undefined> {
  const r = await core.http.send(ctx, {
    method: "GET",
    url: environmentUrl(core, id, "2023-06-01", GET_EXPAND),
    scope: core.bapiScope,
    accept: [200, 404],
  });
  if (r.status === 404) return undefined;
  return (r.body ?? {}) as WireEnvironment;
}

/** GET one environment; undefined when it does not exist. */
export async function getEnvironment(core: ClientCore, ctx: CallContext, id: string): Promise<Environment | undefined> {
  const wire = await getEnvironmentWire(core, ctx, id);
  if (!wire) return undefined;
  const env = fromWireEnvironment(wire);
  if (!env) throw new UnexpectedResponseError(`${ctx.operation}: the environment body has no id`, wire);
  return env;
}

/** Lists environments as wire bodies, following `nextLink`; optionally only the members of one environment group. */
export async function listEnvironmentsWire(
  core: ClientCore,
  ctx: CallContext,
  environmentGroupId?: string,
): Promise<WireEnvironment[]> {
  const query: Record<string, string> = { "api-version": "2023-06-01", $expand: LIST_EXPAND };
  if (environmentGroupId !== undefined) {
    query.$filter = `properties/parentEnvironmentGroup/id eq ${segment("environmentGroupId", environmentGroupId)}`;
  }
  let url: string | undefined = bapUrl(core, "/scopes/admin/environments", query);
  const all: WireEnvironment[] = [];
  const seen = new Set<string>();
  while (url) {
    if (seen.has(url)) throw new UnexpectedResponseError(`${ctx.operation}: nextLink loops back to ${url}`, undefined);
    seen.add(url);
    const r = await core.http.send(ctx, { method: "GET", url, scope: core.bapiScope, accept: [200] });
    const page = (r.body ?? {}) as WireList<WireEnvironment>;
    all.push(...(page.value ?? []));
    const next = page.nextLink ?? page["@odata.nextLink"];
    url = next ? new URL(next, url).href : undefined;
    if (url && new URL(url).origin !== new URL(core.endpoints.bapi).origin) {
      throw new UnexpectedResponseError(
        `${ctx.operation}: nextLink ${url} leaves the BAPI host; refusing to send a token there`,
        page,
      );
    }
  }
  return all;
}

/** Lists environments (all pages). */
export async function listEnvironments(
  core: ClientCore,
  ctx: CallContext,
  environmentGroupId?: string,
): Promise<Environment[]> {
  const wire = await listEnvironmentsWire(core, ctx, environmentGroupId);
  return wire.map((w) => fromWireEnvironment(w)).filter((e): e is Environment => e !== undefined);
}

/**
 * Asks whether a Dataverse domain can be used: for a new environment in `location`, or as the new domain of
 * `environmentId`. 200 = usable; 400/409 = not, with the service's code and message.
 */
export async function validateDomain(
  core: ClientCore,
  ctx: CallContext,
  domain: string,
  target: { location: string } | { environmentId: string },
): Promise<DomainValidation> {
  const body =
    "location" in target
      ? { domainName: normaliseDomain(domain), environmentLocation: target.location }
      : { domainName: normaliseDomain(domain), environmentName: target.environmentId };
  const r = await core.http.send(ctx, {
    method: "POST",
    url: bapUrl(core, "/validateEnvironmentDetails", { "api-version": "2021-04-01" }),
    scope: core.bapiScope,
    body,
    accept: [200, 204, 400, 409],
    idempotent: true,
  });
  if (r.status === 200 || r.status === 204) return { available: true };
  const err = (r.body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return { available: false, code: err?.code, message: err?.message ?? (r.rawBody || `status ${r.status}`) };
}

function sendCreate(core: ClientCore, ctx: CallContext, body: unknown): Promise<HttpResponse> {
  return core.http.send(ctx, {
    method: "POST",
    url: bapUrl(core, "/environments", { "api-version": "2023-06-01" }),
    scope: core.bapiScope,
    body,
    accept: [200, 201, 202, 409],
    idempotent: false,
  });
}

/**
 * Finds the environment an ambiguous create may have made, by its unique Dataverse domain (or, before Dataverse
 * metadata shows, by display name + location among environments without it). Reads up to the converge budget
 * because the list lags behind creates.
 */
async function findCreated(
  core: ClientCore,
  ctx: CallContext,
  input: EnvironmentCreateInput,
  domain: string,
): Promise<string | undefined> {
  const match = (all: WireEnvironment[]): string | undefined => {
    const byDomain = all.find((w) => w.properties?.linkedEnvironmentMetadata?.domainName?.toLowerCase() === domain);
    if (byDomain) return byDomain.name;
    const pending = all.filter(
      (w) =>
        !w.properties?.linkedEnvironmentMetadata?.domainName &&
        w.properties?.displayName === input.displayName &&
        w.location === input.location,
    );
    return pending.length === 1 ? pending[0]?.name : undefined;
  };
  try {
    const found = await readUntil(
      core,
      ctx,
      `the environment with domain ${domain} appears in the list`,
      async () => match(await listEnvironmentsWire(core, ctx)),
      (id) => id !== undefined,
    );
    return found;
  } catch (error) {
    if (error instanceof ConvergenceTimeoutError) return undefined;
    throw error;
  }
}

/**
 * Creates an environment and waits until it is ready (with Dataverse metadata when Dataverse was requested).
 * The id is passed to `onEnvironmentId` as soon as it is known; any failure after that is a {@link PartialCreateError}.
 * A POST whose outcome is unknown (connection reset, 5xx) is not resent blindly: with Dataverse, the domain is
 * looked up first and an environment found there is adopted; without Dataverse the ambiguity is reported.
 */
export async function createEnvironment(
  core: ClientCore,
  ctx: CallContext,
  input: EnvironmentCreateInput,
  options: CreateEnvironmentOptions = {},
): Promise<Environment> {
  const body = toWireEnvironmentCreate(input, core.profile);
  const domain = body.properties.linkedEnvironmentMetadata?.domainName;
  let environmentId: string | undefined;
  const learned = (id: string | undefined) => {
    if (!id || environmentId) return;
    environmentId = id;
    options.onEnvironmentId?.(id);
  };

  let adopted = false;
  let ambiguous = 0;
  let start: HttpResponse | undefined;
  while (!start && !adopted) {
    try {
      start = await startLifecycle(core, ctx, () => sendCreate(core, ctx, body));
    } catch (error) {
      const domainTakenAfterAmbiguity =
        ambiguous > 0 && error instanceof PowerPlatformApiError && error.code === "DomainNameAlreadyInUse";
      if (!(error instanceof AmbiguousRequestError) && !domainTakenAfterAmbiguity) throw error;
      if (!domain) {
        throw new PowerPlatformError(
          `${ctx.operation}: the create request's outcome is unknown and an environment without Dataverse has no unique key to look it up by`,
          {
            cause: error,
            hint: `check the admin centre for an environment named ${JSON.stringify(input.displayName)} before running again`,
          },
        );
      }
      ambiguous += 1;
      const validation = await validateDomain(core, ctx, domain, { location: input.location });
      if (validation.available && !domainTakenAfterAmbiguity) {
        if (ambiguous > 3) throw error;
        continue; // the create never happened: sending it again is safe
      }
      const found = await findCreated(core, ctx, input, domain);
      if (!found) {
        throw new PowerPlatformError(
          `${ctx.operation}: the create request's outcome is unknown, the domain ${domain} is now taken, and no environment with it is visible`,
          {
            cause: error,
            hint: `look for an environment with domain ${domain} (perhaps left by an earlier run) and import it, or choose another domain`,
          },
        );
      }
      learned(found);
      adopted = true;
    }
  }

  try {
    if (start) {
      if (start.status === 200 || start.status === 201) {
        const created = start.body as WireEnvironment | undefined;
        learned(created?.name);
      } else {
        const url = operationUrl(core, start);
        if (!url)
          throw new UnexpectedResponseError(
            `${ctx.operation}: 202 without a Location header`,
            start.body,
            start.request,
          );
        let result: Awaited<ReturnType<typeof pollLifecycle>>;
        try {
          result = await pollLifecycle(core, ctx, url, start, (op) =>
            learned(readLifecycleOperation(op).environmentId),
          );
        } catch (error) {
          // A failed create may or may not leave an orphan behind: only an environment that still exists is partial.
          if (
            error instanceof LifecycleOperationFailedError &&
            environmentId &&
            !(await getEnvironmentWire(core, ctx, environmentId))
          ) {
            environmentId = undefined;
          }
          throw error;
        }
        learned(readLifecycleOperation(result.body).environmentId);
      }
    }
    if (!environmentId) {
      throw new UnexpectedResponseError(
        `${ctx.operation}: the create finished but the service did not say which environment it made`,
        start?.body,
      );
    }
    const id = environmentId;
    const wantDataverse = options.waitForDataverse ?? input.dataverse !== undefined;
    return await readUntil(
      core,
      ctx,
      wantDataverse ? `environment ${id} shows its Dataverse organisation` : `environment ${id} is provisioned`,
      () => getEnvironment(core, ctx, id),
      (env) =>
        env !== undefined &&
        (env.provisioningState ?? "Succeeded") === "Succeeded" &&
        (!wantDataverse || env.dataverse !== undefined),
      { intervalMs: core.polling.createSettleIntervalMs, maxReads: core.polling.createSettleMaxReads },
    ).then((env) => env as Environment);
  } catch (error) {
    if (environmentId) throw new PartialCreateError(environmentId, error);
    throw error;
  }
}

async function runLifecycle(core: ClientCore, ctx: CallContext, send: () => Promise<HttpResponse>): Promise<void> {
  const start = await startLifecycle(core, ctx, send);
  if (start.status === 202) {
    const url = operationUrl(core, start);
    if (url) await pollLifecycle(core, ctx, url, start);
  }
}

function settled(env: Environment | undefined): boolean {
  const state = env?.managementState;
  return env !== undefined && (state === undefined || state === "Ready" || state === "NotSpecified");
}

function aiMatches(env: Environment | undefined, ai: EnvironmentAiSettings): boolean {
  if (!env) return false;
  return (Object.keys(ai) as Array<keyof EnvironmentAiSettings>).every(
    (k) => ai[k] === undefined || env.ai[k] === ai[k],
  );
}

/**
 * Updates an environment: the general PATCH (api-version 2021-04-01) as a lifecycle operation, then waits for
 * `states.management` to be Ready; the AI switches in their own PATCH, read back until they match. A display-name
 * change that did not stick is sent once more.
 */
export async function updateEnvironment(
  core: ClientCore,
  ctx: CallContext,
  id: string,
  update: EnvironmentUpdate,
): Promise<Environment> {
  const patch = toWireEnvironmentPatch(update);
  const url = environmentUrl(core, id, "2021-04-01", "permissions,properties.capacity,properties/billingPolicy");
  if (update.domain !== undefined) {
    const current = await getEnvironment(core, ctx, id);
    if (current?.dataverse?.domain !== normaliseDomain(update.domain)) {
      const v = await validateDomain(core, ctx, update.domain, { environmentId: id });
      if (!v.available) {
        throw new PowerPlatformError(
          `${ctx.operation}: the Dataverse domain ${normaliseDomain(update.domain)} cannot be used: ${v.code ?? ""} ${v.message}`.trim(),
          {
            hint: "choose another domain",
          },
        );
      }
    }
  }
  const sendPatch = (body: unknown) => () =>
    core.http.send(ctx, {
      method: "PATCH",
      url,
      scope: core.bapiScope,
      body,
      accept: [200, 202, 204, 409],
      idempotent: true,
    });
  const read = () => getEnvironment(core, ctx, id);
  let env: Environment | undefined;
  if (patch) {
    await runLifecycle(core, ctx, sendPatch(patch));
    env = await readUntil(core, ctx, `environment ${id} is Ready after the update`, read, settled);
    if (update.displayName !== undefined && env?.displayName !== update.displayName) {
      await runLifecycle(core, ctx, sendPatch({ properties: { displayName: update.displayName } }));
      env = await readUntil(
        core,
        ctx,
        `environment ${id} shows its new display name`,
        read,
        (e) => settled(e) && e?.displayName === update.displayName,
      );
    }
  }
  if (update.ai && Object.values(update.ai).some((v) => v !== undefined)) {
    if (!core.profile.generativeAiFlags) {
      throw new TypeError(
        `generative-AI settings (ai.*) are only accepted in the public cloud, not in ${core.profile.cloud}`,
      );
    }
    const ai = update.ai;
    await runLifecycle(core, ctx, sendPatch({ properties: toWireAiFlags(ai) }));
    env = await readUntil(core, ctx, `environment ${id} shows the new AI settings`, read, (e) => aiMatches(e, ai), {
      intervalMs: 3_000,
      maxReads: 8,
    });
  }
  env ??= await read();
  if (!env) throw new PowerPlatformError(`${ctx.operation}: environment ${id} does not exist`);
  return env;
}

/** Changes the environment type (`modifySku`), a lifecycle operation; run it before any other update. */
export async function changeEnvironmentType(
  core: ClientCore,
  ctx: CallContext,
  id: string,
  type: EnvironmentSku,
): Promise<Environment> {
  if (type !== "Sandbox" && type !== "Production") {
    throw new TypeError(`an environment can be changed to Sandbox or Production, not ${JSON.stringify(type)}`);
  }
  await runLifecycle(core, ctx, () =>
    core.http.send(ctx, {
      method: "POST",
      url: bapUrl(core, `/scopes/admin/environments/${segment("environmentId", id)}/modifySku`, {
        "api-version": "2021-04-01",
      }),
      scope: core.bapiScope,
      body: { environmentSku: type },
      accept: [200, 202, 204, 409],
      idempotent: true,
    }),
  );
  const env = await readUntil(
    core,
    ctx,
    `environment ${id} is a ${type} environment`,
    () => getEnvironment(core, ctx, id),
    (e) => settled(e) && e?.type === type,
  );
  return env as Environment;
}

/** Deletes an environment and waits until it is gone. Deleting a missing environment succeeds. */
export async function deleteEnvironment(
  core: ClientCore,
  ctx: CallContext,
  id: string,
  reason = "Deleted by govai",
): Promise<void> {
  const start = await startLifecycle(core, ctx, () =>
    core.http.send(ctx, {
      method: "DELETE",
      url: environmentUrl(core, id, "2023-06-01"),
      scope: core.bapiScope,
      body: { code: "7", message: reason },
      accept: [200, 202, 204, 404, 409],
    }),
  );
  if (start.status === 404 || start.status === 200 || start.status === 204) return;
  const url = operationUrl(core, start);
  if (!url)
    throw new UnexpectedResponseError(`${ctx.operation}: 202 without a Location header`, start.body, start.request);
  await pollLifecycle(core, ctx, url, start);
}
