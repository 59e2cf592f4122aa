/**
 * Whose environment is it? After a create whose outcome is unknown (connection reset, timeout, lost response, or a
 * 409 DomainNameAlreadyInUse that followed one), the client may adopt an environment only when it can prove that
 * this very request created it. Adopting anything else would hand a later `pulumi destroy` someone else's
 * environment. Pure functions over wire bodies; `environments.ts` does the HTTP.
 *
 * The evidence, all of which must hold:
 * 1. **The create marker.** Every create writes a fresh random marker, `[govai-create:<uuid>]`, at the end of the
 *    environment's description (readable in the admin centre; the client strips it when it reads the description
 *    back, and the next description change replaces it). Only this call knows the uuid, so neither another team's
 *    environment nor one left by an earlier run of ours can carry it.
 * 2. **The creator**, when the service reports `properties.createdBy.id` and the client's token names its identity:
 *    it must be this client's object id (`oid`) or application id (`appid`).
 * 3. **The creation time**, when the service reports `properties.createdTime`: not earlier than the first attempt
 *    was sent, less {@link CLOCK_SKEW_MS} for the difference between the client's and the service's clocks.
 *
 * 2 and 3 only ever veto: the marker is what proves ownership, and they catch what a copied marker would not.
 */
import type { TokenIdentity } from "./auth.ts";
import { lastSegment } from "./common.convert.ts";
import type { WireEnvironment } from "./environments.wire.ts";
import type { ExistingEnvironment } from "./errors.ts";

/** Clock difference tolerated between the client and the service when comparing `createdTime`. */
export const CLOCK_SKEW_MS = 5 * 60_000;

const MARKER = /\s*\[govai-create:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\]$/i;

/** The description to send: the caller's text, then the create marker. */
export function withCreateMarker(description: string | undefined, marker: string): string {
  const tag = `[govai-create:${marker}]`;
  return description ? `${description} ${tag}` : tag;
}

/** Splits a description as read into the caller's text and the create marker (undefined when it has none). */
export function splitCreateMarker(description: string | undefined): { text: string; marker: string | undefined } {
  if (!description) return { text: "", marker: undefined };
  const m = MARKER.exec(description);
  if (!m) return { text: description, marker: undefined };
  return { text: description.slice(0, m.index), marker: m[1]?.toLowerCase() };
}

/** What this create call knows about itself. */
export interface CreateEvidence {
  /** The marker written into this create's description. */
  marker: string;
  /** The Dataverse domain requested (lower case), if any. */
  domain: string | undefined;
  /** The client's identity from its token; undefined when unknown (then the creator is not checked). */
  identity: TokenIdentity | undefined;
  /** When the first create attempt was sent (client clock, epoch ms). */
  firstSentAt: number;
}

/** The verdict on a list of environments. */
export type OwnershipVerdict =
  | { kind: "ours"; id: string }
  | { kind: "foreign"; existing: ExistingEnvironment; reason: string }
  | { kind: "ambiguous"; ids: string[] };

/** An environment, described for an error message. */
export function describeExisting(w: WireEnvironment): ExistingEnvironment {
  const p = w.properties ?? {};
  return {
    id: w.name ?? lastSegment(w.id) ?? "",
    displayName: p.displayName ?? "",
    domain: p.linkedEnvironmentMetadata?.domainName?.toLowerCase() || undefined,
    createdBy: p.createdBy
      ? {
          id: p.createdBy.id || undefined,
          type: p.createdBy.type || undefined,
          displayName: p.createdBy.displayName || undefined,
        }
      : undefined,
    createdTime: p.createdTime || undefined,
  };
}

/** Why an environment carrying our marker is still not ours; undefined when nothing vetoes it. */
export function vetoOf(w: WireEnvironment, evidence: CreateEvidence): string | undefined {
  const p = w.properties ?? {};
  const creator = p.createdBy?.id?.toLowerCase();
  const me = evidence.identity;
  if (creator && me && ![me.objectId, me.appId].some((id) => id?.toLowerCase() === creator)) {
    return `it carries this request's marker but was created by ${creator}, not by this client (object id ${me.objectId ?? "unknown"}, application id ${me.appId ?? "unknown"})`;
  }
  const created = p.createdTime ? Date.parse(p.createdTime) : Number.NaN;
  if (!Number.isNaN(created) && created < evidence.firstSentAt - CLOCK_SKEW_MS) {
    return `it carries this request's marker but was created at ${p.createdTime}, before this request was first sent (${new Date(evidence.firstSentAt).toISOString()})`;
  }
  return undefined;
}

/**
 * Judges a list of environments: `ours` when exactly one carries our marker and nothing vetoes it; `foreign` when
 * the environment holding our domain is not provably ours; `ambiguous` when more than one environment passes;
 * undefined when nothing tells yet (keep reading: the list lags behind creates).
 */
export function judgeOwnership(
  all: readonly WireEnvironment[],
  evidence: CreateEvidence,
): OwnershipVerdict | undefined {
  const marked = all.filter((w) => splitCreateMarker(w.properties?.description).marker === evidence.marker);
  const proven = marked.filter((w) => vetoOf(w, evidence) === undefined);
  if (proven.length > 1) return { kind: "ambiguous", ids: proven.map((w) => describeExisting(w).id) };
  if (proven.length === 1 && proven[0]) return { kind: "ours", id: describeExisting(proven[0]).id };
  const vetoed = marked[0];
  if (vetoed) return { kind: "foreign", existing: describeExisting(vetoed), reason: vetoOf(vetoed, evidence) ?? "" };
  const holder = evidence.domain
    ? all.find((w) => w.properties?.linkedEnvironmentMetadata?.domainName?.toLowerCase() === evidence.domain)
    : undefined;
  if (holder) {
    const { marker } = splitCreateMarker(holder.properties?.description);
    return {
      kind: "foreign",
      existing: describeExisting(holder),
      reason: marker
        ? `its description carries another create's marker (${marker}), not this request's (${evidence.marker})`
        : `its description carries no govai create marker, and this request's (${evidence.marker}) is the proof required`,
    };
  }
  return undefined;
}
