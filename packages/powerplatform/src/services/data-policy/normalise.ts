/** The canonical form of DataPolicy inputs (see `provider/normalise.ts`). Unknown-safe. */
import { connectorKey, DATA_POLICY_GROUPS } from "../../provider/inputs.ts";
import { lower, obj, sortedUnique } from "../../provider/normalise-kit.ts";
import type { PropertyMap } from "../../provider/wire.ts";

/** DataPolicy inputs with the service's casing, defaults spelled out and collections sorted. */
export function normaliseDataPolicy(input: PropertyMap): PropertyMap {
  const i: PropertyMap = { ...input };
  i.environmentScope = i.environmentScope ?? "onlyEnvironments";
  i.environmentIds = sortedUnique(Array.isArray(i.environmentIds) ? i.environmentIds.map(lower) : i.environmentIds);
  for (const g of DATA_POLICY_GROUPS) i[g] = sortedUnique(i[g], connectorKey);
  i.endpointRules = i.endpointRules ?? {};
  i.actionRules = i.actionRules ?? {};
  const patterns = i.customConnectorPatterns ?? [];
  i.customConnectorPatterns =
    Array.isArray(patterns) && patterns.every((p) => typeof obj(p)?.order === "number")
      ? [...patterns].sort((a, b) => (a as { order: number }).order - (b as { order: number }).order)
      : patterns;
  return i;
}
