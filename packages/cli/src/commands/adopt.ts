/**
 * `govai adopt --environment <id>`: turns an existing pilot environment into one stage of a governed workload.
 *
 * It reads the environment, its managed-environment settings, the DLP policies covering it, its Dataverse auditing
 * and firewall, and its application users (REST client, credentials from the environment as the provider plugin
 * takes them), then writes two files, all or nothing:
 * - `workload.yaml`: a spec whose adopted stage resolves to exactly what was read, with the gate's findings and
 *   what could not be written as comments next to the fields they concern;
 * - an import file for `pulumi import --file`, naming each live resource as the components name its child, so the
 *   first `pulumi up` adopts them instead of creating new ones.
 * It prints the drift of the live settings from the stage's secure defaults, and what the first `pulumi up` would
 * still change. Nothing is written to the tenant.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  fitName,
  loadWorkloadText,
  NAME_RULES,
  resolve,
  STAGES,
  type StageName,
  VALUE_CONTROL,
  type WorkloadModel,
  type WorkloadSpec,
} from "@govai/spec";
import type { SpecPath } from "../adopt-spec.ts";
import { asOfOption, GUID, parseCommandArgs, positionals, WORKLOAD_NAME } from "../args.ts";
import { CliError, EXIT } from "../errors.ts";
import type { Io } from "../io.ts";
import { displayPath, exists, loadWorkload } from "../load.ts";
import { writeFilesAtomically } from "../output-file.ts";
import { neutralise, plain } from "../render/safe-text.ts";

/**
 * The workload name an environment's Dataverse domain suggests: the domain without a stage suffix
 * (`claims-dev` → `claims`), when that is a valid workload name.
 */
export function workloadFromDomain(domain: string): string | undefined {
  const base = domain.toLowerCase().replace(/-(dev|test|tst|prod|prd)$/, "");
  return WORKLOAD_NAME.test(base) ? base : undefined;
}

/** The default Dataverse domain of a stage (`<workload>-<stage>`), as the spec derives it. */
function defaultDomain(workload: string, stage: StageName): string {
  return fitName(`${workload}-${stage}`, NAME_RULES.dataverseDomain);
}

