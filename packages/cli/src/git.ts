import { execFile } from "node:child_process";
import { CliError, EXIT } from "./errors.ts";

/** The path does not exist at the ref (the ref itself does): for `govai diff`, a workload that is new there. */
export class GitFileMissingError extends CliError {}

/**
 * Reads `<ref>:<path>` from the git repository around `cwd` (`git show`), without touching the work tree.
 *
 * The ref comes from the command line, so it must never reach git as an option: `--output=/tmp/x` would make
 * `git show` write a file. No git ref or revision starts with `-`, so such a ref is refused before git runs, and
 * `--end-of-options` keeps git itself from reading the argument as one. (`--` would not do: for `git show` it
 * starts the list of paths, and `git show -- HEAD:f` prints nothing and succeeds.)
 */
export function readGitFile(ref: string, file: string, cwd: string): Promise<string> {
  if (ref.startsWith("-")) {
    return Promise.reject(
      new CliError(`cannot read ${ref}:${file}: '${ref}' is not a git ref (a ref never starts with '-')`, EXIT.usage),
    );
  }
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      ["show", "--end-of-options", `${ref}:${file}`],
      { cwd, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const text = `${stderr}`.trim();
        if (/not a git repository/i.test(text)) {
          return reject(new CliError(`cannot read ${ref}:${file}: not inside a git repository`, EXIT.usage));
        }
        if (/invalid object name|unknown revision|bad revision|ambiguous argument/i.test(text)) {
          return reject(new CliError(`cannot read ${ref}:${file}: unknown git ref '${ref}'`, EXIT.usage));
        }
        if (/does not exist in|exists on disk, but not in/i.test(text)) {
          return reject(new GitFileMissingError(`cannot read ${ref}:${file}: no such file at ${ref}`, EXIT.usage));
        }
        if ((error as NodeJS.ErrnoException).code === "ENOENT") {
          return reject(new CliError(`cannot read ${ref}:${file}: git is not installed`, EXIT.usage));
        }
        reject(new CliError(`cannot read ${ref}:${file}: ${text.split("\n")[0] ?? "git show failed"}`, EXIT.usage));
      },
    );
  });
}
