/**
 * Structural checks of GitHub Actions workflows and Azure Pipelines definitions, in the spirit of actionlint: the
 * shape each system accepts (known keys, one action per step), references that resolve (needs, dependsOn, matrix),
 * expressions that close, every action or task pinned to a version, OIDC permissions exactly where a job signs in, and
 * no secret anywhere. Each function returns the problems it found, one line each; an empty list means clean.
 */
import { parseDocument } from "yaml";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Parses YAML strictly (duplicate keys and syntax errors are problems, not silently resolved). */
export function parseYaml(text: string): { value: unknown; problems: string[] } {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  return { value: doc.toJS(), problems: [...doc.errors, ...doc.warnings].map((e) => `yaml: ${e.message}`) };
}

/** Every string in a value, with its path. */
function strings(value: unknown, path: string, out: Array<[string, string]> = []): Array<[string, string]> {
  if (typeof value === "string") out.push([path, value]);
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) strings(v, `${path}[${i}]`, out);
  } else if (isObj(value)) for (const [k, v] of Object.entries(value)) strings(v, path ? `${path}.${k}` : k, out);
  return out;
}

const unknownKeys = (where: string, o: Obj, allowed: readonly string[]) =>
  Object.keys(o)
    .filter((k) => !allowed.includes(k))
    .map((k) => `${where}: unknown key '${k}'`);

function cycles(graph: Map<string, string[]>, kind: string): string[] {
  const state = new Map<string, "visiting" | "done">();
  const problems: string[] = [];
  const visit = (node: string, trail: string[]) => {
    if (state.get(node) === "done") return;
    if (state.get(node) === "visiting") {
      problems.push(`${kind}: cycle ${[...trail, node].join(" → ")}`);
      return;
    }
    state.set(node, "visiting");
    for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
    state.set(node, "done");
  };
  for (const node of graph.keys()) visit(node, []);
  return problems;
}

const GITHUB_TOP = ["name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs"];
const GITHUB_EVENTS = ["push", "pull_request", "workflow_dispatch", "schedule", "workflow_call", "merge_group"];
const GITHUB_JOB = [
  "name",
  "needs",
  "runs-on",
  "environment",
  "permissions",
  "concurrency",
  "if",
  "env",
  "defaults",
  "steps",
  "strategy",
  "timeout-minutes",
  "continue-on-error",
  "outputs",
  "container",
  "services",
];
const GITHUB_STEP = ["id", "name", "if", "uses", "run", "with", "env", "shell", "working-directory", "timeout-minutes"];
const PERMISSION_SCOPES = [
  "actions",
  "attestations",
  "checks",
  "contents",
  "deployments",
  "id-token",
  "issues",
  "discussions",
  "packages",
  "pages",
  "pull-requests",
  "repository-projects",
  "security-events",
  "statuses",
];
/** `owner/repo[/path]@vN[.N[.N]]` or a full commit SHA. */
const PINNED_ACTION = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/;
const CONTEXTS = ["github", "env", "vars", "matrix", "needs", "steps", "job", "runner", "strategy", "inputs"];

/** The `${{ … }}` expressions of a string, or a problem when one does not close. */
function githubExpressions(where: string, text: string): { expressions: string[]; problems: string[] } {
  const expressions: string[] = [];
  const problems: string[] = [];
  let at = text.indexOf("${{");
  while (at >= 0) {
    const end = text.indexOf("}}", at + 3);
    if (end < 0) {
      problems.push(`${where}: expression '${text.slice(at, at + 40)}' does not close with }}`);
      break;
    }
    expressions.push(text.slice(at + 3, end).trim());
    at = text.indexOf("${{", end + 2);
  }
  return { expressions, problems };
}

function permissionProblems(where: string, value: unknown): string[] {
  if (value === "read-all" || value === "write-all") return [`${where}: permissions ${value} is too broad`];
  if (!isObj(value)) return [`${where}: permissions must map scopes to read, write or none`];
  return Object.entries(value).flatMap(([scope, level]) => [
    ...(PERMISSION_SCOPES.includes(scope) ? [] : [`${where}: unknown permission scope '${scope}'`]),
    ...(["read", "write", "none"].includes(String(level)) ? [] : [`${where}: permission ${scope}: '${level}'`]),
    ...(scope === "id-token" && level === "read" ? [`${where}: id-token takes write or none`] : []),
  ]);
}

