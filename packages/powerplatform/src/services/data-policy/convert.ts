/**
 * DLP converters. The classification names differ from the admin UI and the model:
 * business ↔ `Confidential`, nonBusiness ↔ `General`, blocked ↔ `Blocked` (custom connectors also `Ignore`).
 * Endpoint rules are sent as `endpoint` and read as `endPoint`; URL rules are read in any order.
 */
import { randomBytes } from "node:crypto";
import { lastSegment } from "../../client/common.convert.ts";
import { OWNER_KEY, ownerKey } from "../../client/owner-key.ts";
import type {
  ConnectorGroup,
  DlpCustomConnectorPattern,
  DlpOwnershipMarker,
  DlpPolicy,
  DlpPolicyInput,
} from "../../client/types.ts";
import type { WireClassification, WireDlpConnector, WireDlpPolicy, WireUrlClassification } from "./wire.ts";

const INCARNATION = /^[0-9a-f]{8}$/;
/** The URL rule that carries a marker; anything else on a `.invalid` govai- host is refused as a user pattern. */
const MARKER_RULE = /^https:\/\/govai-([0-9a-f]{24})-([0-9a-f]{8})\.invalid$/;
const RESERVED = /^https?:\/\/govai-[^/]*\.invalid(?:[/:]|$)/i;

/**
 * The owner key of a DLP ownership marker for `seed`: the shared {@link ownerKey}, under the name this package
 * exported first (environment and environment-group creates take the same key).
 */
export const dlpOwnerKey: (seed: string) => string = ownerKey;

/** A fresh incarnation (8 random hex digits); only has to differ from the previous incarnation of the same owner. */
export function newDlpIncarnation(): string {
  return randomBytes(4).toString("hex");
}

/** `owner-incarnation`, the form the provider records; {@link parseDlpOwnershipMarker} reads it back. */
export function formatDlpOwnershipMarker(marker: DlpOwnershipMarker): string {
  return `${marker.owner}-${marker.incarnation}`;
}

/** Reads `owner-incarnation`; undefined when `text` is not one. */
export function parseDlpOwnershipMarker(text: unknown): DlpOwnershipMarker | undefined {
  if (typeof text !== "string") return undefined;
  const [owner = "", incarnation = "", ...rest] = text.split("-");
  return rest.length === 0 && OWNER_KEY.test(owner) && INCARNATION.test(incarnation)
    ? { owner, incarnation }
    : undefined;
}

/** The URL pattern of the marker rule. */
export function dlpOwnershipPattern(marker: DlpOwnershipMarker): string {
  return `https://govai-${formatDlpOwnershipMarker(marker)}.invalid`;
}

function checkedMarker(ownership: NonNullable<DlpPolicyInput["ownership"]>): DlpOwnershipMarker {
  const marker = { owner: ownership.owner, incarnation: ownership.incarnation ?? newDlpIncarnation() };
  if (!OWNER_KEY.test(marker.owner))
    throw new TypeError(
      `a DLP owner key is 24 lower-case hex digits (see dlpOwnerKey); got ${JSON.stringify(marker.owner)}`,
    );
  if (!INCARNATION.test(marker.incarnation))
    throw new TypeError(`a DLP incarnation is 8 lower-case hex digits; got ${JSON.stringify(marker.incarnation)}`);
  return marker;
}

const TO_WIRE: Record<ConnectorGroup, WireClassification> = {
  business: "Confidential",
  nonBusiness: "General",
  blocked: "Blocked",
};
const FROM_WIRE: Record<string, ConnectorGroup> = {
  confidential: "business",
  general: "nonBusiness",
  blocked: "blocked",
};

/** Model group → wire classification. */
export function toWireClassification(group: ConnectorGroup): WireClassification {
  const wire = TO_WIRE[group];
  if (!wire)
    throw new TypeError(`unknown connector group ${JSON.stringify(group)}; expected business, nonBusiness or blocked`);
  return wire;
}

/** Wire classification → model group (case-insensitive). */
export function fromWireClassification(classification: string): ConnectorGroup {
  const group = FROM_WIRE[classification.toLowerCase()];
  if (!group)
    throw new TypeError(
      `unknown DLP classification ${JSON.stringify(classification)}; expected Confidential, General or Blocked`,
    );
  return group;
}

