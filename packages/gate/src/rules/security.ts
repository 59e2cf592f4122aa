import {
  type AgentAuthMode,
  type ConnectorGroup,
  type CustomConnectorPattern,
  customConnectorFallback,
  type EndpointRule,
  endsWithDenyAll,
  type FirewallMode,
  leakingAllowRule,
  type ManagedEnvironmentModel,
  type SharingMode,
  type SolutionCheckerMode,
  UNAUTHENTICATED_CHAT_CONNECTOR,
} from "@govai/spec";
import type { PenTestEvidence } from "../evidence/formats.ts";
import {
  ageInDays,
  connectorKey,
  fail,
  list,
  notApplicable,
  pass,
  present,
  type Rule,
  STRICT,
  TEST_AND_PROD,
} from "./rule.ts";

/**
 * Connectors that support DLP endpoint filtering (`power-platform-api.md` §5), by their compared key
 * ({@link connectorKey}): HTTP (virtual and `shared_http`), HTTP with Entra ID, HTTP webhook, SQL Server, Azure Blob,
 * SMTP, and the Copilot Studio SharePoint and public-website knowledge connectors.
 */
export const ENDPOINT_FILTERABLE_CONNECTORS: readonly string[] = [
  "http",
  "shared_http",
  "shared_webcontents",
  "shared_httpwebhook",
  "shared_sql",
  "shared_azureblob",
  "shared_smtp",
  "csknowledgesharepoint",
  "csknowledgepublicsites",
];

/** `security.agent-authenticated`: the agent authenticates its users. */
export const agentAuthenticated: Rule<{ mode: AgentAuthMode; requireSignIn: boolean }> = {
  id: "security.agent-authenticated",
  passWhen: "agent.authentication.mode is entra, or manual with requireSignIn.",
  dimension: "securityAccess",
  severity: "critical",
  title: "Agent authenticates users",
  remediation: "Set agent.authentication.mode to entra (or manual with requireSignIn: true) and re-publish the agent.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: (f) => {
    if (f.mode === "none") return fail("The agent allows chat without authentication (authentication mode none).", f);
    if (f.mode === "manual" && !f.requireSignIn) {
      return fail("The agent authenticates manually but does not require users to sign in.", f);
    }
    return pass(`The agent authenticates users (mode ${f.mode}).`, f);
  },
};

/** `security.unauthenticated-chat-blocked`: the DLP policy blocks chat without Entra ID authentication. */
export const unauthenticatedChatBlocked: Rule<{ blocked: readonly string[] }> = {
  id: "security.unauthenticated-chat-blocked",
  passWhen: "The stage's data policy blocks PvaAuth.",
  dimension: "securityAccess",
  severity: "critical",
  title: "Unauthenticated chat blocked",
  remediation: `Add ${UNAUTHENTICATED_CHAT_CONNECTOR} ("Chat without Microsoft Entra ID authentication in Copilot Studio") to the data policy's blocked connectors.`,
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ blocked }) => {
    const isBlocked = blocked.some((c) => connectorKey(c) === connectorKey(UNAUTHENTICATED_CHAT_CONNECTOR));
    return isBlocked
      ? pass("The data policy blocks chat without Entra ID authentication (PvaAuth).", { blocked: isBlocked })
      : fail("The data policy does not block chat without Entra ID authentication (PvaAuth).", { blocked: isBlocked });
  },
};

/** `security.dlp-default-blocked`: connectors nobody classified land in Blocked. */
export const dlpDefaultBlocked: Rule<{ defaultGroup: ConnectorGroup }> = {
  id: "security.dlp-default-blocked",
  passWhen: "The stage's data policy default group is blocked.",
  dimension: "securityAccess",
  severity: "high",
  title: "DLP default group blocked",
  remediation: "Set connectorPolicy.defaultGroup to blocked and classify every connector the agent needs explicitly.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ defaultGroup }) =>
    defaultGroup === "blocked"
      ? pass("The data policy's default group is blocked.", { defaultGroup })
      : fail(
          `The data policy's default group is ${defaultGroup}: connectors nobody classified, including ones Microsoft adds later, are allowed.`,
          { defaultGroup },
        ),
};

/**
 * `security.endpoint-filtering`: every allowed endpoint-filterable connector has rules ending in `deny *`, and no
 * allow rule before it admits every host.
 */
