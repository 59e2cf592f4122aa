import { access, readFile } from "node:fs/promises";
import path from "node:path";
import { formatIssues, loadWorkloadText, type WorkloadModel, type WorkloadSpec } from "@govai/spec";
import { CliError, EXIT } from "./errors.ts";
import { readGitFile } from "./git.ts";

/** A spec loaded and resolved, and where it came from (as the user wrote it, for messages). */
export interface LoadedWorkload {
  /** The path or `<ref>:<path>` as given on the command line. */
  label: string;
  model: WorkloadModel;
  /** The spec as written (parsed, before resolve). */
  spec: WorkloadSpec;
  /** The text the spec was read from, for a command that edits it in place (`lock`, `adopt --into`). */
  text: string;
}

/**
 * Loads and resolves a workload spec from a file or, with `allowGit`, from `<git-ref>:<path>`.
 * A missing file, an unknown ref or text that is not a readable spec (a NUL byte, nesting beyond the loader's limit)
 * is a usage error (exit 2); an invalid spec fails (exit 1) with every issue, one a line.
 */
export async function loadWorkload(
  spec: string,
  cwd: string,
  options: { allowGit?: boolean } = {},
): Promise<LoadedWorkload> {
  const gitRef = options.allowGit ? parseGitSpec(spec, cwd) : undefined;
  let text: string;
  let file: string;
  if (gitRef && !(await exists(path.resolve(cwd, spec)))) {
    text = await readGitFile(gitRef.ref, gitRef.path, cwd);
    file = spec;
  } else {
    file = path.resolve(cwd, spec);
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason =
        code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (code ?? String(error));
      throw new CliError(`cannot read ${spec}: ${reason}`, EXIT.usage);
    }
  }
  const result = loadWorkloadText(text, file);
  if (!result.ok) {
    const relative = result.errors.map((issue) => ({ ...issue, file: displayPath(issue.file ?? file, cwd) }));
    const count = result.errors.length;
    // Text that is not read as a spec at all (binary, nested beyond the loader's limit) is an input error, like an
    // unreadable file; a spec with mistakes fails its check.
    const unreadable = result.errors.some((issue) => issue.unreadable === true);
    throw new CliError(
      unreadable
        ? `cannot read ${spec} as a workload spec`
        : `${spec} is not a valid workload spec (${count} ${count === 1 ? "error" : "errors"})`,
      unreadable ? EXIT.usage : EXIT.failed,
      formatIssues(relative)
        .split("\n")
        .filter((l) => l.length > 0),
    );
  }
  return { label: spec, model: result.model, spec: result.spec, text };
}

/** `<ref>:<path>` where the part before the colon is not a Windows drive letter. */
function parseGitSpec(spec: string, _cwd: string): { ref: string; path: string } | undefined {
  const colon = spec.indexOf(":");
  if (colon <= 1) return undefined;
  return { ref: spec.slice(0, colon), path: spec.slice(colon + 1) };
}

/** Whether `file` exists (anything the file system can reach under that name). */
export async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}
