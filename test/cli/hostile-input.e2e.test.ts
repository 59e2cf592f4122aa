/**
 * govai end to end with hostile or impossible input: a git "ref" that is an option, output paths the file system
 * refuses, and spec text that is not a spec (reserved keys, tags, NUL bytes, deep nesting). Each is one line on
 * stderr and exit 1 or 2, never an internal error (3), a stack trace, or a file written where it should not be.
 */
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { govai, ROOT } from "./run-govai.ts";

const MINIMAL = "examples/minimal/workload.yaml";
const made: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "govai-cli-hostile-"));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  }
});
const minimal = () => readFileSync(path.join(ROOT, MINIMAL), "utf8");

/** A folder nobody running the test may write into: mode 0500, or for root (who ignores modes) /sys/kernel. */
function unwritableFolder(): string {
  if (process.getuid?.() === 0) return "/sys/kernel";
  const dir = tmp();
  chmodSync(dir, 0o500);
  return dir;
}

describe("govai diff never passes a ref to git as an option", () => {
  it("refuses --output=… as a ref, exit 2, and git writes no file", async () => {
    const dir = tmp();
    // Before: `git show --output=<dir>/leak:workload.yaml` wrote the HEAD commit's patch to that file.
    const ref = `--output=${dir}/leak`;
    const run = await govai(["diff", "--", `${ref}:workload.yaml`, MINIMAL]);
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `govai: cannot read ${ref}:workload.yaml: '${ref}' is not a git ref (a ref never starts with '-')\n`,
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("still reads a ref that merely contains an option-like text, as a ref", async () => {
    const run = await govai(["diff", `HEAD --output=x:${MINIMAL}`, MINIMAL]);
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `govai: cannot read HEAD --output=x:${MINIMAL}: unknown git ref 'HEAD --output=x'\n`,
    });
  });
});

describe("--out and --dir the file system refuses: one line, exit 2", () => {
  const spec = path.join(ROOT, MINIMAL);

  it.each([
    [
      "schema: a folder that does not exist",
      ["schema", "--out", "missing/schema.json"],
      "schema: cannot write missing/schema.json: the folder missing does not exist",
    ],
    [
      "schema: a file where a folder is expected",
      ["schema", "--out", "afile/schema.json"],
      "schema: cannot write afile/schema.json: afile is a file, not a folder",
    ],
    [
      "schema: a folder where the file should go",
      ["schema", "--out", "afolder"],
      "schema: cannot write afolder: it is a folder",
    ],
    [
      "plan: a folder that does not exist",
      ["plan", spec, "--stage", "dev", "--out", "missing/plan.txt"],
      "plan: cannot write missing/plan.txt: the folder missing does not exist",
    ],
    [
      "diff: a file where a folder is expected",
      ["diff", spec, spec, "--out", "afile/diff.md"],
      "diff: cannot write afile/diff.md: afile is a file, not a folder",
    ],
    [
      "portfolio: a folder where the file should go",
      ["portfolio", path.join(ROOT, "examples/minimal"), "--out", "afolder"],
      "portfolio: cannot write afolder: it is a folder",
    ],
  ])("%s", async (_name, args, message) => {
    const dir = tmp();
    writeFileSync(path.join(dir, "afile"), "x");
    mkdirSync(path.join(dir, "afolder"));
    expect(await govai(args, dir)).toEqual({ code: 2, stdout: "", stderr: `govai: ${message}\n` });
    expect(readdirSync(dir).sort()).toEqual(["afile", "afolder"]);
    expect(readFileSync(path.join(dir, "afile"), "utf8")).toBe("x");
  });

  // Review L4: --out to a FIFO with no reader hung; a device was written to. Both are refused before opening.
  it("--out to a named pipe or a device: refused before it is opened, nothing written", async () => {
    const dir = tmp();
    execFileSync("mkfifo", [path.join(dir, "pipe")]);
    for (const [command, args] of [
      ["schema", ["schema"]],
      ["plan", ["plan", path.join(ROOT, MINIMAL), "--stage", "dev"]],
      ["diff", ["diff", path.join(ROOT, MINIMAL), path.join(ROOT, MINIMAL)]],
    ] as const) {
      expect(await govai([...args, "--out", "pipe"], dir)).toEqual({
        code: 2,
        stdout: "",
        stderr: `govai: ${command}: cannot write pipe: it is a named pipe (FIFO); --out writes only regular files\n`,
      });
    }
    expect(lstatSync(path.join(dir, "pipe")).isFIFO()).toBe(true);
    expect(await govai(["schema", "--out", "/dev/null"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: "govai: schema: cannot write /dev/null: it is a device; --out writes only regular files\n",
    });
  });

  it("--out replaces an existing regular file (as documented)", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "schema.json"), "an older, longer text than nothing at all".repeat(10_000));
    expect(await govai(["schema", "--out", "schema.json"], dir)).toEqual({
      code: 0,
      stdout: "schema written to schema.json\n",
      stderr: "",
    });
    expect(readFileSync(path.join(dir, "schema.json"), "utf8")).toBe(
      readFileSync(path.join(ROOT, "packages/spec/schema/workload.schema.json"), "utf8"),
    );
  });

  it("--out into a folder without write permission", async () => {
    const out = path.join(unwritableFolder(), "govai-schema.json");
    expect(await govai(["schema", "--out", out], tmp())).toEqual({
      code: 2,
      stdout: "",
      stderr: `govai: schema: cannot write ${out}: permission denied\n`,
    });
  });

  it("init --dir through a file: nothing is created", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "afile"), "x");
    expect(await govai(["init", "hr-faq", "--dir", "afile"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: "govai: init: cannot write afile/hr-faq/workload.yaml: afile is a file, not a folder\n",
    });
    expect(readdirSync(dir)).toEqual(["afile"]);
  });

  it("init whose stacks folder is a file: the spec folder it had created is removed again", async () => {
    // Before: hr-faq/workload.yaml was written, then mkdir stacks failed with an internal error (exit 3).
    const dir = tmp();
    writeFileSync(path.join(dir, "stacks"), "x");
    expect(await govai(["init", "hr-faq"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: "govai: init: cannot write stacks/Pulumi.hr-faq-dev.yaml: stacks is a file, not a folder\n",
    });
    expect(readdirSync(dir)).toEqual(["stacks"]);
  });

  it("init --dir where folders cannot be created (permission)", async () => {
    const parent = unwritableFolder();
    const target = path.join(parent, "govai-init");
    const run = await govai(["init", "hr-faq", "--dir", target], tmp());
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `govai: init: cannot write ${path.join(target, "hr-faq/workload.yaml")}: permission denied\n`,
    });
    expect(readdirSync(parent)).not.toContain("govai-init");
  });
});

