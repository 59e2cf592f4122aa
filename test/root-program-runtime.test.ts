/**
 * Proves that the Pulumi Node.js language runtime itself (`@pulumi/pulumi/cmd/run`, what `pulumi-language-nodejs`
 * spawns) loads `program/index.ts` with `typescript: false` on Node's type stripping, reads the stack config, and
 * registers the stage; and that a refused prod ends with one clean error message and no stack trace.
 *
 * The engine side is a fake on 127.0.0.1: a gRPC ResourceMonitor backed by the SDK's MockMonitor and an Engine that
 * records log messages. This is what the CLI would do, minus the CLI: it does not prove the CLI's own handling
 * (plugin discovery, state, the provider plugin).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { evaluate, loadEvidence } from "@govai/gate";
import { loadWorkloadFile } from "@govai/spec";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";

vi.setConfig({ testTimeout: 180_000, hookTimeout: 60_000 });

const require = createRequire(import.meta.url);
const grpc: typeof import("@grpc/grpc-js") = require("@grpc/grpc-js");
const resSvc = require("@pulumi/pulumi/proto/resource_grpc_pb.js");
const resPb = require("@pulumi/pulumi/proto/resource_pb.js");
const engSvc = require("@pulumi/pulumi/proto/engine_grpc_pb.js");
const engPb = require("@pulumi/pulumi/proto/engine_pb.js");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb.js");
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks.js");

const ROOT = path.resolve(new URL("..", import.meta.url).pathname);
const NODE = path.join(ROOT, "node_modules/.bin/node");
const RUNNER = path.join(ROOT, "node_modules/@pulumi/pulumi/cmd/run/index.js");
/** Pulumi.yaml's runtime.options.nodeargs, which the language host passes to node ahead of the runner. */
const project = parse(readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));
const NODEARGS: string[] = project.runtime.options.nodeargs.split(/\s+/);

interface Registration {
  type: string;
  name: string;
}
// biome-ignore lint/suspicious/noExplicitAny: grpc-js handler plumbing over generated CJS stubs
type Call = { request: any };
type Callback = (err: unknown, res?: unknown) => void;

/** Unary handlers over the generated CJS stubs, typed loosely on purpose. */
const handlers = (h: Record<string, (call: Call, cb: Callback) => void>) =>
  h as unknown as import("@grpc/grpc-js").UntypedServiceImplementation;

let server: import("@grpc/grpc-js").Server;
let address = "";
let registrations: Registration[] = [];
let logs: { severity: number; message: string }[] = [];
let root = "";

beforeAll(async () => {
  const mock = new MockMonitor({
    newResource: (a: { name: string; inputs: Record<string, unknown> }) => ({ id: undefined, state: a.inputs }),
    call: (a: { token: string }) => {
      throw new Error(`unexpected invoke ${a.token}`);
    },
  });
  server = new grpc.Server();
  server.addService(
    resSvc.ResourceMonitorService,
    handlers({
      supportsFeature: (call: Call, cb: Callback) =>
        cb(null, new resPb.SupportsFeatureResponse().setHassupport(call.request.getId() !== "outputValues")),
      getDeploymentInfo: (call: Call, cb: Callback) => mock.getDeploymentInfo(call.request, cb),
      registerResource: (call: Call, cb: Callback) => {
        registrations.push({ type: call.request.getType(), name: call.request.getName() });
        mock.registerResource(call.request, cb);
      },
      registerResourceOutputs: (_call: Call, cb: Callback) => cb(null, new Empty()),
      registerPackage: (call: Call, cb: Callback) => mock.registerPackage(call.request, cb),
      invoke: (call: Call, cb: Callback) => mock.invoke(call.request, cb),
      signalAndWaitForShutdown: (_call: Call, cb: Callback) => cb(null, new Empty()),
    }),
  );
  server.addService(
    engSvc.EngineService,
    handlers({
      log: (call: Call, cb: Callback) => {
        logs.push({ severity: call.request.getSeverity(), message: call.request.getMessage() });
        cb(null, new Empty());
      },
      getRootResource: (_call: Call, cb: Callback) => cb(null, new engPb.GetRootResourceResponse().setUrn(root)),
      setRootResource: (call: Call, cb: Callback) => {
        root = call.request.getUrn();
        cb(null, new engPb.SetRootResourceResponse());
      },
    }),
  );
  const port = await new Promise<number>((ok, fail) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? fail(e) : ok(p))),
  );
  address = `127.0.0.1:${port}`;
});

