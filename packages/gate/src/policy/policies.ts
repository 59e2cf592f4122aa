/**
 * The govai CrossGuard policies: the gate's rules applied to resource inputs at preview time, also to resources not
 * built by the govai components. Each rule ships as two policies, so one pack serves every stage:
 *
 * - `govai-<rule>`: `mandatory`, runs where the rule is mandatory (test and prod; prod only for prod-only rules);
 * - `govai-<rule>-advisory`: `advisory`, runs where the rule is advisory (dev).
 *
 * The stage comes from the policy config `stage`, the stack tag `govai:stage` or the stack name (see `stage.ts`);
 * unknown stacks are treated as prod. Unknown values at preview are never violations: reading one throws
 * `UnknownValueError`, which the engine reports as an advisory "can't run during preview".
 *
 * This module only exports plain policy objects; `index.ts` is the only place that constructs the `PolicyPack`.
 */
import type { StageName } from "@govai/spec";
import { powerPlatformToken } from "@govai/spec";
import type {
  PolicyConfigSchema,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { UnknownValueError } from "@pulumi/policy";
import { type GatePolicyOverrides, gatePolicy } from "../gate-policy.ts";
import { auditEnabled, auditRetention } from "../rules/audit.ts";
import { type EnvironmentCoverage, environmentGoverned } from "../rules/coverage.ts";
import { alertsRouted, sensitiveLoggingOff, telemetryBound, workspaceRetention } from "../rules/observability.ts";
import { deletionProtected } from "../rules/rollback.ts";
import type { Rule } from "../rules/rule.ts";
import {
  appSharingLimited,
  customConnectorsBlocked,
  dlpDefaultBlocked,
  endpointFiltering,
  environmentSecurityGroup,
  leastPrivilege,
  networkRestricted,
  noClientSecrets,
  noPullRequestDeployment,
  sharingLimited,
  solutionCheckerEnforced,
  unauthenticatedChatBlocked,
} from "../rules/security.ts";
import type { Enforcement } from "../types.ts";
import { detectStage } from "./stage.ts";

/** Resource type tokens the pack inspects. */
export const RESOURCE_TYPES = {
  environment: powerPlatformToken("Environment"),
  managedEnvironment: powerPlatformToken("ManagedEnvironment"),
  dataPolicy: powerPlatformToken("DataPolicy"),
  environmentSettings: powerPlatformToken("EnvironmentSettings"),
  applicationUser: powerPlatformToken("ApplicationUser"),
  copilotTelemetry: powerPlatformToken("CopilotTelemetry"),
  workspace: "azure-native:operationalinsights:Workspace",
  actionGroups: ["azure-native:monitor:ActionGroup", "azure-native:insights:ActionGroup"],
  clientSecrets: [
    "azuread:index/applicationPassword:ApplicationPassword",
    "azuread:index/servicePrincipalPassword:ServicePrincipalPassword",
  ],
  federatedCredential: "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
} as const;

/** Azure's retention for a Log Analytics workspace that does not set `retentionInDays`. */
export const AZURE_DEFAULT_WORKSPACE_RETENTION_DAYS = 30;

/**
 * Config every govai policy accepts (`pulumi preview --policy-pack-config <file>`; keyed by policy name):
 * - `stage`: `dev` | `test` | `prod`, overrides the stack tag and the stack name;
 * - `thresholds`: a partial `GatePolicy` (e.g. `{ "minAuditRetentionDays": { "prod": 730 } }`);
 * - `deploymentApplicationIds`: Entra application (client) ids allowed to hold System Administrator
 *   (least-privilege policy only; application users named `*-appuser-deployment` are always allowed).
 */
export interface GovaiPolicyConfig {
  stage?: StageName;
  thresholds?: GatePolicyOverrides;
  deploymentApplicationIds?: string[];
}

/** The config schema of every govai policy. */
export const CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    stage: { type: "string", enum: ["dev", "test", "prod"] },
    thresholds: { type: "object" },
    deploymentApplicationIds: { type: "array", items: { type: "string" }, default: [] },
  },
};

/** Thrown by {@link need} when a resource lacks an input a rule reads; reported as a violation (fail closed). */
class MissingInput extends Error {}

