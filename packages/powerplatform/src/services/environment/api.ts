/** Environment REST calls (BAPI, reference §3): create, get, list, update, change type, delete, validate domain. */
import { randomUUID } from "node:crypto";
import { ZERO_GUID } from "../../client/common.convert.ts";
import { bapUrl, type ClientCore, segment } from "../../client/core.ts";
import {
  AmbiguousRequestError,
  ConvergenceTimeoutError,
  ForeignEnvironmentError,
  LifecycleOperationFailedError,
  PartialCreateError,
  PowerPlatformApiError,
  PowerPlatformError,
  UnexpectedResponseError,
} from "../../client/errors.ts";
import type { CallContext, HttpResponse } from "../../client/http.ts";
import {
  busyDelay,
  operationUrl,
  pollLifecycle,
  readUntil,
  reissueWhileFailed,
  startLifecycle,
  waitWithin,
} from "../../client/lro.ts";
import { checkOwnerKey } from "../../client/owner-key.ts";
import type {
  CreateEnvironmentOptions,
  DomainValidation,
  Environment,
  EnvironmentAiSettings,
  EnvironmentCreateInput,
  EnvironmentSku,
  EnvironmentUpdate,
} from "../../client/types.ts";
import {
  fromWireEnvironment,
  normaliseDomain,
  readLifecycleOperation,
  toWireAiFlags,
  toWireEnvironmentCreate,
  toWireEnvironmentPatch,
} from "./convert.ts";
import {
  type CreateEvidence,
  type CreateRequest,
  createTag,
  dataverseAwaited,
  describeExisting,
  type EarlierVerdict,
  judgeEarlier,
  judgeOwnership,
  type OwnershipVerdict,
  ownerOf,
  type Placement,
  withCreateMarker,
} from "./ownership.ts";
import type { WireEnvironment, WireEnvironmentCreate, WireList } from "./wire.ts";

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
 * `environmentId`. 200 = usable. The service refuses a taken domain with 400 `InvalidDomainName` (Terraform provider
 * test TestUnitEnvironmentsResource_Validate_Taken_Domain_Name); the domain's form is checked here before anything
 * is sent, so that 400 means taken. 409 `DomainNameAlreadyInUse` is read as taken too.
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
  const taken = err?.code === "DomainNameAlreadyInUse" || (r.status === 400 && err?.code === "InvalidDomainName");
  return { available: false, taken, code: err?.code, message: err?.message ?? (r.rawBody || `status ${r.status}`) };
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

/** Most times a create whose outcome was unknown is sent again after its domain proved free. */
const AMBIGUOUS_RESENDS = 3;

/**
 * The list with each environment that carries `owner` but does not show its Dataverse yet read once more on its own:
 * the list can go on without the organisation after the GET shows it, and only the domain tells whether such an
 * environment is the one a create asks for. One that is gone by then is left out.
 */
async function revealOwned(
  core: ClientCore,
  ctx: CallContext,
  all: WireEnvironment[],
  owner: string | undefined,
): Promise<WireEnvironment[]> {
  if (!owner) return all;
  const out: WireEnvironment[] = [];
  for (const w of all) {
    const hidden = ownerOf(w.properties?.description) === owner && dataverseAwaited(w);
    const id = describeExisting(w).id;
    const read = hidden && id ? await getEnvironmentWire(core, ctx, id) : w;
    if (read) out.push(read);
  }
  return out;
}

/** What the call found: the environment's id, and whether an earlier create of the same resource made it. */
interface Found {
  id: string;
  earlier: boolean;
}

/**
 * After a create whose outcome is unknown, finds the environment this request created — or, with an owner key, one
 * an earlier create of the same resource made — proven by the evidence of environments.ownership.ts, reading the
 * list up to the converge budget (the list lags behind creates). Anything else holding the domain is refused with
 * {@link ForeignEnvironmentError}; nothing found is a clear failure.
 */
