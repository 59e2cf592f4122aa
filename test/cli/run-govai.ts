import { spawn } from "node:child_process";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
/** The installed command, exactly as a user runs it (`npx govai`): the shim in node_modules/.bin. */
export const GOVAI = path.join(ROOT, "node_modules/.bin/govai");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `govai` command in `cwd` (default the repository root) with no TTY, `env` added to the environment. */
export function govai(args: string[], cwd: string = ROOT, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(GOVAI, args, {
      cwd,
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b) => {
      stdout += b;
    });
    child.stderr.on("data", (b) => {
      stderr += b;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