/**
 * Returns `value`, or throws when it is absent (`undefined` or `null`): a resource that does not set an input the
 * rule reads cannot be judged, and the policy reports that instead of passing it or crashing the preview.
 */
export function need<T>(value: T | undefined | null, input: string): T {
  if (value === undefined || value === null) throw new MissingInput(input);
  return value;
}

/** How a policy reads a rule's facts from one resource's inputs; `undefined` = this resource is exempt. */
type Reader<F> = (args: ResourceValidationArgs, config: GovaiPolicyConfig) => F | undefined;

/** The name of the policy that applies a rule: `govai-<id with dots as dashes>`. */
export function policyName(ruleId: string, level: "mandatory" | "advisory"): string {
  const base = `govai-${ruleId.replace(/\./g, "-")}`;
  return level === "mandatory" ? base : `${base}-advisory`;
}

function policyFor<F>(
  rule: Rule<F>,
  types: readonly string[],
  read: Reader<F>,
  level: Exclude<Enforcement, "off">,
): ResourceValidationPolicy {
  return {
    name: policyName(rule.id, level),
    displayName: rule.title,
    description: `${rule.title} (${rule.dimension}): the production-readiness gate's ${rule.id} rule, applied to resource inputs${level === "advisory" ? " as a warning where the gate only advises (dev)" : ""}.`,
    enforcementLevel: level,
    severity: rule.severity,
    remediationSteps: rule.remediation,
    tags: ["govai", rule.dimension],
    configSchema: CONFIG_SCHEMA,
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
      if (!types.includes(args.type)) args.notApplicable(`applies to ${types.join(", ")} only`);
      const config = args.getConfig<GovaiPolicyConfig>();
      const { stage } = detectStage({ configured: config.stage, stackTags: args.stackTags, urn: args.urn });
      if (rule.enforcement[stage] !== level) {
        args.notApplicable(`${rule.id} is ${rule.enforcement[stage]} in ${stage}`);
      }
      let facts: F | undefined;
      try {
        facts = read(args, config);
      } catch (e) {
        if (!(e instanceof MissingInput)) throw e; // UnknownValueError goes to the engine: "can't run during preview"
        report(`${args.name} does not set ${e.message}, so ${rule.id} cannot be checked.`);
        return;
      }
      if (facts === undefined) args.notApplicable(`${args.name} is exempt from ${rule.id}`);
      const outcome = rule.evaluate(facts, { stage, policy: gatePolicy(config.thresholds), now: new Date() });
      if (outcome.status === "fail" || outcome.status === "unknown") report(outcome.message);
    },
  };
}

/** Both policies of a rule: the mandatory one and the advisory one. */
function staged<F>(
  rule: Rule<F>,
  types: readonly string[],
  read: Reader<F>,
): [ResourceValidationPolicy, ResourceValidationPolicy] {
  return [policyFor(rule, types, read, "mandatory"), policyFor(rule, types, read, "advisory")];
}

const T = RESOURCE_TYPES;

/** The policy pair (mandatory, advisory) applying the gate rule {@link unauthenticatedChatBlocked}. */
export const [unauthenticatedChatBlockedPolicy, unauthenticatedChatBlockedAdvisory] = staged(
  unauthenticatedChatBlocked,
  [T.dataPolicy],
  ({ props }) => ({ blocked: props.blocked ?? [] }),
);

/** The policy pair (mandatory, advisory) applying the gate rule {@link dlpDefaultBlocked}. */
export const [dlpDefaultBlockedPolicy, dlpDefaultBlockedAdvisory] = staged(
  dlpDefaultBlocked,
  [T.dataPolicy],
  ({ props }) => ({
    defaultGroup: need(props.defaultGroup, "defaultGroup"),
  }),
);

/** The policy pair (mandatory, advisory) applying the gate rule {@link customConnectorsBlocked}. */
export const [customConnectorsBlockedPolicy, customConnectorsBlockedAdvisory] = staged(
  customConnectorsBlocked,
  [T.dataPolicy],
  ({ props }) => ({ customConnectorPatterns: props.customConnectorPatterns ?? [] }),
);

