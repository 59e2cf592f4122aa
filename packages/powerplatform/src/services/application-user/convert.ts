/** Application-user converters. */

import type { ApplicationUser, SecurityRole } from "../../client/types.ts";
import type { WireRole, WireSystemUser, WireSystemUserCreate } from "./wire.ts";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks an Entra application (client) id. */
export function checkApplicationId(applicationId: string): string {
  if (!GUID.test(applicationId))
    throw new TypeError(`applicationId must be a GUID (the Entra client id), got ${JSON.stringify(applicationId)}`);
  return applicationId.toLowerCase();
}

/** Checks a Dataverse row id (`systemuserid`, `roleid`) before it goes into a URL. */
export function checkRowId(field: string, id: string): string {
  if (!GUID.test(id)) throw new TypeError(`${field} must be a GUID, got ${JSON.stringify(id)}`);
  return id.toLowerCase();
}

/** The create body of an application user in business unit `businessUnitId`. */
export function toWireSystemUserCreate(applicationId: string, businessUnitId: string): WireSystemUserCreate {
  return {
    applicationid: checkApplicationId(applicationId),
    accessmode: 4,
    isdisabled: false,
    "businessunitid@odata.bind": `/businessunits(${businessUnitId})`,
  };
}

/** A role row to the caller type. */
export function fromWireRole(r: WireRole): SecurityRole {
  return { id: r.roleid ?? "", name: r.name ?? "", businessUnitId: r._businessunitid_value };
}

/** A `systemusers` row to the caller type (roles sorted by name). */
export function fromWireSystemUser(u: WireSystemUser): ApplicationUser {
  return {
    id: u.systemuserid ?? "",
    applicationId: (u.applicationid ?? "").toLowerCase(),
    fullName: u.fullname,
    disabled: u.isdisabled ?? false,
    deleted: (u.deletedstate ?? 0) !== 0,
    businessUnitId: u._businessunitid_value,
    roles: (u.systemuserroles_association ?? [])
      .map((r) => ({ id: r.roleid ?? "", name: r.name ?? "" }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}

/** The id in an `OData-EntityId` header, `…/systemusers(<id>)`. */
export function idFromEntityHeader(header: string | null): string | undefined {
  const m = header ? /\(([0-9a-fA-F-]{36})\)\s*$/.exec(header) : null;
  return m?.[1];
}
