/** The canonical form of AdminApplication inputs (see `provider/normalise.ts`). Unknown-safe. */
import { lower } from "../../provider/normalise-kit.ts";
import type { PropertyMap } from "../../provider/wire.ts";

/** AdminApplication inputs with the service's casing, defaults spelled out and collections sorted. */
export function normaliseAdminApplication(input: PropertyMap): PropertyMap {
  const i: PropertyMap = { ...input };
  i.applicationId = lower(i.applicationId);
  return i;
}
