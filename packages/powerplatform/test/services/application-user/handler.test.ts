import { type Emulator, emulatorCredential, startEmulator } from "@govai/emulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appUserInputs } from "../../../../../test/provider/fixtures.ts";
import { PowerPlatformClient } from "../../../src/client/index.ts";
import { clientPort } from "../../../src/provider/client-port.ts";
import { makeProvider } from "../../../src/provider/provider.ts";

// The ApplicationUser resource, in-process on the real client against the emulator: a user that existed before the
// stack is adopted, its roles at that moment are recorded (`foundRoles`), and delete leaves the user with exactly
// those roles — a platform engineer who destroys the stack gets the tenant back as it was, not a user stripped of
// the roles someone else gave it, nor one left with the roles this stack added.

const APP = "0a1b2c3d-0000-4000-8000-00000000a001";
const RUNTIME_APP = appUserInputs("x").applicationId;
const urn = (name: string) => `urn:pulumi:dev::proj::govai:powerplatform:ApplicationUser::${name}`;

let emulator: Emulator;
let client: PowerPlatformClient;
let provider: ReturnType<typeof makeProvider>;
let envId: string;

beforeEach(async () => {
  emulator = await startEmulator({
    adminApplications: [APP],
    timing: { metadataHiddenGets: 0, managementRunningGets: 0 },
  });
  client = new PowerPlatformClient({
    credential: emulatorCredential({ appId: APP }),
    endpoints: emulator.endpoints,
    polling: { pollIntervalMs: 10, minPollIntervalMs: 1, convergeIntervalMs: 10, startRetryDelayMs: [10, 20] },
  });
  provider = makeProvider(() => clientPort(client));
  envId = (
    await client.createEnvironment({
      displayName: "Claims (dev)",
      type: "Sandbox",
      location: "europe",
      dataverse: { language: 1033, currency: "EUR", domain: "claims-dev" },
    })
  ).id;
});
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

async function inputs(roles: string[]) {
  const r = await provider.check!(urn("runtime"), {}, { ...appUserInputs(envId), roles });
  expect(r.failures).toEqual([]);
  return r.inputs as Record<string, unknown>;
}

/** The role names the user of RUNTIME_APP has now, sorted; undefined when there is no active user. */
async function liveRoles(): Promise<string[] | undefined> {
  const user = await client.findApplicationUser(envId, RUNTIME_APP);
  return user && !user.deleted ? user.roles.map((r) => r.name).sort() : undefined;
}

/** A user of RUNTIME_APP made outside the stack (by hand, or by another tool) with `roles`. */
async function existingUser(roles: string[]): Promise<string> {
  const user = await client.ensureApplicationUser(envId, RUNTIME_APP);
  await client.setApplicationUserRoles(envId, user.id, roles);
  return user.id;
}

describe("ApplicationUser adopting a user that already exists", () => {
  it("records the roles it found, sets the program's, and gives the found ones back on delete", async () => {
    const userId = await existingUser(["Environment Maker", "System Administrator"]);
    const created = await provider.create!(urn("runtime"), await inputs(["Basic User"]));
    expect(created).toEqual({
      id: `${envId}/${RUNTIME_APP}`,
      outs: {
        environmentId: envId,
        applicationId: RUNTIME_APP,
        roles: ["Basic User"],
        systemUserId: userId,
        adopted: true,
        foundRoles: ["Environment Maker", "System Administrator"],
      },
    });
    expect(await liveRoles()).toEqual(["Basic User"]);

    // An update changes the roles; the found ones stay recorded.
    const updated = await provider.update!(created.id, urn("runtime"), created.outs, await inputs(["Service Reader"]));
    expect(updated.outs).toEqual({ ...created.outs, roles: ["Service Reader"] });
    expect((await provider.read!(created.id, urn("runtime"), updated.outs)).props).toEqual(updated.outs);

    await provider.delete!(created.id, urn("runtime"), updated.outs);
    // The user stays, with exactly the roles it had: Service Reader removed, the two found ones associated again.
    expect(await liveRoles()).toEqual(["Environment Maker", "System Administrator"]);
    expect((await client.findApplicationUser(envId, RUNTIME_APP))?.id).toEqual(userId);
    expect(emulator.log.count({ method: "DELETE", apiPath: /systemusers\([^)]*\)$/ })).toEqual(0);
  });

  it("a user found without roles is given none back", async () => {
    await existingUser([]);
    const created = await provider.create!(urn("runtime"), await inputs(["Basic User"]));
    expect(created.outs.foundRoles).toEqual([]);
    await provider.delete!(created.id, urn("runtime"), created.outs);
    expect(await liveRoles()).toEqual([]);
  });

  it("roles already as found: delete sends nothing", async () => {
    await existingUser(["Basic User"]);
    const created = await provider.create!(urn("runtime"), await inputs(["Basic User"]));
    emulator.log.clear();
    await provider.delete!(created.id, urn("runtime"), created.outs);
    expect(emulator.log.entries.filter((e) => e.method !== "GET").map((e) => e.route)).toEqual([]);
    expect(await liveRoles()).toEqual(["Basic User"]);
  });

  it("an import records the roles at import, and delete gives those back", async () => {
    await existingUser(["Environment Maker"]);
    const imported = await provider.read!(`${envId}/${RUNTIME_APP}`, urn("runtime"), {});
    expect(imported.props).toMatchObject({ adopted: true, foundRoles: ["Environment Maker"] });
    const id = `${envId}/${RUNTIME_APP}`;
    expect(imported.id).toEqual(id);
    const updated = await provider.update!(id, urn("runtime"), imported.props ?? {}, await inputs(["Basic User"]));
    await provider.delete!(id, urn("runtime"), updated.outs);
    expect(await liveRoles()).toEqual(["Environment Maker"]);
  });

  it("a state recorded before found roles were kept leaves the roles as they are", async () => {
    await existingUser(["Environment Maker"]);
    const created = await provider.create!(urn("runtime"), await inputs(["Basic User"]));
    const { foundRoles: _, ...older } = created.outs;
    await provider.delete!(created.id, urn("runtime"), older);
    expect(await liveRoles()).toEqual(["Basic User"]);
  });

  it("a user deleted and made again outside the stack since is not touched by delete", async () => {
    const first = await existingUser(["Environment Maker"]);
    const created = await provider.create!(urn("runtime"), await inputs(["Basic User"]));
    await client.deleteApplicationUser(envId, first);
    const second = await existingUser(["Service Reader"]);
    await provider.delete!(created.id, urn("runtime"), created.outs);
    expect((await client.findApplicationUser(envId, RUNTIME_APP))?.id).toEqual(second);
    expect(await liveRoles()).toEqual(["Service Reader"]);
  });
});

describe("ApplicationUser creating the user", () => {
  it("records no found roles and deletes the user it made", async () => {
    const created = await provider.create!(urn("runtime"), await inputs(["Basic User"]));
    expect(created.outs).toMatchObject({ adopted: false });
    expect("foundRoles" in created.outs).toBe(false);
    await provider.delete!(created.id, urn("runtime"), created.outs);
    expect(await liveRoles()).toBeUndefined();
  });
});
