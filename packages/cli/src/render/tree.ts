import type { PlannedResource } from "@govai/components";

/** The resource tree of a plan: children under their parent, siblings by type then name, `[protected]` marked. */
export function resourceTree(resources: PlannedResource[]): string[] {
  const byParent = new Map<string | undefined, PlannedResource[]>();
  const urns = new Set(resources.map((r) => r.urn));
  for (const r of resources) {
    const parent = r.parent && urns.has(r.parent) ? r.parent : undefined;
    const siblings = byParent.get(parent) ?? [];
    siblings.push(r);
    byParent.set(parent, siblings);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, prefix: string) => {
    const children = (byParent.get(parent) ?? []).sort(
      (a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name),
    );
    children.forEach((child, i) => {
      const last = i === children.length - 1;
      lines.push(`${prefix}${last ? "└─ " : "├─ "}${child.type}  ${child.name}${child.protect ? "  [protected]" : ""}`);
      walk(child.urn, `${prefix}${last ? "   " : "│  "}`);
    });
  };
  walk(undefined, "");
  return lines;
}