/** The policy pair (mandatory, advisory) applying the gate rule {@link endpointFiltering}. */
export const [endpointFilteringPolicy, endpointFilteringAdvisory] = staged(
  endpointFiltering,
  [T.dataPolicy],
  ({ props }) => ({
    business: props.business ?? [],
    nonBusiness: props.nonBusiness ?? [],
    endpointRules: props.endpointRules ?? {},
  }),
);

/** The policy pair (mandatory, advisory) applying the gate rule {@link sharingLimited}. */
export const [sharingLimitedPolicy, sharingLimitedAdvisory] = staged(
  sharingLimited,
  [T.managedEnvironment],
  ({ props }) => {
    const a = props.sharing?.agents;
    return {
      editorSharingDisabled: need(a?.editorSharingDisabled, "sharing.agents.editorSharingDisabled"),
      mode: need(a?.mode, "sharing.agents.mode"),
      maxViewers: need(a?.maxViewers, "sharing.agents.maxViewers"),
    };
  },
);

/** The policy pair (mandatory, advisory) applying the gate rule {@link appSharingLimited}. */
export const [appSharingLimitedPolicy, appSharingLimitedAdvisory] = staged(
  appSharingLimited,
  [T.managedEnvironment],
  ({ props }) => {
    const s = props.sharing;
    return {
      apps: {
        groupSharingDisabled: s?.apps?.groupSharingDisabled === true,
        mode: need(s?.apps?.mode, "sharing.apps.mode"),
        maxUsers: need(s?.apps?.maxUsers, "sharing.apps.maxUsers"),
      },
      flows: { mode: need(s?.flows?.mode, "sharing.flows.mode") },
    };
  },
);

/** The policy pair (mandatory, advisory) applying the gate rule {@link solutionCheckerEnforced}. */
export const [solutionCheckerPolicy, solutionCheckerAdvisory] = staged(
  solutionCheckerEnforced,
  [T.managedEnvironment],
  ({ props }) => ({ mode: need(props.solutionChecker?.mode, "solutionChecker.mode") }),
);

/** The policy pair (mandatory, advisory) applying the gate rule {@link leastPrivilege}. */
export const [leastPrivilegePolicy, leastPrivilegeAdvisory] = staged(
  leastPrivilege,
  [T.applicationUser],
  ({ props, name }, config) => {
    // The deployment identity is System Administrator by design (it creates the environment's content).
    if (name.endsWith("-appuser-deployment")) return undefined;
    const allowed = config.deploymentApplicationIds ?? [];
    if (allowed.length > 0 && allowed.includes(props.applicationId)) return undefined;
    return { roles: { [name]: props.roles ?? [] } };
  },
);

/** The policy pair (mandatory, advisory) applying the gate rule {@link noClientSecrets}. */
export const [noClientSecretsPolicy, noClientSecretsAdvisory] = staged(
  noClientSecrets,
  T.clientSecrets,
  ({ type, name }) => ({
    secrets: [`${type.slice(type.lastIndexOf(":") + 1)} ${name}`],
  }),
);

/**
 * The policy pair (mandatory, advisory) applying the gate rule {@link noPullRequestDeployment}: every federated
 * credential of the stack (the govai components create them for the deployment identity only), named by resource.
 */
export const [noPullRequestDeploymentPolicy, noPullRequestDeploymentAdvisory] = staged(
  noPullRequestDeployment,
  [T.federatedCredential],
  ({ props, name }) => ({ subjects: { [name]: need(props.subject, "subject") } }),
);

/** The policy pair (mandatory, advisory) applying the gate rule {@link environmentSecurityGroup}. */
export const [environmentSecurityGroupPolicy, environmentSecurityGroupAdvisory] = staged(
  environmentSecurityGroup,
  [T.environment],
  ({ props }) => ({ securityGroupId: props.dataverse?.securityGroupId }),
);

/** The policy pair (mandatory, advisory) applying the gate rule {@link networkRestricted}. */
export const [networkPolicy, networkAdvisory] = staged(networkRestricted, [T.environmentSettings], ({ props }) => {
  const f = need(props.firewall, "firewall");
  return {
    mode: need(f.mode, "firewall.mode"),
    allowedRanges: f.allowedRanges ?? [],
    serviceTags: f.serviceTags ?? [],
    cookieBinding: f.cookieBinding === true,
  };
});

