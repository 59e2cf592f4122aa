/** Admin management applications and `addAppUser` (reference §8.1, §8.2). */

import { bapUrl, type ClientCore, segment } from "../../client/core.ts";
import type { CallContext } from "../../client/http.ts";
import type { AdminApplication } from "../../client/types.ts";
import { checkApplicationId } from "../application-user/convert.ts";

function adminAppUrl(core: ClientCore, clientId: string): string {
  return bapUrl(core, `/adminApplications/${checkApplicationId(clientId)}`, { "api-version": "2020-10-01" });
}

/**
 * Registers an application as a Power Platform admin management application (idempotent PUT). This is the
 * one-time bootstrap: the caller must be a Power Platform Administrator user or an already registered principal.
 */
export async function registerAdminApplication(
  core: ClientCore,
  ctx: CallContext,
  clientId: string,
): Promise<AdminApplication> {
  const r = await core.http.send(ctx, {
    method: "PUT",
    url: adminAppUrl(core, clientId),
    scope: core.bapiScope,
    accept: [200, 201],
  });
  return {
    applicationId: ((r.body as { applicationId?: string } | undefined)?.applicationId ?? clientId).toLowerCase(),
  };
}

/** Reads an admin management application registration; undefined when not registered. */
export async function getAdminApplication(
  core: ClientCore,
  ctx: CallContext,
  clientId: string,
): Promise<AdminApplication | undefined> {
  const r = await core.http.send(ctx, {
    method: "GET",
    url: adminAppUrl(core, clientId),
    scope: core.bapiScope,
    accept: [200, 404],
  });
  if (r.status === 404) return undefined;
  return {
    applicationId: ((r.body as { applicationId?: string } | undefined)?.applicationId ?? clientId).toLowerCase(),
  };
}

/** Removes an admin management application registration; a missing one counts as removed. */
export async function unregisterAdminApplication(core: ClientCore, ctx: CallContext, clientId: string): Promise<void> {
  await core.http.send(ctx, {
    method: "DELETE",
    url: adminAppUrl(core, clientId),
    scope: core.bapiScope,
    accept: [200, 204, 404],
  });
}

/** Makes a service principal System Administrator of one environment's Dataverse (`addAppUser`, idempotent). */
export async function addAppUser(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
  clientId: string,
): Promise<void> {
  await core.http.send(ctx, {
    method: "POST",
    url: bapUrl(core, `/scopes/admin/environments/${segment("environmentId", environmentId)}/addAppUser`, {
      "api-version": "2020-10-01",
    }),
    scope: core.bapiScope,
    body: { servicePrincipalAppId: checkApplicationId(clientId) },
    accept: [200, 202, 204],
    idempotent: true,
  });
}
