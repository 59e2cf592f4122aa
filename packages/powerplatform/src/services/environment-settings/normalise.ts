/** The canonical form of EnvironmentSettings inputs (see `provider/normalise.ts`). Unknown-safe. */
import { lower, obj, sortedUnique } from "../../provider/normalise-kit.ts";
import type { PropertyMap } from "../../provider/wire.ts";

/** EnvironmentSettings inputs with the service's casing, defaults spelled out and collections sorted. */
export function normaliseEnvironmentSettings(input: PropertyMap): PropertyMap {
  const i: PropertyMap = { ...input };
  i.environmentId = lower(i.environmentId);
  i.deleteBehavior = i.deleteBehavior ?? "restore";
  const f = obj(i.firewall);
  if (f) {
    i.firewall = {
      ...f,
      allowedRanges: sortedUnique(Array.isArray(f.allowedRanges) ? f.allowedRanges.map(lower) : f.allowedRanges),
      serviceTags: sortedUnique(f.serviceTags),
    };
  }
  return i;
}