/** What a GitHub Actions workflow would be refused for, or would do that this project never allows. */
export function lintGithubWorkflow(text: string): string[] {
  const { value, problems } = parseYaml(text);
  if (!isObj(value)) return [...problems, "workflow: not a mapping"];
  problems.push(...unknownKeys("workflow", value, GITHUB_TOP));
  const on = value.on;
  if (!isObj(on) || Object.keys(on).length === 0) problems.push("workflow: 'on' names no event");
  else
    problems.push(...Object.keys(on).flatMap((e) => (GITHUB_EVENTS.includes(e) ? [] : [`on: unknown event '${e}'`])));
  if (value.permissions === undefined)
    problems.push("workflow: no top-level permissions (the token would get the defaults)");
  else {
    problems.push(...permissionProblems("permissions", value.permissions));
    if (isObj(value.permissions) && Object.values(value.permissions).includes("write"))
      problems.push("permissions: the workflow-wide token may only read; grant write per job");
  }
  const jobs = value.jobs;
  if (!isObj(jobs) || Object.keys(jobs).length === 0) return [...problems, "workflow: no jobs"];
  const graph = new Map<string, string[]>();
  for (const [id, job] of Object.entries(jobs)) {
    const where = `jobs.${id}`;
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(id)) problems.push(`${where}: invalid job id`);
    if (!isObj(job)) {
      problems.push(`${where}: not a mapping`);
      continue;
    }
    problems.push(...unknownKeys(where, job, GITHUB_JOB));
    if (typeof job["runs-on"] !== "string") problems.push(`${where}: no runs-on`);
    const needs = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs.map(String) : [String(job.needs)];
    graph.set(id, needs);
    for (const n of needs) if (!(n in jobs)) problems.push(`${where}: needs unknown job '${n}'`);
    if (job.environment !== undefined && typeof job.environment !== "string" && !isObj(job.environment))
      problems.push(`${where}: environment must be a name`);
    if (job.permissions !== undefined) problems.push(...permissionProblems(`${where}.permissions`, job.permissions));
    const matrix = isObj(job.strategy) && isObj(job.strategy.matrix) ? job.strategy.matrix : undefined;
    const steps = job.steps;
    if (!Array.isArray(steps) || steps.length === 0) {
      problems.push(`${where}: no steps`);
      continue;
    }
    let signsIn = false;
    steps.forEach((step, i) => {
      const at = `${where}.steps[${i}]`;
      if (!isObj(step)) {
        problems.push(`${at}: not a mapping`);
        return;
      }
      problems.push(...unknownKeys(at, step, GITHUB_STEP));
      const kinds = ["uses", "run"].filter((k) => step[k] !== undefined);
      if (kinds.length !== 1)
        problems.push(`${at}: needs exactly one of uses or run, found ${kinds.join(" and ") || "none"}`);
      if (typeof step.uses === "string") {
        if (!PINNED_ACTION.test(step.uses)) problems.push(`${at}: '${step.uses}' is not pinned to a version`);
        if (step.uses.startsWith("azure/login@")) signsIn = true;
      }
      if (step.with !== undefined && !isObj(step.with)) problems.push(`${at}: with must be a mapping`);
    });
    const idToken = isObj(job.permissions) ? job.permissions["id-token"] : undefined;
    if (signsIn && idToken !== "write") problems.push(`${where}: signs in with OIDC but has no id-token: write`);
    if (!signsIn && idToken === "write") problems.push(`${where}: has id-token: write but never signs in`);
    for (const [path, s] of strings(job, where)) {
      const { expressions, problems: unclosed } = githubExpressions(path, s);
      problems.push(...unclosed);
      for (const e of expressions) {
        const root = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(e)?.[0];
        if (root === "secrets") problems.push(`${path}: reads a secret (${e}); the pipelines hold none`);
        else if (!root || !CONTEXTS.includes(root)) problems.push(`${path}: unknown context in '${e}'`);
        else if (root === "matrix" && !matrix) problems.push(`${path}: '${e}' outside a matrix job`);
        else if (root === "matrix" && !((e.split(".")[1] ?? "") in (matrix ?? {})))
          problems.push(`${path}: '${e}' is not a matrix key`);
        else if (root === "needs" && !needs.includes(e.split(".")[1] ?? ""))
          problems.push(`${path}: '${e}' is not in needs`);
      }
    }
  }
  for (const [path, s] of strings({ on: value.on, env: value.env, concurrency: value.concurrency }, "")) {
    const { expressions, problems: unclosed } = githubExpressions(path, s);
    problems.push(...unclosed);
    for (const e of expressions) if (e.startsWith("secrets")) problems.push(`${path}: reads a secret (${e})`);
  }
  problems.push(...cycles(graph, "needs"));
  return problems;
}

const ADO_TOP = ["name", "trigger", "pr", "pool", "variables", "stages", "resources", "parameters", "schedules"];
const ADO_STAGE = ["stage", "displayName", "dependsOn", "condition", "jobs", "variables", "pool"];
const ADO_JOB = [
  "job",
  "deployment",
  "displayName",
  "dependsOn",
  "condition",
  "steps",
  "strategy",
  "environment",
  "pool",
  "variables",
  "timeoutInMinutes",
  "continueOnError",
];
const ADO_STEP = [
  "script",
  "bash",
  "task",
  "checkout",
  "displayName",
  "inputs",
  "env",
  "condition",
  "fetchDepth",
  "persistCredentials",
  "continueOnError",
  "name",
  "workingDirectory",
];
/** `Name@N`: a task pinned to its major version. */
const PINNED_TASK = /^[A-Za-z][A-Za-z0-9_.-]*@\d+$/;

