/**
 * From a live pilot to a workload spec (`govai adopt`). Pure: the pilot as read, the workload name and the stage in;
 * the spec object, the resources to import and notes out.
 *
 * The adopted stage block holds only what differs from the stage's secure defaults (so every value in it is a
 * deliberate choice a reviewer can see as an override), computed against the model a bare stage block resolves to.
 * The other stages are left to their defaults: the governed stacks create them. Values workload.yaml cannot hold
 * are left out and said so in a note; whatever the spec still cannot reproduce is found later by comparing the
 * components' inputs with the live ones (`adopt-plan.ts`).
 */
import {
  COPILOT_CONNECTORS,
  INIT_TEMPLATE_OWNERS,
  resolve,
  SpecError,
  STAGE_PROFILES,
  STAGES,
  type StageModel,
  type StageName,
  type WorkloadSpec,
} from "@govai/spec";
import type { AdoptedResource, LivePilot } from "./adopt-read.ts";

/** Something a reviewer of the adopted spec must know, and where in workload.yaml it belongs. */
export interface AdoptNote {
  /** Where in workload.yaml the note belongs (`["stages", "dev", "auditing"]`); its comment goes there. */
  path: SpecPath;
  /**
   * `not-adopted`: a live object govai leaves alone (not in the spec, not imported); `not-written`: a live value the
   * spec cannot hold, left out; `info`: context.
   */
  kind: "not-adopted" | "not-written" | "info";
  text: string;
}

/** The spec adopt writes, what to import, and the notes for the reviewer. */
export interface AdoptedSpec {
  /** A workload spec (the shape of `workloadSchema`), valid as built. */
  spec: WorkloadSpec;
  /** The live resources the stage adopts, to import into its stack. */
  imports: AdoptedResource[];
  /** Runtime identity key (`identities.runtime.<key>`) of each adopted application user, by application id. */
  runtimeKeys: Record<string, string>;
  notes: AdoptNote[];
}

/** What `govai adopt` builds a spec for. */
export interface AdoptTarget {
  /** The workload name (`metadata.name`): every derived name and URN starts with it. */
  workload: string;
  /** The stage the environment becomes. */
  stage: StageName;
  /**
   * An existing spec to adopt the stage into (`--into`): only its `stages.<stage>` is replaced. Default: a new spec
   * with the `init` template's placeholders and the other stages at their defaults.
   */
  base?: WorkloadSpec | undefined;
}

/** The problem definition of an adopted pilot: nobody has written it yet, and the gate says so. */
export const ADOPTED_PROBLEM = Object.freeze({
  statement: "TODO: the problem this pilot solves, for whom, and what it costs today.",
  metric: {
    description: "TODO: what is measured",
    baseline: 30,
    target: 5,
    unit: "minutes",
    measuredIn: "TODO: the dashboard, report or query where it is measured",
  },
});

type Json = Record<string, unknown>;

/** A path in workload.yaml, as segments (connector ids may contain dots, so never a dotted string). */
export type SpecPath = ReadonlyArray<string | number>;

/** A path for people: segments joined by dots, list positions as `[i]`. */
export function showPath(path: SpecPath): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The leaves of `live` that differ from `def`, as a partial object (arrays are leaves, written whole); undefined
 * when none differs.
 */
