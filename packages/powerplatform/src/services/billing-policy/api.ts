/**
 * Pay-as-you-go billing policies (licensing API on the Power Platform API, api-version `2022-03-01-preview`;
 * reference §14): list, get, create, update (name and status), delete, and the environments a policy bills. A policy
 * whose status is not yet `Enabled`/`Disabled` (it reads `Provisioning` after a create) is read again until it is,
 * a bounded number of times (`polling.convergeMaxReads` reads, `polling.convergeIntervalMs` apart).
 */
import type { TokenIdentity } from "../../client/auth.ts";
import { type ClientCore, segment, withQuery } from "../../client/core.ts";
import {
  AmbiguousRequestError,
  ConvergenceTimeoutError,
  PowerPlatformError,
  UnexpectedResponseError,
} from "../../client/errors.ts";
import type { CallContext } from "../../client/http.ts";
import type { BillingPolicy, BillingPolicyInput, BillingPolicyStatus } from "../../client/types.ts";
import { creatorCouldBeUs } from "../environment/ownership.ts";
import {
  fromWireBillingPolicy,
  isFinalStatus,
  toWireBillingPolicyCreate,
  toWireBillingPolicyUpdate,
} from "./convert.ts";
import type { WireBillingPolicy, WireBillingPolicyCreate, WireBillingPolicyEnvironment } from "./wire.ts";

const Q = { "api-version": "2022-03-01-preview" };

/** `<ppapi>/licensing/<path>` with the api-version. The provider POSTs and DELETEs `BillingPolicies`; paths are case-insensitive. */
function licensingUrl(core: ClientCore, path: string): string {
  return withQuery(`${core.endpoints.ppapi}/licensing${path}`, Q);
}

function read(ctx: CallContext, body: unknown): WireBillingPolicy {
  const w = (body ?? {}) as WireBillingPolicy;
  if (!w.id) throw new UnexpectedResponseError(`${ctx.operation}: the billing policy body has no id`, body);
  return w;
}

async function listWire(core: ClientCore, ctx: CallContext): Promise<WireBillingPolicy[]> {
  const r = await core.http.send(ctx, {
    method: "GET",
    url: licensingUrl(core, "/billingPolicies"),
    scope: core.ppapiScope,
    accept: [200],
  });
  return ((r.body as { value?: WireBillingPolicy[] } | undefined)?.value ?? []) as WireBillingPolicy[];
}

async function getWire(core: ClientCore, ctx: CallContext, id: string): Promise<WireBillingPolicy | undefined> {
  const r = await core.http.send(ctx, {
    method: "GET",
    url: licensingUrl(core, `/billingPolicies/${segment("billingPolicyId", id)}`),
    scope: core.ppapiScope,
    accept: [200, 404],
  });
  return r.status === 404 ? undefined : read(ctx, r.body);
}

/** Reads the policy until its status is `Enabled` or `Disabled`; bounded. */
async function settled(core: ClientCore, ctx: CallContext, policy: WireBillingPolicy): Promise<BillingPolicy> {
  let current = policy;
  for (let reads = 0; !isFinalStatus(current); reads++) {
    if (reads >= core.polling.convergeMaxReads) {
      throw new ConvergenceTimeoutError(
        `${ctx.operation}: billing policy ${current.id} still reads status ${JSON.stringify(current.status)} after ${reads} reads`,
        current,
      );
    }
    await core.clock.sleep(core.polling.convergeIntervalMs, ctx.signal);
    const next = await getWire(core, ctx, current.id as string);
    if (!next)
      throw new UnexpectedResponseError(
        `${ctx.operation}: billing policy ${current.id} disappeared while it was provisioning`,
        undefined,
      );
    current = next;
  }
  return fromWireBillingPolicy(current);
}

/** Lists every billing policy of the tenant. */
export async function listBillingPolicies(core: ClientCore, ctx: CallContext): Promise<BillingPolicy[]> {
  return (await listWire(core, ctx)).map(fromWireBillingPolicy);
}

/** Reads a billing policy; undefined when it does not exist. */
export async function getBillingPolicy(
  core: ClientCore,
  ctx: CallContext,
  id: string,
): Promise<BillingPolicy | undefined> {
  const w = await getWire(core, ctx, id);
  return w ? fromWireBillingPolicy(w) : undefined;
}

