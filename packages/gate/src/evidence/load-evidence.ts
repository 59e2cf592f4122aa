import { dirname, normalize, resolve, sep } from "node:path";
import { EVIDENCE_KINDS, type EvidenceRef, type WorkloadModel } from "@govai/spec";
import { parse as parseYaml, YAMLError } from "yaml";
import type { EvidenceSet, LoadedEvidence } from "./evidence-set.ts";
import { EvidenceDocument } from "./formats.ts";
import {
  cannotRead,
  confinedPath,
  type EvidenceRead,
  MAX_EVIDENCE_BYTES,
  readConfined,
  tooLarge,
} from "./read-evidence-file.ts";

/** Options of {@link loadEvidence}. */
export interface LoadEvidenceOptions {
  /**
   * The spec's folder when the model carries no `source.file` (a model built in code). Evidence files must be
   * inside it. Default: none (then a `resolvedPath` names the folder, else such files are reported as unusable).
   */
  baseDir?: string;
  /**
   * Reads a file as UTF-8 text, in place of the file system (tests inject one). The path checks still apply
   * (relative, inside the spec's folder) and so does the size limit, on the text returned; following symbolic links
   * and refusing FIFOs and devices are then the reader's business. Default: the confined file-system read.
   */
  readFile?: (path: string) => Promise<string>;
}

/**
 * The spec's folder, absolute: the folder of `model.source.file`, else `baseDir`, else the folder a `resolvedPath`
 * was resolved against (it ends with the path as written; resolve() computes it so).
 */
function specFolder(ref: EvidenceRef, model: WorkloadModel, baseDir: string | undefined): string | undefined {
  if (model.source !== undefined) return dirname(resolve(model.source.file));
  if (baseDir !== undefined) return resolve(baseDir);
  if (ref.resolvedPath === undefined) return undefined;
  const written = normalize(ref.file);
  if (written.startsWith("..") || !ref.resolvedPath.endsWith(`${sep}${written}`)) return undefined;
  return ref.resolvedPath.slice(0, -(written.length + 1)) || sep;
}

/** A parser's complaint without the text it complained about: only its position survives. */
function jsonProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  const at = /\(line (\d+) column (\d+)\)/.exec(message);
  return `not valid JSON${at ? ` (line ${at[1]}, column ${at[2]})` : ""}`;
}

function yamlProblem(error: unknown): string {
  if (error instanceof YAMLError) {
    const at = error.linePos?.[0];
    return `not valid YAML (${error.code}${at ? `, line ${at.line}, column ${at.col}` : ""})`;
  }
  return "not valid YAML";
}

/** Parses and validates the text of one evidence file; returns the document or the problem. */
export function parseEvidence(
  text: string,
  file: string,
  expectedKind: EvidenceRef["kind"],
): { ok: true; document: EvidenceDocument } | { ok: false; problem: string } {
  let raw: unknown;
  const json = file.toLowerCase().endsWith(".json");
  try {
    raw = json ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    // The parsers quote the text around a mistake; a problem names the position only, never the content.
    return { ok: false, problem: json ? jsonProblem(e) : yamlProblem(e) };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, problem: "expected an object with a kind field" };
  }
  const kind = (raw as { kind?: unknown }).kind;
  if (kind !== expectedKind) {
    // Only a known kind is quoted back: any other value is text from the file.
    const declared = (EVIDENCE_KINDS as readonly unknown[]).includes(kind)
      ? `kind ${JSON.stringify(kind)}`
      : kind === undefined
        ? "no kind"
        : `a kind that is none of ${EVIDENCE_KINDS.join(", ")}`;
    return { ok: false, problem: `the file declares ${declared}, the spec declares ${expectedKind}` };
  }
  const parsed = EvidenceDocument.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : "(root)"}: ${i.message}`);
    return { ok: false, problem: issues.join("; ") };
  }
  return { ok: true, document: parsed.data };
}

/**
 * Reads and validates every evidence file the model references (`readiness.evidence`). Never throws for a bad
 * file: an unreadable, unparsable or invalid file comes back as `status: "invalid"` with the problem, and the gate
 * reports it as a failing check of the dimension the file was meant to prove.
 */
export async function loadEvidence(model: WorkloadModel, options: LoadEvidenceOptions = {}): Promise<EvidenceSet> {
  const injected = options.readFile;
  const read = async (target: string, folder: string): Promise<EvidenceRead> => {
    if (injected === undefined) return readConfined(target, folder);
    let text: string;
    try {
      text = await injected(target);
    } catch (e) {
      return { ok: false, problem: cannotRead(target, e) };
    }
    const size = Buffer.byteLength(text);
    return size > MAX_EVIDENCE_BYTES ? { ok: false, problem: tooLarge(target, size) } : { ok: true, text };
  };
  const entries = await Promise.all(
    Object.entries(model.readiness.evidence).map(async ([key, ref]): Promise<[string, LoadedEvidence]> => {
      const folder = specFolder(ref, model, options.baseDir);
      if (folder === undefined) {
        return [
          key,
          {
            key,
            ref,
            path: undefined,
            status: "invalid",
            problem: "the spec was not loaded from a file, so the relative path cannot be resolved",
          },
        ];
      }
      const confined = confinedPath(ref.file, folder);
      if (!confined.ok) return [key, { key, ref, path: undefined, status: "invalid", problem: confined.problem }];
      const path = confined.target;
      const loaded = await read(path, folder);
      if (!loaded.ok) return [key, { key, ref, path, status: "invalid", problem: loaded.problem }];
      const result = parseEvidence(loaded.text, path, ref.kind);
      return [
        key,
        result.ok
          ? { key, ref, path, status: "ok", document: result.document }
          : { key, ref, path, status: "invalid", problem: result.problem },
      ];
    }),
  );
  return { items: Object.fromEntries(entries) };
}
