/**
 * Environment groups (reference §12.1): create, get, update, delete (409 while it has members or a policy); their
 * legacy rule sets (§12.2, tenant-scoped PPAPI); and an existing environment joining (environment PATCH with
 * `parentEnvironmentGroup`) and leaving (`removeEnvironment` on the tenant-scoped PPAPI) a group.
 */
import { randomUUID } from "node:crypto";
import type { TokenIdentity } from "../../client/auth.ts";
import { bapUrl, type ClientCore, segment } from "../../client/core.ts";
import {
  AmbiguousRequestError,
  EnvironmentNotFoundError,
  PowerPlatformApiError,
  PowerPlatformError,
  UnexpectedResponseError,
} from "../../client/errors.ts";
import type { CallContext } from "../../client/http.ts";
import { checkOwnerKey } from "../../client/owner-key.ts";
import type {
  CreateEnvironmentGroupOptions,
  Environment,
  EnvironmentGroup,
  EnvironmentGroupRuleSet,
  EnvironmentGroupRules,
} from "../../client/types.ts";
import { getEnvironment, updateEnvironment } from "../environment/api.ts";
import { createTag, creatorCouldBeUs, ownerOf, splitCreateMarker, withCreateMarker } from "../environment/ownership.ts";
import {
  fromWireEnvironmentGroup,
  fromWireRuleSet,
  toWireEnvironmentGroup,
  toWireRules,
  unmanagedRules,
} from "./convert.ts";
import { tenantApiUrl } from "./tenant-host.ts";
import type { WireEnvironmentGroup, WireRuleParameter, WireRuleSet } from "./wire.ts";

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

// ── Rule sets (reference §12.2) ────────────────────────────────────────────────────────────────────────────────

const RULES_Q = { "api-version": "2021-10-01-preview" };

/** The group's rule set as sent by the service; undefined when it has none (204, or an empty `value`). */
async function getRuleSetWire(core: ClientCore, ctx: CallContext, groupId: string): Promise<WireRuleSet | undefined> {
  const r = await core.http.send(ctx, {
    method: "GET",
    url: await tenantApiUrl(
      core,
      ctx,
      `/governance/environmentGroups/${segment("groupId", groupId)}/ruleSets`,
      RULES_Q,
    ),
    scope: core.ppapiScope,
    accept: [200, 204],
  });
  if (r.status === 204) return undefined;
  const value = (r.body as { value?: WireRuleSet[] } | undefined)?.value;
  if (!Array.isArray(value))
    throw new UnexpectedResponseError(`${ctx.operation}: the rule-set body has no value list`, r.body);
  return value[0];
}

function ruleSetId(ctx: CallContext, w: WireRuleSet): string {
  if (!w.id) throw new UnexpectedResponseError(`${ctx.operation}: the rule set has no id`, w);
  return w.id;
}

async function putRuleSet(
  core: ClientCore,
  ctx: CallContext,
  groupId: string,
  current: WireRuleSet,
  parameters: WireRuleParameter[],
): Promise<WireRuleSet> {
  const id = ruleSetId(ctx, current);
  const r = await core.http.send(ctx, {
    method: "PUT",
    url: await tenantApiUrl(core, ctx, `/governance/ruleSets/${segment("ruleSetId", id)}`, RULES_Q),
    scope: core.ppapiScope,
    body: {
      id,
      lastModified: new Date(core.clock.now()).toISOString(),
      environmentFilter: { type: "Include", values: [{ id: groupId, type: "EnvironmentGroup" }] },
      parameters,
    },
    accept: [200],
  });
  return (r.body ?? {}) as WireRuleSet;
}

/** Reads an environment group's rule set; undefined when the group has none. */
export async function getEnvironmentGroupRuleSet(
  core: ClientCore,
  ctx: CallContext,
  groupId: string,
): Promise<EnvironmentGroupRuleSet | undefined> {
  const w = await getRuleSetWire(core, ctx, groupId);
  return w ? fromWireRuleSet(w, groupId) : undefined;
}

/**
 * Makes the group's rules `rules`: creates the rule set (POST) when the group has none, else replaces it (PUT by
 * the rule set's id). Rules left out are removed; rule types this client does not manage are kept as they are, and
 * so are value ids it does not write inside a managed rule. Bad rules are refused before any request.
 *
 * A group holds at most one rule set, so a create whose outcome is unknown is settled by reading the group again:
 * the rule set is there (it is replaced, to be exact) or it is not (the POST is sent again; a late first POST then
 * meets the existing rule set). The service's answer to a second POST for a group is not recorded; the emulator
 * answers 409, which is read the same way. Returns the rule set read back (the POST's answer has no id).
 */