export const endpointFiltering: Rule<{
  business: readonly string[];
  nonBusiness: readonly string[];
  endpointRules: Readonly<Record<string, readonly EndpointRule[]>>;
}> = {
  id: "security.endpoint-filtering",
  passWhen:
    "Every allowed endpoint-filterable connector (HTTP, SQL, Blob, SMTP, Copilot Studio SharePoint/web knowledge) has endpoint rules ending in deny *, and no allow rule before it matches every host (*, https://*).",
  dimension: "securityAccess",
  severity: "high",
  title: "Endpoint filtering",
  remediation:
    'For each allowed HTTP, SQL, Blob, SMTP or Copilot Studio knowledge connector, list the allowed endpoints (named hosts, not * or https://*) in connectorPolicy.endpointRules and end with { behavior: deny, endpoint: "*" }.',
  enforcement: STRICT,
  basis: "declaration",
  evaluate: (f) => {
    const rulesByKey = new Map(Object.entries(f.endpointRules).map(([id, rules]) => [connectorKey(id), rules]));
    const filterable = [...f.business, ...f.nonBusiness].filter((c) =>
      ENDPOINT_FILTERABLE_CONNECTORS.includes(connectorKey(c)),
    );
    const unfiltered = filterable.filter((c) => !endsWithDenyAll(rulesByKey.get(connectorKey(c))));
    const leaking = filterable.flatMap((c) => {
      const rules = rulesByKey.get(connectorKey(c));
      const leak = endsWithDenyAll(rules) && rules ? leakingAllowRule(rules) : undefined;
      return leak ? [`${c} (allow ${leak.endpoint})`] : [];
    });
    const read = {
      allowedFilterable: [...filterable].sort(),
      unfiltered: [...unfiltered].sort(),
      allowAll: [...leaking].sort(),
    };
    if (filterable.length === 0) return pass("No endpoint-filterable connector is allowed.", read);
    const problems = [
      ...(unfiltered.length > 0
        ? [`Endpoint filtering is missing or does not end with deny * for: ${list(unfiltered)}.`]
        : []),
      ...(leaking.length > 0 ? [`Endpoint rules allow every host before the final deny * for: ${list(leaking)}.`] : []),
    ];
    return problems.length === 0
      ? pass(`Every allowed endpoint-filterable connector ends with deny * (${list(filterable)}).`, read)
      : fail(problems.join(" "), read);
  },
};

/**
 * `security.custom-connectors-blocked`: custom connectors nobody named are not allowed: no wildcard pattern (`*`)
 * classifies them business or non-business, which would let any connector a maker builds reach any host, like a
 * data policy whose default group is business.
 */
export const customConnectorsBlocked: Rule<{ customConnectorPatterns: readonly CustomConnectorPattern[] }> = {
  id: "security.custom-connectors-blocked",
  passWhen:
    "No wildcard custom-connector pattern (*, https://*) classifies custom connectors business or non-business.",
  dimension: "securityAccess",
  severity: "high",
  title: "Custom connectors blocked by default",
  remediation:
    'Classify the "*" custom-connector pattern as blocked (or ignore, leaving custom connectors to the blocked default group) and list the hosts of custom connectors you trust before it.',
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ customConnectorPatterns }) => {
    const fallback = customConnectorFallback(customConnectorPatterns);
    const read = { fallbackPattern: fallback.pattern ?? null, fallbackClassification: fallback.classification };
    if (fallback.classification === "business" || fallback.classification === "nonBusiness") {
      return fail(
        `Custom connectors matching ${fallback.pattern} are classified ${fallback.classification}: any custom connector a maker builds is allowed, as under a data policy whose default group is ${fallback.classification}.`,
        read,
      );
    }
    return fallback.pattern === undefined
      ? pass("No custom-connector pattern allows every host; unnamed custom connectors take the default group.", read)
      : pass(`Custom connectors matching ${fallback.pattern} are ${fallback.classification}.`, read);
  },
};

