/**
 * Dataverse application users and their security roles (reference §8.3): find/adopt, create (412 → purge a
 * soft-deleted twin and retry once), roles by name, associate/disassociate, delete twice (soft, then purge).
 */

import type { ClientCore } from "../../client/core.ts";
import { type DataverseTarget, dataverseSend, dataverseTarget } from "../../client/dataverse.ts";
import { AmbiguousRequestError, PowerPlatformError, UnexpectedResponseError } from "../../client/errors.ts";
import type { CallContext } from "../../client/http.ts";
import type { ApplicationUser, SecurityRole } from "../../client/types.ts";
import {
  checkApplicationId,
  checkRowId,
  fromWireRole,
  fromWireSystemUser,
  idFromEntityHeader,
  toWireSystemUserCreate,
} from "./convert.ts";
import type { WireBusinessUnit, WireRole, WireSystemUser } from "./wire.ts";

const API = "api/data/v9.2";
const USER_SELECT =
  "$select=applicationid,systemuserid,fullname,isdisabled,deletedstate,_businessunitid_value&$expand=systemuserroles_association($select=roleid,name,_businessunitid_value)";

async function rootBusinessUnit(core: ClientCore, ctx: CallContext, t: DataverseTarget): Promise<string> {
  const r = await dataverseSend(core, ctx, t, {
    method: "GET",
    path: `${API}/businessunits?$select=businessunitid,name&$filter=parentbusinessunitid eq null`,
    accept: [200],
  });
  const id = (r.body as { value?: WireBusinessUnit[] } | undefined)?.value?.[0]?.businessunitid;
  if (!id) throw new UnexpectedResponseError(`${ctx.operation}: no root business unit found`, r.body, r.request);
  return id;
}

async function findRows(
  core: ClientCore,
  ctx: CallContext,
  t: DataverseTarget,
  applicationId: string,
): Promise<WireSystemUser[]> {
  const r = await dataverseSend(core, ctx, t, {
    method: "GET",
    path: `${API}/systemusers?${USER_SELECT}&$filter=applicationid eq ${applicationId}`,
    accept: [200],
  });
  return (r.body as { value?: WireSystemUser[] } | undefined)?.value ?? [];
}

async function deleteRow(core: ClientCore, ctx: CallContext, t: DataverseTarget, userId: string): Promise<void> {
  await dataverseSend(core, ctx, t, {
    method: "DELETE",
    path: `${API}/systemusers(${userId})`,
    accept: [200, 204, 404],
  });
}

function pickActive(ctx: CallContext, rows: WireSystemUser[], applicationId: string): WireSystemUser | undefined {
  const active = rows.filter((r) => (r.deletedstate ?? 0) === 0);
  if (active.length > 1) {
    throw new PowerPlatformError(
      `${ctx.operation}: ${active.length} active application users have application id ${applicationId}`,
      {
        hint: "delete the duplicates in the Power Platform admin centre, then run again",
      },
    );
  }
  return active[0];
}

/** Finds the application user of `applicationId` (active or soft-deleted); undefined when there is none. */
export async function findApplicationUser(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
  applicationId: string,
): Promise<ApplicationUser | undefined> {
  const appId = checkApplicationId(applicationId);
  const t = await dataverseTarget(core, ctx, environmentId);
  const rows = await findRows(core, ctx, t, appId);
  const row = pickActive(ctx, rows, appId) ?? rows[0];
  return row ? fromWireSystemUser(row) : undefined;
}

/**
 * Lists the environment's active application users (non-interactive users, `accessmode` 4, with an application id),
 * each with its security roles, sorted by application id. Soft-deleted rows are left out.
 */
export async function listApplicationUsers(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
): Promise<ApplicationUser[]> {
  const t = await dataverseTarget(core, ctx, environmentId);
  const r = await dataverseSend(core, ctx, t, {
    method: "GET",
    path: `${API}/systemusers?${USER_SELECT}&$filter=accessmode eq 4`,
    accept: [200],
  });
  const rows = (r.body as { value?: WireSystemUser[] } | undefined)?.value ?? [];
  return rows
    .filter((row) => (row.deletedstate ?? 0) === 0 && typeof row.applicationid === "string" && row.applicationid !== "")
    .map(fromWireSystemUser)
    .sort((a, b) => (a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0));
}

/**
 * Ensures an active application user for `applicationId` exists: adopts an active one, otherwise creates it in the
 * root business unit. A 412 (a row with this application id exists, typically soft-deleted) purges the deleted row
 * and retries once; an ambiguous POST is resolved by looking the user up, never by re-posting blindly.
 */
