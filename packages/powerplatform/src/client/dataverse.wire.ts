/** Dataverse organisation wire types: the `organization` row columns the client manages (reference §7). */

/** The managed columns of an `organizations` row. */
export interface WireOrganization {
  organizationid?: string;
  isauditenabled?: boolean;
  isuseraccessauditenabled?: boolean;
  isreadauditenabled?: boolean;
  auditretentionperiodv2?: number;
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
