/** The canonical form of CopilotTelemetry inputs (see `provider/normalise.ts`). Unknown-safe. */
import { lower } from "../../provider/normalise-kit.ts";
import type { PropertyMap } from "../../provider/wire.ts";

/** CopilotTelemetry inputs with the service's casing, defaults spelled out and collections sorted. */
export function normaliseCopilotTelemetry(input: PropertyMap): PropertyMap {
  const i: PropertyMap = { ...input };
  i.environmentId = lower(i.environmentId);
  return i;
}