export async function setEnvironmentGroupRuleSet(
  core: ClientCore,
  ctx: CallContext,
  groupId: string,
  rules: EnvironmentGroupRules,
): Promise<EnvironmentGroupRuleSet> {
  segment("groupId", groupId);
  const stamp = () => new Date(core.clock.now()).toUTCString();
  toWireRules(rules, stamp()); // refuses bad input before any request
  for (let attempt = 1; ; attempt++) {
    const current = await getRuleSetWire(core, ctx, groupId);
    if (current) {
      const params = current.parameters ?? [];
      await putRuleSet(core, ctx, groupId, current, [
        ...toWireRules(rules, stamp(), params),
        ...unmanagedRules(params),
      ]);
      break;
    }
    try {
      await core.http.send(ctx, {
        method: "POST",
        url: await tenantApiUrl(
          core,
          ctx,
          `/governance/environmentGroups/${segment("groupId", groupId)}/ruleSets`,
          RULES_Q,
        ),
        scope: core.ppapiScope,
        body: {
          lastModified: new Date(core.clock.now()).toISOString(),
          environmentFilter: { type: "Include", values: [{ id: groupId, type: "EnvironmentGroup" }] },
          parameters: toWireRules(rules, stamp()),
        },
        accept: [201, 200],
        idempotent: false,
      });
      break;
    } catch (error) {
      const settle =
        error instanceof AmbiguousRequestError || (error instanceof PowerPlatformApiError && error.status === 409);
      if (!settle || attempt >= 3) throw error;
    }
  }
  const after = await getRuleSetWire(core, ctx, groupId);
  if (!after)
    throw new UnexpectedResponseError(
      `${ctx.operation}: the rule set of group ${groupId} is not there after it was written`,
      undefined,
    );
  return fromWireRuleSet(after, groupId);
}

/**
 * Removes the rules this client manages from the group: the rule set is deleted, or, when it holds rule types this
 * client does not manage, replaced by those alone. A group without a rule set counts as done.
 */
export async function deleteEnvironmentGroupRuleSet(
  core: ClientCore,
  ctx: CallContext,
  groupId: string,
): Promise<void> {
  const current = await getRuleSetWire(core, ctx, groupId);
  if (!current) return;
  const keep = unmanagedRules(current.parameters ?? []);
  if (keep.length > 0) {
    await putRuleSet(core, ctx, groupId, current, keep);
    return;
  }
  await core.http.send(ctx, {
    method: "DELETE",
    url: await tenantApiUrl(
      core,
      ctx,
      `/governance/ruleSets/${segment("ruleSetId", ruleSetId(ctx, current))}`,
      RULES_Q,
    ),
    scope: core.ppapiScope,
    accept: [200, 204, 404],
  });
}

// ── Membership (reference §12.1) ───────────────────────────────────────────────────────────────────────────────

async function existing(core: ClientCore, ctx: CallContext, environmentId: string): Promise<Environment> {
  const env = await getEnvironment(core, ctx, environmentId);
  if (!env) throw new EnvironmentNotFoundError(ctx.operation, environmentId);
  return env;
}

const sameGroup = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * Puts an existing environment into a group: an environment PATCH with `parentEnvironmentGroup.id` (as the Terraform
 * provider's environment update does), waited for like any update. Already a member: nothing is sent. An
 * environment in another group moves to this one.
 */
export async function addEnvironmentToGroup(
  core: ClientCore,
  ctx: CallContext,
  groupId: string,
  environmentId: string,
): Promise<Environment> {
  segment("groupId", groupId);
  const env = await existing(core, ctx, environmentId);
  if (sameGroup(env.environmentGroupId, groupId)) return env;
  return updateEnvironment(core, ctx, environmentId, { environmentGroupId: groupId });
}

/**
 * Takes an environment out of a group: `POST …/environmentmanagement/environmentGroups/{groupId}/removeEnvironment/
 * {environmentId}` on the tenant-scoped PPAPI (202), as the Terraform provider's group delete does. An environment
 * not in that group: nothing is sent. Removing twice changes nothing, so the POST is resent after a reset or 5xx,
 * and when it fails the environment is read again: the call succeeds if it has left the group.
 */
export async function removeEnvironmentFromGroup(
  core: ClientCore,
  ctx: CallContext,
  groupId: string,
  environmentId: string,
): Promise<Environment> {
  const env = await existing(core, ctx, environmentId);
  if (!sameGroup(env.environmentGroupId, groupId)) return env;
  const path = `/environmentmanagement/environmentGroups/${segment("groupId", groupId)}/removeEnvironment/${segment("environmentId", environmentId)}`;
  try {
    await core.http.send(ctx, {
      method: "POST",
      url: await tenantApiUrl(core, ctx, path, { "api-version": "1" }),
      scope: core.ppapiScope,
      accept: [202, 200, 204],
      // Removing twice changes nothing (a repeat after a landed first one is refused, and the re-read below settles
      // it), so the executor may resend it after a reset or a 5xx.
      idempotent: true,
    });
  } catch (error) {
    if (!(error instanceof PowerPlatformError)) throw error;
    const after = await existing(core, ctx, environmentId);
    if (sameGroup(after.environmentGroupId, groupId)) throw error;
    return after;
  }
  return existing(core, ctx, environmentId);
}
