import { checkProblemLock } from "@govai/gate";
import { type ConnectorGroup, STAGES, type StageModel, type StageName, type WorkloadModel } from "@govai/spec";
import { connectorGroupOf } from "./render/matrix.ts";

/** How much a reviewer should care about a change. */
export const RISKS = ["high", "medium", "low"] as const;
export type Risk = (typeof RISKS)[number];

export interface GovernanceChange {
  risk: Risk;
  /** The stage concerned, or undefined for a workload-wide change. */
  stage: StageName | undefined;
  /** Dotted model path, e.g. `connectorPolicy.blocked` or `problem.revision`. */
  path: string;
  before: unknown;
  after: unknown;
  /** One sentence a reviewer can act on. */
  summary: string;
}

const GROUP_RANK: Record<ConnectorGroup, number> = { blocked: 0, nonBusiness: 1, business: 2 };
const GROUP_LABEL: Record<ConnectorGroup, string> = {
  business: "business",
  nonBusiness: "non-business",
  blocked: "blocked",
};
const SHARING_RANK: Record<string, number> = { disableSharing: 0, excludeSharingToSecurityGroups: 1, noLimit: 2 };
const CHECKER_RANK: Record<string, number> = { block: 2, warn: 1, none: 0 };
const FIREWALL_RANK: Record<string, number> = { enforce: 2, audit: 1, off: 0 };
const PRIVILEGED_ROLES = /system administrator|system customizer/i;

/** Risk of a loosening: highest in prod, then test, then dev. */
const byStage = (stage: StageName | undefined, prod: Risk, test: Risk, dev: Risk): Risk =>
  stage === "prod" || stage === undefined ? prod : stage === "test" ? test : dev;
/** Days where -1 means forever. */
const days = (n: unknown) => (n === -1 ? Number.POSITIVE_INFINITY : typeof n === "number" ? n : Number.NaN);

/**
 * A governance-aware diff of two revisions of one workload: every change, ranked by risk (loosening a control in
 * prod is high; tightening one is low), highest risk first, then stage and path. Pure: models in, changes out.
 */
export function governanceDiff(before: WorkloadModel, after: WorkloadModel): GovernanceChange[] {
  const changes: GovernanceChange[] = [];
  const add = (c: GovernanceChange) => changes.push(c);
  diffWorkload(before, after, add);
  for (const stage of STAGES) {
    const a = before.stages[stage];
    const b = after.stages[stage];
    if (a && !b)
      add({
        risk: "high",
        stage,
        path: "stages",
        before: "present",
        after: "removed",
        summary: `stage ${stage} is removed`,
      });
    else if (!a && b)
      add({
        risk: stage === "prod" ? "high" : "medium",
        stage,
        path: "stages",
        before: "absent",
        after: "added",
        summary: `stage ${stage} is added`,
      });
    else if (a && b) diffStage(stage, a, b, add);
  }
  const order = (r: Risk) => RISKS.indexOf(r);
  const stageOrder = (s: StageName | undefined) => (s === undefined ? -1 : STAGES.indexOf(s));
  return changes.sort(
    (x, y) =>
      order(x.risk) - order(y.risk) ||
      stageOrder(y.stage) - stageOrder(x.stage) ||
      x.path.localeCompare(y.path) ||
      x.summary.localeCompare(y.summary),
  );
}