/** The policy pair (mandatory, advisory) applying the gate rule {@link auditEnabled}. */
export const [auditEnabledPolicy, auditEnabledAdvisory] = staged(
  auditEnabled,
  [T.environmentSettings],
  ({ props }) => ({
    enabled: need(props.auditing?.enabled, "auditing.enabled"),
    userAccessAudit: need(props.auditing?.userAccessAudit, "auditing.userAccessAudit"),
  }),
);

/** The policy pair (mandatory, advisory) applying the gate rule {@link auditRetention}. */
export const [auditRetentionPolicy, auditRetentionAdvisory] = staged(
  auditRetention,
  [T.environmentSettings],
  ({ props }) => ({
    retentionDays: need(props.auditing?.retentionDays, "auditing.retentionDays"),
  }),
);

/** The policy pair (mandatory, advisory) applying the gate rule {@link sensitiveLoggingOff}. */
export const [sensitiveLoggingOffPolicy, sensitiveLoggingOffAdvisory] = staged(
  sensitiveLoggingOff,
  [T.copilotTelemetry],
  ({ props }) => ({ logSensitiveActivity: props.logSensitiveActivity === true }),
);

/** The policy pair (mandatory, advisory) applying the gate rule {@link telemetryBound}. */
export const [telemetryBoundPolicy, telemetryBoundAdvisory] = staged(
  telemetryBound,
  [T.copilotTelemetry],
  // The resource is the binding: where it exists, the stack binds the agent.
  ({ props }) => ({
    botId: props.botId,
    logActivities: props.logActivities === true,
    bindAgent: true,
  }),
);

/** The policy pair (mandatory, advisory) applying the gate rule {@link alertsRouted}. */
export const [alertsRoutedPolicy, alertsRoutedAdvisory] = staged(alertsRouted, T.actionGroups, ({ props }) => {
  const receivers: { name?: string; emailAddress?: string }[] = props.emailReceivers ?? [];
  return {
    notify: Object.fromEntries(
      receivers.map((r, i) => [r.name ?? `receiver ${i + 1}`, { name: r.name ?? "", email: r.emailAddress ?? "" }]),
    ),
  };
});

/** The policy pair (mandatory, advisory) applying the gate rule {@link workspaceRetention}. */
export const [workspaceRetentionPolicy, workspaceRetentionAdvisory] = staged(
  workspaceRetention,
  [T.workspace],
  ({ props }) => ({
    mode: "create" as const,
    retentionDays: props.retentionInDays ?? AZURE_DEFAULT_WORKSPACE_RETENTION_DAYS,
  }),
);

/** The policy pair (mandatory, advisory) applying the gate rule {@link deletionProtected}. */
export const [deletionProtectedPolicy, deletionProtectedAdvisory] = staged(
  deletionProtected,
  [T.environment],
  ({ opts }) => ({
    protectFromDeletion: opts.protect === true,
    allowDataverseDeletion: false,
  }),
);

/** True when `r` references `env` through the input `key` (by dependency, or by an equal known id). */
function references(r: PolicyResource, key: "environmentId" | "environmentIds", env: PolicyResource): boolean {
  if ((r.propertyDependencies[key] ?? []).some((d) => d.urn === env.urn)) return true;
  try {
    const envId = env.props.environmentId;
    const v = r.props[key];
    return typeof envId === "string" && (v === envId || (Array.isArray(v) && v.includes(envId)));
  } catch (e) {
    // An id not known yet (preview) can only come from a dependency, which was checked above.
    if (e instanceof UnknownValueError) return false;
    throw e;
  }
}

/**
 * The environment group an Environment joins: its id, `null` when the input is set but not known yet (another stack's
 * output at preview), undefined when it joins none. A grouped environment has no ManagedEnvironment by design.
 */
function environmentGroupOf(env: PolicyResource): string | null | undefined {
  try {
    const v = env.props.environmentGroupId;
    return typeof v === "string" && v !== "" ? v : undefined;
  } catch (e) {
    if (e instanceof UnknownValueError) return null;
    throw e;
  }
}

