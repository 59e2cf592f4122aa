/**
 * Environment group create proves which group is its own: the create marker in the description decides, after an
 * ambiguous POST, which group was made by this request; another team's group with the same name is never returned.
 */
import { type Emulator, emulatorCredential } from "@govai/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { AmbiguousRequestError, PowerPlatformError } from "../../src/client/errors.ts";
import { APP, clientFor, id, start } from "./support.ts";

/** Another team's service principal, also an admin management application. */
const OTHER_TEAM = "0a1b2c3d-0000-4000-8000-00000000c003";
const OTHER_TEAM_OID = "77777777-0000-4000-8000-00000000c003";
const GROUPS = "/bap/providers/Microsoft.BusinessAppPlatform/environmentGroups";
const MARKER = /^pilots \[govai-create:([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})\]$/;

let emulator: Emulator;
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

/** A tenant where another team already has a group named "Agents"; our client and the group's id. */
async function tenant() {
  emulator = await start({ adminApplications: [APP, OTHER_TEAM] });
  const credential = emulatorCredential({ appId: OTHER_TEAM, objectId: OTHER_TEAM_OID });
  const theirs = clientFor(emulator, { credential }).client;
  const foreign = await theirs.createEnvironmentGroup({ displayName: "Agents", description: "Team B" });
  emulator.log.clear();
  return { client: clientFor(emulator).client, foreign: foreign.id, before: structuredClone(emulator.state) };
}

const createBodies = () =>
  emulator.log.find({ route: "environmentGroups.create" }).map((e) => e.body as { description: string });

describe("createEnvironmentGroup", () => {
  it("writes a create marker after the description and reads the description back without it", async () => {
    const { client } = await tenant();
    const group = await client.createEnvironmentGroup({ displayName: "Agents", description: "pilots" });
    const sent = createBodies();
    expect(sent.map((b) => MARKER.test(b.description))).toEqual([true]);
    expect(group).toEqual({
      id: id(2),
      displayName: "Agents",
      description: "pilots",
      createdTime: emulator.state.environmentGroups[id(2)]?.createdTime,
    });
    expect(emulator.state.environmentGroups[id(2)]?.description).toEqual(sent[0]?.description);
    expect(await client.getEnvironmentGroup(group.id)).toEqual(group);
    // An update writes the caller's description, which replaces the marker.
    await client.updateEnvironmentGroup(group.id, { displayName: "Agents", description: "all pilots" });
    expect(emulator.state.environmentGroups[id(2)]?.description).toEqual("all pilots");
  });

  it("a lost response: the group carrying the create's marker is returned, the other team's same-name group is untouched", async () => {
    const { client, foreign, before } = await tenant();
    emulator.faults.add({ method: "POST", path: GROUPS, kind: "dropResponse" });
    const group = await client.createEnvironmentGroup({ displayName: "Agents", description: "pilots" });
    expect(group.id).toEqual(id(2));
    expect(group.description).toEqual("pilots");
    expect(Object.keys(emulator.state.environmentGroups).sort()).toEqual([foreign, group.id].sort());
    expect(emulator.state.environmentGroups[foreign]).toEqual(before.environmentGroups[foreign]);
    // One POST, never resent; then one list to find the marker.
    expect(emulator.log.entries.map((e) => [e.route, e.status])).toEqual([
      ["environmentGroups.create", 201],
      ["environmentGroups.list", 200],
    ]);
  });

  it("a reset before the service acted: fails naming the other team's same-name group, nothing created or adopted", async () => {
    const { client, foreign, before } = await tenant();
    emulator.faults.add({ method: "POST", path: GROUPS, kind: "reset" });
    const error = await client
      .createEnvironmentGroup({ displayName: "Agents", description: "pilots" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PowerPlatformError);
    expect((error as Error).cause).toBeInstanceOf(AmbiguousRequestError);
    const marker = MARKER.exec(createBodies()[0]?.description ?? "")?.[1];
    const createdTime = before.environmentGroups[foreign]?.createdTime;
    expect((error as Error).message).toEqual(
      `createEnvironmentGroup: the outcome of creating environment group "Agents" is unknown and no group carries its marker [govai-create:${marker}], so it was not sent again (that could create a second group). 1 environment group has the same display name but not this marker, so it was not adopted: ${foreign} (created by ${OTHER_TEAM_OID} at ${createdTime}).\nHint: a create that reaches the service late shows up later: look for a group whose description ends with [govai-create:${marker}] before creating it again`,
    );
    expect(emulator.state.environmentGroups).toEqual(before.environmentGroups);
    expect(emulator.log.entries.map((e) => [e.route, e.status])).toEqual([
      ["environmentGroups.create", null],
      ["environmentGroups.list", 200],
    ]);
  });

  it("bad input is refused before any request", async () => {
    const { client } = await tenant();
    await expect(client.createEnvironmentGroup({ displayName: " " })).rejects.toThrow(
      new TypeError("displayName of an environment group must not be empty"),
    );
    expect(emulator.log.entries).toEqual([]);
  });
});