export function differing(live: unknown, def: unknown): unknown {
  if (isObject(live) && isObject(def)) {
    const out: Json = {};
    for (const [key, value] of Object.entries(live)) {
      if (value === undefined) continue;
      const d = differing(value, def[key]);
      if (d !== undefined) out[key] = d;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return same(live, def) ? undefined : live;
}

/** A runtime identity key (`^[A-Za-z][A-Za-z0-9_-]{0,63}$`) from an application user's name, else its client id. */
export function runtimeKey(fullName: string | undefined, applicationId: string, taken: ReadonlySet<string>): string {
  const slug = (fullName ?? "")
    .replace(/^#\s*/, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const fallback = `app-${applicationId.slice(0, 8)}`;
  const key = /^[a-z][a-z0-9-]{0,63}$/.test(slug) ? slug : fallback;
  if (!taken.has(key)) return key;
  const longer = `${key.slice(0, 55)}-${applicationId.slice(0, 8)}`;
  return taken.has(longer) ? `app-${applicationId}` : longer;
}

/**
 * The model a stage takes with nothing adopted: the secure defaults the drift is measured against. Prod names its
 * geography and region (they have no default): the live environment's.
 */
export function defaultStage(
  spec: WorkloadSpec,
  stage: StageName,
  identity: { location: string; azureRegion: string },
): StageModel {
  const bare: WorkloadSpec = {
    ...spec,
    stages: { ...spec.stages, [stage]: stage === "prod" ? { environment: { ...identity } } : {} },
  } as WorkloadSpec;
  return resolve(bare).stages[stage]!;
}

/** `<display name> (<stage>)` → `<display name>`: the workload's name for an environment named the default way. */
function workloadDisplayName(environmentName: string, stage: StageName, workload: string): string {
  const base = environmentName.endsWith(` (${stage})`)
    ? environmentName.slice(0, -` (${stage})`.length)
    : environmentName;
  return base.trim() === "" ? workload : base.trim();
}

function skeleton(pilot: LivePilot, target: AdoptTarget): WorkloadSpec {
  const env = pilot.environmentResource.inputs;
  const owners = INIT_TEMPLATE_OWNERS;
  const stages: Json = {};
  for (const s of STAGES) {
    stages[s] = s === "prod" ? { environment: { location: env.location, azureRegion: env.azureRegion } } : {};
  }
  return {
    apiVersion: "govai/v1",
    kind: "Workload",
    metadata: {
      name: target.workload,
      displayName: workloadDisplayName(String(env.displayName ?? ""), target.stage, target.workload),
      owningTeam: owners.owningTeam,
      accountable: { name: owners.accountable.name, email: owners.accountable.email },
      businessUnit: owners.businessUnit,
      costCenter: owners.costCenter,
    },
    problem: {
      statement: ADOPTED_PROBLEM.statement,
      successMetrics: { timeToAnswer: { ...ADOPTED_PROBLEM.metric } },
      revision: 1,
    },
    agent: {},
    stages,
  } as unknown as WorkloadSpec;
}

function environmentBlock(live: Json, def: StageModel["environment"], stage: StageName): Json {
  const dv = isObject(live.dataverse) ? live.dataverse : {};
  const out: Json = {};
  if (live.displayName !== def.displayName) out.displayName = live.displayName;
  if (live.description !== def.description) out.description = live.description;
  if (live.environmentType !== def.type) out.type = live.environmentType;
  // prod names its geography; dev and test inherit prod's, so they name theirs only when it differs.
  if (stage === "prod" || live.location !== def.location) out.location = live.location;
  if (stage === "prod" || live.azureRegion !== def.azureRegion) out.azureRegion = live.azureRegion;
  const dataverse: Json = {};
  if (dv.language !== def.dataverse.language) dataverse.language = dv.language;
  // An organisation that names no base currency reads none: the spec's (default) currency is then taken as given.
  if (dv.currency !== undefined && dv.currency !== def.dataverse.currency) dataverse.currency = dv.currency;
  if (dv.domain !== def.dataverse.domain) dataverse.domain = dv.domain;
  if (dv.securityGroupId !== undefined) dataverse.securityGroupId = dv.securityGroupId;
  if (Object.keys(dataverse).length > 0) out.dataverse = dataverse;
  return out;
}

const GROUPS = ["business", "nonBusiness", "blocked"] as const;

/**
 * The connector policy block. A connector listed in the spec is moved to that group (the spec's lists add
 * explicit classifications to the ones derived from the agent), so a connector is listed only where the live group
 * differs from the derived one. The Copilot Studio capability connectors are always classified by resolve(); the
 * ones the live policy leaves in its default group cannot be written and are reported.
 */
function connectorPolicyBlock(
  live: Json,
  def: StageModel["connectorPolicy"],
  path: SpecPath,
  notes: AdoptNote[],
): Json {
  const out: Json = {};
  if (live.displayName !== def.displayName) out.displayName = live.displayName;
  if (live.defaultGroup !== def.defaultGroup) out.defaultGroup = live.defaultGroup;
  const derived = new Map<string, string>();
  for (const g of GROUPS) for (const id of def[g]) derived.set(id, g);
  const classified = new Set<string>();
  for (const g of GROUPS) {
    const ids = (Array.isArray(live[g]) ? (live[g] as string[]) : []).filter((id) => {
      classified.add(id);
      return derived.get(id) !== g;
    });
    if (ids.length > 0) out[g] = ids;
  }
  const unclassified = COPILOT_CONNECTORS.map((c) => c.id).filter((id) => !classified.has(id));
  if (unclassified.length > 0) {
    notes.push({
      path,
      kind: "not-written",
      text: `The live policy leaves ${unclassified.join(", ")} in its default group; workload.yaml classifies every Copilot Studio capability connector, so they are ${unclassified.map((id) => `${id} → ${derived.get(id)}`).join(", ")} here.`,
    });
  }
  const rules = isObject(live.endpointRules) ? live.endpointRules : {};
  const endpointRules: Json = {};
  for (const [id, list] of Object.entries(rules)) {
    if (!same(list, def.endpointRules[id])) endpointRules[id] = list;
  }
  if (Object.keys(endpointRules).length > 0) out.endpointRules = endpointRules;
  const actions = isObject(live.actionRules) ? live.actionRules : {};
  if (Object.keys(actions).length > 0) out.actionRules = actions;
  if (!same(live.customConnectorPatterns ?? [], def.customConnectorPatterns)) {
    out.customConnectorPatterns = live.customConnectorPatterns;
  }
  return out;
}

function firewallBlock(live: Json, def: StageModel["firewall"], stage: StageName): Json {
  const ranges = Array.isArray(live.allowedRanges) ? live.allowedRanges : [];
  const tags = Array.isArray(live.serviceTags) ? live.serviceTags : [];
  const modes = STAGE_PROFILES[stage].firewallMode;
  // The default mode depends on whether ranges are given (prod enforces with ranges, audits without).
  const defaultMode = ranges.length > 0 || tags.length > 0 ? modes.withRanges : modes.withoutRanges;
  const { mode, allowedRanges: _r, serviceTags: _t, ...flags } = live;
  const { mode: _m, allowedRanges: _dr, serviceTags: _dt, ...defFlags } = def;
  return {
    ...(mode !== defaultMode ? { mode } : {}),
    ...(ranges.length > 0 ? { allowedRanges: ranges } : {}),
    ...(tags.length > 0 ? { serviceTags: tags } : {}),
    ...((differing(flags, defFlags) as Json | undefined) ?? {}),
  };
}

function isSystemAdministrator(role: string): boolean {
  return role.trim().toLowerCase() === "system administrator";
}

/**
 * Builds the spec of an adopted pilot. The result is valid: a value the spec's schema or cross-field rules refuse
 * is taken out of the adopted stage again and reported (a `not-written` note), so what is written always loads.
 * @throws Error when the spec cannot be made valid by leaving adopted values out (a defect).
 */
export function adoptSpec(pilot: LivePilot, target: AdoptTarget): AdoptedSpec {
  const { stage } = target;
  const notes: AdoptNote[] = [];
  const spec = target.base ? structuredClone(target.base) : skeleton(pilot, target);
  const live = pilot.environmentResource.inputs;
  const def = defaultStage(spec, stage, { location: String(live.location), azureRegion: String(live.azureRegion) });
  const base = ["stages", stage];
  const block: Json = {};
  const imports: AdoptedResource[] = [pilot.environmentResource, pilot.settings];

  const environment = environmentBlock(pilot.environmentResource.inputs, def.environment, stage);
  if (Object.keys(environment).length > 0) block.environment = environment;

  const dv = pilot.environmentResource.inputs.dataverse as Json | undefined;
  if (dv?.currency === undefined) {
    notes.push({
      path: [...base, "environment"],
      kind: "info",
      text: `The organisation names no base currency, so none is written: the provider takes workload.yaml's (${def.environment.dataverse.currency}) as given instead of replacing the environment.`,
    });
  }

  if (pilot.dataPolicy) {
    imports.push(pilot.dataPolicy);
    if (pilot.dataPolicyOwner) {
      notes.push({
        path: [...base, "connectorPolicy"],
        kind: "info",
        text: `The policy carries the ownership marker of a govai stack (owner ${pilot.dataPolicyOwner}): if that stack still manages it, remove it from that stack's state (pulumi state delete) before the import, or two stacks will manage one policy. The first update of this stack replaces the marker with its own.`,
      });
    }
    const cp = connectorPolicyBlock(pilot.dataPolicy.inputs, def.connectorPolicy, [...base, "connectorPolicy"], notes);
    if (Object.keys(cp).length > 0) block.connectorPolicy = cp;
  } else {
    notes.push({
      path: [...base, "connectorPolicy"],
      kind: "info",
      text: "No DLP policy covers only this environment: the first `pulumi up` creates one with these settings.",
    });
  }
  for (const other of pilot.otherPolicies) {
    notes.push({
      path: [...base, "connectorPolicy"],
      kind: "not-adopted",
      text: `DLP policy ${other.id} ("${other.displayName}") also covers this environment: ${other.reason}.`,
    });
  }

  if (pilot.managedEnvironment) {
    imports.push(pilot.managedEnvironment);
    const { environmentId: _id, ...live } = pilot.managedEnvironment.inputs;
    const me = differing(live, def.managedEnvironment) as Json | undefined;
    if (me) block.managedEnvironment = me;
  } else {
    notes.push({
      path: [...base, "managedEnvironment"],
      kind: "info",
      text: "The environment is not a Managed Environment: the first `pulumi up` turns it on with these settings.",
    });
  }

  const { auditing, firewall } = pilot.settings.inputs as { auditing: Json; firewall: Json };
  const audit = differing(auditing, def.auditing) as Json | undefined;
  if (audit) block.auditing = audit;
  const fw = firewallBlock(firewall, def.firewall, stage);
  if (Object.keys(fw).length > 0) block.firewall = fw;

  const runtime: Json = {};
  const runtimeKeys: Record<string, string> = {};
  const taken = new Set<string>();
  for (const user of pilot.applicationUsers) {
    const who = `application user ${user.fullName ?? user.applicationId} (${user.applicationId})`;
    if (user.skipped || !user.resource) {
      notes.push({
        path: [...base, "identities"],
        kind: "not-adopted",
        text: `The ${who}: ${user.skipped ?? "it could not be read"}.`,
      });
      continue;
    }
    const roles = (user.resource.inputs.roles as string[] | undefined) ?? [];
    if (stage === "prod" && roles.some(isSystemAdministrator)) {
      notes.push({
        path: [...base, "identities"],
        kind: "not-adopted",
        text: `The ${who} is System Administrator, which a runtime identity may not be in prod (give it least-privilege roles and run adopt again to govern it).`,
      });
      continue;
    }
    const key = runtimeKey(user.fullName, user.applicationId, taken);
    taken.add(key);
    runtimeKeys[user.applicationId] = key;
    runtime[key] = { existingClientId: user.applicationId, roles };
    imports.push(user.resource);
  }
  if (Object.keys(runtime).length > 0) block.identities = { runtime };

  // A copy: the block shares lists with the live inputs, which must stay as read when refused values are taken out.
  (spec.stages as Json)[stage] = structuredClone(block);
  leaveOutRefused(spec, stage, notes);
  return { spec, imports: imports.filter((r) => stillAdopted(r, spec, stage, runtimeKeys)), runtimeKeys, notes };
}

/** An application user stays imported only while its runtime identity is still in the spec. */
function stillAdopted(r: AdoptedResource, spec: WorkloadSpec, stage: StageName, keys: Record<string, string>): boolean {
  if (r.type !== "ApplicationUser") return true;
  const app = String(r.inputs.applicationId);
  const key = keys[app];
  const present = key !== undefined && spec.stages[stage]?.identities?.runtime?.[key] !== undefined;
  if (!present) delete keys[app];
  return present;
}

function valueAt(root: unknown, path: SpecPath): unknown {
  return path.reduce<unknown>(
    (node, key) => (isObject(node) || Array.isArray(node) ? (node as Json)[key] : undefined),
    root,
  );
}

function removeAt(root: unknown, path: SpecPath): void {
  const parent = valueAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent) && typeof key === "number") parent.splice(key, 1);
  else if (isObject(parent) && key !== undefined) delete parent[key];
}

/** The segments of a spec issue's path (`a.b[2]["odd key"]`, as the spec package writes them). */
export function parsePath(path: string): SpecPath {
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]!) as string)));
  }
  return out;
}

