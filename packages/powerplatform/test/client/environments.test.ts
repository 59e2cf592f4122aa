/** Environment operations against the emulator: create, get, list, update, change type, delete, validate domain. */
import type { Emulator } from "@govai/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { virtualClock } from "../../src/client/clock.ts";
import {
  AmbiguousRequestError,
  LifecycleOperationFailedError,
  OperationNotStartableError,
  PartialCreateError,
  PowerPlatformApiError,
  PowerPlatformError,
} from "../../src/client/errors.ts";
import { APP, clientFor, devInput, id, start } from "./support.ts";

const BAP = "/bap/providers/Microsoft.BusinessAppPlatform";
let emulator: Emulator;
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

function expectedEnvironment(port: string, overrides: Record<string, unknown> = {}) {
  const origin = `http://127.0.0.1:${port}`;
  return {
    id: id(1),
    displayName: "Agents (dev)",
    description: "Dev environment for the claims agent",
    type: "Sandbox",
    location: "europe",
    azureRegion: "westeurope",
    tenantId: "4f6c7b1e-0d3a-4c55-9e1a-7a1c2b3d4e5f",
    provisioningState: "Succeeded",
    updateCadence: "Moderate",
    billingPolicyId: undefined,
    environmentGroupId: undefined,
    managementState: "Ready",
    runtimeState: "Enabled",
    managed: false,
    governance: undefined,
    ai: { bingSearch: false, m365Services: false, crossGeoDataMovement: false, crossBoundaryDataMovement: false },
    dataverse: {
      organizationId: id(2),
      uniqueName: "unq000000000000400080000000",
      domain: "agents-dev",
      version: "9.2.25113.00183",
      url: `${origin}/dataverse/agents-dev/`,
      apiUrl: `${origin}/dataverse/agents-dev`,
      language: 1033,
      securityGroupId: undefined,
      backgroundOperationsEnabled: true,
      instanceState: "Ready",
    },
    copilotStudioUrl: `${origin}/copilot`,
    runtimeEndpoints: {
      "microsoft.BusinessAppPlatform": `${origin}/bap-regional/europe`,
      "microsoft.CommonDataModel": `${origin}/unemulated/commondatamodel`,
      "microsoft.PowerApps": `${origin}/powerapps`,
      "microsoft.PowerAppsAdvisor": `${origin}/advisor`,
      "microsoft.PowerVirtualAgents": `${origin}/copilot`,
      "microsoft.ApiManagement": `${origin}/unemulated/apim`,
      "microsoft.Flow": `${origin}/unemulated/flow`,
    },
    ...overrides,
  };
}

const port = () => new URL(emulator.url).port;

const MARKER = /^(.*?) ?\[govai-create:([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})\]$/;

/** The create marker at the end of a create body's description (a fresh random v4 UUID per create). */
function markerOf(body: unknown): string {
  const description = (body as { properties: { description: string } }).properties.description;
  const m = MARKER.exec(description);
  if (!m?.[2]) throw new Error(`no create marker in ${JSON.stringify(description)}`);
  return m[2];
}

/** The create bodies the emulator received, in order. */
const createBodies = () => emulator.log.find({ route: "environments.create" }).map((e) => e.body);

