/**
 * The gate of a tenant baseline: checks over a `TenantBaselineModel` that fail when the tenant lets pilots around
 * the governance (no tenant-wide DLP, environment creation open to everyone, makers landing in the default
 * environment, sharing with everyone, AI publishing without a budget, a budget nobody hears about, placeholders).
 * Pure, like `evaluate`: reads the model, changes nothing. A baseline has no stages: every check is mandatory.
 */
import { baselineTexts, findPlaceholder, type TenantBaselineModel } from "@govai/spec";
import { checkStatus } from "./evaluate.ts";
import { type GatePolicyOverrides, gatePolicy } from "./gate-policy.ts";
import type { Rule, RuleContext } from "./rules/rule.ts";
import {
  aiPublishingBilled,
  billingContact,
  defaultEnvironmentDlp,
  environmentCreationRestricted,
  environmentRouting,
  groupAgentSharing,
  noPlaceholder,
  sharingLimited,
  tenantWideDlp,
} from "./rules/tenant.ts";
import type { CheckMeta, CheckStatus, RuleOutcome, Severity } from "./types.ts";

/** One finding of a baseline check: the outcome and the baseline path it concerns. */
export interface BaselineFinding {
  path: string;
  outcome: RuleOutcome;
}

/** A baseline check: a rule's description plus how it reads the baseline (one finding per path it judges). */
export interface BaselineCheck {
  meta: CheckMeta;
  run(model: TenantBaselineModel, ctx: RuleContext): BaselineFinding[];
}

function metaOf<F>(rule: Rule<F>): CheckMeta {
  const { evaluate: _evaluate, ...meta } = rule;
  return meta;
}

/** A check that judges one fact set per path. */
function baselineCheck<F>(rule: Rule<F>, facts: (m: TenantBaselineModel) => Array<[path: string, facts: F]>) {
  return {
    meta: metaOf(rule),
    run: (m: TenantBaselineModel, ctx: RuleContext) =>
      facts(m).map(([path, f]) => ({ path, outcome: rule.evaluate(f, ctx) })),
  } satisfies BaselineCheck;
}

const ruleNames = (rules: object) =>
  Object.entries(rules)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);

type SharingFacts = Parameters<typeof sharingLimited.evaluate>[0];

/** The checks of a tenant baseline, in report order. */
export const BASELINE_CHECKS: readonly BaselineCheck[] = [
  baselineCheck(tenantWideDlp, (m) => {
    // A model built by hand (or an older one) may lack the policy; the schema requires it, the gate does not assume it.
    const p = m.dataPolicies.tenantWide as TenantBaselineModel["dataPolicies"]["tenantWide"] | undefined;
    return [
      [
        "dataPolicies.tenantWide.blocked",
        {
          declared: p !== undefined,
          scope: p?.scope,
          exceptEnvironments: p?.exceptEnvironments ?? [],
          blocked: p?.blocked ?? [],
        },
      ],
    ];
  }),
  baselineCheck(defaultEnvironmentDlp, (m) => {
    const p = m.dataPolicies.defaultEnvironment;
    return [
      [
        p === undefined ? "dataPolicies.defaultEnvironment" : "dataPolicies.defaultEnvironment.defaultGroup",
        { managed: p !== undefined, defaultGroup: p?.defaultGroup },
      ],
    ];
  }),
  baselineCheck(environmentCreationRestricted, (m) =>
    (["production", "trials"] as const).map((kind) => [
      `settings.environmentCreation.${kind}`,
      { kind, who: m.settings.environmentCreation[kind] },
    ]),
  ),
  baselineCheck(environmentRouting, (m) => {
    const r = m.settings.environmentRouting;
    const group = r?.targetGroup === undefined ? undefined : m.environmentGroups[r.targetGroup];
    const path =
      r === undefined
        ? "settings.environmentRouting"
        : !r.enabled
          ? "settings.environmentRouting.enabled"
          : r.targetGroup === undefined || group === undefined
            ? "settings.environmentRouting.targetGroup"
            : `environmentGroups.${r.targetGroup}.rules`;
    return [
      [
        path,
        {
          enabled: r?.enabled,
          targetGroup: r?.targetGroup,
          groupDeclared: group !== undefined,
          groupRules: group ? ruleNames(group.rules) : [],
        },
      ],
    ];
  }),
  baselineCheck(sharingLimited, (m) => [
    ...Object.entries(m.environmentGroups).map(([group, g]): [string, SharingFacts] => {
      const path = `environmentGroups.${group}.rules.sharing`;
      const apps = g.rules.sharing?.apps.mode;
      return [apps === undefined ? path : `${path}.apps.mode`, { what: "apps", group, apps }];
    }),
    ["settings.shareWithEveryone", { what: "tenant" as const, shareWithEveryone: m.settings.shareWithEveryone }],
  ]),
  baselineCheck(groupAgentSharing, (m) =>
    Object.keys(m.environmentGroups).map((group) => [`environmentGroups.${group}`, { group }]),
  ),
  baselineCheck(aiPublishingBilled, (m) => [
    [
      "settings.copilotStudio.publishAgentsWithAi",
      {
        publishAgentsWithAi: m.settings.copilotStudio.publishAgentsWithAi,
        billingPolicies: Object.keys(m.billingPolicies),
      },
    ],
  ]),
  baselineCheck(billingContact, (m) =>
    Object.entries(m.billingPolicies).map(([policy, b]) => [
      Object.keys(b.notify).length === 0 || !(b.monthlyBudget > 0)
        ? `billingPolicies.${policy}.${b.monthlyBudget > 0 ? "notify" : "monthlyBudget"}`
        : `billingPolicies.${policy}.notify`,
      {
        policy,
        monthlyBudget: b.monthlyBudget,
        currency: b.currency,
        contacts: Object.values(b.notify).map((p) => p.email),
      },
    ]),
  ),
  baselineCheck(noPlaceholder, (m) => {
    const found = Object.entries(baselineTexts(m)).flatMap(
      ([path, text]): Array<[string, { text: string; placeholder: string | undefined }]> => {
        const placeholder = findPlaceholder(text);
        return placeholder === undefined ? [] : [[path, { text, placeholder }]];
      },
    );
    return found.length > 0 ? found : [["metadata", { text: undefined, placeholder: undefined }]];
  }),
];

