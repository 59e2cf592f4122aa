/** The DataPolicy resource: a DLP (data) policy. */
import type { DlpPolicy, DlpPolicyInput } from "../client/types.ts";
import { type ResourceHandler, rec, strs } from "./handler.ts";
import { connectorKey, normalise } from "./inputs.ts";
import { clean, type PropertyMap } from "./wire.ts";

const SCOPE_KIND = { onlyEnvironments: "only", exceptEnvironments: "except", allEnvironments: "all" } as const;

function policyOf(inputs: PropertyMap): DlpPolicyInput {
  const scope = (inputs.environmentScope ?? "onlyEnvironments") as keyof typeof SCOPE_KIND;
  const ids = strs(inputs.environmentIds);
  return {
    displayName: inputs.displayName as string,
    defaultGroup: inputs.defaultGroup as DlpPolicyInput["defaultGroup"],
    environments: scope === "allEnvironments" ? { kind: "all" } : { kind: SCOPE_KIND[scope], environmentIds: ids },
    business: strs(inputs.business),
    nonBusiness: strs(inputs.nonBusiness),
    blocked: strs(inputs.blocked),
    endpointRules: rec(inputs.endpointRules) as DlpPolicyInput["endpointRules"],
    actionRules: rec(inputs.actionRules) as DlpPolicyInput["actionRules"],
    customConnectorPatterns: (inputs.customConnectorPatterns ?? []) as DlpPolicyInput["customConnectorPatterns"],
  };
}

/**
 * The service answers with full connector ids (`/providers/Microsoft.PowerApps/apis/shared_x`). Spell each one the
 * way the user did, so an unchanged policy never shows a diff; connectors the user never named get their short name.
 */
function speller(old: PropertyMap): (id: string) => string {
  const byKey = new Map<string, string>();
  const add = (id: string) => byKey.set(connectorKey(id), id);
  for (const g of ["business", "nonBusiness", "blocked"]) strs(old[g]).forEach(add);
  for (const k of Object.keys(rec(old.endpointRules))) add(k);
  for (const k of Object.keys(rec(old.actionRules))) add(k);
  return (id) => byKey.get(connectorKey(id)) ?? (id.startsWith("/providers/") ? (id.split("/").pop() ?? id) : id);
}

function inputsOf(p: DlpPolicy, old: PropertyMap): PropertyMap {
  const spell = speller(old);
  const rekey = <T>(r: Record<string, T>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [spell(k), v]));
  const scope = p.environments.kind === "all" ? "allEnvironments" : `${p.environments.kind}Environments`;
  return normalise("DataPolicy", {
    displayName: p.displayName,
    defaultGroup: p.defaultGroup,
    environmentIds: p.environments.kind === "all" ? [] : p.environments.environmentIds,
    environmentScope: scope,
    business: p.business.map(spell),
    nonBusiness: p.nonBusiness.map(spell),
    blocked: p.blocked.map(spell),
    endpointRules: rekey(p.endpointRules),
    actionRules: rekey(p.actionRules),
    customConnectorPatterns: p.customConnectorPatterns,
    cloud: old.cloud,
  });
}

const outputsOf = (p: DlpPolicy, inputs: PropertyMap) => clean({ ...inputs, policyName: p.id, etag: p.etag ?? "" });

/** See the `DataPolicy` resource class for the documented behaviour. */
export const dataPolicyHandler: ResourceHandler = {
  name: "DataPolicy",
  replaceOn: {},
  secretKeys: [],
  deadlines: { create: 10, update: 10, delete: 10, read: 5 },

  async create(port, inputs, opts) {
    const p = await port.createDlpPolicy(policyOf(inputs), opts);
    return { id: p.id, outs: outputsOf(p, inputs) };
  },

  async read(port, id, props, opts) {
    const p = await port.getDlpPolicy(id, opts);
    if (!p) return undefined;
    const inputs = inputsOf(p, props);
    return { props: outputsOf(p, inputs), inputs };
  },

  async update(port, id, _olds, news, opts) {
    const p = await port.updateDlpPolicy(id, policyOf(news), opts);
    return outputsOf(p, news);
  },

  async delete(port, id, _props, opts) {
    await port.deleteDlpPolicy(id, opts);
  },
};