afterAll(() => {
  server?.forceShutdown();
});

/** Runs the program like the language host would, for one stack; resolves with the exit code and stderr. */
function runStack(stack: string, stage: string): Promise<{ code: number | null; stderr: string }> {
  registrations = [];
  logs = [];
  root = "";
  const config = {
    "govai-workload:workload": "examples/policy-lookup-agent/workload.yaml",
    "govai-workload:stage": stage,
  };
  const child = spawn(
    NODE,
    [
      ...NODEARGS,
      RUNNER,
      `--monitor=${address}`,
      `--engine=${address}`,
      "--project=govai-workload",
      `--stack=${stack}`,
      `--pwd=${ROOT}`,
      "--dry-run",
      "program/index.ts",
    ],
    {
      cwd: ROOT,
      env: { ...process.env, PULUMI_CONFIG: JSON.stringify(config), PULUMI_NODEJS_TYPESCRIPT: "false" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (b) => {
    stderr += b;
  });
  child.stdout.resume();
  return new Promise((ok) => child.on("exit", (code) => ok({ code, stderr })));
}

describe("the root program under the Pulumi Node.js language runtime", () => {
  it("policy-lookup-dev: loads program/index.ts without ts-node and registers the dev stage", async () => {
    const { code, stderr } = await runStack("policy-lookup-dev", "dev");
    expect([code, logs.filter((l) => l.severity >= 3), stderr]).toEqual([0, [], ""]);
    expect(registrations[0]).toEqual({ type: "pulumi:pulumi:Stack", name: "govai-workload-policy-lookup-dev" });
    const components = registrations.filter((r) => r.type.startsWith("govai:workload:")).map((r) => r.name);
    expect(components.sort()).toEqual([
      "policy-lookup",
      "policy-lookup-dev",
      "policy-lookup-dev-alerts",
      "policy-lookup-dev-cost",
      "policy-lookup-dev-identities",
      "policy-lookup-dev-powerplatform",
      "policy-lookup-dev-telemetry",
    ]);
    expect(registrations.filter((r) => r.type === "govai:powerplatform:Environment")).toEqual([
      { type: "govai:powerplatform:Environment", name: "policy-lookup-dev-powerplatform-env" },
    ]);
  });

  it("policy-lookup-prod: one clean error with the failing checks, no stack trace, nothing but the stack registered", async () => {
    const { code } = await runStack("policy-lookup-prod", "prod");
    // 32: the runtime's "error already reported" exit, what a RunError produces (no stack trace printed).
    expect(code).toBe(32);
    expect(registrations.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
    const errors = logs.filter((l) => l.severity === 3).map((l) => l.message);
    expect(errors).toHaveLength(1);
    // The child runs on the real clock, so the expected failures come from the gate evaluated here and now: today
    // the two sign-offs; later also evidence that has aged out (the restore drill) or sign-offs older than a year.
    const loaded = await loadWorkloadFile(path.join(ROOT, "examples/policy-lookup-agent/workload.yaml"));
    if (!loaded.ok) throw new Error("the example must load");
    const verdict = evaluate(loaded.model, "prod", await loadEvidence(loaded.model));
    expect(verdict.failures.map((f) => f.id)).toEqual(expect.arrayContaining(["signoff.security", "signoff.legal"]));
    expect(errors[0]!.split("\n")[0]).toBe(
      `The production-readiness gate refuses prod for workload "policy-lookup": ${verdict.failures.length} check(s) fail.`,
    );
    for (const failure of verdict.failures) expect(errors[0]).toContain(`- ${failure.id} (${failure.path})`);
    expect(errors[0]).not.toMatch(/\n\s+at /);
  });
});
