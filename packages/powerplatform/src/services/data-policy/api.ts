/** DLP v2 policy REST calls (reference §5). No api-version; scope service.powerapps.com. */

import { randomBytes } from "node:crypto";
import { type ClientCore, segment } from "../../client/core.ts";
import {
  AmbiguousRequestError,
  DlpPolicyOwnershipError,
  type DlpPolicyReference,
  UnexpectedResponseError,
} from "../../client/errors.ts";
import type { CallContext } from "../../client/http.ts";
import type { DlpEnvironmentScope, DlpPolicy, DlpPolicyInput } from "../../client/types.ts";
import { dlpOwnershipPattern, fromWireDlpPolicy, newDlpIncarnation, toWireDlpPolicy } from "./convert.ts";
import type { WireDlpPolicy } from "./wire.ts";

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

/** A list entry: the service's list gives summaries (`policyDefinition` without connector groups or rules). */
interface DlpSummary {
  id: string;
  displayName: string;
  createdBy: string | undefined;
  createdTime: string | undefined;
}

async function listSummaries(core: ClientCore, ctx: CallContext): Promise<DlpSummary[]> {
  const r = await core.http.send(ctx, { method: "GET", url: policiesUrl(core), scope: core.bapiScope, accept: [200] });
  const value = ((r.body as { value?: unknown[] } | undefined)?.value ?? []) as Array<
    Partial<WireDlpPolicy> & { name?: string }
  >;
  return value.map((item) => {
    const def = item.policyDefinition;
    const id = def?.name ?? item.name;
    if (!id) throw new UnexpectedResponseError(`${ctx.operation}: a DLP list entry has no name`, item, r.request);
    return {
      id,
      displayName: def?.displayName ?? "",
      createdBy: def?.createdBy?.displayName,
      createdTime: def?.createdTime,
    };
  });
}

/** Every policy in full: the list, then a GET each (a policy deleted in between is skipped). */
async function fullPolicies(core: ClientCore, ctx: CallContext, summaries: DlpSummary[]): Promise<DlpPolicy[]> {
  const out: DlpPolicy[] = [];
  for (const s of summaries) {
    const full = await getDlpPolicy(core, ctx, s.id);
    if (full) out.push(full);
  }
  return out;
}

/**
 * Lists DLP policies in full. The service's list answers summaries without connector groups, and never carries the
 * URL-pattern or connector-configuration blocks, so every policy is read with its own GET.
 */
export async function listDlpPolicies(core: ClientCore, ctx: CallContext): Promise<DlpPolicy[]> {
  return fullPolicies(core, ctx, await listSummaries(core, ctx));
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

const reference = (p: DlpSummary | DlpPolicy): DlpPolicyReference => ({
  id: p.id,
  displayName: p.displayName,
  createdBy: p.createdBy,
  createdTime: p.createdTime,
});

function describePolicy(p: DlpPolicyReference): string {
  return `${p.id} "${p.displayName}" (created by ${p.createdBy ?? "unknown"} at ${p.createdTime ?? "an unknown time"})`;
}

function scopeText(scope: DlpEnvironmentScope): string {
  return scope.kind === "all" ? "all environments" : `${scope.kind} [${scope.environmentIds.join(", ")}]`;
}

function sameScope(a: DlpEnvironmentScope, b: DlpEnvironmentScope): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "all" || b.kind === "all") return true;
  const ids = (s: { environmentIds: string[] }) => [...new Set(s.environmentIds.map((e) => e.toLowerCase()))].sort();
  return JSON.stringify(ids(a)) === JSON.stringify(ids(b));
}

/**
 * The policy carrying `owner` that this request may adopt, or undefined when none carries it. The marker is the
 * proof; the environments it covers are supporting evidence (another stack whose resource has the same URN would
 * carry the same owner key, but covers its own environments). Anything else is refused without changing anything.
 */
