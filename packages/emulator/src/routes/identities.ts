/**
 * Identities on BAPI (§8.1, §8.2): admin management applications (service-principal registration) and
 * `addAppUser` (System Administrator in one environment's Dataverse).
 */
import { isObject, sameId } from "../json.ts";
import { bapiError, empty, ok, type RouteResult } from "../responses.ts";
import type { RequestContext, Router } from "../router.ts";
import { addApplicationUser } from "../state.ts";
import { findEnvironment, isEnvironment } from "./environments.ts";

const BAP = "/providers/Microsoft.BusinessAppPlatform";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function register(ctx: RequestContext): RouteResult {
  const appId = ctx.params.appId ?? "";
  if (!GUID.test(appId))
    return bapiError(400, "InvalidApplicationId", `'${appId}' is not a valid application (client) id.`);
  ctx.core.state.adminApplications[appId.toLowerCase()] ??= { applicationId: appId };
  return ok({ applicationId: ctx.core.state.adminApplications[appId.toLowerCase()]?.applicationId ?? appId });
}

function read(ctx: RequestContext): RouteResult {
  const appId = ctx.params.appId ?? "";
  const app = ctx.core.state.adminApplications[appId.toLowerCase()];
  return app
    ? ok({ applicationId: app.applicationId })
    : bapiError(
        404,
        "AdminApplicationNotFound",
        `The application '${appId}' is not registered as an admin management application.`,
      );
}

function unregister(ctx: RequestContext): RouteResult {
  delete ctx.core.state.adminApplications[(ctx.params.appId ?? "").toLowerCase()];
  return empty(200);
}

function addAppUser(ctx: RequestContext): RouteResult {
  const { core } = ctx;
  const env = findEnvironment(core, ctx.params.envId ?? "");
  if (!isEnvironment(env)) return env;
  const appId = isObject(ctx.body) ? ctx.body.servicePrincipalAppId : undefined;
  if (typeof appId !== "string" || !GUID.test(appId)) {
    return bapiError(400, "InvalidRequestContent", "servicePrincipalAppId must be an application (client) id.");
  }
  const org = env.dataverse;
  if (!org) {
    return bapiError(
      400,
      "DataverseRequired",
      `The environment '${env.name}' has no Dataverse database; addAppUser needs one.`,
    );
  }
  const admin = org.roles.find((r) => r.name === "System Administrator");
  const existing = Object.values(org.systemUsers).find((u) => sameId(u.applicationid, appId) && u.deletedstate === 0);
  if (existing) {
    if (admin && !existing.roleIds.includes(admin.roleid)) existing.roleIds.push(admin.roleid);
  } else {
    addApplicationUser(org, core.newId(), appId, true);
  }
  return empty(200);
}

/** Registers the identity routes. */
export function identityRoutes(router: Router): void {
  const adminOnly = { apiVersion: true, admin: true };
  router.add("PUT", "bapi", `${BAP}/adminApplications/{appId}`, "adminApplications.register", register, adminOnly);
  router.add("GET", "bapi", `${BAP}/adminApplications/{appId}`, "adminApplications.get", read, adminOnly);
  router.add(
    "DELETE",
    "bapi",
    `${BAP}/adminApplications/{appId}`,
    "adminApplications.unregister",
    unregister,
    adminOnly,
  );
  router.add(
    "POST",
    "bapi",
    `${BAP}/scopes/admin/environments/{envId}/addAppUser`,
    "environments.addAppUser",
    addAppUser,
    {
      apiVersion: true,
    },
  );
}
