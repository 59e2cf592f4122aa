/**
 * The controls catalogue: every governed value of a workload, with its model path, the label a reviewer reads, how
 * its value is shown, its strictness order and the risk of weakening it per stage. One list drives `govai diff` (a
 * change ranked by the control's order and risk), the governance matrix of `govai plan` and the governance summary a
 * stack exports: a control added here appears in all three. The gate maps its checks onto these controls (by id) in
 * `@govai/gate`; which check judges what is the gate's knowledge, not the catalogue's.
 *
 * Pure: values are read from the WorkloadModel, nothing else.
 */
import type { TenantBaselineModel } from "./baseline-model.ts";
import { customConnectorFallback, endsWithDenyAll, leakingAllowRule } from "./connector-policy.ts";
import { UNAUTHENTICATED_CHAT_CONNECTOR } from "./copilot-connectors.ts";
import {
  type ActionRules,
  type ConnectorGroup,
  type CustomConnectorPattern,
  DATA_CLASSIFICATIONS,
  type EndpointRule,
  type SignOff,
  type StageModel,
  type StageName,
  type WorkloadModel,
} from "./model.ts";
import { signOffPlaceholder } from "./placeholders.ts";
import { DATA_RESIDENCY_ZONES, type DataResidency } from "./residency.ts";

/** How the after-value of a control compares with its before-value. `changed`: different, neither stricter nor weaker. */
export type Strictness = "same" | "stricter" | "weaker" | "changed";

/** One side of a change: the model (and stage, for stage controls) a control's value was read from. */
export interface ControlSide {
  model: WorkloadModel;
  stage: StageModel | undefined;
}

/** Both sides of a change, for the controls whose order depends on more than the two values. */
export interface ControlSides {
  before: ControlSide;
  after: ControlSide;
}

/** How much a reviewer should care about a change. */
export const RISKS = ["high", "medium", "low"] as const;
/** One of {@link RISKS}. */
export type Risk = (typeof RISKS)[number];

/**
 * The risk of weakening a control in test and in dev. Weakening it in prod is always high, and so is weakening a
 * workload-wide control (prod carries it too), so prod has no entry.
 */
export interface WeakeningRisk {
  test: Risk;
  dev: Risk;
}

/** A control whose weakening is a critical finding of the gate: high in test, medium in dev. */
export const CRITICAL: WeakeningRisk = { test: "high", dev: "medium" };
/** Every other control (the default): medium in test, low in dev. */
export const STANDARD: WeakeningRisk = { test: "medium", dev: "low" };

/**
 * Where a stage control's value goes in the governance summary: `at`, a dotted path of the summary (default: the
 * control's id), holding `value(stage)` (default: the control's value, or its sorted item keys for a keyed control).
 * An object value is merged into an object already at `at`.
 */
export interface SummaryPlacement {
  at?: string;
  value?: (stage: StageModel) => unknown;
}

/**
 * A governed value and its strictness order. A control has items: one (key `""`) for a single value, or one per key
 * of a keyed set (a connector, a recipient, a sign-off role); an item absent on one side reads `undefined`.
 */
export interface Control {
  /** Stable id: the model path of the control (stage-relative for stage controls). Item keys are appended. */
  id: string;
  /** `stage`: read per stage; `workload`: read once, for the whole workload (and ranked as prod). */
  scope: "stage" | "workload";
  /** How a reviewer names it, e.g. "default group for new connectors". */
  label: string;
  /** Whether an item's key is part of the change's path (`connectorPolicy.endpointRules.Http`) or only named in it. */
  itemInPath: boolean;
  /** The risk of weakening it outside prod; {@link STANDARD} unless the gate judges it critical ({@link CRITICAL}). */
  risk: WeakeningRisk;
  /** The control's items in one model (and stage, for stage controls). */
  read(model: WorkloadModel, stage: StageModel | undefined): Record<string, unknown>;
  /**
   * The value an item has in a model that does not list it, for a keyed control whose unlisted items still have a
   * value (a connector nobody classified sits in the default group). Without it an unlisted item reads `undefined`.
   */
  unlisted?(model: WorkloadModel, stage: StageModel | undefined, item: string): unknown;
  /**
   * The strictness order: how `after` compares with `before`, for one item. `sides` gives the two models, for an
   * order that depends on more than the values (a budget that is no longer the spec's but the profile's default).
   */
  compare(before: unknown, after: unknown, sides?: ControlSides): Strictness;
  /** One sentence for the change. */
  describe(item: string, before: unknown, after: unknown, how: Strictness, sides?: ControlSides): string;
  /** How one item's value is shown in a table cell ({@link showCell} unless the control says otherwise). */
  show(value: unknown, item: string): string;
  /**
   * The governance matrix: `false` when no row shows it; otherwise its row (a row of {@link MATRIX} that names it,
   * or a row of its own, labelled `label` or the control's label, at the end of its section).
   */
  matrix: false | { label?: string };
  /** The governance summary of a stage: `false` when it is not part of it, otherwise where it goes. */
  summary: false | SummaryPlacement;
}

// ---------------------------------------------------------------------------------------------------------------
// Strictness orders

const rank = (i: number, j: number): Strictness => (i === j ? "same" : j > i ? "weaker" : "stricter");

/** An enumeration, strictest first; a value outside it compares as `changed`. */
function ordered(strictToLoose: readonly unknown[]) {
  return (a: unknown, b: unknown): Strictness => {
    if (a === b) return "same";
    const i = strictToLoose.indexOf(a);
    const j = strictToLoose.indexOf(b);
    return i < 0 || j < 0 ? "changed" : rank(i, j);
  };
}

/** A number where lower is stricter; `unlimited` (e.g. -1) and an unset value are the loosest. */
function lowerStricter(unlimited?: number) {
  const v = (x: unknown) => (x === undefined || x === unlimited ? Number.POSITIVE_INFINITY : Number(x));
  return (a: unknown, b: unknown): Strictness => (v(a) === v(b) ? "same" : v(b) > v(a) ? "weaker" : "stricter");
}

/** A number where higher is stricter; `forever` (e.g. -1) is the strictest and an unset value the loosest. */
function higherStricter(forever?: number) {
  const v = (x: unknown) =>
    x === undefined ? Number.NEGATIVE_INFINITY : x === forever ? Number.POSITIVE_INFINITY : Number(x);
  return (a: unknown, b: unknown): Strictness => (v(a) === v(b) ? "same" : v(b) < v(a) ? "weaker" : "stricter");
}

/** A switch whose strict position is `strict`. */
const flag = (strict: boolean) => ordered([strict, !strict]);

/** A keyed set where each present item grants something (a role, a range, a subject): adding one is weaker. */
const grant = (a: unknown, b: unknown): Strictness =>
  a === undefined && b === undefined
    ? "same"
    : a === undefined
      ? "weaker"
      : b === undefined
        ? "stricter"
        : JSON.stringify(a) === JSON.stringify(b)
          ? "same"
          : "changed";
/** A keyed set where each present item protects something (a recipient, an evidence file): removing one is weaker. */
const protection = (a: unknown, b: unknown): Strictness => {
  const g = grant(a, b);
  return g === "weaker" ? "stricter" : g === "stricter" ? "weaker" : g;
};

/** A declaration: declaring it is stricter, dropping it weaker, replacing it `changed`. */
const declared = (a: unknown, b: unknown): Strictness =>
  a === b ? "same" : a === undefined ? "stricter" : b === undefined ? "weaker" : "changed";

/**
 * A money amount that caps or targets spend: setting it to 0 (not governed) or to at least twice its old value is
 * weaker; lowering it, or declaring it where it was 0, is stricter; a rise below ×2 is a `changed` adjustment.
 */
function spendCap(a: unknown, b: unknown): Strictness {
  const x = Number(a ?? 0);
  const y = Number(b ?? 0);
  if (x === y) return "same";
  if (y <= 0) return "weaker";
  if (x <= 0) return "stricter";
  if (y >= 2 * x) return "weaker";
  return y < x ? "stricter" : "changed";
}

/** Whether a side's budget is the spec's own: resolving it recorded an override of the stage profile's default. */
const budgetDeclared = (side: ControlSide) =>
  side.model.overrides.some((o) => o.stage === side.stage?.name && o.path === "cost.monthlyBudget");

/**
 * A budget the spec set that the next revision leaves out: the stage profile's default applies instead, a sum
 * nobody sized for this workload, so it counts as removed (weaker) even when the default is lower. The model holds
 * only the resolved value, so a budget set explicitly to the default reads the same.
 */
const budgetRemoved = (a: unknown, b: unknown, sides: ControlSides | undefined) =>
  sides !== undefined && a !== b && budgetDeclared(sides.before) && !budgetDeclared(sides.after);

const GROUP_ORDER: readonly ConnectorGroup[] = ["blocked", "nonBusiness", "business"];
const PATTERN_ORDER: readonly string[] = ["blocked", "ignore", "nonBusiness", "business"];

/**
 * The group of a stage's policy that lists a connector (ids compared case-insensitively), or undefined when none
 * does. An id listed twice counts as blocked first, then business, as the gate reads it.
 */
