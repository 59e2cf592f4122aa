/**
 * The tenant baseline's rules: what lets pilots around the governance tenant-wide. Each is a {@link Rule} like the
 * workload's (its facts read from a `TenantBaselineModel` by `../baseline-checks.ts`), mandatory wherever it runs: a
 * baseline has no stages.
 */
import type { ConnectorGroup, TenantAudience } from "@govai/spec";
import { EVERY_STAGE, fail, list, notApplicable, pass, type Rule, unknown } from "./rule.ts";

/** `tenant.dlp-tenant-wide`: one tenant-wide DLP policy blocks at least one connector. */
export const tenantWideDlp: Rule<{
  declared: boolean;
  scope: string | undefined;
  exceptEnvironments: readonly string[];
  blocked: readonly string[];
}> = {
  id: "tenant.dlp-tenant-wide",
  dimension: "securityAccess",
  severity: "critical",
  title: "Tenant-wide DLP blocks what no pilot may use",
  passWhen: "dataPolicies.tenantWide is declared and blocks at least one connector.",
  remediation:
    "Declare dataPolicies.tenantWide with the connectors no pilot may use in blocked (consumer storage and mail, social networks, PvaAuth for chat without sign-in).",
  enforcement: EVERY_STAGE,
  basis: "declaration",
  evaluate: (f) => {
    if (!f.declared) {
      return fail(
        "No tenant-wide DLP policy is declared: every environment without its own policy allows every connector.",
      );
    }
    if (f.blocked.length === 0) {
      return fail("The tenant-wide DLP policy blocks no connector: every pilot may use every connector.", {
        blocked: [],
      });
    }
    const where =
      f.scope === "exceptEnvironments"
        ? `every environment but ${f.exceptEnvironments.length} (${list(f.exceptEnvironments)})`
        : "every environment";
    return pass(`The tenant-wide DLP policy blocks ${f.blocked.length} connectors in ${where}: ${list(f.blocked)}.`, {
      scope: f.scope,
      blocked: [...f.blocked],
    });
  },
};

/** `tenant.dlp-default-environment`: the default environment has its own DLP policy, new connectors blocked. */
export const defaultEnvironmentDlp: Rule<{ managed: boolean; defaultGroup: ConnectorGroup | undefined }> = {
  id: "tenant.dlp-default-environment",
  dimension: "securityAccess",
  severity: "high",
  title: "The default environment's DLP blocks new connectors",
  passWhen: "dataPolicies.defaultEnvironment is declared with defaultGroup blocked.",
  remediation:
    "Declare dataPolicies.defaultEnvironment with defaultGroup: blocked and list in business only the Microsoft 365 connectors makers there may use.",
  enforcement: EVERY_STAGE,
  basis: "declaration",
  evaluate: (f) => {
    if (!f.managed) {
      return fail(
        "The default environment's DLP is not managed: every licensed user is a maker there, and only the tenant-wide policy limits them.",
      );
    }
    if (f.defaultGroup !== "blocked") {
      return fail(
        `The default environment's DLP puts unclassified connectors in ${f.defaultGroup}: every connector nobody listed, and every one Microsoft adds, is open to every maker there.`,
        { defaultGroup: f.defaultGroup },
      );
    }
    return pass("The default environment's DLP blocks every connector it does not list.", {
      defaultGroup: f.defaultGroup,
    });
  },
};

/** `tenant.environment-creation`: only admins create production (and sandbox) or trial environments. */
export const environmentCreationRestricted: Rule<{ kind: "production" | "trials"; who: TenantAudience | undefined }> = {
  id: "tenant.environment-creation",
  dimension: "securityAccess",
  severity: "critical",
  title: "Only admins create production and trial environments",
  passWhen: "settings.environmentCreation.production and .trials are adminsOnly.",
  remediation:
    "Set settings.environmentCreation.production and settings.environmentCreation.trials to adminsOnly: pilots get their environments from their workload's stacks.",
  enforcement: EVERY_STAGE,
  basis: "declaration",
  evaluate: (f) => {
    const what = f.kind === "production" ? "production and sandbox environments" : "trial environments";
    if (f.who === undefined) {
      return unknown(`Who may create ${what} is not managed: the tenant keeps whatever it has, by default everyone.`, {
        [f.kind]: null,
      });
    }
    if (f.who === "everyone") {
      return fail(
        `Everyone may create ${what}: a pilot can start outside every governed stack, with no DLP, gate or budget of its own.`,
        { [f.kind]: f.who },
      );
    }
    return pass(`Only admins may create ${what}.`, { [f.kind]: f.who });
  },
};

