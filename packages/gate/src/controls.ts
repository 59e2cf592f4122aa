/**
 * The control catalogue: every governed value the gate judges, with its strictness order. `govai diff` ranks a
 * change by it (a change that makes a prod control weaker is high risk, always), and each control names the gate
 * checks that judge it, so the diff and the gate share one list: a control without a check, or a check a control
 * names but the gate does not have, fails the catalogue's tests.
 *
 * Pure: values are read from the WorkloadModel, nothing else.
 */
import {
  type ActionRules,
  type ConnectorGroup,
  type CustomConnectorPattern,
  DATA_CLASSIFICATIONS,
  DATA_RESIDENCY_ZONES,
  type DataResidency,
  type EndpointRule,
  SIGN_OFF_ROLES,
  type SignOff,
  type StageModel,
  type StageName,
  type WorkloadModel,
} from "@govai/spec";
import { CHECKS } from "./checks.ts";
import {
  customConnectorFallback,
  endsWithDenyAll,
  leakingAllowRule,
  UNAUTHENTICATED_CHAT_CONNECTOR,
} from "./rules/security.ts";
import { signOffPlaceholder } from "./rules/sign-off.ts";
import { SEVERITIES, type Severity } from "./types.ts";

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
 * A governed value and its strictness order. A control has items: one (key `""`) for a single value, or one per key
 * of a keyed set (a connector, a recipient, a sign-off role); an item absent on one side reads `undefined`.
 */
