/**
 * Property tests: whatever a user does to a valid spec, the loader answers with a model or with structured,
 * positioned issues, and never throws anything else.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { type LoadResult, loadWorkloadText } from "../src/index.ts";

const EXAMPLE = readFileSync("examples/policy-lookup-agent/workload.yaml", "utf8");
const MINIMAL = readFileSync("examples/minimal/workload.yaml", "utf8");

/** The result is either a model or a non-empty list of well-formed, positioned issues. */
function wellFormed(r: LoadResult): boolean {
  if (r.ok) return typeof r.model.metadata.name === "string" && r.model.stages.prod !== undefined;
  return (
    r.errors.length > 0 &&
    r.errors.every(
      (e) =>
        e.file === "w.yaml" &&
        Number.isInteger(e.line) &&
        e.line >= 1 &&
        Number.isInteger(e.column) &&
        e.column >= 1 &&
        typeof e.path === "string" &&
        typeof e.message === "string" &&
        e.message.length > 0,
    )
  );
}

const textEdit = (text: string) =>
  fc.oneof(
    // insert a snippet
    fc
      .tuple(
        fc.nat(text.length),
        fc.constantFrom(":", "-", " ", "\n", "{", "[", "'", '"', "&a", "*a", "#", "x: 1\n", "\t"),
      )
      .map(
        ([i, s]) =>
          (t: string) =>
            t.slice(0, i) + s + t.slice(i),
      ),
    // delete a range
    fc.tuple(fc.nat(text.length), fc.nat(40)).map(
      ([i, n]) =>
        (t: string) =>
          t.slice(0, i) + t.slice(i + n),
    ),
    // swap two lines
    fc.tuple(fc.nat(200), fc.nat(200)).map(([a, b]) => (t: string) => {
      const lines = t.split("\n");
      const i = a % lines.length;
      const j = b % lines.length;
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return lines.join("\n");
    }),
  );

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value in a plain JSON tree. */
function paths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      out.push(...paths(x, [...prefix, i]));
    });
  } else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  }
  return out;
}

function mutate(
  doc: Json,
  path: (string | number)[],
  op: "delete" | "replace" | "addKey",
  value: Json,
  key: string,
): Json {
  if (path.length === 0) return op === "replace" ? value : doc;
  const copy = structuredClone(doc) as Record<string | number, Json>;
  let parent = copy as Record<string | number, Json>;
  for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (op === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (op === "replace") parent[last] = value;
  else {
    const target = parent[last];
    if (target !== null && typeof target === "object" && !Array.isArray(target)) target[key] = value;
    else parent[last] = value;
  }
  return copy as Json;
}

describe("the loader under mutation", () => {
  // Runs are fewer for the large example: YAML parsing dominates (about 20 ms per load on a busy 2-core machine).
  for (const [name, text, runs] of [
    ["policy-lookup example", EXAMPLE, 100],
    ["minimal example", MINIMAL, 300],
  ] as const) {
    it(`${name}: random text edits give a model or positioned issues`, () => {
      fc.assert(
        fc.property(fc.array(textEdit(text), { minLength: 1, maxLength: 4 }), (edits) => {
          const mutated = edits.reduce((t, e) => e(t), text);
          expect(wellFormed(loadWorkloadText(mutated, "w.yaml"))).toBe(true);
        }),
        { numRuns: runs },
      );
    });

    it(`${name}: random structural edits give a model or positioned issues`, () => {
      const doc = parse(text) as Json;
      const all = paths(doc);
      fc.assert(
        fc.property(
          fc.constantFrom(...all),
          fc.constantFrom("delete", "replace", "addKey"),
          fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
          fc.string({ maxLength: 12 }),
          (path, op, value, key) => {
            const mutated = stringify(mutate(doc, path, op, value, key));
            expect(wellFormed(loadWorkloadText(mutated, "w.yaml"))).toBe(true);
          },
        ),
        { numRuns: runs },
      );
    });
  }

  it("arbitrary text gives a model or positioned issues", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(wellFormed(loadWorkloadText(text, "w.yaml"))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
