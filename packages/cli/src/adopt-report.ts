/**
 * What `govai adopt` tells the user: the drift of the adopted stage from its secure defaults, what the first
 * `pulumi up` would still change, what was left alone, and the comments that carry the same facts (and the gate's
 * findings) into workload.yaml. Pure.
 */
import type { CheckResult, Verdict } from "@govai/gate";
import type { ResourceTypeName } from "@govai/powerplatform/provider";
import { POWER_PLATFORM_TOKEN_PREFIX, STAGE_PROFILES, type StageName, type WorkloadModel } from "@govai/spec";
import type { AdoptPlan, FirstUpChange } from "./adopt-plan.ts";
import { type AdoptNote, parsePath, type SpecPath, showPath } from "./adopt-spec.ts";
import type { PathComment } from "./adopt-yaml.ts";

/** One live setting that differs from the stage's secure default. */
export interface DriftItem {
  /** Path in the stage (`auditing.retentionDays`). */
  path: string;
  live: unknown;
  default: unknown;
  /** What accepting the default would do: `replaces the environment`, `changes in place`, … */
  effect: string;
}

/** The model sections adopt reads from the tenant; the rest of the stage is the defaults. */
const ADOPTED_SECTIONS = ["environment.", "connectorPolicy.", "managedEnvironment.", "auditing.", "firewall."];

function effectOf(path: string): string {
  if (/^environment\.(location|azureRegion|dataverse\.(language|currency))$/.test(path)) {
    return "replaces the environment and its Dataverse data";
  }
  if (path === "environment.dataverse.domain") return "renames the Dataverse domain (its URL changes)";
  if (path === "environment.type") return "changes the environment type";
  return "changes it in place";
}

/**
 * The drift of the adopted stage: every value of the sections adopt read that differs from the stage profile's
 * default (the model's overrides), and every adopted runtime identity whose roles differ from the default runtime
 * roles. This is what the first governed `pulumi up` would change if the adopted values were removed from the spec.
 */
export function driftOf(model: WorkloadModel, stage: StageName): DriftItem[] {
  const items: DriftItem[] = model.overrides
    .filter((o) => o.stage === stage && ADOPTED_SECTIONS.some((s) => o.path.startsWith(s)))
    .map((o) => ({ path: o.path, live: o.value, default: o.defaultValue, effect: effectOf(o.path) }));
  const defaultRoles = STAGE_PROFILES[stage].runtimeRoles;
  for (const [key, identity] of Object.entries(model.stages[stage]?.identities.runtime ?? {})) {
    if (JSON.stringify(identity.roles) !== JSON.stringify(defaultRoles)) {
      items.push({
        path: `identities.runtime.${key}.roles`,
        live: identity.roles,
        default: defaultRoles,
        effect: "changes the application user's roles in place",
      });
    }
  }
  return items;
}

