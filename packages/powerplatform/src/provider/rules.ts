/**
 * Input rules of every resource (zod, the same rules as the workload spec). A preview hands us unknowns anywhere,
 * and a rule about an unknown value cannot fail yet, so failures under an unknown are dropped. Loaded on the first
 * Check only: zod is the slowest import of the plugin, and the port line must come quickly.
 */
import { z } from "zod";
import {
  CONNECTOR_GROUPS,
  ENVIRONMENT_SCOPES,
  ENVIRONMENT_SKUS,
  FIREWALL_MODES,
  ROLLBACK_STRATEGIES,
  SETTINGS_DELETE_BEHAVIORS,
  SHARING_MODES,
  SOLUTION_CHECKER_MODES,
} from "../resources/vocabulary.ts";
import {
  CONNECTOR_ID,
  normaliseSolutionVersion,
  SOLUTION_UNIQUE_NAME,
  sha256Of,
} from "../services/solution-deployment/convert.ts";
import { connectorKey, type Failure, type ResourceTypeName } from "./inputs.ts";
import { type PropertyMap, unknownAlong } from "./wire.ts";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CLOUD_NAMES = ["public", "gcc", "gcchigh", "dod", "china"] as const;

const guid = (what: string) => z.string().regex(GUID, `${what} must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`);
/** A GUID, or `""`/the zero GUID for "none". */
const optionalGuid = (what: string) =>
  z
    .string()
    .refine((s) => s === "" || GUID.test(s), `${what} must be a GUID, or empty for none`)
    .optional();
const cloud = z.enum(CLOUD_NAMES).optional();
const nonEmpty = (what: string) => z.string().trim().min(1, `${what} must not be empty`);
const sharingMax = (what: string) =>
  z
    .number()
    .int(`${what} must be a whole number`)
    .min(-1, `${what} must be -1 (no cap) to 99`)
    .max(99, `${what} must be -1 (no cap) to 99`);

const environment = z.strictObject({
  displayName: nonEmpty("displayName").max(100, "displayName must be at most 100 characters"),
  description: z.string().max(1000, "description must be at most 1000 characters").optional(),
  environmentType: z.enum(ENVIRONMENT_SKUS),
  location: z.string().regex(/^[a-z]+$/i, "location must be a Power Platform geography such as europe or unitedstates"),
  azureRegion: z.string().regex(/^[a-z0-9]+$/i, "azureRegion must be an Azure region name such as westeurope"),
  dataverse: z.strictObject({
    language: z.number().int("language must be an LCID such as 1033").positive("language must be an LCID such as 1033"),
    currency: z.string().regex(/^[a-z]{3}$/i, "currency must be an ISO 4217 code such as EUR"),
    domain: z
      .string()
      .regex(
        /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i,
        "domain must be 1-63 letters, digits or hyphens, not starting or ending with a hyphen",
      ),
    securityGroupId: optionalGuid("securityGroupId"),
  }),
  environmentGroupId: optionalGuid("environmentGroupId"),
  cloud,
});

const managedEnvironment = z.strictObject({
  environmentId: guid("environmentId"),
  sharing: z.strictObject({
    apps: z.strictObject({
      groupSharingDisabled: z.boolean(),
      mode: z.enum(["noLimit", "excludeSharingToSecurityGroups"]),
      maxUsers: sharingMax("maxUsers"),
    }),
    flows: z.strictObject({ mode: z.enum(["noLimit", "disableSharing"]) }),
    agents: z.strictObject({
      editorSharingDisabled: z.boolean(),
      mode: z.enum(SHARING_MODES),
      maxViewers: sharingMax("maxViewers"),
    }),
  }),
  solutionChecker: z.strictObject({
    mode: z.enum(SOLUTION_CHECKER_MODES),
    ruleOverrides: z.array(
      z.string().regex(/^[a-z0-9-]+$/i, "a rule override must be a rule code such as meta-remove-dup-reg"),
    ),
    suppressValidationEmails: z.boolean(),
  }),
  usageInsights: z.boolean(),
  makerWelcome: z
    .strictObject({
      markdown: nonEmpty("makerWelcome.markdown").max(10000, "makerWelcome.markdown must be at most 10000 characters"),
      url: z.url({ protocol: /^https$/, error: "makerWelcome.url must be an https URL" }).optional(),
    })
    .optional(),
  cloud,
});

