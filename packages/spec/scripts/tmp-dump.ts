import { loadWorkloadFile } from "../src/index.ts";

const r = await loadWorkloadFile(process.argv[2]!);
if (!r.ok) throw new Error("bad");
function lit(v: unknown, ind: string): string {
  if (v === undefined) return "undefined";
  if (Array.isArray(v)) return v.length === 0 ? "[]" : `[${v.map((x) => lit(x, ind)).join(", ")}]`;
  if (v && typeof v === "object") {
    const e = Object.entries(v);
    if (e.length === 0) return "{}";
    const n = `${ind}  `;
    return `{\n${e.map(([k, x]) => `${n}${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${lit(x, n)},`).join("\n")}\n${ind}}`;
  }
  return JSON.stringify(v);
}
const path = (process.argv[3] ?? "stages").split(".");
let v: any = r.model;
for (const p of path) v = v[p];
console.log(lit(v, ""));
