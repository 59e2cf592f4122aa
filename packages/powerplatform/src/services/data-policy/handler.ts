/** The DataPolicy resource: a DLP (data) policy. */

import { ownerKey } from "../../client/owner-key.ts";
import type { DlpCustomConnectorPattern, DlpPolicy, DlpPolicyInput } from "../../client/types.ts";
import { type ResourceHandler, rec, strs } from "../../provider/handler.ts";
import { connectorKey } from "../../provider/inputs.ts";
import { normalise } from "../../provider/normalise.ts";
import { clean, type PropertyMap } from "../../provider/wire.ts";
import { formatDlpOwnershipMarker, parseDlpOwnershipMarker } from "./convert.ts";

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

/**
 * The service stores a catch-all `{Ignore, "*"}` as the last URL rule of a policy written without a `*` rule (the
 * Terraform provider's recorded reads end with it). It means the same as no rule, so it is shown only when the
 * recorded inputs had a `*` rule of their own; otherwise an unchanged policy would show drift on every refresh.
 */
function withoutServiceCatchAll(read: DlpCustomConnectorPattern[], old: PropertyMap): DlpCustomConnectorPattern[] {
  const last = read[read.length - 1];
  if (last?.pattern !== "*" || last.classification !== "ignore") return read;
  const recorded = Array.isArray(old.customConnectorPatterns) ? (old.customConnectorPatterns as PropertyMap[]) : [];
  return recorded.some((r) => r?.pattern === "*") ? read : read.slice(0, -1);
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
    customConnectorPatterns: withoutServiceCatchAll(p.customConnectorPatterns, old),
    cloud: old.cloud,
  });
}

const outputsOf = (p: DlpPolicy, inputs: PropertyMap) =>
  clean({
    ...inputs,
    policyName: p.id,
    etag: p.etag ?? "",
    ownershipMarker: p.ownership ? formatDlpOwnershipMarker(p.ownership) : undefined,
  });

/**
 * The marker an update writes: the recorded one while it belongs to this resource, so the incarnation that created
 * or adopted the policy stays recognisable; otherwise (imported, renamed by alias, recorded before markers) a new
 * incarnation of this resource's owner key.
 */
function ownershipFor(urn: string, recorded: unknown): DlpPolicyInput["ownership"] {
  const owner = ownerKey(urn);
  const marker = parseDlpOwnershipMarker(recorded);
  return marker?.owner === owner ? marker : { owner };
}

/** See the `DataPolicy` resource class for the documented behaviour. */
export const dataPolicyHandler: ResourceHandler = {
  name: "DataPolicy",
  deadlines: { create: 10, update: 10, delete: 10, read: 5 },

  async create(port, inputs, opts, { urn }) {
    // The owner key comes from the URN, so a re-run of this resource finds the policy an earlier attempt left behind
    // (its POST outlived the timeout) and adopts it instead of creating a second one; other resources never do.
    const p = await port.createDlpPolicy({ ...policyOf(inputs), ownership: { owner: ownerKey(urn) } }, opts);
    return { id: p.id, outs: outputsOf(p, inputs) };
  },

  async read(port, id, props, opts) {
    const p = await port.getDlpPolicy(id, opts);
    if (!p) return undefined;
    const inputs = inputsOf(p, props);
    return { props: outputsOf(p, inputs), inputs };
  },

  async update(port, id, olds, news, opts, { urn }) {
    const p = await port.updateDlpPolicy(
      id,
      { ...policyOf(news), ownership: ownershipFor(urn, olds.ownershipMarker) },
      opts,
    );
    return outputsOf(p, news);
  },

  async delete(port, id, props, opts) {
    // A replacement that creates before it deletes finds the old policy by its owner key and adopts it with a new
    // incarnation; the old state's delete then must leave it alone, or it would delete the replacement's policy.
    const recorded = parseDlpOwnershipMarker(props.ownershipMarker);
    if (recorded) {
      const live = await port.getDlpPolicy(id, opts);
      if (!live) return;
      if (live.ownership?.owner === recorded.owner && live.ownership.incarnation !== recorded.incarnation) return;
    }
    await port.deleteDlpPolicy(id, opts);
  },
};