const connectorList = z.array(nonEmpty("a connector id"));
const endpointRule = z.strictObject({ behavior: z.enum(["allow", "deny"]), endpoint: nonEmpty("endpoint") });
const dataPolicy = z
  .strictObject({
    displayName: nonEmpty("displayName").max(256, "displayName must be at most 256 characters"),
    defaultGroup: z.enum(CONNECTOR_GROUPS),
    environmentIds: z.array(
      z
        .string()
        .regex(
          /^(default-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
          "an environment id must be a GUID (or Default-<tenantId>)",
        ),
    ),
    environmentScope: z.enum(ENVIRONMENT_SCOPES).optional(),
    business: connectorList,
    nonBusiness: connectorList,
    blocked: connectorList,
    endpointRules: z
      .record(
        nonEmpty("a connector id"),
        z.array(endpointRule).min(1, "endpoint rules must not be empty; leave the connector out instead"),
      )
      .optional(),
    actionRules: z
      .record(
        nonEmpty("a connector id"),
        z.strictObject({
          defaultBehavior: z.enum(["allow", "block"]),
          actions: z.record(nonEmpty("an action id"), z.enum(["allow", "block"])),
        }),
      )
      .optional(),
    customConnectorPatterns: z
      .array(
        z.strictObject({
          order: z.number().int("order must be a whole number").min(1, "order starts at 1"),
          classification: z.enum([...CONNECTOR_GROUPS, "ignore"]),
          pattern: nonEmpty("pattern"),
        }),
      )
      .optional(),
    cloud,
  })
  .superRefine((p, ctx) => {
    const scope = p.environmentScope ?? "onlyEnvironments";
    if (scope === "allEnvironments" && p.environmentIds.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["environmentIds"],
        message: "must be empty when environmentScope is allEnvironments",
      });
    }
    if (scope !== "allEnvironments" && p.environmentIds.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["environmentIds"],
        message: `must name at least one environment when environmentScope is ${scope}`,
      });
    }
    const seen = new Map<string, string>();
    for (const group of CONNECTOR_GROUPS) {
      for (const id of p[group]) {
        const key = connectorKey(id);
        const other = seen.get(key);
        if (other && other !== group) {
          ctx.addIssue({
            code: "custom",
            path: [group],
            message: `connector ${id} is also in ${other}; the groups must be disjoint`,
          });
        }
        seen.set(key, group);
      }
    }
    for (const [connector, rules] of Object.entries(p.endpointRules ?? {})) {
      const star = rules.findIndex((r) => r.endpoint === "*");
      if (star >= 0 && star !== rules.length - 1) {
        ctx.addIssue({
          code: "custom",
          path: ["endpointRules", connector],
          message: "the * rule must be the last endpoint rule",
        });
      }
    }
    const patterns = [...(p.customConnectorPatterns ?? [])].sort((a, b) => a.order - b.order);
    patterns.forEach((rule, i) => {
      if (rule.order !== i + 1) {
        ctx.addIssue({
          code: "custom",
          path: ["customConnectorPatterns"],
          message: `orders must be 1..${patterns.length} without gaps or duplicates; got ${patterns.map((r) => r.order).join(", ")}`,
        });
      }
    });
    const star = patterns.findIndex((r) => r.pattern === "*");
    if (star >= 0 && star !== patterns.length - 1) {
      ctx.addIssue({
        code: "custom",
        path: ["customConnectorPatterns"],
        message: "the * pattern must have the highest order (it is evaluated last)",
      });
    }
  });

const CIDR =
  /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\/(?:3[0-2]|[12]?\d))?$|^[0-9a-f:]+(?:\/(?:12[0-8]|1[01]\d|\d?\d))?$/i;
