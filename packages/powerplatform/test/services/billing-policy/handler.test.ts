/**
 * The BillingPolicy and BillingPolicyEnvironment handlers in-process, through the provider, on the real client,
 * against the emulator: Check, create (Provisioning waited out, a lost answer adopted without a second policy, a
 * look-alike of another identity never adopted), read and drift, update in place, replacement deleting first, delete
 * refused while environments are linked; a link made idempotently, refused when another policy bills the environment,
 * gone when its policy is, and deleted alone. The bodies are the Terraform provider's
 * (internal/services/licensing/dto.go; internal/services/licensing/test/resource/policies/Validate_Create/post_billing_policy.json,
 * internal/services/licensing/test/resource/environments/Validate_Create/get_environments_for_policy.json).
 */
import { type Emulator, emulatorCredential } from "@govai/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { PowerPlatformClient } from "../../../src/client/client.ts";
import { virtualClock } from "../../../src/client/clock.ts";
import { clientPort } from "../../../src/provider/client-port.ts";
import { makeProvider } from "../../../src/provider/provider.ts";
import { clientFor, devInput, id, start } from "../../client/support.ts";

const POLICY_URN = "urn:pulumi:dev::baseline::govai:powerplatform:BillingPolicy::copilot-pilots";
const LINK_URN = "urn:pulumi:dev::claims::govai:powerplatform:BillingPolicyEnvironment::dev";
const SUB = "0F0F0F0F-0000-4000-8000-000000000A01";
const POLICY = {
  displayName: "copilot-pilots",
  location: "Europe",
  subscriptionId: SUB,
  resourceGroup: "rg-pp-billing",
};
/** Another team's service principal. */
const OTHER_TEAM = "0a1b2c3d-0000-4000-8000-00000000c003";

let emulator: Emulator;
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

async function setup(options: { attemptTimeoutMs?: number } = {}) {
  emulator = await start({ adminApplications: ["0a1b2c3d-0000-4000-8000-00000000a001", OTHER_TEAM] });
  const { client } = clientFor(emulator, options);
  const provider = makeProvider(() => clientPort(client));
  const checked = async (urn: string, news: object) => {
    const r = await provider.check!(urn, {}, news);
    expect(r.failures).toEqual([]);
    return r.inputs as Record<string, unknown>;
  };
  return { client, provider, checked };
}

const mutations = () => emulator.log.entries.filter((e) => e.method !== "GET").map((e) => e.route);
const bodies = (route: string) => emulator.log.find({ route }).map((e) => e.body);
const environmentOf = async (client: PowerPlatformClient, domain: string) =>
  (await client.createEnvironment(devInput(domain))).id;