/** Every problem resolve() finds in `spec` (schema first, then the cross-field rules), with its path. */
function issuesOf(spec: WorkloadSpec): Array<{ path: SpecPath; message: string }> {
  try {
    resolve(spec);
    return [];
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    return error.issues.map((i) => ({ path: parsePath(i.path), message: i.message }));
  }
}

/**
 * Takes out of the adopted stage every value the schema or the cross-field rules refuse (an IPv6 range, a domain
 * the spec's pattern refuses, an enforcing firewall without ranges …), deepest first, and says so. Values outside
 * the adopted stage are adopt's own and never refused; if they are, it is a defect.
 */
function leaveOutRefused(spec: WorkloadSpec, stage: StageName, notes: AdoptNote[]): void {
  for (let round = 0; round < 100; round += 1) {
    const issues = issuesOf(spec);
    if (issues.length === 0) return;
    const inStage = issues.filter((i) => i.path[0] === "stages" && i.path[1] === stage && i.path.length > 2);
    if (inStage.length !== issues.length) {
      throw new Error(
        `adopt built an invalid spec: ${issues.map((i) => `${showPath(i.path)}: ${i.message}`).join("; ")}`,
      );
    }
    // Deepest first, and list items from the end, so an earlier removal never shifts a later path.
    const ordered = [...inStage].sort((a, b) =>
      b.path.length !== a.path.length
        ? b.path.length - a.path.length
        : String(b.path.at(-1)).localeCompare(String(a.path.at(-1)), undefined, { numeric: true }),
    );
    const done = new Set<string>();
    for (const issue of ordered) {
      const at = showPath(issue.path);
      if (done.has(at)) continue;
      done.add(at);
      const value = valueAt(spec, issue.path);
      removeAt(spec, issue.path);
      // A block or list the removal emptied says nothing the defaults do not: it goes too, up to the stage block.
      for (let up = issue.path.length - 1; up > 2; up -= 1) {
        const parent = valueAt(spec, issue.path.slice(0, up));
        const empty = Array.isArray(parent)
          ? parent.length === 0
          : isObject(parent) && Object.keys(parent).length === 0;
        if (!empty) break;
        removeAt(spec, issue.path.slice(0, up));
      }
      notes.push({
        path: issue.path.slice(0, -1),
        kind: "not-written",
        text: `The live value ${JSON.stringify(value)} of ${at} cannot be written in workload.yaml (${issue.message}); it is left out.`,
      });
    }
  }
  throw new Error("adopt could not make the adopted stage valid");
}