/** One evaluated check of a baseline. */
export interface BaselineCheckResult {
  id: string;
  severity: Severity;
  /** `fail` blocks; `n-a` when the check has nothing to judge there. An undecidable check fails (fail closed). */
  status: Exclude<CheckStatus, "warn">;
  message: string;
  /** Dotted path in the baseline (`settings.environmentCreation.trials`, `environmentGroups.developer.rules`). */
  path: string;
  remediation: string;
  /** The values read. */
  evidence: Record<string, unknown>;
}

/** The gate's verdict on a tenant baseline. */
export interface BaselineVerdict {
  kind: "TenantBaseline";
  /** `metadata.name`. */
  baseline: string;
  tenantId: string;
  /** True when no check failed. */
  pass: boolean;
  /** Every finding, in check order. */
  checks: BaselineCheckResult[];
  failures: BaselineCheckResult[];
  /** ISO timestamp used as "now". */
  evaluatedAt: string;
}

/** Options of {@link evaluateBaseline}. */
export interface EvaluateBaselineOptions {
  policy?: GatePolicyOverrides;
  now?: Date;
}

/**
 * Evaluates the gate of a tenant baseline: every check of {@link BASELINE_CHECKS}, each mandatory. Pure.
 * A check that cannot decide (a setting the baseline does not manage) fails, as the workload gate fails closed.
 */
export function evaluateBaseline(model: TenantBaselineModel, options: EvaluateBaselineOptions = {}): BaselineVerdict {
  const now = options.now ?? new Date();
  const ctx: RuleContext = { stage: "prod", policy: gatePolicy(options.policy), now };
  const checks = BASELINE_CHECKS.flatMap((check) =>
    check.run(model, ctx).map(
      ({ path, outcome }): BaselineCheckResult => ({
        id: check.meta.id,
        severity: check.meta.severity,
        status: checkStatus(outcome.status, "mandatory") as BaselineCheckResult["status"],
        message: outcome.message,
        path,
        remediation: check.meta.remediation,
        evidence: outcome.evidence,
      }),
    ),
  );
  const failures = checks.filter((c) => c.status === "fail");
  return {
    kind: "TenantBaseline",
    baseline: model.metadata.name,
    tenantId: model.metadata.tenantId,
    pass: failures.length === 0,
    checks,
    failures,
    evaluatedAt: now.toISOString(),
  };
}
