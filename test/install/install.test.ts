/**
 * The packages as a user outside this repository gets them. A private copy of the sources is built and packed with
 * `npm pack` (the prepack script builds dist/), the six tarballs are installed with `npm ci` into a fresh project under
 * the OS temp folder (the consumer example, examples/consumer, with the third-party versions of this repository's
 * lockfile), and everything then runs from that install on Node 24 and npm alone: no TypeScript sources, no workspace
 * links, no "@govai/source" condition.
 *
 * Proves: each tarball holds exactly the built package; the consumer type-checks against the installed declarations;
 * its program registers under `pulumi.runtime.setMocks` exactly what the workspace's components register; the
 * installed `govai plan` prints what the workspace's prints; `pulumi-resource-govai` from node_modules/.bin and the
 * plugin folder named in Pulumi.yaml (PulumiPlugin.yaml, through the Node.js language host's run-plugin) both serve
 * the workspace plugin's schema; the installed policy pack serves the workspace pack's policies; the installed
 * `govai-emulator` serves and exits 0 on SIGTERM. The phase timings are printed at the end.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { collectPlan } from "@govai/components";
import { emulatorCredential } from "@govai/emulator";
import { loadWorkloadFile } from "@govai/spec";
import type * as AnalyzerSvc from "@pulumi/pulumi/proto/analyzer_grpc_pb.js";
import type * as AnalyzerPb from "@pulumi/pulumi/proto/analyzer_pb.js";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb.js";
import type * as ProviderSvc from "@pulumi/pulumi/proto/provider_grpc_pb.js";
import type * as ProviderPb from "@pulumi/pulumi/proto/provider_pb.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  consumerLock,
  type Manifest,
  NODE,
  PACKAGES,
  ROOT,
  type Run,
  readJson,
  run,
  stageSources,
  type Tarball,
  userEnv,
} from "./stage.ts";

// A loaded machine runs the whole suite beside this file: its child processes (tsc, npm, plugins) get room.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 120_000 });

const require = createRequire(import.meta.url);
const grpc: typeof import("@grpc/grpc-js") = require("@grpc/grpc-js");
const providerSvc: typeof ProviderSvc = require("@pulumi/pulumi/proto/provider_grpc_pb.js");
const providerPb: typeof ProviderPb = require("@pulumi/pulumi/proto/provider_pb.js");
const analyzerSvc: typeof AnalyzerSvc = require("@pulumi/pulumi/proto/analyzer_grpc_pb.js");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb.js");

const EXAMPLE = "examples/policy-lookup-agent";
const AS_OF = "2026-11-28";
const APP = "0a1b2c3d-0000-4000-8000-00000000e001";

let work = "";
let staged = "";
let consumer = "";
let packed: Array<Tarball & { name: string; files: Array<{ path: string; mode: number }> }> = [];
const timings: Record<string, number> = {};

async function timed<T>(phase: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    timings[phase] = Math.round((performance.now() - started) / 100) / 10;
  }
}

/** Fails with the whole output of a command that did not exit 0. */
function ok(result: Run, what: string): Run {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), "govai-install-"));
  staged = stageSources(path.join(work, "src"));
  const tarballDir = path.join(work, "tarballs");
  mkdirSync(tarballDir);
  // One npm process packs all six, in dependency order; each prepack builds its package's dist/.
  const pack = await timed("build and npm pack", () =>
    run("npm", ["pack", ...PACKAGES.map((p) => `./packages/${p}`), "--pack-destination", tarballDir, "--json"], {
      cwd: staged,
    }),
  );
  ok(pack, "npm pack");
  packed = (JSON.parse(pack.stdout) as typeof packed).map((t) => ({
    ...t,
    manifest: readJson<Manifest>(path.join(staged, "packages", t.name.replace("@govai/", ""), "package.json")),
  }));

  consumer = path.join(work, "claims-agent-infra");
  mkdirSync(consumer);
  for (const file of ["Pulumi.yaml", "index.ts", "tsconfig.json"]) {
    cpSync(path.join(ROOT, "examples/consumer", file), path.join(consumer, file));
  }
  cpSync(path.join(ROOT, EXAMPLE), path.join(consumer, path.basename(EXAMPLE)), { recursive: true });
  // The example's dependencies, with every @govai package (the emulator too) taken from its tarball.
  const manifest = readJson<Manifest>(path.join(ROOT, "examples/consumer/package.json"));
  const tarballs = Object.fromEntries(
    packed.map((t) => [t.name, { ...t, spec: `file:../tarballs/${t.filename}` }]),
  ) as Record<string, Tarball & { spec: string }>;
  manifest.dependencies = Object.fromEntries(
    Object.entries({ ...manifest.dependencies, ...Object.fromEntries(packed.map((t) => [t.name, ""])) })
      .map(([name, range]): [string, string] => [name, tarballs[name]?.spec ?? range])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  writeFileSync(path.join(consumer, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const lock = consumerLock(manifest, tarballs, readJson(path.join(ROOT, "package-lock.json")));
  writeFileSync(path.join(consumer, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
  ok(
    await timed("npm ci", () => run("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: consumer })),
    "npm ci",
  );
}, 900_000);

afterAll(() => {
  console.info(
    `install test timings (s): ${Object.entries(timings)
      .map(([phase, s]) => `${phase} ${s}`)
      .join(", ")}`,
  );
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The files a package's tarball must hold: package.json, README, dist/ for every source, the sources, extras. */
function expectedFiles(name: string): string[] {
  const dir = path.join(staged, "packages", name);
  const walk = (sub: string): string[] =>
    readdirSync(path.join(dir, sub), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(sub, e.name)) : [path.join(sub, e.name).split(path.sep).join("/")],
    );
  const sources = walk("src");
  const built = sources.flatMap((file) => {
    const m = /^src\/(.*)\.(c?)ts$/.exec(file);
    if (!m) return [];
    const [, stem, c] = m;
    return [`dist/${stem}.${c}js`, `dist/${stem}.${c}js.map`, `dist/${stem}.d.${c}ts`, `dist/${stem}.d.${c}ts.map`];
  });
  const extras = ["bin", "schema", "policy-pack"].flatMap((sub) => (exists(path.join(dir, sub)) ? walk(sub) : []));
  const single = ["README.md", "PulumiPlugin.yaml"].filter((f) => exists(path.join(dir, f)));
  return ["package.json", ...single, ...sources, ...built, ...extras].sort();
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

describe("npm pack", () => {
  it("packs the six packages, each tarball holding exactly its built package (dist for every source, the sources, bin, README)", () => {
    expect(packed.map((t) => t.name)).toEqual(PACKAGES.map((p) => `@govai/${p}`));
    for (const [i, t] of packed.entries()) {
      const name = PACKAGES[i] as string;
      expect({ name: t.name, files: t.files.map((f) => f.path).sort() }).toEqual({
        name: t.name,
        files: expectedFiles(name),
      });
      // The integrity the lockfile gives npm is the tarball's own.
      const digest = createHash("sha512")
        .update(readFileSync(path.join(work, "tarballs", t.filename)))
        .digest("base64");
      expect(t.integrity).toBe(`sha512-${digest}`);
    }
  });

  it("keeps the shell shims executable and every export target inside the tarball", () => {
    for (const t of packed) {
      const files = new Map(t.files.map((f) => [f.path, f.mode]));
      for (const [file, mode] of files) {
        if (/^bin\/[^.]+$/.test(file)) expect([file, (mode & 0o111) === 0o111]).toEqual([file, true]);
      }
      const manifest = readJson<Manifest & { exports: Record<string, string | Record<string, string>> }>(
        path.join(staged, "packages", t.name.replace("@govai/", ""), "package.json"),
      );
      for (const target of Object.values(manifest.exports)) {
        const installed = typeof target === "string" ? [target] : [target.types, target.default];
        for (const file of installed)
          expect([t.name, files.has(String(file).replace(/^\.\//, ""))]).toEqual([t.name, true]);
      }
    }
  });

  it("gives every package the same version and pins the packages' dependencies on each other to it", () => {
    const version = packed[0]?.manifest.version;
    for (const t of packed) {
      expect([t.name, t.manifest.version]).toEqual([t.name, version]);
      for (const [dep, range] of Object.entries(t.manifest.dependencies ?? {})) {
        if (dep.startsWith("@govai/")) expect([t.name, dep, range]).toEqual([t.name, dep, version]);
      }
    }
  });
});

describe("a consumer project outside the repository", () => {
  it("has the packages installed as plain folders, not links into the workspace", () => {
    for (const name of PACKAGES) {
      const dir = path.join(consumer, "node_modules/@govai", name);
      expect([name, lstatSync(dir).isSymbolicLink(), lstatSync(dir).isDirectory()]).toEqual([name, false, true]);
    }
  });

  it("type-checks its program against the installed declarations, which carry real types (not any)", async () => {
    writeFileSync(
      path.join(consumer, "types-probe.ts"),
      `import type { GovernedAiWorkload, Plan } from "@govai/components";
import type { Verdict } from "@govai/gate";
import type { DataPolicy } from "@govai/powerplatform/resources";
import type { WorkloadModel } from "@govai/spec";
type IsAny<T> = 0 extends 1 & T ? true : false;
type Probe = [IsAny<WorkloadModel>, IsAny<WorkloadModel["stages"]>, IsAny<GovernedAiWorkload["stages"]>, IsAny<Plan["resources"]>, IsAny<Verdict>, IsAny<DataPolicy>];
export const probe: Probe = [false, false, false, false, false, false];
`,
    );
    const tsc = await timed("consumer tsc", () =>
      run(NODE, ["node_modules/typescript/bin/tsc", "-p", "."], { cwd: consumer }),
    );
    expect(tsc).toEqual({ code: 0, signal: null, stdout: "", stderr: "" });
  });

  it("runs its program under pulumi.runtime.setMocks, registering exactly what the workspace's components register", async () => {
    writeFileSync(
      path.join(consumer, "mock-run.ts"),
      `import * as pulumi from "@pulumi/pulumi";
const registered: Array<{ type: string; name: string }> = [];
await pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push({ type: args.type, name: args.name });
      return { id: undefined, state: args.inputs };
    },
    call: (args) => {
      throw new Error(\`unexpected invoke \${args.token}\`);
    },
  },
  "claims-agent-infra",
  "claims-agent-dev",
  true,
);
const { default: main } = await import("./index.ts");
let outputs: string[] = [];
await pulumi.runtime.runInPulumiStack(async () => {
  const result = await main();
  outputs = Object.keys(result).sort();
  return result;
});
await pulumi.runtime.disconnect();
process.stdout.write(JSON.stringify({ outputs, registered }));
`,
    );
    const config = {
      "govai-workload:workload": `${path.basename(EXAMPLE)}/workload.yaml`,
      "govai-workload:stage": "dev",
    };
    const program = await timed("consumer program under mocks", () =>
      run(NODE, ["mock-run.ts"], { cwd: consumer, env: userEnv({ PULUMI_CONFIG: JSON.stringify(config) }) }),
    );
    expect([program.code, program.stderr]).toEqual([0, ""]);
    const { outputs, registered } = JSON.parse(program.stdout) as {
      outputs: string[];
      registered: Array<{ type: string; name: string }>;
    };
    expect(outputs).toEqual(["deploymentClientId", "environmentUrl", "governance"]);
    expect(registered[0]).toEqual({ type: "pulumi:pulumi:Stack", name: "claims-agent-infra-claims-agent-dev" });

    const loaded = await loadWorkloadFile(path.join(ROOT, EXAMPLE, "workload.yaml"));
    if (!loaded.ok) throw new Error(`${EXAMPLE} does not load: ${JSON.stringify(loaded.errors)}`);
    const workspace = await collectPlan(loaded.model, ["dev"]);
    const key = (r: { type: string; name: string }) => `${r.type} ${r.name}`;
    expect(registered.slice(1).map(key).sort()).toEqual(workspace.resources.map(key).sort());
    expect(registered.map(key)).toContain("govai:workload:GovernedAiWorkload policy-lookup");
  });

  it("runs govai plan from node_modules/.bin and prints what the workspace's govai prints", async () => {
    const args = ["plan", `${path.basename(EXAMPLE)}/workload.yaml`, "--as-of", AS_OF];
    const installed = await timed("govai plan", () =>
      run(path.join(consumer, "node_modules/.bin/govai"), args, { cwd: consumer, env: userEnv({ NO_COLOR: "1" }) }),
    );
    const workspace = await run(path.join(ROOT, "node_modules/.bin/govai"), args, {
      cwd: consumer,
      env: userEnv({ NO_COLOR: "1" }),
    });
    expect(installed.code).toBe(0);
    expect(installed.stdout).toContain("\n== Summary\n");
    expect(installed).toEqual(workspace);
  });
});

/** A gRPC plugin started as the engine starts one: spawn, read the port from the first stdout line. */
async function startPlugin(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(command, args, { cwd, env: userEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr?.on("data", (b) => {
    err += b;
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (b) => {
      out += b;
      const nl = out.indexOf("\n");
      if (nl >= 0) resolve(Number(out.slice(0, nl).trim()));
    });
    child.on("exit", (code) => reject(new Error(`${command} exited ${code} before its port: ${err}`)));
  });
  return { port, child };
}

function unary<R>(fn: (cb: (e: Error | null, r?: R) => void) => unknown): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    fn((e, r) => (e ? reject(e) : resolve(r as R)));
  });
}

/** GetPluginInfo and GetSchema of the provider listening on `port`. */
async function providerDescription(port: number): Promise<{ version: string; schema: Record<string, unknown> }> {
  const client = new providerSvc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  try {
    const info = await unary<PluginInfo>((cb) => client.getPluginInfo(new Empty(), cb));
    const schema = await unary<ProviderPb.GetSchemaResponse>((cb) =>
      client.getSchema(new providerPb.GetSchemaRequest(), cb),
    );
    return { version: info.getVersion(), schema: JSON.parse(schema.getSchema()) };
  } finally {
    client.close();
  }
}

/** GetAnalyzerInfo of the policy pack listening on `port`: its name, version and policies with their levels. */
async function analyzerDescription(port: number): Promise<{ name: string; version: string; policies: string[] }> {
  const client = new analyzerSvc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  try {
    const info = await unary<AnalyzerPb.AnalyzerInfo>((cb) => client.getAnalyzerInfo(new Empty(), cb));
    return {
      name: info.getName(),
      version: info.getVersion(),
      policies: info.getPoliciesList().map((p) => `${p.getName()} ${p.getEnforcementlevel()}`),
    };
  } finally {
    client.close();
  }
}

describe("the installed provider plugin and policy pack", () => {
  let workspaceSchema: { version: string; schema: Record<string, unknown> };

  beforeAll(async () => {
    const plugin = await startPlugin(
      path.join(ROOT, "packages/powerplatform/bin/pulumi-resource-govai"),
      ["127.0.0.1:1"],
      ROOT,
    );
    try {
      workspaceSchema = await providerDescription(plugin.port);
    } finally {
      plugin.child.kill();
    }
  }, 60_000);

  it("starts pulumi-resource-govai from node_modules/.bin and serves the workspace plugin's GetSchema", async () => {
    const plugin = await startPlugin(
      path.join(consumer, "node_modules/.bin/pulumi-resource-govai"),
      ["127.0.0.1:1"],
      consumer,
    );
    try {
      const installed = await providerDescription(plugin.port);
      expect(installed.version).toBe(packed[0]?.manifest.version);
      expect((installed.schema as { name: string }).name).toBe("govai");
      expect(installed).toEqual(workspaceSchema);
    } finally {
      plugin.child.kill();
    }
  });

  it("starts the plugin folder the consumer's Pulumi.yaml names, as the Node.js language host runs a PulumiPlugin.yaml plugin", async () => {
    // pulumi-language-nodejs RunPlugin: node <@pulumi/pulumi/cmd/run-plugin> <plugin folder> <engine arguments>, which
    // require()s the folder's package.json main.
    expect(readFileSync(path.join(consumer, "Pulumi.yaml"), "utf8")).toContain(
      "- name: govai\n      path: ./node_modules/@govai/powerplatform\n",
    );
    const folder = path.join(consumer, "node_modules/@govai/powerplatform");
    expect(readFileSync(path.join(folder, "PulumiPlugin.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
    const runPlugin = path.join(consumer, "node_modules/@pulumi/pulumi/cmd/run-plugin/index.js");
    const plugin = await startPlugin(NODE, [runPlugin, folder, "127.0.0.1:1"], consumer);
    try {
      expect(await providerDescription(plugin.port)).toEqual(workspaceSchema);
    } finally {
      plugin.child.kill();
    }
  });

  it("serves the workspace policy pack's policies from node_modules/@govai/gate/policy-pack", async () => {
    const runPack = path.join(consumer, "node_modules/@pulumi/pulumi/cmd/run-policy-pack/index.js");
    const installed = await startPlugin(
      NODE,
      [runPack, "127.0.0.1:1", path.join(consumer, "node_modules/@govai/gate/policy-pack")],
      consumer,
    );
    const workspace = await startPlugin(
      NODE,
      ["--conditions=@govai/source", "index.ts"],
      path.join(ROOT, "packages/gate/src/policy"),
    );
    try {
      const description = await analyzerDescription(installed.port);
      expect(description.name).toBe("govai");
      expect(description.policies.length).toBeGreaterThan(0);
      expect(description).toEqual(await analyzerDescription(workspace.port));
    } finally {
      installed.child.kill();
      workspace.child.kill();
    }
  });
});

describe("the installed govai-emulator", () => {
  it("serves a registered app from dist/ and exits 0 on SIGTERM", async () => {
    const child = spawn(
      path.join(consumer, "node_modules/.bin/govai-emulator"),
      ["--seed", "1", "--register-app", APP],
      {
        cwd: consumer,
        env: userEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const lines = await new Promise<string[]>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (b) => {
        out += b;
        const all = out.split("\n");
        if (all.length > 2) resolve(all.slice(0, 2));
      });
      child.on("exit", (code) => reject(new Error(`govai-emulator exited ${code}`)));
    });
    const endpoints = JSON.parse(lines[1] ?? "") as { bapi: string };
    const token = await emulatorCredential({ appId: APP }).getToken("https://service.powerapps.com/.default");
    const reply = await fetch(
      `${endpoints.bapi}/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments?api-version=2023-06-01`,
      { headers: { authorization: `Bearer ${token?.token}` } },
    );
    expect([reply.status, await reply.json()]).toEqual([200, { value: [] }]);
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on("exit", (code, signal) => resolve([code, signal])),
    );
    child.kill("SIGTERM");
    expect(await exited).toEqual([0, null]);
  });
});