/** `tenant.environment-routing`: makers are routed to their own environment in a group that has rules. */
export const environmentRouting: Rule<{
  enabled: boolean | undefined;
  targetGroup: string | undefined;
  groupDeclared: boolean;
  groupRules: readonly string[];
}> = {
  id: "tenant.environment-routing",
  dimension: "securityAccess",
  severity: "critical",
  title: "Makers are routed out of the default environment into a governed group",
  passWhen:
    "settings.environmentRouting is enabled with a targetGroup that environmentGroups declares with at least one rule.",
  remediation:
    "Set settings.environmentRouting: { enabled: true, targetGroup: <group> } and give that group rules (sharing, solution checker, generative AI) in environmentGroups.",
  enforcement: EVERY_STAGE,
  basis: "declaration",
  evaluate: (f) => {
    if (f.enabled === undefined) {
      return unknown(
        "Environment routing is not managed: new makers land in the default environment unless the tenant routes them already.",
      );
    }
    if (!f.enabled) {
      return fail(
        "Environment routing is off: new makers land in the default environment, shared by the whole tenant.",
        {
          enabled: false,
        },
      );
    }
    if (f.targetGroup === undefined) {
      return fail(
        "Environment routing names no target group: routed makers get developer environments that follow no group's rules.",
        { enabled: true, targetGroup: null },
      );
    }
    if (!f.groupDeclared) {
      return fail(
        `Environment routing targets the group "${f.targetGroup}", which environmentGroups does not declare.`,
        {
          targetGroup: f.targetGroup,
        },
      );
    }
    if (f.groupRules.length === 0) {
      return fail(
        `Environment routing targets the group "${f.targetGroup}", which has no rules: routed environments are governed by nothing.`,
        { targetGroup: f.targetGroup, rules: [] },
      );
    }
    return pass(
      `Makers are routed to developer environments in the group "${f.targetGroup}" (rules: ${list(f.groupRules)}).`,
      { targetGroup: f.targetGroup, rules: [...f.groupRules] },
    );
  },
};

/** `tenant.sharing-limited`: no group lets apps be shared with everyone, nor does the tenant setting. */
export const sharingLimited: Rule<
  { what: "apps"; group: string; apps: string | undefined } | { what: "tenant"; shareWithEveryone: boolean | undefined }
> = {
  id: "tenant.sharing-limited",
  dimension: "securityAccess",
  severity: "critical",
  title: "Nothing can be shared with everyone",
  passWhen: "No environment group's app sharing rule is noLimit, and settings.shareWithEveryone is not true.",
  remediation:
    "Give each environment group's sharing rule apps.mode excludeSharingToSecurityGroups, and set settings.shareWithEveryone: false.",
  enforcement: EVERY_STAGE,
  basis: "declaration",
  evaluate: (f) => {
    if (f.what === "tenant") {
      if (f.shareWithEveryone === undefined) return notApplicable("Sharing apps with Everyone is not managed.");
      return f.shareWithEveryone
        ? fail("Makers may share apps with Everyone: an app so shared reaches every user of the tenant.", {
            shareWithEveryone: true,
          })
        : pass("Makers may not share apps with Everyone.", { shareWithEveryone: false });
    }
    if (f.apps === undefined) {
      return notApplicable(
        `The group "${f.group}" sets no app sharing rule: app sharing in its environments is what each environment has.`,
      );
    }
    if (f.apps === "noLimit") {
      return fail(
        `The group "${f.group}" lets apps be shared with any security group, Everyone included (sharing noLimit).`,
        { apps: f.apps },
      );
    }
    return pass(`The group "${f.group}" limits app sharing (${f.apps}).`, { apps: f.apps });
  },
};

/**
 * `tenant.group-agent-sharing`: a report, one per environment group, never a failure. A group's rule set cannot limit
 * Copilot Studio agent sharing yet (the service's rule for it is in no recorded response, so the provider refuses it
 * and the spec refuses `sharing.agents` in a group), and a workload stage in a group creates no managed environment
 * that would limit it: agents there keep the tenant's sharing defaults. It does not block because no declaration of
 * the baseline can close the gap; a finding nobody can fix would fail every baseline with a group and teach
 * reviewers to ignore the gate. Severity high, not critical: critical is kept for what a declaration opens to
 * everyone (`tenant.sharing-limited`); this is a default the group leaves in place, as an unmanaged default
 * environment DLP is (`tenant.dlp-default-environment`, high).
 */
