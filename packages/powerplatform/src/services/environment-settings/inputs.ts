/** The one input description of EnvironmentSettings (see `provider/describe.ts` for what is derived from it). */
import { IPV4_RANGE } from "@govai/spec/model";
import { z } from "zod";
import type { ResourceDescription } from "../../provider/describe.ts";
import { cloud, environmentId, nonEmpty } from "../../provider/fields.ts";
import { FIREWALL_MODES, SETTINGS_DELETE_BEHAVIORS } from "../../resources/vocabulary.ts";

const auditing = z
  .strictObject({
    enabled: z.boolean().meta({ description: "Auditing on." }),
    userAccessAudit: z.boolean().meta({ description: "Log user access." }),
    readAudit: z.boolean().meta({ description: "Log reads." }),
    retentionDays: z
      .number()
      .int("retentionDays must be a whole number")
      // 30 is a new organisation's default (auditretentionperiodv2 unset, the legacy column at 30): an import of
      // such an organisation reads it, so it must pass; the client keeps it by leaving v2 unset.
      .refine(
        (d) => d === -1 || (d >= 30 && d <= 24855),
        "retentionDays must be 30 (the organisation's default) to 24855, or -1 to keep forever",
      )
      .meta({
        description:
          "30 to 24855 days, or -1 to keep forever. 30 is the organisation's default (kept by leaving auditretentionperiodv2 unset).",
      }),
  })
  .meta({ id: "Auditing", description: "Dataverse auditing and retention." });

const firewall = z
  .strictObject({
    mode: z.enum(FIREWALL_MODES).meta({ description: "off, audit or enforce." }),
    allowedRanges: z
      .array(
        z
          .string()
          .regex(IPV4_RANGE, "an allowed range must be an IPv4 address or CIDR range such as 10.0.0.0/8 (no IPv6 yet)"),
      )
      .max(200, "at most 200 ranges")
      .meta({ description: "Allowed CIDR ranges." }),
    serviceTags: z.array(nonEmpty("a service tag")).meta({ description: "Allowed Azure service tags." }),
    allowMicrosoftTrustedServices: z.boolean().meta({ description: "Let Microsoft trusted services through." }),
    allowApplicationUsers: z.boolean().meta({ description: "Application users bypass the firewall." }),
    cookieBinding: z.boolean().meta({ description: "Bind session cookies to the client IP." }),
  })
  .meta({ id: "Firewall", description: "Dataverse IP firewall and cookie binding." });

/** The inputs of an EnvironmentSettings. */
export const environmentSettingsInputs = z
  .strictObject({
    environmentId: environmentId(),
    auditing,
    firewall,
    deleteBehavior: z.enum(SETTINGS_DELETE_BEHAVIORS).optional().meta({ description: "restore (default) or retain." }),
    cloud,
  })
  .superRefine((s, ctx) => {
    const f = s.firewall;
    if (f.mode === "enforce" && f.allowedRanges.length === 0 && f.serviceTags.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["firewall", "mode"],
        message: "enforce with no allowed ranges or service tags would block every caller; use audit first",
      });
    }
  });

/** The EnvironmentSettings description. */
export const environmentSettings: ResourceDescription<typeof environmentSettingsInputs> = {
  name: "EnvironmentSettings",
  description:
    "Dataverse auditing, IP firewall and cookie binding of one environment. Create snapshots the previous values; delete restores them (deleteBehavior restore, the default) or leaves the settings (retain).",
  inputs: environmentSettingsInputs,
  outputs: z.object({
    organizationId: z.string().meta({ description: "Dataverse organisation id." }),
    snapshot: z.record(z.string(), z.unknown()).meta({
      description: "Values before the first write; restored on delete.",
    }),
  }),
};