export interface Control {
  /** Stable id: the model path of the control (stage-relative for stage controls). Item keys are appended. */
  id: string;
  /** `stage`: read per stage; `workload`: read once, for the whole workload (and ranked as prod). */
  scope: "stage" | "workload";
  /** How a reviewer names it, e.g. "DLP default group". */
  title: string;
  /** The ids of the gate checks that judge it; the diff ranks a weakening by their highest severity. */
  checks: readonly string[];
  /** Whether an item's key is part of the change's path (`connectorPolicy.endpointRules.Http`) or only named in it. */
  itemInPath: boolean;
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

/** The group a connector lands in under a stage's policy: where it is listed, else the default group. */
export function effectiveGroup(stage: StageModel, connector: string): ConnectorGroup {
  const p = stage.connectorPolicy;
  const is = (list: string[]) => list.some((id) => id.toLowerCase() === connector.toLowerCase());
  return is(p.blocked) ? "blocked" : is(p.business) ? "business" : is(p.nonBusiness) ? "nonBusiness" : p.defaultGroup;
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
// Descriptions

/** A value for a sentence: strings as they are, -1 retention as "forever", lists and objects as JSON. */
export function showValue(v: unknown): string {
  if (v === undefined) return "none";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

const WORDS: Record<Strictness, string> = { weaker: "loosened", stricter: "tightened", changed: "changed", same: "" };

/** "<title>: before → after (loosened)". */
const transition =
  (title: string) =>
  (item: string, a: unknown, b: unknown, how: Strictness): string =>
    `${title}${item ? ` ${item}` : ""}: ${showValue(a)} → ${showValue(b)} (${WORDS[how]})`;

/** "<title>: <item> added / removed / changed". */
const membership =
  (title: string) =>
  (item: string, a: unknown, b: unknown): string =>
    `${title}: ${item} ${a === undefined ? "added" : b === undefined ? "removed" : "changed"}`;

// ---------------------------------------------------------------------------------------------------------------
// The catalogue

const one = (v: unknown): Record<string, unknown> => ({ "": v });
const S = (s: StageModel | undefined): StageModel => {
  if (!s) throw new Error("internal: a stage control read without a stage");
  return s;
};

/** A single-valued control. */
function scalar(
  scope: Control["scope"],
  id: string,
  title: string,
  checks: readonly string[],
  value: (m: WorkloadModel, s: StageModel | undefined) => unknown,
  compare: Control["compare"],
  describe: Control["describe"] = transition(title),
): Control {
  return { id, scope, title, checks, itemInPath: false, read: (m, s) => one(value(m, s)), compare, describe };
}

/** A keyed control: one item per key. */
function keyed(
  scope: Control["scope"],
  id: string,
  title: string,
  checks: readonly string[],
  itemInPath: boolean,
  items: (m: WorkloadModel, s: StageModel | undefined) => Record<string, unknown>,
  compare: Control["compare"],
  describe: Control["describe"],
  unlisted?: Control["unlisted"],
): Control {
  return { id, scope, title, checks, itemInPath, read: items, compare, describe, ...(unlisted ? { unlisted } : {}) };
}

const present = (keys: Iterable<string>): Record<string, unknown> =>
  Object.fromEntries([...keys].map((k) => [k, true]));

/** Every control of the catalogue, stage controls first (in StageModel order), then workload controls. */
export const CONTROLS: readonly Control[] = [
  scalar(
    "stage",
    "environment.dataverse.securityGroupId",
    "environment security group",
    ["security.environment-security-group"],
    (_m, s) => S(s).environment.dataverse.securityGroupId,
    declared,
  ),
  // The Entra groups given the environment's admin and maker roles: each member can change what runs in the stage
  // (a prod that the pipeline alone deploys keeps makers empty). Judged with who may enter the environment.
  keyed(
    "stage",
    "groups.admins",
    "environment admin groups",
    ["security.environment-security-group"],
    false,
    (_m, s) => present(S(s).groups.admins),
    grant,
    membership("environment admin group"),
  ),
  keyed(
    "stage",
    "groups.makers",
    "environment maker groups",
    ["security.environment-security-group"],
    false,
    (_m, s) => present(S(s).groups.makers),
    grant,
    membership("environment maker group"),
  ),
  scalar(
    "stage",
    "connectorPolicy.defaultGroup",
    "default group for new connectors",
    ["security.dlp-default-blocked", "data.connectors-allowed"],
    (_m, s) => S(s).connectorPolicy.defaultGroup,
    ordered(GROUP_ORDER),
  ),
  scalar(
    "stage",
    "connectorPolicy.unauthenticatedChat",
    `chat without authentication (${UNAUTHENTICATED_CHAT_CONNECTOR})`,
    ["security.unauthenticated-chat-blocked"],
    (_m, s) => effectiveGroup(S(s), UNAUTHENTICATED_CHAT_CONNECTOR),
    ordered(GROUP_ORDER),
    (_i, a, b) => `connector ${UNAUTHENTICATED_CHAT_CONNECTOR} moved from ${showValue(a)} to ${showValue(b)}`,
  ),
  keyed(
    "stage",
    "connectorPolicy.connectors",
    "connector",
    ["security.dlp-default-blocked", "data.connectors-allowed"],
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
    (item, a, b) => `connector ${item} moved from ${showValue(a)} to ${showValue(b)}`,
    // A connector the policy does not list is in the default group: moving it to business from there is a move
    // out of blocked (under a blocked default), not a new entry with nothing to compare.
    (_m, s, item) => effectiveGroup(S(s), item),
  ),
  keyed(
    "stage",
    "connectorPolicy.endpointRules",
    "endpoint rules of",
    ["security.endpoint-filtering", "data.restricted-protected"],
    true,
    (_m, s) => ({ ...S(s).connectorPolicy.endpointRules }),
    endpointStrictness,
    (item, _a, b, how) =>
      b === undefined ? `endpoint filtering removed from ${item}` : `endpoint rules of ${item} ${WORDS[how]}`,
  ),
  keyed(
    "stage",
    "connectorPolicy.actionRules",
    "action rules of",
    ["data.restricted-protected"],
    true,
    (_m, s) => ({ ...S(s).connectorPolicy.actionRules }),
    actionStrictness,
    (item, _a, b, how) =>
      b === undefined
        ? `action rules removed from ${item}: every action allowed`
        : `action rules of ${item} ${WORDS[how]}`,
  ),
  scalar(
    "stage",
    "connectorPolicy.customConnectorPatterns",
    "custom-connector URL patterns",
    ["security.custom-connectors-blocked"],
    (_m, s) => S(s).connectorPolicy.customConnectorPatterns,
    patternStrictness,
    (_i, _a, _b, how) => `custom-connector URL patterns ${WORDS[how]}`,
  ),
  scalar(
    "stage",
    "managedEnvironment.sharing.agents.mode",
    "agent viewer sharing",
    ["security.sharing-limited"],
    (_m, s) => S(s).managedEnvironment.sharing.agents.mode,
    ordered(["disableSharing", "excludeSharingToSecurityGroups", "noLimit"]),
  ),
  scalar(
    "stage",
    "managedEnvironment.sharing.agents.editorSharingDisabled",
    "agent editor sharing disabled",
    ["security.sharing-limited"],
    (_m, s) => S(s).managedEnvironment.sharing.agents.editorSharingDisabled,
    flag(true),
  ),
  scalar(
    "stage",
    "managedEnvironment.sharing.agents.maxViewers",
    "most agent viewers",
    ["security.sharing-limited"],
    (_m, s) => S(s).managedEnvironment.sharing.agents.maxViewers,
    lowerStricter(-1),
  ),
  scalar(
    "stage",
    "managedEnvironment.sharing.apps.mode",
    "canvas-app sharing",
    ["security.app-sharing-limited"],
    (_m, s) => S(s).managedEnvironment.sharing.apps.mode,
    ordered(["excludeSharingToSecurityGroups", "noLimit"]),
  ),
  scalar(
    "stage",
    "managedEnvironment.sharing.apps.maxUsers",
    "most canvas-app users",
    ["security.app-sharing-limited"],
    (_m, s) => S(s).managedEnvironment.sharing.apps.maxUsers,
    lowerStricter(-1),
  ),
  scalar(
    "stage",
    "managedEnvironment.sharing.apps.groupSharingDisabled",
    "canvas-app group sharing disabled",
    ["security.app-sharing-limited"],
    (_m, s) => S(s).managedEnvironment.sharing.apps.groupSharingDisabled,
    flag(true),
  ),
  scalar(
    "stage",
    "managedEnvironment.sharing.flows.mode",
    "solution-flow sharing",
    ["security.app-sharing-limited"],
    (_m, s) => S(s).managedEnvironment.sharing.flows.mode,
    ordered(["disableSharing", "noLimit"]),
  ),
  scalar(
    "stage",
    "managedEnvironment.solutionChecker.mode",
    "solution checker",
    ["security.solution-checker"],
    (_m, s) => S(s).managedEnvironment.solutionChecker.mode,
    ordered(["block", "warn", "none"]),
  ),
  keyed(
    "stage",
    "managedEnvironment.solutionChecker.ruleOverrides",
    "solution checker rules not enforced",
    ["security.solution-checker"],
    false,
    (_m, s) => present(S(s).managedEnvironment.solutionChecker.ruleOverrides),
    grant,
    membership("solution checker rules not enforced"),
  ),
  scalar(
    "stage",
    "auditing.enabled",
    "Dataverse auditing",
    ["audit.enabled"],
    (_m, s) => S(s).auditing.enabled,
    flag(true),
  ),
  scalar(
    "stage",
    "auditing.userAccessAudit",
    "user-access auditing",
    ["audit.enabled"],
    (_m, s) => S(s).auditing.userAccessAudit,
    flag(true),
  ),
  scalar(
    "stage",
    "auditing.readAudit",
    "read auditing",
    ["audit.enabled"],
    (_m, s) => S(s).auditing.readAudit,
    flag(true),
  ),
  scalar(
    "stage",
    "auditing.retentionDays",
    "audit retention days",
    ["audit.retention"],
    (_m, s) => S(s).auditing.retentionDays,
    higherStricter(-1),
  ),
  scalar(
    "stage",
    "firewall.mode",
    "IP firewall",
    ["security.network"],
    (_m, s) => S(s).firewall.mode,
    ordered(["enforce", "audit", "off"]),
  ),
  scalar(
    "stage",
    "firewall.allowedRanges",
    "firewall allowed ranges",
    ["security.network"],
    (_m, s) => S(s).firewall.allowedRanges,
    rangeStrictness,
  ),
  keyed(
    "stage",
    "firewall.serviceTags",
    "firewall service tags",
    ["security.network"],
    false,
    (_m, s) => present(S(s).firewall.serviceTags),
    grant,
    membership("firewall service tag"),
  ),
  scalar(
    "stage",
    "firewall.cookieBinding",
    "IP cookie binding",
    ["security.network"],
    (_m, s) => S(s).firewall.cookieBinding,
    flag(true),
  ),
  scalar(
    "stage",
    "firewall.allowMicrosoftTrustedServices",
    "firewall lets Microsoft trusted services through",
    ["security.network"],
    (_m, s) => S(s).firewall.allowMicrosoftTrustedServices,
    flag(false),
  ),
  scalar(
    "stage",
    "firewall.allowApplicationUsers",
    "firewall lets application users through",
    ["security.network"],
    (_m, s) => S(s).firewall.allowApplicationUsers,
    flag(false),
  ),
  scalar(
    "stage",
    "identities.deployment.clientSecret",
    "deployment identity client secret",
    ["security.no-client-secrets"],
    (_m, s) => S(s).identities.deployment.clientSecret,
    (a, b) => {
      const x = a as { expiresInDays: number } | undefined;
      const y = b as { expiresInDays: number } | undefined;
      if (x === undefined && y === undefined) return "same";
      if (x === undefined) return "weaker";
      if (y === undefined) return "stricter";
      return lowerStricter()(x.expiresInDays, y.expiresInDays);
    },
    (_i, a, b) =>
      a === undefined
        ? "the deployment identity gets a client secret"
        : b === undefined
          ? "the deployment identity's client secret is removed"
          : `the deployment identity's client secret expires after ${(b as { expiresInDays: number }).expiresInDays} days`,
  ),
  keyed(
    "stage",
    "identities.deployment.federatedCredentials",
    "CI subjects that can deploy",
    ["security.no-pull-request-deployment"],
    false,
    (_m, s) => present(Object.values(S(s).identities.deployment.federatedCredentials).map((c) => c.subject)),
    grant,
    (item, a) =>
      a === undefined ? `a new CI subject can deploy: ${item}` : `CI subject can no longer deploy: ${item}`,
  ),
  keyed(
    "stage",
    "identities.deployment.owners",
    "deployment application owners",
    ["security.no-client-secrets"],
    false,
    (_m, s) => present(S(s).identities.deployment.owners),
    grant,
    // An owner of the deployment application can add a secret to it and deploy as it.
    membership("deployment application owner"),
  ),
  keyed(
    "stage",
    "identities.deployment.roles",
    "deployment identity roles",
    ["security.least-privilege"],
    false,
    (_m, s) => present(S(s).identities.deployment.roles),
    grant,
    (item, a) =>
      a === undefined ? `deployment identity gains role ${item}` : `deployment identity loses role ${item}`,
  ),
  keyed(
    "stage",
    "identities.runtime",
    "runtime identity",
    ["security.least-privilege", "data.write-least-privilege"],
    true,
    (_m, s) => Object.fromEntries(Object.entries(S(s).identities.runtime).map(([k, r]) => [k, [...r.roles].sort()])),
    roleStrictness,
    (item, a, b) => {
      if (a === undefined) return `new runtime identity ${item} with roles ${(b as string[]).join(", ")}`;
      if (b === undefined) return `runtime identity ${item} removed`;
      const gained = (b as string[]).filter((r) => !(a as string[]).includes(r));
      const lost = (a as string[]).filter((r) => !(b as string[]).includes(r));
      return [
        ...(gained.length ? [`${item} identity gains role ${gained.join(", ")}`] : []),
        ...(lost.length ? [`${item} identity loses role ${lost.join(", ")}`] : []),
      ].join("; ");
    },
  ),
  scalar(
    "stage",
    "telemetry.logSensitiveActivity",
    "sensitive activity logging",
    ["observability.sensitive-logging-off"],
    (_m, s) => S(s).telemetry.logSensitiveActivity,
    flag(false),
  ),
  scalar(
    "stage",
    "telemetry.logActivities",
    "agent activity logging",
    ["observability.telemetry-bound"],
    (_m, s) => S(s).telemetry.logActivities,
    flag(true),
  ),
  scalar(
    "stage",
    "telemetry.logActions",
    "agent action logging",
    ["observability.telemetry-bound"],
    (_m, s) => S(s).telemetry.logActions,
    flag(true),
  ),
  scalar(
    "stage",
    "telemetry.bindAgent",
    "agent bound to App Insights",
    ["observability.telemetry-bound"],
    (_m, s) => S(s).telemetry.bindAgent,
    flag(true),
  ),
  scalar(
    "stage",
    "telemetry.samplingPercentage",
    "telemetry kept (sampling %)",
    ["observability.telemetry-bound"],
    (_m, s) => S(s).telemetry.samplingPercentage,
    higherStricter(),
  ),
  scalar(
    "stage",
    "telemetry.workspace",
    "Log Analytics workspace",
    ["observability.workspace-retention"],
    (_m, s) => S(s).telemetry.workspace,
    workspaceStrictness,
  ),
  scalar(
    "stage",
    "alerts.p95LatencyMs",
    "p95 latency alert (ms)",
    ["latency.slo-alerted"],
    (_m, s) => S(s).alerts.p95LatencyMs,
    lowerStricter(),
  ),
  scalar(
    "stage",
    "alerts.failureRatePercent",
    "failure-rate alert (%)",
    ["failure.rate-alerted"],
    (_m, s) => S(s).alerts.failureRatePercent,
    lowerStricter(),
  ),
  scalar(
    "stage",
    "alerts.windowMinutes",
    "alert window (minutes)",
    ["latency.slo-alerted", "failure.rate-alerted"],
    (_m, s) => S(s).alerts.windowMinutes,
    lowerStricter(),
  ),
  scalar(
    "stage",
    "alerts.volumeAnomaly.enabled",
    "volume anomaly alert",
    ["observability.alerts-routed"],
    (_m, s) => S(s).alerts.volumeAnomaly.enabled,
    flag(true),
  ),
  scalar(
    "stage",
    "alerts.volumeAnomaly.sensitivity",
    "volume anomaly sensitivity",
    ["observability.alerts-routed"],
    (_m, s) => S(s).alerts.volumeAnomaly.sensitivity,
    ordered(["high", "medium", "low"]),
  ),
  keyed(
    "stage",
    "alerts.notify",
    "alert recipients",
    ["observability.alerts-routed"],
    false,
    (_m, s) => present(Object.values(S(s).alerts.notify).map((p) => p.email)),
    protection,
    (item, a) => (a === undefined ? `${item} now notified` : `${item} no longer notified`),
  ),
  scalar(
    "stage",
    "cost.monthlyBudget",
    "monthly budget",
    ["cost.budget-sized"],
    (_m, s) => S(s).cost.monthlyBudget,
    (a, b, sides) => (budgetRemoved(a, b, sides) ? "weaker" : spendCap(a, b)),
    (item, a, b, how, sides) =>
      budgetRemoved(a, b, sides)
        ? `monthly budget removed: ${showValue(a)} → the profile default ${showValue(b)} (loosened)`
        : transition("monthly budget")(item, a, b, how),
  ),
  scalar(
    "stage",
    "cost.currency",
    "budget currency",
    ["cost.budget-sized"],
    (_m, s) => S(s).cost.currency,
    // Without exchange rates the same amount in another currency may be any multiple of the old sum (EUR → KWD is
    // about ×3), so a new currency counts as the budget raised ×2 or more.
    (a, b) => (a === b ? "same" : "weaker"),
    (_i, a, b) =>
      `budget currency: ${showValue(a)} → ${showValue(b)}: the budget and the cost target now count in ${showValue(b)}, so the sums they allow change (loosened)`,
  ),
  scalar(
    "stage",
    "cost.expectedInteractionsPerMonth",
    "expected interactions per month",
    ["cost.budget-sized"],
    (_m, s) => S(s).cost.expectedInteractionsPerMonth,
    (a, b) => (a === b ? "same" : Number(b) <= 0 ? "weaker" : Number(a) <= 0 ? "stricter" : "changed"),
  ),
  scalar(
    "stage",
    "cost.targetCostPerInteraction",
    "target cost per interaction",
    ["cost.budget-sized"],
    (_m, s) => S(s).cost.targetCostPerInteraction,
    spendCap,
  ),
  keyed(
    "stage",
    "cost.alertThresholdsPercent",
    "budget alert thresholds",
    ["cost.budget-sized"],
    false,
    (_m, s) => present(S(s).cost.alertThresholdsPercent.map(String)),
    protection,
    (item, a) => (a === undefined ? `budget alert at ${item}% added` : `budget alert at ${item}% removed`),
  ),
  scalar(
    "stage",
    "protection.protectFromDeletion",
    "deletion protection",
    ["rollback.deletion-protected"],
    (_m, s) => S(s).protection.protectFromDeletion,
    flag(true),
  ),
  scalar(
    "stage",
    "protection.allowDataverseDeletion",
    "a destroy may delete Dataverse data",
    ["rollback.deletion-protected"],
    (_m, s) => S(s).protection.allowDataverseDeletion,
    flag(false),
  ),
  // Workload-wide controls: they hold in every stage, prod included, so their weakenings are ranked as prod's.
  scalar(
    "workload",
    "agent.authentication.mode",
    "agent authentication",
    ["security.agent-authenticated"],
    (m) => m.agent.authentication.mode,
    ordered(["entra", "manual", "none"]),
  ),
  scalar(
    "workload",
    "agent.authentication.requireSignIn",
    "agent requires sign-in",
    ["security.agent-authenticated"],
    (m) => m.agent.authentication.requireSignIn,
    flag(true),
  ),
  scalar(
    "workload",
    "metadata.dataResidency",
    "data residency",
    ["compliance.data-residency"],
    (m) => m.metadata.dataResidency,
    residencyStrictness,
  ),
  keyed(
    "workload",
    "dataSources.classification",
    "data source classification",
    ["data.restricted-protected"],
    false,
    (m) => Object.fromEntries(Object.entries(m.dataSources).map(([k, d]) => [k, d.classification])),
    // Sources added or removed are reported as such; here only a reclassification counts.
    (a, b) => (a === undefined || b === undefined ? "same" : ordered([...DATA_CLASSIFICATIONS].reverse())(a, b)),
    (item, a, b, how) =>
      `data source ${item} classification ${how === "weaker" ? "lowered" : "raised"} (${showValue(a)} → ${showValue(b)})`,
  ),
  keyed(
    "workload",
    "dataSources.access",
    "data source access",
    ["data.write-least-privilege"],
    false,
    (m) => Object.fromEntries(Object.entries(m.dataSources).map(([k, d]) => [k, d.access])),
    (a, b) => (a === undefined || b === undefined ? "same" : ordered(["read", "write", "readWrite"])(a, b)),
    (item, a, b) => `data source ${item} access ${showValue(a)} → ${showValue(b)}`,
  ),
  keyed(
    "workload",
    "readiness.signOffs",
    "sign-off",
    SIGN_OFF_ROLES.map((r) => `signoff.${r}`),
    true,
    (m) => ({ ...m.readiness.signOffs }),
    signOffStrictness,
    (role, a, b, how) => {
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
  ),
  scalar(
    "workload",
    "readiness.slos.p95LatencyMs",
    "p95 latency SLO (ms)",
    ["latency.slo-declared", "latency.slo-alerted", "latency.load-test"],
    (m) => m.readiness.slos.p95LatencyMs,
    lowerStricter(),
  ),
  scalar(
    "workload",
    "readiness.slos.throughputPerMinute",
    "throughput SLO (per minute)",
    ["throughput.slo-declared", "latency.load-test"],
    (m) => m.readiness.slos.throughputPerMinute,
    higherStricter(),
  ),
  scalar(
    "workload",
    "readiness.failureHandling.escalationPath",
    "escalation path",
    ["failure.escalation-path"],
    (m) => m.readiness.failureHandling.escalationPath,
    declared,
  ),
  scalar(
    "workload",
    "readiness.failureHandling.fallback",
    "fallback",
    ["failure.fallback"],
    (m) => m.readiness.failureHandling.fallback,
    declared,
  ),
  scalar(
    "workload",
    "readiness.rollback.rtoMinutes",
    "rollback RTO (minutes)",
    ["rollback.rto-declared", "rollback.restore-drill"],
    (m) => m.readiness.rollback.rtoMinutes,
    lowerStricter(),
  ),
  keyed(
    "workload",
    "readiness.evidence",
    "evidence file",
    ["latency.load-test", "quality.evaluation", "rollback.restore-drill", "security.pen-test"],
    true,
    (m) => Object.fromEntries(Object.entries(m.readiness.evidence).map(([k, e]) => [k, `${e.kind} ${e.file}`])),
    protection,
    membership("evidence file"),
  ),
  keyed(
    "workload",
    "readiness.evidenceWaivers",
    "evidence waiver",
    ["latency.load-test", "quality.evaluation", "rollback.restore-drill", "security.pen-test"],
    true,
    (m) => ({ ...m.readiness.evidenceWaivers }),
    grant,
    (kind, a, b) =>
      a === undefined
        ? `prod may go without ${kind} evidence (waived: ${showValue(b)})`
        : b === undefined
          ? `the waiver of ${kind} evidence is withdrawn`
          : `the waiver of ${kind} evidence changed`,
  ),
];

const SEVERITY_OF = new Map(CHECKS.map((c) => [c.meta.id, c.meta.severity]));

/** The highest severity among a control's checks (a control the gate does not judge would be `low`). */
export function controlSeverity(control: Control): Severity {
  const levels = control.checks.map((id) => SEVERITIES.indexOf(SEVERITY_OF.get(id) ?? "low"));
  return SEVERITIES[Math.min(...levels, SEVERITIES.length - 1)]!;
}

/**
 * The risk of one change of a control, by the catalogue: a weakening is high in prod (and for a workload-wide
 * control, which prod carries too), high in test when a critical check judges the control, medium otherwise; in
 * dev medium for a critical control, low otherwise. A tightening is low. A change that is neither is medium in prod
 * and low elsewhere.
 */
export function changeRisk(control: Control, stage: StageName | undefined, how: Strictness): Risk {
  const critical = controlSeverity(control) === "critical";
  const where = control.scope === "workload" || stage === undefined ? "prod" : stage;
  if (how === "weaker")
    return where === "prod" ? "high" : where === "test" ? (critical ? "high" : "medium") : critical ? "medium" : "low";
  if (how === "changed") return where === "prod" ? "medium" : "low";
  return "low";
}
