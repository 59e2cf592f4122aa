/**
 * The slice of OData query syntax the Dataverse routes understand: `$select`, `$filter` made of `field eq value`
 * (or `ne`) terms joined by `and`, and one `$expand` with a nested `$select`. Anything else is refused loudly.
 */
import type { JsonObject } from "./json.ts";

/** A parsed `field eq value` (or `field ne value`) term. */
export interface EqTerm {
  field: string;
  value: string | number | boolean | null;
  /** `ne` negates the comparison. Default `eq`. */
  op?: "eq" | "ne";
}

/** Parses `$filter`; throws with a clear message on syntax the emulator does not support. */
export function parseFilter(filter: string | null): EqTerm[] {
  if (filter === null || filter.trim() === "") return [];
  return filter.split(/\s+and\s+/i).map((term) => {
    const m = /^\s*\(?\s*([A-Za-z_][A-Za-z0-9_]*)\s+(eq|ne)\s+(.+?)\s*\)?\s*$/i.exec(term);
    if (!m)
      throw new Error(
        `the emulator supports only "<field> eq <value>" or "<field> ne <value>" terms joined by "and"; got '${term.trim()}'`,
      );
    const raw = (m[3] ?? "").trim();
    let value: EqTerm["value"];
    if (raw === "null") value = null;
    else if (raw === "true" || raw === "false") value = raw === "true";
    else if (/^'.*'$/.test(raw)) value = raw.slice(1, -1).replace(/''/g, "'");
    else if (/^-?\d+(\.\d+)?$/.test(raw)) value = Number(raw);
    else if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(raw)) value = raw;
    else throw new Error(`unsupported value '${raw}' in $filter`);
    return { field: m[1] ?? "", value, op: (m[2] ?? "eq").toLowerCase() === "ne" ? "ne" : "eq" };
  });
}

/** True when the row satisfies every term (GUIDs and strings compare case-insensitively). */
export function matchesFilter(row: JsonObject, terms: readonly EqTerm[]): boolean {
  return terms.every(({ field, value, op }) => {
    const actual = row[field];
    let equal: boolean;
    if (value === null) equal = actual === null || actual === undefined;
    else if (typeof value === "string" && typeof actual === "string")
      equal = actual.toLowerCase() === value.toLowerCase();
    else equal = actual === value;
    return op === "ne" ? !equal : equal;
  });
}

/** Keeps only the selected columns (all columns when `$select` is absent). */
export function project(row: JsonObject, select: string | null, key: string): JsonObject {
  if (select === null || select.trim() === "") return { ...row };
  const out: JsonObject = {};
  for (const column of [key, ...select.split(",").map((c) => c.trim())]) {
    if (column in row) out[column] = row[column];
  }
  return out;
}

/** Parses `$expand=<navigation>($select=a,b)`; returns null when absent. */
export function parseExpand(expand: string | null): { navigation: string; select: string | null } | null {
  if (expand === null || expand.trim() === "") return null;
  const m = /^\s*([A-Za-z_]+)\s*(?:\(\s*\$select=([^)]*)\))?\s*$/.exec(expand);
  if (!m) throw new Error(`the emulator supports one $expand with an optional nested $select; got '${expand}'`);
  return { navigation: m[1] ?? "", select: m[2] ?? null };
}
