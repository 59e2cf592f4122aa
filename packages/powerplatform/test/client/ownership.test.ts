/** The proof of ownership behind environment create's recovery: the create marker, the creator and the creation time. */
import { mintEmulatorToken } from "@govai/emulator";
import { describe, expect, it } from "vitest";
import { tokenIdentity } from "../../src/client/auth.ts";
import {
  CLOCK_SKEW_MS,
  type CreateEvidence,
  judgeOwnership,
  splitCreateMarker,
  withCreateMarker,
} from "../../src/client/environments.ownership.ts";
import type { WireEnvironment } from "../../src/client/environments.wire.ts";

const M = "0f8e2c6a-4b1d-4e3f-9a5c-7d2b1e0f3a4c";
const OTHER_M = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const OID = "66666666-7777-4888-9999-000000000000";
const APPID = "0a1b2c3d-0000-4000-8000-00000000a001";
const SENT = Date.parse("2026-03-01T10:00:00Z");

function env(
  name: string,
  p: { description?: string; domain?: string; by?: string; at?: string; displayName?: string } = {},
): WireEnvironment {
  return {
    name,
    properties: {
      displayName: p.displayName ?? name,
      ...(p.description === undefined ? {} : { description: p.description }),
      ...(p.by === undefined ? {} : { createdBy: { id: p.by, type: "ServicePrincipal" } }),
      ...(p.at === undefined ? {} : { createdTime: p.at }),
      ...(p.domain === undefined ? {} : { linkedEnvironmentMetadata: { domainName: p.domain } }),
    },
  };
}

const evidence: CreateEvidence = {
  marker: M,
  domain: "agents-dev",
  identity: { objectId: OID, appId: APPID, tenantId: "t" },
  firstSentAt: SENT,
};

describe("the create marker", () => {
  it.each([
    [undefined, `[govai-create:${M}]`],
    ["", `[govai-create:${M}]`],
    ["Dev environment", `Dev environment [govai-create:${M}]`],
  ])("is appended to the description %j", (description, sent) => {
    expect(withCreateMarker(description, M)).toEqual(sent);
    expect(splitCreateMarker(sent)).toEqual({ text: description ?? "", marker: M });
  });

  it.each([
    [undefined, { text: "", marker: undefined }],
    ["plain text", { text: "plain text", marker: undefined }],
    [`[govai-create:${M}] in the middle`, { text: `[govai-create:${M}] in the middle`, marker: undefined }],
    ["[govai-create:not-a-uuid]", { text: "[govai-create:not-a-uuid]", marker: undefined }],
    [`Upper [govai-create:${M.toUpperCase()}]`, { text: "Upper", marker: M }],
  ])("only a well-formed trailing marker is one: %j", (description, split) => {
    expect(splitCreateMarker(description)).toEqual(split);
  });
});

