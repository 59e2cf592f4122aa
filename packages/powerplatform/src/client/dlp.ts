/** DLP v2 policy REST calls (reference §5). No api-version; scope service.powerapps.com. */
import { type ClientCore, segment } from "./core.ts";
import { fromWireDlpPolicy, toWireDlpPolicy } from "./dlp.convert.ts";
import type { WireDlpPolicy } from "./dlp.wire.ts";
import { AmbiguousRequestError, UnexpectedResponseError } from "./errors.ts";
import type { CallContext } from "./http.ts";
import type { DlpPolicy, DlpPolicyInput } from "./types.ts";

function policiesUrl(core: ClientCore, name?: string): string {
  const base = `${core.endpoints.bapi}/providers/PowerPlatform.Governance/v2/policies`;
  return name === undefined ? base : `${base}/${segment("policyId", name)}`;
}

function read(ctx: CallContext, body: unknown): DlpPolicy {
  const wire = body as WireDlpPolicy | undefined;
  if (!wire?.policyDefinition?.name)
    throw new UnexpectedResponseError(`${ctx.operation}: the DLP policy body has no policyDefinition.name`, body);
  return fromWireDlpPolicy(wire);
}

/**
 * Lists DLP policies. List entries that are summaries (no connector groups) are completed with a GET each, as the
 * list is not guaranteed to carry the full document.
 */
export async function listDlpPolicies(core: ClientCore, ctx: CallContext): Promise<DlpPolicy[]> {
  const r = await core.http.send(ctx, { method: "GET", url: policiesUrl(core), scope: core.bapiScope, accept: [200] });
  const value = ((r.body as { value?: unknown[] } | undefined)?.value ?? []) as Array<
    Partial<WireDlpPolicy> & { name?: string }
  >;
  const out: DlpPolicy[] = [];
  for (const item of value) {
    if (item.policyDefinition?.connectorGroups) {
      out.push(read(ctx, item));
      continue;
    }
    const name = item.policyDefinition?.name ?? item.name;
    if (!name) throw new UnexpectedResponseError(`${ctx.operation}: a DLP list entry has no name`, item, r.request);
    const full = await getDlpPolicy(core, ctx, name);
    if (full) out.push(full); // deleted between the list and the GET: skip it
  }
  return out;
}

/** Reads one DLP policy; undefined when it does not exist. */
export async function getDlpPolicy(core: ClientCore, ctx: CallContext, id: string): Promise<DlpPolicy | undefined> {
  const r = await core.http.send(ctx, {
    method: "GET",
    url: policiesUrl(core, id),
    scope: core.bapiScope,
    accept: [200, 404],
  });
  return r.status === 404 ? undefined : read(ctx, r.body);
}

/**
 * Creates a DLP policy. The POST is not idempotent: when its outcome is unknown it is not resent; instead a
 * policy with the same display name is looked up and, if exactly one exists, returned.
 */
export async function createDlpPolicy(core: ClientCore, ctx: CallContext, input: DlpPolicyInput): Promise<DlpPolicy> {
  const body = toWireDlpPolicy(input);
  try {
    const r = await core.http.send(ctx, {
      method: "POST",
      url: policiesUrl(core),
      scope: core.bapiScope,
      body,
      accept: [200, 201],
      idempotent: false,
    });
    return read(ctx, r.body);
  } catch (error) {
    if (!(error instanceof AmbiguousRequestError)) throw error;
    const matches = (await listDlpPolicies(core, ctx)).filter((p) => p.displayName === input.displayName);
    if (matches.length === 1 && matches[0]) return matches[0];
    throw error;
  }
}

/** Replaces a DLP policy with `input` (the full document is sent, not a diff). */
export async function updateDlpPolicy(
  core: ClientCore,
  ctx: CallContext,
  id: string,
  input: DlpPolicyInput,
): Promise<DlpPolicy> {
  const r = await core.http.send(ctx, {
    method: "PATCH",
    url: policiesUrl(core, id),
    scope: core.bapiScope,
    body: toWireDlpPolicy(input, id),
    accept: [200],
    idempotent: true,
  });
  return read(ctx, r.body);
}

/** Deletes a DLP policy; a missing policy counts as deleted. */
export async function deleteDlpPolicy(core: ClientCore, ctx: CallContext, id: string): Promise<void> {
  await core.http.send(ctx, {
    method: "DELETE",
    url: policiesUrl(core, id),
    scope: core.bapiScope,
    accept: [200, 204, 404],
  });
}
