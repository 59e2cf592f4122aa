/** Environment groups (reference §12.1): create, get, update, delete (409 while it has members or a policy). */
import { bapUrl, type ClientCore, segment } from "./core.ts";
import { fromWireEnvironmentGroup, toWireEnvironmentGroup } from "./environment-groups.convert.ts";
import type { WireEnvironmentGroup } from "./environment-groups.wire.ts";
import { UnexpectedResponseError } from "./errors.ts";
import type { CallContext } from "./http.ts";
import type { EnvironmentGroup } from "./types.ts";

const Q = { "api-version": "2021-04-01" };

function read(ctx: CallContext, body: unknown): EnvironmentGroup {
  const g = fromWireEnvironmentGroup((body ?? {}) as WireEnvironmentGroup);
  if (!g.id) throw new UnexpectedResponseError(`${ctx.operation}: the environment group body has no id`, body);
  return g;
}

/** Creates an environment group (a non-idempotent POST: an ambiguous outcome is reported, not resent). */
export async function createEnvironmentGroup(
  core: ClientCore,
  ctx: CallContext,
  input: { displayName: string; description?: string },
): Promise<EnvironmentGroup> {
  const r = await core.http.send(ctx, {
    method: "POST",
    url: bapUrl(core, "/environmentGroups", Q),
    scope: core.bapiScope,
    body: toWireEnvironmentGroup(input),
    accept: [200, 201],
    idempotent: false,
  });
  return read(ctx, r.body);
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