async function findOwnCreate(
  core: ClientCore,
  ctx: CallContext,
  evidence: CreateEvidence,
  displayName: string,
  cause: unknown,
): Promise<Found> {
  let verdict: OwnershipVerdict | undefined;
  try {
    verdict = await readUntil(
      core,
      ctx,
      "the environment this create made appears in the list",
      async () =>
        judgeOwnership(await revealOwned(core, ctx, await listEnvironmentsWire(core, ctx), evidence.owner), evidence),
      (v) => v !== undefined,
    );
  } catch (error) {
    if (!(error instanceof ConvergenceTimeoutError)) throw error;
  }
  const tag = createTag(evidence.marker, evidence.owner);
  switch (verdict?.kind) {
    case "ours":
      return { id: verdict.id, earlier: verdict.earlier === true };
    case "foreign":
      throw new ForeignEnvironmentError(ctx.operation, verdict.existing, verdict.reason, cause);
    case "ambiguous":
      throw new PowerPlatformError(
        verdict.by === "marker"
          ? `${ctx.operation}: the create request's outcome was unknown, and more than one environment carries its marker ${tag}: ${verdict.ids.join(", ")}; none was adopted`
          : `${ctx.operation}: the create request's outcome was unknown, and more than one environment carries this resource's owner key ${evidence.owner}: ${verdict.ids.join(", ")}; none was adopted`,
        { cause, hint: "check these environments in the admin centre, keep one (import it) and delete the others" },
      );
    default:
      if (evidence.domain) {
        throw new PowerPlatformError(
          `${ctx.operation}: the create request's outcome is unknown, the domain ${evidence.domain} is now taken, and no environment with it is visible`,
          {
            cause,
            hint: `look for an environment with domain ${evidence.domain} (perhaps left by an earlier run) and import it if it is yours, or choose another domain`,
          },
        );
      }
      throw new PowerPlatformError(
        `${ctx.operation}: the create request's outcome is unknown, and no environment carrying its marker ${tag} appeared in the environment list; the request was not sent again, as that could create a second environment`,
        {
          cause,
          hint: evidence.owner
            ? `run again: if the create reaches the service later, the next run adopts the environment by this resource's owner key (${evidence.owner}) instead of creating a second one`
            : `check the admin centre for an environment named ${JSON.stringify(displayName)} whose description ends with ${tag}: import it if it exists, otherwise run again`,
        },
      );
  }
}

/**
 * Issues one create (a fresh marker, the POST, ambiguity handling, the lifecycle poll) and reports the new
 * environment's id through `learned` as soon as it is known. A lifecycle operation that ends `Failed` is thrown as is.
 */
async function issueCreate(
  core: ClientCore,
  ctx: CallContext,
  base: WireEnvironmentCreate,
  owner: string | undefined,
  learned: (id: string | undefined, earlier?: boolean) => void,
): Promise<void> {
  const marker = randomUUID();
  const body: WireEnvironmentCreate = {
    ...base,
    properties: { ...base.properties, description: withCreateMarker(base.properties.description, marker, owner) },
  };
  const domain = body.properties.linkedEnvironmentMetadata?.domainName;
  const firstSentAt = core.clock.now();
  let ambiguous = 0;
  let start: HttpResponse | undefined;
  while (!start) {
    try {
      start = await startLifecycle(core, ctx, () => sendCreate(core, ctx, body));
    } catch (error) {
      const domainTakenAfterAmbiguity =
        ambiguous > 0 && error instanceof PowerPlatformApiError && error.code === "DomainNameAlreadyInUse";
      if (!(error instanceof AmbiguousRequestError) && !domainTakenAfterAmbiguity) throw error;
      ambiguous += 1;
      if (domain && !domainTakenAfterAmbiguity) {
        const validation = await validateDomain(core, ctx, domain, { location: body.location });
        if (validation.available) {
          if (ambiguous > AMBIGUOUS_RESENDS) throw error;
          continue; // the create never happened: sending it again (same body, same marker) is safe
        }
        if (!validation.taken) {
          throw new PowerPlatformError(
            `${ctx.operation}: the create request's outcome is unknown, and checking its domain ${domain} failed: ${validation.code ?? "no code"}: ${validation.message}`,
            { cause: error, hint: "check the location and domain, then run again" },
          );
        }
      }
      const evidence: CreateEvidence = {
        marker,
        owner,
        domain,
        identity: await core.identity(ctx),
        firstSentAt,
        place: placementOf(body),
      };
      const found = await findOwnCreate(core, ctx, evidence, body.properties.displayName, error);
      learned(found.id, found.earlier);
      return;
    }
  }
  if (start.status === 200 || start.status === 201) {
    learned((start.body as WireEnvironment | undefined)?.name);
    return;
  }
  const url = operationUrl(core, start);
  if (!url)
    throw new UnexpectedResponseError(`${ctx.operation}: 202 without a Location header`, start.body, start.request);
  const result = await pollLifecycle(core, ctx, url, start, (op) => learned(readLifecycleOperation(op).environmentId));
  learned(readLifecycleOperation(result.body).environmentId);
}