/**
 * The policies that are what this create asks for: same name, subscription, resource group and location (case-
 * insensitive ids), created by this client. The policy has no free-text field that could carry a marker (its name
 * is also its Azure billing account's), so this natural key and its creator are its ownership proof. The creator
 * must be shown: a policy that names no creator, or a token that names no identity, proves nothing, and such a
 * policy is never adopted.
 */
function sameAsAsked(
  all: WireBillingPolicy[],
  body: WireBillingPolicyCreate,
  identity: TokenIdentity | undefined,
): WireBillingPolicy[] {
  const eq = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();
  return all.filter(
    (p) =>
      p.name === body.name &&
      eq(p.location, body.location) &&
      eq(p.billingInstrument?.subscriptionId, body.billingInstrument.subscriptionId) &&
      eq(p.billingInstrument?.resourceGroup, body.billingInstrument.resourceGroup) &&
      p.createdBy?.id !== undefined &&
      p.createdBy.id !== "" &&
      identity !== undefined &&
      creatorCouldBeUs(p.createdBy.id, identity),
  );
}

function describePolicy(p: WireBillingPolicy): string {
  return `${p.id} (created by ${p.createdBy?.id ?? "unknown"} at ${p.createdOn ?? "an unknown time"})`;
}

/** An earlier create's policy, brought to the asked status, and waited for. */
async function adopt(
  core: ClientCore,
  ctx: CallContext,
  policy: WireBillingPolicy,
  body: WireBillingPolicyCreate,
): Promise<BillingPolicy> {
  const ready = await settled(core, ctx, policy);
  if (ready.status === body.status) return ready;
  return updateBillingPolicy(core, ctx, ready.id, { name: body.name, status: body.status as BillingPolicyStatus });
}

/**
 * Creates a billing policy and waits until it is `Enabled`/`Disabled`. The POST is not idempotent and is never
 * resent. The policies are listed first: one with the same name, subscription, resource group and location created
 * by this client — what an earlier create whose answer was lost left — is adopted (its status brought to the asked
 * one) instead of creating a second; two are refused, naming both. When the POST's outcome is unknown (reset, 5xx,
 * lost answer, attempt timeout), the list is read again and a matching policy that was not there before is this
 * create's; when none shows, the call fails and the next run adopts a create that lands late. Look-alikes created
 * by someone else are never adopted.
 */
export async function createBillingPolicy(
  core: ClientCore,
  ctx: CallContext,
  input: BillingPolicyInput,
): Promise<BillingPolicy> {
  const body = toWireBillingPolicyCreate(input);
  const identity = await core.identity(ctx);
  const before = await listWire(core, ctx);
  const earlier = sameAsAsked(before, body, identity);
  if (earlier.length > 1) {
    throw new PowerPlatformError(
      `${ctx.operation}: ${earlier.length} billing policies named ${JSON.stringify(body.name)} in ${body.location}, billing resource group ${body.billingInstrument.resourceGroup}, were created by this client, so none was adopted and nothing was created: ${earlier.map(describePolicy).join("; ")}`,
      { hint: "keep one and delete the others in the admin centre (Billing → Billing policies)" },
    );
  }
  if (earlier[0]) return adopt(core, ctx, earlier[0], body);
  let created: WireBillingPolicy;
  try {
    const r = await core.http.send(ctx, {
      method: "POST",
      url: licensingUrl(core, "/BillingPolicies"),
      scope: core.ppapiScope,
      body,
      accept: [201, 200],
      idempotent: false,
    });
    created = read(ctx, r.body);
  } catch (error) {
    if (!(error instanceof AmbiguousRequestError)) throw error;
    const known = new Set(before.map((p) => p.id));
    const after = await listWire(core, ctx);
    const landed = sameAsAsked(after, body, identity).filter((p) => !known.has(p.id));
    if (landed.length === 1) return adopt(core, ctx, landed[0] as WireBillingPolicy, body);
    const others = after.filter((p) => p.name === body.name && !landed.includes(p));
    const named =
      others.length === 0
        ? ""
        : ` ${others.length} billing ${others.length === 1 ? "policy has" : "policies have"} the same name but ${others.length === 1 ? "is" : "are"} not this create's, so ${others.length === 1 ? "it was" : "they were"} not adopted: ${others.map(describePolicy).join("; ")}.`;
    throw new PowerPlatformError(
      `${ctx.operation}: the outcome of creating billing policy ${JSON.stringify(body.name)} is unknown and no new policy with its name, subscription, resource group and location appeared, so it was not sent again (that could create a second policy).${named}`,
      {
        cause: error,
        hint: "run again: if the create reaches the service later, the next run adopts the policy (same name, subscription, resource group and location, created by this client) instead of creating a second one",
      },
    );
  }
  return settled(core, ctx, created);
}

