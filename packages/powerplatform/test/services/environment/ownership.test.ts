/** The proof of ownership behind environment create's recovery: the create marker, the creator and the creation time. */
import { mintEmulatorToken } from "@govai/emulator";
import { describe, expect, it } from "vitest";
import { tokenIdentity } from "../../../src/client/auth.ts";
import {
  CLOCK_SKEW_MS,
  type CreateEvidence,
  type CreateRequest,
  judgeEarlier,
  judgeOwnership,
  ownerOf,
  splitCreateMarker,
  withCreateMarker,
} from "../../../src/services/environment/ownership.ts";
import type { WireEnvironment } from "../../../src/services/environment/wire.ts";

const M = "0f8e2c6a-4b1d-4e3f-9a5c-7d2b1e0f3a4c";
/** This resource's owner key, and another resource's. */
const OWNER = "7c7e05bef7df73e1bdd9a620";
const OTHER_OWNER = "0123456789abcdef01234567";
const OTHER_M = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const OID = "66666666-7777-4888-9999-000000000000";
const APPID = "0a1b2c3d-0000-4000-8000-00000000a001";
const SENT = Date.parse("2026-03-01T10:00:00Z");

function env(
  name: string,
  p: {
    description?: string;
    domain?: string;
    by?: string;
    at?: string;
    displayName?: string;
    location?: string;
    region?: string;
    language?: number;
    databaseType?: string;
    state?: string;
  } = {},
): WireEnvironment {
  return {
    name,
    ...(p.location === undefined ? {} : { location: p.location }),
    properties: {
      displayName: p.displayName ?? name,
      ...(p.description === undefined ? {} : { description: p.description }),
      ...(p.by === undefined ? {} : { createdBy: { id: p.by, type: "ServicePrincipal" } }),
      ...(p.at === undefined ? {} : { createdTime: p.at }),
      ...(p.region === undefined ? {} : { azureRegion: p.region }),
      ...(p.databaseType === undefined ? {} : { databaseType: p.databaseType }),
      ...(p.state === undefined ? {} : { provisioningState: p.state }),
      ...(p.domain === undefined
        ? {}
        : { linkedEnvironmentMetadata: { domainName: p.domain, ...(p.language ? { baseLanguage: p.language } : {}) } }),
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
    [undefined, `[govai-create:${OWNER}:${M}]`],
    ["Dev environment", `Dev environment [govai-create:${OWNER}:${M}]`],
  ])("with an owner key, carries it before the incarnation: %j", (description, sent) => {
    expect(withCreateMarker(description, M, OWNER)).toEqual(sent);
    expect(splitCreateMarker(sent)).toEqual({ text: description ?? "", marker: M, owner: OWNER });
    expect(ownerOf(sent)).toEqual(OWNER);
  });

  it.each([
    [`Upper [govai-create:${OWNER.toUpperCase()}:${M.toUpperCase()}]`, { text: "Upper", marker: M, owner: OWNER }],
    // The older form (no owner key) is still read: its owner is undefined.
    [`Old [govai-create:${M}]`, { text: "Old", marker: M, owner: undefined }],
    [`[govai-create:${OWNER.slice(1)}:${M}]`, { text: `[govai-create:${OWNER.slice(1)}:${M}]`, marker: undefined }],
    [`[govai-create:${OWNER}:]`, { text: `[govai-create:${OWNER}:]`, marker: undefined }],
  ])("reads an owner key only in a well-formed marker: %j", (description, split) => {
    expect(splitCreateMarker(description)).toEqual(split);
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
      by: "marker",
    });
  });
});

