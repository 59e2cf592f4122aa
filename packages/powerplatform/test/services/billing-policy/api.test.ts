/**
 * Billing policies: the exact bodies the client sends (the Terraform provider's create and update bodies,
 * internal/services/licensing/dto.go), waiting out `Provisioning`
 * (internal/services/licensing/test/resource/policies/Validate_Create_WithoutFinalStatusInPostResponse), adoption of
 * what a lost create left, and the environments of a policy.
 */
import type { Emulator } from "@govai/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { ConvergenceTimeoutError } from "../../../src/client/errors.ts";
import { clientFor, devInput, id, start } from "../../client/support.ts";

const INPUT = {
  name: "copilot-pilots",
  location: "europe",
  subscriptionId: "0f0f0f0f-0000-4000-8000-000000000a01",
  resourceGroup: "rg-pp-billing",
};

let emulator: Emulator;
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

const bodies = (route: string) => emulator.log.find({ route }).map((e) => e.body);

describe("billing policies", () => {
  it("create sends the provider's body and reads the policy until it is no longer Provisioning", async () => {
    emulator = await start({ clock: () => new Date("2026-01-01T00:00:00.000Z") });
    const { client } = clientFor(emulator);
    const policy = await client.createBillingPolicy(INPUT);
    expect(bodies("billingPolicies.create")).toEqual([
      {
        location: "europe",
        name: "copilot-pilots",
        status: "Enabled",
        billingInstrument: { resourceGroup: "rg-pp-billing", subscriptionId: "0f0f0f0f-0000-4000-8000-000000000a01" },
      },
    ]);
    expect(emulator.log.find({ route: "billingPolicies.get" }).length).toBe(1);
    expect(policy).toEqual({
      id: id(1),
      name: "copilot-pilots",
      status: "Enabled",
      location: "europe",
      subscriptionId: "0f0f0f0f-0000-4000-8000-000000000a01",
      resourceGroup: "rg-pp-billing",
      billingAccountId:
        "/subscriptions/0f0f0f0f-0000-4000-8000-000000000a01/resourceGroups/rg-pp-billing/providers/Microsoft.PowerPlatform/accounts/copilot-pilots",
      createdOn: "2026-01-01T00:00:00.000Z",
      createdBy: emulator.state.billingPolicies[id(1)]?.createdBy.id,
    });
  });

  it("a policy that stays Provisioning fails after the bounded reads", async () => {
    emulator = await start();
    emulator.config.timing.billingPolicyProvisioningReads = 100;
    const { client } = clientFor(emulator, { polling: { convergeMaxReads: 3 } });
    const error = await client.createBillingPolicy(INPUT).catch((e) => e);
    expect(error).toBeInstanceOf(ConvergenceTimeoutError);
    expect(error.message).toBe(
      `createBillingPolicy: billing policy ${id(1)} still reads status "Provisioning" after 3 reads`,
    );
  });

  it("a second create adopts the policy the first left (brought to the asked status) instead of making another", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    await client.createBillingPolicy({ ...INPUT, status: "Disabled" });
    const again = await client.createBillingPolicy(INPUT);
    expect(Object.keys(emulator.state.billingPolicies)).toEqual([id(1)]);
    expect(again).toMatchObject({ id: id(1), status: "Enabled" });
    expect(bodies("billingPolicies.update")).toEqual([{ name: "copilot-pilots", status: "Enabled" }]);
  });

  it("never adopts a look-alike whose creator is not shown: a policy that names no creator is left alone", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    await client.createBillingPolicy(INPUT);
    // The same name, subscription, resource group and location, but the service names no creator.
    const stored = emulator.state.billingPolicies[id(1)] as unknown as { createdBy: Record<string, unknown> };
    stored.createdBy = {};
    const again = await client.createBillingPolicy(INPUT);
    expect(again.id).not.toBe(id(1));
    expect(Object.keys(emulator.state.billingPolicies)).toEqual([id(1), again.id]);
    expect(bodies("billingPolicies.update")).toEqual([]);
  });

  it("bad input is refused before any request", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    await expect(client.createBillingPolicy({ ...INPUT, subscriptionId: "sub" })).rejects.toThrow(
      'subscriptionId of a billing policy must be a GUID, got "sub"',
    );
    await expect(
      client.updateBillingPolicy(id(1), { location: "asia" } as unknown as { name: string }),
    ).rejects.toThrow(
      "a billing policy update takes only name and status (location cannot change: replace the policy)",
    );
    expect(emulator.log.entries).toEqual([]);
  });

  it("update sends name and status; delete; environments are added and removed with lower-cased ids", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const policy = await client.createBillingPolicy(INPUT);
    const env = (await client.createEnvironment(devInput("agents-dev"))).id;
    expect(await client.updateBillingPolicy(policy.id, { status: "Disabled" })).toMatchObject({ status: "Disabled" });
    expect(bodies("billingPolicies.update")).toEqual([{ name: "copilot-pilots", status: "Disabled" }]);
    expect(await client.addBillingPolicyEnvironments(policy.id, [env.toUpperCase()])).toEqual([env]);
    expect(bodies("billingPolicies.addEnvironments")).toEqual([{ environmentIds: [env] }]);
    expect(await client.listBillingPolicyEnvironments(policy.id)).toEqual([env]);
    expect(await client.removeBillingPolicyEnvironments(policy.id, [env])).toEqual([]);
    expect(bodies("billingPolicies.removeEnvironments")).toEqual([{ environmentIds: [env] }]);
    await client.deleteBillingPolicy(policy.id);
    await client.deleteBillingPolicy(policy.id);
    expect(await client.getBillingPolicy(policy.id)).toBeUndefined();
    expect(await client.listBillingPolicies()).toEqual([]);
  });
});
