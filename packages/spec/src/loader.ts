/**
 * Loading a spec: YAML with positions → schema → cross-field checks → resolve. Every problem of a document is
 * reported at once, each with `file:line:col`, the field path, what was found and what was expected. A user's
 * mistake never throws; I/O problems (file not found) are reported the same way.
 *
 * Two kinds of document share the reader (and so its protections against hostile input): a workload
 * (`kind: Workload`, `workload.yaml`) and a tenant baseline (`kind: TenantBaseline`, `tenant.yaml`). `loadSpecText`
 * takes either; the kind-specific loaders refuse the other kind with the loader to use.
 */
import { readFile } from "node:fs/promises";
import { type Document, LineCounter } from "yaml";
import { checkBaseline } from "./baseline-checks.ts";
import type { TenantBaselineModel } from "./baseline-model.ts";
import { BASELINE_ZOD_OPTIONS, resolveBaselineChecked } from "./baseline-resolve.ts";
import { type TenantBaselineSpec, tenantBaselineSchema } from "./baseline-schema.ts";
import { checkSpec } from "./checks.ts";
import { describeFound, type PathIssue, type SpecIssue } from "./issues.ts";
import type { WorkloadModel } from "./model.ts";
import { positionedIssues, sortIssues } from "./positions.ts";
import { readYaml } from "./read-yaml.ts";
import { resolveChecked } from "./resolve.ts";
import { type WorkloadSpec, workloadSchema } from "./schema.ts";
import { nearest } from "./suggest.ts";
import { fromZodIssues } from "./zod-issues.ts";

/** The result of loading a workload spec: the parsed spec and its model, or every problem found. */
export type LoadResult = { ok: true; spec: WorkloadSpec; model: WorkloadModel } | { ok: false; errors: SpecIssue[] };

/** The result of loading a tenant baseline: the parsed baseline and its model, or every problem found. */
export type BaselineLoadResult =
  | { ok: true; spec: TenantBaselineSpec; model: TenantBaselineModel }
  | { ok: false; errors: SpecIssue[] };

/** The kinds of document a spec file may hold. */
export const SPEC_KINDS = ["Workload", "TenantBaseline"] as const;
export type SpecKind = (typeof SPEC_KINDS)[number];

/** The result of loading a spec of either kind, discriminated by `kind` when it loaded. */
export type SpecLoadResult =
  | { ok: true; kind: "Workload"; spec: WorkloadSpec; model: WorkloadModel }
  | { ok: true; kind: "TenantBaseline"; spec: TenantBaselineSpec; model: TenantBaselineModel }
  | { ok: false; errors: SpecIssue[] };

/** Name used for text that has no file. */
export const NO_FILE = "<input>";

/** A document read and turned into plain data, with what positions its issues. */
interface ReadDocument {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  data: unknown;
  /** The file name shown in issues. */
  name: string;
}

const NOUNS: Record<SpecKind, string> = { Workload: "a workload spec", TenantBaseline: "a tenant baseline" };

function readDocument(text: string, name: string, noun: string): { ok: true; read: ReadDocument } | LoadFailure {
  const lineCounter = new LineCounter();
  const read = readYaml(text, lineCounter, name, noun);
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
  return { ok: true, read: { doc, lineCounter, data, name } };
}

type LoadFailure = { ok: false; errors: SpecIssue[] };

function failure(read: ReadDocument, issues: readonly PathIssue[]): LoadFailure {
  return { ok: false, errors: positionedIssues(issues, read.doc, read.lineCounter, read.name) };
}

/** The `kind` the document declares, when it is a map with a string kind. */
function declaredKind(data: unknown): string | undefined {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return undefined;
  const kind = (data as Record<string, unknown>).kind;
  return typeof kind === "string" ? kind : undefined;
}

/** The refusal of a document of the other kind, naming the loader that takes it. */
function wrongKind(kind: SpecKind, fromFile: boolean): PathIssue {
  const how = fromFile ? "File" : "Text";
  const message =
    kind === "TenantBaseline"
      ? `this is a tenant baseline (kind: TenantBaseline), not a workload spec; load it with loadBaseline${how} (or loadSpec${how}, which takes either kind)`
      : `this is a workload spec (kind: Workload), not a tenant baseline; load it with loadWorkload${how} (or loadSpec${how}, which takes either kind)`;
  return {
    path: ["kind"],
    message,
    found: JSON.stringify(kind),
    expected: JSON.stringify(kind === "TenantBaseline" ? "Workload" : "TenantBaseline"),
  };
}

function workloadFrom(read: ReadDocument, file: string | undefined): LoadResult {
  const { data } = read;
  const parsed = workloadSchema.safeParse(data);
  if (!parsed.success) return failure(read, fromZodIssues(parsed.error.issues, data, workloadSchema));
  const spec = parsed.data;
  const problems = checkSpec(spec);
  if (problems.length > 0) return failure(read, problems);
  const model = resolveChecked(spec, file === undefined ? {} : { file });
  return { ok: true, spec, model };
}

function baselineFrom(read: ReadDocument, file: string | undefined): BaselineLoadResult {
  const { data } = read;
  const parsed = tenantBaselineSchema.safeParse(data);
  if (!parsed.success) {
    return failure(read, fromZodIssues(parsed.error.issues, data, tenantBaselineSchema, BASELINE_ZOD_OPTIONS));
  }
  const spec = parsed.data;
  const problems = checkBaseline(spec);
  if (problems.length > 0) return failure(read, problems);
  return { ok: true, spec, model: resolveBaselineChecked(spec, file === undefined ? {} : { file }) };
}

