/**
 * `listAgents`: the Copilot Studio agents of an environment, read from its Dataverse `bots` table (what
 * `govai portfolio --tenant` inventories). Columns from the table reference
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/bot; the Terraform provider reads
 * the same entity set (internal/services/copilot_studio_application_insights/
 * resource_copilot_studio_application_insights_test.go, `entity_collection = "bots"`, `botid`, `name`).
 * Proves: the exact query, every page followed, rows mapped and sorted, only GETs, and the refusals.
 */
import type { Emulator, StoredBot } from "@govai/emulator";
import { DataverseUnavailableError, UnexpectedResponseError } from "@govai/powerplatform";
import { afterEach, expect, it } from "vitest";
import { clientFor, devInput, start } from "../../client/support.ts";

const OWNER = "7a000000-0000-4000-8000-0000000000f1";
const MAKER = "7a000000-0000-4000-8000-0000000000f2";

function bot(n: number, schemaname: string, publishedon: string | null = null): StoredBot {
  return {
    botid: `b0000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    name: `Agent ${n}`,
    schemaname,
    createdon: `2026-03-0${n}T09:00:00Z`,
    modifiedon: `2026-04-0${n}T10:30:00Z`,
    publishedon,
    _ownerid_value: OWNER.toUpperCase(),
    _createdby_value: MAKER,
  };
}

const COLUMNS = "botid,name,schemaname,createdon,modifiedon,publishedon,_ownerid_value,_createdby_value";

let emulator: Emulator;
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

it("reads every page of the bots table, maps each row and sorts by schema name, with GETs only", async () => {
  emulator = await start({ behaviour: { dataverseMaxPageSize: 2 } });
  const { client } = clientFor(emulator);
  const env = await client.createEnvironment(devInput());
  const rows = [bot(1, "cr6a1_zeta", "2026-05-01T08:00:00Z"), bot(2, "cr6a1_alpha"), bot(3, "cr6a1_mid"), bot(4, "x")];
  emulator.state.environments[env.id]!.dataverse!.bots = Object.fromEntries(rows.map((r) => [r.botid, r]));
  emulator.log.clear();

  const agents = await client.listAgents(env.id);

  expect(agents).toEqual([
    {
      id: "b0000000-0000-4000-8000-000000000002",
      name: "Agent 2",
      schemaName: "cr6a1_alpha",
      createdOn: "2026-03-02T09:00:00Z",
      modifiedOn: "2026-04-02T10:30:00Z",
      publishedOn: undefined,
      ownerId: OWNER,
      createdById: MAKER,
    },
    {
      id: "b0000000-0000-4000-8000-000000000003",
      name: "Agent 3",
      schemaName: "cr6a1_mid",
      createdOn: "2026-03-03T09:00:00Z",
      modifiedOn: "2026-04-03T10:30:00Z",
      publishedOn: undefined,
      ownerId: OWNER,
      createdById: MAKER,
    },
    {
      id: "b0000000-0000-4000-8000-000000000001",
      name: "Agent 1",
      schemaName: "cr6a1_zeta",
      createdOn: "2026-03-01T09:00:00Z",
      modifiedOn: "2026-04-01T10:30:00Z",
      publishedOn: "2026-05-01T08:00:00Z",
      ownerId: OWNER,
      createdById: MAKER,
    },
    {
      id: "b0000000-0000-4000-8000-000000000004",
      name: "Agent 4",
      schemaName: "x",
      createdOn: "2026-03-04T09:00:00Z",
      modifiedOn: "2026-04-04T10:30:00Z",
      publishedOn: undefined,
      ownerId: OWNER,
      createdById: MAKER,
    },
  ]);
  // The environment GET (for the org URL), then two pages of two rows: the second asked by the first's next link.
  // The next link is the emulator's (Dataverse's form: the query repeated, with a paging cookie naming the last row of
  // the page in botid order); the client sends it back as given.
  const next = new URLSearchParams({
    $select: COLUMNS,
    $skiptoken: '<cookie pagenumber="2" pagingcookie="b0000000-0000-4000-8000-000000000002" istracking="False" />',
  });
  expect(emulator.log.entries.map((e) => [e.method, e.route, e.path.replace(/^\/dataverse\/agents-dev/, "")])).toEqual([
    ["GET", "environments.get", expect.stringContaining(`/environments/${env.id}?`)],
    ["GET", "dataverse.bots.list", `/api/data/v9.2/bots?$select=${COLUMNS}`],
    ["GET", "dataverse.bots.list", `/api/data/v9.2/bots?${next.toString()}`],
  ]);
});

it("an environment without agents gives an empty list in one Dataverse request", async () => {
  emulator = await start();
  const { client } = clientFor(emulator);
  const env = await client.createEnvironment(devInput());
  emulator.log.clear();
  expect(await client.listAgents(env.id)).toEqual([]);
  expect(emulator.log.entries.map((e) => e.route)).toEqual(["environments.get", "dataverse.bots.list"]);
});

it("an environment without Dataverse fails with DataverseUnavailableError before any Dataverse request", async () => {
  emulator = await start();
  const { client } = clientFor(emulator);
  const env = await client.createEnvironment({ ...devInput(), dataverse: undefined });
  emulator.log.clear();
  const error = await client.listAgents(env.id).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DataverseUnavailableError);
  expect((error as Error).message).toBe(
    `listAgents: environment ${env.id} has no Dataverse organisation (yet)\nHint: create the environment with Dataverse, or wait until its creation has finished`,
  );
  expect(emulator.log.entries.map((e) => e.route)).toEqual(["environments.get"]);
});

it("refuses a next link outside the organisation, without following it", async () => {
  emulator = await start();
  const { client } = clientFor(emulator);
  const env = await client.createEnvironment(devInput());
  emulator.log.clear();
  emulator.faults.add({
    kind: "status",
    status: 200,
    method: "GET",
    path: "/dataverse/*",
    times: 1,
    body: { value: [], "@odata.nextLink": "https://elsewhere.example.com/api/data/v9.2/bots?$skiptoken=x" },
  });
  const error = await client.listAgents(env.id).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnexpectedResponseError);
  expect((error as Error).message).toBe(
    `listAgents: the bots query's next link leaves the organisation ${emulator.url}/dataverse/agents-dev/: https://elsewhere.example.com/api/data/v9.2/bots?$skiptoken=x`,
  );
  expect(emulator.log.entries.map((e) => e.method)).toEqual(["GET", "GET"]);
});
