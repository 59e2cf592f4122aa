/**
 * What the install test needs to play a user outside this repository: a private copy of the packages to build and
 * pack (so the test never writes dist/ into the workspace, and two runs never share one), a clean environment with
 * only Node 24 and npm on PATH, a runner for child processes, and the consumer's lockfile taken from the workspace's.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync } from "node:fs";
import path from "node:path";

/** The repository root. */
export const ROOT = path.resolve(import.meta.dirname, "../..");
/** The Node 24 binary the repository installs (npm package `node`). */
export const NODE = realpathSync(path.join(ROOT, "node_modules/.bin/node"));
/** The packages in dependency order: each one's workspace dependencies come before it. */
export const PACKAGES = ["spec", "emulator", "powerplatform", "gate", "components", "cli"] as const;

/** A finished child process. */
export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a user's shell: Node 24 first on PATH, then the system PATH without any node_modules/.bin of
 * this repository, and none of the variables npm or vitest set for their children (npm_*, NODE_OPTIONS, VITEST*),
 * which would otherwise leak the workspace's configuration into the user's npm.
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(
    ([key]) => !/^(npm_|NODE_OPTIONS$|NODE_PATH$|NODE_COMPILE_CACHE$|VITEST|INIT_CWD$|TEST$)/i.test(key),
  );
  const systemPath = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => dir && !dir.includes("node_modules"));
  return { ...Object.fromEntries(kept), PATH: [path.dirname(NODE), ...systemPath].join(path.delimiter), ...extra };
}

/** Runs a command to completion; never rejects on a non-zero exit (the caller asserts the code). */
export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? userEnv(),
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
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * Copies the packages' sources and build configuration to `dir` (no dist/, tests or node_modules) and gives the copy a
 * node_modules of its own: the workspace's third-party packages, linked, and @govai/* linked to the copies.
 * Returns the copy's root.
 */
export function stageSources(dir: string): string {
  for (const file of ["tsconfig.json", "tsconfig.build.base.json", "tsconfig.build.json"]) {
    cpSync(path.join(ROOT, file), path.join(dir, file));
  }
  for (const name of PACKAGES) {
    const from = path.join(ROOT, "packages", name);
    cpSync(from, path.join(dir, "packages", name), {
      recursive: true,
      filter: (source) => !/^(node_modules|dist|test)$/.test(path.relative(from, source).split(path.sep)[0] ?? ""),
    });
  }
  const modules = path.join(dir, "node_modules");
  mkdirSync(path.join(modules, "@govai"), { recursive: true });
  mkdirSync(path.join(modules, ".bin"));
  for (const entry of readdirSync(path.join(ROOT, "node_modules"))) {
    if (entry === "@govai" || entry === ".bin" || entry.startsWith(".")) continue;
    symlinkSync(path.join(ROOT, "node_modules", entry), path.join(modules, entry));
  }
  for (const name of PACKAGES) symlinkSync(path.join("..", "..", "packages", name), path.join(modules, "@govai", name));
  // npm puts node_modules/.bin first on PATH for the prepack script, which calls tsc.
  symlinkSync(path.join(ROOT, "node_modules/typescript/bin/tsc"), path.join(modules, ".bin", "tsc"));
  return dir;
}

/** A package.json, as far as the test reads it. */
export interface Manifest {
  name: string;
  version: string;
  license?: string;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** One tarball `npm pack` wrote: its file name, integrity and manifest. */
export interface Tarball {
  filename: string;
  integrity: string;
  manifest: Manifest;
}

interface LockEntry {
  version?: string;
  dev?: boolean;
  link?: boolean;
  [key: string]: unknown;
}

/**
 * The consumer's package-lock.json, so `npm ci` installs exactly the third-party versions this repository's tests
 * ran against: every non-dev entry of the workspace's lockfile (the dependencies of the packages, with the same
 * hoisting), and the @govai packages from their tarballs (`resolved: file:…`, with the tarball's integrity).
 */
export function consumerLock(
  consumer: Manifest,
  tarballs: Record<string, Tarball & { spec: string }>,
  workspaceLock: { packages: Record<string, LockEntry> },
): object {
  const packages: Record<string, unknown> = {
    "": {
      name: consumer.name,
      version: consumer.version,
      dependencies: consumer.dependencies,
      devDependencies: consumer.devDependencies,
      engines: consumer.engines,
    },
  };
  for (const [key, entry] of Object.entries(workspaceLock.packages)) {
    if (!key.startsWith("node_modules/") || key.startsWith("node_modules/@govai/") || entry.dev || entry.link) continue;
    packages[key] = entry;
  }
  for (const [name, tarball] of Object.entries(tarballs)) {
    const m = tarball.manifest;
    packages[`node_modules/${name}`] = {
      version: m.version,
      resolved: tarball.spec,
      integrity: tarball.integrity,
      license: m.license,
      dependencies: m.dependencies,
      bin: m.bin,
      engines: m.engines,
    };
  }
  return { name: consumer.name, version: consumer.version, lockfileVersion: 3, requires: true, packages };
}

/** Reads a JSON file. */
export const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;
