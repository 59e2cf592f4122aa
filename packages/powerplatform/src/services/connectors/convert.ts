/** Connector catalogue converters: merge the catalogue with the unblockable and virtual metadata lists. */
import { lastSegment } from "../../client/common.convert.ts";
import type { Connector } from "../../client/types.ts";
import type { WireApi, WireConnectorMetadata } from "./wire.ts";

/** Merges the three lists into one, keyed by the lower-cased connector name, sorted by id. */
export function mergeConnectors(
  apis: WireApi[],
  unblockable: WireConnectorMetadata[],
  virtual: WireConnectorMetadata[],
): Connector[] {
  const key = (id: string) => (lastSegment(id) ?? id).toLowerCase();
  const byKey = new Map<string, Connector>();
  for (const api of apis) {
    const id = api.id ?? (api.name ? `/providers/Microsoft.PowerApps/apis/${api.name}` : undefined);
    if (!id) continue;
    byKey.set(key(id), {
      id,
      name: lastSegment(id) ?? id,
      displayName: api.properties?.displayName,
      tier: api.properties?.tier,
      publisher: api.properties?.publisher,
      virtual: false,
      unblockable: false,
    });
  }
  for (const v of virtual) {
    if (!v.id) continue;
    const existing = byKey.get(key(v.id));
    if (existing) existing.virtual = true;
    else {
      byKey.set(key(v.id), {
        id: v.id,
        name: lastSegment(v.id) ?? v.id,
        displayName: v.metadata?.displayName ?? v.metadata?.name,
        tier: undefined,
        publisher: undefined,
        virtual: true,
        unblockable: false,
      });
    }
  }
  for (const u of unblockable) {
    if (!u.id || u.metadata?.unblockable === false) continue;
    const existing = byKey.get(key(u.id));
    if (existing) existing.unblockable = true;
  }
  return [...byKey.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
