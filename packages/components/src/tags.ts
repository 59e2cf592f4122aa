/**
 * Tags. Azure resources take the stage's tag map as is. Entra applications and service principals only take a list
 * of strings, so the same tags go there as `key:value`, sorted by key so the list never moves when the map does.
 */

/** The stage tags as Entra `key:value` strings, sorted by key. */
export function entraTags(tags: Record<string, string>): string[] {
  return Object.keys(tags)
    .sort()
    .map((k) => `${k}:${tags[k]}`);
}

/** Entries of a map sorted by key: the one way collections become lists in inputs. */
export function sortedEntries<T>(map: Record<string, T>): [string, T][] {
  return Object.keys(map)
    .sort()
    .map((k) => [k, map[k] as T]);
}
