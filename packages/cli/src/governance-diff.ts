import { checkProblemLock } from "@govai/gate";
import {
  BASELINE_CONTROLS,
  type BaselineControl,
  baselineChangeRisk,
  CONTROLS,
  type Control,
  type ControlSide,
  type ControlSides,
  changeRisk,
  type Override,
  RISKS,
  type Risk,
  STAGES,
  type StageModel,
  type StageName,
  type Strictness,
  showValue,
  type TenantBaselineModel,
  type WorkloadModel,
} from "@govai/spec";

export { RISKS, type Risk };

/** One governance change between two revisions of a workload, ranked. */
export interface GovernanceChange {
  risk: Risk;
  /** The stage concerned, or undefined for a workload-wide change. */
  stage: StageName | undefined;
  /** Dotted model path, e.g. `connectorPolicy.endpointRules.Http` or `problem.revision`. */
  path: string;
  before: unknown;
  after: unknown;
  /** One sentence a reviewer can act on. */
  summary: string;
  /** The id of the catalogue control that ranked it (`@govai/spec` CONTROLS); undefined for other changes. */
  control?: string;
  /** The control's item (a connector, a recipient, a sign-off role); undefined for a single-valued control. */
  item?: string;
  /** Why the weakening matters: a tenant baseline control's reason (`BASELINE_CONTROLS`); workload changes have none. */
  reason?: string;
}

/** Risk of a change outside the catalogue that loosens something: highest in prod, then test, then dev. */
const byStage = (stage: StageName | undefined, prod: Risk, test: Risk, dev: Risk): Risk =>
  stage === "prod" || stage === undefined ? prod : stage === "test" ? test : dev;

function sortChanges(changes: GovernanceChange[]): GovernanceChange[] {
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

/** The change of one item of a catalogue control; its path names the item when the control says so. */
function controlChange(
  control: Control,
  stage: StageName | undefined,
  item: string,
  risk: Risk,
  before: unknown,
  after: unknown,
  summary: string,
): GovernanceChange {
  return {
    risk,
    stage,
    path: control.itemInPath && item !== "" ? `${control.id}.${item}` : control.id,
    before,
    after,
    summary,
    control: control.id,
    ...(item !== "" ? { item } : {}),
  };
}

/** A stage the later revision adds: a new prod is high, another stage medium. */
function stageAdded(stage: StageName): GovernanceChange {
  return {
    risk: stage === "prod" ? "high" : "medium",
    stage,
    path: "stages",
    before: "absent",
    after: "added",
    summary: `stage ${stage} is added`,
  };
}

/** A success metric the later revision adds (low: a new measure weakens nothing). */
function successMetricAdded(key: string, metric: unknown): GovernanceChange {
  return {
    risk: "low",
    stage: undefined,
    path: `problem.successMetrics.${key}`,
    before: undefined,
    after: metric,
    summary: `success metric ${key} added`,
  };
}

/** A data source the later revision adds: medium, the agent reaches data it did not. */
function dataSourceAdded(key: string, d: WorkloadModel["dataSources"][string]): GovernanceChange {
  return {
    risk: "medium",
    stage: undefined,
    path: `dataSources.${key}`,
    before: undefined,
    after: d.system,
    summary: `data source ${key} added (${d.classification}, ${d.access}, owned by ${d.owningTeam})`,
  };
}

/** A channel the later revision publishes the agent to: medium, new people reach it. */
function channelAdded(channel: string): GovernanceChange {
  return {
    risk: "medium",
    stage: undefined,
    path: "agent.channels",
    before: undefined,
    after: channel,
    summary: `agent published to a new channel: ${channel}`,
  };
}

/**
 * The changes of one control between two models (and stages, for a stage control), ranked by the catalogue. An item
 * one side does not list reads as that side's value for it (the control's `unlisted`, e.g. the default group).
 */
function controlChanges(control: Control, stage: StageName | undefined, sides: ControlSides): GovernanceChange[] {
  const read = (side: ControlSide) => control.read(side.model, side.stage);
  const x = read(sides.before);
  const y = read(sides.after);
  const value = (values: Record<string, unknown>, side: ControlSide, item: string) =>
    item in values || control.unlisted === undefined ? values[item] : control.unlisted(side.model, side.stage, item);
  const items = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
  return items.flatMap((item) => {
    const before = value(x, sides.before, item);
    const after = value(y, sides.after, item);
    const how = control.compare(before, after, sides);
    if (how === "same") return [];
    const summary = control.describe(item, before, after, how, sides);
    return [controlChange(control, stage, item, changeRisk(control, stage, how), before, after, summary)];
  });
}

const grouped = (s: StageModel | undefined) => s?.environment.environmentGroupId !== undefined;

/**
 * A governance-aware diff of two revisions of one workload: every change, ranked by risk, highest first, then stage
 * (prod first) and path. Governed values are ranked by the controls catalogue (`CONTROLS` of `@govai/spec`, or
 * `controls`): a change that makes a control weaker is high in prod whatever the control; a tightening is low.
 * Changes outside the catalogue (a replaced environment, the problem lock, success metrics, data sources, stages)
 * have their own ranks. Pure.
 */
export function governanceDiff(
  before: WorkloadModel,
  after: WorkloadModel,
  controls: readonly Control[] = CONTROLS,
): GovernanceChange[] {
  const changes: GovernanceChange[] = [];
  const add = (c: GovernanceChange) => changes.push(c);
  for (const control of controls) {
    if (control.scope === "workload") {
      const sides = { before: { model: before, stage: undefined }, after: { model: after, stage: undefined } };
      changes.push(...controlChanges(control, undefined, sides));
      continue;
    }
    for (const stage of STAGES) {
      const a = before.stages[stage];
      const b = after.stages[stage];
      // A stage in an environment group registers no ManagedEnvironment: its managedEnvironment values apply nowhere
      // on that side, so a change of them is no change of governance. Joining or leaving the group is the change, and
      // the environment.environmentGroupId control ranks it (joining: weaker, high in prod).
      if (control.id.startsWith("managedEnvironment.") && (grouped(a) || grouped(b))) continue;
      if (a && b)
        changes.push(
          ...controlChanges(control, stage, { before: { model: before, stage: a }, after: { model: after, stage: b } }),
        );
    }
  }
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
    else if (!a && b) add(stageAdded(stage));
    else if (a && b) diffEnvironment(stage, a, b, add);
  }
  return sortChanges(changes);
}

