import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PLUGIN } from "./harness.ts";

// The shell shim refuses clearly when it finds no Node 22 or newer (the engine shows plugin stderr), instead of
// starting an old Node that would fail on TypeScript sources.

const root = mkdtempSync(path.join(tmpdir(), "govai-shim-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("pulumi-resource-govai shim", () => {
  it("exits 1 with a message when only an old Node is on PATH", () => {
    mkdirSync(path.join(root, "pkg", "bin"), { recursive: true });
    const shim = path.join(root, "pkg", "bin", "pulumi-resource-govai");
    copyFileSync(PLUGIN, shim);
    chmodSync(shim, 0o755);
    const fakeBin = path.join(root, "fakebin");
    mkdirSync(fakeBin);
    writeFileSync(path.join(fakeBin, "node"), "#!/bin/sh\necho 20\n");
    chmodSync(path.join(fakeBin, "node"), 0o755);
    const r = spawnSync(shim, [], { env: { PATH: `${fakeBin}:/usr/bin:/bin` }, encoding: "utf8" });
    expect([r.status, r.stdout, r.stderr]).toEqual([
      1,
      "",
      "pulumi-resource-govai: Node.js 22 or newer is required; install it, or run 'npm install' in the repository (it pins Node 24 in node_modules/.bin/node)\n",
    ]);
  });
});
