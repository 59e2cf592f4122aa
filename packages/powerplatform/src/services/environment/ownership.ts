/**
 * Whose environment is it? After a create whose outcome is unknown (connection reset, timeout, lost response, or a
 * 409 DomainNameAlreadyInUse that followed one), the client may adopt an environment only when it can prove that
 * this very request created it — or, when the caller gave an owner key, that an earlier create of the same resource
 * did. Adopting anything else would hand a later `pulumi destroy` someone else's environment. Pure functions over
 * wire bodies; `environments.ts` does the HTTP.
 *
 * The evidence:
 * 1. **The create marker.** Every create writes a marker at the end of the environment's description (readable in
 *    the admin centre; the client strips it when it reads the description back, and the next description change
 *    replaces it): `[govai-create:<incarnation>]`, or `[govai-create:<owner>:<incarnation>]` when the caller gave an
 *    owner key (owner-key.ts; the provider derives it from the resource's URN). The incarnation is a fresh random
 *    uuid per request: only this call knows it. The owner key is the same on every run of one resource and differs
 *    for every other, so an environment an earlier run of this resource left behind (its POST landed after that run
 *    gave up) is recognised, and neither another team's environment (no marker) nor another resource's (another
 *    owner key) ever is.
 * 2. **The creator**, when the service reports `properties.createdBy.id` and the client's token names its identity:
 *    it must be this client's object id (`oid`) or application id (`appid`).
 * 3. **The creation time**, when the service reports `properties.createdTime`, for this request's incarnation only:
 *    not earlier than the first attempt was sent, less {@link CLOCK_SKEW_MS} for the difference between the client's
 *    and the service's clocks. (An earlier run's environment is older than this request by definition.)
 *
 * 2 and 3 only ever veto: the marker is what proves ownership, and they catch what a copied marker would not.
 */
import type { TokenIdentity } from "../../client/auth.ts";
import { lastSegment } from "../../client/common.convert.ts";
import type { ExistingEnvironment } from "../../client/errors.ts";
import type { WireEnvironment } from "./wire.ts";

/** Clock difference tolerated between the client and the service when comparing `createdTime`. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** A trailing `[govai-create:<incarnation>]` or `[govai-create:<owner>:<incarnation>]`. */
const MARKER =
  /\s*\[govai-create:(?:([0-9a-f]{24}):)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\]$/i;

/** The create marker as written: `[govai-create:<marker>]`, or with the owner key first when there is one. */
export function createTag(marker: string, owner?: string): string {
  return owner ? `[govai-create:${owner}:${marker}]` : `[govai-create:${marker}]`;
}

/** The description to send: the caller's text, then the create marker (with the caller's owner key, if any). */
export function withCreateMarker(description: string | undefined, marker: string, owner?: string): string {
  const tag = createTag(marker, owner);
  return description ? `${description} ${tag}` : tag;
}

/**
 * Splits a description as read into the caller's text and the create marker: `marker` is its incarnation (the
 * per-request uuid), `owner` its owner key; both undefined when it has none, `owner` undefined in the older form.
 */
export function splitCreateMarker(description: string | undefined): {
  text: string;
  marker: string | undefined;
  owner: string | undefined;
} {
  if (!description) return { text: "", marker: undefined, owner: undefined };
  const m = MARKER.exec(description);
  if (!m) return { text: description, marker: undefined, owner: undefined };
  return { text: description.slice(0, m.index), marker: m[2]?.toLowerCase(), owner: m[1]?.toLowerCase() };
}

/** The owner key in a description's create marker; undefined when it has none. */
export function ownerOf(description: string | undefined): string | undefined {
  return splitCreateMarker(description).owner;
}

/** What this create call knows about itself. */
export interface CreateEvidence {
  /** The marker (incarnation) written into this create's description. */
  marker: string;
  /** The caller's owner key written next to it; undefined when the caller gave none. */
  owner?: string | undefined;
  /** The Dataverse domain requested (lower case), if any. */
  domain: string | undefined;
  /** The client's identity from its token; undefined when unknown (then the creator is not checked). */
  identity: TokenIdentity | undefined;
  /** When the first create attempt was sent (client clock, epoch ms). */
  firstSentAt: number;
  /** Where the environment is asked for; an earlier create's environment elsewhere is not this one. */
  place?: Placement | undefined;
}

/** The verdict on a list of environments. */
export type OwnershipVerdict =
  /** `earlier`: found by the owner key, so made by an earlier create of the same resource, not by this request. */
  | { kind: "ours"; id: string; earlier?: true }
  | { kind: "foreign"; existing: ExistingEnvironment; reason: string }
  | { kind: "ambiguous"; ids: string[]; by: "marker" | "owner" };

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

/**
 * Whether a resource's reported creator could be this client: true when the service names no creator or the token
 * names no identity (nothing to compare), otherwise the creator must be the token's object id or application id.
 */