/** `security.sharing-limited`: agent sharing is limited (editor sharing off and viewers capped outside dev). */
export const sharingLimited: Rule<{ editorSharingDisabled: boolean; mode: SharingMode; maxViewers: number }> = {
  id: "security.sharing-limited",
  passWhen: "Agent viewer sharing is not noLimit; outside dev also editor sharing is disabled and viewers are capped.",
  dimension: "securityAccess",
  severity: "high",
  title: "Agent sharing limited",
  remediation:
    "In managedEnvironment.sharing.agents set mode to excludeSharingToSecurityGroups (or disableSharing); outside dev also set editorSharingDisabled: true and a maxViewers cap (not -1).",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: (f, { stage }) => {
    const problems: string[] = [];
    if (f.mode === "noLimit") problems.push("viewer sharing mode is noLimit");
    if (stage !== "dev" && !f.editorSharingDisabled) problems.push("editor sharing is allowed");
    if (stage !== "dev" && f.mode !== "disableSharing" && f.maxViewers < 0) problems.push("viewers are not capped");
    if (problems.length > 0) return fail(`Agent sharing is not limited: ${problems.join("; ")}.`, f);
    const cap =
      f.mode === "disableSharing"
        ? "no viewers"
        : f.maxViewers < 0
          ? "no viewer cap"
          : `at most ${f.maxViewers} viewers`;
    return pass(
      `Agent sharing is limited: editor sharing ${f.editorSharingDisabled ? "disabled" : "allowed"}, viewer mode ${f.mode}, ${cap}.`,
      f,
    );
  },
};

/**
 * `security.app-sharing-limited`: canvas apps and solution flows cannot be shared without limit (checked like agent
 * sharing, outside dev).
 */
export const appSharingLimited: Rule<{
  apps: ManagedEnvironmentModel["sharing"]["apps"];
  flows: ManagedEnvironmentModel["sharing"]["flows"];
}> = {
  id: "security.app-sharing-limited",
  passWhen:
    "Outside dev, canvas-app sharing is not noLimit and is capped (maxUsers not -1), and solution-flow sharing is disabled.",
  dimension: "securityAccess",
  severity: "high",
  title: "App and flow sharing limited",
  remediation:
    "In managedEnvironment.sharing set apps.mode to excludeSharingToSecurityGroups with an apps.maxUsers cap (not -1), and flows.mode to disableSharing.",
  enforcement: TEST_AND_PROD,
  basis: "declaration",
  evaluate: ({ apps, flows }) => {
    const problems = [
      ...(apps.mode === "noLimit" ? ["canvas apps can be shared with everyone (mode noLimit)"] : []),
      ...(apps.maxUsers < 0 ? ["canvas-app sharing is not capped (maxUsers -1)"] : []),
      ...(flows.mode === "noLimit" ? ["solution flows can be shared without limit (mode noLimit)"] : []),
    ];
    const read = { appsMode: apps.mode, appsMaxUsers: apps.maxUsers, flowsMode: flows.mode };
    return problems.length === 0
      ? pass(
          `App sharing is limited (${apps.mode}, at most ${apps.maxUsers} users) and flow sharing is ${flows.mode}.`,
          read,
        )
      : fail(`App and flow sharing is not limited: ${problems.join("; ")}.`, read);
  },
};

/** `security.solution-checker`: solution imports are checked (block outside dev, at least warn in dev). */
export const solutionCheckerEnforced: Rule<{ mode: SolutionCheckerMode }> = {
  id: "security.solution-checker",
  passWhen: "Solution checker is block (warn or block in dev).",
  dimension: "securityAccess",
  severity: "medium",
  title: "Solution checker enforced",
  remediation: "Set managedEnvironment.solutionChecker.mode to block (warn is accepted in dev).",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ mode }, { stage }) => {
    const required: SolutionCheckerMode[] = stage === "dev" ? ["warn", "block"] : ["block"];
    return required.includes(mode)
      ? pass(`Solution checker is ${mode}.`, { mode })
      : fail(`Solution checker is ${mode}; this stage requires ${required.join(" or ")}.`, { mode });
  },
};

/** The Dataverse role no runtime identity may hold. */
export const SYSTEM_ADMINISTRATOR_ROLE = "System Administrator";

/** `security.least-privilege`: no runtime identity holds System Administrator. */
export const leastPrivilege: Rule<{ roles: Readonly<Record<string, readonly string[]>> }> = {
  id: "security.least-privilege",
  passWhen: "No runtime identity holds System Administrator.",
  dimension: "securityAccess",
  severity: "critical",
  title: "Least-privilege runtime identities",
  remediation:
    "Give runtime identities named least-privilege Dataverse roles instead of System Administrator (only the deployment identity may hold it).",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ roles }) => {
    const names = Object.keys(roles);
    const admin = names.filter((n) =>
      (roles[n] ?? []).some((r) => r.trim().toLowerCase() === SYSTEM_ADMINISTRATOR_ROLE.toLowerCase()),
    );
    const read = { identities: [...names].sort(), withSystemAdministrator: [...admin].sort() };
    if (names.length === 0) return notApplicable("No runtime identity is declared.", read);
    return admin.length === 0
      ? pass(`No runtime identity holds System Administrator (${names.length} checked).`, read)
      : fail(`Runtime identities hold System Administrator: ${list(admin)}.`, read);
  },
};