export function listedGroup(stage: StageModel, connector: string): ConnectorGroup | undefined {
  const p = stage.connectorPolicy;
  const is = (list: string[]) => list.some((id) => id.toLowerCase() === connector.toLowerCase());
  return is(p.blocked) ? "blocked" : is(p.business) ? "business" : is(p.nonBusiness) ? "nonBusiness" : undefined;
}

/** The group a connector lands in under a stage's policy: where it is listed, else the default group. */
export function effectiveGroup(stage: StageModel, connector: string): ConnectorGroup {
  return listedGroup(stage, connector) ?? stage.connectorPolicy.defaultGroup;
}

/** Whether ordered endpoint rules filter at all: they end with deny * and no allow rule before it admits every host. */
const filters = (rules: EndpointRule[]) => endsWithDenyAll(rules) && leakingAllowRule(rules) === undefined;

/**
 * Endpoint rules: fewer allowed endpoints, more denied ones and a final deny * are stricter; anything else weaker.
 * A connector without rules reaches every endpoint (the service's default), so removing rules is weaker, and adding
 * rules is stricter only when they filter: rules that let every host through change nothing the service does but
 * read like a filter, and are reported as a weakening so that a reviewer looks at them.
 */
function endpointStrictness(a: unknown, b: unknown): Strictness {
  const x = a as EndpointRule[] | undefined;
  const y = b as EndpointRule[] | undefined;
  if (JSON.stringify(x) === JSON.stringify(y)) return "same";
  if (y === undefined) return "weaker";
  if (x === undefined) return filters(y) ? "stricter" : "weaker";
  const key = (r: EndpointRule) => `${r.behavior} ${r.endpoint.trim().toLowerCase()}`;
  const xs = x.map(key);
  const ys = y.map(key);
  const allowsAdded = ys.some((k) => k.startsWith("allow ") && !xs.includes(k));
  const denialsDropped = xs.some((k) => k.startsWith("deny ") && !ys.includes(k));
  // Rules are evaluated in order: the rules both lists share must keep their order, or an allow may move ahead.
  const common = xs.filter((k) => ys.includes(k));
  const reordered = common.join("\n") !== ys.filter((k) => xs.includes(k)).join("\n");
  const leaks = leakingAllowRule(y) !== undefined && leakingAllowRule(x) === undefined;
  const unterminated = endsWithDenyAll(x) && !endsWithDenyAll(y);
  return allowsAdded || denialsDropped || reordered || leaks || unterminated ? "weaker" : "stricter";
}

/** Action rules: stricter when no action (named, or a future one under the default) is allowed that was blocked. */
function actionStrictness(a: unknown, b: unknown): Strictness {
  const x = a as ActionRules | undefined;
  const y = b as ActionRules | undefined;
  if (JSON.stringify(x) === JSON.stringify(y)) return "same";
  // Without rules every action is allowed; "(any other)" stands for the actions the rules do not name.
  const of = (r: ActionRules | undefined, action: string) => (r ? (r.actions[action] ?? r.defaultBehavior) : "allow");
  const names = [...new Set([...Object.keys(x?.actions ?? {}), ...Object.keys(y?.actions ?? {}), "\u0000(any other)"])];
  const looser = names.some((n) => of(x, n) === "block" && of(y, n) === "allow");
  const tighter = names.some((n) => of(x, n) === "allow" && of(y, n) === "block");
  return looser ? "weaker" : tighter ? "stricter" : "same";
}

/**
 * Custom-connector patterns: for every pattern either list names (and for the hosts no pattern names), the
 * classification the list gives it; a looser one anywhere is weaker.
 */
function patternStrictness(a: unknown, b: unknown): Strictness {
  const x = (a ?? []) as CustomConnectorPattern[];
  const y = (b ?? []) as CustomConnectorPattern[];
  if (JSON.stringify(x) === JSON.stringify(y)) return "same";
  const of = (list: CustomConnectorPattern[], pattern: string) =>
    [...list].sort((p, q) => p.order - q.order).find((p) => p.pattern === pattern)?.classification ??
    customConnectorFallback(list).classification;
  const patterns = [...new Set([...x, ...y].map((p) => p.pattern)), "\u0000(unnamed host)"];
  const r = (c: string) => PATTERN_ORDER.indexOf(c);
  const looser = patterns.some((p) => r(of(y, p)) > r(of(x, p)));
  const tighter = patterns.some((p) => r(of(y, p)) < r(of(x, p)));
  return looser ? "weaker" : tighter ? "stricter" : "same";
}

/** An IPv4 range as [first, last] address numbers. */
function span(range: string): [number, number] {
  const [address, bits] = range.split("/");
  const n = address!.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
  const prefix = bits === undefined ? 32 : Number(bits);
  const size = 2 ** (32 - prefix);
  const first = Math.floor(n / size) * size;
  return [first, first + size - 1];
}

/** Firewall ranges: stricter when every new range lies inside an old one; a range reaching new addresses is weaker. */
function rangeStrictness(a: unknown, b: unknown): Strictness {
  const x = (a ?? []) as string[];
  const y = (b ?? []) as string[];
  if (JSON.stringify([...x].sort()) === JSON.stringify([...y].sort())) return "same";
  const inside = (r: string, list: string[]) => {
    const [s, e] = span(r);
    return list.some((o) => {
      const [os, oe] = span(o);
      return os <= s && e <= oe;
    });
  };
  return y.every((r) => inside(r, x)) ? "stricter" : "weaker";
}

/** Role sets of one identity: a new identity, or a role it did not hold, is weaker. */
function roleStrictness(a: unknown, b: unknown): Strictness {
  const x = a as string[] | undefined;
  const y = b as string[] | undefined;
  if (JSON.stringify(x) === JSON.stringify(y)) return "same";
  if (y === undefined) return "stricter";
  if (x === undefined) return "weaker";
  return y.every((r) => x.includes(r)) ? "stricter" : "weaker";
}

/**
 * A sign-off: dropping it, an older revision or date, losing its email, or a name or email that becomes a
 * placeholder (nobody approved) is weaker; a newer approval stricter.
 */
function signOffStrictness(a: unknown, b: unknown): Strictness {
  const x = a as SignOff | undefined;
  const y = b as SignOff | undefined;
  if (JSON.stringify(x) === JSON.stringify(y)) return "same";
  if (y === undefined) return "weaker";
  // A placeholder approves nothing, whatever revision or date it carries: the gate fails it like a missing sign-off.
  if (signOffPlaceholder(y) !== undefined && (x === undefined || signOffPlaceholder(x) === undefined)) return "weaker";
  if (x === undefined) return "stricter";
  if (y.problemRevision !== x.problemRevision) return y.problemRevision < x.problemRevision ? "weaker" : "stricter";
  if (y.date !== x.date) return y.date < x.date ? "weaker" : "stricter";
  if (x.email !== undefined && y.email === undefined) return "weaker";
  return "changed";
}

/** A residency: allowing a geography or region it did not, or dropping it, is weaker. */
function residencyStrictness(a: unknown, b: unknown): Strictness {
  if (a === b) return "same";
  if (b === undefined) return "weaker";
  if (a === undefined) return "stricter";
  const places = (r: unknown) => {
    const z = DATA_RESIDENCY_ZONES[r as DataResidency];
    return [...z.geographies, ...z.azureRegions];
  };
  const x = places(a);
  return places(b).every((p) => x.includes(p)) ? "stricter" : "weaker";
}

/** The workspace: a shorter retention is weaker; adopting or creating one instead is `changed`. */
function workspaceStrictness(a: unknown, b: unknown): Strictness {
  const x = a as StageModel["telemetry"]["workspace"];
  const y = b as StageModel["telemetry"]["workspace"];
  if (JSON.stringify(x) === JSON.stringify(y)) return "same";
  if (x.mode === "create" && y.mode === "create") return higherStricter()(x.retentionDays, y.retentionDays);
  return "changed";
}

// ---------------------------------------------------------------------------------------------------------------
// Descriptions and cells

