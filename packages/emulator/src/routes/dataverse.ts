/**
 * Dataverse Web API of each environment's org, at `/dataverse/<domain>/api/data/v9.x/…` (§7, §8.3): organization
 * settings, business units, application users (`systemusers` with the 412 duplicate and soft-delete-then-purge
 * semantics), roles and role association through `$ref`.
 */
import { isObject, type JsonObject, sameId } from "../json.ts";
import { matchesFilter, parseExpand, parseFilter, project } from "../odata.ts";
import { empty, odataError, ok, type RouteResult } from "../responses.ts";
import type { RequestContext, Router } from "../router.ts";
import type { StoredDataverseOrg, StoredEnvironment, StoredSystemUser } from "../state.ts";
import { environmentByDomain } from "./environments.ts";

const BOOL_COLUMNS = new Set([
  "isauditenabled",
  "isuseraccessauditenabled",
  "isreadauditenabled",
  "enableipbasedfirewallrule",
  "enableipbasedfirewallruleinauditmode",
  "allowmicrosofttrustedservicetags",
  "allowapplicationuseraccess",
  "enableipbasedcookiebinding",
  "bounddashboarddefaultcardexpanded",
  "blockaccesstosessiontranscriptsforcopilotstudio",
  "blocktranscriptrecordingforcopilotstudio",
  "enablecopilotstudiosharedatawithvivainsights",
  "enablecopilotstudiocrossgeosharedatawithvivainsights",
  "paipreviewscenarioenabled",
  "aipromptsenabled",
  "powerappsmakerbotenabled",
  "iscustomcontrolsincanvasappsenabled",
]);
const INT_COLUMNS = new Set(["auditretentionperiodv2", "plugintracelogsetting", "maxuploadfilesize"]);
/** Integer columns that may also be cleared with null (a new organisation has `auditretentionperiodv2` unset). */
const NULLABLE_INT_COLUMNS = new Set(["auditretentionperiodv2"]);
const STRING_COLUMNS = new Set([
  "name",
  "allowediprangeforfirewall",
  "allowedservicetagsforfirewall",
  "reverseproxyipaddresses",
  "blockedattachments",
]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A resolved org: its environment, its data, and its base URL (with trailing slash). */
export interface Org {
  env: StoredEnvironment;
  org: StoredDataverseOrg;
  base: string;
}

/** Resolves the org of the request's domain and checks the caller is one of its users. */
export function resolve(ctx: RequestContext): Org | RouteResult {
  if (!/^v9\.[0-2]$/.test(ctx.params.version ?? "")) {
    return odataError(404, "0x8006088a", `Resource not found for the segment '${ctx.params.version}'.`);
  }
  const env = environmentByDomain(ctx.core, ctx.prefixParam);
  if (!env?.dataverse) {
    return odataError(404, "0x80040217", `No Dataverse organization answers at domain '${ctx.prefixParam}'.`);
  }
  const org = env.dataverse;
  if (org.forbiddenCallsRemaining > 0) {
    org.forbiddenCallsRemaining -= 1;
    return odataError(403, "0x80072560", "The user is not a member of the organization.");
  }
  if (ctx.principal.kind === "app") {
    const user = Object.values(org.systemUsers).find(
      (u) => sameId(u.applicationid, ctx.principal.appId) && u.deletedstate === 0,
    );
    if (!user || user.isdisabled) {
      return odataError(
        403,
        "0x80072560",
        `The user is not a member of the organization: no enabled application user has applicationid '${ctx.principal.appId}'.`,
      );
    }
  }
  return {
    env,
    org,
    base: ctx.core.urls.dataverse(env.properties.linkedEnvironmentMetadata?.domainName ?? ctx.prefixParam),
  };
}

/** True when `resolve` found the org. */
export function isOrg(value: Org | RouteResult): value is Org {
  return "org" in value;
}

/** An OData collection body. */
export function odataList(base: string, version: string, entitySet: string, value: JsonObject[]): JsonObject {
  return { "@odata.context": `${base}api/data/${version}/$metadata#${entitySet}`, value };
}

/** Applies `$filter` and `$select` to rows; an unsupported query becomes a 400. */
export function queryRows(ctx: RequestContext, rows: JsonObject[], key: string): JsonObject[] | RouteResult {
  try {
    const terms = parseFilter(ctx.query.get("$filter"));
    return rows.filter((r) => matchesFilter(r, terms)).map((r) => project(r, ctx.query.get("$select"), key));
  } catch (error) {
    return odataError(400, "0x80060888", (error as Error).message);
  }
}

function getOrganizations(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  const rows = queryRows(ctx, [o.org.organization], "organizationid");
  if (!Array.isArray(rows)) return rows;
  return ok(odataList(o.base, ctx.params.version ?? "v9.2", "organizations", rows));
}

function patchOrganization(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  if (!sameId(String(o.org.organization.organizationid), ctx.params.id)) {
    return odataError(404, "0x80040217", `organization With Id = ${ctx.params.id} Does Not Exist`);
  }
  if (!isObject(ctx.body)) return odataError(400, "0x80040203", "The request body must be a JSON object of columns.");
  for (const [column, value] of Object.entries(ctx.body)) {
    const known = BOOL_COLUMNS.has(column) || INT_COLUMNS.has(column) || STRING_COLUMNS.has(column);
    if (!known) {
      return odataError(
        400,
        "0x80060888",
        `Could not find a property named '${column}' on type 'Microsoft.Dynamics.CRM.organization'.`,
      );
    }
    const typeOk = BOOL_COLUMNS.has(column)
      ? typeof value === "boolean"
      : INT_COLUMNS.has(column)
        ? Number.isInteger(value) || (value === null && NULLABLE_INT_COLUMNS.has(column))
        : typeof value === "string" || value === null;
    if (!typeOk) {
      return odataError(
        400,
        "0x80060888",
        `Cannot convert the literal '${JSON.stringify(value)}' to the type of property '${column}'.`,
      );
    }
  }
  const retention = ctx.body.auditretentionperiodv2;
  // §7's range; null clears the column (the legacy auditretentionperiod applies again).
  const retentionOk = retention === -1 || (Number(retention) >= 31 && Number(retention) <= 24855);
  if (typeof retention === "number" && !retentionOk) {
    return odataError(
      400,
      "0x80040203",
      `auditretentionperiodv2 must be -1 or between 31 and 24855; got ${retention}.`,
    );
  }
  const trace = ctx.body.plugintracelogsetting;
  if (typeof trace === "number" && ![0, 1, 2].includes(trace)) {
    return odataError(400, "0x80040203", `plugintracelogsetting must be 0, 1 or 2; got ${trace}.`);
  }
  Object.assign(o.org.organization, ctx.body);
  return empty(204);
}

function getTransactionCurrency(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  const row = o.org.transactionCurrencies.find((c) => sameId(c.transactioncurrencyid, ctx.params.id));
  if (!row) return odataError(404, "0x80040217", `transactioncurrency With Id = ${ctx.params.id} Does Not Exist`);
  return ok({
    "@odata.context": `${o.base}api/data/${ctx.params.version}/$metadata#transactioncurrencies/$entity`,
    ...project({ ...row }, ctx.query.get("$select"), "transactioncurrencyid"),
  });
}

function getBusinessUnits(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  // `parentbusinessunitid` is the navigation property a filter may name; rows carry the `_…_value` lookup column.
  const rows = o.org.businessUnits.map((b) => ({ ...b, parentbusinessunitid: b._parentbusinessunitid_value }));
  const selected = queryRows(ctx, rows, "businessunitid");
  if (!Array.isArray(selected)) return selected;
  for (const row of selected) delete row.parentbusinessunitid;
  return ok(odataList(o.base, ctx.params.version ?? "v9.2", "businessunits", selected));
}

function roleRows(org: StoredDataverseOrg): JsonObject[] {
  return org.roles.map((r) => ({ ...r }));
}

function userRow(org: StoredDataverseOrg, user: StoredSystemUser, expand: ReturnType<typeof parseExpand>): JsonObject {
  const { roleIds, ...columns } = user;
  const row: JsonObject = { ...columns };
  if (expand) {
    row[expand.navigation] = org.roles
      .filter((r) => roleIds.includes(r.roleid))
      .map((r) => project({ ...r }, expand.select, "roleid"));
  }
  return row;
}

type Expand = ReturnType<typeof parseExpand>;

/** The `$expand` of a systemusers query (only `systemuserroles_association` is a navigation), or the 400. */
function systemUserExpand(ctx: RequestContext): { expand: Expand } | RouteResult {
  let expand: Expand;
  try {
    expand = parseExpand(ctx.query.get("$expand"));
  } catch (error) {
    return odataError(400, "0x80060888", (error as Error).message);
  }
  if (expand && expand.navigation !== "systemuserroles_association") {
    return odataError(
      400,
      "0x80060888",
      `Could not find a property named '${expand.navigation}' on type 'Microsoft.Dynamics.CRM.systemuser'.`,
    );
  }
  return { expand };
}

function getSystemUsers(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  const parsed = systemUserExpand(ctx);
  if (!("expand" in parsed)) return parsed;
  const { expand } = parsed;
  const rows = Object.values(o.org.systemUsers).map((u) => userRow(o.org, u, null));
  let selected = queryRows(ctx, rows, "systemuserid");
  if (!Array.isArray(selected)) return selected;
  if (expand) {
    selected = selected.map((row) => {
      const user = o.org.systemUsers[String(row.systemuserid)];
      return user ? { ...row, [expand.navigation]: userRow(o.org, user, expand)[expand.navigation] } : row;
    });
  }
  return ok(odataList(o.base, ctx.params.version ?? "v9.2", "systemusers", selected));
}

function findUser(o: Org, id: string): StoredSystemUser | RouteResult {
  const user = Object.values(o.org.systemUsers).find((u) => sameId(u.systemuserid, id));
  return user ?? odataError(404, "0x80040217", `systemuser With Id = ${id} Does Not Exist`);
}

function isUser(value: StoredSystemUser | RouteResult): value is StoredSystemUser {
  return "systemuserid" in value;
}

function createSystemUser(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  const body = ctx.body;
  if (!isObject(body) || typeof body.applicationid !== "string" || !GUID.test(body.applicationid)) {
    return odataError(
      400,
      "0x80040203",
      "An application user needs 'applicationid' (the client id of its service principal).",
    );
  }
  const bind = body["businessunitid@odata.bind"];
  const bu = typeof bind === "string" ? /businessunits\(([^)]+)\)/i.exec(bind)?.[1] : undefined;
  const unit = o.org.businessUnits.find((b) => sameId(b.businessunitid, bu));
  if (!unit) {
    return odataError(
      400,
      "0x80040203",
      `'businessunitid@odata.bind' must reference an existing business unit; got ${JSON.stringify(bind)}.`,
    );
  }
  if (Object.values(o.org.systemUsers).some((u) => sameId(u.applicationid, body.applicationid as string))) {
    return odataError(412, null, "A record with matching key values already exists.");
  }
  const id = ctx.core.newId();
  const user: StoredSystemUser = {
    systemuserid: id,
    applicationid: body.applicationid,
    azureactivedirectoryobjectid: null,
    fullname: `# ${body.applicationid}`,
    accessmode: typeof body.accessmode === "number" ? body.accessmode : 4,
    isdisabled: body.isdisabled === true,
    deletedstate: 0,
    _businessunitid_value: unit.businessunitid,
    roleIds: [],
  };
  o.org.systemUsers[id] = user;
  const entityId = `${o.base}api/data/${ctx.params.version}/systemusers(${id})`;
  const prefer = String(ctx.headers.prefer ?? "");
  if (/return=representation/i.test(prefer)) {
    return { status: 201, body: userRow(o.org, user, null), headers: { "OData-EntityId": entityId } };
  }
  return empty(204, { "OData-EntityId": entityId });
}