describe("createEnvironment", () => {
  it("sends the create body without optional blocks, polls the lifecycle operation, waits for Dataverse and reports the id early", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const ids: string[] = [];
    const env = await client.createEnvironment(devInput(), { onEnvironmentId: (i) => ids.push(i) });
    expect(env).toEqual(expectedEnvironment(port()));
    expect(ids).toEqual([id(1)]);
    const marker = markerOf(createBodies()[0]);
    expect(createBodies()).toEqual([
      {
        location: "europe",
        properties: {
          displayName: "Agents (dev)",
          description: `Dev environment for the claims agent [govai-create:${marker}]`,
          environmentSku: "Sandbox",
          azureRegion: "westeurope",
          databaseType: "CommonDataService",
          linkedEnvironmentMetadata: {
            baseLanguage: 1033,
            domainName: "agents-dev",
            currency: { code: "EUR" },
            securityGroupId: "00000000-0000-0000-0000-000000000000",
          },
        },
      },
    ]);
    // start, two polls (Running, Succeeded), one GET without Dataverse metadata yet, one with it
    expect(emulator.log.entries.map((e) => `${e.method} ${e.route} ${e.status}`)).toEqual([
      "POST environments.create 202",
      "GET lifecycleOperations.get 200",
      "GET lifecycleOperations.get 200",
      "GET environments.get 200",
      "GET environments.get 200",
    ]);
  });

  it("handles a synchronous create (201) and a synchronous delete (204)", async () => {
    emulator = await start({ behaviour: { createMode: "sync", deleteMode: "sync" } });
    const { client } = clientFor(emulator);
    const ids: string[] = [];
    const env = await client.createEnvironment(devInput(), { onEnvironmentId: (i) => ids.push(i) });
    expect(ids).toEqual([env.id]);
    expect(emulator.log.find({ route: "environments.create" }).map((e) => e.status)).toEqual([201]);
    expect(emulator.log.count({ family: "bapiRegional" })).toEqual(0);
    await client.deleteEnvironment(env.id);
    // The first DELETE right after the create finds the environment busy (an empty 409) and is sent again.
    expect(emulator.log.find({ route: "environments.delete" }).map((e) => e.status)).toEqual([409, 204]);
    expect(await client.getEnvironment(env.id)).toBeUndefined();
  });

  it("sends a group only when one is set, never the zero GUID", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const group = await client.createEnvironmentGroup({ displayName: "Agents", description: "pilot agents" });
    const env = await client.createEnvironment({ ...devInput(), environmentGroupId: group.id });
    expect(env.environmentGroupId).toEqual(group.id);
    const zero = await client.createEnvironment({
      ...devInput("agents-test"),
      environmentGroupId: "00000000-0000-0000-0000-000000000000",
    });
    expect(zero.environmentGroupId).toBeUndefined();
    const bodies = emulator.log
      .find({ route: "environments.create" })
      .map((e) => (e.body as { properties: Record<string, unknown> }).properties);
    expect(bodies.map((p) => p.parentEnvironmentGroup)).toEqual([{ id: group.id }, undefined]);
  });

  it("lower-cases the domain and refuses an invalid one before sending anything", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const env = await client.createEnvironment(devInput("Agents-Dev"));
    expect(env.dataverse?.domain).toEqual("agents-dev");
    await expect(client.createEnvironment(devInput("-bad_domain"))).rejects.toThrow(
      'invalid Dataverse domain "-bad_domain": use lower-case letters, digits and hyphens, at most 63 characters, not starting or ending with a hyphen',
    );
    expect(emulator.log.count({ route: "environments.create" })).toEqual(1);
  });

  it("fails a taken domain with the service's code and a hint about orphans", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    await client.createEnvironment(devInput());
    const error = await client.createEnvironment({ ...devInput(), displayName: "Other" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PowerPlatformApiError);
    expect((error as PowerPlatformApiError).status).toEqual(409);
    expect((error as PowerPlatformApiError).code).toEqual("DomainNameAlreadyInUse");
    expect((error as PowerPlatformApiError).hint).toEqual(
      "the Dataverse domain is taken, often by an environment left behind by an earlier failed run; adopt (import) that environment or choose another domain",
    );
  });

  it("a create that ends Failed every time it is issued is a typed error carrying each attempt's operation", async () => {
    emulator = await start();
    const { client, clock } = clientFor(emulator, { polling: { failedOperationAttempts: 2 } });
    emulator.faults.add({ method: "POST", path: `${BAP}/environments`, kind: "failLifecycle", times: 2 });
    const ids: string[] = [];
    const error = await client.createEnvironment(devInput(), { onEnvironmentId: (i) => ids.push(i) }).catch((e) => e);
    expect(error).toBeInstanceOf(LifecycleOperationFailedError);
    const failed = error as LifecycleOperationFailedError;
    expect(failed.message).toEqual(
      [
        "createEnvironment: the lifecycle operation ended Failed each of the 2 times it was issued:",
        `  1. createEnvironment: lifecycle operation ${id(3)} failed: Run`,
        `  2. createEnvironment: lifecycle operation ${id(6)} failed: Run`,
      ].join("\n"),
    );
    expect(failed.attempts.map((a) => a.operationId)).toEqual([id(3), id(6)]);
    const body = failed.operationBody as {
      id: string;
      state: { id: string };
      links: { environment: { path: string } };
    };
    expect([body.id, body.state, body.links.environment.path]).toEqual([id(6), { id: "Failed" }, ""]);
    // Each failed create left nothing behind, so each was issued again as a new request with a new marker.
    expect(emulator.state.environments).toEqual({});
    expect(new Set(createBodies().map(markerOf)).size).toEqual(2);
    expect(ids).toEqual([id(1), id(4)]);
    expect(clock.sleeps.filter((ms) => ms === 15_000)).toEqual([15_000]);
  });

  it("a create that ends Failed and leaves nothing behind is issued again and converges (Failed, Failed, Succeeded)", async () => {
    // Terraform provider fixture internal/services/environment/tests/resource/Validate_Retry_LidecycleOperation
    // (get_lifecycle_delete_1..3: Failed, Failed, Succeeded).
    emulator = await start();
    const { client } = clientFor(emulator);
    emulator.faults.add({ method: "POST", path: `${BAP}/environments`, kind: "failLifecycle", times: 2 });
    const ids: string[] = [];
    const env = await client.createEnvironment(devInput(), { onEnvironmentId: (i) => ids.push(i) });
    expect(Object.keys(emulator.state.environments)).toEqual([env.id]);
    expect(ids).toEqual([id(1), id(4), env.id]);
    expect(emulator.log.find({ route: "environments.create" }).map((e) => e.status)).toEqual([202, 202, 202]);
    expect(Object.values(emulator.state.lifecycleOperations).map((o) => o.state)).toEqual([
      "Failed",
      "Failed",
      "Succeeded",
    ]);
  });

  it("a failed create that leaves an orphan behind is a PartialCreateError, so the orphan gets recorded", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    emulator.faults.add({ method: "POST", path: `${BAP}/environments`, kind: "failLifecycle", leaveOrphan: true });
    const error = await client.createEnvironment(devInput()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartialCreateError);
    expect((error as PartialCreateError).environmentId).toEqual(id(1));
    expect((error as PartialCreateError).cause).toBeInstanceOf(LifecycleOperationFailedError);
    // A partial create is reported, never issued again: that would leave the orphan and make a second environment.
    expect(emulator.log.count({ route: "environments.create" })).toEqual(1);
  });

  it("a dropped response after the create succeeded does not create a second environment", async () => {
    // Nobody polls the lost operation: the emulator finishes it on its own once its time is up, on the client's
    // virtual clock (the client's waits move the emulator's time).
    const clock = virtualClock();
    emulator = await start({ clock: () => new Date(clock.now()) });
    const { client } = clientFor(emulator, { clock });
    emulator.faults.add({ method: "POST", path: `${BAP}/environments`, kind: "dropResponse" });
    const ids: string[] = [];
    const env = await client.createEnvironment(devInput(), { onEnvironmentId: (i) => ids.push(i) });
    expect(emulator.state.lifecycleOperations[id(3)]?.state).toEqual("Succeeded");
    expect(env.dataverse?.domain).toEqual("agents-dev");
    expect(Object.keys(emulator.state.environments)).toEqual([env.id]);
    expect(ids).toEqual([env.id]);
    expect(emulator.log.count({ route: "environments.create" })).toEqual(1);
    expect(emulator.log.count({ route: "environments.validateDetails" })).toEqual(1);
  });

  it("a connection reset before the service acted is resent once the domain proves free", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    emulator.faults.add({ method: "POST", path: `${BAP}/environments`, kind: "reset" });
    const env = await client.createEnvironment(devInput());
    expect(Object.keys(emulator.state.environments)).toEqual([env.id]);
    expect(emulator.log.find({ route: "environments.create" }).map((e) => e.status)).toEqual([null, 202]);
  });

  it("a 5xx after a create without Dataverse: the list is searched for the create's marker, and when it never shows the ambiguity is reported, never resent", async () => {
    emulator = await start();
    const { client } = clientFor(emulator, { polling: { convergeMaxReads: 4 } });
    emulator.faults.add({ method: "POST", path: `${BAP}/environments`, kind: "status", status: 503 });
    const { dataverse: _, ...noDataverse } = devInput();
    const error = await client.createEnvironment(noDataverse).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PowerPlatformError);
    const tag = `[govai-create:${markerOf(createBodies()[0])}]`;
    expect((error as Error).message).toEqual(
      `createEnvironment: the create request's outcome is unknown, and no environment carrying its marker ${tag} appeared in the environment list; the request was not sent again, as that could create a second environment\nHint: check the admin centre for an environment named "Agents (dev)" whose description ends with ${tag}: import it if it exists, otherwise run again`,
    );
    expect((error as Error).cause).toBeInstanceOf(AmbiguousRequestError);
    expect(emulator.log.count({ route: "environments.create" })).toEqual(1);
    expect(emulator.log.count({ route: "environments.list" })).toEqual(4);
  });

  it("a lost response of a create without Dataverse is recovered by its marker: one environment, adopted", async () => {
    const clock = virtualClock();
    emulator = await start({ clock: () => new Date(clock.now()) });
    const { client } = clientFor(emulator, { clock });
    emulator.faults.add({ method: "POST", path: `${BAP}/environments`, kind: "dropResponse" });
    const { dataverse: _, ...noDataverse } = devInput();
    const ids: string[] = [];
    const env = await client.createEnvironment(noDataverse, { onEnvironmentId: (i) => ids.push(i) });
    expect(Object.keys(emulator.state.environments)).toEqual([env.id]);
    expect(ids).toEqual([env.id]);
    expect(env.description).toEqual("Dev environment for the claims agent");
    expect(emulator.state.environments[env.id]?.properties.description).toEqual(
      `Dev environment for the claims agent [govai-create:${markerOf(createBodies()[0])}]`,
    );
    expect(emulator.log.count({ route: "environments.create" })).toEqual(1);
  });

  it("waits and re-sends the start while another lifecycle operation holds the environment (409 OperationNotStartable), bounded", async () => {
    emulator = await start();
    const { client, clock } = clientFor(emulator, { polling: { startAttempts: 3 } });
    const notStartable = {
      kind: "status" as const,
      status: 409,
      body: {
        error: { code: "OperationNotStartable", message: "There is an active lifecycle operation on the environment." },
      },
    };
    emulator.faults.add({ method: "POST", path: `${BAP}/environments`, times: 2, ...notStartable });
    await client.createEnvironment(devInput());
    expect(emulator.log.find({ route: "environments.create" }).map((e) => e.status)).toEqual([409, 409, 202]);
    expect(clock.sleeps.slice(0, 2)).toEqual([15_000, 15_000]);

    emulator.faults.add({ method: "POST", path: `${BAP}/environments`, times: 3, ...notStartable });
    const error = await client.createEnvironment(devInput("agents-test")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OperationNotStartableError);
    expect((error as OperationNotStartableError).code).toEqual("OperationNotStartable");
  });

  it("any failure after the id is known is a PartialCreateError carrying the id", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    emulator.faults.add({
      method: "GET",
      path: `${BAP}/scopes/admin/environments/*`,
      kind: "status",
      status: 400,
      times: "always",
      body: { error: { code: "Boom", message: "nope" } },
    });
    const error = await client.createEnvironment(devInput()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartialCreateError);
    expect((error as PartialCreateError).environmentId).toEqual(id(1));
    expect((error as PartialCreateError).cause).toBeInstanceOf(PowerPlatformApiError);
  });
});

