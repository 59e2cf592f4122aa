/** Dataverse organisation-settings converters: comma-separated lists, retention bounds, CIDR checks. */
import { IPV4_RANGE } from "@govai/spec/model";
import { splitList } from "../../client/common.convert.ts";
import type { OrganizationSettings, OrganizationSettingsState } from "../../client/types.ts";
import type { WireOrganization } from "./wire.ts";

function checkCidr(range: string): string {
  if (!IPV4_RANGE.test(range.trim()))
    throw new TypeError(
      `firewall.allowedRanges: ${JSON.stringify(range)} is not an IPv4 address or CIDR range such as 10.0.0.0/8`,
    );
  return range.trim();
}

/**
 * The audit retention a new organisation has: `auditretentionperiodv2` is null and the legacy
 * `auditretentionperiod` column says 30 (recorded responses of the Terraform provider,
 * internal/services/environment_settings/tests/resources/Validate_Create_Empty_Settings/get_organisations_1.json).
 */
export const DEFAULT_AUDIT_RETENTION_DAYS = 30;

/**
 * Builds the partial `organizations` PATCH body: only the fields present in `settings`. A retention a caller sets
 * must be 30–24855 days or -1 (forever). 30 is the organisation's default: it is written as
 * `auditretentionperiodv2: null` (not set, so the legacy column's 30 days apply), never as a value of its own, and
 * is left out when the column is not set already. `readBack: true` writes values read from the organisation
 * earlier (a snapshot being restored): any whole number it reported. `current` is the row as read just before the
 * write; a default retention is refused when this organisation's legacy column is not 30, as it could not hold.
 */
export function toWireOrganizationPatch(
  settings: OrganizationSettings,
  options: { readBack?: boolean; current?: WireOrganization } = {},
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
      } else if (!Number.isInteger(d) || (d !== -1 && (d < DEFAULT_AUDIT_RETENTION_DAYS || d > 24855))) {
        throw new TypeError(
          `auditing.retentionDays must be an integer from 30 (the organisation's default) to 24855, or -1 to keep forever; got ${d}`,
        );
      }
      const row = options.current;
      const legacy = row?.auditretentionperiod;
      const defaultIs30 = typeof legacy !== "number" || legacy === DEFAULT_AUDIT_RETENTION_DAYS;
      if (d !== DEFAULT_AUDIT_RETENTION_DAYS) out.auditretentionperiodv2 = d;
      else if (!defaultIs30) {
        // A snapshot said 30 while the default is something else: v2 held 30 itself, so it goes back as read.
        if (!options.readBack) {
          throw new TypeError(
            `auditing.retentionDays 30 is kept as the organisation's default retention, and this organisation's default (auditretentionperiod) is ${legacy} days; choose 31 to 24855, or -1`,
          );
        }
        out.auditretentionperiodv2 = d;
      } else if (row === undefined || (row.auditretentionperiodv2 ?? null) !== null) {
        // Clear it so the default applies again; when it is not set already, there is nothing to write.
        out.auditretentionperiodv2 = null;
      }
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

/**
 * The audit retention in effect: `auditretentionperiodv2` when set, else the legacy `auditretentionperiod`, else
 * the organisation default (30). A null v2 means "not set", never -1 (forever): a new organisation keeps 30 days.
 */
function retentionOf(row: WireOrganization): number {
  if (typeof row.auditretentionperiodv2 === "number") return row.auditretentionperiodv2;
  if (typeof row.auditretentionperiod === "number") return row.auditretentionperiod;
  return DEFAULT_AUDIT_RETENTION_DAYS;
}

/** Reads the managed columns of an `organizations` row. */
export function fromWireOrganization(row: WireOrganization): OrganizationSettingsState {
  return {
    organizationId: row.organizationid ?? "",
    auditing: {
      enabled: row.isauditenabled ?? false,
      userAccessAudit: row.isuseraccessauditenabled ?? false,
      readAudit: row.isreadauditenabled ?? false,
      retentionDays: retentionOf(row),
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