export function creatorCouldBeUs(creatorId: string | undefined, identity: TokenIdentity | undefined): boolean {
  const creator = creatorId?.toLowerCase();
  return !creator || !identity || [identity.objectId, identity.appId].some((id) => id?.toLowerCase() === creator);
}

/** Why the creator rules an environment out (`what` names the evidence it carries); undefined when it does not. */
function creatorVeto(w: WireEnvironment, identity: TokenIdentity | undefined, what: string): string | undefined {
  const creator = w.properties?.createdBy?.id?.toLowerCase();
  if (creator && identity && !creatorCouldBeUs(creator, identity)) {
    return `it carries ${what} but was created by ${creator}, not by this client (object id ${identity.objectId ?? "unknown"}, application id ${identity.appId ?? "unknown"})`;
  }
  return undefined;
}

/** Why an environment carrying our marker is still not ours; undefined when nothing vetoes it. */
export function vetoOf(w: WireEnvironment, evidence: CreateEvidence): string | undefined {
  const p = w.properties ?? {};
  const vetoed = creatorVeto(w, evidence.identity, "this request's marker");
  if (vetoed) return vetoed;
  const created = p.createdTime ? Date.parse(p.createdTime) : Number.NaN;
  if (!Number.isNaN(created) && created < evidence.firstSentAt - CLOCK_SKEW_MS) {
    return `it carries this request's marker but was created at ${p.createdTime}, before this request was first sent (${new Date(evidence.firstSentAt).toISOString()})`;
  }
  return undefined;
}

/** Where an environment is: what a create fixes and no update changes (a difference means another environment). */
export interface Placement {
  /** Power Platform geography, e.g. `europe`. */
  location: string;
  /** Azure region, when the caller chose one. */
  azureRegion?: string | undefined;
  /** Dataverse base language, when Dataverse was asked for. */
  language?: number | undefined;
}

/** The Dataverse domain the list shows for an environment (lower case); undefined when it shows none. */
function shownDomain(w: WireEnvironment): string | undefined {
  return w.properties?.linkedEnvironmentMetadata?.domainName?.toLowerCase() || undefined;
}

/**
 * Whether the environment's Dataverse is still to show: no metadata, yet not `databaseType: None`, and its
 * provisioning has not ended `Failed` (a failed one never shows it, so it is judged as it is). The service shows the
 * organisation only once it is provisioned, and a finished environment can still read without it (Terraform provider
 * fixture `environment/tests/resource/Validate_Create_Waits_For_Dataverse_Metadata`).
 */
export function dataverseAwaited(w: WireEnvironment): boolean {
  return (
    shownDomain(w) === undefined &&
    w.properties?.databaseType !== "None" &&
    w.properties?.provisioningState !== "Failed"
  );
}

/** How an environment's placement differs from `want`; undefined when nothing the list shows differs. */
function placementDiffers(w: WireEnvironment, want: Placement | undefined): string | undefined {
  if (!want) return undefined;
  const location = w.location?.toLowerCase();
  if (location && location !== want.location.toLowerCase())
    return `it is in location ${location}, not ${want.location}`;
  const region = w.properties?.azureRegion?.toLowerCase();
  if (region && want.azureRegion && region !== want.azureRegion.toLowerCase()) {
    return `it is in Azure region ${region}, not ${want.azureRegion}`;
  }
  const language = w.properties?.linkedEnvironmentMetadata?.baseLanguage;
  if (language !== undefined && want.language !== undefined && language !== want.language) {
    return `its Dataverse language is ${language}, not ${want.language}`;
  }
  return undefined;
}

/** How an environment's Dataverse differs from the requested domain (undefined: none asked); undefined when it does not. */
function dataverseDiffers(w: WireEnvironment, domain: string | undefined): string | undefined {
  const shown = shownDomain(w);
  if (domain === undefined) {
    if (shown !== undefined) return `it has Dataverse (domain ${shown}), and this create asks for none`;
    if (w.properties?.databaseType === "CommonDataService") return "it has Dataverse, and this create asks for none";
    return undefined;
  }
  if (shown === domain) return undefined;
  if (shown === undefined && w.properties?.provisioningState === "Failed") {
    return `its provisioning ended Failed and it shows no Dataverse, and this create asks for one with domain ${domain}`;
  }
  return shown === undefined
    ? `it has no Dataverse, and this create asks for one with domain ${domain}`
    : `its Dataverse domain is ${shown}, not ${domain}`;
}

/**
 * Judges a list of environments: `ours` when exactly one carries our marker and nothing vetoes it, or — with an
 * owner key, and none carrying our marker — exactly one carries our owner key, was created by this client, and is
 * the environment this create asks for (the domain, or no Dataverse, and the placement); `foreign` when the
 * environment holding our domain is not provably ours; `ambiguous` when more than one environment passes; undefined
 * when nothing tells yet (keep reading: the list lags behind creates).
 */