export const groupAgentSharing: Rule<{ group: string }> = {
  id: "tenant.group-agent-sharing",
  dimension: "securityAccess",
  severity: "high",
  title: "Agent sharing in a group is reported, not judged",
  passWhen:
    "Never judged: an environment group cannot limit agent sharing yet, so each group is reported as not judged (it does not block).",
  remediation:
    "Limit agent sharing of a pilot's environment outside a group (a workload stage without environmentGroupId gets a managed environment with managedEnvironment.sharing.agents), or in the admin centre for the group's environments, until govai can write the group's agent-sharing rule.",
  enforcement: EVERY_STAGE,
  basis: "declaration",
  evaluate: (f) =>
    notApplicable(
      `Agents in the environments of the group "${f.group}" keep the tenant's sharing defaults: a group cannot limit agent sharing yet (its rule is not recorded, so govai cannot write it), and a workload stage in the group creates no managed environment that would.`,
      { group: f.group },
    ),
};

/** `tenant.ai-publishing-billed`: agents published with generative AI are billed to a policy with a budget. */
export const aiPublishingBilled: Rule<{
  publishAgentsWithAi: boolean | undefined;
  billingPolicies: readonly string[];
}> = {
  id: "tenant.ai-publishing-billed",
  dimension: "observability",
  severity: "high",
  title: "Publishing agents with AI has a billing policy and a budget",
  passWhen:
    "settings.copilotStudio.publishAgentsWithAi is false, or billingPolicies declares at least one pay-as-you-go policy (each has a budget).",
  remediation:
    "Declare a billing policy in billingPolicies (with its monthlyBudget and notify) and link the pilots' environments to it, or set settings.copilotStudio.publishAgentsWithAi: false.",
  enforcement: EVERY_STAGE,
  basis: "declaration",
  evaluate: (f) => {
    if (f.publishAgentsWithAi === false) {
      return pass("Publishing agents with generative AI is off.", { publishAgentsWithAi: false });
    }
    const on = f.publishAgentsWithAi === true ? "on" : "not managed (the tenant's own setting holds)";
    if (f.billingPolicies.length === 0) {
      return fail(
        `Publishing agents with generative AI is ${on}, and no billing policy is declared: Copilot Studio spend has no budget.`,
        { publishAgentsWithAi: f.publishAgentsWithAi ?? null, billingPolicies: [] },
      );
    }
    return pass(
      `Publishing agents with generative AI is ${on}; Copilot Studio spend is billed under budget by ${list(f.billingPolicies)}.`,
      { publishAgentsWithAi: f.publishAgentsWithAi ?? null, billingPolicies: [...f.billingPolicies] },
    );
  },
};

/** `tenant.billing-contact`: each billing policy's budget notifies someone. */
export const billingContact: Rule<{
  policy: string;
  monthlyBudget: number;
  currency: string;
  contacts: readonly string[];
}> = {
  id: "tenant.billing-contact",
  dimension: "observability",
  severity: "high",
  title: "Each billing policy's budget notifies someone",
  passWhen: "Every billing policy has a monthly budget greater than 0 and at least one contact in notify.",
  remediation: "Give the billing policy a monthlyBudget and at least one person (name and email) in notify.",
  enforcement: EVERY_STAGE,
  basis: "declaration",
  evaluate: (f) => {
    const read = { monthlyBudget: f.monthlyBudget, currency: f.currency, notify: [...f.contacts] };
    if (!(f.monthlyBudget > 0)) {
      return fail(
        `The billing policy "${f.policy}" has no budget: Copilot Studio spend billed to it is not capped.`,
        read,
      );
    }
    if (f.contacts.length === 0) {
      return fail(
        `The billing policy "${f.policy}" notifies nobody when its budget of ${f.monthlyBudget} ${f.currency} is reached: a budget nobody hears about does not limit spend.`,
        read,
      );
    }
    return pass(
      `The budget of ${f.monthlyBudget} ${f.currency} of the billing policy "${f.policy}" notifies ${list(f.contacts)}.`,
      read,
    );
  },
};

/** `tenant.no-placeholders`: the baseline's owners, contacts and texts are real. */
export const noPlaceholder: Rule<{ text: string | undefined; placeholder: string | undefined }> = {
  id: "tenant.no-placeholders",
  dimension: "signOff",
  severity: "critical",
  title: "Owners, contacts and texts are real",
  passWhen:
    "No owner, contact or text of the baseline (baselineTexts of @govai/spec) holds a placeholder (TODO, <…>, an example.com address).",
  remediation:
    "Replace the placeholder with the real owner, contact or text: a tenant-wide control owned or announced to nobody governs nothing.",
  enforcement: EVERY_STAGE,
  basis: "declaration",
  evaluate: (f) =>
    f.placeholder === undefined
      ? pass("The baseline's owners, contacts and texts hold no placeholder.")
      : fail(`This is a placeholder (${f.placeholder}), not a declaration.`, { value: f.text ?? null }),
};
