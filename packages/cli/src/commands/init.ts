import { access } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { INIT_TEMPLATE_OWNERS } from "@govai/spec";
import { parseCommandArgs, positionals } from "../args.ts";
import { CliError, EXIT } from "../errors.ts";
import type { Io } from "../io.ts";
import { writeFilesAtomically } from "../output-file.ts";

const NAME = /^[a-z][a-z0-9-]{1,22}[a-z0-9]$/;
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

/** The text of a new `workload.yaml`: it validates as written, and the gate names every placeholder in it. */
export function workloadTemplate(name: string, schemaRef: string): string {
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
  dev: {}
  test: {}
  prod:
    environment: { location: europe, azureRegion: westeurope }
    cost: { monthlyBudget: 500, expectedInteractionsPerMonth: 10000, targetCostPerInteraction: 0.05 }

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

/** `govai init <name> [--dir DIR] [--force]`: a new spec at DIR/<name>/workload.yaml and DIR/stacks/Pulumi.<name>-<stage>.yaml. */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs("init", argv, { dir: { type: "string" }, force: { type: "boolean" } });
  const [name] = positionals("init", parsed, ["name"]) as [string];
  if (!NAME.test(name)) {
    throw new CliError(
      `init: '${name}' is not a valid workload name; use 3-24 lower-case letters, digits and hyphens, starting with a letter`,
    );
  }
  const root = path.resolve(io.cwd, typeof parsed.values.dir === "string" ? parsed.values.dir : ".");
  const spec = path.join(root, name, "workload.yaml");
  const specFromRoot = path.relative(root, spec).split(path.sep).join("/");
  const files: Array<[string, string]> = [
    [spec, workloadTemplate(name, schemaReference(path.dirname(spec)))],
    ...(["dev", "test", "prod"] as const).map((stage): [string, string] => [
      path.join(root, "stacks", `Pulumi.${name}-${stage}.yaml`),
      stackTemplate(specFromRoot, stage),
    ]),
  ];
  if (!parsed.values.force) {
    const existing: string[] = [];
    for (const [file] of files) {
      if (
        await access(file).then(
          () => true,
          () => false,
        )
      )
        existing.push(path.relative(io.cwd, file));
    }
    if (existing.length) throw new CliError(`init: would overwrite ${existing.join(", ")}; use --force to replace`);
  }
  // All four or none: a folder that cannot be created or a file that cannot be written leaves nothing behind.
  await writeFilesAtomically("init", files, io.cwd);
  for (const [file] of files) io.stdout(`created ${path.relative(io.cwd, file) || file}\n`);
  io.stdout(
    `\nNext: fill in the TODOs, then 'govai lock ${path.relative(io.cwd, spec)}', 'govai plan ${path.relative(io.cwd, spec)}' and 'govai gate ${path.relative(io.cwd, spec)}'.\n`,
  );
  return EXIT.ok;
}
