import { DEFAULT_APP_ID, type Emulator, emulatorCredential, startEmulator } from "@govai/emulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PowerPlatformClient } from "../../../src/client/index.ts";
import { clientPort } from "../../../src/provider/client-port.ts";
import { makeProvider } from "../../../src/provider/provider.ts";

// The AdminApplication resource, in-process on the real client against the emulator. The registration is
// tenant-wide: destroying one stack must not unregister a service principal another stack or team registered and
// relies on (review finding G3). Only a registration this resource made is unregistered on delete.

const TEAM_B_APP = "0a1b2c3d-0000-4000-8000-00000000c003";
const URN = "urn:pulumi:dev::proj::govai:powerplatform:AdminApplication::bootstrap";

let emulator: Emulator;
let provider: ReturnType<typeof makeProvider>;

async function start(registered: string[]) {
  emulator = await startEmulator({ adminApplications: registered });
  const client = new PowerPlatformClient({
    credential: emulatorCredential({ appId: DEFAULT_APP_ID }),
    endpoints: emulator.endpoints,
  });
  provider = makeProvider(() => clientPort(client));
}
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

async function checked(applicationId: string) {
  const r = await provider.check!(URN, {}, { applicationId });
  expect(r.failures).toEqual([]);
  return r.inputs as Record<string, unknown>;
}

const registered = () => Object.keys(emulator.state.adminApplications).sort();

describe("AdminApplication adopts a registration already in place and leaves it on delete", () => {
  beforeEach(() => start([DEFAULT_APP_ID, TEAM_B_APP]));

  it("pre-registered → create (adopted, no PUT) → delete → still registered", async () => {
    const created = await provider.create!(URN, await checked(TEAM_B_APP));
    expect(created).toEqual({ id: TEAM_B_APP, outs: { applicationId: TEAM_B_APP, adopted: true } });
    expect(emulator.log.entries.map((e) => `${e.method} ${e.route}`)).toEqual(["GET adminApplications.get"]);
    // Refresh keeps what create recorded.
    expect(await provider.read!(created.id, URN, created.outs)).toEqual({
      id: TEAM_B_APP,
      props: { applicationId: TEAM_B_APP, adopted: true },
      inputs: { applicationId: TEAM_B_APP },
    });
    await provider.delete!(created.id, URN, created.outs);
    expect(registered()).toEqual([DEFAULT_APP_ID, TEAM_B_APP].sort());
  });

  it("an imported registration counts as adopted: delete leaves it", async () => {
    const imported = await provider.read!(TEAM_B_APP, URN, {});
    expect(imported).toEqual({
      id: TEAM_B_APP,
      props: { applicationId: TEAM_B_APP, adopted: true },
      inputs: { applicationId: TEAM_B_APP },
    });
    await provider.delete!(TEAM_B_APP, URN, imported?.props ?? {});
    expect(registered()).toEqual([DEFAULT_APP_ID, TEAM_B_APP].sort());
  });
});

describe("AdminApplication registers a fresh application and unregisters it on delete", () => {
  beforeEach(() => start([DEFAULT_APP_ID]));

  it("fresh → create (registered, adopted: false) → delete → unregistered", async () => {
    const created = await provider.create!(URN, await checked(TEAM_B_APP));
    expect(created).toEqual({ id: TEAM_B_APP, outs: { applicationId: TEAM_B_APP, adopted: false } });
    expect(emulator.log.entries.map((e) => `${e.method} ${e.route}`)).toEqual([
      "GET adminApplications.get",
      "PUT adminApplications.register",
    ]);
    expect(registered()).toEqual([DEFAULT_APP_ID, TEAM_B_APP].sort());
    expect(await provider.read!(created.id, URN, created.outs)).toEqual({
      id: TEAM_B_APP,
      props: { applicationId: TEAM_B_APP, adopted: false },
      inputs: { applicationId: TEAM_B_APP },
    });
    await provider.delete!(created.id, URN, created.outs);
    expect(registered()).toEqual([DEFAULT_APP_ID]);
  });

  it("a state recorded before `adopted` existed is unregistered, as it was then", async () => {
    await provider.create!(URN, await checked(TEAM_B_APP));
    await provider.delete!(TEAM_B_APP, URN, { applicationId: TEAM_B_APP });
    expect(registered()).toEqual([DEFAULT_APP_ID]);
  });
});
