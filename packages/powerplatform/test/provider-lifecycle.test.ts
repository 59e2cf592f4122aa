import { DEFAULT_APP_ID, DEFAULT_TENANT_ID, type Emulator, emulatorCredential, startEmulator } from "@govai/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appUserInputs,
  environmentInputs,
  managedInputs,
  policyInputs,
  settingsInputs,
  telemetryInputs,
} from "../../../test/provider/fixtures.ts";
import { PowerPlatformClient } from "../src/client/index.ts";
import { clientPort } from "../src/provider/client-port.ts";
import { makeProvider } from "../src/provider/provider.ts";

// The provider's lifecycles in-process, on the real client, against the emulator: fast feedback on what the gRPC
// tests (test/provider) then prove through the plugin executable.

let emulator: Emulator;
let provider: ReturnType<typeof makeProvider>;
let client: PowerPlatformClient;
const urn = (type: string, name = "r") => `urn:pulumi:dev::proj::govai:powerplatform:${type}::${name}`;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 7, adminApplications: [DEFAULT_APP_ID] });
  client = new PowerPlatformClient({
    credential: emulatorCredential({ tenantId: DEFAULT_TENANT_ID }),
    endpoints: emulator.endpoints,
    polling: { pollIntervalMs: 10, minPollIntervalMs: 1, convergeIntervalMs: 10, startRetryDelayMs: [10, 20] },
  });
  provider = makeProvider(() => clientPort(client));
});
afterAll(async () => {
  await emulator?.close();
});

async function checked(type: string, news: object) {
  const r = await provider.check!(urn(type), {}, news);
  expect(r.failures).toEqual([]);
  return r.inputs as Record<string, unknown>;
}

describe("lifecycles against the emulator", () => {
  it("creates, reads, updates and deletes an environment and its governance", async () => {
    const inputs = await checked("Environment", environmentInputs);
    const created = await provider.create!(urn("Environment"), inputs);
    const envId = created.id;
    expect(created.outs).toMatchObject({ ...inputs, environmentId: envId, state: "Ready" });
    const read = await provider.read!(envId, urn("Environment"), created.outs);
    expect(read.inputs).toEqual(inputs);

    const me = await checked("ManagedEnvironment", managedInputs(envId));
    const meCreated = await provider.create!(urn("ManagedEnvironment"), me);
    expect(meCreated).toEqual({ id: envId, outs: { ...me, protectionLevel: "Standard" } });
    expect((await provider.read!(envId, urn("ManagedEnvironment"), meCreated.outs)).inputs).toEqual(me);

    const pol = await checked("DataPolicy", policyInputs(envId));
    const polCreated = await provider.create!(urn("DataPolicy"), pol);
    expect((await provider.read!(polCreated.id, urn("DataPolicy"), polCreated.outs)).inputs).toEqual(pol);

    const set = await checked("EnvironmentSettings", settingsInputs(envId));
    const setCreated = await provider.create!(urn("EnvironmentSettings"), set);
    expect((await provider.read!(envId, urn("EnvironmentSettings"), setCreated.outs)).inputs).toEqual(set);

    const au = await checked("ApplicationUser", appUserInputs(envId));
    const auCreated = await provider.create!(urn("ApplicationUser"), au);
    expect((await provider.read!(auCreated.id, urn("ApplicationUser"), auCreated.outs)).inputs).toEqual(au);

    const renamed = { ...inputs, displayName: "Claims (dev, renamed)", environmentType: "Production" };
    const updated = await provider.update!(envId, urn("Environment"), created.outs, renamed);
    expect(updated.outs).toMatchObject(renamed);

    await provider.delete!(auCreated.id, urn("ApplicationUser"), auCreated.outs);
    await provider.delete!(envId, urn("EnvironmentSettings"), setCreated.outs);
    await provider.delete!(polCreated.id, urn("DataPolicy"), polCreated.outs);
    await provider.delete!(envId, urn("ManagedEnvironment"), meCreated.outs);
    await provider.delete!(envId, urn("Environment"), updated.outs);
    expect(await provider.read!(envId, urn("Environment"), updated.outs)).toEqual({ id: "", props: {} });
    expect(emulator.log.unmatched).toEqual([]);
  });
});

describe("deadlines and identities", () => {
  it("gives up at the resource's deadline with a clear error (custom timeouts do not reach the provider)", async () => {
    const hasty = makeProvider(() => clientPort(client), { deadlines: { AdminApplication: { create: 0.002 } } });
    emulator.faults.add({
      method: "PUT",
      path: "/bap/providers/Microsoft.BusinessAppPlatform/adminApplications/*",
      kind: "delay",
      ms: 1500,
    });
    const inputs = await checked("AdminApplication", { applicationId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" });
    await expect(hasty.create!(urn("AdminApplication"), inputs)).rejects.toThrow(
      /^registerAdminApplication: the deadline passed while waiting for PUT .*\nAdminApplication create has a deadline of 0\.002 min in the govai provider; Pulumi customTimeouts do not reach Node providers/,
    );
    emulator.faults.clear();
  });

  it("CopilotTelemetry as a service principal: refused with the delegated-user explanation", async () => {
    const inputs = await checked("Environment", {
      ...environmentInputs,
      dataverse: { ...environmentInputs.dataverse, domain: "app-only" },
    });
    const env = await provider.create!(urn("Environment"), inputs);
    const tel = await checked("CopilotTelemetry", telemetryInputs(env.id));
    await expect(provider.create!(urn("CopilotTelemetry"), tel)).rejects.toThrow(
      "CopilotTelemetry needs a delegated user: the Copilot Studio management API rejects service-principal (app-only) tokens. Run this stack signed in as a user (for example `az login`, picked up by DefaultAzureCredential).",
    );
    await provider.delete!(env.id, urn("Environment"), env.outs);
  });
});
