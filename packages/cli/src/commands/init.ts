import path from "node:path";
import { fileURLToPath } from "node:url";
import { INIT_TEMPLATE_OWNERS, loadWorkloadText, type StageName, type WorkloadModel } from "@govai/spec";
import { formatOption, GUID, parseCommandArgs, positionals, WORKLOAD_NAME } from "../args.ts";
import { CI_KINDS, type CiKind, CiTemplateError, ciFiles } from "../ci-templates.ts";
import { CliError, EXIT } from "../errors.ts";
import type { Io } from "../io.ts";
import { exists, loadWorkload } from "../load.ts";
import { writeFilesAtomically } from "../output-file.ts";

/** The Pulumi project name of the root program (`Pulumi.yaml`); stack config keys are namespaced by it. */
export const PROJECT = "govai-workload";

/**
 * The problem definition the template starts with. It is not locked: a lock freezes what sign-offs approve, and
 * these words are placeholders. `govai lock` locks it once it is written (and refuses while it is TODO text).
 */
const STATEMENT = "TODO: the problem this agent solves, for whom, and what it costs today.";
const METRICS = {
  timeToAnswer: {
    description: "TODO: what is measured",
    baseline: 30,
    target: 5,
    unit: "minutes",
    measuredIn: "TODO: the dashboard, report or query where it is measured",
  },
};

/**
 * The text of a new `workload.yaml`: it validates as written, and the gate names every placeholder in it.
 * @param credentials per stage, the deployment identity's federated credential as one `key: { … }` YAML line
 *   (`init --ci` gives the one its pipeline signs in with); none by default.
 */
export function workloadTemplate(
  name: string,
  schemaRef: string,
  credentials: Partial<Record<StageName, string>> = {},
): string {
  const identities = (stage: StageName) =>
    credentials[stage]
      ? `\n    identities:\n      deployment:\n        federatedCredentials:\n          ${credentials[stage]}`
      : "";
  const owners = INIT_TEMPLATE_OWNERS;
  const title = name
    .split("-")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
  return `# yaml-language-server: $schema=${schemaRef}
# A governed AI workload. \`govai validate\` checks it, \`govai plan\` shows what each stage would create, and
# \`govai gate --stage prod\` tells what stands between it and production. Replace every TODO and every
# example.com address: the gate takes none of them for a declaration.
apiVersion: govai/v1
kind: Workload

metadata:
  name: ${name}
  displayName: ${title}
  owningTeam: ${owners.owningTeam}
  accountable: { name: ${owners.accountable.name}, email: ${owners.accountable.email} }
  businessUnit: ${owners.businessUnit}
  costCenter: ${owners.costCenter}

problem:
  statement: "${STATEMENT}"
  successMetrics:
    timeToAnswer:
      description: "${METRICS.timeToAnswer.description}"
      baseline: ${METRICS.timeToAnswer.baseline}
      target: ${METRICS.timeToAnswer.target}
      unit: ${METRICS.timeToAnswer.unit}
      measuredIn: "${METRICS.timeToAnswer.measuredIn}"
  outOfScope: []
  # Once the statement and the metrics are written, \`govai lock\` locks them at this revision (it adds
  # lockedDigest). Changing them later needs \`govai lock --bump\`: a new revision, and new sign-offs.
  revision: 1

dataSources: {}

agent:
  displayName: ${title}
  authentication: { mode: entra }
  channels: [teams]

stages:
  dev:${identities("dev") || " {}"}
  test:${identities("test") || " {}"}
  prod:
    environment: { location: europe, azureRegion: westeurope }
    cost: { monthlyBudget: 500, expectedInteractionsPerMonth: 10000, targetCostPerInteraction: 0.05 }${identities("prod")}

readiness:
  slos: { p95LatencyMs: 8000, throughputPerMinute: 10 }
  failureHandling:
    fallback: TODO what the agent does when it cannot answer
    escalationPath: TODO the queue or team a conversation goes to
  rollback: { rtoMinutes: 120 }
  signOffs: {}
`;
}