/** A value as a reviewer reads it: strings bare (quoted when empty or padded), the rest as JSON, absence `(none)`. */
export function show(value: unknown): string {
  if (value === undefined) return "(none)";
  if (typeof value === "string") return value === "" || value.trim() !== value ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/** One drift item in one line: the live value against the default, and what taking the default would do. */
export function driftLine(d: DriftItem): string {
  let value = `${show(d.live)} (default ${show(d.default)})`;
  if (isStrings(d.live) && isStrings(d.default)) {
    const live = d.live;
    const def = d.default;
    const added = live.filter((x) => !def.includes(x));
    const removed = def.filter((x) => !live.includes(x));
    value = [
      ...(added.length ? [`${added.join(", ")} added`] : []),
      ...(removed.length ? [`${removed.join(", ")} taken out`] : []),
    ].join("; ");
    value = `${value} (default ${def.length ? def.join(", ") : "none"})`;
  }
  return `${d.path}: ${value}; taking the default ${d.effect}`;
}

/** How a list of strings changed (`adds X; removes Y`), or both values when it is not such a list. */
export function describeChange(from: unknown, to: unknown): string {
  if (isStrings(from) && isStrings(to)) {
    const added = to.filter((x) => !from.includes(x));
    const removed = from.filter((x) => !to.includes(x));
    const parts = [
      ...(added.length ? [`adds ${added.join(", ")}`] : []),
      ...(removed.length ? [`removes ${removed.join(", ")}`] : []),
    ];
    if (parts.length > 0) return parts.join("; ");
  }
  return `${show(from)} → ${show(to)}`;
}

/** Where in workload.yaml a changed input of an imported resource lives. */
export function specPathOf(
  change: FirstUpChange,
  stage: StageName,
  runtimeKeyOf: (resource: string) => string | undefined,
): SpecPath {
  const base = ["stages", stage];
  const [head, ...rest] = change.path;
  // Only the resources adopt imports; their inputs sit under these sections of the stage.
  const sections: Partial<Record<ResourceTypeName, SpecPath>> = {
    Environment: ["environment"],
    ManagedEnvironment: ["managedEnvironment"],
    DataPolicy: ["connectorPolicy"],
    EnvironmentSettings: [],
    ApplicationUser: ["identities", "runtime", runtimeKeyOf(change.resource) ?? ""],
  };
  const section = sections[change.type] ?? [];
  const field = change.type === "Environment" && head === "environmentType" ? "type" : head;
  return [...base, ...section, ...(field === undefined ? [] : [field]), ...rest];
}

/** A first-up change in one line. */
export function changeLine(change: FirstUpChange): string {
  return `${change.resource} ${showPath(change.path)}: ${describeChange(change.live, change.planned)}${change.replaces ? " (replaces it)" : ""}`;
}

/** The gate's failing and warning checks of a verdict. */
export function findings(verdict: Verdict): CheckResult[] {
  return verdict.checks.filter((c) => c.status === "fail" || c.status === "warn");
}

/** The comments of workload.yaml: the gate's findings, adopt's notes and the first-up changes, each at its path. */
export function adoptComments(
  verdict: Verdict,
  notes: readonly AdoptNote[],
  changes: readonly FirstUpChange[],
  pathOf: (change: FirstUpChange) => SpecPath,
): PathComment[] {
  const comments: PathComment[] = [];
  for (const n of notes) {
    const label =
      n.kind === "not-adopted" ? "adopt, left alone: " : n.kind === "not-written" ? "adopt, not written: " : "adopt: ";
    comments.push({ path: n.path, paragraphs: [`${label}${n.text}`] });
  }
  for (const c of changes) {
    comments.push({
      path: pathOf(c),
      paragraphs: [
        `adopt, not reproduced: the first \`pulumi up\` changes ${changeLine(c)}; workload.yaml cannot hold the live value.`,
      ],
    });
  }
  for (const f of findings(verdict)) {
    comments.push({
      path: parsePath(f.path),
      paragraphs: [
        `gate ${f.status} (${f.enforcement} in ${verdict.stage}) ${f.id}: ${f.message}`,
        `Fix: ${f.remediation}`,
      ],
    });
  }
  return comments;
}

/** What the adopt command prints once both files are written. */
export interface AdoptSummary {
  environment: { id: string; displayName: string };
  workload: string;
  stage: StageName;
  specFile: string;
  importFile: string;
  plan: AdoptPlan;
  drift: DriftItem[];
  notes: readonly AdoptNote[];
  verdict: Verdict;
  /** Adopted into an existing spec (`--into`): only the findings about the stage were written into it. */
  into?: boolean;
}

/** The summary text: what was written, the drift, what the first `pulumi up` does, and the next commands. */
export function summaryText(s: AdoptSummary): string {
  const imported = s.plan.importFile.resources.filter((r) => !r.component);
  const out: string[] = [
    `Adopted environment ${s.environment.id} ("${s.environment.displayName}") as stage ${s.stage} of workload ${s.workload}.`,
    `Wrote ${s.specFile} and ${s.importFile} (${imported.length} resources to import: ${imported.map((r) => r.type.split(":").pop()).join(", ")}).`,
    "",
    `Drift from the ${s.stage} defaults (what the first governed \`pulumi up\` would change if you took these values out of ${s.specFile}):`,
  ];
  out.push(
    ...(s.drift.length === 0
      ? ["  none: the environment already has the stage's secure defaults"]
      : s.drift.map((d) => `  ${driftLine(d)}`)),
  );
  out.push("", "What the first `pulumi up` changes in the imported resources:");
  out.push(
    ...(s.plan.changes.length === 0 && s.plan.failures.length === 0
      ? ["  nothing: the spec reproduces every value read"]
      : [...s.plan.changes.map((c) => `  ${changeLine(c)}`), ...s.plan.failures.map((f) => `  check fails: ${f}`)]),
  );
  const notAdopted = s.notes.filter((n) => n.kind === "not-adopted");
  const notWritten = s.notes.filter((n) => n.kind === "not-written");
  if (notWritten.length > 0) out.push("", "Not written:", ...notWritten.map((n) => `  ${n.text}`));
  if (notAdopted.length > 0) out.push("", "Left alone:", ...notAdopted.map((n) => `  ${n.text}`));
  const pp = s.plan.creates.filter((c) => c.type.startsWith(POWER_PLATFORM_TOKEN_PREFIX));
  const others = s.plan.creates.length - pp.length;
  out.push(
    "",
    `The first \`pulumi up\` also creates: ${[...pp.map((c) => `${c.type.split(":").pop()} ${c.name}`), `${others} Azure and Entra resources (identities, telemetry, alerts, budget)`].join(", ")}.`,
  );
  const failing = s.verdict.checks.filter((c) => c.status === "fail").length;
  const warning = s.verdict.checks.filter((c) => c.status === "warn").length;
  out.push(
    `Gate for ${s.stage}: ${s.verdict.pass ? "passes" : `fails (${failing} checks)`}${warning ? `, ${warning} warnings` : ""}; ${s.into ? `the findings about stages.${s.stage} are comments in ${s.specFile} (\`govai gate ${s.specFile} --stage ${s.stage}\` lists them all)` : `each finding is a comment in ${s.specFile}`}.${s.stage === "prod" && !s.verdict.pass ? " `pulumi up` refuses prod until the gate passes (the import does not need it)." : ""}`,
  );
  const stack = `${s.workload}-${s.stage}`;
  out.push(
    "",
    "Next, in the Pulumi project that runs the govai program:",
    `  pulumi stack init ${stack}`,
    `  pulumi config set govai-workload:workload ${s.specFile} && pulumi config set govai-workload:stage ${s.stage}`,
    `  pulumi import --file ${s.importFile} --protect=false --generate-code=false`,
    s.plan.changes.length === 0
      ? "  pulumi preview   # the imported resources show no change; the rest is created"
      : "  pulumi preview   # the imported resources show the changes above; the rest is created",
  );
  return `${out.join("\n")}\n`;
}
