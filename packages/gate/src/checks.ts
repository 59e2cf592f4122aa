import {
  type EvidenceKind,
  type ProofKind,
  placeholderGuid,
  problemTexts,
  SIGN_OFF_ROLES,
  type StageModel,
  type StageName,
  type WorkloadModel,
} from "@govai/spec";
import type { EvidenceSet, LoadedEvidence } from "./evidence/evidence-set.ts";
import { evidenceOfKind } from "./evidence/evidence-set.ts";
import type { EvidenceDocument } from "./evidence/formats.ts";
import { auditEnabled, auditRetention, dataResidency } from "./rules/audit.ts";
import { budgetSized } from "./rules/cost.ts";
import {
  connectorsAllowed,
  freshnessDeclared,
  restrictedDataProtected,
  sourceOwnership,
  writeLeastPrivilege,
} from "./rules/data.ts";
import { escalationPathDeclared, failureRateAlerted, fallbackDeclared, loadTestFailureRate } from "./rules/failure.ts";
import {
  evaluationPassRate,
  latencySloAlerted,
  latencySloDeclared,
  loadTestProvesSlo,
  throughputSloDeclared,
} from "./rules/latency.ts";
import {
  alertsRouted,
  sensitiveLoggingOff,
  successMetricsMeasured,
  telemetryBound,
  workspaceRetention,
} from "./rules/observability.ts";
import { deletionProtected, restoreDrill, rtoDeclared } from "./rules/rollback.ts";
import { fail, notApplicable, pass, placeholderIn, type Rule, type RuleContext, STRICT } from "./rules/rule.ts";
import {
  agentAuthenticated,
  appSharingLimited,
  customConnectorsBlocked,
  dlpDefaultBlocked,
  endpointFiltering,
  environmentSecurityGroup,
  leastPrivilege,
  networkRestricted,
  noClientSecrets,
  noPullRequestDeployment,
  penTestClean,
  sharingLimited,
  solutionCheckerEnforced,
  unauthenticatedChatBlocked,
} from "./rules/security.ts";
import { ownerNamed, problemDefined, problemLocked, signOffRules } from "./rules/sign-off.ts";
import type { CheckBasis, CheckMeta, RuleOutcome } from "./types.ts";

/** What a gate check reads: the whole model, the evaluated stage, and the evidence if it was loaded. */
export interface GateInput {
  model: WorkloadModel;
  stage: StageName;
  stageModel: StageModel;
  evidence: EvidenceSet | undefined;
}

/** One finding of a check: the outcome and the model path it concerns. */
export interface Finding {
  path: string;
  outcome: RuleOutcome;
  /**
   * What this finding rests on when it differs from the check's: a waived evidence check passes on a declaration
   * (the waiver), so it must not count as proof.
   */
  basis?: CheckBasis;
}

/** A gate check: a rule's description plus how it reads the model. */
export interface Check {
  meta: CheckMeta;
  run(input: GateInput, ctx: RuleContext): Finding[];
}

function metaOf<F>(rule: Rule<F>): CheckMeta {
  const { evaluate: _evaluate, ...meta } = rule;
  return meta;
}

/** A check on declarations: one finding at one path. */
function declared<F>(rule: Rule<F>, path: (i: GateInput) => string, facts: (i: GateInput) => F): Check {
  return { meta: metaOf(rule), run: (i, ctx) => [{ path: path(i), outcome: rule.evaluate(facts(i), ctx) }] };
}

const stagePath = (rest: string) => (i: GateInput) => `stages.${i.stage}.${rest}`;

/**
 * A check on the stage's managed-environment values. A stage whose environment joins an environment group registers
 * no ManagedEnvironment: the group's rules (the tenant baseline's) govern it, and the stage's managedEnvironment values
 * apply nowhere, so judging them would pass what nothing enforces. Such a stage is reported `n-a` with `grouped`'s
 * message, naming the group and where its rules are judged, and never passes here; a group id that is a placeholder or
 * the zero GUID (`placeholderGuid` of `@govai/spec`) names no group at all and fails (warns where the check advises).
 */
function managedEnvironment<F>(
  rule: Rule<F>,
  grouped: (group: string) => string,
  path: (i: GateInput) => string,
  facts: (i: GateInput) => F,
): Check {
  return {
    meta: metaOf(rule),
    run: (i, ctx) => {
      const group = i.stageModel.environment.environmentGroupId;
      if (group === undefined) return [{ path: path(i), outcome: rule.evaluate(facts(i), ctx) }];
      const evidence = { environmentGroupId: group };
      const fake = placeholderGuid(group);
      const outcome =
        fake === undefined
          ? notApplicable(grouped(group), evidence)
          : fail(
              `The stage's environment joins environment group ${group}, which is ${fake}, not a group's id: no group's rules govern it, and the stage creates no managed environment that would. Use the tenant baseline stack's environmentGroupIds output.`,
              evidence,
            );
      return [{ path: `stages.${i.stage}.environment.environmentGroupId`, outcome }];
    },
  };
}

