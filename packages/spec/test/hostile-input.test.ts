/**
 * Hostile input: keys that name built-in JavaScript properties, YAML tags beyond the core schema, control
 * characters, nesting deep enough to overflow a recursive parser, and maps with enough entries to expose quadratic
 * position lookups. Every one is answered with positioned issues, never a throw, a silent drop or a stack overflow.
 */

import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { formatIssues, loadWorkloadText, resolve, SpecError, type WorkloadSpec } from "../src/index.ts";
import { PositionIndex } from "../src/positions.ts";
import { MAX_NESTING } from "../src/read-yaml.ts";
import { baseSpec, MINIMAL } from "./fixtures.ts";

function edit(from: string, to: string): string {
  expect(MINIMAL).toContain(from);
  return MINIMAL.replace(from, to);
}

function errorsOf(text: string): string {
  const r = loadWorkloadText(text, "w.yaml");
  if (r.ok) throw new Error("expected the spec to be rejected");
  return formatIssues(r.errors);
}

const reserved = (key: string) =>
  `the key "${key}" is not allowed: it names a built-in property of every JavaScript object; choose another name`;

describe("keys that name built-in properties of JavaScript objects", () => {
  // Before: __proto__ vanished (the spec loaded without the entry), toString under actionRules loaded and made
  // `govai plan` die in Pulumi's serialisation, exit 1 with a raw TypeError.
  it.each([
    [
      "toString in a map of user names",
      edit(
        "    timeToAnswer:",
        "    toString: { baseline: 1, target: 0, unit: minutes, measuredIn: x }\n    timeToAnswer:",
      ),
      `w.yaml:13:5 problem.successMetrics.toString: ${reserved("toString")}`,
    ],
    [
      "__proto__ in a map of user names",
      edit(
        "    timeToAnswer:",
        "    __proto__: { baseline: 1, target: 0, unit: minutes, measuredIn: x }\n    timeToAnswer:",
      ),
      `w.yaml:13:5 problem.successMetrics.__proto__: ${reserved("__proto__")}`,
    ],
    [
      "constructor and hasOwnProperty as tag names",
      edit("  costCenter: CC-1001\n", "  costCenter: CC-1001\n  tags: { constructor: a, hasOwnProperty: b }\n"),
      [
        `w.yaml:10:11 metadata.tags.constructor: ${reserved("constructor")}`,
        `w.yaml:10:27 metadata.tags.hasOwnProperty: ${reserved("hasOwnProperty")}`,
      ].join("\n"),
    ],
    [
      "toString as a connector of actionRules (crashed plan)",
      edit(
        "    environment: { location: europe, azureRegion: westeurope }\n",
        "    environment: { location: europe, azureRegion: westeurope }\n    connectorPolicy:\n      actionRules:\n        toString: { defaultBehavior: block }\n",
      ),
      `w.yaml:23:9 stages.prod.connectorPolicy.actionRules.toString: ${reserved("toString")}`,
    ],
    [
      "valueOf in a fixed block (not reported as merely unknown)",
      edit("  revision: 1\n", "  revision: 1\n  valueOf: 2\n"),
      `w.yaml:15:3 problem.valueOf: ${reserved("valueOf")}`,
    ],
    ["__proto__ at the top", `${MINIMAL}__proto__: {}\n`, `w.yaml:21:1 __proto__: ${reserved("__proto__")}`],
    [
      "isPrototypeOf in a map inside a list",
      edit("agent: {}", "agent: { channels: [{ isPrototypeOf: 1 }] }"),
      `w.yaml:15:23 agent.channels[0].isPrototypeOf: ${reserved("isPrototypeOf")}`,
    ],
    [
      "__defineGetter__ as a data source",
      edit("stages:\n", "dataSources:\n  __defineGetter__: {}\nstages:\n"),
      `w.yaml:17:3 dataSources.__defineGetter__: ${reserved("__defineGetter__")}`,
    ],
  ])("%s", (_name, text, expected) => {
    expect(errorsOf(text)).toBe(expected);
  });

  it("resolve() refuses them in a spec built in code (an own __proto__ entry from JSON.parse, a toString tag)", () => {
    const spec = baseSpec();
    spec.metadata.tags = { toString: "x" };
    spec.problem.successMetrics = JSON.parse(
      '{"__proto__": {"baseline": 1, "target": 0, "unit": "minutes", "measuredIn": "x"}}',
    ) as WorkloadSpec["problem"]["successMetrics"];
    let thrown: unknown;
    try {
      resolve(spec);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SpecError);
    expect((thrown as SpecError).issues).toEqual([
      { file: "<spec>", line: 0, column: 0, path: "metadata.tags.toString", message: reserved("toString") },
      { file: "<spec>", line: 0, column: 0, path: "problem.successMetrics.__proto__", message: reserved("__proto__") },
    ]);
  });
});

