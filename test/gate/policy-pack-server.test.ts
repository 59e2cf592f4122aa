/**
 * The policy pack's real entry point, served exactly as the Pulumi CLI runs it: `index.ts` is started as its own
 * process in the pack directory, prints its port, and answers the analyzer gRPC calls the engine makes
 * (GetAnalyzerInfo, ConfigureStack, Analyze). No Pulumi CLI is involved; everything stays on 127.0.0.1.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type * as AnalyzerSvc from "@pulumi/pulumi/proto/analyzer_grpc_pb.js";
import type * as AnalyzerPb from "@pulumi/pulumi/proto/analyzer_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const grpc: typeof import("@grpc/grpc-js") = require("@grpc/grpc-js");
const svc: typeof AnalyzerSvc = require("@pulumi/pulumi/proto/analyzer_grpc_pb.js");
const pb: typeof AnalyzerPb = require("@pulumi/pulumi/proto/analyzer_pb.js");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb.js");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb.js");

const PACK_DIR = fileURLToPath(new URL("../../packages/gate/src/policy/", import.meta.url));
let child: ChildProcess;
let client: InstanceType<typeof svc.AnalyzerClient>;

const unary = <R>(fn: (cb: (e: Error | null, r?: R) => void) => unknown) =>
  new Promise<R>((ok, fail) => {
    fn((e, r) => (e ? fail(e) : ok(r as R)));
  });

beforeAll(async () => {
  // The workspace's sources: @govai/spec resolves to them under the "@govai/source" condition (to dist/ otherwise).
  child = spawn(process.execPath, ["--conditions=@govai/source", "index.ts"], {
    cwd: PACK_DIR,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr?.on("data", (b) => {
    err += b;
  });
  const port = await new Promise<number>((ok, fail) => {
    let out = "";
    child.stdout?.on("data", (b) => {
      out += b;
      const nl = out.indexOf("\n");
      if (nl >= 0) ok(Number(out.slice(0, nl).trim()));
    });
    child.on("exit", (code) => fail(new Error(`policy pack exited ${code}: ${err}`)));
  });
  client = new svc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});

afterAll(() => {
  client?.close();
  child?.kill();
});

async function analyze(type: string, props: object, stack: string) {
  const opts = new pb.AnalyzerResourceOptions();
  opts.setProtect(false);
  const req = new pb.AnalyzeRequest();
  req.setType(type);
  req.setName("res");
  req.setUrn(`urn:pulumi:${stack}::policy-lookup::${type}::res`);
  req.setProperties(Struct.fromJavaScript(props));
  req.setOptions(opts);
  const res = await unary<AnalyzerPb.AnalyzeResponse>((cb) => client.analyze(req, cb));
  return res.getDiagnosticsList().map((d) => [d.getPolicyname(), d.getEnforcementlevel(), d.getMessage()]);
}

const ADVISORY = pb.EnforcementLevel.ADVISORY;
const MANDATORY = pb.EnforcementLevel.MANDATORY;
const dataPolicy = {
  displayName: "dlp",
  defaultGroup: "blocked",
  environmentIds: ["e"],
  business: ["Http"],
  nonBusiness: [],
  blocked: [],
  endpointRules: { Http: [{ behavior: "deny", endpoint: "*" }] },
};

describe("the policy pack served over gRPC", () => {
  it("describes itself: the govai pack with its 40 policies in mandatory/advisory pairs (19 resource rules, 1 stack rule)", async () => {
    const info = await unary<AnalyzerPb.AnalyzerInfo>((cb) => client.getAnalyzerInfo(new Empty(), cb));
    expect(info.getName()).toBe("govai");
    expect(info.getVersion()).toBe("0.1.0");
    const list = info.getPoliciesList();
    expect(list.length).toBe(40);
    expect(list.slice(0, 2).map((p) => [p.getName(), p.getEnforcementlevel()])).toEqual([
      ["govai-security-unauthenticated-chat-blocked", MANDATORY],
      ["govai-security-unauthenticated-chat-blocked-advisory", ADVISORY],
    ]);
  });

  it("refuses a prod data policy that allows unauthenticated chat (mandatory)", async () => {
    expect(await analyze("govai:powerplatform:DataPolicy", dataPolicy, "policy-lookup-prod")).toEqual([
      [
        "govai-security-unauthenticated-chat-blocked",
        MANDATORY,
        // the server prefixes the policy description, as the CLI shows it
        "Unauthenticated chat blocked (securityAccess): the production-readiness gate's security.unauthenticated-chat-blocked rule, applied to resource inputs.\nThe data policy does not block chat without Entra ID authentication (PvaAuth).",
      ],
    ]);
  });

  it("only warns about the same data policy in dev (advisory)", async () => {
    expect(await analyze("govai:powerplatform:DataPolicy", dataPolicy, "policy-lookup-dev")).toEqual([
      [
        "govai-security-unauthenticated-chat-blocked-advisory",
        ADVISORY,
        "Unauthenticated chat blocked (securityAccess): the production-readiness gate's security.unauthenticated-chat-blocked rule, applied to resource inputs as a warning where the gate only advises (dev).\nThe data policy does not block chat without Entra ID authentication (PvaAuth).",
      ],
    ]);
  });

  it("turns an unknown value at preview into advisory can't-run notes, never a violation", async () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const diags = await analyze(
      "govai:powerplatform:DataPolicy",
      { ...dataPolicy, blocked: unknown },
      "policy-lookup-prod",
    );
    expect(diags).toEqual([
      [
        "govai-security-unauthenticated-chat-blocked",
        ADVISORY,
        "can't run policy 'govai-security-unauthenticated-chat-blocked' from policy pack 'govai@v0.1.0' during preview: string value at .blocked can't be known during preview",
      ],
    ]);
  });
});
