/** Environment groups (reference §12.1): create, get, update, delete (409 while it has members or a policy). */
import { randomUUID } from "node:crypto";
import { bapUrl, type ClientCore, segment } from "./core.ts";
import { fromWireEnvironmentGroup, toWireEnvironmentGroup } from "./environment-groups.convert.ts";
import type { WireEnvironmentGroup } from "./environment-groups.wire.ts";
import { splitCreateMarker, withCreateMarker } from "./environments.ownership.ts";
import { AmbiguousRequestError, PowerPlatformError, UnexpectedResponseError } from "./errors.ts";
import type { CallContext } from "./http.ts";
import type { EnvironmentGroup } from "./types.ts";

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

/**
 * Creates an environment group. The POST is not idempotent, so it is never resent: it carries a fresh create marker
 * (`[govai-create:<uuid>]` at the end of the description, as environment create does; reads strip it) and, when
 * its outcome is unknown (reset, 5xx, lost response, attempt timeout), the group carrying that marker is returned.
 * A group with the same display name but without the marker belongs to someone else and is never returned; when no
 * group carries the marker the call fails and says so.
 */
export async function createEnvironmentGroup(
  core: ClientCore,
  ctx: CallContext,
  input: { displayName: string; description?: string },
): Promise<EnvironmentGroup> {
  const marker = randomUUID();
  // Bad input is refused before the marker is added (and before any request).
  const body = toWireEnvironmentGroup(input);
  body.description = withCreateMarker(body.description, marker);
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
    const tag = `[govai-create:${marker}]`;
    const sameName = all.filter((g) => g.displayName === input.displayName);
    const named =
      sameName.length === 0
        ? ""
        : ` ${sameName.length} environment ${sameName.length === 1 ? "group has" : "groups have"} the same display name but not this marker, so ${sameName.length === 1 ? "it was" : "they were"} not adopted: ${sameName.map((g) => `${g.id} (created by ${g.createdBy?.id ?? "unknown"} at ${g.createdTime ?? "an unknown time"})`).join("; ")}.`;
    throw new PowerPlatformError(
      `${ctx.operation}: the outcome of creating environment group ${JSON.stringify(input.displayName)} is unknown and no group carries its marker ${tag}, so it was not sent again (that could create a second group).${named}`,
      {
        cause: error,
        hint: `a create that reaches the service late shows up later: look for a group whose description ends with ${tag} before creating it again`,
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
