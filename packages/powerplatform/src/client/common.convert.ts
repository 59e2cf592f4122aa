/** Converters shared by several services: zero GUIDs, string booleans and numbers, enum case drift. */

/** The all-zero GUID the service uses for "none". */
export const ZERO_GUID = "00000000-0000-0000-0000-000000000000";

/** Reads an id that may be missing, `""` or the zero GUID as undefined. */
export function readOptionalId(id: string | null | undefined): string | undefined {
  if (id === undefined || id === null) return undefined;
  const trimmed = id.trim();
  return trimmed === "" || trimmed === ZERO_GUID ? undefined : trimmed;
}

/** `"true"`/`"false"` (any case) to a boolean; anything else to `fallback`. */
export function readStringBoolean(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  const v = value.trim().toLowerCase();
  if (v === "true") return true;
  if (v === "false") return false;
  return fallback;
}

/** An integer carried as a string; `fallback` when missing or not an integer. */
export function readStringInteger(value: string | undefined, fallback: number): number {
  if (value === undefined || !/^-?\d+$/.test(value.trim())) return fallback;
  return Number(value.trim());
}

/** Matches `value` against `allowed` ignoring case (the service drifts: `NoLimit`, `Warn`); `fallback` when none matches. */
export function readEnum<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  const lower = value.trim().toLowerCase();
  return allowed.find((a) => a.toLowerCase() === lower) ?? fallback;
}

/** The last `/` segment of a path (`…/environments/<id>` → `<id>`); undefined for `""`. */
export function lastSegment(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const parts = path.split("/").filter((p) => p !== "");
  return parts.at(-1);
}

/** Splits a comma- or semicolon-separated list, trimming and dropping empties. */
export function splitList(value: string | null | undefined, separator: "," | ";" = ","): string[] {
  if (!value) return [];
  return value
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