/** The AI switches of an input that are set; undefined when none is. */
function requestedAi(ai: EnvironmentAiSettings | undefined): EnvironmentAiSettings | undefined {
  return ai && Object.values(ai).some((v) => v !== undefined) ? ai : undefined;
}

/** Where a create body asks for its environment. */
function placementOf(body: WireEnvironmentCreate): Placement {
  return {
    location: body.location,
    azureRegion: body.properties.azureRegion,
    language: body.properties.linkedEnvironmentMetadata?.baseLanguage,
  };
}

/**
 * Before a create with an owner key: the id of the environment an earlier create of the same resource left behind
 * (see {@link judgeEarlier}), or undefined when there is none. One list call; an environment of ours whose Dataverse
 * the list does not show yet is read on its own until it does (the settle budget). Refuses, with nothing changed,
 * one that is not what this create asks for, and more than one.
 */
async function findEarlier(core: ClientCore, ctx: CallContext, request: CreateRequest): Promise<string | undefined> {
  let all = await listEnvironmentsWire(core, ctx);
  let verdict: EarlierVerdict | undefined = judgeEarlier(all, request);
  if (verdict?.kind === "pending") {
    for (const id of verdict.ids) {
      let read: WireEnvironment | undefined;
      try {
        read = await readUntil(
          core,
          ctx,
          `environment ${id}, which carries this resource's owner key, shows its Dataverse`,
          () => getEnvironmentWire(core, ctx, id),
          (w) => w === undefined || !dataverseAwaited(w),
          { intervalMs: core.polling.createSettleIntervalMs, maxReads: core.polling.createSettleMaxReads },
        );
      } catch (error) {
        if (!(error instanceof ConvergenceTimeoutError)) throw error;
        throw new PowerPlatformError(
          `${ctx.operation}: environment ${id} carries this resource's owner key ${request.owner} (an earlier run created it), but its Dataverse has not shown, so whether its domain is ${request.domain} is unknown; nothing was created or adopted`,
          {
            cause: error,
            hint: "run again once its provisioning has finished; if its provisioning failed, delete it in the admin centre first",
          },
        );
      }
      all = all.flatMap((w) => (describeExisting(w).id !== id ? [w] : read ? [read] : []));
    }
    verdict = judgeEarlier(all, request);
  }
  switch (verdict?.kind) {
    case undefined:
      return undefined;
    case "adopt":
      return verdict.id;
    case "mismatch": {
      const e = verdict.existing;
      throw new PowerPlatformError(
        `${ctx.operation}: environment ${e.id} ${JSON.stringify(e.displayName)} (created ${e.createdTime ?? "at an unknown time"}) carries this resource's owner key ${request.owner}, so an earlier run of this resource created it, but ${verdict.reason}; it was not adopted and nothing was created`,
        {
          hint: `if it is left over from an earlier run, delete it in the admin centre (or import it: \`pulumi import govai:powerplatform:Environment <name> ${e.id}\`, then change the program to match it); if another stack has a resource with the same URN in this tenant, rename one of the two resources`,
        },
      );
    }
    case "several":
      throw new PowerPlatformError(
        `${ctx.operation}: ${verdict.existing.length} environments carry this resource's owner key ${request.owner}, so none was adopted and nothing was created: ${verdict.existing.map((e) => `${e.id} ${JSON.stringify(e.displayName)} (created ${e.createdTime ?? "at an unknown time"})`).join("; ")}`,
        {
          hint: "earlier runs whose creates landed late each left one; keep one (import it: `pulumi import govai:powerplatform:Environment <name> <environment id>`) and delete the others in the admin centre",
        },
      );
    case "pending":
      // Only a read that never came back leaves one pending, and that one threw above.
      throw new UnexpectedResponseError(
        `${ctx.operation}: environments ${verdict.ids.join(", ")} stay undecided`,
        undefined,
      );
  }
}

