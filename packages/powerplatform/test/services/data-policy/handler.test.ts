import { DEFAULT_APP_ID, DEFAULT_TENANT_ID, type Emulator, emulatorCredential, startEmulator } from "@govai/emulator";
import { afterEach, describe, expect, it, vi } from "vitest";
import { policyInputs } from "../../../../../test/provider/fixtures.ts";
import { dlpOwnerKey, PowerPlatformClient } from "../../../src/client/index.ts";
import { clientPort } from "../../../src/provider/client-port.ts";
import { makeProvider } from "../../../src/provider/provider.ts";

// The DataPolicy handler in-process, on the real client, against the emulator: Create never returns another team's
// policy, reconciles a create that landed after its timeout, reads back the service's catch-all URL rule without
// drift, and a replacement that creates before it deletes keeps its policy.

/** Another team's service principal, also an admin management application. */
const OTHER_TEAM = "0a1b2c3d-0000-4000-8000-00000000c003";
const ENV = "0b5e1c2d-0000-4000-8000-0000000000a1";
const DLP = "/bap/providers/PowerPlatform.Governance/v2/policies";
const URN = "urn:pulumi:dev::claims::govai:powerplatform:DataPolicy::claims-dev-dlp";
const OWNER = dlpOwnerKey(URN);

let emulator: Emulator;
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

function clientOf(appId: string, attemptTimeoutMs?: number): PowerPlatformClient {
  return new PowerPlatformClient({
    credential: emulatorCredential({ tenantId: DEFAULT_TENANT_ID, appId }),
    endpoints: emulator.endpoints,
    ...(attemptTimeoutMs ? { attemptTimeoutMs } : {}),
  });
}

async function setup(options: { attemptTimeoutMs?: number } = {}) {
  emulator = await startEmulator({ seed: 5, adminApplications: [DEFAULT_APP_ID, OTHER_TEAM] });
  const provider = makeProvider(() => clientPort(clientOf(DEFAULT_APP_ID, options.attemptTimeoutMs)));
  const other = clientOf(OTHER_TEAM);
  const checked = async (news: object) => {
    const r = await provider.check!(URN, {}, news);
    expect(r.failures).toEqual([]);
    return r.inputs as Record<string, unknown>;
  };
  return { provider, other, checked };
}

/** What another team created by hand: the same display name and environment as our resource. */
const foreignInput = {
  displayName: "claims-dev-dlp",
  defaultGroup: "blocked" as const,
  environments: { kind: "only" as const, environmentIds: [ENV] },
  business: ["shared_sharepointonline"],
  nonBusiness: [],
  blocked: [],
  endpointRules: {},
  actionRules: {},
  customConnectorPatterns: [],
};

const stored = () => structuredClone(emulator.state.dlpPolicies);
const markerOf = (outs: Record<string, unknown>) => String(outs.ownershipMarker);

describe("DataPolicy Create never returns another team's policy", () => {
  it("after a lost response it returns its own policy, found by the marker of its URN; the other is untouched", async () => {
    const { provider, other, checked } = await setup();
    const foreign = await other.createDlpPolicy(foreignInput);
    const before = stored();
    emulator.faults.add({ method: "POST", path: DLP, kind: "dropResponse" });
    const inputs = await checked(policyInputs(ENV));
    const created = await provider.create!(URN, inputs);
    expect(created.id).not.toEqual(foreign.id);
    expect(created.outs).toEqual({
      ...inputs,
      policyName: created.id,
      etag: emulator.state.dlpPolicies[created.id]?.policyDefinition.etag,
      ownershipMarker: expect.stringMatching(new RegExp(`^${OWNER}-[0-9a-f]{8}$`)),
    });
    expect(emulator.state.dlpPolicies[foreign.id]).toEqual(before[foreign.id]);
    expect(Object.keys(emulator.state.dlpPolicies)).toHaveLength(2);
  });

  it("after a reset it fails naming the other team's policy, and adopts or changes nothing", async () => {
    const { provider, other, checked } = await setup();
    const foreign = await other.createDlpPolicy(foreignInput);
    const before = stored();
    emulator.faults.add({ method: "POST", path: DLP, kind: "reset" });
    const inputs = await checked(policyInputs(ENV));
    const error = (await provider.create!(URN, inputs).catch((e: unknown) => e)) as Error;
    expect(error.name).toEqual("DlpPolicyOwnershipError");
    expect(error.message.split("\n")[0]).toContain(
      ` 1 DLP policy has the same display name but not this marker, so it was not adopted: ${foreign.id} "claims-dev-dlp" (created by ${OTHER_TEAM} at ${foreign.createdTime}). `,
    );
    expect(error.message).toContain(
      "\nHint: run again: if the create lands later, the next run adopts it by its marker instead of creating a second policy; the policies named above belong to someone else, do not import or delete them",
    );
    expect(stored()).toEqual(before);
    expect(emulator.log.find({ method: "PATCH" })).toEqual([]);
    expect(emulator.log.find({ method: "DELETE" })).toEqual([]);
  });
});