/** The installed spec package's JSON Schema, relative to the folder of the new spec (for the YAML language server). */
function schemaReference(specDir: string): string {
  const schema = fileURLToPath(import.meta.resolve("@govai/spec/schema.json"));
  return path.relative(specDir, schema).split(path.sep).join("/");
}

export function stackTemplate(specPath: string, stage: string): string {
  return `# Stack ${stage} of the workload in ${specPath}: \`pulumi up\` on this stack deploys the ${stage} stage only.
config:
  ${PROJECT}:workload: ${specPath}
  ${PROJECT}:stage: ${stage}
`;
}

const GITHUB_REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const AZURE_DEVOPS_PROJECT = /^[^/\s]+\/[^/]+$/;

/**
 * The deployment credential of each stage of a new spec, for the pipeline `init --ci` writes with it: GitHub
 * environments `<name>-<stage>` of `--repo`, or Azure DevOps service connections `<name>-<stage>` of the project.
 */
function newSpecCredentials(
  ci: CiKind,
  name: string,
  repo: string | undefined,
  organizationId: string | undefined,
): Record<StageName, string> {
  const stages = ["dev", "test", "prod"] as const;
  if (ci === "github") {
    if (organizationId !== undefined) throw new CliError("init: --organization-id goes with --ci azure-devops");
    if (repo === undefined || !GITHUB_REPO.test(repo)) {
      throw new CliError(
        `init: --ci github for a new spec needs --repo <owner>/<name>, the repository whose environments the deployment identities trust${repo === undefined ? "" : `; found '${repo}'`}`,
      );
    }
    return Object.fromEntries(
      stages.map((stage) => [
        stage,
        `github-${stage}: { github: { repo: ${JSON.stringify(repo)}, environment: ${JSON.stringify(`${name}-${stage}`)} } }`,
      ]),
    ) as Record<StageName, string>;
  }
  if (repo === undefined || !AZURE_DEVOPS_PROJECT.test(repo)) {
    throw new CliError(
      `init: --ci azure-devops for a new spec needs --repo <organization>/<project>, the Azure DevOps project whose service connections the deployment identities trust${repo === undefined ? "" : `; found '${repo}'`}`,
    );
  }
  if (organizationId === undefined || !GUID.test(organizationId)) {
    throw new CliError(
      `init: --ci azure-devops for a new spec needs --organization-id <guid>, the Azure DevOps organization id (the issuer of its tokens)${organizationId === undefined ? "" : `; found '${organizationId}'`}`,
    );
  }
  const [organization, project] = repo.split("/") as [string, string];
  return Object.fromEntries(
    stages.map((stage) => [
      stage,
      `azure-devops-${stage}: { azureDevOps: { organization: ${JSON.stringify(organization)}, project: ${JSON.stringify(project)}, serviceConnection: ${JSON.stringify(`${name}-${stage}`)}, organizationId: ${organizationId.toLowerCase()} } }`,
    ]),
  ) as Record<StageName, string>;
}

/** The pipeline files of `ci` for a resolved spec, as [absolute path, text]; a spec they cannot fit fails (exit 1). */
function pipelineFiles(ci: CiKind, model: WorkloadModel, specFromRoot: string, root: string): Array<[string, string]> {
  try {
    return ciFiles(ci, model, specFromRoot).map((f): [string, string] => [path.join(root, f.path), f.text]);
  } catch (error) {
    if (error instanceof CiTemplateError) {
      throw new CliError(`init: cannot write the ${ci} pipelines from ${specFromRoot}`, EXIT.failed, error.problems);
    }
    throw error;
  }
}