describe("BillingPolicy", () => {
  it("Check normalises and refuses bad input with exact messages, before any request", async () => {
    const { provider, checked } = await setup();
    expect(await checked(POLICY_URN, POLICY)).toEqual({
      ...POLICY,
      location: "europe",
      subscriptionId: SUB.toLowerCase(),
      status: "Enabled",
    });
    const r = await provider.check!(
      POLICY_URN,
      {},
      {
        displayName: " ",
        location: "West Europe",
        subscriptionId: "sub",
        resourceGroup: "rg.",
        status: "Paused",
      },
    );
    expect(r.failures).toEqual([
      { property: "displayName", reason: "displayName must not be empty" },
      { property: "location", reason: "location must be a Power Platform geography such as europe or unitedstates" },
      { property: "subscriptionId", reason: "subscriptionId must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)" },
      { property: "resourceGroup", reason: "resourceGroup must not end in a period" },
      { property: "status", reason: 'Invalid option: expected one of "Enabled"|"Disabled"' },
    ]);
    expect(emulator.log.entries).toEqual([]);
  });

  it("create waits out Provisioning; read, drift, update in place, and delete", async () => {
    const { provider, checked } = await setup();
    const inputs = await checked(POLICY_URN, POLICY);
    const created = await provider.create!(POLICY_URN, inputs);
    expect(created).toEqual({ id: id(1), outs: { ...inputs, billingPolicyId: id(1) } });
    expect(bodies("billingPolicies.create")).toEqual([
      {
        location: "europe",
        name: "copilot-pilots",
        status: "Enabled",
        billingInstrument: { resourceGroup: "rg-pp-billing", subscriptionId: SUB.toLowerCase() },
      },
    ]);
    expect(emulator.state.billingPolicies[id(1)]?.status).toBe("Enabled");
    expect(await provider.read!(id(1), POLICY_URN, created.outs)).toEqual({
      id: id(1),
      props: created.outs,
      inputs,
    });
    // Someone disables it in the admin centre: Read shows it, Diff proposes the fix in place.
    (emulator.state.billingPolicies[id(1)] as { status: string }).status = "Disabled";
    const drifted = await provider.read!(id(1), POLICY_URN, created.outs);
    expect(drifted.inputs).toEqual({ ...inputs, status: "Disabled" });
    expect(await provider.diff!(id(1), POLICY_URN, drifted.props, inputs)).toMatchObject({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const renamed = { ...inputs, displayName: "copilot-pilots-eu" };
    expect((await provider.update!(id(1), POLICY_URN, drifted.props, renamed)).outs).toEqual({
      ...renamed,
      billingPolicyId: id(1),
    });
    expect(bodies("billingPolicies.update")).toEqual([{ name: "copilot-pilots-eu", status: "Enabled" }]);
    // A new resource group replaces it, deleting the old one (and its links) first.
    expect(await provider.diff!(id(1), POLICY_URN, created.outs, { ...inputs, resourceGroup: "rg-other" })).toEqual({
      changes: true,
      replaces: ["resourceGroup"],
      deleteBeforeReplace: true,
    });
    await provider.delete!(id(1), POLICY_URN, created.outs);
    expect(emulator.state.billingPolicies).toEqual({});
    expect(await provider.read!(id(1), POLICY_URN, created.outs)).toEqual({ id: "", props: {} });
    // Deleting again (a policy already gone) sends nothing.
    const before = mutations().length;
    await provider.delete!(id(1), POLICY_URN, created.outs);
    expect(mutations().length).toBe(before);
  });

  it("a create whose answer is lost is adopted by the retried create: one policy", async () => {
    const { provider, checked } = await setup();
    emulator.faults.add({ method: "POST", path: "/ppapi/licensing/BillingPolicies", kind: "dropResponse", times: 1 });
    const inputs = await checked(POLICY_URN, POLICY);
    // The client reads the list again after the lost answer and finds the policy this create made.
    const created = await provider.create!(POLICY_URN, inputs);
    expect(created.id).toBe(id(1));
    expect(Object.keys(emulator.state.billingPolicies)).toEqual([id(1)]);
    // A later run's create (the engine never recorded the first) adopts it too.
    expect((await provider.create!(POLICY_URN, inputs)).id).toBe(id(1));
    expect(Object.keys(emulator.state.billingPolicies)).toEqual([id(1)]);
    expect(bodies("billingPolicies.create")).toHaveLength(1);
  });

  it("never adopts another identity's look-alike: it creates its own", async () => {
    const { provider, checked } = await setup();
    // Another service principal: its own application and object id.
    const other = new PowerPlatformClient({
      credential: emulatorCredential({ appId: OTHER_TEAM, objectId: OTHER_TEAM }),
      endpoints: emulator.endpoints,
      clock: virtualClock(),
    });
    await other.createBillingPolicy({
      name: "copilot-pilots",
      location: "europe",
      subscriptionId: SUB,
      resourceGroup: "rg-pp-billing",
    });
    const created = await provider.create!(POLICY_URN, await checked(POLICY_URN, POLICY));
    expect(created.id).toBe(id(2));
    expect(Object.keys(emulator.state.billingPolicies).sort()).toEqual([id(1), id(2)]);
  });

  it("delete is refused, naming the environments, while the policy still bills some; nothing is deleted", async () => {
    const { client, provider, checked } = await setup();
    const created = await provider.create!(POLICY_URN, await checked(POLICY_URN, POLICY));
    const env = await environmentOf(client, "billed");
    await client.addBillingPolicyEnvironments(created.id, [env]);
    await expect(provider.delete!(created.id, POLICY_URN, created.outs)).rejects.toThrow(
      `billing policy ${created.id} ("copilot-pilots") still bills 1 environment (${env}), so it was not deleted: unlink it first (their BillingPolicyEnvironment resources, or Billing → Billing policies in the admin centre), then run again`,
    );
    expect(Object.keys(emulator.state.billingPolicies)).toEqual([created.id]);
    expect(emulator.log.find({ route: "billingPolicies.delete" })).toEqual([]);
  });
});

describe("BillingPolicyEnvironment", () => {
  it("links, reads, and unlinks only the link; a second create of the same link sends nothing", async () => {
    const { client, provider, checked } = await setup();
    const policy = await client.createBillingPolicy({ ...POLICY, name: POLICY.displayName, location: "europe" });
    const env = await environmentOf(client, "linked");
    const inputs = await checked(LINK_URN, {
      billingPolicyId: policy.id.toUpperCase(),
      environmentId: env.toUpperCase(),
    });
    expect(inputs).toEqual({ billingPolicyId: policy.id, environmentId: env });
    const linkId = `${policy.id}/${env}`;
    expect(await provider.create!(LINK_URN, inputs)).toEqual({ id: linkId, outs: inputs });
    expect(bodies("billingPolicies.addEnvironments")).toEqual([{ environmentIds: [env] }]);
    expect(emulator.state.environments[env]?.properties.billingPolicy?.id).toBe(policy.id);
    expect(await provider.read!(linkId, LINK_URN, {})).toEqual({ id: linkId, props: inputs, inputs });
    // Already linked (a create whose answer was lost, run again): taken as it is.
    expect(await provider.create!(LINK_URN, inputs)).toEqual({ id: linkId, outs: inputs });
    expect(bodies("billingPolicies.addEnvironments")).toHaveLength(1);
    // Either id replaces the link, the old one first.
    expect(await provider.diff!(linkId, LINK_URN, inputs, { ...inputs, billingPolicyId: id(99) })).toEqual({
      changes: true,
      replaces: ["billingPolicyId"],
      deleteBeforeReplace: true,
    });
    await provider.delete!(linkId, LINK_URN, inputs);
    expect(bodies("billingPolicies.removeEnvironments")).toEqual([{ environmentIds: [env] }]);
    expect(emulator.state.environments[env]?.properties.billingPolicy).toBeUndefined();
    expect(Object.keys(emulator.state.billingPolicies)).toEqual([policy.id]);
    expect(await provider.read!(linkId, LINK_URN, inputs)).toEqual({ id: "", props: {} });
    // Deleting a link that is already gone sends nothing.
    await provider.delete!(linkId, LINK_URN, inputs);
    expect(bodies("billingPolicies.removeEnvironments")).toHaveLength(1);
  });

  it("refuses an environment another policy bills, naming that policy; nothing moves", async () => {
    const { client, provider, checked } = await setup();
    const ours = await client.createBillingPolicy({ ...POLICY, name: "copilot-pilots", location: "europe" });
    const theirs = await client.createBillingPolicy({ ...POLICY, name: "finance-bots", location: "europe" });
    const env = await environmentOf(client, "taken");
    await client.addBillingPolicyEnvironments(theirs.id, [env]);
    const inputs = await checked(LINK_URN, { billingPolicyId: ours.id, environmentId: env });
    await expect(provider.create!(LINK_URN, inputs)).rejects.toThrow(
      `environment ${env} is billed by another billing policy, ${theirs.id} ("finance-bots"), so it was not linked to ${ours.id} ("copilot-pilots"): unlink it from ${theirs.id} first (its BillingPolicyEnvironment resource, or Billing → Billing policies in the admin centre)`,
    );
    expect(emulator.state.environments[env]?.properties.billingPolicy?.id).toBe(theirs.id);
    expect(bodies("billingPolicies.addEnvironments")).toHaveLength(1);
  });

  it("refuses a policy that does not exist, and reads a link whose policy was deleted as gone", async () => {
    const { client, provider, checked } = await setup();
    const env = await environmentOf(client, "orphan");
    const inputs = await checked(LINK_URN, { billingPolicyId: id(77), environmentId: env });
    await expect(provider.create!(LINK_URN, inputs)).rejects.toThrow(
      `billing policy ${id(77)} does not exist, so ${env} was not linked`,
    );
    const policy = await client.createBillingPolicy({ ...POLICY, name: "gone", location: "europe" });
    await client.addBillingPolicyEnvironments(policy.id, [env]);
    await client.deleteBillingPolicy(policy.id);
    expect(await provider.read!(`${policy.id}/${env}`, LINK_URN, inputs)).toEqual({ id: "", props: {} });
    await provider.delete!(`${policy.id}/${env}`, LINK_URN, inputs);
    expect(bodies("billingPolicies.removeEnvironments")).toEqual([]);
    await expect(provider.read!("not-a-link", LINK_URN, {})).rejects.toThrow(
      '"not-a-link" is not a BillingPolicyEnvironment id; it is <billingPolicyId>/<environmentId>',
    );
  });
});