async function findOwned(
  core: ClientCore,
  ctx: CallContext,
  owner: string,
  input: DlpPolicyInput,
  summaries: DlpSummary[],
): Promise<DlpPolicy | undefined> {
  const owned = (await fullPolicies(core, ctx, summaries)).filter((p) => p.ownership?.owner === owner);
  const [only, ...more] = owned;
  if (!only) return undefined;
  if (more.length > 0) {
    throw new DlpPolicyOwnershipError(
      `${ctx.operation}: ${owned.length} DLP policies carry the ownership marker of this resource (owner ${owner}), so none was adopted: ${owned.map(describePolicy).join("; ")}`,
      owned.map(reference),
      {
        hint: "earlier attempts whose creates landed late each left one; keep one (import it: `pulumi import govai:powerplatform:DataPolicy <name> <policy id>`) and delete the others in the admin centre",
      },
    );
  }
  if (!sameScope(only.environments, input.environments)) {
    throw new DlpPolicyOwnershipError(
      `${ctx.operation}: DLP policy ${describePolicy(only)} carries the ownership marker of this resource (owner ${owner}) but covers ${scopeText(only.environments)} instead of ${scopeText(input.environments)}, so it was not adopted`,
      [reference(only)],
      {
        hint: "if it is left over from an earlier attempt of this resource, delete it in the admin centre (or import it and change its environments); if another stack has a resource with the same URN in this tenant, rename one of the two resources",
      },
    );
  }
  return only;
}

/**
 * Creates a DLP policy, proving which policy is its own. The POST is not idempotent, so it is never resent; the
 * policy carries an ownership marker (see {@link DlpOwnershipMarker}) and only a policy carrying it is ever returned.
 *
 * - With `input.ownership.owner` (the provider passes a key derived from the resource's URN), a policy that already
 *   carries this owner, an earlier attempt whose POST landed after its timeout, is adopted first: written with
 *   `input` and a new incarnation, and returned. No second policy is created.
 * - When the POST's outcome is unknown (reset, 5xx, lost response, attempt timeout), the policies are read again and
 *   the one carrying the marker is returned. When none does, it fails with a {@link DlpPolicyOwnershipError} that
 *   names the policies with the same display name: they belong to someone else and are never returned.
 */
export async function createDlpPolicy(core: ClientCore, ctx: CallContext, input: DlpPolicyInput): Promise<DlpPolicy> {
  const given = input.ownership?.owner;
  const marker = {
    owner: given ?? randomBytes(12).toString("hex"),
    incarnation: input.ownership?.incarnation ?? newDlpIncarnation(),
  };
  const desired: DlpPolicyInput = { ...input, ownership: marker };
  const body = toWireDlpPolicy(desired); // refuses bad input before any request
  if (given !== undefined) {
    const earlier = await findOwned(core, ctx, marker.owner, input, await listSummaries(core, ctx));
    // Provably ours: bring it to the requested document, with this create's incarnation.
    if (earlier) return updateDlpPolicy(core, ctx, earlier.id, desired);
  }
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
    const summaries = await listSummaries(core, ctx);
    const ours = await findOwned(core, ctx, marker.owner, input, summaries);
    if (ours) {
      // This POST's own policy is returned as it is; an earlier attempt's is brought to this request first.
      return ours.ownership?.incarnation === marker.incarnation ? ours : updateDlpPolicy(core, ctx, ours.id, desired);
    }
    const sameName = summaries.filter((s) => s.displayName === input.displayName);
    const named =
      sameName.length === 0
        ? ""
        : ` ${sameName.length} DLP ${sameName.length === 1 ? "policy has" : "policies have"} the same display name but not this marker, so ${sameName.length === 1 ? "it was" : "they were"} not adopted: ${sameName.map(describePolicy).join("; ")}.`;
    throw new DlpPolicyOwnershipError(
      `${ctx.operation}: the outcome of creating DLP policy "${input.displayName}" is unknown and no policy carries its ownership marker (${dlpOwnershipPattern(marker)}).${named} Cause: ${error.message.split("\nHint: ")[0]}`,
      sameName.map(reference),
      {
        cause: error,
        hint:
          given !== undefined
            ? "run again: if the create lands later, the next run adopts it by its marker instead of creating a second policy; the policies named above belong to someone else, do not import or delete them"
            : "this call had no stable owner key (ownership.owner), so a later run cannot recognise the policy: look for a policy with the custom-connector rule above before creating again; the policies named above belong to someone else",
      },
    );
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