export async function ensureApplicationUser(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
  applicationId: string,
): Promise<ApplicationUser> {
  const appId = checkApplicationId(applicationId);
  const t = await dataverseTarget(core, ctx, environmentId);
  for (let attempt = 1; ; attempt += 1) {
    const rows = await findRows(core, ctx, t, appId);
    const active = pickActive(ctx, rows, appId);
    if (active) return fromWireSystemUser(active);
    if (attempt > 2)
      throw new PowerPlatformError(
        `${ctx.operation}: could not create the application user of ${appId} after purging deleted copies`,
      );
    for (const deleted of rows) if (deleted.systemuserid) await deleteRow(core, ctx, t, deleted.systemuserid);
    const bu = await rootBusinessUnit(core, ctx, t);
    let created: string | undefined;
    try {
      const r = await dataverseSend(core, ctx, t, {
        method: "POST",
        path: `${API}/systemusers`,
        body: toWireSystemUserCreate(appId, bu),
        accept: [200, 201, 204, 412],
        idempotent: false,
      });
      if (r.status === 412) continue; // a twin exists: the next round finds it, purges it if deleted, adopts it if active
      created =
        idFromEntityHeader(r.headers.get("odata-entityid")) ?? (r.body as WireSystemUser | undefined)?.systemuserid;
    } catch (error) {
      if (!(error instanceof AmbiguousRequestError)) throw error;
      continue; // the application id is the natural key: look it up instead of re-posting
    }
    const after = await findRows(core, ctx, t, appId);
    const row = after.find((r) => r.systemuserid === created) ?? pickActive(ctx, after, appId);
    if (!row)
      throw new UnexpectedResponseError(
        `${ctx.operation}: the application user was created but cannot be read back`,
        undefined,
      );
    return fromWireSystemUser(row);
  }
}

/** Deletes an application user: the first DELETE soft-deletes, the second purges. A missing user counts as deleted. */
export async function deleteApplicationUser(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
  userId: string,
): Promise<void> {
  checkRowId("userId", userId);
  const t = await dataverseTarget(core, ctx, environmentId);
  await deleteRow(core, ctx, t, userId);
  await deleteRow(core, ctx, t, userId);
}

/** Lists the security roles of the root business unit. */
export async function listSecurityRoles(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
): Promise<SecurityRole[]> {
  const t = await dataverseTarget(core, ctx, environmentId);
  return listRoles(core, ctx, t, await rootBusinessUnit(core, ctx, t));
}

async function listRoles(core: ClientCore, ctx: CallContext, t: DataverseTarget, bu: string): Promise<SecurityRole[]> {
  const r = await dataverseSend(core, ctx, t, {
    method: "GET",
    path: `${API}/roles?$select=roleid,name,_businessunitid_value&$filter=_businessunitid_value eq ${bu}`,
    accept: [200],
  });
  return ((r.body as { value?: WireRole[] } | undefined)?.value ?? []).map(fromWireRole);
}

/**
 * Makes the user's security roles exactly `roleNames` (matched by exact name in the root business unit, each
 * exactly once): associates the missing ones and disassociates the others. Returns the user as read back.
 */
export async function setApplicationUserRoles(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
  userId: string,
  roleNames: string[],
): Promise<ApplicationUser> {
  checkRowId("userId", userId);
  const t = await dataverseTarget(core, ctx, environmentId);
  const roles = await listRoles(core, ctx, t, await rootBusinessUnit(core, ctx, t));
  const wanted = new Map<string, string>();
  for (const name of new Set(roleNames)) {
    const matches = roles.filter((r) => r.name === name);
    if (matches.length !== 1 || !matches[0]) {
      throw new PowerPlatformError(
        `${ctx.operation}: security role ${JSON.stringify(name)} ${matches.length === 0 ? "does not exist" : `exists ${matches.length} times`} in the root business unit`,
        {
          hint:
            matches.length === 0
              ? `available roles: ${roles
                  .map((r) => r.name)
                  .sort()
                  .join(", ")}`
              : "rename the duplicates",
        },
      );
    }
    wanted.set(matches[0].id, name);
  }
  const rowsById = async () => {
    // The collection query with a filter, not `systemusers(<id>)`: the same documented query shape as the find.
    const r = await dataverseSend(core, ctx, t, {
      method: "GET",
      path: `${API}/systemusers?${USER_SELECT}&$filter=systemuserid eq ${userId}`,
      accept: [200],
    });
    const row = (r.body as { value?: WireSystemUser[] } | undefined)?.value?.[0];
    if (!row) throw new PowerPlatformError(`${ctx.operation}: application user ${userId} does not exist`);
    return row;
  };
  const current = fromWireSystemUser(await rowsById());
  const have = new Set(current.roles.map((r) => r.id));
  const roleRef = (roleId: string) => new URL(`${API}/roles(${roleId})`, t.orgUrl).href;
  for (const roleId of wanted.keys()) {
    if (have.has(roleId)) continue;
    await dataverseSend(core, ctx, t, {
      method: "POST",
      path: `${API}/systemusers(${userId})/systemuserroles_association/$ref`,
      body: { "@odata.id": roleRef(roleId) },
      accept: [200, 204],
      idempotent: true,
    });
  }
  for (const roleId of have) {
    if (wanted.has(roleId)) continue;
    await dataverseSend(core, ctx, t, {
      method: "DELETE",
      path: `${API}/systemusers(${userId})/systemuserroles_association/$ref?$id=${encodeURIComponent(roleRef(roleId))}`,
      accept: [200, 204, 404],
    });
  }
  return fromWireSystemUser(await rowsById());
}
