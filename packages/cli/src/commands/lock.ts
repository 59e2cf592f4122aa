import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseDocument } from "yaml";
import { parseCommandArgs, positionals } from "../args.ts";
import { CliError, EXIT } from "../errors.ts";
import type { Io } from "../io.ts";
import { loadWorkload } from "../load.ts";

/**
 * `govai lock <workload.yaml> [--bump]`: writes `problem.lockedDigest` for the current statement and success
 * metrics, keeping the file's comments and layout. Changing a locked problem needs `--bump`, which starts a new
 * revision (sign-offs for the old one then no longer count for prod).
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs("lock", argv, { bump: { type: "boolean" } });
  const [file] = positionals("lock", parsed, ["workload.yaml"]) as [string];
  const { model } = await loadWorkload(file, io.cwd);
  const { revision, digest, lockedDigest } = model.problem;
  const bump = parsed.values.bump === true;
  if (!bump && lockedDigest === digest) {
    io.stdout(`${file}: problem revision ${revision} is already locked at ${digest}\n`);
    return EXIT.ok;
  }
  if (!bump && lockedDigest !== undefined) {
    throw new CliError(
      `lock: the problem statement or success metrics changed since revision ${revision} was locked; run 'govai lock ${file} --bump' to lock them as revision ${revision + 1} (sign-offs for revision ${revision} will need renewing)`,
      EXIT.failed,
    );
  }
  const absolute = path.resolve(io.cwd, file);
  const document = parseDocument(await readFile(absolute, "utf8"));
  const next = bump ? revision + 1 : revision;
  document.setIn(["problem", "revision"], next);
  document.setIn(["problem", "lockedDigest"], digest);
  await writeFile(absolute, document.toString({ lineWidth: 0 }));
  io.stdout(`${file}: problem revision ${next} locked at ${digest}\n`);
  if (bump)
    io.stdout(`Sign-offs for revision ${revision} no longer count for prod: collect new ones for revision ${next}.\n`);
  return EXIT.ok;
}