describe("get, list, validate", () => {
  it("get returns undefined for a missing environment and list follows nextLink", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    expect(await client.getEnvironment("8d4c6e0a-0000-4000-8000-000000000099")).toBeUndefined();
    const env = await client.createEnvironment(devInput());
    expect(await client.getEnvironment(env.id)).toEqual(env);
    const next = `${emulator.endpoints.bapi}/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments?api-version=2023-06-01&page=2`;
    emulator.faults.add({
      method: "GET",
      path: `${BAP}/scopes/admin/environments`,
      kind: "status",
      status: 200,
      body: { value: [], nextLink: next },
    });
    const all = await client.listEnvironments();
    expect(all.map((e) => e.id)).toEqual([env.id]);
    expect(emulator.log.find({ route: "environments.list" }).map((e) => e.path.replace(/^.*\?/, ""))).toEqual([
      "api-version=2023-06-01&%24expand=properties%2FbillingPolicy%2Cproperties%2FcopilotPolicies",
      "api-version=2023-06-01&page=2",
    ]);
  });

  it("lists the members of an environment group with an OData filter", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const group = await client.createEnvironmentGroup({ displayName: "Agents" });
    const member = await client.createEnvironment({ ...devInput(), environmentGroupId: group.id });
    await client.createEnvironment(devInput("agents-test"));
    expect((await client.listEnvironments({ environmentGroupId: group.id })).map((e) => e.id)).toEqual([member.id]);
  });

  it("validateDomain says whether a domain is free", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    expect(await client.validateDomain("agents-dev", { location: "europe" })).toEqual({ available: true });
    await client.createEnvironment(devInput());
    // The service answers a taken domain with 400 InvalidDomainName (Terraform provider test
    // TestUnitEnvironmentsResource_Validate_Taken_Domain_Name); the client reads it as taken.
    expect(await client.validateDomain("Agents-Dev", { location: "europe" })).toEqual({
      available: false,
      taken: true,
      code: "InvalidDomainName",
      message: "The specified domain name with a value of 'agents-dev' is invalid.",
    });
    // Any other refusal is not "taken".
    expect(await client.validateDomain("agents-dev", { location: "mars" })).toEqual({
      available: false,
      taken: false,
      code: "InvalidLocation",
      message: "The location 'mars' is not valid.",
    });
  });
});

