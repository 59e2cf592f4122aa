/** The canonical form of Environment inputs (see `provider/normalise.ts`). Unknown-safe. */
import { lower, mapStr, normaliseGroupId, obj } from "../../provider/normalise-kit.ts";
import type { PropertyMap } from "../../provider/wire.ts";

/** Environment inputs with the service's casing, defaults spelled out and collections sorted. */
export function normaliseEnvironment(input: PropertyMap): PropertyMap {
  const i: PropertyMap = { ...input };
  i.description = i.description ?? "";
  i.location = lower(i.location);
  i.azureRegion = lower(i.azureRegion);
  const d = obj(i.dataverse);
  if (d) {
    const dv: PropertyMap = {
      ...d,
      currency: mapStr(d.currency, (s) => s.toUpperCase()),
      domain: lower(d.domain),
      securityGroupId: normaliseGroupId(d.securityGroupId),
    };
    if (dv.securityGroupId === undefined) delete dv.securityGroupId;
    i.dataverse = dv;
  }
  i.environmentGroupId = normaliseGroupId(i.environmentGroupId);
  if (i.environmentGroupId === undefined) delete i.environmentGroupId;
  return i;
}
