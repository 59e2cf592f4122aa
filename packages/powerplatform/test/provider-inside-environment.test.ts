import { type Emulator, emulatorCredential, startEmulator } from "@govai/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { appUserInputs, settingsInputs, telemetryInputs } from "../../../test/provider/fixtures.ts";
import { PartialCreateError, PowerPlatformClient } from "../src/client/index.ts";
import { clientPort } from "../src/provider/client-port.ts";
import { makeProvider } from "../src/provider/provider.ts";

// Resources that live inside an environment, in-process on the real client against the emulator, when their
// environment is gone (Read: not found, Delete: done, so refresh and destroy work without `pulumi state delete`)
// and when it is an orphan of a failed create (a message that says so and how to recover, not a Dataverse 404).

const APP = "0a1b2c3d-0000-4000-8000-00000000a001";
const BAP = "/bap/providers/Microsoft.BusinessAppPlatform";
const urn = (type: string) => `urn:pulumi:dev::proj::govai:powerplatform:${type}::r`;
const NOT_FOUND = { id: "", props: {} };
const RECOVER =
  "To recover, delete the orphaned environment and create it again: `pulumi destroy --target '<URN of its Environment resource>' --target-dependents`, then `pulumi up`; " +
  "or delete it in the Power Platform admin centre, then run `pulumi refresh` and `pulumi up`.";

let emulator: Emulator;
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

async function setup() {
  emulator = await startEmulator({
    adminApplications: [APP],
    timing: { metadataHiddenGets: 0, managementRunningGets: 0 },
  });
  const client = new PowerPlatformClient({
    credential: emulatorCredential({ appId: APP }),
    endpoints: emulator.endpoints,
    polling: { pollIntervalMs: 10, minPollIntervalMs: 1, convergeIntervalMs: 10, startRetryDelayMs: [10, 20] },
  });
  const provider = makeProvider(() => clientPort(client));
  const check = async (type: string, news: object) => {
    const r = await provider.check!(urn(type), {}, news);
    expect(r.failures).toEqual([]);
    return r.inputs as Record<string, unknown>;
  };
  const devInput = (domain: string) => ({
    displayName: "Claims (dev)",
    description: "",
    type: "Sandbox" as const,
    location: "europe",
    azureRegion: "westeurope",
    dataverse: { language: 1033, currency: "EUR", domain, securityGroupId: undefined },
  });
  return { client, provider, check, devInput };
}

describe("the environment is gone", () => {
  it("EnvironmentSettings, ApplicationUser and CopilotTelemetry read as not found and delete as done", async () => {
    const { client, provider, check, devInput } = await setup();
    const env = await client.createEnvironment(devInput("claims-dev"));
    const settings = await provider.create!(
      urn("EnvironmentSettings"),
      await check("EnvironmentSettings", settingsInputs(env.id)),
    );
    const user = await provider.create!(urn("ApplicationUser"), await check("ApplicationUser", appUserInputs(env.id)));
    const telemetry = await check("CopilotTelemetry", telemetryInputs(env.id));
    const telemetryId = `${env.id}/${telemetry.botId}`;

    // Someone deleted the environment outside the stack (the admin centre, another tool).
    delete emulator.state.environments[env.id];
    emulator.log.clear();

    expect(await provider.read!(env.id, urn("EnvironmentSettings"), settings.outs)).toEqual(NOT_FOUND);
    expect(await provider.read!(user.id, urn("ApplicationUser"), user.outs)).toEqual(NOT_FOUND);
    expect(await provider.read!(telemetryId, urn("CopilotTelemetry"), telemetry)).toEqual(NOT_FOUND);
    await provider.delete!(env.id, urn("EnvironmentSettings"), settings.outs);
    await provider.delete!(user.id, urn("ApplicationUser"), user.outs);
    await provider.delete!(telemetryId, urn("CopilotTelemetry"), telemetry);
    // Only environment GETs were sent: nothing was written anywhere.
    expect(emulator.log.entries.map((e) => `${e.method} ${e.status}`)).toEqual(Array(6).fill("GET 404"));
  });
});