/** Where a grouped stage's managed-environment rules are judged: the baseline's gate. */
const JUDGED_BY_BASELINE = "they are judged by govai gate on the tenant baseline that declares the group";

function describe(e: LoadedEvidence): string {
  return `${e.ref.kind} evidence ${e.key} (${e.ref.file})`;
}

/** What each kind of evidence proves, for messages. */
const PROVES: Readonly<Record<ProofKind, string>> = {
  loadTest: "the latency SLO",
  evaluation: "answer quality",
  restoreDrill: "the rollback RTO",
  penTest: "security",
};

/**
 * Without a file of the kind: `n-a` where the gate policy does not require the kind in this stage; where it does,
 * a fail, unless `readiness.evidenceWaivers` waives it with a reason (then a pass resting on that declaration).
 */
function withoutEvidence(
  i: GateInput,
  ctx: RuleContext,
  kind: EvidenceKind,
  loaded: boolean,
  required: boolean,
): Finding {
  if (!required || kind === "other") {
    const why = loaded ? `No ${kind} evidence is declared.` : "No evidence was loaded; judged on declarations only.";
    return { path: "readiness.evidence", outcome: notApplicable(why) };
  }
  const proves = PROVES[kind];
  const Stage = `${i.stage[0]!.toUpperCase()}${i.stage.slice(1)}`;
  const waiver = i.model.readiness.evidenceWaivers[kind];
  if (waiver !== undefined) {
    const path = `readiness.evidenceWaivers.${kind}`;
    // The organisation decides which proof a spec may excuse; a waiver it does not allow is no waiver at all.
    if (!(ctx.policy.waivableEvidence[i.stage] as readonly EvidenceKind[]).includes(kind)) {
      return {
        path,
        outcome: fail(
          `The gate policy does not let the spec waive ${kind} evidence in ${i.stage} (waivableEvidence.${i.stage}: ${ctx.policy.waivableEvidence[i.stage].join(", ") || "none"}); ${i.stage} needs ${kind} evidence proving ${proves}.`,
          { waiver, waivable: ctx.policy.waivableEvidence[i.stage] },
        ),
      };
    }
    const placeholder = placeholderIn(waiver);
    return placeholder === undefined
      ? {
          path,
          basis: "declaration",
          outcome: pass(`${Stage} goes without ${kind} evidence by waiver, on declarations alone: ${waiver}`, {
            waiver,
          }),
        }
      : {
          path,
          outcome: fail(
            `The waiver of ${kind} evidence is ${placeholder}; ${i.stage} needs ${kind} evidence proving ${proves}.`,
            {
              waiver,
            },
          ),
        };
  }
  return {
    path: "readiness.evidence",
    outcome: fail(
      `${loaded ? `No ${kind} evidence is declared` : "No evidence was loaded"}: ${i.stage} needs ${kind} evidence proving ${proves}, or a waiver with its reason in readiness.evidenceWaivers.${kind}.`,
      { required: ctx.policy.requiredEvidence[i.stage] },
    ),
  };
}

/**
 * A check on evidence files of one kind: one finding per file. Without loaded evidence, or without files of the
 * kind, a single finding says so: `n-a`, or a failure where the gate policy requires the kind in the stage and
 * `requirement` is set (one check per kind carries the requirement). Unusable files fail (when `reportInvalid`),
 * they never throw.
 */
function proven<F>(
  rule: Rule<F>,
  kind: EvidenceKind,
  facts: (i: GateInput, doc: EvidenceDocument) => F,
  { reportInvalid = true, requirement = false }: { reportInvalid?: boolean; requirement?: boolean } = {},
): Check {
  return {
    meta: metaOf(rule),
    run: (i, ctx) => {
      const required = requirement && (ctx.policy.requiredEvidence[i.stage] as readonly EvidenceKind[]).includes(kind);
      if (i.evidence === undefined) return [withoutEvidence(i, ctx, kind, false, required)];
      const items = evidenceOfKind(i.evidence, kind).filter((e) => reportInvalid || e.status === "ok");
      if (items.length === 0) return [withoutEvidence(i, ctx, kind, true, required)];
      return items.map((e) => ({
        path: `readiness.evidence.${e.key}`,
        outcome:
          e.status === "ok"
            ? rule.evaluate(facts(i, e.document), ctx)
            : fail(`The ${describe(e)} cannot be used: ${e.problem}`, { file: e.ref.file, path: e.path ?? null }),
      }));
    },
  };
}

