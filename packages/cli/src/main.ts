import { CliError, EXIT } from "./errors.ts";
import type { Io } from "./io.ts";
import { VERSION } from "./version.ts";

/** A govai command: its usage text and a lazily imported implementation (start-up loads only what runs). */
export interface Command {
  summary: string;
  usage: string;
  run: (argv: string[], io: Io) => Promise<number>;
}

const lazy =
  (load: () => Promise<{ run: (argv: string[], io: Io) => Promise<number> }>) => async (argv: string[], io: Io) =>
    (await load()).run(argv, io);

export const COMMANDS: Record<string, Command> = {
  validate: {
    summary: "Check a workload spec or tenant baseline and print what it resolves to",
    usage: "govai validate <workload.yaml | tenant.yaml> [--format text|json]",
    run: lazy(() => import("./commands/validate.ts")),
  },
  plan: {
    summary: "Show what would be created per stage, the governance matrix and the gate verdict (offline)",
    usage:
      "govai plan <workload.yaml> [--stage dev|test|prod] [--format text|markdown|json] [--out FILE] [--as-of YYYY-MM-DD]\n       govai plan <tenant.yaml> [--format text|markdown|json] [--out FILE] [--as-of YYYY-MM-DD]",
    run: lazy(() => import("./commands/plan.ts")),
  },
  diff: {
    summary: "Governance-aware diff of two revisions of a spec (workload or tenant baseline), ranked by risk",
    usage:
      "govai diff <old> <new> [--format markdown|text|json] [--out FILE]   (each side: a file or <git-ref>:<path>, both workloads or both tenant baselines)",
    run: lazy(() => import("./commands/diff.ts")),
  },
  gate: {
    summary: "Evaluate the production-readiness gate; exit 0 only when it passes",
    usage:
      "govai gate <workload.yaml> [--stage dev|test|prod (default prod)] [--format text|json] [--as-of YYYY-MM-DD]\n       govai gate <tenant.yaml> [--format text|markdown|json] [--as-of YYYY-MM-DD]   (the tenant baseline's checks)",
    run: lazy(() => import("./commands/gate.ts")),
  },
  portfolio: {
    summary: "Readiness of every workload spec under a folder, closest to production first; --tenant: shadow AI",
    usage:
      "govai portfolio <dir> [--format text|markdown|json] [--out FILE] [--as-of YYYY-MM-DD] [--tenant [--fail-on-shadow]]\n\nWith --tenant, also lists the tenant's environments and Copilot Studio agents, each declared by a spec under <dir> or shadow (none does). Reads the tenant with the credentials the provider plugin uses (AZURE_*, az login, GOVAI_POWERPLATFORM_*); writes nothing to it. --fail-on-shadow: exit 1 when anything is shadow.",
    run: lazy(() => import("./commands/portfolio.ts")),
  },
  lock: {
    summary: "Lock the problem definition at its revision (--bump starts a new revision)",
    usage: "govai lock <workload.yaml> [--bump]",
    run: lazy(() => import("./commands/lock.ts")),
  },
  schema: {
    summary: "Print the JSON Schema of workload.yaml (for editor completion)",
    usage: "govai schema [--output workload|tenant-baseline|plan|gate|diff|portfolio] [--out FILE]",
    run: lazy(() => import("./commands/schema.ts")),
  },
  init: {
    summary: "Create a new workload spec and its three stack files (--ci: and its CI/CD pipelines)",
    usage:
      "govai init <name> [--dir DIR] [--force] [--ci github|azure-devops [--repo OWNER/NAME|ORGANIZATION/PROJECT] [--organization-id GUID]]\n\nWith --ci, also the CI/CD pipelines, written from the spec's deployment identities; when the spec exists, only the pipelines.",
    run: lazy(() => import("./commands/init.ts")),
  },
  adopt: {
    summary: "Adopt an existing pilot environment as a stage: workload.yaml, a pulumi import file, the drift",
    usage:
      "govai adopt --environment <id> [--stage dev|test|prod (default dev)] [--workload NAME] [--out FILE (default workload.yaml) | --into SPEC] [--import-file FILE] [--dlp-policy NAME] [--exclude-app CLIENT_ID]... [--force] [--as-of YYYY-MM-DD]\n\nWrites a new spec, or with --into replaces one empty stage of an existing spec (nothing else in it changes). Reads the tenant with the credentials the provider plugin uses (AZURE_*, az login, GOVAI_POWERPLATFORM_*); writes nothing to it.",
    run: lazy(() => import("./commands/adopt.ts")),
  },
};

export function topLevelHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    `govai ${VERSION}: governed AI workloads on Microsoft Power Platform, as code`,
    "",
    "Usage: govai <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Options:",
    "  -h, --help     Show help (also after a command: govai plan --help)",
    "  -v, --version  Print the version",
    "",
    "Exit codes: 0 ok, 1 a check failed (invalid spec, failing gate), 2 usage or input error, 3 internal error.",
    "",
  ].join("\n");
}

export function commandHelp(name: string, command: Command): string {
  return `govai ${name}: ${command.summary}\n\nUsage: ${command.usage}\n`;
}

/** Runs govai with `argv` (without `node` and the script). Returns the exit code; never throws. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    if (first === "help" && rest[0] && COMMANDS[rest[0]]) {
      io.stdout(commandHelp(rest[0], COMMANDS[rest[0]] as Command));
      return EXIT.ok;
    }
    io.stdout(topLevelHelp());
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  if (first === "--version" || first === "-v") {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[first];
  if (!command) {
    const hint = suggestCommand(first);
    io.stderr(`govai: unknown command '${first}'${hint ? `; did you mean '${hint}'?` : ""} (see 'govai --help')\n`);
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(commandHelp(first, command));
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`govai: ${error.message}\n`);
      for (const line of error.details) io.stderr(`${line}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`govai: internal error (please report it): ${message}\n`);
    return EXIT.internal;
  }
}

function suggestCommand(input: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of Object.keys(COMMANDS)) {
    const distance = editDistance(input, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}
