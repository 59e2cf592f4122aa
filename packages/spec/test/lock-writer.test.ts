/**
 * The lock writer changes `problem.revision` and `problem.lockedDigest` and nothing else: every test compares the
 * whole output with the input, byte for byte, line by line.
 */
import { describe, expect, it } from "vitest";
import { LockWriteError, loadWorkloadText, problemDigest, writeProblemLock } from "../src/index.ts";
import { MINIMAL } from "./fixtures.ts";

const D1 = `sha256:${"1".repeat(64)}`;
const D2 = `sha256:${"2".repeat(64)}`;

/** The lines that differ between two texts (same line count expected), as [line number, before, after]. */
function changedLines(before: string, after: string): Array<[number, string, string]> {
  const a = before.split("\n");
  const b = after.split("\n");
  expect(b.length).toBe(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [[i + 1, line, b[i]!] as [number, string, string]]));
}

const BLOCK = `# A workload, with comments everywhere.
apiVersion: govai/v1 # the only version
kind: Workload
metadata: { name: hr-faq, displayName: HR FAQ Agent, owningTeam: People Operations, accountable: { name: Dana Smith, email: dana.smith@contoso.com }, businessUnit: Human Resources, costCenter: CC-1001 }
problem:
  statement: >-
    Employees wait two days
    for answers.

  successMetrics:
    timeToAnswer: { baseline: 2880, target: 5, unit: minutes, measuredIn: "HR service desk report" }
  revision: 1   # bump with govai lock --bump
  lockedDigest: '${D1}'
  outOfScope: [payroll]
agent: {}
stages:
  dev: {}
  test: {}
  prod:
    environment: { location: europe, azureRegion: westeurope }
`;

describe("writeProblemLock", () => {
  it("replaces the revision and the digest in place, keeping quotes, comments, flow maps and block scalars", () => {
    const out = writeProblemLock(BLOCK, { revision: 2, lockedDigest: D2 });
    expect(changedLines(BLOCK, out)).toEqual([
      [12, "  revision: 1   # bump with govai lock --bump", "  revision: 2   # bump with govai lock --bump"],
      [13, `  lockedDigest: '${D1}'`, `  lockedDigest: '${D2}'`],
    ]);
  });

  it("keeps CRLF line endings byte for byte", () => {
    const crlf = BLOCK.replace(/\n/g, "\r\n");
    const out = writeProblemLock(crlf, { revision: 3, lockedDigest: D2 });
    expect(out).toBe(
      BLOCK.replace("  revision: 1   #", "  revision: 3   #").replace(`'${D1}'`, `'${D2}'`).replace(/\n/g, "\r\n"),
    );
    expect(out.includes("\r\n") && !/[^\r]\n/.test(out)).toBe(true);
  });

  it("adds a missing digest on its own line after the revision, at its indentation and in its line ending", () => {
    const text = BLOCK.replace(`  lockedDigest: '${D1}'\n`, "");
    const out = writeProblemLock(text, { revision: 1, lockedDigest: D2 });
    expect(out).toBe(BLOCK.replace(`'${D1}'`, D2));
    const crlf = text.replace(/\n/g, "\r\n");
    expect(writeProblemLock(crlf, { revision: 1, lockedDigest: D2 })).toBe(
      BLOCK.replace(`'${D1}'`, D2).replace(/\n/g, "\r\n"),
    );
  });

  it("adds a missing digest inside a flow map", () => {
    const text = MINIMAL.replace(
      /problem:\n(?: {2}.*\n)+/,
      "problem: { statement: Routine HR questions wait two days., successMetrics: { t: { baseline: 2, target: 1, unit: d, measuredIn: report } }, revision: 1 }\n",
    );
    const out = writeProblemLock(text, { revision: 1, lockedDigest: D2 });
    expect(changedLines(text, out)).toEqual([
      [
        10,
        "problem: { statement: Routine HR questions wait two days., successMetrics: { t: { baseline: 2, target: 1, unit: d, measuredIn: report } }, revision: 1 }",
        `problem: { statement: Routine HR questions wait two days., successMetrics: { t: { baseline: 2, target: 1, unit: d, measuredIn: report } }, revision: 1, lockedDigest: ${D2} }`,
      ],
    ]);
  });

  it("writes a lock the loader reads back as written", () => {
    const out = writeProblemLock(MINIMAL, { revision: 1, lockedDigest: D2 });
    const loaded = loadWorkloadText(out, "w.yaml");
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    expect([loaded.model.problem.revision, loaded.model.problem.lockedDigest]).toEqual([1, D2]);
    expect(loaded.model.problem.digest).toBe(
      problemDigest({
        statement: "Employees wait two days for answers to routine HR policy questions.",
        successMetrics: {
          timeToAnswer: { baseline: 2880, target: 5, unit: "minutes", measuredIn: "HR service desk report" },
        },
      }),
    );
  });

  it("refuses a document whose problem is not written as a map here, and says why", () => {
    expect(() => writeProblemLock("problem: *p\n", { revision: 1, lockedDigest: D1 })).toThrow(LockWriteError);
    expect(() => writeProblemLock("kind: Workload\n", { revision: 1, lockedDigest: D1 })).toThrow(
      "problem is not written as a map in this file",
    );
    expect(() => writeProblemLock("problem: { statement: x }\n", { revision: 1, lockedDigest: D1 })).toThrow(
      "problem.revision is not written as a value in this file",
    );
  });
});
