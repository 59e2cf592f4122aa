import type { EvidenceKind, EvidenceRef } from "@govai/spec";
import type { EvidenceDocument } from "./formats.ts";

/** One evidence file after loading: its validated document, or why it cannot be used. */
export type LoadedEvidence =
  | {
      /** Key of the file in `readiness.evidence`. */
      key: string;
      ref: EvidenceRef;
      /** The absolute path read, when one could be determined. */
      path: string | undefined;
      status: "ok";
      document: EvidenceDocument;
    }
  | {
      key: string;
      ref: EvidenceRef;
      path: string | undefined;
      status: "invalid";
      /** Why the file cannot be used: unreadable, not JSON/YAML, wrong kind, or the format's validation issues. */
      problem: string;
    };

/** The evidence of one workload, keyed like `readiness.evidence`. Produced by `loadEvidence`. */
export interface EvidenceSet {
  items: Record<string, LoadedEvidence>;
}

/** The loaded items of one kind, by key order. */
export function evidenceOfKind(set: EvidenceSet, kind: EvidenceKind): LoadedEvidence[] {
  return Object.keys(set.items)
    .sort()
    .map((k) => set.items[k]!)
    .filter((e) => e.ref.kind === kind);
}