/** Custom-connector rule classification, model → wire. */
export function toWireUrlClassification(c: ConnectorGroup | "ignore"): WireUrlClassification {
  return c === "ignore" ? "Ignore" : toWireClassification(c);
}

/** Custom-connector rule classification, wire → model. */
export function fromWireUrlClassification(c: string): ConnectorGroup | "ignore" {
  return c.toLowerCase() === "ignore" ? "ignore" : fromWireClassification(c);
}

/** Full connector id: `shared_x` → `/providers/Microsoft.PowerApps/apis/shared_x`; full and virtual ids unchanged. */
export function fullConnectorId(id: string): string {
  const trimmed = id.trim();
  if (trimmed === "") throw new TypeError("a connector id must not be empty");
  if (trimmed.startsWith("/")) return trimmed;
  if (/^shared_/i.test(trimmed)) return `/providers/Microsoft.PowerApps/apis/${trimmed}`;
  return trimmed; // virtual connector (Http, PvaAuth, …)
}

function connector(id: string): WireDlpConnector {
  const full = fullConnectorId(id);
  return { id: full, name: lastSegment(full) ?? full, type: "Microsoft.PowerApps/apis" };
}

function environmentRef(id: string) {
  if (!id.trim()) throw new TypeError("a DLP environment id must not be empty");
  return {
    name: id,
    id: `/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments/${id}`,
    type: "Microsoft.BusinessAppPlatform/scopes/environments",
  };
}

const titleCase = (v: string) => `${v[0]?.toUpperCase() ?? ""}${v.slice(1)}`;

/** Builds the policy document (without `name` unless `name` is given, as on update). */
export function toWireDlpPolicy(input: DlpPolicyInput, name?: string): WireDlpPolicy {
  if (!input.displayName?.trim()) throw new TypeError("displayName of a DLP policy must not be empty");
  const seen = new Map<string, ConnectorGroup>();
  for (const group of ["business", "nonBusiness", "blocked"] as const) {
    for (const id of input[group]) {
      const full = fullConnectorId(id).toLowerCase();
      const other = seen.get(full);
      if (other)
        throw new TypeError(
          `connector ${id} is in both ${other} and ${group}; a connector belongs to exactly one group`,
        );
      seen.set(full, group);
    }
  }
  const scope = input.environments;
  const policyDefinition: WireDlpPolicy["policyDefinition"] = {
    displayName: input.displayName,
    defaultConnectorsClassification: toWireClassification(input.defaultGroup),
    environmentType:
      scope.kind === "all" ? "AllEnvironments" : scope.kind === "only" ? "OnlyEnvironments" : "ExceptEnvironments",
    environments: scope.kind === "all" ? [] : scope.environmentIds.map(environmentRef),
    connectorGroups: (["business", "nonBusiness", "blocked"] as const).map((g) => ({
      classification: toWireClassification(g),
      connectors: [...input[g]].map(connector),
    })),
  };
  if (name !== undefined) policyDefinition.name = name;
  const doc: WireDlpPolicy = { policyDefinition };
  const actions = Object.entries(input.actionRules);
  const endpoints = Object.entries(input.endpointRules);
  if (actions.length > 0 || endpoints.length > 0) {
    doc.connectorConfigurationsDefinition = {};
    if (actions.length > 0) {
      doc.connectorConfigurationsDefinition.connectorActionConfigurations = actions.map(([id, rules]) => ({
        connectorId: fullConnectorId(id),
        defaultConnectorActionRuleBehavior: titleCase(rules.defaultBehavior),
        actionRules: Object.entries(rules.actions).map(([actionId, behavior]) => ({
          actionId,
          behavior: titleCase(behavior),
        })),
      }));
    }
    if (endpoints.length > 0) {
      doc.connectorConfigurationsDefinition.endpointConfigurations = endpoints.map(([id, rules]) => ({
        connectorId: fullConnectorId(id),
        endpointRules: rules.map((r, i) => ({ order: i + 1, behavior: titleCase(r.behavior), endpoint: r.endpoint })),
      }));
    }
  }
  for (const r of input.customConnectorPatterns) {
    if (RESERVED.test(r.pattern.trim()))
      throw new TypeError(
        `custom-connector pattern ${JSON.stringify(r.pattern)} is reserved for govai's ownership marker; use another host`,
      );
  }
  // The marker rule goes first and shifts the caller's rules by one: it matches no real host, so it changes nothing
  // for the rules after it, and the service's "* must be last" rule still holds.
  const marker = input.ownership ? checkedMarker(input.ownership) : undefined;
  const shift = marker ? 1 : 0;
  const rules = [...input.customConnectorPatterns]
    .sort((a, b) => a.order - b.order)
    .map((r) => ({
      order: r.order + shift,
      customConnectorRuleClassification: toWireUrlClassification(r.classification),
      pattern: r.pattern,
    }));
  if (marker) {
    rules.unshift({ order: 1, customConnectorRuleClassification: "Blocked", pattern: dlpOwnershipPattern(marker) });
  }
  if (rules.length > 0) doc.customConnectorUrlPatternsDefinition = { rules };
  return doc;
}