/**
 * Changes a policy's name and/or status (PUT; what is left out stays as read) and waits until it has settled. Its
 * location, subscription and resource group cannot change: replace the policy instead.
 */
export async function updateBillingPolicy(
  core: ClientCore,
  ctx: CallContext,
  id: string,
  update: { name?: string; status?: BillingPolicyStatus },
): Promise<BillingPolicy> {
  segment("billingPolicyId", id);
  const unknown = Object.keys(update).filter((k) => k !== "name" && k !== "status");
  if (unknown.length > 0) {
    throw new TypeError(
      `a billing policy update takes only name and status (${unknown.join(", ")} cannot change: replace the policy)`,
    );
  }
  const current = await getWire(core, ctx, id);
  if (!current) throw new PowerPlatformError(`${ctx.operation}: billing policy ${id} does not exist`);
  const body = toWireBillingPolicyUpdate({
    name: update.name ?? current.name ?? "",
    status: update.status ?? (isFinalStatus(current) ? (current.status as BillingPolicyStatus) : "Enabled"),
  });
  const r = await core.http.send(ctx, {
    method: "PUT",
    url: licensingUrl(core, `/billingPolicies/${segment("billingPolicyId", id)}`),
    scope: core.ppapiScope,
    body,
    accept: [200],
  });
  return settled(core, ctx, read(ctx, r.body));
}

/** Deletes a policy; a missing one counts as deleted. The environments it billed are no longer billed by it. */
export async function deleteBillingPolicy(core: ClientCore, ctx: CallContext, id: string): Promise<void> {
  await core.http.send(ctx, {
    method: "DELETE",
    url: licensingUrl(core, `/BillingPolicies/${segment("billingPolicyId", id)}`),
    scope: core.ppapiScope,
    accept: [204, 200, 404],
  });
}

/** The ids (lower-cased) of the environments a policy bills, read from the licensing API. */
export async function listBillingPolicyEnvironments(core: ClientCore, ctx: CallContext, id: string): Promise<string[]> {
  const r = await core.http.send(ctx, {
    method: "GET",
    url: licensingUrl(core, `/billingPolicies/${segment("billingPolicyId", id)}/environments`),
    scope: core.ppapiScope,
    accept: [200],
  });
  const value = ((r.body as { value?: WireBillingPolicyEnvironment[] } | undefined)?.value ??
    []) as WireBillingPolicyEnvironment[];
  return value.map((e) => (e.environmentId ?? "").toLowerCase()).filter((e) => e !== "");
}

function environmentIds(ids: readonly string[]): string[] {
  if (!Array.isArray(ids) || ids.length === 0) throw new TypeError("environmentIds must be a non-empty list");
  return ids.map((id) => segment("environmentId", id).toLowerCase());
}

/**
 * Links environments to a policy (`POST …/environments/add`, ids lower-cased as the provider sends them) and returns
 * the policy's environments read back from the licensing API (the environment record lags, reference §2.5). Adding
 * twice changes nothing, so the POST may be resent after a reset or a 5xx.
 */
export function addBillingPolicyEnvironments(
  core: ClientCore,
  ctx: CallContext,
  id: string,
  ids: readonly string[],
): Promise<string[]> {
  return changeBillingPolicyEnvironments(core, ctx, id, ids, "add");
}

/** Unlinks environments from a policy (`POST …/environments/remove`, idempotent); returns the policy's environments. */
export function removeBillingPolicyEnvironments(
  core: ClientCore,
  ctx: CallContext,
  id: string,
  ids: readonly string[],
): Promise<string[]> {
  return changeBillingPolicyEnvironments(core, ctx, id, ids, "remove");
}

async function changeBillingPolicyEnvironments(
  core: ClientCore,
  ctx: CallContext,
  id: string,
  ids: readonly string[],
  change: "add" | "remove",
): Promise<string[]> {
  await core.http.send(ctx, {
    method: "POST",
    url: licensingUrl(core, `/billingPolicies/${segment("billingPolicyId", id)}/environments/${change}`),
    scope: core.ppapiScope,
    body: { environmentIds: environmentIds(ids) },
    accept: [200, 204],
    idempotent: true,
  });
  return listBillingPolicyEnvironments(core, ctx, id);
}