describe("judgeOwnership with an owner key", () => {
  const withOwner: CreateEvidence = {
    ...evidence,
    owner: OWNER,
    place: { location: "europe", azureRegion: "westeurope", language: 1033 },
  };
  /** An environment an earlier run of this resource left: its owner key, another incarnation, our creator. */
  const earlier = (extra: Parameters<typeof env>[1] = {}) =>
    env("e-earlier", {
      description: `x [govai-create:${OWNER}:${OTHER_M}]`,
      domain: "agents-dev",
      by: OID,
      at: "2026-02-01T00:00:00Z",
      location: "europe",
      region: "westeurope",
      language: 1033,
      ...extra,
    });

  it.each<[string, WireEnvironment[], CreateEvidence, unknown]>([
    [
      "an earlier run's environment holding our domain is ours, made earlier (its creation time is no veto)",
      [earlier()],
      withOwner,
      { kind: "ours", id: "e-earlier", earlier: true },
    ],
    [
      "without Dataverse, the earlier run's environment without Dataverse is ours",
      [earlier({ domain: undefined, databaseType: "None" })],
      { ...withOwner, domain: undefined },
      { kind: "ours", id: "e-earlier", earlier: true },
    ],
    [
      "this request's own marker wins over an earlier run's environment",
      [earlier({ domain: undefined }), env("e-now", { description: `[govai-create:${OWNER}:${M}]`, by: OID })],
      withOwner,
      { kind: "ours", id: "e-now" },
    ],
    [
      "an earlier run's environment with Dataverse does not answer a create without it",
      [earlier()],
      { ...withOwner, domain: undefined },
      undefined,
    ],
    [
      "an earlier run's environment with another domain is not this create's (a replacement's old one): keep reading",
      [earlier({ domain: "agents-old", location: "unitedstates" })],
      withOwner,
      undefined,
    ],
    [
      "two earlier runs' environments without Dataverse are ambiguous",
      [
        earlier({ domain: undefined }),
        earlier({ domain: undefined, description: `[govai-create:${OWNER}:${M.replace("0f", "1f")}]` }),
      ].map((w, i) => ({ ...w, name: `e-${i}` })),
      { ...withOwner, domain: undefined },
      { kind: "ambiguous", ids: ["e-0", "e-1"], by: "owner" },
    ],
  ])("%s", (_, all, ev, verdict) => {
    expect(judgeOwnership(all, ev)).toEqual(verdict);
  });

  it.each<[string, WireEnvironment, string]>([
    [
      "another resource's owner key",
      earlier({ description: `[govai-create:${OTHER_OWNER}:${OTHER_M}]` }),
      `its description carries another create's marker (${OTHER_OWNER}:${OTHER_M}), not this request's (${M}) nor this resource's owner key (${OWNER})`,
    ],
    [
      "no marker at all",
      earlier({ description: "Team B's" }),
      `its description carries no govai create marker, and this request's (${M}) or this resource's owner key (${OWNER}) is the proof required`,
    ],
    [
      "our owner key, another creator (the creator vetoes)",
      earlier({ by: "b-oid" }),
      `it carries this resource's owner key but was created by b-oid, not by this client (object id ${OID}, application id ${APPID})`,
    ],
    [
      "our owner key on our domain, in another location",
      earlier({ location: "unitedstates" }),
      `it carries this resource's owner key (${OWNER}), but it is in location unitedstates, not europe`,
    ],
  ])("the holder of our domain with %s is foreign", (_, holder, reason) => {
    expect(judgeOwnership([holder], withOwner)).toMatchObject({
      kind: "foreign",
      existing: { id: "e-earlier" },
      reason,
    });
  });
});