const lower = <T extends string>(v: string) => v.toLowerCase() as T;

/** Reads a policy document; tolerates `endPoint`/`endpoint`, unordered URL rules and classification case drift. */
export function fromWireDlpPolicy(wire: WireDlpPolicy): DlpPolicy {
  const def = wire.policyDefinition;
  const groups: Record<ConnectorGroup, string[]> = { business: [], nonBusiness: [], blocked: [] };
  for (const g of def.connectorGroups ?? [])
    groups[fromWireClassification(g.classification)].push(...(g.connectors ?? []).map((c) => c.id));
  for (const list of Object.values(groups)) list.sort();
  const envIds = (def.environments ?? []).map((e) => e.name || lastSegment(e.id) || "");
  const type = (def.environmentType ?? "").toLowerCase();
  const environments: DlpPolicy["environments"] =
    type === "onlyenvironments"
      ? { kind: "only", environmentIds: envIds }
      : type === "exceptenvironments"
        ? { kind: "except", environmentIds: envIds }
        : { kind: "all" };
  const endpointRules: DlpPolicy["endpointRules"] = {};
  for (const c of wire.connectorConfigurationsDefinition?.endpointConfigurations ?? []) {
    endpointRules[c.connectorId] = [...(c.endpointRules ?? [])]
      .sort((a, b) => a.order - b.order)
      .map((r) => ({ behavior: lower<"allow" | "deny">(r.behavior), endpoint: r.endpoint ?? r.endPoint ?? "" }));
  }
  const actionRules: DlpPolicy["actionRules"] = {};
  for (const c of wire.connectorConfigurationsDefinition?.connectorActionConfigurations ?? []) {
    const actions: Record<string, "allow" | "block"> = {};
    for (const r of c.actionRules ?? []) actions[r.actionId] = lower<"allow" | "block">(r.behavior);
    actionRules[c.connectorId] = {
      defaultBehavior: lower<"allow" | "block">(c.defaultConnectorActionRuleBehavior),
      actions,
    };
  }
  // The ownership marker rule is taken out, and the rules after it move up by one, so callers see the rules they
  // wrote. Only a Blocked rule counts: one an admin reclassified is no longer ours and stays visible.
  let ownership: DlpOwnershipMarker | undefined;
  let removed = 0;
  const customConnectorPatterns: DlpCustomConnectorPattern[] = [];
  for (const r of [...(wire.customConnectorUrlPatternsDefinition?.rules ?? [])].sort((a, b) => a.order - b.order)) {
    const m = MARKER_RULE.exec(r.pattern ?? "");
    if (m?.[1] && m[2] && r.customConnectorRuleClassification?.toLowerCase() === "blocked") {
      ownership ??= { owner: m[1], incarnation: m[2] };
      removed += 1;
      continue;
    }
    customConnectorPatterns.push({
      order: r.order - removed,
      classification: fromWireUrlClassification(r.customConnectorRuleClassification),
      pattern: r.pattern,
    });
  }
  return {
    id: def.name ?? "",
    displayName: def.displayName,
    defaultGroup: fromWireClassification(def.defaultConnectorsClassification),
    environments,
    business: groups.business,
    nonBusiness: groups.nonBusiness,
    blocked: groups.blocked,
    endpointRules,
    actionRules,
    customConnectorPatterns,
    ownership,
    etag: def.etag,
    createdBy: def.createdBy?.displayName,
    createdTime: def.createdTime,
    lastModifiedTime: def.lastModifiedTime,
  };
}