/** The installed spec package's JSON Schema, relative to the folder of the spec (for the YAML language server). */
function schemaReference(specDir: string): string {
  const schema = fileURLToPath(import.meta.resolve("@govai/spec/schema.json"));
  return path.relative(specDir, schema).split(path.sep).join("/");
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

/** A failure message on one line, the tenant's text in it shown with its control characters escaped. */
function oneLine(message: string, exitCode: number = EXIT.usage): CliError {
  return new CliError(plain(message), exitCode);
}

/**
 * The dotted paths of the strings (keys too) in `value` that hold a character a spec may not hold: the spec reader's
 * own rule (`VALUE_CONTROL`), so what adopt writes is what the reader takes.
 */
function controlCharacterPaths(value: unknown, at = ""): string[] {
  if (typeof value === "string") return VALUE_CONTROL.test(value) ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => controlCharacterPaths(v, `${at}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => {
      const here = at === "" ? k : `${at}.${k}`;
      return [...(VALUE_CONTROL.test(k) ? [here] : []), ...controlCharacterPaths(v, here)];
    });
  }
  return [];
}

/** The client's error classes, as loaded (the client is loaded only once the arguments passed). */
type ClientErrors = Pick<
  typeof import("@govai/powerplatform"),
  "AuthenticationError" | "NotAdminApplicationError" | "PowerPlatformApiError" | "PowerPlatformError"
>;

/**
 * A failure of the tenant reads as one line a user can act on (exit 2: adopt could not run), or undefined for
 * anything that is not the tenant's or the sign-in's answer (a defect).
 */
export function explainReadFailure(
  error: unknown,
  environmentId: string,
  { AuthenticationError, NotAdminApplicationError, PowerPlatformApiError, PowerPlatformError }: ClientErrors,
): CliError | undefined {
  if (error instanceof NotAdminApplicationError) {
    return oneLine(
      `adopt: permission denied: ${error.serviceMessage ?? firstLine(error)} A Power Platform administrator must register this identity as an admin management application first (the AdminApplication bootstrap in packages/powerplatform/README.md)`,
      EXIT.usage,
    );
  }
  if (error instanceof AuthenticationError) {
    return oneLine(`adopt: the sign-in was refused: ${firstLine(error)}`, EXIT.usage);
  }
  if (error instanceof PowerPlatformApiError && error.status === 403) {
    return oneLine(
      `adopt: permission denied on the Dataverse organisation of environment ${environmentId}${error.code ? ` (${error.code})` : ""}: ${error.serviceMessage ?? firstLine(error)} Make this identity an application user of the environment with the System Administrator role, then run adopt again`,
      EXIT.usage,
    );
  }
  if (error instanceof Error && /^(CredentialUnavailableError|AuthenticationRequiredError)$/.test(error.name)) {
    return oneLine(
      `adopt: no Azure credential: ${firstLine(error)} (sign in with \`az login\`, or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE)`,
      EXIT.usage,
    );
  }
  if (error instanceof PowerPlatformError) {
    // The client's hint (what to check, what to run) stays on the same line.
    return oneLine(`adopt: ${firstLine(error)}${error.hint ? ` (${error.hint})` : ""}`, EXIT.usage);
  }
  if (error instanceof Error && error.name === "ProviderError")
    return oneLine(`adopt: ${firstLine(error)}`, EXIT.usage);
  return undefined;
}

/** The spec `--into` names, when the stage can be adopted into it: loaded, valid, the stage present and empty. */
async function intoSpec(
  into: string,
  stage: StageName,
  io: Io,
  force: boolean,
): Promise<{ spec: WorkloadSpec; model: WorkloadModel; text: string }> {
  // Missing, unreadable or invalid: the same one-line errors and exit codes as `govai validate`.
  const loaded = await loadWorkload(into, io.cwd, {
    command: "adopt",
    refusal:
      "adopt --into writes an environment into a workload stage, and a baseline has no stages; give --into a workload spec, or leave it out to write a new one",
  });
  const block = loaded.spec.stages[stage];
  if (block === undefined) {
    throw oneLine(
      `adopt: ${into} has no stages.${stage} (omittedStages.${stage}: ${loaded.spec.omittedStages?.[stage] ?? "none"}); add \`${stage}: {}\` under stages and take out omittedStages.${stage} first`,
    );
  }
  if (!force && Object.keys(block).length > 0) {
    throw oneLine(
      `adopt: stages.${stage} of ${into} already holds settings; --force replaces them with the adopted environment's`,
    );
  }
  return { spec: loaded.spec, model: loaded.model, text: loaded.text };
}

/** `govai adopt --environment <id> [--stage S] [--workload NAME] [--out FILE] [--import-file FILE] …`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs("adopt", argv, {
    environment: { type: "string" },
    stage: { type: "string" },
    workload: { type: "string" },
    out: { type: "string" },
    into: { type: "string" },
    "import-file": { type: "string" },
    "dlp-policy": { type: "string" },
    "exclude-app": { type: "string", multiple: true },
    force: { type: "boolean" },
    "as-of": { type: "string" },
  });
  positionals("adopt", parsed, []);
  const v = parsed.values;
  // Everything that can be refused without the tenant is refused before the first request.
  const environmentId = typeof v.environment === "string" ? v.environment.trim() : "";
  if (environmentId === "") throw oneLine("adopt: missing --environment <id> (see 'govai adopt --help')");
  if (!GUID.test(environmentId)) {
    throw oneLine(
      `adopt: --environment expects an environment id (a GUID such as 0a1b2c3d-0000-4000-8000-000000000001), found '${environmentId}'`,
    );
  }
  const stageRaw = v.stage ?? "dev";
  if (typeof stageRaw !== "string" || !(STAGES as readonly string[]).includes(stageRaw)) {
    throw oneLine(`adopt: unknown stage '${String(stageRaw)}'; expected one of ${STAGES.join(", ")}`);
  }
  const stage = stageRaw as StageName;
  if (typeof v.workload === "string" && !WORKLOAD_NAME.test(v.workload)) {
    throw oneLine(
      `adopt: '${v.workload}' is not a valid workload name; use 3-24 lower-case letters, digits and hyphens, starting with a letter`,
    );
  }
  const excludeApplications = (v["exclude-app"] as string[] | undefined) ?? [];
  const badApp = excludeApplications.find((a) => !GUID.test(a));
  if (badApp !== undefined) {
    throw oneLine(`adopt: --exclude-app expects an application (client) id, a GUID; found '${badApp}'`);
  }
  for (const option of ["out", "into", "import-file", "dlp-policy"] as const) {
    if (v[option] === "") throw oneLine(`adopt: --${option} needs a value`);
  }
  if (v.into !== undefined && v.out !== undefined) {
    throw oneLine("adopt: --into and --out exclude each other (--into rewrites one stage of that spec in place)");
  }
  const now = asOfOption("adopt", v["as-of"]);
  const force = v.force === true;
  const base = typeof v.into === "string" ? await intoSpec(v.into, stage, io, force) : undefined;
  if (base && typeof v.workload === "string" && v.workload !== base.spec.metadata.name) {
    throw oneLine(`adopt: --workload ${v.workload} differs from the name of ${v.into}, ${base.spec.metadata.name}`);
  }
  const out = typeof v.into === "string" ? v.into : typeof v.out === "string" ? v.out : "workload.yaml";
  const specFile = path.resolve(io.cwd, out);
  if (!base && !force && (await exists(specFile))) {
    throw oneLine(`adopt: would overwrite ${out}; use --force to replace it, or --into to adopt a stage into it`);
  }

  // The client, the components and the gate load only now: a usage error answers at once.
  const [pp, { readPilot }, { adoptSpec }, { planAdoption, leafDifferences }, report, yaml, gate] = await Promise.all([
    import("@govai/powerplatform"),
    import("../adopt-read.ts"),
    import("../adopt-spec.ts"),
    import("../adopt-plan.ts"),
    import("../adopt-report.ts"),
    import("../adopt-yaml.ts"),
    import("@govai/gate"),
  ]);
  let client: InstanceType<typeof pp.PowerPlatformClient>;
  try {
    // An existing environment's Dataverse answers 403 only when the identity is not one of its users: say so at
    // once instead of waiting out the grace a new organisation gets.
    client = pp.clientFromEnv(io.env, { polling: { dataverseAccessMaxWaitMs: 0 } });
  } catch (error) {
    throw explainReadFailure(error, environmentId, pp) ?? error;
  }
  let pilot: Awaited<ReturnType<typeof readPilot>>;
  try {
    pilot = await readPilot(client, environmentId, {
      dlpPolicy: typeof v["dlp-policy"] === "string" ? v["dlp-policy"] : undefined,
      excludeApplications,
    });
  } catch (error) {
    // Refusals quote the tenant's names: on one line, with their control characters shown, never acted on.
    if (error instanceof CliError) throw oneLine(error.message, error.exitCode);
    throw explainReadFailure(error, environmentId, pp) ?? error;
  }

  const domain = pilot.environment.dataverse?.domain ?? "";
  const workload = base
    ? base.spec.metadata.name
    : typeof v.workload === "string"
      ? v.workload
      : workloadFromDomain(domain);
  if (workload === undefined) {
    throw oneLine(
      `adopt: the Dataverse domain '${domain}' suggests no workload name; give one with --workload (3-24 lower-case letters, digits and hyphens)`,
    );
  }
  for (const other of STAGES) {
    const otherDomain = base ? base.model.stages[other]?.environment.dataverse.domain : defaultDomain(workload, other);
    if (other !== stage && otherDomain === domain.toLowerCase()) {
      throw oneLine(
        `adopt: the environment's Dataverse domain '${domain}' is the domain of the ${other} stage of workload ${workload}; adopt it as ${other}${base ? "" : ", or choose another --workload"}`,
      );
    }
  }
  const importOut =
    typeof v["import-file"] === "string"
      ? v["import-file"]
      : path.join(path.dirname(out), `import-${workload}-${stage}.json`);
  const importFile = path.resolve(io.cwd, importOut);
  if (importFile === specFile) throw oneLine("adopt: --out and --import-file name the same file");
  if (!force && (await exists(importFile))) {
    throw oneLine(`adopt: would overwrite ${displayPath(importFile, io.cwd)}; use --force to replace it`);
  }

  const adopted = adoptSpec(pilot, { workload, stage, base: base?.spec });
  const model = resolve(adopted.spec, { file: specFile });
  if (base) {
    // Dev and test take their geography, language and currency from prod: adopting prod must not move them.
    for (const other of STAGES) {
      const moved = other === stage ? [] : leafDifferences(base.model.stages[other], model.stages[other]);
      if (moved.length > 0) {
        throw oneLine(
          `adopt: adopting ${stage} into ${out} would change stages.${other} (${moved.map((d) => d.path.join(".")).join(", ")}), which it takes from prod; set them in stages.${other} first, or adopt into a new spec`,
          EXIT.failed,
        );
      }
    }
  }
  const plan = await planAdoption(model, stage, adopted.imports, pilot.environment.id);
  const verdict = gate.evaluate(model, stage, await gate.loadEvidence(model), now ? { now } : {});

  // An application user's changes belong to its runtime identity in the spec.
  const runtimeKeyOf = (name: string) => {
    const app = plan.imported.find((i) => i.name === name)?.resource.inputs.applicationId;
    return typeof app === "string" ? adopted.runtimeKeys[app] : undefined;
  };
  const pathOf = (c: (typeof plan.changes)[number]): SpecPath => report.specPathOf(c, stage, runtimeKeyOf);
  const comments = report.adoptComments(verdict, adopted.notes, plan.changes, pathOf);
  for (const other of STAGES) {
    if (other === stage || base) continue;
    comments.unshift({
      path: ["stages", other],
      paragraphs: [
        other === "prod" && stage !== "prod"
          ? `A new environment, created by its own stack with the prod defaults, in the adopted environment's geography and region (dev and test take both from prod).`
          : "A new environment, created by its own stack with the stage's defaults.",
      ],
    });
  }
  // A spec cannot hold a control character (the reader refuses one even written as an escape), so a tenant name
  // holding one cannot be adopted as it is: say which, before anything is written.
  const controls = controlCharacterPaths(adopted.spec);
  if (controls.length > 0) {
    throw oneLine(
      `adopt: the tenant's text holds control characters, which a workload spec cannot hold: ${controls.join(", ")}; rename them in the Power Platform admin centre, then adopt again`,
      EXIT.failed,
    );
  }
  const shownImport = displayPath(importFile, io.cwd);
  const header = [
    `yaml-language-server: $schema=${schemaReference(path.dirname(specFile))}`,
    `A governed AI workload adopted by \`govai adopt\` from the Power Platform environment ${pilot.environment.id} ("${pilot.environment.displayName}"), which becomes its ${stage} stage.`,
    `stages.${stage} holds only what differs from the stage's secure defaults. Import the live resources with \`pulumi import --file ${path.basename(importFile)}\` before the first \`pulumi up\`.`,
    "Replace every TODO and every example.com address: the gate takes none of them for a declaration.",
  ];
  let text: string;
  if (base) {
    // Only the stage's entry is written into the user's spec, with the comments about it; findings about the rest
    // of the spec are not the adopted environment's (`govai gate` lists them).
    const stagePath = ["stages", stage];
    const entryComments = comments
      .filter((c) => stagePath.every((s, i) => c.path[i] === s))
      .map((c) => ({ ...c, path: c.path.slice(1) }));
    const indent = yaml.entryIndent(base.text);
    const entry = yaml.renderAdoptedYaml({ [stage]: adopted.spec.stages[stage] }, [], entryComments, indent);
    try {
      text = yaml.spliceStage(base.text, stage, entry);
    } catch (error) {
      if (error instanceof yaml.StageSpliceError) throw oneLine(`adopt: cannot adopt into ${out}: ${error.message}`);
      throw error;
    }
  } else {
    text = yaml.renderAdoptedYaml(adopted.spec, header, comments);
  }

  // What is written must load and resolve to the model the plan was made from.
  const reloaded = loadWorkloadText(text, specFile);
  if (!reloaded.ok || JSON.stringify(reloaded.model.stages) !== JSON.stringify(model.stages)) {
    throw new Error(
      `adopt wrote a spec that does not load as planned: ${reloaded.ok ? "the adopted stage differs" : reloaded.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
    );
  }
  await writeFilesAtomically(
    "adopt",
    [
      [specFile, text],
      [importFile, `${JSON.stringify(plan.importFile, null, 2)}\n`],
    ],
    io.cwd,
  );
  io.stdout(
    report.summaryText(
      neutralise({
        environment: { id: pilot.environment.id, displayName: pilot.environment.displayName },
        workload,
        stage,
        specFile: displayPath(specFile, io.cwd),
        importFile: shownImport,
        plan,
        drift: report.driftOf(model, stage),
        notes: adopted.notes,
        verdict,
        into: base !== undefined,
      }),
    ),
  );
  return EXIT.ok;
}
