/** The canonical form of EnvironmentGroup and EnvironmentGroupRuleSet inputs (see `provider/normalise.ts`). Unknown-safe. */
import { lower, obj, sortedUnique } from "../../provider/normalise-kit.ts";
import type { PropertyMap } from "../../provider/wire.ts";

/** EnvironmentGroup inputs with the description spelled out. */
export function normaliseEnvironmentGroup(input: PropertyMap): PropertyMap {
  return { ...input, description: input.description ?? "" };
}

/**
 * EnvironmentGroupRuleSet inputs: the group id lower-cased, rule overrides sorted, an absent welcome URL and absent
 * rules spelled as absence (the shape a read gives back).
 */
export function normaliseEnvironmentGroupRuleSet(input: PropertyMap): PropertyMap {
  const i: PropertyMap = { ...input, groupId: lower(input.groupId) };
  const r = obj(i.rules);
  if (!r) return i;
  const rules: PropertyMap = { ...r };
  const sc = obj(rules.solutionChecker);
  if (sc) rules.solutionChecker = { ...sc, ruleOverrides: sortedUnique(sc.ruleOverrides, (s) => s.toLowerCase()) };
  const mw = obj(rules.makerWelcome);
  if (mw && (mw.url === undefined || mw.url === null || mw.url === "")) rules.makerWelcome = { markdown: mw.markdown };
  for (const [k, v] of Object.entries(rules)) if (v === undefined || v === null) delete rules[k];
  i.rules = rules;
  return i;
}