/** Workload-wide changes outside the control catalogue: the problem and its lock, owners, data sources, channels. */
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
    const path = `problem.successMetrics.${key}`;
    if (x && !y)
      add({
        risk: "medium",
        stage: undefined,
        path,
        before: x,
        after: undefined,
        summary: `success metric ${key} removed`,
      });
    else if (!x && y) add(successMetricAdded(key, y));
    else if (x && y) {
      const fields = (Object.keys(y) as Array<keyof typeof y>).filter((f) => x[f] !== y[f]);
      if (fields.length === 0) continue;
      add({
        risk: "medium",
        stage: undefined,
        path,
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
    else if (!x && y) add(dataSourceAdded(key, y));
    else if (x && y && (x.owningTeam !== y.owningTeam || x.contact.email !== y.contact.email)) {
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
  for (const channel of b.agent.channels.filter((c) => !a.agent.channels.includes(c))) add(channelAdded(channel));
}

/** Changes that replace a stage's environment (and its Dataverse data), and its type. */
function diffEnvironment(stage: StageName, a: StageModel, b: StageModel, add: (c: GovernanceChange) => void) {
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
      add({
        risk: "high",
        stage,
        path,
        before: x,
        after: y,
        summary: `${path.split(".").pop()} changes ${x} → ${y}: the environment and its Dataverse data are replaced`,
      });
  }
  if (ea.type !== eb.type)
    add({
      risk: byStage(stage, "high", "medium", "low"),
      stage,
      path: "environment.type",
      before: ea.type,
      after: eb.type,
      summary: `environment type ${ea.type} → ${eb.type} (changed in place)`,
    });
}

function keys<T>(a: Record<string, T>, b: Record<string, T>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
}

/**
 * Sets `path` of `target` to `value` (deletes it for undefined). Keys may themselves hold dots (a connector id
 * `shared_x.y`, an action name), so each step takes the longest key of the current object that starts the path.
 */
function setAtPath(target: Record<string, unknown>, path: string, value: unknown): void {
  let node: Record<string, unknown> = target;
  let rest = path;
  for (;;) {
    const key = Object.keys(node)
      .filter((k) => rest === k || rest.startsWith(`${k}.`))
      .sort((x, y) => y.length - x.length)[0];
    const head = key ?? rest.split(".")[0]!;
    if (head === rest) {
      if (value === undefined) delete node[head];
      else node[head] = structuredClone(value);
      return;
    }
    const next = node[head];
    if (next === null || typeof next !== "object" || Array.isArray(next)) return;
    node = next as Record<string, unknown>;
    rest = rest.slice(head.length + 1);
  }
}

/**
 * The workload as its stage profiles' secure defaults would have it: every recorded override put back to its
 * default. What a new spec's review compares against, so each departure from the defaults is ranked like a change.
 */
export function withSecureDefaults(model: WorkloadModel): WorkloadModel {
  const copy = structuredClone(model);
  const apply = (o: Override) => {
    const target = o.stage === undefined ? copy : copy.stages[o.stage];
    if (target) setAtPath(target as unknown as Record<string, unknown>, o.path, o.defaultValue);
  };
  for (const o of model.overrides) apply(o);
  copy.overrides = [];
  return copy;
}

/**
 * The review of a workload with no earlier revision (`govai diff --new`): every governed value is listed as added.
 * Values that depart from the stage profiles' secure defaults are ranked as changes from those defaults (a prod
 * weakening is high); a new prod stage is high; everything else is low.
 */
export function newWorkloadReview(model: WorkloadModel, controls: readonly Control[] = CONTROLS): GovernanceChange[] {
  // Only the controls: against a baseline made of defaults, a different currency or domain replaces nothing, and a
  // budget currency other than the profile's re-prices no earlier budget (the budget itself is sized by the gate).
  const changes = governanceDiff(withSecureDefaults(model), model, controls).filter(
    (c) => c.control !== undefined && c.control !== "cost.currency",
  );
  const reported = new Set(changes.map((c) => `${c.control} ${c.stage} ${c.item ?? ""}`));
  const listed = (control: Control, stage: StageName | undefined, values: Record<string, unknown>) => {
    for (const [item, value] of Object.entries(values).sort(([x], [y]) => x.localeCompare(y))) {
      if (value === undefined || reported.has(`${control.id} ${stage} ${item}`)) continue;
      const summary = `${control.label}${item ? ` ${item}` : ""}: ${showValue(value)}`;
      changes.push(controlChange(control, stage, item, "low", undefined, value, summary));
    }
  };
  for (const control of controls) {
    if (control.scope === "workload") listed(control, undefined, control.read(model, undefined));
    else
      for (const stage of STAGES)
        if (model.stages[stage]) listed(control, stage, control.read(model, model.stages[stage]));
  }
  for (const stage of STAGES) if (model.stages[stage]) changes.push(stageAdded(stage));
  const p = model.problem;
  if (p.lockedDigest !== p.digest) {
    changes.push({
      risk: "high",
      stage: undefined,
      path: "problem.lockedDigest",
      before: undefined,
      after: p.lockedDigest,
      summary:
        p.lockedDigest === undefined
          ? `problem revision ${p.revision} is not locked`
          : `problem.lockedDigest (${p.lockedDigest}) does not match the statement and success metrics of revision ${p.revision} (${p.digest})`,
    });
  }
  for (const [key, m] of Object.entries(p.successMetrics)) changes.push(successMetricAdded(key, m));
  for (const [key, d] of Object.entries(model.dataSources)) changes.push(dataSourceAdded(key, d));
  for (const channel of model.agent.channels) changes.push(channelAdded(channel));
  return sortChanges(changes);
}

/**
 * A governance-aware diff of two revisions of one tenant baseline: every change of a baseline control
 * (`BASELINE_CONTROLS` of `@govai/spec`, or `controls`), ranked by the control's weakening risk, highest first, then
 * path. A baseline has no stages: every change is tenant-wide (`stage` undefined), and a weakening carries the
 * control's reason. Pure.
 */
export function baselineDiff(
  before: TenantBaselineModel,
  after: TenantBaselineModel,
  controls: readonly BaselineControl[] = BASELINE_CONTROLS,
): GovernanceChange[] {
  const changes = controls.flatMap((control) => {
    const x = control.read(before);
    const y = control.read(after);
    const value = (values: Record<string, unknown>, model: TenantBaselineModel, item: string) =>
      item in values || control.unlisted === undefined ? values[item] : control.unlisted(model, item);
    const items = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
    return items.flatMap((item): GovernanceChange[] => {
      const a = value(x, before, item);
      const b = value(y, after, item);
      const how = control.compare(a, b);
      if (how === "same") return [];
      return [
        baselineChange(control, item, baselineChangeRisk(control, how), a, b, control.describe(item, a, b, how), how),
      ];
    });
  });
  return sortChanges(changes);
}

function baselineChange(
  control: BaselineControl,
  item: string,
  risk: Risk,
  before: unknown,
  after: unknown,
  summary: string,
  how: Strictness | undefined,
): GovernanceChange {
  return {
    risk,
    stage: undefined,
    path: control.path(item),
    before,
    after,
    summary,
    control: control.id,
    ...(item !== "" ? { item } : {}),
    ...(how === "weaker" ? { reason: control.reason } : {}),
  };
}

/**
 * The review of a tenant baseline with no earlier revision (`govai diff --new`): every managed value of every
 * baseline control listed as added, low. Pure.
 */
export function baselineReview(
  model: TenantBaselineModel,
  controls: readonly BaselineControl[] = BASELINE_CONTROLS,
): GovernanceChange[] {
  const changes = controls.flatMap((control) =>
    Object.entries(control.read(model))
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([item, v]) =>
        baselineChange(
          control,
          item,
          "low",
          undefined,
          v,
          `${control.label}${item ? ` ${item}` : ""}: ${showValue(v)}`,
          undefined,
        ),
      ),
  );
  return sortChanges(changes);
}
