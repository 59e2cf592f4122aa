/** The canonical form of TenantSettings inputs (see `provider/normalise.ts`). Unknown-safe. */
import type { PropertyMap } from "../../provider/wire.ts";

/** TenantSettings inputs with the default delete behaviour spelled out; the settings stay in the service's shape. */
export function normaliseTenantSettings(input: PropertyMap): PropertyMap {
  return { ...input, deleteBehavior: input.deleteBehavior ?? "restore" };
}