function stackPolicyFor(level: Exclude<Enforcement, "off">): StackValidationPolicy {
  const rule = environmentGoverned;
  return {
    name: policyName(rule.id, level),
    displayName: rule.title,
    description: `${rule.title} (${rule.dimension}): every Power Platform environment of the stack is managed, has its Dataverse settings and a data policy${level === "advisory" ? " (a warning where the gate only advises: dev)" : ""}.`,
    enforcementLevel: level,
    severity: rule.severity,
    remediationSteps: rule.remediation,
    tags: ["govai", rule.dimension],
    configSchema: CONFIG_SCHEMA,
    validateStack: (args, report) => {
      const envs = args.resources.filter((r) => r.type === T.environment);
      const first = envs[0];
      if (first === undefined) args.notApplicable("the stack has no Power Platform environment");
      const config = args.getConfig<GovaiPolicyConfig>();
      const { stage } = detectStage({ configured: config.stage, stackTags: args.stackTags, urn: first!.urn });
      if (rule.enforcement[stage] !== level) args.notApplicable(`${rule.id} is ${rule.enforcement[stage]} in ${stage}`);
      const of = (type: string) => args.resources.filter((r) => r.type === type);
      const environments: Record<string, EnvironmentCoverage> = {};
      for (const env of envs) {
        const group = environmentGroupOf(env);
        environments[env.name] = {
          managedEnvironment: of(T.managedEnvironment).some((r) => references(r, "environmentId", env)),
          environmentSettings: of(T.environmentSettings).some((r) => references(r, "environmentId", env)),
          dataPolicy: of(T.dataPolicy).some((r) => references(r, "environmentIds", env)),
          ...(group === undefined ? {} : { environmentGroupId: group }),
        };
      }
      const outcome = rule.evaluate(
        { environments },
        { stage, policy: gatePolicy(config.thresholds), now: new Date() },
      );
      if (outcome.status === "fail" || outcome.status === "unknown") report(outcome.message);
    },
  };
}

/** Stack policy pair: every Power Platform environment of the stack is governed (policy pack only). */
export const environmentGovernedPolicy = stackPolicyFor("mandatory");
export const environmentGovernedAdvisory = stackPolicyFor("advisory");

/** Every govai resource policy, in pairs (mandatory, advisory). */
export const resourcePolicies: ResourceValidationPolicy[] = [
  unauthenticatedChatBlockedPolicy,
  unauthenticatedChatBlockedAdvisory,
  dlpDefaultBlockedPolicy,
  dlpDefaultBlockedAdvisory,
  customConnectorsBlockedPolicy,
  customConnectorsBlockedAdvisory,
  endpointFilteringPolicy,
  endpointFilteringAdvisory,
  sharingLimitedPolicy,
  sharingLimitedAdvisory,
  appSharingLimitedPolicy,
  appSharingLimitedAdvisory,
  solutionCheckerPolicy,
  solutionCheckerAdvisory,
  leastPrivilegePolicy,
  leastPrivilegeAdvisory,
  noClientSecretsPolicy,
  noClientSecretsAdvisory,
  noPullRequestDeploymentPolicy,
  noPullRequestDeploymentAdvisory,
  environmentSecurityGroupPolicy,
  environmentSecurityGroupAdvisory,
  networkPolicy,
  networkAdvisory,
  auditEnabledPolicy,
  auditEnabledAdvisory,
  auditRetentionPolicy,
  auditRetentionAdvisory,
  sensitiveLoggingOffPolicy,
  sensitiveLoggingOffAdvisory,
  telemetryBoundPolicy,
  telemetryBoundAdvisory,
  alertsRoutedPolicy,
  alertsRoutedAdvisory,
  workspaceRetentionPolicy,
  workspaceRetentionAdvisory,
  deletionProtectedPolicy,
  deletionProtectedAdvisory,
];

/** Every govai policy: the resource policies, then the stack policies; each as a (mandatory, advisory) pair. */
export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
  ...resourcePolicies,
  environmentGovernedPolicy,
  environmentGovernedAdvisory,
];
