/** Environment operations against the emulator: create, get, list, update, change type, delete, validate domain. */
import { type Emulator, emulatorCredential, type FaultRule } from "@govai/emulator";
import { afterEach, describe, expect, it, vi } from "vitest";
import { virtualClock } from "../../../src/client/clock.ts";
import {
  AmbiguousRequestError,
  ForeignEnvironmentError,
  LifecycleOperationFailedError,
  OperationNotStartableError,
  PartialCreateError,
  PowerPlatformApiError,
  PowerPlatformError,
} from "../../../src/client/errors.ts";
import { ownerKey } from "../../../src/client/owner-key.ts";
import { APP, clientFor, devInput, id, start } from "../../client/support.ts";

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

const MARKER =
  /^(.*?) ?\[govai-create:(?:[0-9a-f]{24}:)?([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})\]$/;

/** The create marker (its incarnation) at the end of a create body's description (a fresh random v4 UUID per create). */
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
      "the Dataverse domain is taken, often by an environment left behind by an earlier failed run: if it is yours, import it (`pulumi import govai:powerplatform:Environment <name> <environment id>`, the id from the admin centre), otherwise choose another domain",
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
    // one wait before the second issue: the doubling backoff's first step (2 s, jittered; random is 0.5 here)
    expect(clock.sleeps.filter((ms) => ms === 1_500)).toEqual([1_500]);
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

  it("does not trust the create body with the AI switches: PATCHes them after the create and reads until they match", async () => {
    // Terraform provider fixture internal/services/environment/tests/resource/Validate_Generative_Ai_Features_Eventual_Consistency:
    // the read endpoint shows the old values for a few reads after the PATCH.
    emulator = await start({ timing: { aiFlagsStaleGets: 2 } });
    const { client, clock } = clientFor(emulator);
    const ai = { bingSearch: true, crossGeoDataMovement: true };
    const env = await client.createEnvironment({ ...devInput(), ai });
    expect(env.ai).toEqual({
      bingSearch: true,
      m365Services: false,
      crossGeoDataMovement: true,
      crossBoundaryDataMovement: false,
    });
    expect(
      createBodies().map((b) => {
        const p = (b as { properties: Record<string, unknown> }).properties;
        return [p.bingChatEnabled, p.copilotPolicies];
      }),
    ).toEqual([[true, { crossGeoCopilotDataMovementEnabled: true }]]);
    expect(emulator.log.find({ route: "environments.update" }).map((e) => e.body)).toEqual([
      { properties: { bingChatEnabled: true, copilotPolicies: { crossGeoCopilotDataMovementEnabled: true } } },
    ]);
    // after the PATCH: two stale reads, then the match, 3 s apart
    expect(clock.sleeps.slice(-2)).toEqual([3_000, 3_000]);
    expect(emulator.state.environments[env.id]?.properties.bingChatEnabled).toEqual(true);
  });

  it("AI switches that never read back: a PartialCreateError after 8 reads, carrying the id", async () => {
    // Terraform provider fixture internal/services/environment/tests/resource/Validate_Generative_Ai_Features_Never_Converge.
    emulator = await start({ timing: { aiFlagsStaleGets: 1000 } });
    const { client } = clientFor(emulator);
    const error = await client.createEnvironment({ ...devInput(), ai: { m365Services: true } }).catch((e) => e);
    expect(error).toBeInstanceOf(PartialCreateError);
    expect((error as PartialCreateError).environmentId).toEqual(id(1));
    expect(((error as PartialCreateError).cause as Error).message).toEqual(
      `createEnvironment: the generative-AI settings of environment ${id(1)} did not settle after 8 reads`,
    );
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

describe("createEnvironment never adopts an environment it cannot prove it created", () => {
  const OTHER_APP = "0a1b2c3d-0000-4000-8000-00000000c003";
  const OTHER_OID = "77777777-0000-4000-8000-00000000c003";
  const OUR_OID = "66666666-7777-4888-9999-000000000000";
  const CREATE = `${BAP}/environments`;

  /** How the first create POST ends without an answer the client can trust. */
  const AMBIGUOUS: Array<[string, FaultRule, { attemptTimeoutMs?: number }]> = [
    ["a connection reset", { method: "POST", path: CREATE, kind: "reset" }, {}],
    ["a 503", { method: "POST", path: CREATE, kind: "status", status: 503 }, {}],
    // The service serves the POST (a 409, the domain is held), but the answer is lost.
    ["a lost response", { method: "POST", path: CREATE, kind: "dropResponse" }, {}],
    // The POST outlives its attempt timeout; it reaches the service later and gets a 409.
    ["a timeout", { method: "POST", path: CREATE, kind: "delay", ms: 300 }, { attemptTimeoutMs: 100 }],
  ];

  /** A same-domain environment made before our create: another team's (no govai marker), or an earlier run of ours. */
  async function holder(whose: "another team" | "our earlier run") {
    if (whose === "another team") {
      const credential = emulatorCredential({ appId: OTHER_APP, objectId: OTHER_OID });
      const { client: theirs } = clientFor(emulator, { credential });
      const env = await theirs.createEnvironment({ ...devInput(), displayName: "Claims (team B)" });
      // Team B wrote its own description since (e.g. in the admin centre): no marker left at all.
      const stored = emulator.state.environments[env.id];
      if (stored) stored.properties.description = "Team B's claims agent";
      return env.id;
    }
    const { client: ours } = clientFor(emulator);
    return (await ours.createEnvironment({ ...devInput(), displayName: "Agents (dev, earlier run)" })).id;
  }

  describe.each(["another team", "our earlier run"] as const)("the domain is held by %s", (whose) => {
    it.each(AMBIGUOUS)(
      "after %s: ForeignEnvironmentError naming it, nothing adopted, nothing created",
      async (_, fault, options) => {
        emulator = await start({ adminApplications: [APP, OTHER_APP] });
        const held = await holder(whose);
        const before = structuredClone(emulator.state.environments[held]?.properties);
        emulator.log.clear();
        const { client } = clientFor(emulator, options);
        emulator.faults.add(fault);
        const ids: string[] = [];
        const error = await client
          .createEnvironment(devInput(), { onEnvironmentId: (i) => ids.push(i) })
          .catch((e) => e);
        if (fault.kind === "delay") {
          // Let the late POST reach the service before looking at what it did.
          await vi.waitFor(() => expect(emulator.log.find({ route: "environments.create" })[0]?.status).toEqual(409));
        }

        expect(error).toBeInstanceOf(ForeignEnvironmentError);
        const foreign = error as ForeignEnvironmentError;
        const createdTime = emulator.state.environments[held]?.properties.createdTime;
        const createdBy =
          whose === "another team"
            ? { id: OTHER_OID, type: "ServicePrincipal", displayName: OTHER_APP }
            : { id: OUR_OID, type: "ServicePrincipal", displayName: APP };
        const displayName = whose === "another team" ? "Claims (team B)" : "Agents (dev, earlier run)";
        expect(foreign.existing).toEqual({ id: held, displayName, domain: "agents-dev", createdBy, createdTime });
        const marker = markerOf(createBodies()[0]);
        const theirMarker = /\[govai-create:([0-9a-f-]{36})\]$/.exec(String(before?.description))?.[1];
        const reason =
          whose === "another team"
            ? `its description carries no govai create marker, and this request's (${marker}) is the proof required`
            : `its description carries another create's marker (${theirMarker}), not this request's (${marker})`;
        expect(foreign.reason).toEqual(reason);
        expect(foreign.message).toEqual(
          `createEnvironment: the create request's outcome was unknown, and the environment holding its Dataverse domain agents-dev is not provably the one it created, so it was not adopted: environment ${held} ${JSON.stringify(displayName)}, created ${createdTime} by ServicePrincipal ${createdBy.id} (${createdBy.displayName}); ${reason}\nHint: if that environment is yours (for example left behind by an earlier run), import it (\`pulumi import govai:powerplatform:Environment <name> ${held}\`); otherwise choose another domain`,
        );
        // Nothing a caller would record as its own: no id reported, no `environmentId` on the error.
        expect(ids).toEqual([]);
        expect("environmentId" in foreign).toEqual(false);
        // The holder is untouched and nothing else exists.
        expect(Object.keys(emulator.state.environments)).toEqual([held]);
        expect(emulator.state.environments[held]?.properties).toEqual(before);
        expect(emulator.log.count({ route: "environments.create" })).toEqual(1);
        expect(emulator.log.entries.filter((e) => e.method !== "GET").map((e) => e.route)).toEqual([
          "environments.create",
          "environments.validateDetails",
        ]);
      },
    );

    it("a 409 DomainNameAlreadyInUse that follows a lost response: ForeignEnvironmentError, nothing adopted", async () => {
      emulator = await start({ adminApplications: [APP, OTHER_APP] });
      const held = await holder(whose);
      emulator.log.clear();
      const { client } = clientFor(emulator);
      // The first POST is lost before the service acts; the domain check then says free (the holder's reservation
      // was not visible yet), so the create is sent again, and that answer is the 409.
      emulator.faults.add({ method: "POST", path: CREATE, kind: "status", status: 503 });
      emulator.faults.add({ method: "POST", path: `${BAP}/validateEnvironmentDetails`, kind: "status", status: 200 });
      const error = await client.createEnvironment(devInput()).catch((e) => e);
      expect(error).toBeInstanceOf(ForeignEnvironmentError);
      expect((error as ForeignEnvironmentError).existing.id).toEqual(held);
      expect((error as ForeignEnvironmentError).cause).toBeInstanceOf(PowerPlatformApiError);
      expect(((error as ForeignEnvironmentError).cause as PowerPlatformApiError).code).toEqual(
        "DomainNameAlreadyInUse",
      );
      expect(emulator.log.find({ route: "environments.create" }).map((e) => e.status)).toEqual([503, 409]);
      expect(Object.keys(emulator.state.environments)).toEqual([held]);
    });
  });

  it("without any ambiguity, a taken domain is the service's 409 and nothing is looked up or adopted", async () => {
    emulator = await start({ adminApplications: [APP, OTHER_APP] });
    const held = await holder("our earlier run");
    emulator.log.clear();
    const { client } = clientFor(emulator);
    const error = await client.createEnvironment(devInput()).catch((e) => e);
    expect((error as PowerPlatformApiError).code).toEqual("DomainNameAlreadyInUse");
    expect(emulator.log.entries.map((e) => e.route)).toEqual(["environments.create"]);
    expect(Object.keys(emulator.state.environments)).toEqual([held]);
  });

  it("our own create whose response was lost, followed by a 409 on the resend, is recovered: one environment, adopted", async () => {
    const clock = virtualClock();
    emulator = await start({ clock: () => new Date(clock.now()) });
    const { client } = clientFor(emulator, { clock });
    // The service makes the environment but the answer is lost; the domain check does not see the new reservation
    // yet, so the same body is sent again and answered 409 DomainNameAlreadyInUse.
    emulator.faults.add({ method: "POST", path: `${BAP}/environments`, kind: "dropResponse" });
    emulator.faults.add({ method: "POST", path: `${BAP}/validateEnvironmentDetails`, kind: "status", status: 200 });
    const ids: string[] = [];
    const env = await client.createEnvironment(devInput(), { onEnvironmentId: (i) => ids.push(i) });
    expect(Object.keys(emulator.state.environments)).toEqual([env.id]);
    expect(ids).toEqual([env.id]);
    expect(emulator.log.find({ route: "environments.create" }).map((e) => e.status)).toEqual([202, 409]);
    // Both attempts carried the same marker: the resend is the same request.
    expect(createBodies().map(markerOf)).toEqual([markerOf(createBodies()[0]), markerOf(createBodies()[0])]);
    expect(env.description).toEqual("Dev environment for the claims agent");
  });
});

describe("createEnvironment with an owner key (the provider passes one per resource, derived from its URN)", () => {
  const OTHER_APP = "0a1b2c3d-0000-4000-8000-00000000c003";
  const OTHER_OID = "77777777-0000-4000-8000-00000000c003";
  const OWNER = ownerKey("urn:pulumi:dev::agents::govai:powerplatform:Environment::agents-dev");
  const ANOTHER_RESOURCE = ownerKey("urn:pulumi:dev::agents::govai:powerplatform:Environment::agents-test");
  const CREATE = `${BAP}/environments`;
  const OWNED = /^(.*?) ?\[govai-create:([0-9a-f]{24}):([0-9a-f-]{36})\]$/;
  /** The owner key and incarnation at the end of a description. */
  const ownedMarker = (description: string | undefined) => {
    const m = OWNED.exec(description ?? "");
    return m ? { text: m[1], owner: m[2], incarnation: m[3] } : undefined;
  };
  const { dataverse: _, ...noDataverse } = devInput();
  /** The requests of the call under test (reads of the environment itself and polls are left out). */
  const calls = () =>
    emulator.log.entries
      .filter((e) => e.route !== "environments.get" && e.route !== "lifecycleOperations.get")
      .map((e) => `${e.method} ${e.route} ${e.status}`);

  it("writes the owner key into the marker, and lists the environments once before the POST", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const env = await client.createEnvironment(devInput(), { ownerKey: OWNER });
    expect(ownedMarker(emulator.state.environments[env.id]?.properties.description)).toEqual({
      text: "Dev environment for the claims agent",
      owner: OWNER,
      incarnation: markerOf(createBodies()[0]),
    });
    expect(env.description).toEqual("Dev environment for the claims agent");
    expect(calls()).toEqual(["GET environments.list 200", "POST environments.create 202"]);
  });

  it("refuses a malformed owner key before any request", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    await expect(client.createEnvironment(devInput(), { ownerKey: "urn:pulumi:dev::x" })).rejects.toThrow(
      new TypeError('ownerKey is 24 lower-case hex digits (see ownerKey); got "urn:pulumi:dev::x"'),
    );
    expect(emulator.log.entries).toEqual([]);
  });

  it("adopts the environment an earlier run of the same resource left, brings it to the input, and sends no POST", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    // An earlier run's create landed after that run gave up: the environment exists, carrying this owner key, and
    // no state records it. This run asks for a new name and description.
    const left = await client.createEnvironment(
      { ...devInput(), displayName: "Agents (dev, earlier run)", description: "first try" },
      { ownerKey: OWNER },
    );
    emulator.log.clear();
    const ids: string[] = [];
    const env = await client.createEnvironment(devInput(), { ownerKey: OWNER, onEnvironmentId: (i) => ids.push(i) });
    expect(env.id).toEqual(left.id);
    expect(ids).toEqual([left.id]);
    expect(Object.keys(emulator.state.environments)).toEqual([left.id]);
    expect([env.displayName, env.description]).toEqual(["Agents (dev)", "Dev environment for the claims agent"]);
    expect(calls()).toEqual(["GET environments.list 200", "PATCH environments.update 202"]);
    // The new description keeps a marker with the owner key (a new incarnation), so the environment stays
    // recognisable until the caller has recorded it.
    const patch = emulator.log.find({ route: "environments.update" })[0]?.body as {
      properties: { displayName: string; description: string };
    };
    expect(patch.properties.displayName).toEqual("Agents (dev)");
    expect(ownedMarker(patch.properties.description)).toMatchObject({
      text: "Dev environment for the claims agent",
      owner: OWNER,
    });
  });

  it("reads the earlier environment on its own until its Dataverse shows, then compares the domain", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const left = await client.createEnvironment(devInput(), { ownerKey: OWNER });
    // The service does not show the organisation yet (nobody has read the environment since it was provisioned).
    const stored = emulator.state.environments[left.id];
    if (stored) stored.pending.metadataHiddenGets = 3;
    emulator.log.clear();
    const env = await client.createEnvironment(devInput(), { ownerKey: OWNER });
    expect(env.id).toEqual(left.id);
    expect(env.dataverse?.domain).toEqual("agents-dev");
    expect(Object.keys(emulator.state.environments)).toEqual([left.id]);
    // One list, three GETs without the organisation and the one with it, then the create's own read.
    expect(emulator.log.entries.map((e) => `${e.method} ${e.route}`)).toEqual([
      "GET environments.list",
      "GET environments.get",
      "GET environments.get",
      "GET environments.get",
      "GET environments.get",
      "GET environments.get",
    ]);
  });

  it("another resource's environment (another owner key) is never adopted: a taken domain stays the service's 409", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const other = await client.createEnvironment(devInput(), { ownerKey: ANOTHER_RESOURCE });
    const before = structuredClone(emulator.state.environments[other.id]);
    emulator.log.clear();
    const error = await client.createEnvironment(devInput(), { ownerKey: OWNER }).catch((e: unknown) => e);
    expect((error as PowerPlatformApiError).code).toEqual("DomainNameAlreadyInUse");
    expect(calls()).toEqual(["GET environments.list 200", "POST environments.create 409"]);
    expect(emulator.state.environments[other.id]).toEqual(before);
  });

  it("without Dataverse, another resource's and another team's environments (one with a copy of our marker) are never adopted", async () => {
    emulator = await start({ adminApplications: [APP, OTHER_APP] });
    const { client } = clientFor(emulator);
    const theirs = clientFor(emulator, { credential: emulatorCredential({ appId: OTHER_APP, objectId: OTHER_OID }) });
    const other = await client.createEnvironment(noDataverse, { ownerKey: ANOTHER_RESOURCE });
    // Team B copied our marker into its description: the creator vetoes it.
    const copied = await theirs.client.createEnvironment(noDataverse, { ownerKey: OWNER });
    const before = structuredClone(emulator.state.environments);
    const env = await client.createEnvironment(noDataverse, { ownerKey: OWNER });
    expect([other.id, copied.id]).not.toContain(env.id);
    expect(Object.keys(emulator.state.environments).sort()).toEqual([other.id, copied.id, env.id].sort());
    expect(emulator.state.environments[other.id]).toEqual(before[other.id]);
    expect(emulator.state.environments[copied.id]).toEqual(before[copied.id]);
  });

  it("refuses, naming it, an earlier environment of this resource with another domain in the same place: nothing sent", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const left = await client.createEnvironment(devInput("agents-old"), { ownerKey: OWNER });
    const stored = emulator.state.environments[left.id]?.properties;
    emulator.log.clear();
    const error = await client.createEnvironment(devInput(), { ownerKey: OWNER }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PowerPlatformError);
    expect((error as Error).message).toEqual(
      `createEnvironment: environment ${left.id} "Agents (dev)" (created ${stored?.createdTime}) carries this resource's owner key ${OWNER}, so an earlier run of this resource created it, but its Dataverse domain is agents-old, not agents-dev; it was not adopted and nothing was created\nHint: if it is left over from an earlier run, delete it in the admin centre (or import it: \`pulumi import govai:powerplatform:Environment <name> ${left.id}\`, then change the program to match it); if another stack has a resource with the same URN in this tenant, rename one of the two resources`,
    );
    expect(calls()).toEqual(["GET environments.list 200"]);
  });

  it("leaves alone the environment a replacement replaces (another domain and location) and creates the new one", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const old = await client.createEnvironment(devInput("agents-old"), { ownerKey: OWNER });
    const before = structuredClone(emulator.state.environments[old.id]);
    const env = await client.createEnvironment(
      { ...devInput(), location: "unitedstates", azureRegion: "eastus" },
      { ownerKey: OWNER },
    );
    expect(env.id).not.toEqual(old.id);
    expect(emulator.state.environments[old.id]).toEqual(before);
    expect(Object.keys(emulator.state.environments)).toEqual([old.id, env.id]);
  });

  it("refuses, naming both, two environments carrying the owner key", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const a = await client.createEnvironment(noDataverse, { ownerKey: OWNER });
    const b = await client.createEnvironment({ ...noDataverse, description: "second" }, { ownerKey: ANOTHER_RESOURCE });
    // b was made by another resource; give it this resource's key, as a second late create of ours would have.
    const stored = emulator.state.environments[b.id]?.properties;
    if (stored) stored.description = stored.description?.replace(ANOTHER_RESOURCE, OWNER);
    const t = (id: string) => emulator.state.environments[id]?.properties.createdTime;
    emulator.log.clear();
    const error = await client.createEnvironment(noDataverse, { ownerKey: OWNER }).catch((e: unknown) => e);
    expect((error as Error).message).toEqual(
      `createEnvironment: 2 environments carry this resource's owner key ${OWNER}, so none was adopted and nothing was created: ${a.id} "Agents (dev)" (created ${t(a.id)}); ${b.id} "Agents (dev)" (created ${t(b.id)})\nHint: earlier runs whose creates landed late each left one; keep one (import it: \`pulumi import govai:powerplatform:Environment <name> <environment id>\`) and delete the others in the admin centre`,
    );
    expect(calls()).toEqual(["GET environments.list 200"]);
  });

  /** How the POST ends without an answer the client can trust, while an earlier run's environment holds the domain. */
  const AMBIGUOUS: Array<[string, FaultRule, { attemptTimeoutMs?: number }]> = [
    ["a connection reset", { method: "POST", path: CREATE, kind: "reset" }, {}],
    ["a 503", { method: "POST", path: CREATE, kind: "status", status: 503 }, {}],
    ["a lost response", { method: "POST", path: CREATE, kind: "dropResponse" }, {}],
    ["a timeout", { method: "POST", path: CREATE, kind: "delay", ms: 300 }, { attemptTimeoutMs: 100 }],
  ];

  it.each(AMBIGUOUS)(
    "after %s, adopts the domain holder an earlier run of this resource made (the list before the POST lagged)",
    async (_, fault, options) => {
      // The list omits a new environment once: the earlier run's environment is missing from the first list.
      emulator = await start({ timing: { listLagCalls: 1 } });
      const left = await clientFor(emulator).client.createEnvironment(
        { ...devInput(), displayName: "Agents (dev, earlier run)" },
        { ownerKey: OWNER },
      );
      emulator.log.clear();
      const { client } = clientFor(emulator, options);
      emulator.faults.add(fault);
      const env = await client.createEnvironment(devInput(), { ownerKey: OWNER });
      if (fault.kind === "delay") {
        await vi.waitFor(() => expect(emulator.log.find({ route: "environments.create" })[0]?.status).toEqual(409));
      }
      expect(env.id).toEqual(left.id);
      expect(env.displayName).toEqual("Agents (dev)");
      expect(Object.keys(emulator.state.environments)).toEqual([left.id]);
      expect(emulator.log.count({ route: "environments.create" })).toEqual(1);
      expect(emulator.log.count({ route: "environments.delete" })).toEqual(0);
    },
  );

  it("a 503 without Dataverse: the hint says the next run adopts a late create by the owner key", async () => {
    emulator = await start();
    const { client } = clientFor(emulator, { polling: { convergeMaxReads: 2 } });
    emulator.faults.add({ method: "POST", path: CREATE, kind: "status", status: 503 });
    const error = await client.createEnvironment(noDataverse, { ownerKey: OWNER }).catch((e: unknown) => e);
    const tag = `[govai-create:${OWNER}:${markerOf(createBodies()[0])}]`;
    expect((error as Error).message).toEqual(
      `createEnvironment: the create request's outcome is unknown, and no environment carrying its marker ${tag} appeared in the environment list; the request was not sent again, as that could create a second environment\nHint: run again: if the create reaches the service later, the next run adopts the environment by this resource's owner key (${OWNER}) instead of creating a second one`,
    );
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
