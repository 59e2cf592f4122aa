/**
 * Drives the `pulumi-resource-govai` executable the way the Pulumi engine does: spawn it, read the port from the
 * first stdout line, and call it over gRPC with the stubs that ship inside `@pulumi/pulumi`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ServiceError } from "@grpc/grpc-js";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb.js";
import type * as Svc from "@pulumi/pulumi/proto/provider_grpc_pb.js";
import type * as Pb from "@pulumi/pulumi/proto/provider_pb.js";
import type * as StatusPb from "@pulumi/pulumi/proto/status_pb.js";

const require = createRequire(import.meta.url);
const grpc: typeof import("@grpc/grpc-js") = require("@grpc/grpc-js");
const svc: typeof Svc = require("@pulumi/pulumi/proto/provider_grpc_pb.js");
/** The request and response classes. */
export const pb: typeof Pb = require("@pulumi/pulumi/proto/provider_pb.js");
const statusPb: typeof StatusPb = require("@pulumi/pulumi/proto/status_pb.js");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb.js");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb.js");

/** The plugin executable, as the engine would find it. */
export const PLUGIN = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../packages/powerplatform/bin/pulumi-resource-govai",
);

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
/** The unknown sentinel of a preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** A wrapped secret, as the engine sends it. */
export const secret = (value: unknown) => ({ [SIG]: SECRET, value });
/** `undefined` dropped, as a Struct cannot carry it. */
export const toStruct = (o: object = {}) => Struct.fromJavaScript(JSON.parse(JSON.stringify(o)));
/** Plain JS of a Struct. */
export const js = (s: { toJavaScript(): unknown } | undefined): Record<string, unknown> =>
  (s?.toJavaScript() ?? {}) as Record<string, unknown>;
/** Secrets unwrapped, recursively. */
export const reveal = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(reveal)
    : v && typeof v === "object"
      ? (v as Record<string, unknown>)[SIG] === SECRET
        ? reveal((v as { value: unknown }).value)
        : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reveal(x)]))
      : v;

/** A URN for a govai resource. */
export const urnOf = (type: string, name: string) => `urn:pulumi:dev::claims::govai:powerplatform:${type}::${name}`;

function unary<R>(fn: (cb: (e: ServiceError | null, r?: R) => void) => unknown): Promise<R> {
  return new Promise<R>((ok, fail) => {
    fn((e, r) => (e ? fail(e) : ok(r as R)));
  });
}