/** A value for a sentence: strings as they are, lists and objects as JSON, an absent value as "none". */
export function showValue(v: unknown): string {
  if (v === undefined) return "none";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

/** How a change reads in a sentence: "loosened", "tightened" or "changed". */
export const WORDS: Record<Strictness, string> = {
  weaker: "loosened",
  stricter: "tightened",
  changed: "changed",
  same: "",
};

/** "<label>: before → after (loosened)". */
const transition =
  (label: string) =>
  (item: string, a: unknown, b: unknown, how: Strictness): string =>
    `${label}${item ? ` ${item}` : ""}: ${showValue(a)} → ${showValue(b)} (${WORDS[how]})`;

/** "<label>: <item> added / removed / changed". */
const membership =
  (label: string) =>
  (item: string, a: unknown, b: unknown): string =>
    `${label}: ${item} ${a === undefined ? "added" : b === undefined ? "removed" : "changed"}`;

/** A switch as a table shows it. */
export const onOff = (b: unknown): string => (b ? "on" : "off");
/** A list as a table shows it: comma-separated, "none" when empty. */
export const listCell = (items: readonly string[]): string => (items.length === 0 ? "none" : items.join(", "));
/** A retention in days, -1 meaning kept forever. */
export const retentionCell = (days: number): string => (days === -1 ? "forever" : `${days} days`);
/** How the matrix names a DLP group. */
export const GROUP_LABEL: Readonly<Record<ConnectorGroup, string>> = {
  business: "business",
  nonBusiness: "non-business",
  blocked: "blocked",
};

/**
 * The default cell of one item: a switch on/off, an absent value "none", a list comma-separated, an object as JSON;
 * a member of a keyed set (value `true`) by its key.
 */
export function showCell(value: unknown, item = ""): string {
  if (value === true && item !== "") return item;
  if (typeof value === "boolean") return onOff(value);
  if (value === undefined || value === null) return "none";
  if (Array.isArray(value)) return listCell(value.map((v) => showCell(v)));
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

// ---------------------------------------------------------------------------------------------------------------
// The catalogue

const one = (v: unknown): Record<string, unknown> => ({ "": v });
const S = (s: StageModel | undefined): StageModel => {
  if (!s) throw new Error("internal: a stage control read without a stage");
  return s;
};
const sorted = (items: Iterable<string>) => [...items].sort();

/** What a control may say beyond its id, label, value and order; each has the default named in {@link Control}. */
interface ControlOptions {
  describe?: Control["describe"];
  unlisted?: Control["unlisted"];
  risk?: WeakeningRisk;
  show?: Control["show"];
  matrix?: Control["matrix"];
  summary?: Control["summary"];
}

/** The parts every control shares: workload-wide controls are in neither stage view (the diff reviews them). */
function control(
  scope: Control["scope"],
  id: string,
  label: string,
  itemInPath: boolean,
  read: Control["read"],
  compare: Control["compare"],
  describe: Control["describe"],
  o: ControlOptions,
): Control {
  const stage = scope === "stage";
  return {
    id,
    scope,
    label,
    itemInPath,
    risk: o.risk ?? STANDARD,
    read,
    ...(o.unlisted ? { unlisted: o.unlisted } : {}),
    compare,
    describe: o.describe ?? describe,
    show: o.show ?? showCell,
    matrix: stage ? (o.matrix ?? {}) : false,
    summary: stage ? (o.summary ?? {}) : false,
  };
}

/** A single-valued control. */
function scalar(
  scope: Control["scope"],
  id: string,
  label: string,
  value: (m: WorkloadModel, s: StageModel | undefined) => unknown,
  compare: Control["compare"],
  o: ControlOptions = {},
): Control {
  return control(scope, id, label, false, (m, s) => one(value(m, s)), compare, transition(label), o);
}

/** A keyed control: one item per key. */
function keyed(
  scope: Control["scope"],
  id: string,
  label: string,
  itemInPath: boolean,
  items: (m: WorkloadModel, s: StageModel | undefined) => Record<string, unknown>,
  compare: Control["compare"],
  o: ControlOptions & { describe: Control["describe"] },
): Control {
  return control(scope, id, label, itemInPath, items, compare, o.describe, o);
}

const present = (keys: Iterable<string>): Record<string, unknown> =>
  Object.fromEntries([...keys].map((k) => [k, true]));

/** Every control of the catalogue, stage controls first (in StageModel order), then workload controls. */
export const CONTROLS: readonly Control[] = [
  scalar(
    "stage",
    "environment.dataverse.securityGroupId",
    "environment security group",
    (_m, s) => S(s).environment.dataverse.securityGroupId,
    declared,
    {
      matrix: { label: "security group" },
      summary: {
        at: "environment.securityGroupSet",
        value: (s) => s.environment.dataverse.securityGroupId !== undefined,
      },
    },
  ),
  // Joining an environment group hands the stage's managed-environment settings (sharing, solution checker, usage
  // insights, maker welcome) to the group's rules: the stage's own values stop applying, and agent sharing is then
  // limited by nothing (a group cannot limit it yet). So joining is weaker, in prod high; leaving, or moving to another
  // group, is a change (the stage's own values, or another group's rules, apply instead). The matrix shows the group in
  // the managed-environment rows, the summary in environmentGroup.
  scalar(
    "stage",
    "environment.environmentGroupId",
    "environment group (owns the managed-environment settings)",
    (_m, s) => S(s).environment.environmentGroupId,
    (a, b) => (a === b ? "same" : a === undefined ? "weaker" : "changed"),
    { matrix: false, summary: false },
  ),
  // The Entra groups given the environment's admin and maker roles: each member can change what runs in the stage
  // (a prod that the pipeline alone deploys keeps makers empty). Judged with who may enter the environment.
  keyed("stage", "groups.admins", "environment admin groups", false, (_m, s) => present(S(s).groups.admins), grant, {
    describe: membership("environment admin group"),
    summary: false,
  }),
  keyed("stage", "groups.makers", "environment maker groups", false, (_m, s) => present(S(s).groups.makers), grant, {
    describe: membership("environment maker group"),
    summary: false,
  }),
  scalar(
    "stage",
    "connectorPolicy.defaultGroup",
    "default group for new connectors",
    (_m, s) => S(s).connectorPolicy.defaultGroup,
    ordered(GROUP_ORDER),
    {
      show: (g) => GROUP_LABEL[g as ConnectorGroup],
      summary: { at: "dlp.defaultGroup" },
    },
  ),
  scalar(
    "stage",
    "connectorPolicy.unauthenticatedChat",
    `chat without authentication (${UNAUTHENTICATED_CHAT_CONNECTOR})`,
    (_m, s) => effectiveGroup(S(s), UNAUTHENTICATED_CHAT_CONNECTOR),
    ordered(GROUP_ORDER),
    {
      risk: CRITICAL,
      describe: (_i, a, b) =>
        `connector ${UNAUTHENTICATED_CHAT_CONNECTOR} moved from ${showValue(a)} to ${showValue(b)}`,
      summary: false,
    },
  ),
  keyed(
    "stage",
    "connectorPolicy.connectors",
    "connector",
    false,
    (_m, s) => {
      const p = S(s).connectorPolicy;
      return Object.fromEntries(
        [...p.business, ...p.nonBusiness, ...p.blocked]
          .filter((c) => c.toLowerCase() !== UNAUTHENTICATED_CHAT_CONNECTOR.toLowerCase())
          .map((c) => [c, effectiveGroup(S(s), c)]),
      );
    },
    ordered(GROUP_ORDER),
    {
      describe: (item, a, b) => `connector ${item} moved from ${showValue(a)} to ${showValue(b)}`,
      // A connector the policy does not list is in the default group: moving it to business from there is a move
      // out of blocked (under a blocked default), not a new entry with nothing to compare.
      unlisted: (_m, s, item) => effectiveGroup(S(s), item),
      summary: {
        at: "dlp",
        value: (s) => ({
          business: sorted(s.connectorPolicy.business),
          nonBusiness: sorted(s.connectorPolicy.nonBusiness),
          blocked: sorted(s.connectorPolicy.blocked),
        }),
      },
    },
  ),
  keyed(
    "stage",
    "connectorPolicy.endpointRules",
    "endpoint rules of",
    true,
    (_m, s) => ({ ...S(s).connectorPolicy.endpointRules }),
    endpointStrictness,
    {
      describe: (item, _a, b, how) =>
        b === undefined ? `endpoint filtering removed from ${item}` : `endpoint rules of ${item} ${WORDS[how]}`,
      show: (rules, c) => `${c}: ${(rules as EndpointRule[]).map((r) => `${r.behavior} ${r.endpoint}`).join(" → ")}`,
      matrix: { label: "endpoint filtering" },
      summary: { at: "dlp.endpointFiltered" },
    },
  ),
  keyed(
    "stage",
    "connectorPolicy.actionRules",
    "action rules of",
    true,
    (_m, s) => ({ ...S(s).connectorPolicy.actionRules }),
    actionStrictness,
    {
      describe: (item, _a, b, how) =>
        b === undefined
          ? `action rules removed from ${item}: every action allowed`
          : `action rules of ${item} ${WORDS[how]}`,
      show: (rules, c) => {
        const r = rules as ActionRules;
        const named = Object.entries(r.actions).map(([a, b]) => `${b} ${a}`);
        return `${c}: default ${r.defaultBehavior}${named.length ? `, ${named.join(", ")}` : ""}`;
      },
      matrix: { label: "action rules" },
      summary: false,
    },
  ),
  scalar(
    "stage",
    "connectorPolicy.customConnectorPatterns",
    "custom-connector URL patterns",
    (_m, s) => S(s).connectorPolicy.customConnectorPatterns,
    patternStrictness,
    {
      describe: (_i, _a, _b, how) => `custom-connector URL patterns ${WORDS[how]}`,
      show: (patterns) =>
        listCell((patterns as CustomConnectorPattern[]).map((p) => `${p.order}. ${p.pattern} → ${p.classification}`)),
      matrix: { label: "custom connectors" },
      summary: false,
    },
  ),
  scalar(
    "stage",
    "managedEnvironment.sharing.agents.editorSharingDisabled",
    "agent editor sharing disabled",
    (_m, s) => S(s).managedEnvironment.sharing.agents.editorSharingDisabled,
    flag(true),
    {
      summary: { at: "sharing.agents.editorSharingDisabled" },
    },
  ),
  scalar(
    "stage",
    "managedEnvironment.sharing.agents.mode",
    "agent viewer sharing",
    (_m, s) => S(s).managedEnvironment.sharing.agents.mode,
    ordered(["disableSharing", "excludeSharingToSecurityGroups", "noLimit"]),
    {
      summary: { at: "sharing.agents.mode" },
    },
  ),
  scalar(
    "stage",
    "managedEnvironment.sharing.agents.maxViewers",
    "most agent viewers",
    (_m, s) => S(s).managedEnvironment.sharing.agents.maxViewers,
    lowerStricter(-1),
    {
      summary: { at: "sharing.agents.maxViewers" },
    },
  ),
  scalar(
    "stage",
    "managedEnvironment.sharing.apps.groupSharingDisabled",
    "canvas-app group sharing disabled",
    (_m, s) => S(s).managedEnvironment.sharing.apps.groupSharingDisabled,
    flag(true),
    {
      summary: { at: "sharing.apps.groupSharingDisabled" },
    },
  ),
  scalar(
    "stage",
    "managedEnvironment.sharing.apps.mode",
    "canvas-app sharing",
    (_m, s) => S(s).managedEnvironment.sharing.apps.mode,
    ordered(["excludeSharingToSecurityGroups", "noLimit"]),
    {
      summary: { at: "sharing.apps.mode" },
    },
  ),
  scalar(
    "stage",
    "managedEnvironment.sharing.apps.maxUsers",
    "most canvas-app users",
    (_m, s) => S(s).managedEnvironment.sharing.apps.maxUsers,
    lowerStricter(-1),
    {
      summary: { at: "sharing.apps.maxUsers" },
    },
  ),
  scalar(
    "stage",
    "managedEnvironment.sharing.flows.mode",
    "solution-flow sharing",
    (_m, s) => S(s).managedEnvironment.sharing.flows.mode,
    ordered(["disableSharing", "noLimit"]),
    {
      matrix: { label: "flow sharing" },
      summary: { at: "sharing.flows.mode" },
    },
  ),
  scalar(
    "stage",
    "managedEnvironment.solutionChecker.mode",
    "solution checker",
    (_m, s) => S(s).managedEnvironment.solutionChecker.mode,
    ordered(["block", "warn", "none"]),
    {
      summary: { at: "solutionChecker" },
    },
  ),
  keyed(
    "stage",
    "managedEnvironment.solutionChecker.ruleOverrides",
    "solution checker rules not enforced",
    false,
    (_m, s) => present(S(s).managedEnvironment.solutionChecker.ruleOverrides),
    grant,
    {
      describe: membership("solution checker rules not enforced"),
      summary: false,
    },
  ),
  scalar("stage", "auditing.enabled", "Dataverse auditing", (_m, s) => S(s).auditing.enabled, flag(true), {
    risk: CRITICAL,
  }),
  scalar(
    "stage",
    "auditing.userAccessAudit",
    "user-access auditing",
    (_m, s) => S(s).auditing.userAccessAudit,
    flag(true),
    {
      risk: CRITICAL,
    },
  ),
  scalar("stage", "auditing.readAudit", "read auditing", (_m, s) => S(s).auditing.readAudit, flag(true), {
    risk: CRITICAL,
  }),
  scalar(
    "stage",
    "auditing.retentionDays",
    "audit retention days",
    (_m, s) => S(s).auditing.retentionDays,
    higherStricter(-1),
  ),
  scalar("stage", "firewall.mode", "IP firewall", (_m, s) => S(s).firewall.mode, ordered(["enforce", "audit", "off"])),
  scalar(
    "stage",
    "firewall.allowedRanges",
    "firewall allowed ranges",
    (_m, s) => S(s).firewall.allowedRanges,
    rangeStrictness,
    {
      summary: false,
    },
  ),
  keyed(
    "stage",
    "firewall.serviceTags",
    "firewall service tags",
    false,
    (_m, s) => present(S(s).firewall.serviceTags),
    grant,
    {
      describe: membership("firewall service tag"),
      summary: false,
    },
  ),
  scalar("stage", "firewall.cookieBinding", "IP cookie binding", (_m, s) => S(s).firewall.cookieBinding, flag(true), {
    matrix: { label: "cookie binding" },
  }),
  scalar(
    "stage",
    "firewall.allowMicrosoftTrustedServices",
    "firewall lets Microsoft trusted services through",
    (_m, s) => S(s).firewall.allowMicrosoftTrustedServices,
    flag(false),
    {
      // The matrix shows the firewall's mode and ranges; its exceptions are reviewed in the diff.
      matrix: false,
      summary: false,
    },
  ),
  scalar(
    "stage",
    "firewall.allowApplicationUsers",
    "firewall lets application users through",
    (_m, s) => S(s).firewall.allowApplicationUsers,
    flag(false),
    {
      matrix: false,
      summary: false,
    },
  ),
  keyed(
    "stage",
    "identities.deployment.federatedCredentials",
    "CI subjects that can deploy",
    false,
    (_m, s) => present(Object.values(S(s).identities.deployment.federatedCredentials).map((c) => c.subject)),
    grant,
    {
      describe: (item, a) =>
        a === undefined ? `a new CI subject can deploy: ${item}` : `CI subject can no longer deploy: ${item}`,
      summary: { value: (s) => sorted(Object.keys(s.identities.deployment.federatedCredentials)) },
    },
  ),
  scalar(
    "stage",
    "identities.deployment.clientSecret",
    "deployment identity client secret",
    (_m, s) => S(s).identities.deployment.clientSecret,
    (a, b) => {
      const x = a as { expiresInDays: number } | undefined;
      const y = b as { expiresInDays: number } | undefined;
      if (x === undefined && y === undefined) return "same";
      if (x === undefined) return "weaker";
      if (y === undefined) return "stricter";
      return lowerStricter()(x.expiresInDays, y.expiresInDays);
    },
    {
      risk: CRITICAL,
      describe: (_i, a, b) =>
        a === undefined
          ? "the deployment identity gets a client secret"
          : b === undefined
            ? "the deployment identity's client secret is removed"
            : `the deployment identity's client secret expires after ${(b as { expiresInDays: number }).expiresInDays} days`,
      summary: { value: (s) => s.identities.deployment.clientSecret !== undefined },
    },
  ),
  keyed(
    "stage",
    "identities.deployment.owners",
    "deployment application owners",
    false,
    (_m, s) => present(S(s).identities.deployment.owners),
    grant,
    {
      risk: CRITICAL,
      // An owner of the deployment application can add a secret to it and deploy as it.
      describe: membership("deployment application owner"),
      // The matrix's deployment row shows how the pipeline signs in and what it may do; owners are reviewed in the diff.
      matrix: false,
      summary: false,
    },
  ),
  keyed(
    "stage",
    "identities.deployment.roles",
    "deployment identity roles",
    false,
    (_m, s) => present(S(s).identities.deployment.roles),
    grant,
    {
      risk: CRITICAL,
      describe: (item, a) =>
        a === undefined ? `deployment identity gains role ${item}` : `deployment identity loses role ${item}`,
    },
  ),
  keyed(
    "stage",
    "identities.runtime",
    "runtime identity",
    true,
    (_m, s) => Object.fromEntries(Object.entries(S(s).identities.runtime).map(([k, r]) => [k, [...r.roles].sort()])),
    roleStrictness,
    {
      risk: CRITICAL,
      describe: (item, a, b) => {
        if (a === undefined) return `new runtime identity ${item} with roles ${(b as string[]).join(", ")}`;
        if (b === undefined) return `runtime identity ${item} removed`;
        const gained = (b as string[]).filter((r) => !(a as string[]).includes(r));
        const lost = (a as string[]).filter((r) => !(b as string[]).includes(r));
        return [
          ...(gained.length ? [`${item} identity gains role ${gained.join(", ")}`] : []),
          ...(lost.length ? [`${item} identity loses role ${lost.join(", ")}`] : []),
        ].join("; ");
      },
      summary: {
        value: (s) =>
          Object.fromEntries(
            sorted(Object.keys(s.identities.runtime)).map((k) => {
              const r = s.identities.runtime[k]!;
              return [k, { created: r.existingClientId === undefined, roles: sorted(r.roles) }];
            }),
          ),
      },
    },
  ),
  scalar(
    "stage",
    "telemetry.workspace",
    "Log Analytics workspace",
    (_m, s) => S(s).telemetry.workspace,
    workspaceStrictness,
    {
      show: (w) => {
        const ws = w as StageModel["telemetry"]["workspace"];
        return ws.mode === "create" ? `new, ${ws.retentionDays} days` : `existing ${ws.resourceId}`;
      },
      matrix: { label: "Log Analytics" },
      summary: { value: (s) => s.telemetry.workspace.mode },
    },
  ),
  scalar(
    "stage",
    "telemetry.logSensitiveActivity",
    "sensitive activity logging",
    (_m, s) => S(s).telemetry.logSensitiveActivity,
    flag(false),
    {
      risk: CRITICAL,
    },
  ),
  scalar(
    "stage",
    "telemetry.logActivities",
    "agent activity logging",
    (_m, s) => S(s).telemetry.logActivities,
    flag(true),
    {
      summary: false,
    },
  ),
  scalar("stage", "telemetry.logActions", "agent action logging", (_m, s) => S(s).telemetry.logActions, flag(true), {
    summary: false,
  }),
  scalar(
    "stage",
    "telemetry.bindAgent",
    "agent bound to App Insights",
    (_m, s) => S(s).telemetry.bindAgent,
    flag(true),
    {
      summary: false,
    },
  ),
  scalar(
    "stage",
    "telemetry.samplingPercentage",
    "telemetry kept (sampling %)",
    (_m, s) => S(s).telemetry.samplingPercentage,
    higherStricter(),
    {
      show: (p) => `${p}%`,
      matrix: { label: "sampling" },
      summary: false,
    },
  ),
  scalar(
    "stage",
    "alerts.p95LatencyMs",
    "p95 latency alert (ms)",
    (_m, s) => S(s).alerts.p95LatencyMs,
    lowerStricter(),
  ),
  scalar(
    "stage",
    "alerts.failureRatePercent",
    "failure-rate alert (%)",
    (_m, s) => S(s).alerts.failureRatePercent,
    lowerStricter(),
  ),
  scalar(
    "stage",
    "alerts.windowMinutes",
    "alert window (minutes)",
    (_m, s) => S(s).alerts.windowMinutes,
    lowerStricter(),
    {
      // The alerts row names the thresholds; the window they are measured over is in the summary and the diff.
      matrix: false,
    },
  ),
  scalar(
    "stage",
    "alerts.volumeAnomaly.enabled",
    "volume anomaly alert",
    (_m, s) => S(s).alerts.volumeAnomaly.enabled,
    flag(true),
    {
      summary: false,
    },
  ),
  scalar(
    "stage",
    "alerts.volumeAnomaly.sensitivity",
    "volume anomaly sensitivity",
    (_m, s) => S(s).alerts.volumeAnomaly.sensitivity,
    ordered(["high", "medium", "low"]),
    {
      summary: false,
    },
  ),
  keyed(
    "stage",
    "alerts.notify",
    "alert recipients",
    false,
    (_m, s) => present(Object.values(S(s).alerts.notify).map((p) => p.email)),
    protection,
    {
      describe: (item, a) => (a === undefined ? `${item} now notified` : `${item} no longer notified`),
      matrix: { label: "notified" },
      summary: { value: (s) => sorted(Object.keys(s.alerts.notify)) },
    },
  ),
  scalar(
    "stage",
    "cost.monthlyBudget",
    "monthly budget",
    (_m, s) => S(s).cost.monthlyBudget,
    (a, b, sides) => (budgetRemoved(a, b, sides) ? "weaker" : spendCap(a, b)),
    {
      describe: (item, a, b, how, sides) =>
        budgetRemoved(a, b, sides)
          ? `monthly budget removed: ${showValue(a)} → the profile default ${showValue(b)} (loosened)`
          : transition("monthly budget")(item, a, b, how),
    },
  ),
  scalar(
    "stage",
    "cost.currency",
    "budget currency",
    (_m, s) => S(s).cost.currency,
    // Without exchange rates the same amount in another currency may be any multiple of the old sum (EUR → KWD is
    // about ×3), so a new currency counts as the budget raised ×2 or more.
    (a, b) => (a === b ? "same" : "weaker"),
    {
      describe: (_i, a, b) =>
        `budget currency: ${showValue(a)} → ${showValue(b)}: the budget and the cost target now count in ${showValue(b)}, so the sums they allow change (loosened)`,
      summary: false,
    },
  ),
  scalar(
    "stage",
    "cost.expectedInteractionsPerMonth",
    "expected interactions per month",
    (_m, s) => S(s).cost.expectedInteractionsPerMonth,
    (a, b) => (a === b ? "same" : Number(b) <= 0 ? "weaker" : Number(a) <= 0 ? "stricter" : "changed"),
    {
      summary: false,
    },
  ),
  scalar(
    "stage",
    "cost.targetCostPerInteraction",
    "target cost per interaction",
    (_m, s) => S(s).cost.targetCostPerInteraction,
    spendCap,
    {
      summary: false,
    },
  ),
  keyed(
    "stage",
    "cost.alertThresholdsPercent",
    "budget alert thresholds",
    false,
    (_m, s) => present(S(s).cost.alertThresholdsPercent.map(String)),
    protection,
    {
      describe: (item, a) => (a === undefined ? `budget alert at ${item}% added` : `budget alert at ${item}% removed`),
      summary: { value: (s) => [...s.cost.alertThresholdsPercent].sort((a, b) => a - b) },
    },
  ),
  scalar(
    "stage",
    "protection.protectFromDeletion",
    "deletion protection",
    (_m, s) => S(s).protection.protectFromDeletion,
    flag(true),
    {
      matrix: { label: "protected from deletion" },
    },
  ),
  scalar(
    "stage",
    "protection.allowDataverseDeletion",
    "a destroy may delete Dataverse data",
    (_m, s) => S(s).protection.allowDataverseDeletion,
    flag(false),
    {
      // The matrix shows deletion protection; the summary states this one the way round a reviewer asks: is the
      // Dataverse data kept when the stack goes?
      matrix: false,
      summary: { at: "protection.retainDataverseOnDelete", value: (s) => !s.protection.allowDataverseDeletion },
    },
  ),
  // Workload-wide controls: they hold in every stage, prod included, so their weakenings are ranked as prod's.
  scalar(
    "workload",
    "agent.authentication.mode",
    "agent authentication",
    (m) => m.agent.authentication.mode,
    ordered(["entra", "manual", "none"]),
    {
      risk: CRITICAL,
    },
  ),
  scalar(
    "workload",
    "agent.authentication.requireSignIn",
    "agent requires sign-in",
    (m) => m.agent.authentication.requireSignIn,
    flag(true),
    {
      risk: CRITICAL,
    },
  ),
  scalar("workload", "metadata.dataResidency", "data residency", (m) => m.metadata.dataResidency, residencyStrictness, {
    risk: CRITICAL,
  }),
  keyed(
    "workload",
    "dataSources.classification",
    "data source classification",
    false,
    (m) => Object.fromEntries(Object.entries(m.dataSources).map(([k, d]) => [k, d.classification])),
    // Sources added or removed are reported as such; here only a reclassification counts.
    (a, b) => (a === undefined || b === undefined ? "same" : ordered([...DATA_CLASSIFICATIONS].reverse())(a, b)),
    {
      describe: (item, a, b, how) =>
        `data source ${item} classification ${how === "weaker" ? "lowered" : "raised"} (${showValue(a)} → ${showValue(b)})`,
    },
  ),
  keyed(
    "workload",
    "dataSources.access",
    "data source access",
    false,
    (m) => Object.fromEntries(Object.entries(m.dataSources).map(([k, d]) => [k, d.access])),
    (a, b) => (a === undefined || b === undefined ? "same" : ordered(["read", "write", "readWrite"])(a, b)),
    {
      describe: (item, a, b) => `data source ${item} access ${showValue(a)} → ${showValue(b)}`,
    },
  ),
  keyed("workload", "readiness.signOffs", "sign-off", true, (m) => ({ ...m.readiness.signOffs }), signOffStrictness, {
    risk: CRITICAL,
    describe: (role, a, b, how) => {
      const x = a as SignOff | undefined;
      const y = b as SignOff | undefined;
      if (y === undefined) return `${role} sign-off removed`;
      const placeholder = signOffPlaceholder(y);
      if (how === "weaker" && placeholder !== undefined && (x === undefined || !signOffPlaceholder(x))) {
        return `${role} sign-off is a placeholder (${placeholder}): nobody approved revision ${y.problemRevision}`;
      }
      if (x === undefined) return `${role} signed off revision ${y.problemRevision}`;
      if (y.problemRevision < x.problemRevision) {
        return `${role} sign-off moved back from revision ${x.problemRevision} to ${y.problemRevision}`;
      }
      if (how === "stricter") return `${role} sign-off renewed (${y.name}, revision ${y.problemRevision}, ${y.date})`;
      if (y.date < x.date) return `${role} sign-off moved back to an older date (${x.date} → ${y.date})`;
      if (how === "weaker") return `${role} sign-off lost its email address`;
      return `${role} sign-off changed (${x.name} → ${y.name})`;
    },
  }),
  scalar(
    "workload",
    "readiness.slos.p95LatencyMs",
    "p95 latency SLO (ms)",
    (m) => m.readiness.slos.p95LatencyMs,
    lowerStricter(),
  ),
  scalar(
    "workload",
    "readiness.slos.throughputPerMinute",
    "throughput SLO (per minute)",
    (m) => m.readiness.slos.throughputPerMinute,
    higherStricter(),
  ),
  scalar(
    "workload",
    "readiness.failureHandling.escalationPath",
    "escalation path",
    (m) => m.readiness.failureHandling.escalationPath,
    declared,
  ),
  scalar(
    "workload",
    "readiness.failureHandling.fallback",
    "fallback",
    (m) => m.readiness.failureHandling.fallback,
    declared,
  ),
  scalar(
    "workload",
    "readiness.rollback.rtoMinutes",
    "rollback RTO (minutes)",
    (m) => m.readiness.rollback.rtoMinutes,
    lowerStricter(),
  ),
  keyed(
    "workload",
    "readiness.evidence",
    "evidence file",
    true,
    (m) => Object.fromEntries(Object.entries(m.readiness.evidence).map(([k, e]) => [k, `${e.kind} ${e.file}`])),
    protection,
    {
      describe: membership("evidence file"),
    },
  ),
  keyed(
    "workload",
    "readiness.evidenceWaivers",
    "evidence waiver",
    true,
    (m) => ({ ...m.readiness.evidenceWaivers }),
    grant,
    {
      describe: (kind, a, b) =>
        a === undefined
          ? `prod may go without ${kind} evidence (waived: ${showValue(b)})`
          : b === undefined
            ? `the waiver of ${kind} evidence is withdrawn`
            : `the waiver of ${kind} evidence changed`,
    },
  ),
];

// ---------------------------------------------------------------------------------------------------------------
// Risk

/**
 * The risk of one change of a control: a weakening is high in prod (and for a workload-wide control, which prod
 * carries too), else the control's {@link WeakeningRisk} for the stage. A tightening is low. A change that is neither
 * is medium in prod and low elsewhere.
 */
export function changeRisk(control: Control, stage: StageName | undefined, how: Strictness): Risk {
  const where = control.scope === "workload" || stage === undefined ? "prod" : stage;
  if (how === "weaker") return where === "prod" ? "high" : control.risk[where];
  if (how === "changed") return where === "prod" ? "medium" : "low";
  return "low";
}

// ---------------------------------------------------------------------------------------------------------------
// The stage views: the governance matrix and the governance summary

/** The Copilot Studio capabilities governed as DLP connectors, in the admin centre's words: a matrix row each. */
export const COPILOT_CAPABILITIES: ReadonlyArray<{ id: string; label: string }> = [
  { id: UNAUTHENTICATED_CHAT_CONNECTOR, label: "Chat without Entra ID authentication" },
  { id: "CSKnowledgeSharePoint", label: "Knowledge: SharePoint and OneDrive" },
  { id: "CSKnowledgePublicSites", label: "Knowledge: public websites" },
  { id: "CSKnowledgeDocs", label: "Knowledge: uploaded documents" },
  { id: "Http", label: "HTTP requests" },
  { id: "PvaSkills", label: "Skills" },
  { id: "PvaMicrosoftTeams", label: "Channel: Teams and Microsoft 365" },
  { id: "PvaCustomDemoMobile", label: "Channel: Direct Line (web, mobile, SDK)" },
  { id: "PvaFacebook", label: "Channel: Facebook" },
  { id: "PvaOmniChannel", label: "Channel: Omnichannel" },
];

/**
 * A matrix row that shows several controls in one cell, or a value no control governs (the environment's type and
 * place, which the diff reports as replacements, not as weakenings). `controls` names the controls it shows.
 */
export interface MatrixRow {
  label: string;
  controls: readonly string[];
  cell(stage: StageModel): string;
}

/**
 * A section of the governance matrix: its rows in order, each a {@link MatrixRow} or the id of a control shown in a
 * row of its own; `paths` are the model paths whose controls it holds, so a control no row names lands at the end of
 * the section of its path.
 */
export interface MatrixSectionLayout {
  title: string;
  paths: readonly string[];
  rows: ReadonlyArray<MatrixRow | string>;
}

/** The section a control whose path no section claims lands in. */
export const OTHER_SECTION = "Other controls";

const groupCell = (id: string) => (s: StageModel) => {
  const listed = listedGroup(s, id);
  return listed ? GROUP_LABEL[listed] : `${GROUP_LABEL[s.connectorPolicy.defaultGroup]} (default group)`;
};

/** The layout of the governance matrix. */
export const MATRIX: readonly MatrixSectionLayout[] = [
  {
    title: "Environment",
    paths: ["environment", "protection"],
    rows: [
      { label: "type", controls: [], cell: (s) => s.environment.type },
      {
        label: "location / region",
        controls: [],
        cell: (s) => `${s.environment.location} / ${s.environment.azureRegion}`,
      },
      {
        label: "dataverse",
        controls: [],
        cell: (s) =>
          `${s.environment.dataverse.domain} (${s.environment.dataverse.currency}, LCID ${s.environment.dataverse.language})`,
      },
      "environment.dataverse.securityGroupId",
      "protection.protectFromDeletion",
    ],
  },
  {
    title: "Data policy (DLP)",
    paths: ["connectorPolicy"],
    rows: [
      "connectorPolicy.defaultGroup",
      ...(["business", "nonBusiness", "blocked"] as const).map((g) => ({
        label: GROUP_LABEL[g],
        controls: ["connectorPolicy.connectors"],
        cell: (s: StageModel) => listCell(s.connectorPolicy[g]),
      })),
      "connectorPolicy.endpointRules",
      "connectorPolicy.actionRules",
      "connectorPolicy.customConnectorPatterns",
    ],
  },
  {
    title: "Copilot Studio capabilities",
    paths: [],
    rows: COPILOT_CAPABILITIES.map((c) => ({
      label: c.label,
      controls: c.id === UNAUTHENTICATED_CHAT_CONNECTOR ? ["connectorPolicy.unauthenticatedChat"] : [],
      cell: groupCell(c.id),
    })),
  },
  {
    title: "Managed environment",
    paths: ["managedEnvironment"],
    rows: [
      {
        label: "agent sharing",
        controls: [
          "managedEnvironment.sharing.agents.editorSharingDisabled",
          "managedEnvironment.sharing.agents.mode",
          "managedEnvironment.sharing.agents.maxViewers",
        ],
        cell: (s) => {
          const a = s.managedEnvironment.sharing.agents;
          return `editors ${a.editorSharingDisabled ? "off" : "on"}, viewers ${a.mode}, max ${a.maxViewers}`;
        },
      },
      {
        label: "app sharing",
        controls: [
          "managedEnvironment.sharing.apps.groupSharingDisabled",
          "managedEnvironment.sharing.apps.mode",
          "managedEnvironment.sharing.apps.maxUsers",
        ],
        cell: (s) => {
          const a = s.managedEnvironment.sharing.apps;
          return `groups ${a.groupSharingDisabled ? "off" : "on"}, ${a.mode}, max ${a.maxUsers === -1 ? "unlimited" : a.maxUsers}`;
        },
      },
      "managedEnvironment.sharing.flows.mode",
      {
        label: "solution checker",
        controls: ["managedEnvironment.solutionChecker.mode", "managedEnvironment.solutionChecker.ruleOverrides"],
        cell: (s) => {
          const c = s.managedEnvironment.solutionChecker;
          return c.ruleOverrides.length ? `${c.mode} (except ${c.ruleOverrides.join(", ")})` : c.mode;
        },
      },
      { label: "usage insights", controls: [], cell: (s) => onOff(s.managedEnvironment.usageInsights) },
    ],
  },
  {
    title: "Auditing and network",
    paths: ["auditing", "firewall"],
    rows: [
      {
        label: "auditing",
        controls: ["auditing.enabled", "auditing.retentionDays"],
        cell: (s) => (s.auditing.enabled ? `on, ${retentionCell(s.auditing.retentionDays)}` : "off"),
      },
      {
        label: "user access / read audit",
        controls: ["auditing.userAccessAudit", "auditing.readAudit"],
        cell: (s) => `${onOff(s.auditing.userAccessAudit)} / ${onOff(s.auditing.readAudit)}`,
      },
      {
        label: "IP firewall",
        controls: ["firewall.mode", "firewall.allowedRanges", "firewall.serviceTags"],
        cell: (s) =>
          s.firewall.mode === "off"
            ? "off"
            : `${s.firewall.mode}: ${listCell([...s.firewall.allowedRanges, ...s.firewall.serviceTags])}`,
      },
      "firewall.cookieBinding",
    ],
  },
  {
    title: "Identities",
    paths: ["identities", "groups"],
    rows: [
      {
        label: "deployment",
        controls: [
          "identities.deployment.federatedCredentials",
          "identities.deployment.clientSecret",
          "identities.deployment.roles",
        ],
        cell: (s) => {
          const d = s.identities.deployment;
          const creds = Object.keys(d.federatedCredentials);
          return `${d.displayName}: ${creds.length} federated credential(s)${d.clientSecret ? `, CLIENT SECRET (${d.clientSecret.expiresInDays} days)` : ", no secret"}; roles ${listCell(d.roles)}`;
        },
      },
      {
        label: "runtime",
        controls: ["identities.runtime"],
        cell: (s) =>
          listCell(
            Object.entries(s.identities.runtime).map(
              ([k, r]) => `${k}: ${listCell(r.roles)}${r.existingClientId ? " (existing app)" : ""}`,
            ),
          ),
      },
      {
        label: "admins / makers",
        controls: ["groups.admins", "groups.makers"],
        cell: (s) => `${listCell(s.groups.admins)} / ${listCell(s.groups.makers)}`,
      },
    ],
  },
  {
    title: "Telemetry and alerts",
    paths: ["telemetry", "alerts"],
    rows: [
      "telemetry.workspace",
      "telemetry.samplingPercentage",
      {
        label: "agent logging",
        controls: [
          "telemetry.logActivities",
          "telemetry.logActions",
          "telemetry.logSensitiveActivity",
          "telemetry.bindAgent",
        ],
        cell: (s) =>
          `activities ${onOff(s.telemetry.logActivities)}, actions ${onOff(s.telemetry.logActions)}, sensitive ${onOff(s.telemetry.logSensitiveActivity)}, agent bound ${onOff(s.telemetry.bindAgent)}`,
      },
      {
        label: "alerts",
        controls: [
          "alerts.p95LatencyMs",
          "alerts.failureRatePercent",
          "alerts.volumeAnomaly.enabled",
          "alerts.volumeAnomaly.sensitivity",
        ],
        cell: (s) =>
          `p95 > ${s.alerts.p95LatencyMs} ms, failures > ${s.alerts.failureRatePercent}%${s.alerts.volumeAnomaly.enabled ? `, volume anomaly (${s.alerts.volumeAnomaly.sensitivity})` : ""}`,
      },
      "alerts.notify",
    ],
  },
  {
    title: "Cost",
    paths: ["cost"],
    rows: [
      {
        label: "monthly budget",
        controls: ["cost.monthlyBudget", "cost.currency", "cost.alertThresholdsPercent"],
        cell: (s) =>
          `${s.cost.monthlyBudget} ${s.cost.currency} (alerts at ${s.cost.alertThresholdsPercent.join("/")}%)`,
      },
      {
        label: "cost per interaction",
        controls: ["cost.targetCostPerInteraction", "cost.expectedInteractionsPerMonth"],
        cell: (s) => {
          const implied =
            s.cost.expectedInteractionsPerMonth > 0
              ? s.cost.monthlyBudget / s.cost.expectedInteractionsPerMonth
              : Number.NaN;
          return `target ${s.cost.targetCostPerInteraction} ${s.cost.currency}; budget allows ${Number.isFinite(implied) ? implied.toFixed(4) : "n/a"} at ${s.cost.expectedInteractionsPerMonth}/month`;
        },
      },
    ],
  },
];

/** The cell of a control shown in a row of its own: its value, or its items' values comma-separated. */
export function controlCell(control: Control, model: WorkloadModel, stage: StageModel): string {
  const values = control.read(model, stage);
  if ("" in values) return control.show(values[""], "");
  return listCell(
    Object.entries(values)
      .filter(([, v]) => v !== undefined)
      .map(([item, v]) => control.show(v, item)),
  );
}

/** The value a stage control gives the governance summary: its placement's, else its value or sorted item keys. */
export function summaryValue(control: Control, model: WorkloadModel, stage: StageModel): unknown {
  if (control.summary === false) return undefined;
  if (control.summary.value) return control.summary.value(stage);
  const values = control.read(model, stage);
  return "" in values ? values[""] : sorted(Object.keys(values));
}

// ---------------------------------------------------------------------------------------------------------------
// The tenant baseline's controls

/**
 * A governed value of a tenant baseline (`kind: TenantBaseline`), in the same terms as a workload's {@link Control}:
 * an id (the model path, with `*` where a key the user chose goes), items, a strictness order and a description of
 * a change. A baseline has no stages, so a weakening has one risk, with the reason a reviewer reads. `govai diff`
 * ranks two baselines by these and `govai plan` shows them; a control added here appears in both.
 */
export interface BaselineControl {
  /** Stable id: the model path, `*` standing for the environment group or billing policy name. */
  id: string;
  /** How a reviewer names it. */
  label: string;
  /** The risk of weakening it. A change that is neither weaker nor stricter is medium when this is high, else low. */
  risk: Risk;
  /** One line: why weakening it carries that risk. */
  reason: string;
  /** The control's items in one baseline: `""` for a single value, else one per key (a connector, a group). */
  read(model: TenantBaselineModel): Record<string, unknown>;
  /** The value an item has in a baseline that does not list it (a connector nobody classified: the default group). */
  unlisted?(model: TenantBaselineModel, item: string): unknown;
  /** The model path of one item (default: the id, with the item put in for `*` or appended for a keyed set). */
  path(item: string): string;
  /** The strictness order of one item. `undefined` is "not managed" and, unless the control says otherwise, loosest. */
  compare(before: unknown, after: unknown): Strictness;
  /** One sentence for the change. */
  describe(item: string, before: unknown, after: unknown, how: Strictness): string;
  /** How one item's value is shown in a table cell. */
  show(value: unknown, item: string): string;
}

/** An enumeration, strictest first, where "not managed" (undefined) is the loosest value of all. */
const managed = (strictToLoose: readonly unknown[]) => ordered([...strictToLoose, undefined]);

/** The value of a baseline's item as a sentence shows it: "not managed" for undefined. */
const showManaged = (v: unknown): string => (v === undefined ? "not managed" : showValue(v));

const baselineTransition =
  (label: string) =>
  (item: string, a: unknown, b: unknown, how: Strictness): string =>
    `${label}${item ? ` ${item}` : ""}: ${showManaged(a)} → ${showManaged(b)} (${WORDS[how]})`;

// The item of a per-entry control is a group or policy name, never the value: a switch shows on/off.
const showBaselineCell = (v: unknown): string => (v === undefined ? "not managed" : showCell(v));

/** A single-valued baseline control. */
function tenant(
  id: string,
  label: string,
  risk: Risk,
  reason: string,
  value: (m: TenantBaselineModel) => unknown,
  compare: BaselineControl["compare"],
  o: { describe?: BaselineControl["describe"]; show?: BaselineControl["show"] } = {},
): BaselineControl {
  return {
    id,
    label,
    risk,
    reason,
    read: (m) => one(value(m)),
    path: () => id,
    compare,
    describe: o.describe ?? baselineTransition(label),
    show: o.show ?? showBaselineCell,
  };
}

/**
 * A baseline control with one item per environment group or billing policy: `id` holds `*` where the name goes.
 * `value` reads the item of one entry (undefined = the entry does not govern it).
 */
function perEntry<E>(
  id: string,
  label: string,
  risk: Risk,
  reason: string,
  entries: (m: TenantBaselineModel) => Record<string, E>,
  value: (e: E) => unknown,
  compare: BaselineControl["compare"],
): BaselineControl {
  return {
    id,
    label,
    risk,
    reason,
    read: (m) => Object.fromEntries(Object.entries(entries(m)).map(([k, e]) => [k, value(e)])),
    path: (item) => id.replace("*", item),
    compare,
    describe: baselineTransition(label),
    show: showBaselineCell,
  };
}

/**
 * A keyed set of a baseline (blocked connectors, exceptions, contacts), the item in the path after `id`; a member's
 * value is `word` ("blocked", "left out"), an absent one undefined.
 */
function baselineSet(
  id: string,
  label: string,
  risk: Risk,
  reason: string,
  word: string,
  items: (m: TenantBaselineModel) => Iterable<string>,
  compare: BaselineControl["compare"],
  describe: BaselineControl["describe"],
): BaselineControl {
  return {
    id,
    label,
    risk,
    reason,
    read: (m) => Object.fromEntries([...items(m)].map((k) => [k, word])),
    path: (item) => `${id}.${item}`,
    compare,
    describe,
    show: (v) => String(v),
  };
}

const groups = (m: TenantBaselineModel) => m.environmentGroups;
const billing = (m: TenantBaselineModel) => m.billingPolicies;
const AUDIENCE_ORDER = ["adminsOnly", "everyone"] as const;

/** The default environment's group of a connector: where its policy lists it, else the policy's default group. */
function defaultEnvironmentGroup(m: TenantBaselineModel, connector: string): ConnectorGroup | undefined {
  const p = m.dataPolicies.defaultEnvironment;
  if (p === undefined) return undefined;
  const is = (list: string[]) => list.some((id) => id.toLowerCase() === connector.toLowerCase());
  return is(p.blocked) ? "blocked" : is(p.business) ? "business" : is(p.nonBusiness) ? "nonBusiness" : p.defaultGroup;
}

/**
 * Every control of a tenant baseline, with its weakening risk and why. Ids are model paths of the
 * `TenantBaselineModel`; `*` is an environment group's or billing policy's name. A group's agent sharing has no
 * control: the spec refuses it (the provider cannot write that rule), so there is nothing to rank.
 */
export const BASELINE_CONTROLS: readonly BaselineControl[] = [
  baselineSet(
    "dataPolicies.tenantWide.blocked",
    "connector blocked tenant-wide",
    "high",
    "a connector no longer blocked tenant-wide is open to every pilot in every environment the policy covers",
    "blocked",
    (m) => m.dataPolicies.tenantWide.blocked,
    protection,
    (item, a) => `connector ${item} ${a === undefined ? "now blocked" : "no longer blocked"} tenant-wide`,
  ),
  tenant(
    "dataPolicies.tenantWide.scope",
    "tenant-wide DLP scope",
    "high",
    "leaving environments out of the tenant-wide policy lets their pilots use what it blocks",
    (m) => m.dataPolicies.tenantWide.scope,
    ordered(["allEnvironments", "exceptEnvironments"]),
  ),
  baselineSet(
    "dataPolicies.tenantWide.exceptEnvironments",
    "environment left out of the tenant-wide DLP",
    "high",
    "an environment left out of the tenant-wide policy may use every connector it blocks",
    "left out",
    (m) => m.dataPolicies.tenantWide.exceptEnvironments,
    grant,
    (item, a) =>
      a === undefined
        ? `environment ${item} is left out of the tenant-wide DLP`
        : `environment ${item} is covered by the tenant-wide DLP again`,
  ),
  tenant(
    "dataPolicies.defaultEnvironment",
    "default-environment DLP",
    "high",
    "every licensed user is a maker in the default environment; without its own policy only the tenant-wide one holds there",
    (m) => (m.dataPolicies.defaultEnvironment === undefined ? undefined : "managed"),
    declared,
    {
      describe: (_i, a) =>
        a === undefined ? "default-environment DLP is now managed" : "default-environment DLP is no longer managed",
    },
  ),
  tenant(
    "dataPolicies.defaultEnvironment.defaultGroup",
    "default-environment DLP default group",
    "high",
    "the default group takes every connector nobody classified, including those Microsoft adds later",
    (m) => m.dataPolicies.defaultEnvironment?.defaultGroup,
    managed(GROUP_ORDER),
    { show: (g) => (g === undefined ? "not managed" : GROUP_LABEL[g as ConnectorGroup]) },
  ),
  {
    id: "dataPolicies.defaultEnvironment.connectors",
    label: "default-environment connector",
    risk: "high",
    reason: "a connector moved to a looser group is usable by every maker of the default environment",
    read: (m) => {
      const p = m.dataPolicies.defaultEnvironment;
      if (p === undefined) return {};
      return Object.fromEntries(
        [...p.business, ...p.nonBusiness, ...p.blocked].map((c) => [c, defaultEnvironmentGroup(m, c)]),
      );
    },
    unlisted: (m, item) => defaultEnvironmentGroup(m, item),
    path: (item) => `dataPolicies.defaultEnvironment.connectors.${item}`,
    compare: managed(GROUP_ORDER),
    describe: (item, a, b) => `default-environment connector ${item} moved from ${showManaged(a)} to ${showManaged(b)}`,
    show: (g) => (g === undefined ? "not managed" : GROUP_LABEL[g as ConnectorGroup]),
  },
  tenant(
    "settings.environmentCreation.production",
    "who may create production and sandbox environments",
    "high",
    "anyone creating production environments can stand up a pilot outside every governed stack",
    (m) => m.settings.environmentCreation.production,
    managed(AUDIENCE_ORDER),
  ),
  tenant(
    "settings.environmentCreation.trials",
    "who may create trial environments",
    "high",
    "trial environments are how ungoverned pilots start: created by anyone, governed by nobody",
    (m) => m.settings.environmentCreation.trials,
    managed(AUDIENCE_ORDER),
  ),
  tenant(
    "settings.environmentCreation.developer",
    "who may create developer environments",
    "medium",
    "developer environments are personal and routed into a governed group, but each is one more place to build",
    (m) => m.settings.environmentCreation.developer,
    managed(AUDIENCE_ORDER),
  ),
  tenant(
    "settings.billingPolicyCreation",
    "who may create billing policies",
    "medium",
    "a billing policy anyone creates bills Copilot Studio use to a subscription outside the governed budgets",
    (m) => m.settings.billingPolicyCreation,
    managed(AUDIENCE_ORDER),
  ),
  tenant(
    "settings.shareWithEveryone",
    "sharing apps with Everyone",
    "medium",
    "an app shared with Everyone reaches every user of the tenant",
    (m) => m.settings.shareWithEveryone,
    managed([false, true]),
  ),
  tenant(
    "settings.copilotStudio.copilotFeatures",
    "Copilot authoring features",
    "low",
    "AI help for makers changes how agents are built, not who reaches them or their data",
    (m) => m.settings.copilotStudio.copilotFeatures,
    managed([false, true]),
  ),
  tenant(
    "settings.copilotStudio.publishAgentsWithAi",
    "publishing agents with generative AI",
    "medium",
    "agents published with generative answers reach users and spend Copilot Studio capacity",
    (m) => m.settings.copilotStudio.publishAgentsWithAi,
    managed([false, true]),
  ),
  tenant(
    "settings.environmentRouting.enabled",
    "environment routing",
    "high",
    "without routing new makers land in the default environment, shared by the whole tenant",
    (m) => m.settings.environmentRouting?.enabled,
    managed([true, false]),
  ),
  tenant(
    "settings.environmentRouting.targetGroup",
    "environment routing target group",
    "medium",
    "routed environments created in no group follow no group's rules",
    (m) => m.settings.environmentRouting?.targetGroup,
    declared,
  ),
  tenant(
    "settings.deleteBehavior",
    "tenant settings on destroy",
    "low",
    "it decides what a destroy leaves (the earlier values or govai's); neither weakens the tenant while the baseline stands",
    (m) => m.settings.deleteBehavior,
    (a, b) => (a === b ? "same" : "changed"),
  ),
  perEntry(
    "environmentGroups.*.rules.sharing.apps.mode",
    "canvas-app sharing of group",
    "medium",
    "apps shareable with any security group in every environment of the group",
    groups,
    (g) => g.rules.sharing?.apps.mode,
    managed(["excludeSharingToSecurityGroups", "noLimit"]),
  ),
  perEntry(
    "environmentGroups.*.rules.sharing.apps.groupSharingDisabled",
    "canvas-app group sharing disabled in group",
    "medium",
    "apps can be shared with whole groups at once",
    groups,
    (g) => g.rules.sharing?.apps.groupSharingDisabled,
    managed([true, false]),
  ),
  perEntry(
    "environmentGroups.*.rules.sharing.apps.maxUsers",
    "most canvas-app users in group",
    "medium",
    "more people reach each app of the group",
    groups,
    (g) => g.rules.sharing?.apps.maxUsers,
    lowerStricter(-1),
  ),
  perEntry(
    "environmentGroups.*.rules.solutionChecker.mode",
    "solution checker of group",
    "medium",
    "solutions with checker findings are imported into the group's environments",
    groups,
    (g) => g.rules.solutionChecker?.mode,
    managed(["block", "warn", "none"]),
  ),
  perEntry(
    "environmentGroups.*.rules.backupRetentionDays",
    "backup retention days of group",
    "medium",
    "a shorter backup retention leaves less to restore from",
    groups,
    (g) => g.rules.backupRetentionDays,
    higherStricter(),
  ),
  perEntry(
    "environmentGroups.*.rules.generativeAi.moveDataAcrossRegions",
    "generative AI may move data across regions in group",
    "high",
    "prompts and data may leave the environment's geography, whatever the residency a pilot declares",
    groups,
    (g) => g.rules.generativeAi?.moveDataAcrossRegions,
    managed([false, true]),
  ),
  perEntry(
    "environmentGroups.*.rules.generativeAi.bingSearch",
    "Bing search in group",
    "medium",
    "agents send queries to Bing, outside the tenant",
    groups,
    (g) => g.rules.generativeAi?.bingSearch,
    managed([false, true]),
  ),
  perEntry(
    "billingPolicies.*.monthlyBudget",
    "monthly budget of billing policy",
    "high",
    "Copilot Studio spend billed to Azure with a higher cap, or none, is the cost trap of pilots",
    billing,
    (b) => b.monthlyBudget,
    spendCap,
  ),
  perEntry(
    "billingPolicies.*.currency",
    "budget currency of billing policy",
    "medium",
    "without exchange rates the same amount in another currency may be any multiple of the old sum",
    billing,
    (b) => b.currency,
    (a, b) => (a === b || a === undefined || b === undefined ? "same" : "weaker"),
  ),
  {
    id: "billingPolicies.*.notify",
    label: "budget contact of billing policy",
    risk: "medium",
    reason: "a budget nobody hears about does not limit spend",
    read: (m) =>
      Object.fromEntries(
        Object.entries(m.billingPolicies).flatMap(([k, b]) =>
          Object.values(b.notify).map((p) => [`${k}: ${p.email}`, "notified"]),
        ),
      ),
    path: (item) => `billingPolicies.${item.slice(0, item.indexOf(":"))}.notify`,
    compare: protection,
    describe: (item, a) => {
      const [policy, email] = [item.slice(0, item.indexOf(":")), item.slice(item.indexOf(":") + 2)];
      return `${email} ${a === undefined ? "now notified" : "no longer notified"} of the budget of billing policy ${policy}`;
    },
    show: (v) => String(v),
  },
];

/**
 * The risk of one change of a baseline control: a weakening carries the control's risk; a change that is neither
 * weaker nor stricter is medium for a high-risk control and low otherwise; a tightening is low.
 */
export function baselineChangeRisk(control: BaselineControl, how: Strictness): Risk {
  if (how === "weaker") return control.risk;
  if (how === "changed") return control.risk === "high" ? "medium" : "low";
  return "low";
}