const environmentSettings = z
  .strictObject({
    environmentId: guid("environmentId"),
    auditing: z.strictObject({
      enabled: z.boolean(),
      userAccessAudit: z.boolean(),
      readAudit: z.boolean(),
      retentionDays: z
        .number()
        .int("retentionDays must be a whole number")
        // 30 is a new organisation's default (auditretentionperiodv2 unset, the legacy column at 30): an import of
        // such an organisation reads it, so it must pass; the client keeps it by leaving v2 unset.
        .refine(
          (d) => d === -1 || (d >= 30 && d <= 24855),
          "retentionDays must be 30 (the organisation's default) to 24855, or -1 to keep forever",
        ),
    }),
    firewall: z.strictObject({
      mode: z.enum(FIREWALL_MODES),
      allowedRanges: z
        .array(z.string().regex(CIDR, "an allowed range must be an IPv4 or IPv6 CIDR"))
        .max(200, "at most 200 ranges"),
      serviceTags: z.array(nonEmpty("a service tag")),
      allowMicrosoftTrustedServices: z.boolean(),
      allowApplicationUsers: z.boolean(),
      cookieBinding: z.boolean(),
    }),
    deleteBehavior: z.enum(SETTINGS_DELETE_BEHAVIORS).optional(),
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

const applicationUser = z.strictObject({
  environmentId: guid("environmentId"),
  applicationId: guid("applicationId"),
  roles: z.array(nonEmpty("a role name")),
  cloud,
});

const copilotTelemetry = z.strictObject({
  environmentId: guid("environmentId"),
  botId: nonEmpty("botId").regex(/^[A-Za-z0-9_.-]+$/, "botId must be a bot GUID or schema name"),
  connectionString: nonEmpty("connectionString").regex(
    /InstrumentationKey=/i,
    "connectionString must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…)",
  ),
  logActivities: z.boolean(),
  logActions: z.boolean(),
  logSensitiveActivity: z.boolean(),
  cloud,
});

const adminApplication = z.strictObject({ applicationId: guid("applicationId"), cloud });

const solutionDeployment = z
  .strictObject({
    environmentId: guid("environmentId"),
    uniqueName: z
      .string()
      .regex(
        SOLUTION_UNIQUE_NAME,
        "uniqueName must be the solution's unique name: letters, digits and underscores, not starting with a digit",
      ),
    version: z
      .string()
      .refine(
        (v) => normaliseSolutionVersion(v) !== undefined,
        "version must be one to four whole numbers, e.g. 1.2.0.0 (the <Version> of solution.xml)",
      ),
    solutionFile: nonEmpty("solutionFile").optional(),
    solutionContent: z
      .string()
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, "solutionContent must be the solution zip in base64")
      .optional(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/i, "sha256 must be the file's SHA-256 digest, 64 hexadecimal characters")
      .optional(),
    deploymentSettings: z
      .strictObject({
        environmentVariables: z.record(nonEmpty("a schema name"), z.string()).optional(),
        connectionReferences: z
          .record(
            nonEmpty("a logical name"),
            z.strictObject({
              connectionId: nonEmpty("connectionId"),
              connectorId: z
                .string()
                .regex(CONNECTOR_ID, "connectorId must look like /providers/Microsoft.PowerApps/apis/shared_x"),
            }),
          )
          .optional(),
      })
      .optional(),
    rollback: z
      .strictObject({
        strategy: z.enum(ROLLBACK_STRATEGIES).optional(),
        rtoMinutes: z
          .number()
          .int("rtoMinutes must be a whole number")
          .positive("rtoMinutes must be positive")
          .optional(),
      })
      .optional(),
    cloud,
  })
  .superRefine((d, ctx) => {
    const file = d.solutionFile !== undefined;
    const content = d.solutionContent !== undefined;
    if (file === content) {
      ctx.addIssue({
        code: "custom",
        path: [file ? "solutionContent" : "solutionFile"],
        message: "give exactly one of solutionFile (a path, with sha256) and solutionContent (base64)",
      });
    }
    if (file && d.sha256 === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["sha256"],
        message:
          "sha256 is required with solutionFile: the digest of the reviewed file, so a changed file shows in the preview and a different one is refused (sha256sum <file>)",
      });
    }
    if (content && d.sha256 !== undefined && !unknownAlong(d, ["solutionContent"])) {
      const digest = sha256Of(Buffer.from(d.solutionContent as string, "base64"));
      if (digest !== d.sha256.toLowerCase()) {
        ctx.addIssue({
          code: "custom",
          path: ["sha256"],
          message: `solutionContent has sha256 ${digest}, not ${d.sha256}`,
        });
      }
    }
  });

/** The zod schema of each resource type's inputs, by type name. */
export const INPUT_SCHEMAS: Record<ResourceTypeName, z.ZodObject> = {
  Environment: environment,
  ManagedEnvironment: managedEnvironment,
  DataPolicy: dataPolicy,
  EnvironmentSettings: environmentSettings,
  ApplicationUser: applicationUser,
  CopilotTelemetry: copilotTelemetry,
  AdminApplication: adminApplication,
  SolutionDeployment: solutionDeployment,
};

/**
 * Validates inputs. Failures about values that are (or contain) unknowns are dropped: they are checked again once
 * the values are known. Secrets must be unwrapped first.
 */
export function validate(type: ResourceTypeName, inputs: PropertyMap): Failure[] {
  const r = INPUT_SCHEMAS[type].safeParse(inputs);
  if (r.success) return [];
  const failures: Failure[] = [];
  for (const issue of r.error.issues) {
    if (issue.path.length > 0 && unknownAlong(inputs, issue.path)) continue;
    if (issue.path.length === 0 && issue.code === "custom") continue;
    if (issue.code === "custom" && issue.path.length > 0 && unknownAlong(inputs, issue.path.slice(0, 1))) continue;
    const property = issue.path.map(String).join(".");
    failures.push({
      property,
      reason: issue.code === "unrecognized_keys" ? `${issue.message}; remove it` : issue.message,
    });
  }
  return failures;
}