/** The `ErrorResourceInitFailed` detail of a Create/Update error, if any. */
export function initFailure(err: ServiceError): Pb.ErrorResourceInitFailed | undefined {
  const bin = err.metadata?.get("grpc-status-details-bin")[0];
  if (!bin) return undefined;
  const any = statusPb.Status.deserializeBinary(bin as Buffer).getDetailsList()[0];
  return any?.unpack(pb.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed") ?? undefined;
}

/** A running plugin and typed calls to it. */
export interface Plugin {
  /** Milliseconds from spawn to the port line. */
  startupMs: number;
  stderr(): string;
  pluginInfo(): Promise<string>;
  schema(): Promise<Record<string, unknown>>;
  configure(): Promise<Pb.ConfigureResponse>;
  checkConfig(): Promise<unknown>;
  check(
    urn: string,
    news: object,
    olds?: object,
  ): Promise<{ inputs: Record<string, unknown>; failures: Array<{ property: string; reason: string }> }>;
  diff(
    urn: string,
    id: string,
    olds: object,
    news: object,
  ): Promise<{ changes: number; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(
    urn: string,
    props: object,
    options?: { timeout?: number; preview?: boolean },
  ): Promise<{ id: string; props: Record<string, unknown> }>;
  read(
    urn: string,
    id: string,
    props: object,
  ): Promise<{ id: string; props: Record<string, unknown>; inputs: Record<string, unknown> }>;
  update(urn: string, id: string, olds: object, news: object): Promise<Record<string, unknown>>;
  delete(urn: string, id: string, props: object): Promise<void>;
  stop(): void;
}

/** The DiffChanges values. */
export const DIFF = { UNKNOWN: 0, NONE: 1, SOME: 2 } as const;

/**
 * Spawns the plugin executable with these extra environment variables and connects to it. `flags` go before the
 * engine address, as the engine passes them (`--logtostderr`, `-v=9`).
 */
export async function launch(env: Record<string, string>, flags: string[] = []): Promise<Plugin> {
  const started = performance.now();
  const child: ChildProcess = spawn(PLUGIN, [...flags, "127.0.0.1:1"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr?.on("data", (b) => {
    err += b;
  });
  const port = await new Promise<number>((ok, fail) => {
    child.stdout?.on("data", (b) => {
      out += b;
      const nl = out.indexOf("\n");
      if (nl >= 0) ok(Number(out.slice(0, nl).trim()));
    });
    child.on("exit", (code) => fail(new Error(`plugin exited ${code}: ${err}`)));
  });
  const startupMs = performance.now() - started;
  const client = new svc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    startupMs,
    stderr: () => err,
    async pluginInfo() {
      const r = await unary<PluginInfo>((cb) => client.getPluginInfo(new Empty(), cb));
      return r.getVersion();
    },
    async schema() {
      const r = await unary<Pb.GetSchemaResponse>((cb) => client.getSchema(new pb.GetSchemaRequest(), cb));
      return JSON.parse(r.getSchema());
    },
    configure: () => unary<Pb.ConfigureResponse>((cb) => client.configure(new pb.ConfigureRequest(), cb)),
    checkConfig: () =>
      unary((cb) =>
        client.checkConfig(new pb.CheckRequest().setUrn("urn:pulumi:dev::claims::pulumi:providers:govai::default"), cb),
      ),
    async check(urn, news, olds = {}) {
      const r = await unary<Pb.CheckResponse>((cb) =>
        client.check(new pb.CheckRequest().setUrn(urn).setOlds(toStruct(olds)).setNews(toStruct(news)), cb),
      );
      return {
        inputs: js(r.getInputs()),
        failures: r.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },
    async diff(urn, id, olds, news) {
      const r = await unary<Pb.DiffResponse>((cb) =>
        client.diff(new pb.DiffRequest().setUrn(urn).setId(id).setOlds(toStruct(olds)).setNews(toStruct(news)), cb),
      );
      return {
        changes: r.getChanges(),
        replaces: r.getReplacesList(),
        deleteBeforeReplace: r.getDeletebeforereplace(),
      };
    },
    async create(urn, props, options = {}) {
      const req = new pb.CreateRequest().setUrn(urn).setProperties(toStruct(props));
      if (options.timeout !== undefined) req.setTimeout(options.timeout);
      if (options.preview !== undefined) req.setPreview(options.preview);
      const r = await unary<Pb.CreateResponse>((cb) => client.create(req, cb));
      return { id: r.getId(), props: js(r.getProperties()) };
    },
    async read(urn, id, props) {
      const r = await unary<Pb.ReadResponse>((cb) =>
        client.read(new pb.ReadRequest().setUrn(urn).setId(id).setProperties(toStruct(props)), cb),
      );
      return { id: r.getId(), props: js(r.getProperties()), inputs: js(r.getInputs()) };
    },
    async update(urn, id, olds, news) {
      const r = await unary<Pb.UpdateResponse>((cb) =>
        client.update(new pb.UpdateRequest().setUrn(urn).setId(id).setOlds(toStruct(olds)).setNews(toStruct(news)), cb),
      );
      return js(r.getProperties());
    },
    async delete(urn, id, props) {
      await unary((cb) =>
        client.delete(new pb.DeleteRequest().setUrn(urn).setId(id).setProperties(toStruct(props)), cb),
      );
    },
    stop() {
      client.close();
      child.kill();
    },
  };
}