describe("YAML tags", () => {
  const refused = (tag: string) =>
    `the YAML tag "${tag}" is not allowed: a workload spec holds plain strings, numbers, booleans, maps and lists`;

  it.each([
    [
      "!!js/function",
      edit("agent: {}", "agent: !!js/function 'function () {}'"),
      `w.yaml:15:22 agent: ${refused("!!js/function")}`,
    ],
    ["a local tag", edit("agent: {}", "agent: !foo {}"), `w.yaml:15:13 agent: ${refused("!foo")}`],
    [
      "!!binary (would become a byte array)",
      edit("  costCenter: CC-1001", "  costCenter: !!binary Q0MtMTAwMQ=="),
      `w.yaml:9:24 metadata.costCenter: ${refused("!!binary")}`,
    ],
    [
      "!!timestamp (would become a Date)",
      edit("  revision: 1", "  revision: !!timestamp 2001-12-14"),
      `w.yaml:14:25 problem.revision: ${refused("!!timestamp")}`,
    ],
    [
      "a tag on a key",
      edit("  costCenter: CC-1001\n", "  costCenter: CC-1001\n  tags: { !foo owner: x }\n"),
      `w.yaml:10:16 metadata.tags.owner: ${refused("!foo")}`,
    ],
    ["a tagged block map", edit("agent: {}", "agent: !!set\n  ? a\n"), `w.yaml:16:3 agent: ${refused("!!set")}`],
  ])("refuses %s with its position", (_name, text, expected) => {
    expect(errorsOf(text)).toBe(expected);
  });

  it("accepts the core tags (!!str, !!int)", () => {
    const r = loadWorkloadText(
      edit("  costCenter: CC-1001\n", "  costCenter: !!str 1001\n").replace("  revision: 1", "  revision: !!int 1"),
    );
    expect(r.ok && [r.model.metadata.costCenter, r.model.problem.revision]).toEqual(["1001", 1]);
  });
});

describe("characters YAML does not allow", () => {
  it("refuses a NUL byte with its position, as unreadable", () => {
    const r = loadWorkloadText(edit("HR FAQ Agent", "HR\u0000FAQ Agent"), "w.yaml");
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          file: "w.yaml",
          line: 5,
          column: 18,
          path: "",
          message:
            "a NUL byte (U+0000) is not allowed: a workload spec is UTF-8 text (is this a binary or UTF-16 file?)",
          unreadable: true,
        },
      ],
    });
  });

  it("names a UTF-16 file read as UTF-8 by its first NUL byte", () => {
    const text = Buffer.from(MINIMAL, "utf16le").toString("utf8");
    expect(errorsOf(text)).toBe(
      "w.yaml:1:2 (document): a NUL byte (U+0000) is not allowed: a workload spec is UTF-8 text (is this a binary or UTF-16 file?)",
    );
  });

  it("refuses other control characters (a raw escape) with their code point", () => {
    expect(errorsOf(edit("  owningTeam: People Operations", "  owningTeam: People \u001b[31mOperations"))).toBe(
      "w.yaml:6:22 (document): the control character U+001B is not allowed in YAML text; remove it",
    );
  });
});

// Review G7 (/tmp/rv/repro/nul-escape.yaml): the same characters written as YAML escapes in a double-quoted string
// passed, and reached the model (and from there resource names and tags).
describe("control characters written as YAML escapes", () => {
  it.each([
    ['"HR\\0FAQ Agent"', "a NUL character (U+0000)"],
    ['"HR\\u0000FAQ Agent"', "a NUL character (U+0000)"],
    ['"HR \\e[2J FAQ Agent"', "the control character U+001B"],
    ['"HR \\x9b FAQ Agent"', "the control character U+009B"],
    ['"HR \\x7f FAQ Agent"', "the control character U+007F"],
    ['"HR\\rFAQ Agent"', "the control character U+000D"],
    ['"HR\\NFAQ Agent"', "the control character U+0085"],
  ])("refuses %s in a value, positioned at the value", (quoted, what) => {
    expect(errorsOf(edit("  displayName: HR FAQ Agent", `  displayName: ${quoted}`))).toBe(
      `w.yaml:5:16 metadata.displayName: ${what}, written as an escape, is not allowed in a value; remove it`,
    );
  });

  it("refuses one in a key, whose path shows it escaped", () => {
    expect(
      errorsOf(edit("  owningTeam: People Operations", '  owningTeam: People Operations\n  tags: { "a\\0b": x }')),
    ).toBe(
      'w.yaml:7:11 metadata.tags["a\\u0000b"]: a NUL character (U+0000), written as an escape, is not allowed in a value; remove it',
    );
  });

  it("keeps tab and line feed escapes, which multi-line text needs", () => {
    const r = loadWorkloadText(edit("  displayName: HR FAQ Agent", '  displayName: "HR\\tFAQ\\nAgent"'), "w.yaml");
    expect(r.ok).toBe(true);
  });
});

