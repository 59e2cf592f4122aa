/**
 * resolveBaseline(): a validated tenant baseline → the TenantBaselineModel, every default spelled out. Pure: the same
 * baseline always gives the same model.
 */
import { checkBaseline } from "./baseline-checks.ts";
import {
  DEFAULT_BILLING_CURRENCY,
  type EnvironmentGroupRulesModel,
  type TenantBaselineMetadata,
  type TenantBaselineModel,
} from "./baseline-model.ts";
import { type TenantBaselineSpec, tenantBaselineSchema } from "./baseline-schema.ts";
import { bareConnectorId } from "./copilot-connectors.ts";
import { SpecError } from "./issues.ts";
import { positionlessIssues } from "./positions.ts";
import { STAGE_PROFILES } from "./profiles.ts";
import { reservedKeyIssues } from "./reserved-keys.ts";
import { mapRecord, sortedUnique } from "./resolve.ts";
import { fromZodIssues, type ZodIssueOptions } from "./zod-issues.ts";

/** How the errors of a tenant baseline name the document. */
export const BASELINE_DOCUMENT = "the tenant baseline";

/** How zod's issues are worded for a tenant baseline (no key of a baseline is retired yet). */
export const BASELINE_ZOD_OPTIONS: ZodIssueOptions = {
  emptyDocument:
    "the document is empty; expected a tenant baseline starting with apiVersion: govai/v1 and kind: TenantBaseline",
  retiredKeys: {},
};

/**
 * The id of a tenant's default environment. Power Platform names it after the tenant: `Default-<tenantId>`.
 * @param tenantId the tenant's GUID, any case.
 */
export function defaultEnvironmentId(tenantId: string): string {
  return `Default-${tenantId.toLowerCase()}`;
}

/**
 * Resolve a tenant baseline built in code (or parsed elsewhere) into its model. It is validated first (shape, then
 * cross-field rules), so it gets the loader's messages, without positions.
 * @param opts `file`: where the baseline came from; recorded in `model.source`. Default none.
 * @throws SpecError carrying every problem when the baseline is invalid; line and column are then 0.
 */
export function resolveBaseline(spec: TenantBaselineSpec, opts: { file?: string } = {}): TenantBaselineModel {
  const file = opts.file ?? "<spec>";
  // Before the schema: zod would drop an own `__proto__` entry silently and pass `toString` on.
  const reserved = reservedKeyIssues(spec);
  if (reserved.length > 0) throw new SpecError(positionlessIssues(reserved, file), BASELINE_DOCUMENT);
  const parsed = tenantBaselineSchema.safeParse(spec);
  if (!parsed.success) {
    const issues = fromZodIssues(parsed.error.issues, spec, tenantBaselineSchema, BASELINE_ZOD_OPTIONS);
    throw new SpecError(positionlessIssues(issues, file), BASELINE_DOCUMENT);
  }
  const problems = checkBaseline(parsed.data);
  if (problems.length > 0) throw new SpecError(positionlessIssues(problems, file), BASELINE_DOCUMENT);
  return resolveBaselineChecked(parsed.data, opts);
}

