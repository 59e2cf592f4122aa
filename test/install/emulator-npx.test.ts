/**
 * `npx govai-emulator` stops cleanly on SIGTERM. npm runs the command under `sh -c`, forwards SIGTERM to that shell
 * and re-raises whatever the shell died of. In this repository `.npmrc` makes the shell bash, which runs the command in
 * its own place: the emulator itself gets the signal, closes, and npx exits 0. With dash as npm's shell (Debian and
 * Ubuntu's /bin/sh, any project without that setting) npx itself still dies of the signal, but the shim has the kernel
 * stop the emulator with its parent, so nothing is left holding the port.
 *
 * "The emulator is gone" is observed without a clock: the emulator inherits npx's stdout, so that pipe closes, and the
 * child's `close` event fires, only once every process holding it has exited.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Starts `npx govai-emulator` in the repository, waits for its two lines, sends SIGTERM, and waits for the pipe to close. */
async function stopThroughNpx(env: NodeJS.ProcessEnv) {
  const child = spawn("npx", ["govai-emulator", "--seed", "1"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (b) => {
    stderr += b;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const closed = new Promise<void>((resolve) => child.on("close", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (b) => {
      out += b;
      const lines = out.split("\n");
      if (lines.length > 2) resolve(lines[0] ?? "");
    });
    child.on("exit", (code) => reject(new Error(`npx govai-emulator exited ${code} before serving: ${stderr}`)));
  });
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  child.kill("SIGTERM");
  const exit = await exited;
  await closed;
  // Nothing listens on the port any more.
  const refused = await fetch(`${url}/_emulator/config`).then(
    () => false,
    () => true,
  );
  return { ...exit, refused, stderr };
}

describe("npx govai-emulator", () => {
  it("exits 0 on SIGTERM, and the emulator with it (this repository's npm shell, bash)", async () => {
    expect(await stopThroughNpx(process.env)).toEqual({ code: 0, signal: null, refused: true, stderr: "" });
  });

  it("leaves no emulator behind when npm's shell is dash, which does not pass SIGTERM on (npx itself dies of it)", async () => {
    const result = await stopThroughNpx({ ...process.env, npm_config_script_shell: "/bin/dash" });
    expect(result).toEqual({ code: null, signal: "SIGTERM", refused: true, stderr: "" });
  });
});
