import { describe, expect, it } from "vitest";
import { canonicalJson, problemDigest } from "../src/index.ts";
import { editDistance, nearest } from "../src/suggest.ts";

describe("problemDigest", () => {
  const metric = { description: "", baseline: 10, target: 2, unit: "min", measuredIn: "report" };

  it("is sha256 of the canonical JSON of the trimmed statement and the metrics", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"e":0,"f":1}]},"b":1}',
    );
    // printf '%s' '{"statement":"S","successMetrics":{"m":{"baseline":10,"description":"","measuredIn":"report","target":2,"unit":"min"}}}' | sha256sum
    expect(problemDigest({ statement: "S", successMetrics: { m: metric } })).toBe(
      "sha256:7f6d62deba73d4e349172cd8fb6dfac9301e90f76adc195a0c611476aa4db1d6",
    );
  });

  it("ignores surrounding whitespace and key order, and changes with any metric value", () => {
    const d = problemDigest({ statement: "S", successMetrics: { m: metric } });
    expect(problemDigest({ statement: "  S\n", successMetrics: { m: { ...metric } } })).toBe(d);
    expect(problemDigest({ statement: "S", successMetrics: { m: { ...metric, target: 3 } } })).not.toBe(d);
  });
});

describe("nearest", () => {
  it.each([
    ["revison", ["statement", "revision", "outOfScope"], "revision"],
    ["RetentionDays", ["retentionDays", "readAudit"], "retentionDays"],
    ["costCentre", ["costCenter", "businessUnit"], "costCenter"],
    ["xyz", ["retentionDays", "readAudit"], undefined],
  ])("%s → %s", (name, candidates, expected) => {
    expect(nearest(name, candidates)).toBe(expected);
  });

  it("computes the edit distance", () => {
    expect([editDistance("kitten", "sitting"), editDistance("", "ab"), editDistance("ab", "ab")]).toStrictEqual([
      3, 2, 0,
    ]);
  });
});