function diffWorkload(a: WorkloadModel, b: WorkloadModel, add: (c: GovernanceChange) => void) {
  const pa = a.problem;
  const pb = b.problem;
  const lock = checkProblemLock(a, b);
  for (const violation of lock.violations) {
    add({
      risk: "high",
      stage: undefined,
      path: violation.path,
      before: violation.path === "problem.lockedDigest" ? pb.lockedDigest : pa.revision,
      after: violation.path === "problem.lockedDigest" ? pb.digest : pb.revision,
      summary: violation.message,
    });
  }
  if (pb.revision !== pa.revision) {
    add({
      risk: lock.staleSignOffs.length > 0 ? "high" : "medium",
      stage: undefined,
      path: "problem.revision",
      before: pa.revision,
      after: pb.revision,
      summary: `problem definition revised ${pa.revision} → ${pb.revision}${lock.staleSignOffs.length ? `: sign-offs to renew: ${lock.staleSignOffs.map((s) => s.role).join(", ")}` : ""}`,
    });
  }
  for (const key of keys(pa.successMetrics, pb.successMetrics)) {
    const x = pa.successMetrics[key];
    const y = pb.successMetrics[key];
    if (x && !y)
      add({
        risk: "medium",
        stage: undefined,
        path: `problem.successMetrics.${key}`,
        before: x,
        after: undefined,
        summary: `success metric ${key} removed`,
      });
    else if (!x && y)
      add({
        risk: "low",
        stage: undefined,
        path: `problem.successMetrics.${key}`,
        before: undefined,
        after: y,
        summary: `success metric ${key} added`,
      });
    else if (x && y) {
      const fields = (Object.keys(y) as Array<keyof typeof y>).filter((f) => x[f] !== y[f]);
      if (fields.length === 0) continue;
      add({
        risk: "medium",
        stage: undefined,
        path: `problem.successMetrics.${key}`,
        before: Object.fromEntries(fields.map((f) => [f, x[f]])),
        after: Object.fromEntries(fields.map((f) => [f, y[f]])),
        summary: `success metric ${key}: ${fields.map((f) => `${f} ${String(x[f])} → ${String(y[f])}`).join(", ")}`,
      });
    }
  }
  if (a.metadata.accountable.email !== b.metadata.accountable.email) {
    add({
      risk: "medium",
      stage: undefined,
      path: "metadata.accountable",
      before: a.metadata.accountable.email,
      after: b.metadata.accountable.email,
      summary: "accountable person changed",
    });
  }
  for (const key of keys(a.dataSources, b.dataSources)) {
    const x = a.dataSources[key];
    const y = b.dataSources[key];
    const path = `dataSources.${key}`;
    if (x && !y)
      add({
        risk: "low",
        stage: undefined,
        path,
        before: x.system,
        after: undefined,
        summary: `data source ${key} removed`,
      });
    else if (!x && y)
      add({
        risk: "medium",
        stage: undefined,
        path,
        before: undefined,
        after: y.system,
        summary: `data source ${key} added (${y.classification}, ${y.access}, owned by ${y.owningTeam})`,
      });
    else if (x && y) {
      const levels = ["public", "internal", "confidential", "restricted"];
      if (x.classification !== y.classification) {
        const lowered = levels.indexOf(y.classification) < levels.indexOf(x.classification);
        add({
          risk: lowered ? "high" : "low",
          stage: undefined,
          path: `${path}.classification`,
          before: x.classification,
          after: y.classification,
          summary: `data source ${key} classification ${lowered ? "lowered" : "raised"}`,
        });
      }
      if (x.access !== y.access)
        add({
          risk: y.access === "read" ? "low" : "medium",
          stage: undefined,
          path: `${path}.access`,
          before: x.access,
          after: y.access,
          summary: `data source ${key} access ${x.access} → ${y.access}`,
        });
      if (x.owningTeam !== y.owningTeam || x.contact.email !== y.contact.email) {
        add({
          risk: "low",
          stage: undefined,
          path: `${path}.owningTeam`,
          before: `${x.owningTeam} (${x.contact.email})`,
          after: `${y.owningTeam} (${y.contact.email})`,
          summary: `data source ${key} owner changed`,
        });
      }
    }
  }
  if (a.agent.authentication.mode !== b.agent.authentication.mode) {
    add({
      risk: b.agent.authentication.mode === "none" ? "high" : "low",
      stage: undefined,
      path: "agent.authentication.mode",
      before: a.agent.authentication.mode,
      after: b.agent.authentication.mode,
      summary: `agent authentication ${a.agent.authentication.mode} → ${b.agent.authentication.mode}`,
    });
  }
  for (const channel of setDiff(a.agent.channels, b.agent.channels).added) {
    add({
      risk: "medium",
      stage: undefined,
      path: "agent.channels",
      before: undefined,
      after: channel,
      summary: `agent published to a new channel: ${channel}`,
    });
  }
  for (const role of ["it", "security", "legal", "businessOwner"] as const) {
    const x = a.readiness.signOffs[role];
    const y = b.readiness.signOffs[role];
    if (x && !y)
      add({
        risk: "medium",
        stage: undefined,
        path: `readiness.signOffs.${role}`,
        before: x.name,
        after: undefined,
        summary: `${role} sign-off removed`,
      });
    else if (!x && y)
      add({
        risk: "low",
        stage: undefined,
        path: `readiness.signOffs.${role}`,
        before: undefined,
        after: `${y.name} (revision ${y.problemRevision})`,
        summary: `${role} signed off revision ${y.problemRevision}`,
      });
    else if (x && y && (x.problemRevision !== y.problemRevision || x.date !== y.date || x.name !== y.name)) {
      add({
        risk: "low",
        stage: undefined,
        path: `readiness.signOffs.${role}`,
        before: `${x.name}, revision ${x.problemRevision}`,
        after: `${y.name}, revision ${y.problemRevision}`,
        summary: `${role} sign-off renewed`,
      });
    }
  }
  const ra = a.readiness;
  const rb = b.readiness;
  if ((rb.rollback.rtoMinutes ?? Number.POSITIVE_INFINITY) > (ra.rollback.rtoMinutes ?? Number.POSITIVE_INFINITY)) {
    add({
      risk: "medium",
      stage: undefined,
      path: "readiness.rollback.rtoMinutes",
      before: ra.rollback.rtoMinutes,
      after: rb.rollback.rtoMinutes,
      summary: "rollback RTO lengthened",
    });
  }
  if ((rb.slos.p95LatencyMs ?? Number.POSITIVE_INFINITY) > (ra.slos.p95LatencyMs ?? Number.POSITIVE_INFINITY)) {
    add({
      risk: "medium",
      stage: undefined,
      path: "readiness.slos.p95LatencyMs",
      before: ra.slos.p95LatencyMs,
      after: rb.slos.p95LatencyMs,
      summary: "latency SLO loosened",
    });
  }
}

