import { access, readFile } from "node:fs/promises";
import path from "node:path";
import {
  formatIssues,
  loadSpecText,
  loadWorkloadText,
  type TenantBaselineModel,
  type TenantBaselineSpec,
  type WorkloadModel,
  type WorkloadSpec,
} from "@govai/spec";
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

/** A tenant baseline loaded and resolved, and where it came from. */
export interface LoadedBaseline {
  /** The path or `<ref>:<path>` as given on the command line. */
  label: string;
  model: TenantBaselineModel;
  spec: TenantBaselineSpec;
  text: string;
}

/** Either kind of spec, as its `kind` says. */
export type LoadedSpec = ({ kind: "Workload" } & LoadedWorkload) | ({ kind: "TenantBaseline" } & LoadedBaseline);

// Only to word an invalid spec's headline (as the spec's loader words its own refusals): the kind it meant to be.
const BASELINE_KIND_LINE = /^kind:[ \t]*["']?TenantBaseline["']?[ \t]*(#.*)?$/m;

/**
 * Loads and resolves a spec of either kind (`kind: Workload` or `kind: TenantBaseline`) from a file or, with
 * `allowGit`, from `<git-ref>:<path>`. A missing file, an unknown ref or text that is not a readable spec (a NUL
 * byte, nesting beyond the loader's limit) is a usage error (exit 2); an invalid spec fails (exit 1) with every
 * issue, one a line.
 */
export async function loadSpec(spec: string, cwd: string, options: { allowGit?: boolean } = {}): Promise<LoadedSpec> {
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
  const result = loadSpecText(text, file);
  if (!result.ok) {
    const baseline = BASELINE_KIND_LINE.test(text);
    const noun = baseline ? "tenant baseline" : "workload spec";
    // A document that is no baseline gets the workload loader's issues, worded as they were before baselines existed
    // (a missing or mistyped kind is then one issue among the workload's, not the two-kind refusal).
    const errors = baseline ? result.errors : (loadWorkloadIssues(text, file) ?? result.errors);
    const relative = errors.map((issue) => ({ ...issue, file: displayPath(issue.file ?? file, cwd) }));
    const count = errors.length;
    // Text that is not read as a spec at all (binary, nested beyond the loader's limit) is an input error, like an
    // unreadable file; a spec with mistakes fails its check.
    const unreadable = errors.some((issue) => issue.unreadable === true);
    throw new CliError(
      unreadable
        ? `cannot read ${spec} as a ${noun}`
        : `${spec} is not a valid ${noun} (${count} ${count === 1 ? "error" : "errors"})`,
      unreadable ? EXIT.usage : EXIT.failed,
      formatIssues(relative)
        .split("\n")
        .filter((l) => l.length > 0),
    );
  }
  return result.kind === "Workload"
    ? { kind: "Workload", label: spec, model: result.model, spec: result.spec, text }
    : { kind: "TenantBaseline", label: spec, model: result.model, spec: result.spec, text };
}

/** The workload loader's issues for text that is not a valid spec of either kind (undefined if it loads). */
function loadWorkloadIssues(text: string, file: string) {
  const r = loadWorkloadText(text, file);
  return r.ok ? undefined : r.errors;
}

/**
 * Loads and resolves a workload spec, for a command that works on workloads only. A tenant baseline is refused (exit
 * 2, nothing done) as `<command>: <spec> is a tenant baseline …: <refusal>`, the refusal saying what the command
 * cannot do with a baseline and what to use instead.
 */
export async function loadWorkload(
  spec: string,
  cwd: string,
  options: { allowGit?: boolean; command?: string; refusal?: string } = {},
): Promise<LoadedWorkload> {
  const loaded = await loadSpec(spec, cwd, options);
  if (loaded.kind === "TenantBaseline") {
    throw new CliError(
      `${options.command ? `${options.command}: ` : ""}${spec} is a tenant baseline (kind: TenantBaseline), not a workload spec${options.refusal ? `: ${options.refusal}` : ""}`,
    );
  }
  const { kind: _kind, ...workload } = loaded;
  return workload;
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