/** Unbalanced `$( … )` macros and `${{ … }}` template expressions of a string. */
function adoMacroProblems(where: string, text: string): string[] {
  const problems: string[] = [];
  for (const [open, close, what] of [
    ["$(", ")", "macro"],
    ["${{", "}}", "template expression"],
  ] as const) {
    let at = text.indexOf(open);
    while (at >= 0) {
      const end = text.indexOf(close, at + open.length);
      if (end < 0) {
        problems.push(`${where}: ${what} '${text.slice(at, at + 30)}' does not close`);
        break;
      }
      at = text.indexOf(open, end + close.length);
    }
  }
  return problems;
}

function adoSteps(where: string, steps: unknown): string[] {
  if (!Array.isArray(steps) || steps.length === 0) return [`${where}: no steps`];
  return steps.flatMap((step, i) => {
    const at = `${where}[${i}]`;
    if (!isObj(step)) return [`${at}: not a mapping`];
    const kinds = ["script", "bash", "task", "checkout"].filter((k) => step[k] !== undefined);
    return [
      ...unknownKeys(at, step, ADO_STEP),
      ...(kinds.length === 1 ? [] : [`${at}: needs exactly one of script, bash, task or checkout`]),
      ...(typeof step.task === "string" && !PINNED_TASK.test(step.task)
        ? [`${at}: task '${step.task}' is not pinned to a major version`]
        : []),
      ...(step.task !== undefined && !isObj(step.inputs) ? [`${at}: task without inputs`] : []),
    ];
  });
}

/** What Azure Pipelines would refuse in a definition, or what it does that this project never allows. */
export function lintAzurePipeline(text: string): string[] {
  const { value, problems } = parseYaml(text);
  if (!isObj(value)) return [...problems, "pipeline: not a mapping"];
  problems.push(...unknownKeys("pipeline", value, ADO_TOP));
  const stages = value.stages;
  if (!Array.isArray(stages) || stages.length === 0) return [...problems, "pipeline: no stages"];
  const names = new Set<string>();
  const graph = new Map<string, string[]>();
  for (const [i, stage] of stages.entries()) {
    const where = `stages[${i}]`;
    if (!isObj(stage) || typeof stage.stage !== "string") {
      problems.push(`${where}: a stage needs a name`);
      continue;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(stage.stage)) problems.push(`${where}: invalid stage name '${stage.stage}'`);
    if (names.has(stage.stage)) problems.push(`${where}: stage '${stage.stage}' twice`);
    names.add(stage.stage);
    problems.push(...unknownKeys(where, stage, ADO_STAGE));
    const depends =
      stage.dependsOn === undefined ? [] : Array.isArray(stage.dependsOn) ? stage.dependsOn : [stage.dependsOn];
    graph.set(stage.stage, depends.map(String));
    const jobs = stage.jobs;
    if (!Array.isArray(jobs) || jobs.length === 0) {
      problems.push(`${where}: no jobs`);
      continue;
    }
    const jobNames = new Set<string>();
    for (const [j, job] of jobs.entries()) {
      const at = `${where}.jobs[${j}]`;
      if (!isObj(job)) {
        problems.push(`${at}: not a mapping`);
        continue;
      }
      problems.push(...unknownKeys(at, job, ADO_JOB));
      const id = job.job ?? job.deployment;
      if (typeof id !== "string") problems.push(`${at}: a job needs 'job' or 'deployment'`);
      else jobNames.add(id);
      if (job.dependsOn !== undefined && !jobNames.has(String(job.dependsOn)))
        problems.push(`${at}: dependsOn unknown job '${job.dependsOn}'`);
      if (job.deployment !== undefined) {
        if (typeof job.environment !== "string") problems.push(`${at}: a deployment job needs an environment`);
        const deploy = (job.strategy as { runOnce?: { deploy?: { steps?: unknown } } } | undefined)?.runOnce?.deploy;
        problems.push(...adoSteps(`${at}.strategy.runOnce.deploy.steps`, deploy?.steps));
      } else {
        problems.push(...adoSteps(`${at}.steps`, job.steps));
      }
    }
  }
  for (const [stage, depends] of graph)
    for (const d of depends) if (!names.has(d)) problems.push(`stages.${stage}: dependsOn unknown stage '${d}'`);
  for (const [path, s] of strings(value, "")) {
    problems.push(...adoMacroProblems(path, s));
    if (/\$\(\s*[A-Za-z_.]*(secret|password|key)\b/i.test(s)) problems.push(`${path}: reads a secret variable`);
  }
  problems.push(...cycles(graph, "dependsOn"));
  return problems;
}
