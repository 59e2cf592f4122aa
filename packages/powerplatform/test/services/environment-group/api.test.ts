/**
 * Environment group create proves which group is its own: the create marker in the description decides, after an
 * ambiguous POST, which group was made by this request; another team's group with the same name is never returned.
 */
import { type Emulator, emulatorCredential } from "@govai/emulator";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AmbiguousRequestError, PowerPlatformError } from "../../../src/client/errors.ts";
import { ownerKey } from "../../../src/client/owner-key.ts";
import { APP, clientFor, id, start } from "../../client/support.ts";

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

  describe("with an owner key (the same on every run of the caller's resource)", () => {
    const OWNER = ownerKey("agents pilot group");
    const OWNED = /^(.*?) ?\[govai-create:([0-9a-f]{24}):([0-9a-f-]{36})\]$/;
    const routes = () => emulator.log.entries.map((e) => `${e.method} ${e.route} ${e.status}`);

    it("writes the key into the marker and lists the groups once before the POST", async () => {
      const { client } = await tenant();
      const group = await client.createEnvironmentGroup(
        { displayName: "Agents", description: "pilots" },
        { ownerKey: OWNER },
      );
      const m = OWNED.exec(createBodies()[0]?.description ?? "");
      expect([m?.[1], m?.[2]]).toEqual(["pilots", OWNER]);
      expect(group.description).toEqual("pilots");
      expect(routes()).toEqual(["GET environmentGroups.list 200", "POST environmentGroups.create 201"]);
    });

    it("a POST that landed after an earlier call gave up is adopted by the next call: one group, no second POST", async () => {
      const { client, foreign, before } = await tenant();
      // The earlier call timed out; its POST reached the service afterwards. Simulated by a held POST delivered late.
      emulator.faults.add({ method: "POST", path: GROUPS, kind: "delay", ms: 300 });
      const slow = clientFor(emulator, { attemptTimeoutMs: 100 }).client;
      const error = await slow
        .createEnvironmentGroup({ displayName: "Agents", description: "pilots" }, { ownerKey: OWNER })
        .catch((e: unknown) => e);
      const tag = `[govai-create:${OWNER}:${OWNED.exec(createBodies()[0]?.description ?? "")?.[3]}]`;
      expect((error as Error).message).toEqual(
        `createEnvironmentGroup: the outcome of creating environment group "Agents" is unknown and no group carries its marker ${tag}, so it was not sent again (that could create a second group). 1 environment group has the same display name but not this marker, so it was not adopted: ${foreign} (created by ${OTHER_TEAM_OID} at ${before.environmentGroups[foreign]?.createdTime}).\nHint: run again: if the create reaches the service later, the next run adopts the group by its owner key (${OWNER}) instead of creating a second one`,
      );
      await vi.waitFor(() => expect(Object.keys(emulator.state.environmentGroups)).toHaveLength(2));
      emulator.log.clear();
      const group = await client.createEnvironmentGroup(
        { displayName: "Agents", description: "pilots" },
        { ownerKey: OWNER },
      );
      expect(Object.keys(emulator.state.environmentGroups).sort()).toEqual([foreign, group.id].sort());
      expect(group).toMatchObject({ displayName: "Agents", description: "pilots" });
      expect(routes()).toEqual(["GET environmentGroups.list 200"]);
      expect(emulator.state.environmentGroups[foreign]).toEqual(before.environmentGroups[foreign]);
    });

    it("an adopted group gets the requested name and description, still carrying the owner key", async () => {
      const { client } = await tenant();
      const left = await client.createEnvironmentGroup(
        { displayName: "Agents v0", description: "old" },
        { ownerKey: OWNER },
      );
      emulator.log.clear();
      const group = await client.createEnvironmentGroup(
        { displayName: "Agents", description: "pilots" },
        { ownerKey: OWNER },
      );
      expect(group).toMatchObject({ id: left.id, displayName: "Agents", description: "pilots" });
      expect(routes()).toEqual(["GET environmentGroups.list 200", "PUT environmentGroups.update 200"]);
      const stored = OWNED.exec(emulator.state.environmentGroups[left.id]?.description ?? "");
      expect([stored?.[1], stored?.[2]]).toEqual(["pilots", OWNER]);
    });

    it("another key's group and another team's copy of our marker are never adopted", async () => {
      const { client, foreign } = await tenant();
      const other = await client.createEnvironmentGroup({ displayName: "Agents" }, { ownerKey: ownerKey("another") });
      // Team B's group now ends with our owner key: its creator vetoes it.
      const copied = emulator.state.environmentGroups[foreign];
      if (copied) copied.description = `Team B [govai-create:${OWNER}:0f8e2c6a-4b1d-4e3f-9a5c-7d2b1e0f3a4c]`;
      const before = structuredClone(emulator.state.environmentGroups);
      const group = await client.createEnvironmentGroup({ displayName: "Agents" }, { ownerKey: OWNER });
      expect([foreign, other.id]).not.toContain(group.id);
      expect(Object.keys(emulator.state.environmentGroups)).toHaveLength(3);
      expect(emulator.state.environmentGroups[foreign]).toEqual(before[foreign]);
      expect(emulator.state.environmentGroups[other.id]).toEqual(before[other.id]);
    });

    it("two groups carrying the key are refused, naming both, before anything is sent", async () => {
      const { client } = await tenant();
      const a = await client.createEnvironmentGroup({ displayName: "Agents" }, { ownerKey: OWNER });
      const b = await client.createEnvironmentGroup({ displayName: "Agents 2" }, { ownerKey: ownerKey("b") });
      const stored = emulator.state.environmentGroups[b.id];
      if (stored) stored.description = stored.description.replace(ownerKey("b"), OWNER);
      const at = (g: string) => emulator.state.environmentGroups[g]?.createdTime;
      emulator.log.clear();
      const error = await client
        .createEnvironmentGroup({ displayName: "Agents" }, { ownerKey: OWNER })
        .catch((e: unknown) => e);
      expect((error as Error).message).toEqual(
        `createEnvironmentGroup: 2 environment groups carry the owner key ${OWNER}, so none was adopted and nothing was created: ${a.id} (created by 66666666-7777-4888-9999-000000000000 at ${at(a.id)}); ${b.id} (created by 66666666-7777-4888-9999-000000000000 at ${at(b.id)})\nHint: earlier creates whose POSTs landed late each left one; keep one and delete the others in the admin centre`,
      );
      expect(routes()).toEqual(["GET environmentGroups.list 200"]);
    });
  });

  it("bad input is refused before any request", async () => {
    const { client } = await tenant();
    await expect(client.createEnvironmentGroup({ displayName: " " })).rejects.toThrow(
      new TypeError("displayName of an environment group must not be empty"),
    );
    expect(emulator.log.entries).toEqual([]);
  });
});
