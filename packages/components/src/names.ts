/**
 * Logical (Pulumi) names of children. Every child name is derived from its parent's name and, for collections, the
 * map key the user chose, never an array position: URNs survive reordering. These names are public API; renaming
 * one needs an alias.
 */

/** A child name: the parent's name and the given parts, joined by hyphens. */
export function childName(parent: string, ...parts: string[]): string {
  return [parent, ...parts].join("-");
}

/**
 * A stable, name-safe key for a free-text value (a group display name): lower-case letters, digits and hyphens.
 * Used only where the model gives a list of display names instead of a map.
 */
export function slug(value: string): string {
  const s = value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return s === "" ? "x" : s;
}

/** ISO 8601 duration of a window in minutes (`ALERT_WINDOWS_MINUTES` of `@govai/spec`): `PT15M`, `PT1H`, `P1D`, `P2D`. */
export function isoDuration(minutes: number): string {
  if (minutes % 1440 === 0) return `P${minutes / 1440}D`;
  if (minutes % 60 === 0) return `PT${minutes / 60}H`;
  return `PT${minutes}M`;
}