/**
 * Brings an environment an earlier create of the same resource made to what this create asks for: the type first
 * (`modifySku`), then name, description, cadence, billing policy, group and security group in one PATCH — only what
 * differs. A changed description keeps a create marker with the owner key, so the environment stays recognisable
 * until the caller has recorded it. Location, region, language and domain were compared before adopting.
 */
async function bringToRequest(
  core: ClientCore,
  ctx: CallContext,
  env: Environment,
  base: WireEnvironmentCreate,
  owner: string | undefined,
): Promise<Environment> {
  const p = base.properties;
  let current = env;
  if (p.environmentSku !== current.type)
    current = await changeEnvironmentType(core, ctx, env.id, p.environmentSku as EnvironmentSku);
  const update: EnvironmentUpdate = {};
  if (p.displayName !== current.displayName) update.displayName = p.displayName;
  const text = p.description ?? "";
  if (text !== current.description) update.description = withCreateMarker(text, randomUUID(), owner);
  if (p.updateCadence && p.updateCadence.id !== current.updateCadence) {
    update.updateCadence = p.updateCadence.id as EnvironmentUpdate["updateCadence"];
  }
  if (p.billingPolicy && p.billingPolicy.id !== current.billingPolicyId) update.billingPolicyId = p.billingPolicy.id;
  const group = p.parentEnvironmentGroup?.id;
  if (group !== current.environmentGroupId) update.environmentGroupId = group ?? null;
  const wanted = p.linkedEnvironmentMetadata?.securityGroupId;
  const sg = wanted === ZERO_GUID ? undefined : wanted;
  if (current.dataverse && sg !== current.dataverse.securityGroupId) update.securityGroupId = sg ?? null;
  return Object.keys(update).length > 0 ? updateEnvironment(core, ctx, env.id, update) : current;
}

/**
 * Creates an environment and waits until it is ready (with Dataverse metadata when Dataverse was requested), then
 * sets the generative-AI switches with their own PATCH and reads until they match: the service ignores them in the
 * create body. The id is passed to `onEnvironmentId` as soon as it is known; any failure after that is a
 * {@link PartialCreateError}.
 *
 * With `options.ownerKey`, the environments are listed once before anything is sent: the one an earlier create of the
 * same resource left behind is adopted and brought to `input` (see {@link judgeEarlier}); one that is not what
 * `input` asks for, or two, are refused with nothing changed.
 *
 * A POST whose outcome is unknown (connection reset, timeout, 5xx) is never resent blindly. With Dataverse, a free
 * domain proves the create never happened and it is sent again; a taken one (or a 409 DomainNameAlreadyInUse after a
 * lost response) is resolved by listing the environments and adopting only the one this request provably created,
 * or with an owner key one an earlier create of the same resource made (environments.ownership.ts) — anything else
 * is a {@link ForeignEnvironmentError} naming it. Without Dataverse the list is searched for the create's marker
 * (or owner key); when it does not appear the ambiguity is reported.
 *
 * A create whose lifecycle operation ends `Failed` and leaves no environment behind is issued again (a new request,
 * a new marker) up to `polling.failedOperationAttempts` times; one that leaves an environment behind is partial.
 */
