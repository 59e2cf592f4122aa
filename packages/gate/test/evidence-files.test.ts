/**
 * Evidence paths come from the spec, and a spec can come from anyone: loadEvidence reads only regular files of at
 * most 1 MiB inside the spec's folder, follows no symbolic link out of it, never blocks on a FIFO, and never
 * quotes a file's content in a problem. Each case is built for real in a temporary folder (symlinks, a FIFO, a
 * socket, a device node when the test may create one).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EvidenceKind } from "@govai/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_EVIDENCE_BYTES } from "../src/evidence/read-evidence-file.ts";
import { loadEvidence } from "../src/index.ts";
import { mutated } from "./fixtures.ts";

const SECRET = "SECRET-0f3c";
const LOAD_TEST = JSON.stringify({ kind: "loadTest", date: "2026-11-10", conversations: 120, p95LatencyMs: 3100 });

// Built when the file loads (not in beforeAll), so whether a device node could be made is known when the tests
// are collected.
const root = mkdtempSync(join(tmpdir(), "govai-evidence-files-"));
const spec = join(root, "pilot");
mkdirSync(join(spec, "evidence"), { recursive: true });
mkdirSync(join(spec, "folder.json"));
// Outside the spec's folder: valid evidence (which must still not be used) and a file that must never be quoted.
writeFileSync(join(root, "outside.json"), LOAD_TEST);
writeFileSync(join(root, "secret.yaml"), `kind: loadTest\nnote: ${SECRET}\n`);
writeFileSync(join(spec, "evidence", "load.json"), LOAD_TEST);
symlinkSync(join("evidence", "load.json"), join(spec, "link-in.json"));
symlinkSync(join("..", "outside.json"), join(spec, "link-out.json"));
symlinkSync("..", join(spec, "link-up"));
symlinkSync("/etc/passwd", join(spec, "link-passwd"));
execFileSync("mkfifo", [join(spec, "fifo.json")]);
let canMakeDevice = false;
try {
  execFileSync("mknod", [join(spec, "device.json"), "c", "1", "3"], { stdio: "ignore" });
  canMakeDevice = true;
} catch {
  // Creating a device node needs CAP_MKNOD (root in most containers); without it that one test is skipped.
}
const padded = (bytes: number) => {
  const head = '{"kind":"other","summary":"';
  return `${head}${"x".repeat(bytes - head.length - 2)}"}`;
};
writeFileSync(join(spec, "exactly-1mib.json"), padded(MAX_EVIDENCE_BYTES));
writeFileSync(join(spec, "over-1mib.json"), padded(MAX_EVIDENCE_BYTES + 1));
writeFileSync(join(spec, "broken.json"), `{"kind": "loadTest", "note": ${SECRET}}`);
writeFileSync(join(spec, "broken.yaml"), `kind: loadTest\nnote: [${SECRET}\n`);
writeFileSync(join(spec, "odd-kind.json"), JSON.stringify({ kind: SECRET }));

let socket: Server;
beforeAll(async () => {
  socket = createServer();
  await new Promise<void>((resolve) => socket.listen(join(spec, "socket.json"), resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  rmSync(root, { recursive: true, force: true });
});

const modelWith = (kind: EvidenceKind, file: string) =>
  mutated((m) => {
    m.source = { file: join(spec, "workload.yaml") };
    m.readiness.evidence = { e: { kind, file, resolvedPath: undefined } };
  });

async function problemOf(file: string, kind: EvidenceKind = "loadTest"): Promise<string> {
  const item = (await loadEvidence(modelWith(kind, file))).items.e!;
  return item.status === "ok" ? "ok" : item.problem;
}

const absolute = (file: string) =>
  `the path ${JSON.stringify(file)} is absolute; evidence files are given relative to the spec's folder`;
const leaves = (file: string) =>
  `the path ${JSON.stringify(file)} leaves the spec's folder; evidence files must be inside it`;
const linkOut = (file: string) =>
  `${join(spec, file)} leads through a symbolic link out of the spec's folder; evidence files must be inside it`;

describe("evidence paths are confined to the spec's folder", () => {
  it.each([
    ["a file in a subfolder", "evidence/load.json", () => "ok"],
    ["a path that goes up and back in", "evidence/../evidence/load.json", () => "ok"],
    ["a symbolic link that stays inside", "link-in.json", () => "ok"],
    ["an absolute path", "/etc/passwd", () => absolute("/etc/passwd")],
    ["an absolute path to valid evidence", "ABSOLUTE_OUTSIDE", () => absolute(join(root, "outside.json"))],
    ["a Windows absolute path", "C:\\evidence\\load.json", () => absolute("C:\\evidence\\load.json")],
    ["a UNC path", "\\\\server\\share\\load.json", () => absolute("\\\\server\\share\\load.json")],
    ["..", "../outside.json", () => leaves("../outside.json")],
    [".. after a folder", "evidence/../../outside.json", () => leaves("evidence/../../outside.json")],
    ["the folder itself", ".", () => 'the path "." is the spec\'s folder itself'],
    ["a NUL byte", "load\u0000.json", () => "the path contains a NUL byte"],
    ["a symbolic link to a file outside", "link-out.json", () => linkOut("link-out.json")],
    ["a path through a symbolic link to the parent", "link-up/outside.json", () => linkOut("link-up/outside.json")],
    ["a symbolic link to /etc/passwd", "link-passwd", () => linkOut("link-passwd")],
    ["a FIFO (reading would block)", "fifo.json", () => `${join(spec, "fifo.json")} is a FIFO, not a regular file`],
    ["a socket", "socket.json", () => `${join(spec, "socket.json")} is a socket, not a regular file`],
    ["a folder", "folder.json", () => `${join(spec, "folder.json")} is a folder, not a regular file`],
    ["a file that does not exist", "nope.json", () => `cannot read ${join(spec, "nope.json")} (ENOENT)`],
    [
      "a file one byte over 1 MiB",
      "over-1mib.json",
      () => `${join(spec, "over-1mib.json")} is 1048577 bytes; an evidence file is at most 1048576 bytes (1 MiB)`,
    ],
  ])("%s: %s", async (_name, file, expected) => {
    const written = file === "ABSOLUTE_OUTSIDE" ? join(root, "outside.json") : file;
    expect(await problemOf(written)).toBe(expected());
  });

  it("reads a file of exactly 1 MiB", async () => {
    expect(await problemOf("exactly-1mib.json", "other")).toBe("ok");
  });

  it.skipIf(!canMakeDevice)("refuses a device node (/dev/null's numbers) inside the folder", async () => {
    expect(await problemOf("device.json")).toBe(`${join(spec, "device.json")} is a device, not a regular file`);
  });

  it("never quotes the file: a YAML mistake gives its position (JSON only when V8 names one), an unknown kind is not echoed", async () => {
    const problems = await Promise.all([
      problemOf("broken.json"),
      problemOf("broken.yaml"),
      problemOf("odd-kind.json"),
      problemOf("../secret.yaml"),
    ]);
    expect(problems).toEqual([
      "not valid JSON",
      "not valid YAML (BAD_INDENT, line 3, column 1)",
      "the file declares a kind that is none of loadTest, evaluation, restoreDrill, penTest, other, the spec declares loadTest",
      leaves("../secret.yaml"),
    ]);
    for (const p of problems) expect(p).not.toContain(SECRET);
  });
});

describe("with an injected reader", () => {
  it("applies the path checks before calling it, and the size limit to what it returns", async () => {
    const asked: string[] = [];
    const readFile = async (p: string) => {
      asked.push(p);
      return p.endsWith("big.json") ? "x".repeat(MAX_EVIDENCE_BYTES + 1) : LOAD_TEST;
    };
    const m = mutated((x) => {
      x.source = { file: "/virtual/pilot/workload.yaml" };
      x.readiness.evidence = {
        abs: { kind: "loadTest", file: "/etc/passwd", resolvedPath: undefined },
        big: { kind: "loadTest", file: "big.json", resolvedPath: undefined },
        ok: { kind: "loadTest", file: "evidence/load.json", resolvedPath: undefined },
        up: { kind: "loadTest", file: "../other/load.json", resolvedPath: undefined },
      };
    });
    const set = await loadEvidence(m, { readFile });
    expect(
      Object.fromEntries(Object.entries(set.items).map(([k, e]) => [k, e.status === "ok" ? "ok" : e.problem])),
    ).toEqual({
      abs: absolute("/etc/passwd"),
      big: "/virtual/pilot/big.json is 1048577 bytes; an evidence file is at most 1048576 bytes (1 MiB)",
      ok: "ok",
      up: leaves("../other/load.json"),
    });
    expect(asked.sort()).toEqual(["/virtual/pilot/big.json", "/virtual/pilot/evidence/load.json"]);
  });
});
