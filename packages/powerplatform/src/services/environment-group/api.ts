/** Environment groups (reference §12.1): create, get, update, delete (409 while it has members or a policy). */
import { randomUUID } from "node:crypto";
import type { TokenIdentity } from "../../client/auth.ts";
import { bapUrl, type ClientCore, segment } from "../../client/core.ts";
import { AmbiguousRequestError, PowerPlatformError, UnexpectedResponseError } from "../../client/errors.ts";
import type { CallContext } from "../../client/http.ts";
import { checkOwnerKey } from "../../client/owner-key.ts";
import type { CreateEnvironmentGroupOptions, EnvironmentGroup } from "../../client/types.ts";
import { createTag, creatorCouldBeUs, ownerOf, splitCreateMarker, withCreateMarker } from "../environment/ownership.ts";
import { fromWireEnvironmentGroup, toWireEnvironmentGroup } from "./convert.ts";
import type { WireEnvironmentGroup } from "./wire.ts";

const Q = { "api-version": "2021-04-01" };

function read(ctx: CallContext, body: unknown): EnvironmentGroup {
  const g = fromWireEnvironmentGroup((body ?? {}) as WireEnvironmentGroup);
  if (!g.id) throw new UnexpectedResponseError(`${ctx.operation}: the environment group body has no id`, body);
  return g;
}

/**
 * Lists every environment group (`GET …/environmentGroups`). Not in the reference, which documents only the
 * single-group calls: the emulator serves it, the live service is unverified here.
 */
async function listGroupsWire(core: ClientCore, ctx: CallContext): Promise<WireEnvironmentGroup[]> {
  const r = await core.http.send(ctx, {
    method: "GET",
    url: bapUrl(core, "/environmentGroups", Q),
    scope: core.bapiScope,
    accept: [200],
  });
  return ((r.body as { value?: WireEnvironmentGroup[] } | undefined)?.value ?? []) as WireEnvironmentGroup[];
}

/** A group, described for an error message. */
function describeGroup(g: WireEnvironmentGroup): string {
  return `${g.id} (created by ${g.createdBy?.id ?? "unknown"} at ${g.createdTime ?? "an unknown time"})`;
}

/**
 * The groups an earlier create with this owner key left (carrying it, created by this client; `except` is this
 * request's own). More than one is refused, naming them.
 */
function earlierGroups(
  ctx: CallContext,
  all: WireEnvironmentGroup[],
  owner: string,
  identity: TokenIdentity | undefined,
  except?: WireEnvironmentGroup,
): WireEnvironmentGroup | undefined {
  const owned = all.filter(
    (g) => g !== except && ownerOf(g.description) === owner && creatorCouldBeUs(g.createdBy?.id, identity),
  );
  if (owned.length > 1) {
    throw new PowerPlatformError(
      `${ctx.operation}: ${owned.length} environment groups carry the owner key ${owner}, so none was adopted and nothing was created: ${owned.map(describeGroup).join("; ")}`,
      {
        hint: "earlier creates whose POSTs landed late each left one; keep one and delete the others in the admin centre",
      },
    );
  }
  return owned[0];
}

/**
 * An earlier create's group, brought to `input` when its name or description differ. The description keeps a create
 * marker with the owner key, so the group stays recognisable until the caller has recorded it.
 */
async function adoptGroup(
  core: ClientCore,
  ctx: CallContext,
  group: WireEnvironmentGroup,
  input: { displayName: string; description?: string },
  marker: string,
  owner: string,
): Promise<EnvironmentGroup> {
  const current = read(ctx, group);
  const wanted = input.description ?? "";
  if (current.displayName === input.displayName && current.description === wanted) return current;
  const description = withCreateMarker(wanted, marker, owner);
  return updateEnvironmentGroup(core, ctx, current.id, { displayName: input.displayName, description });
}

/**
 * Creates an environment group. The POST is not idempotent, so it is never resent: it carries a fresh create marker
 * (`[govai-create:<uuid>]` at the end of the description, as environment create does; reads strip it) and, when
 * its outcome is unknown (reset, 5xx, lost response, attempt timeout), the group carrying that marker is returned.
 * A group with the same display name but without the marker belongs to someone else and is never returned; when no
 * group carries the marker the call fails and says so.
 *
 * With `options.ownerKey` (24 hex digits naming the caller's resource, the same on every run) the marker is
 * `[govai-create:<owner>:<uuid>]`, and the groups are listed once before the POST: a group carrying the owner key and
 * created by this client — one an earlier create whose POST landed after it gave up left behind — is adopted
 * (brought to `input`) instead of creating another; two are refused, naming both. After an unknown outcome such a
 * group is adopted too, so a late POST is recovered by the next run.
 */