export async function createEnvironment(
  core: ClientCore,
  ctx: CallContext,
  input: EnvironmentCreateInput,
  options: CreateEnvironmentOptions = {},
): Promise<Environment> {
  const owner = options.ownerKey === undefined ? undefined : checkOwnerKey(options.ownerKey, "ownerKey");
  const base = toWireEnvironmentCreate(input, core.profile);
  const ai = requestedAi(input.ai);
  let environmentId: string | undefined;
  let earlier = false;
  const learned = (id: string | undefined, byOwner = false) => {
    if (!id || environmentId) return;
    environmentId = id;
    earlier = byOwner;
    options.onEnvironmentId?.(id);
  };

  if (owner) {
    const request: CreateRequest = {
      owner,
      domain: base.properties.linkedEnvironmentMetadata?.domainName,
      placement: placementOf(base),
      identity: await core.identity(ctx),
    };
    learned(await findEarlier(core, ctx, request), true);
  }
  const failures: LifecycleOperationFailedError[] = [];
  while (!environmentId) {
    try {
      await issueCreate(core, ctx, base, owner, learned);
      break;
    } catch (error) {
      if (!environmentId) throw error;
      if (!(error instanceof LifecycleOperationFailedError)) throw new PartialCreateError(environmentId, error);
      // A failed create may or may not leave an orphan behind: only an environment that still exists is partial.
      let exists = true;
      try {
        exists = (await getEnvironmentWire(core, ctx, environmentId)) !== undefined;
      } catch {
        // Unknown: keep reporting the id, so the environment is never orphaned.
      }
      if (exists) throw new PartialCreateError(environmentId, error);
      environmentId = undefined;
      failures.push(error);
      if (failures.length >= core.polling.failedOperationAttempts) {
        throw failures.length === 1 ? error : LifecycleOperationFailedError.afterAttempts(ctx.operation, failures);
      }
      await waitWithin(core, ctx, busyDelay(core, failures.length), "waiting to issue the failed create again");
    }
  }
  const id = environmentId;
  if (!id) {
    throw new UnexpectedResponseError(
      `${ctx.operation}: the create finished but the service did not say which environment it made`,
      undefined,
    );
  }
  try {
    const wantDataverse = options.waitForDataverse ?? input.dataverse !== undefined;
    let env = (await readUntil(
      core,
      ctx,
      wantDataverse ? `environment ${id} shows its Dataverse organisation` : `environment ${id} is provisioned`,
      () => getEnvironment(core, ctx, id),
      (e) =>
        e !== undefined &&
        (e.provisioningState ?? "Succeeded") === "Succeeded" &&
        (!wantDataverse || e.dataverse !== undefined),
      { intervalMs: core.polling.createSettleIntervalMs, maxReads: core.polling.createSettleMaxReads },
    )) as Environment;
    if (earlier) env = await bringToRequest(core, ctx, env, base, owner);
    return ai ? await applyAiSettings(core, ctx, id, ai) : env;
  } catch (error) {
    throw new PartialCreateError(id, error);
  }
}

/**
 * Runs an idempotent lifecycle start and its operation: busy and not-startable 409s are waited out, and an operation
 * that ends `Failed` is issued again (bounded; see lro.ts).
 */
