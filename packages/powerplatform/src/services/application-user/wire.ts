/** Dataverse application-user wire types: `systemusers`, `roles`, `businessunits` (reference §8.3). */

/** A `systemusers` row as the find query selects it. */
export interface WireSystemUser {
  systemuserid?: string;
  applicationid?: string;
  fullname?: string;
  isdisabled?: boolean;
  /** 0 = active; anything else = soft-deleted. */
  deletedstate?: number;
  _businessunitid_value?: string;
  systemuserroles_association?: WireRole[];
}

/** A `roles` row. */
export interface WireRole {
  roleid?: string;
  name?: string;
  _businessunitid_value?: string;
}

/** A `businessunits` row. */
export interface WireBusinessUnit {
  businessunitid?: string;
  name?: string;
}

/** Body of `POST systemusers` for a non-interactive application user. */
export interface WireSystemUserCreate {
  applicationid: string;
  /** 4 = non-interactive (application) user. */
  accessmode: 4;
  isdisabled: boolean;
  "businessunitid@odata.bind": string;
}