describe("judgeOwnership", () => {
  const ours = (extra: Parameters<typeof env>[1] = {}) =>
    env("e-ours", {
      description: `x [govai-create:${M}]`,
      domain: "agents-dev",
      by: OID,
      at: "2026-03-01T10:00:05Z",
      ...extra,
    });

  it.each<[string, WireEnvironment[], CreateEvidence, unknown]>([
    ["our marker, our creator, created after we sent", [ours()], evidence, { kind: "ours", id: "e-ours" }],
    ["creator reported as our application id", [ours({ by: APPID })], evidence, { kind: "ours", id: "e-ours" }],
    ["creator in another case", [ours({ by: OID.toUpperCase() })], evidence, { kind: "ours", id: "e-ours" }],
    ["no creator reported", [ours({ by: undefined })], evidence, { kind: "ours", id: "e-ours" }],
    [
      "our identity unknown",
      [ours({ by: "someone-else" })],
      { ...evidence, identity: undefined },
      { kind: "ours", id: "e-ours" },
    ],
    [
      "created within the clock-skew allowance before we sent",
      [ours({ at: new Date(SENT - CLOCK_SKEW_MS).toISOString() })],
      evidence,
      { kind: "ours", id: "e-ours" },
    ],
    [
      "found before Dataverse shows (no domain in the list yet)",
      [ours({ domain: undefined })],
      evidence,
      { kind: "ours", id: "e-ours" },
    ],
    ["nothing visible yet", [env("a", { domain: "other" })], evidence, undefined],
    ["nothing visible yet, no domain asked", [], { ...evidence, domain: undefined }, undefined],
  ])("%s", (_, all, ev, verdict) => {
    expect(judgeOwnership(all, ev)).toEqual(verdict);
  });

  it("another team's environment on our domain, without a marker, is foreign", () => {
    const theirs = env("e-b", { domain: "Agents-Dev", by: "b-oid", at: "2026-02-01T00:00:00Z", displayName: "Team B" });
    expect(judgeOwnership([theirs], evidence)).toEqual({
      kind: "foreign",
      existing: {
        id: "e-b",
        displayName: "Team B",
        domain: "agents-dev",
        createdBy: { id: "b-oid", type: "ServicePrincipal", displayName: undefined },
        createdTime: "2026-02-01T00:00:00Z",
      },
      reason: `its description carries no govai create marker, and this request's (${M}) is the proof required`,
    });
  });

  it("our earlier run's environment (our creator, another marker) is foreign", () => {
    const earlier = env("e-old", { description: `[govai-create:${OTHER_M}]`, domain: "agents-dev", by: OID });
    expect(judgeOwnership([earlier], evidence)).toMatchObject({
      kind: "foreign",
      reason: `its description carries another create's marker (${OTHER_M}), not this request's (${M})`,
    });
  });

  it("our marker but another creator is foreign (the creator vetoes)", () => {
    expect(judgeOwnership([ours({ by: "b-oid" })], evidence)).toMatchObject({
      kind: "foreign",
      existing: { id: "e-ours" },
      reason: `it carries this request's marker but was created by b-oid, not by this client (object id ${OID}, application id ${APPID})`,
    });
  });

  it("our marker but created before the request was sent is foreign (the creation time vetoes)", () => {
    const at = new Date(SENT - CLOCK_SKEW_MS - 1).toISOString();
    expect(judgeOwnership([ours({ at })], evidence)).toMatchObject({
      kind: "foreign",
      reason: `it carries this request's marker but was created at ${at}, before this request was first sent (2026-03-01T10:00:00.000Z)`,
    });
  });

  it("the marked environment wins over the domain holder only when it passes; two passing are ambiguous", () => {
    const holder = env("e-b", { domain: "agents-dev", by: "b-oid" });
    expect(judgeOwnership([holder, ours({ domain: undefined })], evidence)).toEqual({ kind: "ours", id: "e-ours" });
    expect(judgeOwnership([ours(), { ...ours(), name: "e-twin" }], evidence)).toEqual({
      kind: "ambiguous",
      ids: ["e-ours", "e-twin"],
    });
  });
});

describe("tokenIdentity", () => {
  it("reads oid, appid (else azp) and tid from a JWT, and nothing from anything else", () => {
    const token = mintEmulatorToken({ aud: "a", tid: "t1", appid: APPID, oid: OID, idtyp: "app" });
    expect(tokenIdentity(token)).toEqual({ objectId: OID, appId: APPID, tenantId: "t1" });
    const user = `${Buffer.from("{}").toString("base64url")}.${Buffer.from(JSON.stringify({ oid: OID, azp: "cli" })).toString("base64url")}.`;
    expect(tokenIdentity(user)).toEqual({ objectId: OID, appId: "cli", tenantId: undefined });
    expect(tokenIdentity("opaque-token")).toBeUndefined();
    expect(tokenIdentity("a.!!!.b")).toBeUndefined();
    expect(tokenIdentity(`x.${Buffer.from(JSON.stringify({ tid: "t" })).toString("base64url")}.`)).toBeUndefined();
  });
});
