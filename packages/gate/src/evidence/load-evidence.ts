import { readFile as fsReadFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import type { EvidenceRef, WorkloadModel } from "@govai/spec";
import { parse as parseYaml } from "yaml";
import type { EvidenceSet, LoadedEvidence } from "./evidence-set.ts";
import { EvidenceDocument } from "./formats.ts";

/** Options of {@link loadEvidence}. */
export interface LoadEvidenceOptions {
  /**
   * Directory relative evidence paths are resolved against when the model carries neither `resolvedPath` nor
   * `source.file`. Default: none (such files are reported as unusable).
   */
  baseDir?: string;
  /** Reads a file as UTF-8 text. Default `fs.promises.readFile`. Injected by tests. */
  readFile?: (path: string) => Promise<string>;
}

function locate(ref: EvidenceRef, model: WorkloadModel, baseDir: string | undefined): string | undefined {
  if (ref.resolvedPath !== undefined) return ref.resolvedPath;
  if (isAbsolute(ref.file)) return ref.file;
  if (model.source !== undefined) return resolve(dirname(model.source.file), ref.file);
  return baseDir !== undefined ? resolve(baseDir, ref.file) : undefined;
}

/** Parses and validates the text of one evidence file; returns the document or the problem. */
export function parseEvidence(
  text: string,
  file: string,
  expectedKind: EvidenceRef["kind"],
): { ok: true; document: EvidenceDocument } | { ok: false; problem: string } {
  let raw: unknown;
  try {
    raw = file.toLowerCase().endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    return {
      ok: false,
      problem: `not valid ${file.toLowerCase().endsWith(".json") ? "JSON" : "YAML"}: ${(e as Error).message.split("\n")[0]}`,
    };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, problem: "expected an object with a kind field" };
  }
  const kind = (raw as { kind?: unknown }).kind;
  if (kind !== expectedKind) {
    return {
      ok: false,
      problem: `the file declares kind ${JSON.stringify(kind ?? null)}, the spec declares ${expectedKind}`,
    };
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
  const read = options.readFile ?? ((p: string) => fsReadFile(p, "utf8"));
  const entries = await Promise.all(
    Object.entries(model.readiness.evidence).map(async ([key, ref]): Promise<[string, LoadedEvidence]> => {
      const path = locate(ref, model, options.baseDir);
      if (path === undefined) {
        return [
          key,
          {
            key,
            ref,
            path,
            status: "invalid",
            problem: "the spec was not loaded from a file, so the relative path cannot be resolved",
          },
        ];
      }
      let text: string;
      try {
        text = await read(path);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        return [key, { key, ref, path, status: "invalid", problem: `cannot read ${path}${code ? ` (${code})` : ""}` }];
      }
      const result = parseEvidence(text, path, ref.kind);
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
