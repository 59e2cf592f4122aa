/** The one input description of DataPolicy (see `provider/describe.ts` for what is derived from it). */
import { z } from "zod";
import type { ResourceDescription } from "../../provider/describe.ts";
import { cloud, nonEmpty } from "../../provider/fields.ts";
import { connectorKey } from "../../provider/inputs.ts";
import { CONNECTOR_GROUPS, ENVIRONMENT_SCOPES } from "../../resources/vocabulary.ts";

const connectorList = (description: string) => z.array(nonEmpty("a connector id")).meta({ description });
const endpointRule = z
  .strictObject({
    behavior: z.enum(["allow", "deny"]).meta({ description: "allow or deny." }),
    endpoint: nonEmpty("endpoint").meta({ description: "Endpoint or *." }),
  })
  .meta({ id: "EndpointRule", description: "One endpoint-filtering rule." });
const actionRules = z
  .strictObject({
    defaultBehavior: z
      .enum(["allow", "block"])
      .meta({ description: "allow or block, for actions not listed (including future ones)." }),
    actions: z
      .record(nonEmpty("an action id"), z.enum(["allow", "block"]))
      .meta({ description: "allow or block, by action id." }),
  })
  .meta({ id: "ActionRules", description: "Action rules of one connector." });
const customConnectorPattern = z
  .strictObject({
    order: z
      .number()
      .int("order must be a whole number")
      .min(1, "order starts at 1")
      .meta({ description: "1-based order; 1..n without gaps; * last." }),
    classification: z
      .enum([...CONNECTOR_GROUPS, "ignore"])
      .meta({ description: "business, nonBusiness, blocked or ignore." }),
    pattern: nonEmpty("pattern").meta({ description: "Host pattern or *." }),
  })
  .meta({ id: "CustomConnectorPattern", description: "One custom-connector URL pattern." });

/** The inputs of a DataPolicy. */
export const dataPolicyInputs = z
  .strictObject({
    displayName: nonEmpty("displayName")
      .max(256, "displayName must be at most 256 characters")
      .meta({ description: "Display name." }),
    defaultGroup: z.enum(CONNECTOR_GROUPS).meta({
      id: "ConnectorGroup",
      description:
        "DLP connector group (Confidential / General / Blocked on the wire); as defaultGroup, where unclassified and future connectors land.",
    }),
    environmentIds: z
      .array(
        z
          .string()
          .regex(
            /^(default-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
            "an environment id must be a GUID (or Default-<tenantId>)",
          ),
      )
      .meta({
        description:
          "Environments covered (onlyEnvironments) or excluded (exceptEnvironments); empty with allEnvironments. The tenant's default environment is Default-<tenantId>.",
      }),
    environmentScope: z
      .enum(ENVIRONMENT_SCOPES)
      .optional()
      .meta({ description: "onlyEnvironments (default), exceptEnvironments or allEnvironments." }),
    business: connectorList("Business connectors."),
    nonBusiness: connectorList("Non-business connectors."),
    blocked: connectorList("Blocked connectors."),
    endpointRules: z
      .record(
        nonEmpty("a connector id"),
        z.array(endpointRule).min(1, "endpoint rules must not be empty; leave the connector out instead"),
      )
      .optional()
      .meta({ description: "Ordered endpoint rules per connector id." }),
    actionRules: z
      .record(nonEmpty("a connector id"), actionRules)
      .optional()
      .meta({ description: "Action rules per connector id." }),
    customConnectorPatterns: z
      .array(customConnectorPattern)
      .optional()
      .meta({ description: "Custom-connector URL patterns." }),
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

/** The DataPolicy description. */
export const dataPolicy: ResourceDescription<typeof dataPolicyInputs> = {
  name: "DataPolicy",
  description: "A DLP data policy (v2). Everything but cloud changes in place. Delete removes the policy.",
  inputs: dataPolicyInputs,
  outputs: z.object({
    policyName: z.string().meta({ description: "Policy name (GUID)." }),
    etag: z.string().meta({ description: "Etag after the last write." }),
    ownershipMarker: z.string().meta({
      description:
        "owner-incarnation of the ownership marker the policy carries (a Blocked custom-connector rule for https://govai-<marker>.invalid, hidden from customConnectorPatterns); proves a policy is this resource's.",
    }),
  }),
};