export async function createEnvironmentGroup(
  core: ClientCore,
  ctx: CallContext,
  input: { displayName: string; description?: string },
  options: CreateEnvironmentGroupOptions = {},
): Promise<EnvironmentGroup> {
  const owner = options.ownerKey === undefined ? undefined : checkOwnerKey(options.ownerKey, "ownerKey");
  const marker = randomUUID();
  // Bad input is refused before the marker is added (and before any request).
  const body = toWireEnvironmentGroup(input);
  body.description = withCreateMarker(body.description, marker, owner);
  const identity = owner ? await core.identity(ctx) : undefined;
  if (owner) {
    const earlier = earlierGroups(ctx, await listGroupsWire(core, ctx), owner, identity);
    if (earlier) return adoptGroup(core, ctx, earlier, input, marker, owner);
  }
  try {
    const r = await core.http.send(ctx, {
      method: "POST",
      url: bapUrl(core, "/environmentGroups", Q),
      scope: core.bapiScope,
      body,
      accept: [200, 201],
      idempotent: false,
    });
    return read(ctx, r.body);
  } catch (error) {
    if (!(error instanceof AmbiguousRequestError)) throw error;
    // The create is synchronous: when the service acted on the POST, the group is already listed.
    const all = await listGroupsWire(core, ctx);
    const ours = all.filter((g) => splitCreateMarker(g.description).marker === marker);
    if (ours.length === 1) return read(ctx, ours[0]);
    if (owner) {
      const earlier = earlierGroups(ctx, all, owner, identity, ours[0]);
      if (earlier) return adoptGroup(core, ctx, earlier, input, marker, owner);
    }
    const tag = createTag(marker, owner);
    const sameName = all.filter((g) => g.displayName === input.displayName);
    const named =
      sameName.length === 0
        ? ""
        : ` ${sameName.length} environment ${sameName.length === 1 ? "group has" : "groups have"} the same display name but not this marker, so ${sameName.length === 1 ? "it was" : "they were"} not adopted: ${sameName.map(describeGroup).join("; ")}.`;
    throw new PowerPlatformError(
      `${ctx.operation}: the outcome of creating environment group ${JSON.stringify(input.displayName)} is unknown and no group carries its marker ${tag}, so it was not sent again (that could create a second group).${named}`,
      {
        cause: error,
        hint: owner
          ? `run again: if the create reaches the service later, the next run adopts the group by its owner key (${owner}) instead of creating a second one`
          : `a create that reaches the service late shows up later: look for a group whose description ends with ${tag} before creating it again`,
      },
    );
  }
}

/** Reads a group; undefined when it does not exist. */
export async function getEnvironmentGroup(
  core: ClientCore,
  ctx: CallContext,
  id: string,
): Promise<EnvironmentGroup | undefined> {
  const r = await core.http.send(ctx, {
    method: "GET",
    url: bapUrl(core, `/environmentGroups/${segment("groupId", id)}`, Q),
    scope: core.bapiScope,
    accept: [200, 404],
  });
  return r.status === 404 ? undefined : read(ctx, r.body);
}

/** Replaces a group's display name and description. */
export async function updateEnvironmentGroup(
  core: ClientCore,
  ctx: CallContext,
  id: string,
  input: { displayName: string; description?: string },
): Promise<EnvironmentGroup> {
  const r = await core.http.send(ctx, {
    method: "PUT",
    url: bapUrl(core, `/environmentGroups/${segment("groupId", id)}`, Q),
    scope: core.bapiScope,
    body: toWireEnvironmentGroup(input),
    accept: [200],
  });
  return read(ctx, r.body);
}

/** Deletes a group; a missing one counts as deleted. 409 while it has members or an assigned policy. */
export async function deleteEnvironmentGroup(core: ClientCore, ctx: CallContext, id: string): Promise<void> {
  await core.http.send(ctx, {
    method: "DELETE",
    url: bapUrl(core, `/environmentGroups/${segment("groupId", id)}`, Q),
    scope: core.bapiScope,
    accept: [200, 204, 404],
  });
}