function deleteSystemUser(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  const user = findUser(o, ctx.params.id ?? "");
  if (!isUser(user)) return user;
  if (user.deletedstate === 0) {
    user.deletedstate = 1;
    user.isdisabled = true;
  } else {
    delete o.org.systemUsers[user.systemuserid];
  }
  return empty(204);
}

function getRoles(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  const rows = queryRows(ctx, roleRows(o.org), "roleid");
  if (!Array.isArray(rows)) return rows;
  return ok(odataList(o.base, ctx.params.version ?? "v9.2", "roles", rows));
}

function roleFromReference(o: Org, reference: unknown): string | RouteResult {
  const m = typeof reference === "string" ? /roles\(([^)]+)\)\s*$/i.exec(reference) : null;
  const role = m ? o.org.roles.find((r) => sameId(r.roleid, m[1])) : undefined;
  if (!role) return odataError(404, "0x80040217", `role referenced by ${JSON.stringify(reference)} Does Not Exist`);
  return role.roleid;
}

function associateRole(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  const user = findUser(o, ctx.params.id ?? "");
  if (!isUser(user)) return user;
  const roleId = roleFromReference(o, isObject(ctx.body) ? ctx.body["@odata.id"] : undefined);
  if (typeof roleId !== "string") return roleId;
  if (!user.roleIds.includes(roleId)) user.roleIds.push(roleId);
  return empty(204);
}