export function judgeOwnership(
  all: readonly WireEnvironment[],
  evidence: CreateEvidence,
): OwnershipVerdict | undefined {
  const marked = all.filter((w) => splitCreateMarker(w.properties?.description).marker === evidence.marker);
  const proven = marked.filter((w) => vetoOf(w, evidence) === undefined);
  if (proven.length > 1) return { kind: "ambiguous", ids: proven.map((w) => describeExisting(w).id), by: "marker" };
  if (proven.length === 1 && proven[0]) return { kind: "ours", id: describeExisting(proven[0]).id };
  const owner = evidence.owner;
  const ownersWhy = (w: WireEnvironment): string | undefined =>
    creatorVeto(w, evidence.identity, "this resource's owner key") ??
    dataverseDiffers(w, evidence.domain) ??
    placementDiffers(w, evidence.place);
  if (owner) {
    // An earlier create of this resource whose POST landed after that run gave up: ours, when it is what we ask for.
    const earlier = all.filter(
      (w) => !marked.includes(w) && ownerOf(w.properties?.description) === owner && ownersWhy(w) === undefined,
    );
    if (earlier.length > 1) return { kind: "ambiguous", ids: earlier.map((w) => describeExisting(w).id), by: "owner" };
    if (earlier.length === 1 && earlier[0]) return { kind: "ours", id: describeExisting(earlier[0]).id, earlier: true };
  }
  const vetoed = marked[0];
  if (vetoed) return { kind: "foreign", existing: describeExisting(vetoed), reason: vetoOf(vetoed, evidence) ?? "" };
  const holder = evidence.domain ? all.find((w) => shownDomain(w) === evidence.domain) : undefined;
  if (holder) {
    const found = splitCreateMarker(holder.properties?.description);
    let reason: string;
    if (owner && found.owner === owner) {
      const creator = creatorVeto(holder, evidence.identity, "this resource's owner key");
      reason = creator ?? `it carries this resource's owner key (${owner}), but ${ownersWhy(holder) ?? ""}`;
    } else {
      // With an owner key, the key was proof too, so the reason names it.
      const key = owner ? ` this resource's owner key (${owner})` : "";
      reason = found.marker
        ? `its description carries another create's marker (${found.owner ? `${found.owner}:` : ""}${found.marker}), not this request's (${evidence.marker})${key && ` nor${key}`}`
        : `its description carries no govai create marker, and this request's (${evidence.marker})${key && ` or${key}`} is the proof required`;
    }
    return { kind: "foreign", existing: describeExisting(holder), reason };
  }
  return undefined;
}

/** What a create with an owner key asks for, as {@link judgeEarlier} compares it. */
export interface CreateRequest {
  /** The caller's owner key. */
  owner: string;
  /** The Dataverse domain requested (lower case); undefined = no Dataverse. */
  domain: string | undefined;
  placement: Placement;
  /** The client's identity from its token; undefined when unknown (then the creator is not checked). */
  identity: TokenIdentity | undefined;
}

/** The verdict on the environments an earlier create of the same resource may have left. */
export type EarlierVerdict =
  /** Exactly one, and it is what this create asks for: adopt it instead of creating another. */
  | { kind: "adopt"; id: string }
  /** Environments with our owner key whose Dataverse the list does not show yet: read them on their own first. */
  | { kind: "pending"; ids: string[] }
  /** Exactly one, and it is not what this create asks for. */
  | { kind: "mismatch"; existing: ExistingEnvironment; reason: string }
  /** More than one: none can be chosen. */
  | { kind: "several"; existing: ExistingEnvironment[] };

/**
 * Before a create with an owner key: the environment an earlier run of the same resource left behind, if any.
 * Only environments carrying the owner key and created by this client count (another team's, another resource's and
 * a copied marker never do). One whose Dataverse domain and placement (location, region, language) both differ from
 * the request is the environment a replacement of this resource is replacing — the provider creates the new one
 * before deleting the old one when the domain changes — and is left alone. Undefined when there is none.
 */
export function judgeEarlier(all: readonly WireEnvironment[], request: CreateRequest): EarlierVerdict | undefined {
  const owned = all.filter(
    (w) =>
      ownerOf(w.properties?.description) === request.owner &&
      creatorVeto(w, request.identity, "this resource's owner key") === undefined,
  );
  const pending = request.domain === undefined ? [] : owned.filter(dataverseAwaited);
  if (pending.length > 0) return { kind: "pending", ids: pending.map((w) => describeExisting(w).id) };
  const candidates = owned.filter(
    (w) => !(dataverseDiffers(w, request.domain) && placementDiffers(w, request.placement)),
  );
  if (candidates.length > 1) return { kind: "several", existing: candidates.map(describeExisting) };
  const only = candidates[0];
  if (!only) return undefined;
  const why = dataverseDiffers(only, request.domain) ?? placementDiffers(only, request.placement);
  if (why) return { kind: "mismatch", existing: describeExisting(only), reason: why };
  return { kind: "adopt", id: describeExisting(only).id };
}
