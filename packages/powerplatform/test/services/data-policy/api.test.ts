/**
 * DLP create proves which policy is its own (ownership marker), never adopts another team's policy, reconciles a
 * create that landed after its timeout, and reads every policy with its own GET because the list gives summaries.
 */
import type { Emulator } from "@govai/emulator";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DlpPolicyOwnershipError } from "../../../src/client/errors.ts";
import type { DlpPolicyInput } from "../../../src/client/types.ts";
import { dlpOwnerKey } from "../../../src/services/data-policy/convert.ts";
import { APP, clientFor, start } from "../../client/support.ts";

/** Another team's service principal, also an admin management application. */
const OTHER_TEAM = "0a1b2c3d-0000-4000-8000-00000000c003";
const DLP = "/bap/providers/PowerPlatform.Governance/v2/policies";
const ENV_A = "0b5e1c2d-0000-4000-8000-0000000000a1";
const ENV_B = "0b5e1c2d-0000-4000-8000-0000000000b2";
const OWNER = dlpOwnerKey("urn:pulumi:dev::agents::govai:powerplatform:DataPolicy::agents-dev-dlp");

let emulator: Emulator;
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

const input = (overrides: Partial<DlpPolicyInput> = {}): DlpPolicyInput => ({
  displayName: "agents-dev-dlp",
  defaultGroup: "blocked",
  environments: { kind: "only", environmentIds: [ENV_A] },
  business: ["shared_sharepointonline"],
  nonBusiness: [],
  blocked: [],
  endpointRules: {},
  actionRules: {},
  customConnectorPatterns: [],
  ...overrides,
});

/** An emulator where {@link APP} and {@link OTHER_TEAM} are both admin applications, plus both clients. */
async function tenant(options: { attemptTimeoutMs?: number } = {}) {
  emulator = await start({ adminApplications: [APP, OTHER_TEAM] });
  const ours = clientFor(emulator, options.attemptTimeoutMs ? { attemptTimeoutMs: options.attemptTimeoutMs } : {});
  const theirs = clientFor(emulator, { appId: OTHER_TEAM });
  return { client: ours.client, other: theirs.client };
}

const routes = () => emulator.log.entries.map((e) => e.route);
const stored = () => structuredClone(emulator.state.dlpPolicies);

