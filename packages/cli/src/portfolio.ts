import { DIMENSIONS, type Dimension, type Verdict } from "@govai/gate";
import type { WorkloadModel } from "@govai/spec";

/** The four ways pilots fail to reach production, as signals a spec shows. */
export const FAILURE_MODES = ["abandoned", "zombie", "costTrap", "governanceBreach"] as const;
export type FailureMode = (typeof FAILURE_MODES)[number];

export interface PilotReadiness {
  file: string;
  name: string;
  displayName: string;
  owningTeam: string;
  businessUnit: string;
  accountable: string;
  problemRevision: number;
  /** The prod gate's status per dimension. */
  dimensions: Record<Dimension, Verdict["dimensions"][Dimension]["status"]>;
  dimensionsPassing: number;
  failingChecks: number;
  prodReady: boolean;
  /** Each failure mode with the reasons it shows, empty when it does not. */
  signals: Record<FailureMode, string[]>;
}

/** Why a pilot looks abandoned, zombie, a cost trap or in governance breach. Pure: model and prod verdict in. */
export function failureSignals(model: WorkloadModel, prod: Verdict): Record<FailureMode, string[]> {
  const abandoned: string[] = [];
  const accountable = model.metadata.accountable;
  if (!accountable.name.trim() || !accountable.email.trim()) abandoned.push("no accountable person");
  if (model.problem.lockedDigest === undefined)
    abandoned.push(`problem revision ${model.problem.revision} was never locked`);
  else if (model.problem.lockedDigest !== model.problem.digest)
    abandoned.push(`problem changed since revision ${model.problem.revision} was locked`);
  const signOffs = Object.entries(model.readiness.signOffs).filter(([, s]) => s !== undefined);
  const stale = signOffs.filter(([, s]) => s && s.problemRevision < model.problem.revision).map(([role]) => role);
  if (signOffs.length > 0 && stale.length === signOffs.length)
    abandoned.push(`every sign-off is for an older problem revision (${stale.join(", ")})`);
  const unowned = Object.entries(model.dataSources).filter(([, d]) => !d.owningTeam.trim() || !d.contact.email.trim());
  if (unowned.length) abandoned.push(`data sources without an owner: ${unowned.map(([k]) => k).join(", ")}`);

  const zombie: string[] = [];
  const metrics = Object.entries(model.problem.successMetrics);
  if (metrics.length === 0) zombie.push("no success metric");
  const unmeasured = metrics.filter(([, m]) => !m.measuredIn.trim()).map(([k]) => k);
  if (unmeasured.length) zombie.push(`success metrics measured nowhere: ${unmeasured.join(", ")}`);

  const costTrap: string[] = [];
  const cost = model.stages.prod.cost;
  if (!(cost.monthlyBudget > 0)) costTrap.push("no prod budget");
  if (!(cost.expectedInteractionsPerMonth > 0)) costTrap.push("no expected interactions per month");
  if (!(cost.targetCostPerInteraction > 0)) costTrap.push("no target cost per interaction");

  const governanceBreach = prod.checks
    .filter((c) => c.status === "fail" && (c.dimension === "securityAccess" || c.dimension === "complianceAudit"))
    .map((c) => c.id);
  return {
    abandoned,
    zombie,
    costTrap,
    governanceBreach: governanceBreach.length ? [`failing: ${governanceBreach.join(", ")}`] : [],
  };
}

/** One pilot's row of the portfolio. */
export function pilotReadiness(file: string, model: WorkloadModel, prod: Verdict): PilotReadiness {
  const dimensions = Object.fromEntries(
    DIMENSIONS.map((d) => [d, prod.dimensions[d].status]),
  ) as PilotReadiness["dimensions"];
  return {
    file,
    name: model.metadata.name,
    displayName: model.metadata.displayName,
    owningTeam: model.metadata.owningTeam,
    businessUnit: model.metadata.businessUnit,
    accountable: model.metadata.accountable.email,
    problemRevision: model.problem.revision,
    dimensions,
    dimensionsPassing: DIMENSIONS.filter((d) => dimensions[d] === "pass").length,
    failingChecks: prod.failures.length,
    prodReady: prod.pass,
    signals: failureSignals(model, prod),
  };
}

/** Closest to production first: ready pilots, then most passing dimensions, fewest failing checks, name. */
export function byReadiness(a: PilotReadiness, b: PilotReadiness): number {
  return (
    Number(b.prodReady) - Number(a.prodReady) ||
    b.dimensionsPassing - a.dimensionsPassing ||
    a.failingChecks - b.failingChecks ||
    a.name.localeCompare(b.name)
  );
}