describe("nesting", () => {
  const tooDeep = `YAML: maps and lists nested more than ${MAX_NESTING} levels deep; a workload spec needs fewer than 10`;

  it.each([
    // agent's value is at depth 2 (the document's map is 1), so the 64th bracket is the 65th level.
    ["1,700 flow lists", edit("agent: {}", `agent: ${"[".repeat(1700)}${"]".repeat(1700)}`), "w.yaml:15:71"],
    ["1,700 flow maps", edit("agent: {}", `agent: ${"{a: ".repeat(1700)}1${"}".repeat(1700)}`), "w.yaml:15:260"],
    [
      "1,700 block maps",
      edit("agent: {}", `agent:\n${Array.from({ length: 1700 }, (_, i) => `${" ".repeat(i + 1)}a:`).join("\n")} 1`),
      "w.yaml:79:65",
    ],
    ["1,700 block lists", edit("agent: {}", `agent:\n  ${"- ".repeat(1700)}x`), "w.yaml:16:129"],
  ])("%s: one positioned issue, unreadable, no stack overflow", (_name, text, where) => {
    const r = loadWorkloadText(text, "w.yaml");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.unreadable).toBe(true);
    expect(formatIssues(r.errors)).toBe(`${where} (document): ${tooDeep}`);
  });

  it(`accepts exactly ${MAX_NESTING} levels (then the schema speaks), refuses ${MAX_NESTING + 1}`, () => {
    const lists = (n: number) => edit("agent: {}", `agent: ${"[".repeat(n)}${"]".repeat(n)}`);
    expect(errorsOf(lists(MAX_NESTING - 1))).toBe("w.yaml:15:1 agent: expected a map, found a list of 1");
    expect(errorsOf(lists(MAX_NESTING))).toBe(`w.yaml:15:71 (document): ${tooDeep}`);
  });

  it("survives 100,000 nested brackets", () => {
    expect(errorsOf(edit("agent: {}", `agent: ${"[".repeat(100_000)}`))).toBe(`w.yaml:15:71 (document): ${tooDeep}`);
  });
});

describe("positions are found in linear time", () => {
  it("reads each map entry once, however many issues point into the map", () => {
    const n = 5000;
    const keys = Array.from({ length: n }, (_, i) => `k${i}`);
    const text = edit("agent: {}", `agent:\n${keys.map((k) => `  ${k}: 1`).join("\n")}`);
    const index = new PositionIndex(parseDocument(text));
    const offsets = keys.map((k) => index.offsetOf(["agent", k], true));
    // 6 entries at the top (apiVersion … stages) + the n keys of agent; a lookup per key would read n² / 2.
    expect(index.entriesIndexed).toBe(6 + n);
    expect(offsets[0]).toBe(text.indexOf("  k0: 1") + 2);
    expect(offsets[n - 1]).toBe(text.indexOf(`  k${n - 1}: 1`) + 2);
  });

  it("reports every one of 5,000 unknown keys and 5,000 duplicate keys with its position", () => {
    const n = 5000;
    const unknown = loadWorkloadText(
      edit("agent: {}", `agent:\n${Array.from({ length: n }, (_, i) => `  k${i}: 1`).join("\n")}`),
      "w.yaml",
    );
    expect(unknown.ok || unknown.errors.map((e) => `${e.line}:${e.column} ${e.path}`).slice(-1)).toEqual([
      `${15 + n}:3 agent.k${n - 1}`,
    ]);
    expect(unknown.ok || unknown.errors.length).toBe(n);
    const duplicates = loadWorkloadText(edit("agent: {}", `agent:\n${"  a: 1\n".repeat(n + 1)}`), "w.yaml");
    expect(duplicates.ok || duplicates.errors.length).toBe(n);
    expect(duplicates.ok || formatIssues(duplicates.errors.slice(-1))).toBe(
      `w.yaml:${16 + n}:3 (document): YAML syntax: Map keys must be unique`,
    );
  });
});