describe("spec text that is not a spec", () => {
  const runOn = async (command: string, text: string) => {
    const dir = tmp();
    writeFileSync(path.join(dir, "w.yaml"), text);
    return govai([command, "w.yaml"], dir);
  };

  it("plan refuses toString as an actionRules key at its position, exit 1 (it crashed plan)", async () => {
    const text = minimal().replace(
      "    environment: { location: europe, azureRegion: westeurope }\n",
      "    environment: { location: europe, azureRegion: westeurope }\n    connectorPolicy:\n      actionRules:\n        toString: { defaultBehavior: block }\n",
    );
    expect(await runOn("plan", text)).toEqual({
      code: 1,
      stdout: "",
      stderr: [
        "govai: w.yaml is not a valid workload spec (1 error)",
        'w.yaml:26:9 stages.prod.connectorPolicy.actionRules.toString: the key "toString" is not allowed: it names a built-in property of every JavaScript object; choose another name',
        "",
      ].join("\n"),
    });
  });

  it("validate refuses __proto__ (it vanished silently) and !!js/function, exit 1", async () => {
    const text = minimal()
      .replace(
        "    timeToAnswer:",
        "    __proto__: { baseline: 1, target: 0, unit: minutes, measuredIn: x }\n    timeToAnswer:",
      )
      .replace("agent: {}", "agent: !!js/function 'function () {}'");
    expect(await runOn("validate", text)).toEqual({
      code: 1,
      stdout: "",
      stderr: [
        "govai: w.yaml is not a valid workload spec (2 errors)",
        'w.yaml:16:5 problem.successMetrics.__proto__: the key "__proto__" is not allowed: it names a built-in property of every JavaScript object; choose another name',
        'w.yaml:19:22 agent: the YAML tag "!!js/function" is not allowed: a workload spec holds plain strings, numbers, booleans, maps and lists',
        "",
      ].join("\n"),
    });
  });

  it("validate refuses 1,700 nested lists with one positioned line, exit 2, no stack overflow", async () => {
    const text = minimal().replace("agent: {}", `agent: ${"[".repeat(1700)}${"]".repeat(1700)}`);
    expect(await runOn("validate", text)).toEqual({
      code: 2,
      stdout: "",
      stderr: [
        "govai: cannot read w.yaml as a workload spec",
        "w.yaml:18:71 (document): YAML: maps and lists nested more than 64 levels deep; a workload spec needs fewer than 10",
        "",
      ].join("\n"),
    });
  });

  it("gate refuses a NUL byte with its position, exit 2", async () => {
    const text = minimal().replace("HR FAQ Agent", "HR\u0000FAQ Agent");
    expect(await runOn("gate", text)).toEqual({
      code: 2,
      stdout: "",
      stderr: [
        "govai: cannot read w.yaml as a workload spec",
        "w.yaml:8:18 (document): a NUL byte (U+0000) is not allowed: a workload spec is UTF-8 text (is this a binary or UTF-16 file?)",
        "",
      ].join("\n"),
    });
  });
});
