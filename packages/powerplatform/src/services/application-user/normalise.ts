/** The canonical form of ApplicationUser inputs (see `provider/normalise.ts`). Unknown-safe. */
import { lower, sortedUnique } from "../../provider/normalise-kit.ts";
import type { PropertyMap } from "../../provider/wire.ts";

/** ApplicationUser inputs with the service's casing, defaults spelled out and collections sorted. */
export function normaliseApplicationUser(input: PropertyMap): PropertyMap {
  const i: PropertyMap = { ...input };
  i.environmentId = lower(i.environmentId);
  i.applicationId = lower(i.applicationId);
  i.roles = sortedUnique(i.roles);
  return i;
}