async function runLifecycle(core: ClientCore, ctx: CallContext, send: () => Promise<HttpResponse>): Promise<void> {
  await reissueWhileFailed(core, ctx, async () => {
    const start = await startLifecycle(core, ctx, send, { retryBusy: true });
    if (start.status === 202) {
      const url = operationUrl(core, start);
      if (url) await pollLifecycle(core, ctx, url, start);
    }
  });
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

/** The environment PATCH (api-version 2021-04-01), accepting the 409s `startLifecycle` handles. */
function sendPatch(core: ClientCore, ctx: CallContext, id: string, body: unknown): () => Promise<HttpResponse> {
  const url = environmentUrl(core, id, "2021-04-01", "permissions,properties.capacity,properties/billingPolicy");
  return () =>
    core.http.send(ctx, {
      method: "PATCH",
      url,
      scope: core.bapiScope,
      body,
      accept: [200, 202, 204, 409],
      idempotent: true,
    });
}

/**
 * Sets the generative-AI switches in their own PATCH and reads the environment until they match: a successful
 * operation is not yet visible on the read endpoint (Terraform provider fixtures
 * `Validate_Generative_Ai_Features_Eventual_Consistency`, `…_Never_Converge`): every 3 s, at most 8 reads.
 */
async function applyAiSettings(
  core: ClientCore,
  ctx: CallContext,
  id: string,
  ai: EnvironmentAiSettings,
): Promise<Environment> {
  if (!core.profile.generativeAiFlags) {
    throw new TypeError(
      `generative-AI settings (ai.*) are only accepted in the public cloud, not in ${core.profile.cloud}`,
    );
  }
  await runLifecycle(core, ctx, sendPatch(core, ctx, id, { properties: toWireAiFlags(ai) }));
  return (await readUntil(
    core,
    ctx,
    `the generative-AI settings of environment ${id}`,
    () => getEnvironment(core, ctx, id),
    (e) => aiMatches(e, ai),
    { intervalMs: 3_000, maxReads: 8 },
  )) as Environment;
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
  if (update.domain !== undefined) {
    const current = await getEnvironment(core, ctx, id);
    if (current?.dataverse?.domain !== normaliseDomain(update.domain)) {
      const v = await validateDomain(core, ctx, update.domain, { environmentId: id });
      if (!v.available) {
        throw new PowerPlatformError(
          `${ctx.operation}: the Dataverse domain ${normaliseDomain(update.domain)} cannot be used${v.taken ? " (another environment holds it)" : ""}: ${v.code ?? ""} ${v.message}`.trim(),
          {
            hint: "choose another domain",
          },
        );
      }
    }
  }
  const read = () => getEnvironment(core, ctx, id);
  let env: Environment | undefined;
  if (patch) {
    await runLifecycle(core, ctx, sendPatch(core, ctx, id, patch));
    env = await readUntil(core, ctx, `environment ${id} is Ready after the update`, read, settled);
    if (update.displayName !== undefined && env?.displayName !== update.displayName) {
      await runLifecycle(core, ctx, sendPatch(core, ctx, id, { properties: { displayName: update.displayName } }));
      env = await readUntil(
        core,
        ctx,
        `environment ${id} shows its new display name`,
        read,
        (e) => settled(e) && e?.displayName === update.displayName,
      );
    }
  }
  const ai = requestedAi(update.ai);
  if (ai) env = await applyAiSettings(core, ctx, id, ai);
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

/**
 * Deletes an environment and waits until it is gone. Deleting a missing environment succeeds. A busy environment
 * (409 with an empty body, e.g. right after its create) is waited out, and a delete operation that ends `Failed` is
 * issued again, both bounded (see lro.ts).
 */
export async function deleteEnvironment(
  core: ClientCore,
  ctx: CallContext,
  id: string,
  reason = "Deleted by govai",
): Promise<void> {
  await reissueWhileFailed(core, ctx, async () => {
    const start = await startLifecycle(
      core,
      ctx,
      () =>
        core.http.send(ctx, {
          method: "DELETE",
          url: environmentUrl(core, id, "2023-06-01"),
          scope: core.bapiScope,
          body: { code: "7", message: reason },
          accept: [200, 202, 204, 404, 409],
        }),
      { retryBusy: true },
    );
    if (start.status === 404 || start.status === 200 || start.status === 204) return;
    const url = operationUrl(core, start);
    if (!url)
      throw new UnexpectedResponseError(`${ctx.operation}: 202 without a Location header`, start.body, start.request);
    await pollLifecycle(core, ctx, url, start);
  });
}