describe("the environment is an orphan of a failed create", () => {
  // The create's lifecycle operation ended Failed and left the environment behind (provisioningState Failed,
  // its Dataverse never provisioned): the client records it as a PartialCreateError.
  async function orphan() {
    const s = await setup();
    emulator.faults.add({ method: "POST", path: `${BAP}/environments`, kind: "failLifecycle", leaveOrphan: true });
    const error = await s.client.createEnvironment(s.devInput("claims-orphan")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartialCreateError);
    return { ...s, envId: (error as PartialCreateError).environmentId };
  }

  it("EnvironmentSettings: create, read and update say provisioning failed and how to recover; delete is done", async () => {
    const { provider, check, envId } = await orphan();
    const inputs = await check("EnvironmentSettings", settingsInputs(envId));
    const message =
      `EnvironmentSettings: environment ${envId} has no working Dataverse organisation: its provisioning failed (provisioningState Failed). ` +
      "The create of this environment failed part-way and left the environment behind without Dataverse, so this EnvironmentSettings cannot be read or changed.\n" +
      RECOVER;
    emulator.log.clear();
    await expect(provider.create!(urn("EnvironmentSettings"), inputs)).rejects.toThrow(message);
    const state = {
      ...inputs,
      organizationId: "o",
      snapshot: { auditing: inputs.auditing, firewall: inputs.firewall },
    };
    await expect(provider.read!(envId, urn("EnvironmentSettings"), state)).rejects.toThrow(message);
    await expect(provider.update!(envId, urn("EnvironmentSettings"), state, inputs)).rejects.toThrow(message);
    await provider.delete!(envId, urn("EnvironmentSettings"), state);
    // The environment GET tells the story: no Dataverse request is sent at all.
    expect(emulator.log.entries.map((e) => e.route)).toEqual(Array(4).fill("environments.get"));
  });

  it("ApplicationUser: create and read say provisioning failed and how to recover; delete is done", async () => {
    const { provider, check, envId } = await orphan();
    const inputs = await check("ApplicationUser", appUserInputs(envId));
    const message =
      `ApplicationUser: environment ${envId} has no working Dataverse organisation: its provisioning failed (provisioningState Failed). ` +
      "The create of this environment failed part-way and left the environment behind without Dataverse, so this ApplicationUser cannot be read or changed.\n" +
      RECOVER;
    await expect(provider.create!(urn("ApplicationUser"), inputs)).rejects.toThrow(message);
    const id = `${envId}/${inputs.applicationId}`;
    const state = { ...inputs, systemUserId: "00000000-0000-4000-8000-000000000099", adopted: false };
    await expect(provider.read!(id, urn("ApplicationUser"), state)).rejects.toThrow(message);
    await provider.delete!(id, urn("ApplicationUser"), state);
  });

  it("Environment: the recorded orphan's refresh and next up say provisioning failed and what to do", async () => {
    const s = await setup();
    const envUrn = "urn:pulumi:dev::proj::govai:powerplatform:Environment::r";
    const inputs = await s.check("Environment", {
      displayName: "Claims (dev)",
      description: "",
      environmentType: "Sandbox",
      location: "europe",
      azureRegion: "westeurope",
      dataverse: { language: 1033, currency: "EUR", domain: "claims-orphan" },
    });
    emulator.faults.add({ method: "POST", path: `${BAP}/environments`, kind: "failLifecycle", leaveOrphan: true });
    // The engine records the orphan from the ErrorResourceInitFailed it gets (id and partial state).
    const failed = (await s.provider.create!(envUrn, inputs).catch((e: unknown) => e)) as {
      id: string;
      properties: Record<string, unknown>;
    };
    const message =
      `Environment: environment ${failed.id} has no working Dataverse organisation: its provisioning failed (provisioningState Failed). ` +
      "The create of this environment failed part-way and left the environment behind without Dataverse, so this Environment cannot be read or changed.\n" +
      RECOVER.replace("<URN of its Environment resource>", "<URN of this Environment>");
    await expect(s.provider.read!(failed.id, envUrn, failed.properties)).rejects.toThrow(message);
    await expect(s.provider.update!(failed.id, envUrn, failed.properties, inputs)).rejects.toThrow(message);
    // Destroy works: the orphan is deleted, and its domain is free again.
    await s.provider.delete!(failed.id, envUrn, failed.properties);
    expect(emulator.state.environments[failed.id]).toBeUndefined();
  });

  it("an environment whose organisation does not answer (404) is explained the same way, not as a bare 404", async () => {
    const { client, provider, check, devInput } = await setup();
    const env = await client.createEnvironment(devInput("claims-lost"));
    const inputs = await check("EnvironmentSettings", settingsInputs(env.id));
    const created = await provider.create!(urn("EnvironmentSettings"), inputs);
    // The environment still names its Dataverse URL, but no organisation answers there any more.
    emulator.state.environments[env.id]!.dataverse = null;
    await expect(provider.read!(env.id, urn("EnvironmentSettings"), created.outs)).rejects.toThrow(
      `EnvironmentSettings: environment ${env.id} has no working Dataverse organisation: its Dataverse organisation does not answer (404; provisioningState Succeeded). ` +
        "Its Dataverse was never provisioned or has been deleted, and the environment was left behind, so this EnvironmentSettings cannot be read or changed.\n" +
        RECOVER,
    );
    const cause = await client.getOrganizationSettings(env.id).catch((e: unknown) => e);
    expect((cause as Error).message).toEqual(
      `getOrganizationSettings: the Dataverse organisation of environment ${env.id} at ${env.dataverse?.url} does not answer (404 on GET /dataverse/claims-lost/api/data/v9.0/organizations); the environment reads provisioningState Succeeded\n` +
        "Hint: the environment was left behind by a create (or Dataverse provisioning) that failed, and its Dataverse will not come; delete it (Power Platform admin centre, or deleteEnvironment) and create it again",
    );
    await provider.delete!(env.id, urn("EnvironmentSettings"), created.outs);
  });
});