function disassociateRole(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  const user = findUser(o, ctx.params.id ?? "");
  if (!isUser(user)) return user;
  const roleId = roleFromReference(o, ctx.query.get("$id"));
  if (typeof roleId !== "string") return roleId;
  user.roleIds = user.roleIds.filter((r) => r !== roleId);
  return empty(204);
}

/** Registers the Dataverse routes (any `v9.x` path version). */
export function dataverseRoutes(router: Router): void {
  const api = "/api/data/{version}";
  router.add("GET", "dataverse", `${api}/organizations`, "dataverse.organizations.list", getOrganizations);
  router.add("PATCH", "dataverse", `${api}/organizations({id})`, "dataverse.organizations.update", patchOrganization);
  router.add(
    "GET",
    "dataverse",
    `${api}/transactioncurrencies({id})`,
    "dataverse.transactioncurrencies.get",
    getTransactionCurrency,
  );
  router.add("GET", "dataverse", `${api}/businessunits`, "dataverse.businessunits.list", getBusinessUnits);
  router.add("GET", "dataverse", `${api}/systemusers`, "dataverse.systemusers.list", getSystemUsers);
  router.add("POST", "dataverse", `${api}/systemusers`, "dataverse.systemusers.create", createSystemUser);
  router.add("DELETE", "dataverse", `${api}/systemusers({id})`, "dataverse.systemusers.delete", deleteSystemUser);
  router.add("GET", "dataverse", `${api}/roles`, "dataverse.roles.list", getRoles);
  router.add(
    "POST",
    "dataverse",
    `${api}/systemusers({id})/systemuserroles_association/$ref`,
    "dataverse.systemusers.associateRole",
    associateRole,
  );
  router.add(
    "DELETE",
    "dataverse",
    `${api}/systemusers({id})/systemuserroles_association/$ref`,
    "dataverse.systemusers.disassociateRole",
    disassociateRole,
  );
}