/** `security.no-client-secrets`: no client secret exists; federated credentials are used instead. */
export const noClientSecrets: Rule<{ secrets: readonly string[] }> = {
  id: "security.no-client-secrets",
  passWhen:
    "The deployment identity has no client secret (the policy: no ApplicationPassword / ServicePrincipalPassword).",
  dimension: "securityAccess",
  severity: "critical",
  title: "No client secrets",
  remediation:
    "Remove the client secret (identities.deployment.clientSecret) and authenticate the pipeline with a federated credential (OIDC).",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ secrets }) =>
    secrets.length === 0
      ? pass("No client secret is declared.", { secrets: [] })
      : fail(`Client secrets are declared: ${list(secrets)}. Use federated credentials instead.`, {
          secrets: [...secrets].sort(),
        }),
};

/** `security.environment-security-group`: environment access is restricted to a security group. */
export const environmentSecurityGroup: Rule<{ securityGroupId: string | undefined }> = {
  id: "security.environment-security-group",
  passWhen: "The environment's Dataverse security group is set.",
  dimension: "securityAccess",
  severity: "high",
  title: "Environment security group",
  remediation:
    "Set environment.dataverse.securityGroupId to the Entra group of the people who may use the environment.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ securityGroupId }) =>
    present(securityGroupId)
      ? pass(`Environment access is restricted to security group ${securityGroupId}.`, { securityGroupId })
      : fail("No Dataverse security group restricts who can use the environment.", { securityGroupId }),
};

/** `security.network`: the Dataverse IP firewall enforces (audit allowed in dev) and cookies are IP-bound. */
export const networkRestricted: Rule<{
  mode: FirewallMode;
  allowedRanges: readonly string[];
  serviceTags: readonly string[];
  cookieBinding: boolean;
}> = {
  id: "security.network",
  passWhen:
    "The IP firewall enforces in prod (audit accepted in dev and test) with allowed ranges or service tags, no range wider than the policy's prefix (/16), no tag that admits all of Azure or the internet (AzureCloud, Internet) or that the policy does not accept; cookie binding on outside dev.",
  dimension: "securityAccess",
  severity: "medium",
  title: "Network and session",
  remediation:
    "Declare the allowed ranges (each at most as wide as the policy allows, never 0.0.0.0/0) or narrow service tags (never AzureCloud or Internet) and set firewall.mode to enforce in prod (audit is accepted in dev and test), and firewall.cookieBinding: true outside dev.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: (f, { stage, policy }) => {
    const problems: string[] = [];
    // Test rehearses prod's firewall in audit mode (it logs what enforce would block); prod must enforce.
    const accepted: FirewallMode[] = stage === "prod" ? ["enforce"] : ["audit", "enforce"];
    if (!accepted.includes(f.mode)) {
      problems.push(`the Dataverse IP firewall is ${f.mode} (this stage requires ${accepted.join(" or ")})`);
    }
    if (f.mode === "enforce" && f.allowedRanges.length === 0 && f.serviceTags.length === 0) {
      problems.push("the firewall enforces with no allowed ranges or service tags, which locks everyone out");
    }
    // A range that admits most of the internet (0.0.0.0/0 above all) is a firewall in name only.
    const tooWide =
      f.mode === "off" ? [] : f.allowedRanges.filter((r) => prefixLength(r) < policy.minFirewallPrefixLength);
    if (tooWide.length > 0) {
      problems.push(
        `allowed ranges wider than /${policy.minFirewallPrefixLength} admit nearly everyone: ${list(tooWide)}`,
      );
    }
    // A service tag is a range the cloud maintains: AzureCloud is every Azure tenant's addresses, Internet is all of
    // them. Such a tag restricts no more than 0.0.0.0/0; the organisation may also name the only tags it accepts.
    const broadTags =
      f.mode === "off" ? [] : f.serviceTags.filter((t) => policy.broadServiceTags.some((b) => sameTag(t, b)));
    const unacceptedTags =
      f.mode === "off" || policy.acceptedServiceTags === undefined
        ? []
        : f.serviceTags.filter(
            (t) => !broadTags.includes(t) && !policy.acceptedServiceTags!.some((a) => sameTag(t, a)),
          );
    if (broadTags.length > 0) {
      problems.push(`service tags that admit all of Azure or the internet restrict nobody: ${list(broadTags)}`);
    }
    if (unacceptedTags.length > 0) {
      problems.push(
        `service tags the policy does not accept (${list(policy.acceptedServiceTags ?? [])}): ${list(unacceptedTags)}`,
      );
    }
    if (stage !== "dev" && !f.cookieBinding) problems.push("session cookies are not bound to the client IP");
    const read = {
      mode: f.mode,
      allowedRanges: f.allowedRanges.length,
      tooWide,
      serviceTags: f.serviceTags.length,
      broadTags,
      unacceptedTags,
      cookieBinding: f.cookieBinding,
    };
    return problems.length === 0
      ? pass(`The Dataverse IP firewall is ${f.mode}; cookie binding is ${f.cookieBinding ? "on" : "off"}.`, read)
      : fail(`Network access is not restricted: ${problems.join("; ")}.`, read);
  },
};