function diffStage(stage: StageName, a: StageModel, b: StageModel, add: (c: GovernanceChange) => void) {
  const ch = (risk: Risk, path: string, before: unknown, after: unknown, summary: string) =>
    add({ risk, stage, path, before, after, summary });

  // Replacements first: these destroy and recreate the environment.
  const ea = a.environment;
  const eb = b.environment;
  for (const [path, x, y] of [
    ["environment.location", ea.location, eb.location],
    ["environment.azureRegion", ea.azureRegion, eb.azureRegion],
    ["environment.dataverse.domain", ea.dataverse.domain, eb.dataverse.domain],
    ["environment.dataverse.language", ea.dataverse.language, eb.dataverse.language],
    ["environment.dataverse.currency", ea.dataverse.currency, eb.dataverse.currency],
  ] as const) {
    if (x !== y)
      ch(
        "high",
        path,
        x,
        y,
        `${path.split(".").pop()} changes ${x} → ${y}: the environment and its Dataverse data are replaced`,
      );
  }
  if (ea.type !== eb.type)
    ch(
      byStage(stage, "high", "medium", "low"),
      "environment.type",
      ea.type,
      eb.type,
      `environment type ${ea.type} → ${eb.type} (changed in place)`,
    );
  if (ea.dataverse.securityGroupId !== eb.dataverse.securityGroupId) {
    ch(
      eb.dataverse.securityGroupId ? "medium" : byStage(stage, "high", "medium", "low"),
      "environment.dataverse.securityGroupId",
      ea.dataverse.securityGroupId,
      eb.dataverse.securityGroupId,
      eb.dataverse.securityGroupId
        ? "environment security group changed"
        : "environment security group removed: anyone licensed can be added",
    );
  }

  // DLP: per connector, the effective group (listed or via the default group).
  const pa = a.connectorPolicy;
  const pb = b.connectorPolicy;
  if (pa.defaultGroup !== pb.defaultGroup) {
    const looser = GROUP_RANK[pb.defaultGroup] > GROUP_RANK[pa.defaultGroup];
    ch(
      looser ? byStage(stage, "high", "medium", "low") : "low",
      "connectorPolicy.defaultGroup",
      pa.defaultGroup,
      pb.defaultGroup,
      `default group for new connectors ${GROUP_LABEL[pa.defaultGroup]} → ${GROUP_LABEL[pb.defaultGroup]}`,
    );
  }
  const connectors = new Set([
    ...pa.business,
    ...pa.nonBusiness,
    ...pa.blocked,
    ...pb.business,
    ...pb.nonBusiness,
    ...pb.blocked,
  ]);
  for (const connector of [...connectors].sort()) {
    const x = connectorGroupOf(a, connector).group;
    const y = connectorGroupOf(b, connector).group;
    if (x === y) continue;
    const looser = GROUP_RANK[y] > GROUP_RANK[x];
    const fromBlocked = x === "blocked";
    ch(
      looser ? (fromBlocked ? byStage(stage, "high", "medium", "low") : byStage(stage, "medium", "low", "low")) : "low",
      "connectorPolicy.connectors",
      GROUP_LABEL[x],
      GROUP_LABEL[y],
      `connector ${connector} moved from ${GROUP_LABEL[x]} to ${GROUP_LABEL[y]}`,
    );
  }
  for (const connector of keys(pa.endpointRules, pb.endpointRules)) {
    const x = JSON.stringify(pa.endpointRules[connector] ?? []);
    const y = JSON.stringify(pb.endpointRules[connector] ?? []);
    if (x === y) continue;
    const allowsBefore = (pa.endpointRules[connector] ?? []).filter((r) => r.behavior === "allow").length;
    const allowsAfter = (pb.endpointRules[connector] ?? []).filter((r) => r.behavior === "allow").length;
    const removed = !pb.endpointRules[connector];
    ch(
      removed || allowsAfter > allowsBefore ? byStage(stage, "high", "medium", "low") : "low",
      `connectorPolicy.endpointRules.${connector}`,
      pa.endpointRules[connector],
      pb.endpointRules[connector],
      removed ? `endpoint filtering removed from ${connector}` : `endpoint rules of ${connector} changed`,
    );
  }
  for (const connector of keys(pa.actionRules, pb.actionRules)) {
    if (JSON.stringify(pa.actionRules[connector]) === JSON.stringify(pb.actionRules[connector])) continue;
    const looser =
      pb.actionRules[connector]?.defaultBehavior === "allow" && pa.actionRules[connector]?.defaultBehavior !== "allow";
    ch(
      looser || !pb.actionRules[connector] ? byStage(stage, "medium", "low", "low") : "low",
      `connectorPolicy.actionRules.${connector}`,
      pa.actionRules[connector],
      pb.actionRules[connector],
      `action rules of ${connector} changed`,
    );
  }
  if (JSON.stringify(pa.customConnectorPatterns) !== JSON.stringify(pb.customConnectorPatterns)) {
    ch(
      byStage(stage, "medium", "low", "low"),
      "connectorPolicy.customConnectorPatterns",
      pa.customConnectorPatterns,
      pb.customConnectorPatterns,
      "custom-connector URL patterns changed",
    );
  }

  // Managed environment.
  const sa = a.managedEnvironment.sharing;
  const sb = b.managedEnvironment.sharing;
  if (sa.agents.editorSharingDisabled && !sb.agents.editorSharingDisabled)
    ch(
      byStage(stage, "high", "medium", "low"),
      "managedEnvironment.sharing.agents.editorSharingDisabled",
      true,
      false,
      "makers may now share agents with editor rights",
    );
  if (!sa.agents.editorSharingDisabled && sb.agents.editorSharingDisabled)
    ch(
      "low",
      "managedEnvironment.sharing.agents.editorSharingDisabled",
      false,
      true,
      "editor sharing of agents disabled",
    );
  if (sa.agents.mode !== sb.agents.mode) {
    const looser = (SHARING_RANK[sb.agents.mode] ?? 0) > (SHARING_RANK[sa.agents.mode] ?? 0);
    ch(
      looser ? byStage(stage, "high", "medium", "low") : "low",
      "managedEnvironment.sharing.agents.mode",
      sa.agents.mode,
      sb.agents.mode,
      `agent viewer sharing ${sa.agents.mode} → ${sb.agents.mode}`,
    );
  }
  if (sa.agents.maxViewers !== sb.agents.maxViewers) {
    ch(
      sb.agents.maxViewers > sa.agents.maxViewers ? byStage(stage, "medium", "low", "low") : "low",
      "managedEnvironment.sharing.agents.maxViewers",
      sa.agents.maxViewers,
      sb.agents.maxViewers,
      `most agent viewers ${sa.agents.maxViewers} → ${sb.agents.maxViewers}`,
    );
  }
  if (JSON.stringify(sa.apps) !== JSON.stringify(sb.apps) || sa.flows.mode !== sb.flows.mode) {
    const looser =
      (sa.apps.groupSharingDisabled && !sb.apps.groupSharingDisabled) ||
      (SHARING_RANK[sb.apps.mode] ?? 0) > (SHARING_RANK[sa.apps.mode] ?? 0) ||
      (sb.apps.maxUsers === -1 ? Number.POSITIVE_INFINITY : sb.apps.maxUsers) >
        (sa.apps.maxUsers === -1 ? Number.POSITIVE_INFINITY : sa.apps.maxUsers) ||
      (sa.flows.mode === "disableSharing" && sb.flows.mode === "noLimit");
    ch(
      looser ? byStage(stage, "medium", "low", "low") : "low",
      "managedEnvironment.sharing.apps",
      { ...sa.apps, flows: sa.flows.mode },
      { ...sb.apps, flows: sb.flows.mode },
      "app or flow sharing limits changed",
    );
  }
  const ca = a.managedEnvironment.solutionChecker;
  const cb = b.managedEnvironment.solutionChecker;
  if (ca.mode !== cb.mode) {
    const looser = (CHECKER_RANK[cb.mode] ?? 0) < (CHECKER_RANK[ca.mode] ?? 0);
    ch(
      looser ? byStage(stage, "high", "medium", "low") : "low",
      "managedEnvironment.solutionChecker.mode",
      ca.mode,
      cb.mode,
      `solution checker ${ca.mode} → ${cb.mode}`,
    );
  }
  for (const rule of setDiff(ca.ruleOverrides, cb.ruleOverrides).added)
    ch(
      byStage(stage, "medium", "low", "low"),
      "managedEnvironment.solutionChecker.ruleOverrides",
      undefined,
      rule,
      `solution checker rule ${rule} no longer enforced`,
    );

  // Auditing, network.
  const aa = a.auditing;
  const ab = b.auditing;
  if (aa.enabled && !ab.enabled)
    ch(byStage(stage, "high", "high", "medium"), "auditing.enabled", true, false, "Dataverse auditing switched off");
  if (aa.userAccessAudit && !ab.userAccessAudit)
    ch(
      byStage(stage, "high", "medium", "low"),
      "auditing.userAccessAudit",
      true,
      false,
      "user-access auditing switched off",
    );
  if (aa.readAudit !== ab.readAudit)
    ch("low", "auditing.readAudit", aa.readAudit, ab.readAudit, `read auditing ${ab.readAudit ? "on" : "off"}`);
  if (days(ab.retentionDays) < days(aa.retentionDays))
    ch(
      byStage(stage, "high", "medium", "low"),
      "auditing.retentionDays",
      aa.retentionDays,
      ab.retentionDays,
      "audit retention shortened",
    );
  else if (days(ab.retentionDays) > days(aa.retentionDays))
    ch("low", "auditing.retentionDays", aa.retentionDays, ab.retentionDays, "audit retention lengthened");
  const fa = a.firewall;
  const fb = b.firewall;
  if (fa.mode !== fb.mode) {
    const looser = (FIREWALL_RANK[fb.mode] ?? 0) < (FIREWALL_RANK[fa.mode] ?? 0);
    ch(
      looser ? byStage(stage, "high", "medium", "low") : "low",
      "firewall.mode",
      fa.mode,
      fb.mode,
      `IP firewall ${fa.mode} → ${fb.mode}`,
    );
  }
  const ranges = setDiff([...fa.allowedRanges, ...fa.serviceTags], [...fb.allowedRanges, ...fb.serviceTags]);
  for (const r of ranges.added)
    ch(byStage(stage, "medium", "low", "low"), "firewall.allowedRanges", undefined, r, `firewall now allows ${r}`);
  for (const r of ranges.removed) ch("low", "firewall.allowedRanges", r, undefined, `firewall no longer allows ${r}`);
  if (fa.cookieBinding && !fb.cookieBinding)
    ch(byStage(stage, "medium", "low", "low"), "firewall.cookieBinding", true, false, "IP cookie binding switched off");

  // Identities.
  const da = a.identities.deployment;
  const db = b.identities.deployment;
  if (!da.clientSecret && db.clientSecret)
    ch(
      "high",
      "identities.deployment.clientSecret",
      undefined,
      db.clientSecret,
      "the deployment identity gets a client secret",
    );
  const creds = setDiff(
    Object.values(da.federatedCredentials).map((c) => c.subject),
    Object.values(db.federatedCredentials).map((c) => c.subject),
  );
  for (const s of creds.added)
    ch(
      byStage(stage, "high", "medium", "low"),
      "identities.deployment.federatedCredentials",
      undefined,
      s,
      `a new CI subject can deploy: ${s}`,
    );
  for (const s of creds.removed)
    ch("low", "identities.deployment.federatedCredentials", s, undefined, `CI subject can no longer deploy: ${s}`);
  const rolesOf = (s: StageModel) => [
    ...s.identities.deployment.roles.map((r) => `deployment:${r}`),
    ...Object.entries(s.identities.runtime).flatMap(([k, v]) => v.roles.map((r) => `${k}:${r}`)),
  ];
  const roles = setDiff(rolesOf(a), rolesOf(b));
  for (const r of roles.added) {
    const [who, role] = [r.slice(0, r.indexOf(":")), r.slice(r.indexOf(":") + 1)];
    ch(
      PRIVILEGED_ROLES.test(role) && who !== "deployment" ? "high" : byStage(stage, "medium", "low", "low"),
      "identities.roles",
      undefined,
      r,
      `${who} identity gains role ${role}`,
    );
  }
  for (const r of roles.removed)
    ch(
      "low",
      "identities.roles",
      r,
      undefined,
      `${r.slice(0, r.indexOf(":"))} identity loses role ${r.slice(r.indexOf(":") + 1)}`,
    );
  for (const key of setDiff(Object.keys(a.identities.runtime), Object.keys(b.identities.runtime)).added)
    ch("medium", `identities.runtime.${key}`, undefined, key, `new runtime identity ${key}`);

  // Telemetry and alerts.
  const ta = a.telemetry;
  const tb = b.telemetry;
  if (!ta.logSensitiveActivity && tb.logSensitiveActivity)
    ch(
      "high",
      "telemetry.logSensitiveActivity",
      false,
      true,
      "agent logs message text and user identity to App Insights",
    );
  if (
    ta.workspace.mode === "create" &&
    tb.workspace.mode === "create" &&
    tb.workspace.retentionDays < ta.workspace.retentionDays
  ) {
    ch(
      byStage(stage, "high", "medium", "low"),
      "telemetry.workspace.retentionDays",
      ta.workspace.retentionDays,
      tb.workspace.retentionDays,
      "telemetry retention shortened",
    );
  }
  if (tb.samplingPercentage < ta.samplingPercentage)
    ch(
      byStage(stage, "medium", "low", "low"),
      "telemetry.samplingPercentage",
      ta.samplingPercentage,
      tb.samplingPercentage,
      "less telemetry kept (sampling lowered)",
    );
  if (ta.logActivities && !tb.logActivities)
    ch(
      byStage(stage, "medium", "low", "low"),
      "telemetry.logActivities",
      true,
      false,
      "agent activity logging switched off",
    );
  const la = a.alerts;
  const lb = b.alerts;
  if (lb.p95LatencyMs > la.p95LatencyMs)
    ch(
      byStage(stage, "medium", "low", "low"),
      "alerts.p95LatencyMs",
      la.p95LatencyMs,
      lb.p95LatencyMs,
      "latency alert threshold loosened",
    );
  if (lb.failureRatePercent > la.failureRatePercent)
    ch(
      byStage(stage, "medium", "low", "low"),
      "alerts.failureRatePercent",
      la.failureRatePercent,
      lb.failureRatePercent,
      "failure-rate alert threshold loosened",
    );
  const notify = setDiff(
    Object.values(la.notify).map((p) => p.email),
    Object.values(lb.notify).map((p) => p.email),
  );
  for (const e of notify.removed)
    ch(Object.keys(lb.notify).length === 0 ? "high" : "low", "alerts.notify", e, undefined, `${e} no longer notified`);
  for (const e of notify.added) ch("low", "alerts.notify", undefined, e, `${e} now notified`);

  // Cost and protection.
  const ka = a.cost;
  const kb = b.cost;
  if (ka.monthlyBudget !== kb.monthlyBudget)
    ch(
      kb.monthlyBudget > ka.monthlyBudget * 1.5 ? "medium" : "low",
      "cost.monthlyBudget",
      ka.monthlyBudget,
      kb.monthlyBudget,
      `monthly budget ${ka.monthlyBudget} → ${kb.monthlyBudget} ${kb.currency}`,
    );
  if (ka.targetCostPerInteraction !== kb.targetCostPerInteraction)
    ch(
      "low",
      "cost.targetCostPerInteraction",
      ka.targetCostPerInteraction,
      kb.targetCostPerInteraction,
      "target cost per interaction changed",
    );
  if (a.protection.protectFromDeletion && !b.protection.protectFromDeletion)
    ch(
      byStage(stage, "high", "medium", "low"),
      "protection.protectFromDeletion",
      true,
      false,
      "deletion protection removed",
    );
  if (!a.protection.allowDataverseDeletion && b.protection.allowDataverseDeletion)
    ch(
      byStage(stage, "high", "medium", "low"),
      "protection.allowDataverseDeletion",
      false,
      true,
      "a destroy may now delete Dataverse data",
    );
}

function keys<T>(a: Record<string, T>, b: Record<string, T>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
}

function setDiff(before: string[], after: string[]): { added: string[]; removed: string[] } {
  const x = new Set(before);
  const y = new Set(after);
  return { added: [...y].filter((v) => !x.has(v)).sort(), removed: [...x].filter((v) => !y.has(v)).sort() };
}