describe("judgeEarlier: before a create with an owner key", () => {
  const request: CreateRequest = {
    owner: OWNER,
    domain: "agents-dev",
    placement: { location: "europe", azureRegion: "westeurope", language: 1033 },
    identity: { objectId: OID, appId: APPID, tenantId: "t" },
  };
  const left = (name: string, extra: Parameters<typeof env>[1] = {}) =>
    env(name, {
      description: `Dev [govai-create:${OWNER}:${OTHER_M}]`,
      domain: "agents-dev",
      by: OID,
      at: "2026-02-01T00:00:00Z",
      location: "europe",
      region: "westeurope",
      language: 1033,
      displayName: "Agents (dev)",
      ...extra,
    });
  const existing = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    displayName: "Agents (dev)",
    domain: "agents-dev",
    createdBy: { id: OID, type: "ServicePrincipal", displayName: undefined },
    createdTime: "2026-02-01T00:00:00Z",
    ...extra,
  });

  it.each<[string, WireEnvironment[], CreateRequest, unknown]>([
    ["nothing carries the owner key", [env("e-b", { domain: "agents-dev", by: "b-oid" })], request, undefined],
    ["an earlier run's environment as asked for is adopted", [left("e-1")], request, { kind: "adopt", id: "e-1" }],
    [
      "an older marker (no owner key) is not adopted: only the new form names a resource",
      [left("e-1", { description: `Dev [govai-create:${OTHER_M}]` })],
      request,
      undefined,
    ],
    [
      "another resource's owner key is never adopted",
      [left("e-1", { description: `[govai-create:${OTHER_OWNER}:${OTHER_M}]` })],
      request,
      undefined,
    ],
    ["a copied marker (another creator) is never adopted", [left("e-1", { by: "b-oid" })], request, undefined],
    [
      "our identity unknown: the creator is not checked",
      [left("e-1", { by: "b-oid" })],
      { ...request, identity: undefined },
      { kind: "adopt", id: "e-1" },
    ],
    [
      "another domain in another location is the environment a replacement replaces: left alone",
      [left("e-old", { domain: "agents-old", location: "unitedstates" })],
      request,
      undefined,
    ],
    [
      "another domain in another Azure region: left alone",
      [left("e-old", { domain: "agents-old", region: "northeurope" })],
      request,
      undefined,
    ],
    [
      "another domain in another language: left alone",
      [left("e-old", { domain: "agents-old", language: 1031 })],
      request,
      undefined,
    ],
    [
      "another domain, same placement: refused",
      [left("e-1", { domain: "agents-old" })],
      request,
      {
        kind: "mismatch",
        existing: existing("e-1", { domain: "agents-old" }),
        reason: "its Dataverse domain is agents-old, not agents-dev",
      },
    ],
    [
      "our domain in another location: refused (no replacement keeps its domain: that one deletes first)",
      [left("e-1", { location: "unitedstates" })],
      request,
      { kind: "mismatch", existing: existing("e-1"), reason: "it is in location unitedstates, not europe" },
    ],
    [
      "Dataverse not shown yet: read it first",
      [left("e-1", { domain: undefined, databaseType: "CommonDataService" }), left("e-2", { domain: undefined })],
      request,
      { kind: "pending", ids: ["e-1", "e-2"] },
    ],
    [
      "provisioning failed without Dataverse: refused as it is",
      [left("e-1", { domain: undefined, state: "Failed" })],
      request,
      {
        kind: "mismatch",
        existing: existing("e-1", { domain: undefined }),
        reason:
          "its provisioning ended Failed and it shows no Dataverse, and this create asks for one with domain agents-dev",
      },
    ],
    [
      "no Dataverse (databaseType None) when Dataverse is asked for: refused",
      [left("e-1", { domain: undefined, databaseType: "None" })],
      request,
      {
        kind: "mismatch",
        existing: existing("e-1", { domain: undefined }),
        reason: "it has no Dataverse, and this create asks for one with domain agents-dev",
      },
    ],
    [
      "without Dataverse asked: one without Dataverse is adopted",
      [left("e-1", { domain: undefined, databaseType: "None" })],
      { ...request, domain: undefined, placement: { location: "europe", azureRegion: "westeurope" } },
      { kind: "adopt", id: "e-1" },
    ],
    [
      "without Dataverse asked: one with Dataverse is refused",
      [left("e-1")],
      { ...request, domain: undefined, placement: { location: "europe", azureRegion: "westeurope" } },
      {
        kind: "mismatch",
        existing: existing("e-1"),
        reason: "it has Dataverse (domain agents-dev), and this create asks for none",
      },
    ],
    [
      "two: refused, naming both",
      [left("e-1"), left("e-2", { domain: "agents-old" })],
      request,
      { kind: "several", existing: [existing("e-1"), existing("e-2", { domain: "agents-old" })] },
    ],
  ])("%s", (_, all, req, verdict) => {
    expect(judgeEarlier(all, req)).toEqual(verdict);
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
