/** The one input description of ManagedEnvironment (see `provider/describe.ts` for what is derived from it). */
import { MAX_SHARE_LIMIT } from "@govai/spec/model";
import { z } from "zod";
import type { ResourceDescription } from "../../provider/describe.ts";
import { cloud, environmentId, nonEmpty } from "../../provider/fields.ts";
import { SHARING_MODES, SOLUTION_CHECKER_MODES } from "../../resources/vocabulary.ts";

const shareCap = (what: string, max: number) =>
  z
    .number()
    .int(`${what} must be a whole number`)
    .min(-1, `${what} must be -1 (no cap) to ${max}`)
    .max(max, `${what} must be -1 (no cap) to ${max}`);

/**
 * Canvas-app sharing limits, individuals capped at `max` (a managed environment's or a group rule set's cap), named
 * `id` in the package schema.
 */
export const appSharingOf = (max: number, id: string) =>
  z
    .strictObject({
      groupSharingDisabled: z.boolean().meta({ description: "Block sharing with security groups." }),
      mode: z
        .enum(["noLimit", "excludeSharingToSecurityGroups"])
        .meta({ description: "noLimit or excludeSharingToSecurityGroups." }),
      maxUsers: shareCap("maxUsers", max).meta({
        description: `Most individuals an app can be shared with, -1 (no cap) to ${max}.`,
      }),
    })
    .meta({ id, description: "Canvas-app sharing limits." });

/** Canvas-app, flow and agent sharing limits of a managed environment. */
export const sharing = z
  .strictObject({
    apps: appSharingOf(MAX_SHARE_LIMIT, "AppSharing"),
    flows: z
      .strictObject({ mode: z.enum(["noLimit", "disableSharing"]).meta({ description: "noLimit or disableSharing." }) })
      .meta({ id: "FlowSharing", description: "Solution-aware cloud flow sharing." }),
    agents: z
      .strictObject({
        editorSharingDisabled: z.boolean().meta({ description: "Makers cannot grant Editor rights." }),
        mode: z.enum(SHARING_MODES).meta({ description: "noLimit, excludeSharingToSecurityGroups or disableSharing." }),
        maxViewers: shareCap("maxViewers", MAX_SHARE_LIMIT).meta({
          description: `Most individual viewers, -1 (no cap) to ${MAX_SHARE_LIMIT}.`,
        }),
      })
      .meta({
        id: "AgentSharing",
        description: "Copilot Studio agent sharing limits (agents that require authentication).",
      }),
  })
  .meta({ id: "Sharing", description: "Sharing limits." });

/** Solution checker enforcement (shared with the environment-group rule set). */
export const solutionChecker = z
  .strictObject({
    mode: z.enum(SOLUTION_CHECKER_MODES).meta({ description: "none, warn or block." }),
    ruleOverrides: z
      .array(z.string().regex(/^[a-z0-9-]+$/i, "a rule override must be a rule code such as meta-remove-dup-reg"))
      .meta({ description: "Rule codes excluded from enforcement." }),
    suppressValidationEmails: z.boolean().meta({ description: "Only send emails when an import is blocked." }),
  })
  .meta({ id: "SolutionChecker", description: "Solution checker enforcement." });

/** Maker welcome content (shared with the environment-group rule set). */
export const makerWelcome = z
  .strictObject({
    markdown: nonEmpty("makerWelcome.markdown")
      .max(10000, "makerWelcome.markdown must be at most 10000 characters")
      .meta({ description: "Markdown, at most 10000 characters." }),
    url: z
      .url({ protocol: /^https$/, error: "makerWelcome.url must be an https URL" })
      .optional()
      .meta({ description: "https link to more guidance." }),
  })
  .meta({ id: "MakerWelcome", description: "Maker welcome content; absent = none." });

/** The inputs of a ManagedEnvironment. */
export const managedEnvironmentInputs = z.strictObject({
  environmentId: environmentId(),
  sharing,
  solutionChecker,
  usageInsights: z.boolean().meta({ description: "Include the environment in the weekly usage-insights digest." }),
  makerWelcome: makerWelcome.optional(),
  cloud,
});

/** The ManagedEnvironment description. */
export const managedEnvironment: ResourceDescription<typeof managedEnvironmentInputs> = {
  name: "ManagedEnvironment",
  description:
    "Managed-environment governance of one environment. Refused when the environment is in an environment group. Delete turns Managed Environment off.",
  inputs: managedEnvironmentInputs,
  outputs: z.object({ protectionLevel: z.string().meta({ description: "Standard while managed." }) }),
};