describe("update, change type, delete", () => {
  it("updates through a lifecycle operation and waits until the management state is Ready", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    emulator.log.clear();
    const updated = await client.updateEnvironment(env.id, {
      displayName: "Agents (development)",
      description: "renamed",
      adminMode: true,
    });
    expect(updated).toEqual({
      ...env,
      displayName: "Agents (development)",
      description: "renamed",
      runtimeState: "AdminMode",
    });
    expect(emulator.log.find({ route: "environments.update" }).map((e) => e.body)).toEqual([
      {
        properties: {
          displayName: "Agents (development)",
          description: "renamed",
          states: { runtime: { id: "AdminMode" } },
        },
      },
    ]);
  });

  it("renames the Dataverse domain after validating it for this environment, and refuses a taken one", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    await client.createEnvironment(devInput("agents-test"));
    const sg = "9c8b7a6d-0000-4000-8000-0000000000f1";
    const renamed = await client.updateEnvironment(env.id, { domain: "Agents-Dev2", securityGroupId: sg });
    expect(renamed.dataverse?.domain).toEqual("agents-dev2");
    expect(renamed.dataverse?.securityGroupId).toEqual(sg);
    expect(emulator.log.find({ route: "environments.validateDetails" }).map((e) => e.body)).toEqual([
      { domainName: "agents-dev2", environmentName: env.id },
    ]);
    expect(emulator.log.find({ route: "environments.update" }).map((e) => e.body)).toEqual([
      { properties: { linkedEnvironmentMetadata: { domainName: "agents-dev2", securityGroupId: sg } } },
    ]);
    await expect(client.updateEnvironment(env.id, { domain: "agents-test" })).rejects.toThrow(
      "updateEnvironment: the Dataverse domain agents-test cannot be used (another environment holds it): InvalidDomainName The specified domain name with a value of 'agents-test' is invalid.\nHint: choose another domain",
    );
    expect(emulator.log.count({ route: "environments.update" })).toEqual(1);
  });

  it("sends AI switches in their own PATCH and reads back until they match", async () => {
    emulator = await start({ timing: { aiFlagsStaleGets: 2 } });
    const { client } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    emulator.log.clear();
    const updated = await client.updateEnvironment(env.id, { ai: { bingSearch: true, crossGeoDataMovement: true } });
    expect(updated.ai).toEqual({
      bingSearch: true,
      m365Services: false,
      crossGeoDataMovement: true,
      crossBoundaryDataMovement: false,
    });
    expect(emulator.log.find({ route: "environments.update" }).map((e) => e.body)).toEqual([
      { properties: { bingChatEnabled: true, copilotPolicies: { crossGeoCopilotDataMovementEnabled: true } } },
    ]);
  });

  it("moves an environment out of its group with the zero GUID on PATCH", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const group = await client.createEnvironmentGroup({ displayName: "Agents" });
    const env = await client.createEnvironment({ ...devInput(), environmentGroupId: group.id });
    const moved = await client.updateEnvironment(env.id, { environmentGroupId: null });
    expect(moved.environmentGroupId).toBeUndefined();
    expect(emulator.log.find({ route: "environments.update" }).map((e) => e.body)).toEqual([
      { properties: { parentEnvironmentGroup: { id: "00000000-0000-0000-0000-000000000000" } } },
    ]);
  });

  it("changes the environment type with modifySku", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    const prod = await client.changeEnvironmentType(env.id, "Production");
    expect(prod.type).toEqual("Production");
    expect(emulator.log.find({ method: "POST", apiPath: /modifySku$/ }).map((e) => e.body)).toEqual([
      { environmentSku: "Production" },
    ]);
  });

  it("deletes and polls until the operation answers 404; deleting again succeeds", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    await client.deleteEnvironment(env.id);
    expect(await client.getEnvironment(env.id)).toBeUndefined();
    await client.deleteEnvironment(env.id);
    // busy right after the create (empty 409, sent again), accepted, then 404 for the second delete
    expect(emulator.log.find({ route: "environments.delete" }).map((e) => e.status)).toEqual([409, 202, 404]);
    expect(emulator.log.find({ route: "environments.delete" })[0]?.body).toEqual({
      code: "7",
      message: "Deleted by govai",
    });
  });

  it("admin-scope calls by an unregistered service principal fail with the bootstrap hint", async () => {
    emulator = await start();
    const { client } = clientFor(emulator, { appId: "0a1b2c3d-0000-4000-8000-00000000b002" });
    const error = await client.listEnvironments().catch((e: unknown) => e);
    expect((error as Error).name).toEqual("NotAdminApplicationError");
    expect((error as PowerPlatformApiError).status).toEqual(403);
    expect((error as PowerPlatformApiError).hint).toContain(
      "not registered as a Power Platform admin management application",
    );
    expect((error as PowerPlatformApiError).hint).toContain("registerAdminApplication(<clientId>)");
    expect(APP).not.toEqual("0a1b2c3d-0000-4000-8000-00000000b002");
  });
});