/** Whether service tag `tag` is `base` or one of its regional forms (`AzureCloud.westeurope`), in any case. */
function sameTag(tag: string, base: string): boolean {
  const t = tag.trim().toLowerCase();
  const b = base.toLowerCase();
  return t === b || t.startsWith(`${b}.`);
}

/** The prefix length of an IPv4 range (`10.0.0.0/8` → 8); a bare address is a `/32`. */
export function prefixLength(range: string): number {
  const slash = range.indexOf("/");
  if (slash < 0) return 32;
  const n = Number(range.slice(slash + 1));
  // An unreadable prefix is treated as the widest, so it fails rather than passes.
  return Number.isInteger(n) && n >= 0 && n <= 32 ? n : 0;
}

/** `security.pen-test`: a recent penetration test has no open critical or high findings. */
export const penTestClean: Rule<{ evidence: PenTestEvidence }> = {
  id: "security.pen-test",
  passWhen: "Each penTest file is at most the policy's age (365 days) and has no open critical or high findings.",
  dimension: "securityAccess",
  severity: "high",
  title: "Penetration test",
  remediation: "Close the critical and high findings and re-test, or run a new penetration test.",
  enforcement: STRICT,
  basis: "evidence",
  evaluate: ({ evidence: e }, { policy, now }) => {
    const age = ageInDays(e.date, now);
    const read = { date: e.date, ageDays: age, openCritical: e.openFindings.critical, openHigh: e.openFindings.high };
    const what = `The penetration test of ${e.date}`;
    if (age < 0) return fail(`${what} is dated in the future.`, read);
    if (age > policy.maxPenTestAgeDays)
      return fail(`${what} is ${age} days old; at most ${policy.maxPenTestAgeDays} are allowed.`, read);
    const open = e.openFindings.critical + e.openFindings.high;
    return open === 0
      ? pass(`${what} has no open critical or high findings.`, read)
      : fail(`${what} has ${e.openFindings.critical} critical and ${e.openFindings.high} high findings open.`, read);
  },
};

/**
 * True for a federated credential subject that GitHub Actions gives pull-request workflows: `repo:<org>/<repo>:pull_request`
 * (also with a customized subject template, which still ends in `:pull_request`).
 */
export function isPullRequestSubject(subject: string): boolean {
  return subject.trim().toLowerCase().endsWith(":pull_request");
}

/** `security.no-pull-request-deployment`: no pull-request workflow can sign in as the deployment identity. */
export const noPullRequestDeployment: Rule<{ subjects: Readonly<Record<string, string>> }> = {
  id: "security.no-pull-request-deployment",
  passWhen:
    "No federated credential of the deployment identity trusts pull-request workflows (a GitHub subject ending in :pull_request).",
  dimension: "securityAccess",
  severity: "high",
  title: "Deployment not trusted to pull requests",
  remediation:
    "Replace pull-request subjects in identities.deployment.federatedCredentials with a protected environment or branch subject; give pull-request workflows an identity that cannot deploy.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ subjects }) => {
    const keys = Object.keys(subjects).sort();
    const trusting = keys.filter((k) => isPullRequestSubject(subjects[k] ?? ""));
    const read = { credentials: keys, pullRequest: trusting };
    if (keys.length === 0)
      return notApplicable("No federated credential is declared for the deployment identity.", read);
    return trusting.length === 0
      ? pass(`No deployment credential trusts pull-request workflows (${keys.length} checked).`, read)
      : fail(
          `Deployment credentials trust pull-request workflows, which could then deploy with System Administrator rights: ${trusting.map((k) => `${k} (${subjects[k]})`).join(", ")}.`,
          read,
        );
  },
};