describe("DLP create never adopts a foreign policy", () => {
  it("a lost response: the create's own policy is found by its marker, the other team's same-name policy is untouched", async () => {
    const { client, other } = await tenant();
    const foreign = await other.createDlpPolicy(input());
    const before = stored();
    emulator.log.clear();
    emulator.faults.add({ method: "POST", path: DLP, kind: "dropResponse" });
    const created = await client.createDlpPolicy(input());
    expect(created.id).not.toEqual(foreign.id);
    expect(created.createdBy).toEqual(APP);
    expect(created.ownership?.owner).not.toEqual(foreign.ownership?.owner);
    expect(Object.keys(emulator.state.dlpPolicies).sort()).toEqual([foreign.id, created.id].sort());
    expect(emulator.state.dlpPolicies[foreign.id]).toEqual(before[foreign.id]);
    // One POST; then the list (summaries) and one GET per policy to read the markers.
    expect(routes()).toEqual(["dlp.create", "dlp.list", "dlp.get", "dlp.get"]);
  });

  it("a reset before the service acted: fails naming the other team's policy, and adopts or changes nothing", async () => {
    const { client, other } = await tenant();
    const foreign = await other.createDlpPolicy(input());
    const before = stored();
    emulator.log.clear();
    emulator.faults.add({ method: "POST", path: DLP, kind: "reset" });
    const error = await client.createDlpPolicy(input({ ownership: { owner: OWNER } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DlpPolicyOwnershipError);
    const e = error as DlpPolicyOwnershipError;
    expect(e.policies).toEqual([
      { id: foreign.id, displayName: "agents-dev-dlp", createdBy: OTHER_TEAM, createdTime: foreign.createdTime },
    ]);
    const sent = emulator.log.find({ route: "dlp.create" })[0]?.body as {
      customConnectorUrlPatternsDefinition: { rules: Array<{ pattern: string }> };
    };
    const marker = sent.customConnectorUrlPatternsDefinition.rules[0]?.pattern ?? "";
    expect(marker).toMatch(new RegExp(`^https://govai-${OWNER}-[0-9a-f]{8}\\.invalid$`));
    expect(e.message.split("\n")[0]).toEqual(
      `createDlpPolicy: the outcome of creating DLP policy "agents-dev-dlp" is unknown and no policy carries its ownership marker (${marker}). 1 DLP policy has the same display name but not this marker, so it was not adopted: ${foreign.id} "agents-dev-dlp" (created by ${OTHER_TEAM} at ${foreign.createdTime}). Cause: the outcome of a non-idempotent request is unknown, so it was not resent: createDlpPolicy: POST ${emulator.endpoints.bapi}/providers/PowerPlatform.Governance/v2/policies: fetch failed (other side closed)`,
    );
    expect(e.hint).toEqual(
      "run again: if the create lands later, the next run adopts it by its marker instead of creating a second policy; the policies named above belong to someone else, do not import or delete them",
    );
    expect(stored()).toEqual(before);
    // Before the POST: the owner lookup (list + GET); after it: the same again. Nothing else was sent.
    expect(routes()).toEqual(["dlp.list", "dlp.get", "dlp.create", "dlp.list", "dlp.get"]);
  });

  it("a caller without an owner key gets a random marker: the hint says the policy cannot be recognised later", async () => {
    const { client } = await tenant();
    emulator.faults.add({ method: "POST", path: DLP, kind: "reset" });
    const error = (await client.createDlpPolicy(input()).catch((e: unknown) => e)) as DlpPolicyOwnershipError;
    expect(error.policies).toEqual([]);
    expect(error.hint).toEqual(
      "this call had no stable owner key (ownership.owner), so a later run cannot recognise the policy: look for a policy with the custom-connector rule above before creating again; the policies named above belong to someone else",
    );
    expect(emulator.state.dlpPolicies).toEqual({});
  });

  it("another resource's owner key never adopts: its left-over policy stays and a new one is created", async () => {
    const { client } = await tenant();
    const left = await client.createDlpPolicy(input({ ownership: { owner: dlpOwnerKey("another resource") } }));
    const created = await client.createDlpPolicy(input({ ownership: { owner: OWNER } }));
    expect(created.id).not.toEqual(left.id);
    expect(created.ownership?.owner).toEqual(OWNER);
    expect(emulator.log.count({ route: "dlp.create" })).toEqual(2);
    expect(emulator.log.count({ route: "dlp.update" })).toEqual(0);
  });
});

describe("DLP create reconciles by marker", () => {
  it("a POST that outlives the attempt timeout and lands later is adopted by the re-run: exactly one policy", async () => {
    const { client, other } = await tenant({ attemptTimeoutMs: 100 });
    const foreign = await other.createDlpPolicy(input());
    // The service serves the POST 3 s after it arrived, long after the client gave up on it (100 ms).
    emulator.faults.add({ method: "POST", path: DLP, kind: "delay", ms: 3_000 });
    const first = await client.createDlpPolicy(input({ ownership: { owner: OWNER } })).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(DlpPolicyOwnershipError);
    expect((first as DlpPolicyOwnershipError).policies.map((p) => p.id)).toEqual([foreign.id]);
    await vi.waitFor(() => expect(Object.keys(emulator.state.dlpPolicies)).toHaveLength(2), {
      timeout: 10_000,
      interval: 50,
    });
    const [landed] = Object.keys(emulator.state.dlpPolicies).filter((id) => id !== foreign.id);
    emulator.log.clear();
    const rerun = await client.createDlpPolicy(input({ ownership: { owner: OWNER } }));
    expect(rerun.id).toEqual(landed);
    expect(rerun.ownership?.owner).toEqual(OWNER);
    expect(Object.keys(emulator.state.dlpPolicies).sort()).toEqual([foreign.id, landed].sort());
    // The re-run found it (list + a GET each) and wrote the requested document with its own incarnation; no POST.
    expect(routes()).toEqual(["dlp.list", "dlp.get", "dlp.get", "dlp.update"]);
    expect(emulator.log.count({ route: "dlp.create" })).toEqual(0);
  });

  it("the adoption writes the re-run's document: a policy left with other connectors is brought to the request", async () => {
    const { client } = await tenant();
    const left = await client.createDlpPolicy(input({ ownership: { owner: OWNER }, business: [] }));
    const adopted = await client.createDlpPolicy(input({ ownership: { owner: OWNER } }));
    expect(adopted.id).toEqual(left.id);
    expect(adopted.business).toEqual(["/providers/Microsoft.PowerApps/apis/shared_sharepointonline"]);
    expect(adopted.ownership).toEqual({ owner: OWNER, incarnation: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect(adopted.ownership?.incarnation).not.toEqual(left.ownership?.incarnation);
    expect(emulator.log.count({ route: "dlp.create" })).toEqual(1);
  });

  it("a policy carrying this owner but covering other environments is refused before anything is sent", async () => {
    const { client } = await tenant();
    const left = await client.createDlpPolicy(input({ ownership: { owner: OWNER } }));
    const before = stored();
    emulator.log.clear();
    const error = (await client
      .createDlpPolicy(input({ ownership: { owner: OWNER }, environments: { kind: "only", environmentIds: [ENV_B] } }))
      .catch((e: unknown) => e)) as DlpPolicyOwnershipError;
    expect(error).toBeInstanceOf(DlpPolicyOwnershipError);
    expect(error.message).toEqual(
      `createDlpPolicy: DLP policy ${left.id} "agents-dev-dlp" (created by ${APP} at ${left.createdTime}) carries the ownership marker of this resource (owner ${OWNER}) but covers only [${ENV_A}] instead of only [${ENV_B}], so it was not adopted\nHint: if it is left over from an earlier attempt of this resource, delete it in the admin centre (or import it and change its environments); if another stack has a resource with the same URN in this tenant, rename one of the two resources`,
    );
    expect(stored()).toEqual(before);
    expect(routes()).toEqual(["dlp.list", "dlp.get"]);
  });

  it("two policies carrying this owner: refused, both named, none changed", async () => {
    const { client } = await tenant();
    const a = await client.createDlpPolicy(input({ ownership: { owner: OWNER, incarnation: "00000001" } }));
    const b = await client.createDlpPolicy(input({ ownership: { owner: dlpOwnerKey("x") } }));
    // An admin copied the marker rule onto a second policy.
    await client.updateDlpPolicy(b.id, input({ ownership: { owner: OWNER, incarnation: "00000002" } }));
    const before = stored();
    const error = (await client
      .createDlpPolicy(input({ ownership: { owner: OWNER } }))
      .catch((e: unknown) => e)) as DlpPolicyOwnershipError;
    expect(error).toBeInstanceOf(DlpPolicyOwnershipError);
    expect(error.policies.map((p) => p.id)).toEqual([a.id, b.id]);
    expect(error.message.split("\n")[0]).toEqual(
      `createDlpPolicy: 2 DLP policies carry the ownership marker of this resource (owner ${OWNER}), so none was adopted: ${a.id} "agents-dev-dlp" (created by ${APP} at ${a.createdTime}); ${b.id} "agents-dev-dlp" (created by ${APP} at ${b.createdTime})`,
    );
    expect(stored()).toEqual(before);
  });
});

describe("DLP reads use the per-policy GET", () => {
  // The emulator lists summaries as the Terraform provider's fixture
  // internal/services/dlp_policy/tests/datasource/Validate_Read/get_policies.json records them: no connectorGroups.
  it("the list gives summaries, so listDlpPolicies reads each policy with its own GET", async () => {
    const { client, other } = await tenant();
    const mine = await client.createDlpPolicy(input({ customConnectorPatterns: [] }));
    const theirs = await other.createDlpPolicy(input({ displayName: "their-dlp" }));
    emulator.log.clear();
    const listed = await client.listDlpPolicies();
    expect(listed).toEqual([mine, theirs]);
    expect(emulator.log.entries.map((e) => `${e.method} ${e.apiPath}`)).toEqual([
      "GET /providers/PowerPlatform.Governance/v2/policies",
      `GET /providers/PowerPlatform.Governance/v2/policies/${mine.id}`,
      `GET /providers/PowerPlatform.Governance/v2/policies/${theirs.id}`,
    ]);
    // The groups and the URL rules come from the GETs: the summaries carry neither.
    expect(listed[0]?.business).toEqual(["/providers/Microsoft.PowerApps/apis/shared_sharepointonline"]);
  });

  // As recorded in internal/services/dlp_policy/tests/resource/Validate_Create/get_policy_00000000-0000-0000-0000-000000000001.json:
  // [{1, Blocked, https://*.contoso.com}, {2, Ignore, *}]. The client reports it as the service stores it; the
  // provider decides whether it is drift (test/services/data-policy/handler.test.ts).
  it("a policy written without a '*' rule reads back with the service's trailing {ignore, *}", async () => {
    const { client } = await tenant();
    const created = await client.createDlpPolicy(
      input({ customConnectorPatterns: [{ order: 1, classification: "blocked", pattern: "https://*.contoso.com" }] }),
    );
    expect(created.customConnectorPatterns).toEqual([
      { order: 1, classification: "blocked", pattern: "https://*.contoso.com" },
      { order: 2, classification: "ignore", pattern: "*" },
    ]);
    expect((await client.getDlpPolicy(created.id))?.customConnectorPatterns).toEqual(created.customConnectorPatterns);
  });

  it("update writes the marker as given; an update without one leaves the policy without a marker", async () => {
    const { client } = await tenant();
    const created = await client.createDlpPolicy(input({ ownership: { owner: OWNER, incarnation: "0000000a" } }));
    const kept = await client.updateDlpPolicy(
      created.id,
      input({ ownership: { owner: OWNER, incarnation: "0000000a" } }),
    );
    expect(kept.ownership).toEqual({ owner: OWNER, incarnation: "0000000a" });
    const dropped = await client.updateDlpPolicy(created.id, input());
    expect(dropped.ownership).toBeUndefined();
    expect(dropped.customConnectorPatterns).toEqual([{ order: 1, classification: "ignore", pattern: "*" }]);
  });
});