/**
 * `govai init <name> [--dir DIR] [--force] [--ci github|azure-devops [--repo R] [--organization-id GUID]]`: a new spec
 * at DIR/<name>/workload.yaml and DIR/stacks/Pulumi.<name>-<stage>.yaml. With `--ci`, also the pipelines; when the spec
 * already exists, only the pipelines, written from it.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs("init", argv, {
    dir: { type: "string" },
    force: { type: "boolean" },
    ci: { type: "string" },
    repo: { type: "string" },
    "organization-id": { type: "string" },
  });
  const [name] = positionals("init", parsed, ["name"]) as [string];
  if (!WORKLOAD_NAME.test(name)) {
    throw new CliError(
      `init: '${name}' is not a valid workload name; use 3-24 lower-case letters, digits and hyphens, starting with a letter`,
    );
  }
  const ci =
    parsed.values.ci === undefined ? undefined : formatOption("init", parsed.values.ci, CI_KINDS, "github", "ci");
  const repo = typeof parsed.values.repo === "string" ? parsed.values.repo : undefined;
  const organizationId =
    typeof parsed.values["organization-id"] === "string" ? parsed.values["organization-id"] : undefined;
  if (ci === undefined && (repo !== undefined || organizationId !== undefined)) {
    throw new CliError("init: --repo and --organization-id go with --ci (see 'govai init --help')");
  }
  const root = path.resolve(io.cwd, typeof parsed.values.dir === "string" ? parsed.values.dir : ".");
  const spec = path.join(root, name, "workload.yaml");
  const specFromRoot = path.relative(root, spec).split(path.sep).join("/");
  const specExists = await exists(spec);
  let files: Array<[string, string]>;
  if (ci !== undefined && specExists) {
    // The spec decides: its deployment identities name the environments or service connections to sign in with.
    if (repo !== undefined || organizationId !== undefined) {
      throw new CliError(
        `init: ${path.relative(io.cwd, spec)} exists, and its deployment identities decide the pipelines; leave out --repo and --organization-id`,
      );
    }
    const { model } = await loadWorkload(path.relative(io.cwd, spec), io.cwd, {
      command: "init",
      refusal:
        "init --ci writes pipelines from a workload's deployment identities and stages, which a baseline has not; choose another name for the workload",
    });
    files = pipelineFiles(ci, model, specFromRoot, root);
  } else {
    const text = workloadTemplate(
      name,
      schemaReference(path.dirname(spec)),
      ci === undefined ? {} : newSpecCredentials(ci, name, repo, organizationId),
    );
    files = [
      [spec, text],
      ...(["dev", "test", "prod"] as const).map((stage): [string, string] => [
        path.join(root, "stacks", `Pulumi.${name}-${stage}.yaml`),
        stackTemplate(specFromRoot, stage),
      ]),
    ];
    if (ci !== undefined) {
      const loaded = loadWorkloadText(text, spec);
      if (!loaded.ok) throw new Error(`the new spec does not load: ${JSON.stringify(loaded.errors)}`);
      files.push(...pipelineFiles(ci, loaded.model, specFromRoot, root));
    }
  }
  if (!parsed.values.force) {
    const existing: string[] = [];
    for (const [file] of files) {
      if (await exists(file)) existing.push(path.relative(io.cwd, file));
    }
    if (existing.length) throw new CliError(`init: would overwrite ${existing.join(", ")}; use --force to replace`);
  }
  // All or none: a folder that cannot be created or a file that cannot be written leaves nothing behind.
  await writeFilesAtomically("init", files, io.cwd);
  for (const [file] of files) io.stdout(`created ${path.relative(io.cwd, file) || file}\n`);
  if (!specExists) {
    io.stdout(
      `\nNext: fill in the TODOs, then 'govai lock ${path.relative(io.cwd, spec)}', 'govai plan ${path.relative(io.cwd, spec)}' and 'govai gate ${path.relative(io.cwd, spec)}'.\n`,
    );
  }
  if (ci !== undefined) {
    io.stdout(
      ci === "github"
        ? "\nThe workflows read the variables listed at their top; create the GitHub environments their deploy jobs name, with required reviewers on the prod one.\n"
        : `\nThe pipeline reads the variable group govai-${name}; create its environments and service connections (see its header), with approvals on the prod environment.\n`,
    );
  }
  return EXIT.ok;
}
