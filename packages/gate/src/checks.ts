import { type EvidenceKind, SIGN_OFF_ROLES, type StageModel, type StageName, type WorkloadModel } from "@govai/spec";
import type { EvidenceSet, LoadedEvidence } from "./evidence/evidence-set.ts";
import { evidenceOfKind } from "./evidence/evidence-set.ts";
import type { EvidenceDocument } from "./evidence/formats.ts";
import { auditEnabled, auditRetention } from "./rules/audit.ts";
import { connectorsAllowed, freshnessDeclared, sourceOwnership } from "./rules/data.ts";
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
import { backupRetention, deletionProtected, restoreDrill, rtoDeclared } from "./rules/rollback.ts";
import { fail, notApplicable, type Rule, type RuleContext, STRICT } from "./rules/rule.ts";
import {
  agentAuthenticated,
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
import { problemLocked, signOffRules } from "./rules/sign-off.ts";
import type { CheckMeta, RuleOutcome } from "./types.ts";

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

function describe(e: LoadedEvidence): string {
  return `${e.ref.kind} evidence ${e.key} (${e.ref.file})`;
}

/**
 * A check on evidence files of one kind: one finding per file. Without loaded evidence, or without files of the
 * kind, a single `n-a` finding says so. Unusable files fail (when `reportInvalid`), they never throw.
 */
function proven<F>(
  rule: Rule<F>,
  kind: EvidenceKind,
  facts: (i: GateInput, doc: EvidenceDocument) => F,
  reportInvalid = true,
): Check {
  return {
    meta: metaOf(rule),
    run: (i, ctx) => {
      if (i.evidence === undefined) {
        return [
          {
            path: "readiness.evidence",
            outcome: notApplicable("No evidence was loaded; judged on declarations only."),
          },
        ];
      }
      const items = evidenceOfKind(i.evidence, kind).filter((e) => reportInvalid || e.status === "ok");
      if (items.length === 0) {
        return [{ path: "readiness.evidence", outcome: notApplicable(`No ${kind} evidence is declared.`) }];
      }
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
  proven(loadTestProvesSlo, "loadTest", (i, d) => ({
    evidence: asKind(d, "loadTest"),
    sloP95Ms: i.model.readiness.slos.p95LatencyMs,
    sloThroughputPerMinute: i.model.readiness.slos.throughputPerMinute,
  })),
  proven(evaluationPassRate, "evaluation", (_i, d) => ({ evidence: asKind(d, "evaluation") })),
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
    false,
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
  declared(endpointFiltering, stagePath("connectorPolicy.endpointRules"), (i) => ({
    business: i.stageModel.connectorPolicy.business,
    nonBusiness: i.stageModel.connectorPolicy.nonBusiness,
    endpointRules: i.stageModel.connectorPolicy.endpointRules,
  })),
  declared(sharingLimited, stagePath("managedEnvironment.sharing.agents"), (i) => ({
    ...i.stageModel.managedEnvironment.sharing.agents,
  })),
  declared(solutionCheckerEnforced, stagePath("managedEnvironment.solutionChecker.mode"), (i) => ({
    mode: i.stageModel.managedEnvironment.solutionChecker.mode,
  })),
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
  proven(penTestClean, "penTest", (_i, d) => ({ evidence: asKind(d, "penTest") })),
  // Data pipeline reliability
  declared(
    sourceOwnership,
    () => "dataSources",
    (i) => ({
      sources: Object.fromEntries(
        Object.entries(i.model.dataSources).map(([k, s]) => [
          k,
          { owningTeam: s.owningTeam, contactEmail: s.contact?.email },
        ]),
      ),
    }),
  ),
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
  // Compliance audit trail
  declared(auditEnabled, stagePath("auditing"), (i) => ({
    enabled: i.stageModel.auditing.enabled,
    userAccessAudit: i.stageModel.auditing.userAccessAudit,
  })),
  declared(auditRetention, stagePath("auditing.retentionDays"), (i) => ({
    retentionDays: i.stageModel.auditing.retentionDays,
  })),
  // Rollback
  declared(
    rtoDeclared,
    () => "readiness.rollback.rtoMinutes",
    (i) => ({
      rtoMinutes: i.model.readiness.rollback.rtoMinutes,
    }),
  ),
  declared(
    backupRetention,
    () => "readiness.rollback.backupRetentionDays",
    (i) => ({
      backupRetentionDays: i.model.readiness.rollback.backupRetentionDays,
    }),
  ),
  declared(deletionProtected, stagePath("protection"), (i) => ({ ...i.stageModel.protection })),
  proven(restoreDrill, "restoreDrill", (i, d) => ({
    evidence: asKind(d, "restoreDrill"),
    rtoMinutes: i.model.readiness.rollback.rtoMinutes,
  })),
  // Cross-functional sign-off
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
