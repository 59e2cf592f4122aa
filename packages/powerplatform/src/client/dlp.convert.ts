/**
 * DLP converters. The classification names differ from the admin UI and the model:
 * business ↔ `Confidential`, nonBusiness ↔ `General`, blocked ↔ `Blocked` (custom connectors also `Ignore`).
 * Endpoint rules are sent as `endpoint` and read as `endPoint`; URL rules are read in any order.
 */
import { lastSegment } from "./common.convert.ts";
import type { WireClassification, WireDlpConnector, WireDlpPolicy, WireUrlClassification } from "./dlp.wire.ts";
import type { ConnectorGroup, DlpCustomConnectorPattern, DlpPolicy, DlpPolicyInput } from "./types.ts";

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
  if (input.customConnectorPatterns.length > 0) {
    doc.customConnectorUrlPatternsDefinition = {
      rules: [...input.customConnectorPatterns]
        .sort((a, b) => a.order - b.order)
        .map((r) => ({
          order: r.order,
          customConnectorRuleClassification: toWireUrlClassification(r.classification),
          pattern: r.pattern,
        })),
    };
  }
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
  const customConnectorPatterns: DlpCustomConnectorPattern[] = [
    ...(wire.customConnectorUrlPatternsDefinition?.rules ?? []),
  ]
    .sort((a, b) => a.order - b.order)
    .map((r) => ({
      order: r.order,
      classification: fromWireUrlClassification(r.customConnectorRuleClassification),
      pattern: r.pattern,
    }));
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
    etag: def.etag,
    createdTime: def.createdTime,
    lastModifiedTime: def.lastModifiedTime,
  };
}