/**
 * Load a workload spec from YAML text. A tenant baseline is refused with the loader to use.
 * @param text the YAML document.
 * @param file the name shown in messages and recorded in `model.source` (default `<input>`, then no source).
 */
export function loadWorkloadText(text: string, file?: string): LoadResult {
  return loadWorkload(text, file, false);
}

function loadWorkload(text: string, file: string | undefined, fromFile: boolean): LoadResult {
  const r = readDocument(text, file ?? NO_FILE, NOUNS.Workload);
  if (!r.ok) return r;
  if (declaredKind(r.read.data) === "TenantBaseline") return failure(r.read, [wrongKind("TenantBaseline", fromFile)]);
  return workloadFrom(r.read, file);
}

/**
 * Load a tenant baseline from YAML text. A workload spec is refused with the loader to use.
 * @param text the YAML document.
 * @param file the name shown in messages and recorded in `model.source` (default `<input>`, then no source).
 */
export function loadBaselineText(text: string, file?: string): BaselineLoadResult {
  return loadBaseline(text, file, false);
}

function loadBaseline(text: string, file: string | undefined, fromFile: boolean): BaselineLoadResult {
  const r = readDocument(text, file ?? NO_FILE, NOUNS.TenantBaseline);
  if (!r.ok) return r;
  if (declaredKind(r.read.data) === "Workload") return failure(r.read, [wrongKind("Workload", fromFile)]);
  return baselineFrom(r.read, file);
}

// Only to word the reader's own refusals (a NUL byte, a tag) before the document is parsed; the kind that decides
// what is loaded is the parsed one.
const BASELINE_KIND_LINE = /^kind:[ \t]*["']?TenantBaseline["']?[ \t]*(#.*)?$/m;

/**
 * Load a spec of either kind from YAML text: `kind: Workload` or `kind: TenantBaseline` decides. Any other kind (or
 * none) is one issue at `kind` naming both.
 * @param text the YAML document.
 * @param file the name shown in messages and recorded in `model.source` (default `<input>`, then no source).
 */
export function loadSpecText(text: string, file?: string): SpecLoadResult {
  const noun = BASELINE_KIND_LINE.test(text) ? NOUNS.TenantBaseline : NOUNS.Workload;
  const r = readDocument(text, file ?? NO_FILE, noun);
  if (!r.ok) return r;
  const kind = declaredKind(r.read.data);
  if (kind === "Workload") {
    const w = workloadFrom(r.read, file);
    return w.ok ? { ok: true, kind, spec: w.spec, model: w.model } : w;
  }
  if (kind === "TenantBaseline") {
    const b = baselineFrom(r.read, file);
    return b.ok ? { ok: true, kind, spec: b.spec, model: b.model } : b;
  }
  return failure(r.read, [unknownKind(r.read.data)]);
}

function unknownKind(data: unknown): PathIssue {
  const expected = SPEC_KINDS.map((k) => JSON.stringify(k)).join(" or ");
  const what = `${expected} (a workload spec or a tenant baseline)`;
  if (data === null || data === undefined) {
    return {
      path: [],
      message: `the document is empty; expected a spec starting with apiVersion: govai/v1 and kind ${what}`,
      found: "nothing",
      expected: "a map",
    };
  }
  if (typeof data !== "object" || Array.isArray(data)) {
    const found = describeFound(data);
    return { path: [], message: `expected a map with kind ${what}, found ${found}`, found, expected: "a map" };
  }
  const raw = (data as Record<string, unknown>).kind;
  if (raw === undefined) {
    return { path: ["kind"], message: `required, missing; expected kind ${what}`, found: "nothing", expected };
  }
  const found = describeFound(raw);
  const suggestion = typeof raw === "string" ? nearest(raw, SPEC_KINDS) : undefined;
  return {
    path: ["kind"],
    message: `unknown kind ${found}; expected ${what}${suggestion ? `; did you mean ${JSON.stringify(suggestion)}?` : ""}`,
    found,
    expected,
    ...(suggestion ? { suggestion } : {}),
  };
}

/** The text of a spec file, or the issue saying why it cannot be read. */
async function readSpecFile(path: string): Promise<{ ok: true; text: string } | LoadFailure> {
  try {
    return { ok: true, text: await readFile(path, "utf8") };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === "ENOENT" ? "file not found" : err.code === "EISDIR" ? "is a directory" : err.message;
    return {
      ok: false,
      errors: [{ file: path, line: 0, column: 0, path: "", message: `cannot read the spec: ${why}` }],
    };
  }
}

/**
 * Load a workload spec file. A file that cannot be read is reported as an issue, not thrown.
 * @param path path of `workload.yaml`, as shown in messages.
 */
export async function loadWorkloadFile(path: string): Promise<LoadResult> {
  const r = await readSpecFile(path);
  return r.ok ? loadWorkload(r.text, path, true) : r;
}

/**
 * Load a tenant baseline file (`tenant.yaml`). A file that cannot be read is reported as an issue, not thrown.
 * @param path path of the baseline, as shown in messages.
 */
export async function loadBaselineFile(path: string): Promise<BaselineLoadResult> {
  const r = await readSpecFile(path);
  return r.ok ? loadBaseline(r.text, path, true) : r;
}

/**
 * Load a spec file of either kind (see {@link loadSpecText}). A file that cannot be read is reported as an issue.
 * @param path path of the file, as shown in messages.
 */
export async function loadSpecFile(path: string): Promise<SpecLoadResult> {
  const r = await readSpecFile(path);
  return r.ok ? loadSpecText(r.text, path) : r;
}
