/** Dataverse organisation-settings converters: comma-separated lists, retention bounds, CIDR checks. */
import { splitList } from "./common.convert.ts";
import type { WireOrganization } from "./dataverse.wire.ts";
import type { OrganizationSettings, OrganizationSettingsState } from "./types.ts";

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/(\d{1,2}))?$/;

function checkCidr(range: string): string {
  const m = CIDR.exec(range.trim());
  const octetsOk = m !== null && [m[1], m[2], m[3], m[4]].every((o) => Number(o) <= 255);
  const prefixOk = m?.[6] === undefined || Number(m[6]) <= 32;
  if (!m || !octetsOk || !prefixOk)
    throw new TypeError(
      `firewall.allowedRanges: ${JSON.stringify(range)} is not an IPv4 address or CIDR range such as 10.0.0.0/8`,
    );
  return range.trim();
}

/**
 * Builds the partial `organizations` PATCH body: only the fields present in `settings`. The retention a caller sets
 * must be 31–24855 days or -1 (reference §7). `readBack: true` writes values read from the organisation earlier
 * (a snapshot being restored): the organisation can report a retention outside that range (a new one reports 30
 * days), so any whole number it reported is written back as read.
 */
export function toWireOrganizationPatch(
  settings: OrganizationSettings,
  options: { readBack?: boolean } = {},
): WireOrganization {
  const out: WireOrganization = {};
  const a = settings.auditing;
  if (a) {
    if (a.enabled !== undefined) out.isauditenabled = a.enabled;
    if (a.userAccessAudit !== undefined) out.isuseraccessauditenabled = a.userAccessAudit;
    if (a.readAudit !== undefined) out.isreadauditenabled = a.readAudit;
    if (a.retentionDays !== undefined) {
      const d = a.retentionDays;
      if (options.readBack) {
        if (!Number.isInteger(d)) {
          throw new TypeError(`auditing.retentionDays must be a whole number of days as read back; got ${d}`);
        }
      } else if (!Number.isInteger(d) || (d !== -1 && (d < 31 || d > 24855))) {
        throw new TypeError(
          `auditing.retentionDays must be an integer from 31 to 24855, or -1 to keep forever; got ${d}`,
        );
      }
      out.auditretentionperiodv2 = d;
    }
  }
  const f = settings.firewall;
  if (f) {
    if (f.enabled !== undefined) out.enableipbasedfirewallrule = f.enabled;
    if (f.auditMode !== undefined) out.enableipbasedfirewallruleinauditmode = f.auditMode;
    if (f.allowedRanges !== undefined) {
      if (f.allowedRanges.length > 200)
        throw new TypeError(`firewall.allowedRanges holds at most 200 ranges, got ${f.allowedRanges.length}`);
      out.allowediprangeforfirewall = f.allowedRanges.map(checkCidr).join(",");
    }
    if (f.serviceTags !== undefined) out.allowedservicetagsforfirewall = f.serviceTags.map((t) => t.trim()).join(",");
    if (f.allowMicrosoftTrustedServices !== undefined)
      out.allowmicrosofttrustedservicetags = f.allowMicrosoftTrustedServices;
    if (f.allowApplicationUsers !== undefined) out.allowapplicationuseraccess = f.allowApplicationUsers;
    if (f.reverseProxyIps !== undefined) out.reverseproxyipaddresses = f.reverseProxyIps.map((t) => t.trim()).join(",");
  }
  if (settings.cookieBinding !== undefined) out.enableipbasedcookiebinding = settings.cookieBinding;
  return out;
}

/** Reads the managed columns of an `organizations` row. */
export function fromWireOrganization(row: WireOrganization): OrganizationSettingsState {
  return {
    organizationId: row.organizationid ?? "",
    auditing: {
      enabled: row.isauditenabled ?? false,
      userAccessAudit: row.isuseraccessauditenabled ?? false,
      readAudit: row.isreadauditenabled ?? false,
      retentionDays: row.auditretentionperiodv2 ?? -1,
    },
    firewall: {
      enabled: row.enableipbasedfirewallrule ?? false,
      auditMode: row.enableipbasedfirewallruleinauditmode ?? false,
      allowedRanges: splitList(row.allowediprangeforfirewall),
      serviceTags: splitList(row.allowedservicetagsforfirewall),
      allowMicrosoftTrustedServices: row.allowmicrosofttrustedservicetags ?? false,
      allowApplicationUsers: row.allowapplicationuseraccess ?? false,
      reverseProxyIps: splitList(row.reverseproxyipaddresses),
    },
    cookieBinding: row.enableipbasedcookiebinding ?? false,
  };
}
