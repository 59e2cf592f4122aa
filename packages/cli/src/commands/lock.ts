import { writeFile } from "node:fs/promises";
import path from "node:path";
import { LockWriteError, loadWorkloadText, placeholdersIn, problemTexts, writeProblemLock } from "@govai/spec";
import { parseCommandArgs, positionals } from "../args.ts";
import { CliError, EXIT } from "../errors.ts";
import type { Io } from "../io.ts";
import { loadWorkload } from "../load.ts";

/**
 * `govai lock <workload.yaml> [--bump]`: writes `problem.lockedDigest` for the current statement and success
 * metrics. Only `problem.revision` and `problem.lockedDigest` change: every other byte of the file (comments, flow
 * maps, block scalars, line endings) stays as it was. Changing a locked problem needs `--bump`, which starts a new
 * revision (sign-offs for the old one then no longer count for prod). A problem still made of placeholders is not
 * locked: there is nothing yet to approve.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs("lock", argv, { bump: { type: "boolean" } });
  const [file] = positionals("lock", parsed, ["workload.yaml"]) as [string];
  const { model, text: original } = await loadWorkload(file, io.cwd, {
    command: "lock",
    refusal:
      "it has no problem definition to lock; lock is for workload specs (check a baseline with govai validate and govai gate)",
  });
  const { revision, digest, lockedDigest } = model.problem;
  const bump = parsed.values.bump === true;
  const placeholders = placeholdersIn(Object.entries(problemTexts(model.problem)));
  if (placeholders.length > 0) {
    throw new CliError(
      `lock: the problem definition still has placeholders, so there is nothing to lock yet: ${placeholders.join(", ")}; write the statement and success metrics first`,
      EXIT.failed,
    );
  }
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
  const next = bump ? revision + 1 : revision;
  let text: string;
  try {
    // The text the model was resolved from: the lock is computed from it and written into it.
    text = writeProblemLock(original, { revision: next, lockedDigest: digest });
  } catch (error) {
    if (error instanceof LockWriteError)
      throw new CliError(`lock: cannot write the lock into ${file}: ${error.message}`);
    throw error;
  }
  // Written only when it reads back as intended: the same problem, now at `next`, locked at its digest.
  const check = loadWorkloadText(text, absolute);
  if (!check.ok || check.model.problem.revision !== next || check.model.problem.lockedDigest !== digest) {
    throw new CliError(`lock: cannot write the lock into ${file}: the edited file would not read back as locked`);
  }
  await writeFile(absolute, text);
  io.stdout(`${file}: problem revision ${next} locked at ${digest}\n`);
  if (bump)
    io.stdout(`Sign-offs for revision ${revision} no longer count for prod: collect new ones for revision ${next}.\n`);
  return EXIT.ok;
}