function asKind<K extends EvidenceDocument["kind"]>(
  doc: EvidenceDocument,
  kind: K,
): Extract<EvidenceDocument, { kind: K }> {
  if (doc.kind !== kind) throw new Error(`internal: ${kind} evidence expected, got ${doc.kind}`);
  return doc as Extract<EvidenceDocument, { kind: K }>;
}

/** Supporting documents (`other`) prove nothing, but an unusable one is still reported. */
const otherEvidenceReadable: Check = {
  meta: {
    id: "evidence.other-readable",
    dimension: "signOff",
    severity: "low",
    title: "Supporting documents readable",
    passWhen: "Every evidence file of kind other can be read and parsed.",
    remediation: "Fix or remove the evidence file so reviewers can read it.",
    enforcement: STRICT,
    basis: "evidence",
  },
  run: (i) => {
    if (i.evidence === undefined) return [];
    return evidenceOfKind(i.evidence, "other")
      .filter((e) => e.status === "invalid")
      .map((e) => ({
        path: `readiness.evidence.${e.key}`,
        outcome: fail(`The ${describe(e)} cannot be used: ${e.status === "invalid" ? e.problem : ""}`, {
          file: e.ref.file,
        }),
      }));
  },
};

/** Every gate check, in the order the verdict lists them (by dimension, then by importance). */
export const CHECKS: readonly Check[] = [
  // Latency and throughput
  declared(
    latencySloDeclared,
    () => "readiness.slos.p95LatencyMs",
    (i) => ({
      p95LatencyMs: i.model.readiness.slos.p95LatencyMs,
    }),
  ),
  declared(latencySloAlerted, stagePath("alerts.p95LatencyMs"), (i) => ({
    sloP95Ms: i.model.readiness.slos.p95LatencyMs,
    alertP95Ms: i.stageModel.alerts.p95LatencyMs,
  })),
  declared(
    throughputSloDeclared,
    () => "readiness.slos.throughputPerMinute",
    (i) => ({
      throughputPerMinute: i.model.readiness.slos.throughputPerMinute,
    }),
  ),
  proven(
    loadTestProvesSlo,
    "loadTest",
    (i, d) => ({
      evidence: asKind(d, "loadTest"),
      sloP95Ms: i.model.readiness.slos.p95LatencyMs,
      sloThroughputPerMinute: i.model.readiness.slos.throughputPerMinute,
    }),
    { requirement: true },
  ),
  proven(evaluationPassRate, "evaluation", (_i, d) => ({ evidence: asKind(d, "evaluation") }), { requirement: true }),
  // Failure handling
  declared(
    escalationPathDeclared,
    () => "readiness.failureHandling.escalationPath",
    (i) => ({
      escalationPath: i.model.readiness.failureHandling.escalationPath,
    }),
  ),
  declared(
    fallbackDeclared,
    () => "readiness.failureHandling.fallback",
    (i) => ({
      fallback: i.model.readiness.failureHandling.fallback,
    }),
  ),
  declared(failureRateAlerted, stagePath("alerts.failureRatePercent"), (i) => ({
    failureRatePercent: i.stageModel.alerts.failureRatePercent,
  })),
  proven(
    loadTestFailureRate,
    "loadTest",
    (i, d) => ({ evidence: asKind(d, "loadTest"), alertPercent: i.stageModel.alerts.failureRatePercent }),
    { reportInvalid: false },
  ),
  // Security and access control
  declared(
    agentAuthenticated,
    () => "agent.authentication",
    (i) => ({ ...i.model.agent.authentication }),
  ),
  declared(unauthenticatedChatBlocked, stagePath("connectorPolicy.blocked"), (i) => ({
    blocked: i.stageModel.connectorPolicy.blocked,
  })),
  declared(dlpDefaultBlocked, stagePath("connectorPolicy.defaultGroup"), (i) => ({
    defaultGroup: i.stageModel.connectorPolicy.defaultGroup,
  })),
  declared(customConnectorsBlocked, stagePath("connectorPolicy.customConnectorPatterns"), (i) => ({
    customConnectorPatterns: i.stageModel.connectorPolicy.customConnectorPatterns,
  })),
  declared(endpointFiltering, stagePath("connectorPolicy.endpointRules"), (i) => ({
    business: i.stageModel.connectorPolicy.business,
    nonBusiness: i.stageModel.connectorPolicy.nonBusiness,
    endpointRules: i.stageModel.connectorPolicy.endpointRules,
  })),
  // A group cannot limit agent sharing yet (its rule is not recorded): its agents keep the tenant's sharing defaults.
  managedEnvironment(
    sharingLimited,
    (g) =>
      `The stage's environment is in environment group ${g}, so the stage's managedEnvironment.sharing.agents applies nowhere (it registers no ManagedEnvironment), and a group cannot limit agent sharing yet: agents there keep the tenant's sharing defaults, as govai gate on the tenant baseline that declares the group reports (tenant.group-agent-sharing).`,
    stagePath("managedEnvironment.sharing.agents"),
    (i) => ({ ...i.stageModel.managedEnvironment.sharing.agents }),
  ),
  managedEnvironment(
    appSharingLimited,
    (g) =>
      `The stage's environment is in environment group ${g}: the group's rules, not the stage's managedEnvironment.sharing, set its app sharing (a group has no flow-sharing rule: solution flows there keep the environment's defaults); ${JUDGED_BY_BASELINE}.`,
    stagePath("managedEnvironment.sharing"),
    (i) => ({
      apps: i.stageModel.managedEnvironment.sharing.apps,
      flows: i.stageModel.managedEnvironment.sharing.flows,
    }),
  ),
  managedEnvironment(
    solutionCheckerEnforced,
    (g) =>
      `The stage's environment is in environment group ${g}: the group's rules, not the stage's managedEnvironment.solutionChecker, set its solution checker; ${JUDGED_BY_BASELINE}.`,
    stagePath("managedEnvironment.solutionChecker.mode"),
    (i) => ({ mode: i.stageModel.managedEnvironment.solutionChecker.mode }),
  ),
  declared(leastPrivilege, stagePath("identities.runtime"), (i) => ({
    roles: Object.fromEntries(Object.entries(i.stageModel.identities.runtime).map(([k, r]) => [k, r.roles])),
  })),
  declared(noClientSecrets, stagePath("identities.deployment.clientSecret"), (i) => {
    const s = i.stageModel.identities.deployment.clientSecret;
    return { secrets: s ? [`deployment identity client secret (expires after ${s.expiresInDays} days)`] : [] };
  }),
  declared(noPullRequestDeployment, stagePath("identities.deployment.federatedCredentials"), (i) => ({
    subjects: Object.fromEntries(
      Object.entries(i.stageModel.identities.deployment.federatedCredentials).map(([k, c]) => [k, c.subject]),
    ),
  })),
  declared(environmentSecurityGroup, stagePath("environment.dataverse.securityGroupId"), (i) => ({
    securityGroupId: i.stageModel.environment.dataverse.securityGroupId,
  })),
  declared(networkRestricted, stagePath("firewall"), (i) => ({ ...i.stageModel.firewall })),
  proven(penTestClean, "penTest", (_i, d) => ({ evidence: asKind(d, "penTest") }), { requirement: true }),
  // Data pipeline reliability
  declared(
    sourceOwnership,
    () => "dataSources",
    (i) => ({
      sources: Object.fromEntries(
        Object.entries(i.model.dataSources).map(([k, s]) => [
          k,
          { owningTeam: s.owningTeam, contactName: s.contact?.name, contactEmail: s.contact?.email },
        ]),
      ),
    }),
  ),
  declared(
    restrictedDataProtected,
    () => "dataSources",
    (i) => ({
      sources: Object.fromEntries(
        Object.entries(i.model.dataSources).map(([k, s]) => [
          k,
          {
            classification: s.classification,
            connector: s.connector,
            owningTeam: s.owningTeam,
            contactName: s.contact.name,
            contactEmail: s.contact.email,
          },
        ]),
      ),
      endpointRules: i.stageModel.connectorPolicy.endpointRules,
      actionRules: i.stageModel.connectorPolicy.actionRules,
      blocked: i.stageModel.connectorPolicy.blocked,
    }),
  ),
  declared(writeLeastPrivilege, stagePath("identities.runtime"), (i) => ({
    writes: Object.entries(i.model.dataSources)
      .filter(([, s]) => s.access !== "read")
      .map(([k]) => k),
    runtimeRoles: Object.fromEntries(Object.entries(i.stageModel.identities.runtime).map(([k, r]) => [k, r.roles])),
  })),
  declared(connectorsAllowed, stagePath("connectorPolicy"), (i) => ({
    used: [
      ...i.model.agent.connectors,
      ...Object.values(i.model.agent.actions).map((a) => a.connector),
      ...Object.values(i.model.dataSources).map((s) => s.connector),
    ],
    business: i.stageModel.connectorPolicy.business,
    nonBusiness: i.stageModel.connectorPolicy.nonBusiness,
    blocked: i.stageModel.connectorPolicy.blocked,
    defaultGroup: i.stageModel.connectorPolicy.defaultGroup,
  })),
  declared(
    freshnessDeclared,
    () => "dataSources",
    (i) => ({
      freshness: Object.fromEntries(Object.entries(i.model.dataSources).map(([k, s]) => [k, s.freshness])),
    }),
  ),
  // Observability
  declared(
    telemetryBound,
    () => "agent.botId",
    (i) => ({
      botId: i.model.agent.botId,
      logActivities: i.stageModel.telemetry.logActivities,
      bindAgent: i.stageModel.telemetry.bindAgent,
    }),
  ),
  declared(sensitiveLoggingOff, stagePath("telemetry.logSensitiveActivity"), (i) => ({
    logSensitiveActivity: i.stageModel.telemetry.logSensitiveActivity,
  })),
  declared(alertsRouted, stagePath("alerts.notify"), (i) => ({ notify: i.stageModel.alerts.notify })),
  declared(workspaceRetention, stagePath("telemetry.workspace"), (i) => {
    const w = i.stageModel.telemetry.workspace;
    return w.mode === "create"
      ? { mode: w.mode, retentionDays: w.retentionDays }
      : { mode: w.mode, retentionDays: undefined };
  }),
  declared(
    successMetricsMeasured,
    () => "problem.successMetrics",
    (i) => ({
      measuredIn: Object.fromEntries(Object.entries(i.model.problem.successMetrics).map(([k, m]) => [k, m.measuredIn])),
    }),
  ),
  declared(budgetSized, stagePath("cost"), (i) => ({
    monthlyBudget: i.stageModel.cost.monthlyBudget,
    currency: i.stageModel.cost.currency,
    expectedInteractionsPerMonth: i.stageModel.cost.expectedInteractionsPerMonth,
    targetCostPerInteraction: i.stageModel.cost.targetCostPerInteraction,
  })),
  // Compliance audit trail
  declared(auditEnabled, stagePath("auditing"), (i) => ({
    enabled: i.stageModel.auditing.enabled,
    userAccessAudit: i.stageModel.auditing.userAccessAudit,
  })),
  declared(auditRetention, stagePath("auditing.retentionDays"), (i) => ({
    retentionDays: i.stageModel.auditing.retentionDays,
  })),
  declared(dataResidency, stagePath("environment.location"), (i) => ({
    residency: i.model.metadata.dataResidency,
    location: i.stageModel.environment.location,
    azureRegion: i.stageModel.environment.azureRegion,
  })),
  // Rollback
  declared(
    rtoDeclared,
    () => "readiness.rollback.rtoMinutes",
    (i) => ({
      rtoMinutes: i.model.readiness.rollback.rtoMinutes,
    }),
  ),
  declared(deletionProtected, stagePath("protection"), (i) => ({ ...i.stageModel.protection })),
  proven(
    restoreDrill,
    "restoreDrill",
    (i, d) => ({
      evidence: asKind(d, "restoreDrill"),
      rtoMinutes: i.model.readiness.rollback.rtoMinutes,
    }),
    { requirement: true },
  ),
  // Cross-functional sign-off
  declared(
    ownerNamed,
    () => "metadata",
    (i) => ({
      owningTeam: i.model.metadata.owningTeam,
      accountableName: i.model.metadata.accountable.name,
      accountableEmail: i.model.metadata.accountable.email,
      businessUnit: i.model.metadata.businessUnit,
      costCenter: i.model.metadata.costCenter,
    }),
  ),
  declared(
    problemDefined,
    () => "problem",
    // measuredIn is observability.success-metrics-measured's to judge; reporting it twice would say nothing new.
    (i) => ({
      texts: Object.fromEntries(
        Object.entries(problemTexts(i.model.problem)).filter(([where]) => !where.endsWith(".measuredIn")),
      ),
    }),
  ),
  declared(
    problemLocked,
    () => "problem.lockedDigest",
    (i) => ({
      revision: i.model.problem.revision,
      lockedDigest: i.model.problem.lockedDigest,
      digest: i.model.problem.digest,
    }),
  ),
  ...SIGN_OFF_ROLES.map((role) =>
    declared(
      signOffRules[role],
      () => `readiness.signOffs.${role}`,
      (i) => ({
        signOff: i.model.readiness.signOffs[role],
        revision: i.model.problem.revision,
      }),
    ),
  ),
  otherEvidenceReadable,
];
