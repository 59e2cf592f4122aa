/** The canonical form of ManagedEnvironment inputs (see `provider/normalise.ts`). Unknown-safe. */
import { lower, obj, sortedUnique } from "../../provider/normalise-kit.ts";
import type { PropertyMap } from "../../provider/wire.ts";

/** ManagedEnvironment inputs with the service's casing, defaults spelled out and collections sorted. */
export function normaliseManagedEnvironment(input: PropertyMap): PropertyMap {
  const i: PropertyMap = { ...input };
  i.environmentId = lower(i.environmentId);
  const sc = obj(i.solutionChecker);
  if (sc) i.solutionChecker = { ...sc, ruleOverrides: sortedUnique(sc.ruleOverrides, (s) => s.toLowerCase()) };
  const mw = obj(i.makerWelcome);
  if (mw && mw.url === undefined) i.makerWelcome = { markdown: mw.markdown };
  if (i.makerWelcome === undefined || i.makerWelcome === null) delete i.makerWelcome;
  return i;
}