/** resolveBaseline() for a baseline that already passed `tenantBaselineSchema` and `checkBaseline` (the loader's path). */
export function resolveBaselineChecked(spec: TenantBaselineSpec, opts: { file?: string } = {}): TenantBaselineModel {
  const m = spec.metadata;
  const metadata: TenantBaselineMetadata = {
    name: m.name,
    displayName: m.displayName,
    owningTeam: m.owningTeam,
    accountable: { name: m.accountable.name, email: m.accountable.email },
    tenantId: m.tenantId.toLowerCase(),
  };
  const connectors = (ids: readonly string[] | undefined) => sortedUnique((ids ?? []).map(bareConnectorId));
  const dflt = spec.dataPolicies.defaultEnvironment;
  const wide = spec.dataPolicies.tenantWide;
  const scope = wide.scope ?? "allEnvironments";
  const s = spec.settings;

  return {
    apiVersion: "govai/v1",
    kind: "TenantBaseline",
    metadata,
    dataPolicies: {
      defaultEnvironment:
        dflt === undefined
          ? undefined
          : {
              displayName: `${metadata.name}-default-environment-dlp`,
              environmentId: defaultEnvironmentId(metadata.tenantId),
              // The default environment is where every licensed user is a maker: unknown connectors stay out.
              defaultGroup: dflt.defaultGroup ?? "blocked",
              business: connectors(dflt.business),
              nonBusiness: connectors(dflt.nonBusiness),
              blocked: connectors(dflt.blocked),
            },
      tenantWide: {
        displayName: `${metadata.name}-tenant-wide-dlp`,
        scope,
        // The checks refuse a non-empty list with allEnvironments; an empty one means the same as the scope.
        exceptEnvironments:
          scope === "exceptEnvironments"
            ? sortedUnique((wide.exceptEnvironments ?? []).map((id) => id.toLowerCase()))
            : [],
        blocked: connectors(wide.blocked),
      },
    },
    settings: {
      environmentCreation: {
        production: s?.environmentCreation?.production,
        trials: s?.environmentCreation?.trials,
        developer: s?.environmentCreation?.developer,
      },
      billingPolicyCreation: s?.billingPolicyCreation,
      shareWithEveryone: s?.shareWithEveryone,
      copilotStudio: {
        copilotFeatures: s?.copilotStudio?.copilotFeatures,
        publishAgentsWithAi: s?.copilotStudio?.publishAgentsWithAi,
      },
      environmentRouting:
        s?.environmentRouting === undefined
          ? undefined
          : { enabled: s.environmentRouting.enabled, targetGroup: s.environmentRouting.targetGroup },
      deleteBehavior: s?.deleteBehavior ?? "restore",
    },
    environmentGroups: mapRecord(spec.environmentGroups, (g) => ({
      displayName: g.displayName,
      description: g.description ?? "",
      rules: resolveRules(g.rules),
    })),
    billingPolicies: mapRecord(spec.billingPolicies, (b) => ({
      displayName: b.displayName,
      location: b.location,
      subscriptionId: b.subscriptionId.toLowerCase(),
      resourceGroup: b.resourceGroup,
      monthlyBudget: b.monthlyBudget,
      currency: b.currency ?? DEFAULT_BILLING_CURRENCY,
      notify: mapRecord(b.notify, (p) => ({ name: p.name, email: p.email })),
    })),
    source: opts.file === undefined ? undefined : { file: opts.file },
  };
}

type RulesSpec = NonNullable<NonNullable<TenantBaselineSpec["environmentGroups"]>[string]["rules"]>;

/** A group's rules: each rule given is spelled out, its missing fields from the prod profile (the locked-down one). */
function resolveRules(r: RulesSpec | undefined): EnvironmentGroupRulesModel {
  const prod = STAGE_PROFILES.prod.managedEnvironment;
  const apps = r?.sharing?.apps;
  const checker = r?.solutionChecker;
  return {
    sharing:
      r?.sharing === undefined
        ? undefined
        : {
            apps: {
              groupSharingDisabled: apps?.groupSharingDisabled ?? prod.sharing.apps.groupSharingDisabled,
              mode: apps?.mode ?? prod.sharing.apps.mode,
              maxUsers: apps?.maxUsers ?? prod.sharing.apps.maxUsers,
            },
          },
    solutionChecker:
      checker === undefined
        ? undefined
        : {
            mode: checker.mode ?? prod.solutionChecker.mode,
            ruleOverrides: sortedUnique(checker.ruleOverrides ?? prod.solutionChecker.ruleOverrides),
            suppressValidationEmails: checker.suppressValidationEmails ?? prod.solutionChecker.suppressValidationEmails,
          },
    usageInsights: r?.usageInsights,
    makerWelcome: r?.makerWelcome ? { markdown: r.makerWelcome.markdown, url: r.makerWelcome.url } : undefined,
    backupRetentionDays: r?.backupRetentionDays,
    generativeAi:
      r?.generativeAi === undefined
        ? undefined
        : {
            moveDataAcrossRegions: r.generativeAi.moveDataAcrossRegions ?? false,
            bingSearch: r.generativeAi.bingSearch ?? false,
          },
  };
}
