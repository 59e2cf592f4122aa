/**
 * Loading `workload.yaml`: YAML with positions → schema → cross-field checks → resolve(). Every problem of a
 * document is reported at once, each with `file:line:col`, the field path, what was found and what was expected.
 * A user's mistake never throws; I/O problems (file not found) are reported the same way.
 */
import { readFile } from "node:fs/promises";
import { LineCounter } from "yaml";
import { checkSpec } from "./checks.ts";
import type { SpecIssue } from "./issues.ts";
import type { WorkloadModel } from "./model.ts";
import { positionedIssues, sortIssues } from "./positions.ts";
import { readYaml } from "./read-yaml.ts";
import { resolveChecked } from "./resolve.ts";
import { type WorkloadSpec, workloadSchema } from "./schema.ts";
import { fromZodIssues } from "./zod-issues.ts";

/** The result of loading a spec: the parsed spec and its model, or every problem found. */
export type LoadResult = { ok: true; spec: WorkloadSpec; model: WorkloadModel } | { ok: false; errors: SpecIssue[] };

/** Name used for text that has no file. */
export const NO_FILE = "<input>";

/**
 * Load a spec from YAML text.
 * @param text the YAML document.
 * @param file the name shown in messages and recorded in `model.source` (default `<input>`, then no source).
 */
export function loadWorkloadText(text: string, file?: string): LoadResult {
  const name = file ?? NO_FILE;
  const lineCounter = new LineCounter();
  const read = readYaml(text, lineCounter, name);
  if (!read.ok) return { ok: false, errors: sortIssues(read.errors) };
  const doc = read.doc;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // Only alias expansion limits can fail here; they are a property of the document, not a bug.
    return {
      ok: false,
      errors: [
        {
          file: name,
          line: 1,
          column: 1,
          path: "",
          message: `YAML: aliases expand to too much content (${(e as Error).message}); write the values out or use fewer aliases`,
        },
      ],
    };
  }
  const parsed = workloadSchema.safeParse(data);
  if (!parsed.success) {
    const issues = fromZodIssues(parsed.error.issues, data, workloadSchema);
    return { ok: false, errors: positionedIssues(issues, doc, lineCounter, name) };
  }
  const spec = parsed.data;
  const problems = checkSpec(spec);
  if (problems.length > 0) return { ok: false, errors: positionedIssues(problems, doc, lineCounter, name) };
  const model = resolveChecked(spec, file === undefined ? {} : { file });
  return { ok: true, spec, model };
}

/**
 * Load a spec file. A file that cannot be read is reported as an issue, not thrown.
 * @param path path of `workload.yaml`, as shown in messages.
 */
export async function loadWorkloadFile(path: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === "ENOENT" ? "file not found" : err.code === "EISDIR" ? "is a directory" : err.message;
    return {
      ok: false,
      errors: [{ file: path, line: 0, column: 0, path: "", message: `cannot read the spec: ${why}` }],
    };
  }
  return loadWorkloadText(text, path);
}
