/** The one input description of EnvironmentGroupRuleSet (see `provider/describe.ts` for what is derived from it). */
import { GROUP_MAX_SHARE_LIMIT } from "@govai/spec/model";
import { z } from "zod";
import type { ResourceDescription } from "../../provider/describe.ts";
import { cloud, guid } from "../../provider/fields.ts";
import { appSharingOf, makerWelcome, sharing, solutionChecker } from "../managed-environment/inputs.ts";
import { AGENT_SHARING_REFUSAL, RETENTION_DAYS } from "./convert.ts";

/** The rules of a group's rule set: the spec's `environmentGroups.<name>.rules`, every rule optional. */
export const environmentGroupRules = z
  .strictObject({
    sharing: z
      .strictObject({
        apps: appSharingOf(GROUP_MAX_SHARE_LIMIT, "GroupAppSharing"),
        // Declared so the spec's shape passes the schema; refused below with the client's reason.
        agents: sharing.shape.agents.optional().meta({
          description:
            "Refused by Check: the rule set's wire names for agent sharing are not known; set agent sharing per environment instead.",
        }),
      })
      .optional()
      .meta({ id: "GroupSharing", description: "Sharing limits of the group's environments (apps only, see agents)." }),
    solutionChecker: solutionChecker.optional(),
    usageInsights: z
      .boolean()
      .optional()
      .meta({ description: "Include the group's environments in the weekly usage-insights digest." }),
    makerWelcome: makerWelcome.optional(),
    backupRetentionDays: z
      .number()
      .refine((n) => (RETENTION_DAYS as readonly number[]).includes(n), "backupRetentionDays must be 7, 14, 21 or 28")
      .optional()
      .meta({ description: "Backup retention of the group's environments: 7, 14, 21 or 28 days." }),
    generativeAi: z
      .strictObject({
        moveDataAcrossRegions: z.boolean().meta({ description: "Let Copilot data move across regions." }),
        bingSearch: z.boolean().meta({ description: "Let Copilot use Bing search." }),
      })
      .optional()
      .meta({ id: "GroupGenerativeAi", description: "Generative AI settings of the group's environments." }),
  })
  .superRefine((rules, ctx) => {
    if (rules.sharing?.agents !== undefined) {
      ctx.addIssue({ code: "custom", path: ["sharing", "agents"], message: AGENT_SHARING_REFUSAL });
    }
  })
  .meta({
    id: "EnvironmentGroupRules",
    description:
      "The group's rules; a rule left out is removed from the group. Rule types this resource does not manage are kept.",
  });

/** The inputs of an EnvironmentGroupRuleSet. */
export const environmentGroupRuleSetInputs = z.strictObject({
  groupId: guid("groupId").meta({
    description: "The environment group (a GUID). Changing it replaces the rule set.",
    replaceOnChanges: true,
  }),
  rules: environmentGroupRules,
  cloud,
});

/** The EnvironmentGroupRuleSet description. */
export const environmentGroupRuleSet: ResourceDescription<typeof environmentGroupRuleSetInputs> = {
  name: "EnvironmentGroupRuleSet",
  description:
    "The rule set of an environment group: sharing, solution checker, usage insights, maker welcome, backup retention and generative AI for every environment in the group. Id = the group id. Rule types it does not manage are kept; delete removes the managed rules only.",
  inputs: environmentGroupRuleSetInputs,
  outputs: z.object({ ruleSetId: z.string().meta({ description: "The rule set's own id (not the group's)." }) }),
};