describe("DataPolicy Create reconciles by the marker of its URN", () => {
  it("a create whose POST outlived the attempt timeout and landed later is adopted by the next run: one policy", async () => {
    const { provider, other, checked } = await setup({ attemptTimeoutMs: 100 });
    const foreign = await other.createDlpPolicy(foreignInput);
    emulator.log.clear();
    // The service serves the POST 3 s after it arrived; the client gave up on it after 100 ms.
    emulator.faults.add({ method: "POST", path: DLP, kind: "delay", ms: 3_000 });
    const inputs = await checked(policyInputs(ENV));
    await expect(provider.create!(URN, inputs)).rejects.toThrow(/^createDlpPolicy: the outcome of creating DLP policy/);
    await vi.waitFor(() => expect(Object.keys(emulator.state.dlpPolicies)).toHaveLength(2), {
      timeout: 10_000,
      interval: 50,
    });
    const [landed] = Object.keys(emulator.state.dlpPolicies).filter((id) => id !== foreign.id);
    const rerun = await provider.create!(URN, inputs);
    expect(rerun.id).toEqual(landed);
    expect(markerOf(rerun.outs)).toMatch(new RegExp(`^${OWNER}-[0-9a-f]{8}$`));
    expect(Object.keys(emulator.state.dlpPolicies).sort()).toEqual([foreign.id, landed].sort());
    // One POST in all: the re-run found the landed policy and wrote it; it sent no second create.
    expect(emulator.log.count({ route: "dlp.create" })).toEqual(1);
    expect((await provider.read!(rerun.id, URN, rerun.outs)).inputs).toEqual(inputs);
  });

  it("a replacement that creates before it deletes adopts the policy, and the old state's delete leaves it alone", async () => {
    const { provider, checked } = await setup();
    const inputs = await checked(policyInputs(ENV));
    const old = await provider.create!(URN, inputs);
    const replacement = await provider.create!(URN, inputs);
    expect(replacement.id).toEqual(old.id);
    expect(markerOf(replacement.outs)).not.toEqual(markerOf(old.outs));
    emulator.log.clear();
    await provider.delete!(old.id, URN, old.outs);
    expect(Object.keys(emulator.state.dlpPolicies)).toEqual([old.id]);
    expect(emulator.log.entries.map((e) => `${e.method} ${e.route}`)).toEqual(["GET dlp.get"]);
    await provider.delete!(replacement.id, URN, replacement.outs);
    expect(emulator.state.dlpPolicies).toEqual({});
  });

  it("an update keeps the marker the state recorded; a state without one gets this resource's owner key", async () => {
    const { provider, checked } = await setup();
    const inputs = await checked(policyInputs(ENV));
    const created = await provider.create!(URN, inputs);
    const renamed = { ...inputs, displayName: "claims-dev-dlp-2" };
    const updated = await provider.update!(created.id, URN, created.outs, renamed);
    expect(updated.outs).toEqual({ ...created.outs, displayName: "claims-dev-dlp-2", etag: updated.outs.etag });
    const { ownershipMarker: _recorded, ...before } = created.outs;
    const marked = await provider.update!(created.id, URN, before, inputs);
    expect(markerOf(marked.outs)).toMatch(new RegExp(`^${OWNER}-[0-9a-f]{8}$`));
    expect(markerOf(marked.outs)).not.toEqual(markerOf(created.outs));
  });
});

describe("DataPolicy reads the service's catch-all URL rule without drift", () => {
  // The service stores {Ignore, "*"} after the last rule when no "*" rule was sent: the Terraform provider's
  // fixture internal/services/dlp_policy/tests/resource/Validate_Create/get_policy_00000000-0000-0000-0000-000000000001.json
  // reads back [{1, Blocked, https://*.contoso.com}, {2, Ignore, *}].
  it("a policy written without a '*' rule refreshes and imports as written, and diffs as unchanged", async () => {
    const { provider, checked } = await setup();
    const inputs = await checked({
      ...policyInputs(ENV),
      customConnectorPatterns: [{ order: 1, classification: "blocked", pattern: "https://*.contoso.com" }],
    });
    const created = await provider.create!(URN, inputs);
    const live = emulator.state.dlpPolicies[created.id]?.customConnectorUrlPatternsDefinition;
    expect(
      (live as { rules: Array<{ order: number; pattern: string }> }).rules.map((r) => [r.order, r.pattern]),
    ).toEqual([
      [1, `https://govai-${markerOf(created.outs)}.invalid`],
      [2, "https://*.contoso.com"],
      [3, "*"],
    ]);
    const refreshed = await provider.read!(created.id, URN, created.outs);
    expect(refreshed.inputs).toEqual(inputs);
    expect(refreshed.props).toEqual(created.outs);
    expect(await provider.diff!(created.id, URN, refreshed.props, inputs)).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect((await provider.read!(created.id, URN, {})).inputs).toEqual({ ...inputs, cloud: undefined });
  });

  it("a '*' rule the program wrote itself is kept, even when it is {ignore, *}", async () => {
    const { provider, checked } = await setup();
    const inputs = await checked({
      ...policyInputs(ENV),
      customConnectorPatterns: [
        { order: 1, classification: "blocked", pattern: "https://*.contoso.com" },
        { order: 2, classification: "ignore", pattern: "*" },
      ],
    });
    const created = await provider.create!(URN, inputs);
    expect((await provider.read!(created.id, URN, created.outs)).inputs).toEqual(inputs);
  });
});
