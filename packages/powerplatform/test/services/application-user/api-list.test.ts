/**
 * `listApplicationUsers`: what `govai adopt` reads to find an environment's application users. It asks Dataverse for
 * the non-interactive users (`accessmode eq 4`, the mode every application user is created with, reference §8.3) in
 * one request, and leaves out soft-deleted rows and rows without an application id.
 */
import type { Emulator } from "@govai/emulator";
import { afterEach, expect, it } from "vitest";
import { APP, clientFor, devInput, start } from "../../client/support.ts";

const RUNTIME = "5e7f8a9b-0000-4000-8000-0000000000c1";
const GONE = "5e7f8a9b-0000-4000-8000-0000000000c2";

let emulator: Emulator;
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

it("lists the active application users with their roles, sorted by application id, in one request", async () => {
  emulator = await start();
  const { client } = clientFor(emulator);
  const env = await client.createEnvironment(devInput());
  const runtime = await client.ensureApplicationUser(env.id, RUNTIME);
  await client.setApplicationUserRoles(env.id, runtime.id, ["Environment Maker", "Basic User"]);
  const gone = await client.ensureApplicationUser(env.id, GONE);
  const org = emulator.state.environments[env.id]!.dataverse!;
  // One soft delete (the first of the two DELETEs), and an interactive user: neither is an active application user.
  org.systemUsers[gone.id]!.deletedstate = 1;
  org.systemUsers["00000000-0000-4000-8000-0000000000f1"] = {
    systemuserid: "00000000-0000-4000-8000-0000000000f1",
    applicationid: null,
    azureactivedirectoryobjectid: "00000000-0000-4000-8000-0000000000f2",
    fullname: "Dana Smith",
    accessmode: 0,
    isdisabled: false,
    deletedstate: 0,
    _businessunitid_value: org.businessUnits[0]!.businessunitid,
    roleIds: [],
  };
  const creator = Object.values(org.systemUsers).find((u) => u.applicationid === APP)!;
  emulator.log.clear();

  const users = await client.listApplicationUsers(env.id);

  expect(users.map((u) => ({ ...u, roles: u.roles.map((r) => r.name) }))).toEqual([
    {
      id: creator.systemuserid,
      applicationId: APP,
      fullName: `# ${APP}`,
      disabled: false,
      deleted: false,
      businessUnitId: org.businessUnits[0]!.businessunitid,
      roles: ["System Administrator"],
    },
    {
      id: runtime.id,
      applicationId: RUNTIME,
      fullName: `# ${RUNTIME}`,
      disabled: false,
      deleted: false,
      businessUnitId: org.businessUnits[0]!.businessunitid,
      roles: ["Basic User", "Environment Maker"],
    },
  ]);
  const calls = emulator.log.find({ route: "dataverse.systemusers.list" });
  expect(calls).toHaveLength(1);
  expect(decodeURIComponent(new URL(calls[0]!.path, "http://x").search)).toEqual(
    "?$select=applicationid,systemuserid,fullname,isdisabled,deletedstate,_businessunitid_value&$expand=systemuserroles_association($select=roleid,name,_businessunitid_value)&$filter=accessmode eq 4",
  );
});
