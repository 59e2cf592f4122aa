/** Dataverse organisation wire types: the `organization` row columns the client manages (reference §7). */

/** The managed columns of an `organizations` row. */
export interface WireOrganization {
  organizationid?: string;
  isauditenabled?: boolean;
  isuseraccessauditenabled?: boolean;
  isreadauditenabled?: boolean;
  /**
   * Audit retention in days; `-1` keeps forever. `null` on a new organisation: not set, and the legacy
   * {@link WireOrganization.auditretentionperiod} applies.
   */
  auditretentionperiodv2?: number | null;
  /** The legacy audit retention column (30 on a new organisation); read only, the client never writes it. */
  auditretentionperiod?: number | null;
  enableipbasedfirewallrule?: boolean;
  enableipbasedfirewallruleinauditmode?: boolean;
  /** Comma-separated CIDRs. */
  allowediprangeforfirewall?: string | null;
  /** Comma-separated service tags. */
  allowedservicetagsforfirewall?: string | null;
  allowmicrosofttrustedservicetags?: boolean;
  allowapplicationuseraccess?: boolean;
  /** Comma-separated IPs. */
  reverseproxyipaddresses?: string | null;
  enableipbasedcookiebinding?: boolean;
}
