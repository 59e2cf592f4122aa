/** Environments: create with Dataverse through a lifecycle operation, reads with lag and normalisation, conflicts. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.ts";
import { APP, BAP, client, createBody, createEnvironment, id, NOW, start, ZERO } from "./support.ts";

let emulator: Emulator;
beforeEach(async () => {
  emulator = await start();
});
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

const get = (envId: string) => `${BAP}/scopes/admin/environments/${envId}?api-version=2023-06-01`;

describe("environment create", () => {
  it("answers 202 with a regional Location and Retry-After, polls Running once, then Succeeded with the environment path", async () => {
    const c = await client(emulator);
    const started = await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, createBody("Agents-Dev"));
    expect(started.status).toBe(202);
    expect(started.body).toBeUndefined();
    const location = `${emulator.url}/bap-regional/europe${BAP}/lifecycleOperations/${id(3)}?api-version=2023-06-01`;
    expect(started.headers.get("location")).toBe(location);
    expect(started.headers.get("retry-after")).toBe("0");

    const first = await c.url("GET", location);
    expect(first.status).toBe(200);
    expect((first.body as { state: unknown }).state).toEqual({ id: "Running" });
    const second = await c.url("GET", location);
    expect(second.body).toEqual({
      id: id(3),
      links: {
        self: { path: `${BAP}/lifecycleOperations/${id(3)}` },
        environment: { path: `${BAP}/environments/${id(1)}` },
      },
      type: { id: "Create" },
      typeDisplayName: "Create",
      state: { id: "Succeeded" },
      createdDateTime: NOW,
      lastActionDateTime: NOW,
      requestedBy: {
        id: "66666666-7777-4888-9999-000000000000",
        displayName: APP,
        type: "ServicePrincipal",
        tenantId: emulator.state.tenantId,
      },
      stages: [
        {
          id: "Validate",
          name: "Validate",
          state: { id: "Succeeded" },
          firstActionDateTime: NOW,
          lastActionDateTime: NOW,
        },
        {
          id: "Prepare",
          name: "Prepare",
          state: { id: "Succeeded" },
          firstActionDateTime: NOW,
          lastActionDateTime: NOW,
        },
        { id: "Run", name: "Run", state: { id: "Succeeded" }, firstActionDateTime: NOW, lastActionDateTime: NOW },
        {
          id: "Finalize",
          name: "Finalize",
          state: { id: "Succeeded" },
          firstActionDateTime: NOW,
          lastActionDateTime: NOW,
        },
      ],
    });
  });

  it("hides linkedEnvironmentMetadata for the first GET after success, then returns the whole normalised environment", async () => {
    const envId = await createEnvironment(emulator, "Agents-Dev");
    const c = await client(emulator);
    const first = await c.bap("GET", get(envId));
    expect(first.status).toBe(200);
    expect(
      (first.body as { properties: Record<string, unknown> }).properties.linkedEnvironmentMetadata,
    ).toBeUndefined();
    const second = await c.bap("GET", get(envId));
    expect(second.body).toEqual({
      id: `${BAP}/scopes/admin/environments/${envId}`,
      name: envId,
      type: "Microsoft.BusinessAppPlatform/scopes/environments",
      location: "europe",
      properties: {
        displayName: "Agents-Dev-env",
        environmentSku: "Sandbox",
        databaseType: "CommonDataService",
        tenantId: emulator.state.tenantId,
        azureRegion: "westeurope",
        provisioningState: "Succeeded",
        createdTime: NOW,
        lastModifiedTime: NOW,
        createdBy: { id: "66666666-7777-4888-9999-000000000000", displayName: APP, type: "ServicePrincipal" },
        updateCadence: { id: "Moderate" },
        billingPolicy: { id: "" },
        states: { management: { id: "Ready" }, runtime: { id: "Enabled" } },
        governanceConfiguration: { protectionLevel: "Basic" },
        linkedEnvironmentMetadata: {
          resourceId: id(2),
          friendlyName: "Agents-Dev-env",
          uniqueName: "unq000000000000400080000000",
          domainName: "agents-dev",
          version: "9.2.25113.00183",
          baseLanguage: 1033,
          backgroundOperationsState: "Enabled",
          instanceState: "Ready",
          instanceUrl: `${emulator.url}/dataverse/agents-dev/`,
          instanceApiUrl: `${emulator.url}/dataverse/agents-dev`,
          createdTime: NOW,
          platformSku: "Standard",
          schemaType: "Standard",
        },
        isDefault: false,
        addons: [],
        clientUris: {
          admin: `${emulator.url}/unemulated/admin/environments/environment/${envId}/hub`,
          maker: `${emulator.url}/unemulated/maker/environments/${envId}/home`,
        },
        trialScenarioType: "None",
        notificationMetadata: { state: "NotSpecified", branding: "NotSpecific" },
        retentionPeriod: "P7D",
        retentionDetails: { retentionPeriod: "P7D", backupsAvailableFromDateTime: NOW },
        protectionStatus: { keyManagedBy: "Microsoft" },
        cluster: { category: "Prod" },
        connectedGroups: [],
        runtimeEndpoints: {
          "microsoft.BusinessAppPlatform": `${emulator.url}/bap-regional/europe`,
          "microsoft.CommonDataModel": `${emulator.url}/unemulated/commondatamodel`,
          "microsoft.PowerApps": `${emulator.url}/powerapps`,
          "microsoft.PowerAppsAdvisor": `${emulator.url}/advisor`,
          "microsoft.PowerVirtualAgents": `${emulator.url}/copilot`,
          "microsoft.ApiManagement": `${emulator.url}/unemulated/apim`,
          "microsoft.Flow": `${emulator.url}/unemulated/flow`,
        },
        lifecycleOperationsEnforcement: {
          allowedOperations: [
            { type: { id: "Delete" } },
            { type: { id: "Edit" } },
            { type: { id: "EnableGovernanceConfiguration" } },
          ],
          disallowedOperations: [],
        },
      },
    });
  });

  it("with unsetIdStyle 'empty' returns an empty securityGroupId and empty group and billing ids", async () => {
    emulator.configure({ behaviour: { unsetIdStyle: "empty" }, timing: { metadataHiddenGets: 0 } });
    const envId = await createEnvironment(emulator, "emptyids");
    const c = await client(emulator);
    const props = ((await c.bap("GET", get(envId))).body as { properties: Record<string, Record<string, unknown>> })
      .properties;
    expect(props.linkedEnvironmentMetadata?.securityGroupId).toBe("");
    expect(props.parentEnvironmentGroup).toEqual({ id: "" });
    expect(props.billingPolicy).toEqual({ id: "" });
  });

  it("refuses a domain already in use, case-insensitively: create with 409 DomainNameAlreadyInUse, validateEnvironmentDetails with 400 InvalidDomainName", async () => {
    await createEnvironment(emulator, "contoso-dev");
    const c = await client(emulator);
    const again = await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, createBody("Contoso-DEV"));
    expect(again).toMatchObject({
      status: 409,
      body: {
        error: {
          code: "DomainNameAlreadyInUse",
          message: "The domain name 'contoso-dev' is already in use. Please choose a different domain name.",
          detailUrlType: "NotSpecified",
        },
      },
    });
    const validate = await c.bap("POST", `${BAP}/validateEnvironmentDetails?api-version=2021-04-01`, {
      domainName: "CONTOSO-dev",
      environmentLocation: "europe",
    });
    // The real service's answer for a taken domain (Terraform provider test
    // TestUnitEnvironmentsResource_Validate_Taken_Domain_Name, internal/services/environment/resource_environment_test.go).
    expect(validate).toMatchObject({
      status: 400,
      body: {
        error: {
          code: "InvalidDomainName",
          message: "The specified domain name with a value of 'CONTOSO-dev' is invalid.",
        },
      },
    });
    const free = await c.bap("POST", `${BAP}/validateEnvironmentDetails?api-version=2021-04-01`, {
      domainName: "contoso-test",
      environmentLocation: "europe",
    });
    expect(free).toMatchObject({ status: 200, body: undefined });
  });

  it("answers 201 with the finished environment in sync create mode", async () => {
    emulator.configure({ behaviour: { createMode: "sync" } });
    const c = await client(emulator);
    const created = await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, createBody("syncdomain"));
    expect(created).toMatchObject({
      status: 201,
      body: { name: id(1), properties: { provisioningState: "Succeeded" } },
    });
    expect(created.headers.get("location")).toBeNull();
  });

  it("rejects bad input with the service's 400 codes", async () => {
    const c = await client(emulator);
    const cases: Array<[unknown, string]> = [
      [{ ...createBody("x1"), location: "mars" }, "InvalidLocation"],
      [createBody("x2", { environmentSku: "Gold" }), "InvalidEnvironmentSku"],
      [createBody("-bad-"), "InvalidDomainName"],
      [
        createBody("x3", { copilotPolicies: { crossBoundaryCopilotDataMovementEnabled: true } }, "unitedstates"),
        "CrossBoundaryCopilotDataMovementNotSupported",
      ],
      [createBody("x4", { environmentSku: "Developer" }), "DeveloperEnvironmentRequiresUserOwner"],
      [createBody("x5", { parentEnvironmentGroup: { id: id(99) } }), "EnvironmentGroupNotFound"],
      [
        {
          location: "europe",
          properties: {
            displayName: "n",
            environmentSku: "Sandbox",
            linkedEnvironmentMetadata: { domainName: "nosg" },
          },
        },
        "SecurityGroupIdRequired",
      ],
    ];
    for (const [body, code] of cases) {
      const reply = await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, body);
      expect({ status: reply.status, code: (reply.body as { error: { code: string } }).error.code }).toEqual({
        status: 400,
        code,
      });
    }
    const noVersion = await c.bap("POST", `${BAP}/environments`, createBody("x6"));
    expect(noVersion.body).toEqual({
      error: {
        code: "MissingApiVersionParameter",
        message: "The api-version query parameter (?api-version=) is required for all requests.",
        detailUrlType: "NotSpecified",
      },
    });
    expect(Object.keys(emulator.state.environments)).toEqual([]);
  });

  it("keeps the domain of a failed create taken when the failure leaves an orphan, and reports an empty environment path", async () => {
    emulator.faults.add({ kind: "failLifecycle", method: "POST", path: "/bap/*/environments", leaveOrphan: true });
    const c = await client(emulator);
    const started = await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, createBody("orphan"));
    const location = started.headers.get("location") ?? "";
    await c.url("GET", location);
    const failed = await c.url("GET", location);
    expect((failed.body as Record<string, unknown>).state).toEqual({ id: "Failed" });
    expect((failed.body as { links: unknown }).links).toEqual({
      self: { path: `${BAP}/lifecycleOperations/${id(3)}` },
      environment: { path: "" },
    });
    expect(emulator.state.environments[id(1)]?.properties.provisioningState).toBe("Failed");
    const retry = await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, createBody("orphan"));
    expect(retry.status).toBe(409);
  });

  it("removes the environment of a failed create by default, so a retry succeeds", async () => {
    emulator.faults.add({ kind: "failLifecycle", method: "POST", path: "/bap/*/environments" });
    const c = await client(emulator);
    const started = await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, createBody("retryable"));
    emulator.settleOperations();
    const op = await c.url("GET", started.headers.get("location") ?? "");
    expect((op.body as { state: unknown }).state).toEqual({ id: "Failed" });
    expect(emulator.state.environments).toEqual({});
    const retry = await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, createBody("retryable"));
    expect(retry.status).toBe(202);
  });
});

describe("operations finish on their own once their time is up", () => {
  const T0 = Date.parse(NOW);
  let now = T0;
  beforeEach(async () => {
    await emulator.close();
    now = T0;
    emulator = await start({ clock: () => new Date(now) });
  });

  it("a create nobody polls is Succeeded after lifecycleSettleMs, on the next request (found by domain)", async () => {
    const c = await client(emulator);
    const started = await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, createBody("unpolled"));
    expect(started.status).toBe(202);
    now = T0 + 4999;
    const early = await c.bap("GET", get(id(1)));
    expect((early.body as { properties: { provisioningState: string } }).properties.provisioningState).toBe("Creating");
    now = T0 + 5000;
    const taken = await c.bap("POST", `${BAP}/validateEnvironmentDetails?api-version=2021-04-01`, {
      domainName: "unpolled",
      environmentLocation: "europe",
    });
    expect(taken.status).toBe(400);
    expect(emulator.state.lifecycleOperations[id(3)]?.state).toBe("Succeeded");
    const list = await c.bap("GET", `${BAP}/scopes/admin/environments?api-version=2023-06-01`);
    const found = (list.body as { value: Array<{ name: string; properties: { provisioningState: string } }> }).value;
    expect(found.map((e) => [e.name, e.properties.provisioningState])).toEqual([[id(1), "Succeeded"]]);
    const op = await c.url("GET", started.headers.get("location") ?? "");
    expect((op.body as { state: unknown }).state).toEqual({ id: "Succeeded" });
  });

  it("settles on the emulator's timer too, with no request at all", async () => {
    const c = await client(emulator);
    await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, createBody("ticked"));
    now = T0 + 5000;
    await new Promise((r) => setTimeout(r, 200));
    expect(emulator.state.environments[id(1)]?.properties.provisioningState).toBe("Succeeded");
    expect(emulator.state.environments[id(1)]?.dataverse?.organization.organizationid).toBe(id(2));
  });

  it("a failed operation nobody polls ends Failed the documented way: the environment is removed, the domain freed", async () => {
    emulator.faults.add({ kind: "failLifecycle", method: "POST", path: "/bap/*/environments" });
    const c = await client(emulator);
    const started = await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, createBody("doomed"));
    now = T0 + 5000;
    const free = await c.bap("POST", `${BAP}/validateEnvironmentDetails?api-version=2021-04-01`, {
      domainName: "doomed",
      environmentLocation: "europe",
    });
    expect(free.status).toBe(200);
    expect(emulator.state.environments).toEqual({});
    const op = await c.url("GET", started.headers.get("location") ?? "");
    expect([(op.body as { state: unknown }).state, (op.body as { links: unknown }).links]).toEqual([
      { id: "Failed" },
      { self: { path: `${BAP}/lifecycleOperations/${id(3)}` }, environment: { path: "" } },
    ]);
  });

  it("a running operation stops blocking other starts once its time is up; never waits less than lifecycleMs", async () => {
    const envId = await createEnvironment(emulator, "blocking");
    emulator.configure({ timing: { lifecycleMs: 8000 } });
    const c = await client(emulator);
    const patch = { properties: { displayName: "renamed" } };
    expect((await c.bap("PATCH", get(envId), patch)).status).toBe(202);
    now += 5000;
    expect((await c.bap("PATCH", get(envId), patch)).status).toBe(409);
    now += 3000;
    expect((await c.bap("PATCH", get(envId), patch)).status).toBe(202);
    expect(emulator.state.environments[envId]?.properties.displayName).toBe("renamed");
  });

  it("with lifecycleSettleMs null, only polls (or settleOperations) finish an operation", async () => {
    emulator.configure({ timing: { lifecycleSettleMs: null } });
    const c = await client(emulator);
    await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, createBody("patient"));
    now = T0 + 3_600_000;
    const read = await c.bap("GET", get(id(1)));
    expect((read.body as { properties: { provisioningState: string } }).properties.provisioningState).toBe("Creating");
    expect(emulator.settleOperations()).toBe(1);
    expect(emulator.state.environments[id(1)]?.properties.provisioningState).toBe("Succeeded");
  });
});

describe("environment get and list", () => {
  it("answers 404 EnvironmentNotFound for an unknown id", async () => {
    const c = await client(emulator);
    const reply = await c.bap("GET", get(id(42)));
    expect(reply).toMatchObject({
      status: 404,
      body: {
        error: {
          code: "EnvironmentNotFound",
          message: `The environment '${id(42)}' could not be found in the tenant.`,
          detailUrlType: "NotSpecified",
        },
      },
    });
  });

  it("treats an empty environment id as the list, and filters the list by group", async () => {
    const c = await client(emulator);
    const group = await c.bap("POST", `${BAP}/environmentGroups?api-version=2021-04-01`, {
      displayName: "g",
      description: "",
    });
    const groupId = (group.body as { id: string }).id;
    const a = await createEnvironment(emulator, "in-group", { parentEnvironmentGroup: { id: groupId } });
    const b = await createEnvironment(emulator, "not-in-group");
    const empty = await c.bap("GET", `${BAP}/scopes/admin/environments/?api-version=2023-06-01`);
    expect(empty.status).toBe(200);
    expect((empty.body as { value: Array<{ name: string }> }).value.map((e) => e.name)).toEqual([a, b]);
    const filtered = await c.bap(
      "GET",
      `${BAP}/scopes/admin/environments?api-version=2023-06-01&$filter=${encodeURIComponent(`properties/parentEnvironmentGroup/id eq ${groupId}`)}`,
    );
    expect((filtered.body as { value: Array<{ name: string }> }).value.map((e) => e.name)).toEqual([a]);
  });
});

describe("environment update, modifySku and delete", () => {
  it("PATCH runs a lifecycle operation, then reads management Running once, then Ready with the change", async () => {
    const envId = await createEnvironment(emulator, "patchme");
    const c = await client(emulator);
    const started = await c.bap("PATCH", `${BAP}/scopes/admin/environments/${envId}?api-version=2021-04-01`, {
      properties: { description: "new", states: { runtime: { id: "AdminMode" } } },
    });
    expect(started.status).toBe(202);
    const location = started.headers.get("location") ?? "";
    expect((await c.url("GET", location)).body).toMatchObject({ type: { id: "Edit" }, state: { id: "Running" } });
    expect((await c.url("GET", location)).body).toMatchObject({ state: { id: "Succeeded" } });
    const first = (await c.bap("GET", get(envId))).body as { properties: Record<string, Record<string, unknown>> };
    expect(first.properties.states).toEqual({ management: { id: "Running" }, runtime: { id: "AdminMode" } });
    const second = (await c.bap("GET", get(envId))).body as { properties: Record<string, Record<string, unknown>> };
    expect(second.properties.states).toEqual({ management: { id: "Ready" }, runtime: { id: "AdminMode" } });
    expect(second.properties.description).toBe("new");
  });

  it("a second start while one operation runs gets 409: OperationNotStartable for PATCH and modifySku, an empty body for DELETE and governanceConfiguration", async () => {
    const envId = await createEnvironment(emulator, "busy");
    const c = await client(emulator);
    const first = await c.bap("PATCH", `${BAP}/scopes/admin/environments/${envId}?api-version=2021-04-01`, {
      properties: { description: "a" },
    });
    expect(first.status).toBe(202);
    const notStartable = {
      error: {
        code: "OperationNotStartable",
        message: `The requested operation cannot be started because there is an active lifecycle operation on the environment '${envId}'. Please try again later.`,
        detailUrlType: "NotSpecified",
      },
    };
    // DELETE and governanceConfiguration say nothing while busy (Terraform provider:
    // internal/services/environment/tests/resource/Validate_Delete_Retry_On_EmptyBody_Conflict and the managed
    // environment's Validate_Create_Retries_When_Enablement_Conflicts).
    const starts: Array<[string, string, unknown, unknown]> = [
      [
        "PATCH",
        `${BAP}/scopes/admin/environments/${envId}?api-version=2021-04-01`,
        { properties: { description: "b" } },
        notStartable,
      ],
      [
        "POST",
        `${BAP}/scopes/admin/environments/${envId}/modifySku?api-version=2021-04-01`,
        { environmentSku: "Production" },
        notStartable,
      ],
      [
        "DELETE",
        `${BAP}/scopes/admin/environments/${envId}?api-version=2023-06-01`,
        { code: "7", message: "gone" },
        undefined,
      ],
      [
        "POST",
        `${BAP}/environments/${envId}/governanceConfiguration?api-version=2021-04-01`,
        { protectionLevel: "Standard", settings: { extendedSettings: {} } },
        undefined,
      ],
    ];
    for (const [method, path, body, answer] of starts) {
      const reply = await c.bap(method, path, body);
      expect({ status: reply.status, body: reply.body }).toEqual({ status: 409, body: answer });
    }
    await c.url("GET", first.headers.get("location") ?? "");
    await c.url("GET", first.headers.get("location") ?? "");
    const after = await c.bap("POST", `${BAP}/scopes/admin/environments/${envId}/modifySku?api-version=2021-04-01`, {
      environmentSku: "Production",
    });
    expect(after.status).toBe(202);
  });

  it("modifySku changes the SKU once its operation succeeds", async () => {
    const envId = await createEnvironment(emulator, "sku");
    const c = await client(emulator);
    const started = await c.bap("POST", `${BAP}/scopes/admin/environments/${envId}/modifySku?api-version=2021-04-01`, {
      environmentSku: "Production",
    });
    expect(emulator.state.environments[envId]?.properties.environmentSku).toBe("Sandbox");
    emulator.settleOperations();
    expect((await c.url("GET", started.headers.get("location") ?? "")).body).toMatchObject({
      type: { id: "ModifySku" },
      state: { id: "Succeeded" },
    });
    expect(emulator.state.environments[envId]?.properties.environmentSku).toBe("Production");
  });

  it("delete right after create gets one empty 409 (busy), then polls Running, then 404, and the environment and its domain are gone", async () => {
    const envId = await createEnvironment(emulator, "deleteme");
    const c = await client(emulator);
    const remove = () =>
      c.bap("DELETE", `${BAP}/scopes/admin/environments/${envId}?api-version=2023-06-01`, {
        code: "7",
        message: "bye",
      });
    const operations = Object.keys(emulator.state.lifecycleOperations);
    const busy = await remove();
    expect({ status: busy.status, body: busy.body }).toEqual({ status: 409, body: undefined });
    expect(Object.keys(emulator.state.lifecycleOperations)).toEqual(operations);
    const started = await remove();
    expect(started.status).toBe(202);
    const location = started.headers.get("location") ?? "";
    expect((await c.url("GET", location)).body).toMatchObject({ type: { id: "Delete" }, state: { id: "Running" } });
    const gone = await c.url("GET", location);
    expect(gone.status).toBe(404);
    expect((await c.bap("GET", get(envId))).status).toBe(404);
    const reuse = await c.bap("POST", `${BAP}/validateEnvironmentDetails?api-version=2021-04-01`, {
      domainName: "deleteme",
    });
    expect(reuse.status).toBe(200);
  });

  it("PATCH with the zero GUID removes the environment from its group", async () => {
    const c = await client(emulator);
    const group = await c.bap("POST", `${BAP}/environmentGroups?api-version=2021-04-01`, { displayName: "g" });
    const groupId = (group.body as { id: string }).id;
    const envId = await createEnvironment(emulator, "leaver", { parentEnvironmentGroup: { id: groupId } });
    await c.bap("PATCH", `${BAP}/scopes/admin/environments/${envId}?api-version=2021-04-01`, {
      properties: { parentEnvironmentGroup: { id: ZERO } },
    });
    emulator.settleOperations();
    expect(emulator.state.environments[envId]?.properties.parentEnvironmentGroup).toBeUndefined();
  });

  it("AI flags read back stale for aiFlagsStaleGets GETs after the PATCH succeeded", async () => {
    emulator.configure({ timing: { aiFlagsStaleGets: 2, managementRunningGets: 0, metadataHiddenGets: 0 } });
    // The create body's switches are ignored, as the service does: only the PATCH sets them.
    const envId = await createEnvironment(emulator, "aiflags", { bingChatEnabled: true, m365Enabled: true });
    expect(emulator.state.environments[envId]?.properties).not.toHaveProperty("bingChatEnabled");
    expect(emulator.state.environments[envId]?.properties).not.toHaveProperty("m365Enabled");
    const c = await client(emulator);
    await c.bap("PATCH", `${BAP}/scopes/admin/environments/${envId}?api-version=2021-04-01`, {
      properties: { bingChatEnabled: true },
    });
    emulator.settleOperations();
    const reads: unknown[] = [];
    for (let i = 0; i < 3; i++)
      reads.push(
        ((await c.bap("GET", get(envId))).body as { properties: { bingChatEnabled?: boolean } }).properties
          .bingChatEnabled,
      );
    expect(reads).toEqual([undefined, undefined, true]);
  });

  it("by default one GET after the PATCH still reads the old AI flags, as the service lags", async () => {
    // The recorded service lags here: the Terraform provider's
    // internal/services/environment/tests/resource/Validate_Generative_Ai_Features_Eventual_Consistency/get_environment.json
    // is served with the tenant defaults for reads after the PATCH (resource_environment_test.go, staleReadsAfterPatch).
    emulator.configure({ timing: { managementRunningGets: 0, metadataHiddenGets: 0 } });
    const envId = await createEnvironment(emulator, "aiflagsdefault");
    const c = await client(emulator);
    await c.bap("PATCH", `${BAP}/scopes/admin/environments/${envId}?api-version=2021-04-01`, {
      properties: { bingChatEnabled: true },
    });
    emulator.settleOperations();
    const reads: unknown[] = [];
    for (let i = 0; i < 2; i++)
      reads.push(
        ((await c.bap("GET", get(envId))).body as { properties: { bingChatEnabled?: boolean } }).properties
          .bingChatEnabled,
      );
    expect(reads).toEqual([undefined, true]);
  });

  it("refuses crossBoundaryCopilotDataMovementEnabled outside the EU Data Boundary on PATCH", async () => {
    const c = await client(emulator);
    const started = await c.bap(
      "POST",
      `${BAP}/environments?api-version=2023-06-01`,
      createBody("usenv", {}, "unitedstates"),
    );
    expect(started.status).toBe(202);
    emulator.settleOperations();
    const reply = await c.bap("PATCH", `${BAP}/scopes/admin/environments/${id(1)}?api-version=2021-04-01`, {
      properties: { copilotPolicies: { crossBoundaryCopilotDataMovementEnabled: true } },
    });
    expect(reply.status).toBe(400);
    expect((reply.body as { error: { code: string } }).error.code).toBe("CrossBoundaryCopilotDataMovementNotSupported");
  });
});

describe("governanceConfiguration", () => {
  const settings = {
    extendedSettings: {
      limitSharingMode: "excludeSharingToSecurityGroups",
      solutionCheckerMode: "warn",
      maxLimitUserSharing: "20",
      "bot-limitSharingMode": "noLimit",
    },
  };

  it("right after create answers one empty 409 (busy), then enables Managed Environments through a lifecycle operation and reads enums back with drifted case", async () => {
    const envId = await createEnvironment(emulator, "managed");
    const c = await client(emulator);
    const enable = () =>
      c.bap("POST", `${BAP}/environments/${envId}/governanceConfiguration?api-version=2021-04-01`, {
        protectionLevel: "Standard",
        settings,
      });
    const busy = await enable();
    expect({ status: busy.status, body: busy.body }).toEqual({ status: 409, body: undefined });
    expect(emulator.state.environments[envId]?.properties.governanceConfiguration).toEqual({
      protectionLevel: "Basic",
    });
    const started = await enable();
    expect(started.status).toBe(202);
    emulator.settleOperations();
    const env = (await c.bap("GET", get(envId))).body as { properties: { governanceConfiguration: unknown } };
    expect(env.properties.governanceConfiguration).toEqual({
      protectionLevel: "Standard",
      settings: {
        extendedSettings: {
          limitSharingMode: "ExcludeSharingToSecurityGroups",
          solutionCheckerMode: "Warn",
          maxLimitUserSharing: "20",
          "bot-limitSharingMode": "NoLimit",
        },
      },
    });
  });

  it("refuses non-string extendedSettings values and environments without Dataverse", async () => {
    const envId = await createEnvironment(emulator, "strict");
    const c = await client(emulator);
    const bad = await c.bap("POST", `${BAP}/environments/${envId}/governanceConfiguration?api-version=2021-04-01`, {
      protectionLevel: "Standard",
      settings: { extendedSettings: { maxLimitUserSharing: 20 } },
    });
    expect(bad.body).toEqual({
      error: {
        code: "InvalidRequestContent",
        message: "Every extendedSettings value must be a JSON string; 'maxLimitUserSharing' is 20.",
        detailUrlType: "NotSpecified",
      },
    });
    const noDv = await c.bap("POST", `${BAP}/environments?api-version=2023-06-01`, {
      location: "europe",
      properties: { displayName: "nodv", environmentSku: "Sandbox" },
    });
    expect(noDv.status).toBe(202);
    emulator.settleOperations();
    // ids 1-11 went to the first environment (env, org, operation, business unit, currency, 5 roles, app user).
    const noDvId = id(12);
    expect(emulator.state.environments[noDvId]?.properties.displayName).toBe("nodv");
    const refused = await c.bap(
      "POST",
      `${BAP}/environments/${noDvId}/governanceConfiguration?api-version=2021-04-01`,
      {
        protectionLevel: "Standard",
        settings,
      },
    );
    expect(refused.status).toBe(400);
    expect((refused.body as { error: { code: string } }).error.code).toBe("DataverseRequired");
  });

  it("an environment created with the zero-GUID group counts as grouped: governance changes are blocked", async () => {
    const envId = await createEnvironment(emulator, "zerogroup", { parentEnvironmentGroup: { id: ZERO } });
    const c = await client(emulator);
    const refused = await c.bap("POST", `${BAP}/environments/${envId}/governanceConfiguration?api-version=2021-04-01`, {
      protectionLevel: "Standard",
      settings,
    });
    expect(refused).toMatchObject({
      status: 400,
      body: {
        error: {
          code: "GovernanceConfigurationChangeBlockedByGroup",
          message: `The governance configuration of environment '${envId}' cannot be changed because it belongs to an environment group; change the group's rules instead.`,
        },
      },
    });
  });

  it("lifecycleOperationsEnforcement disallows enabling governance for a grouped environment, with the reason", async () => {
    const envId = await createEnvironment(emulator, "enforced", { parentEnvironmentGroup: { id: ZERO } });
    const c = await client(emulator);
    const env = (await c.bap("GET", get(envId))).body as { properties: { lifecycleOperationsEnforcement: unknown } };
    expect(env.properties.lifecycleOperationsEnforcement).toEqual({
      allowedOperations: [{ type: { id: "Delete" } }, { type: { id: "Edit" } }],
      disallowedOperations: [
        {
          type: { id: "EnableGovernanceConfiguration" },
          reason: {
            type: "GovernanceConfig",
            message: "The environment belongs to an environment group, whose rules own its governance.",
          },
        },
      ],
    });
  });

  it("returns settings: null for a managed environment in a group", async () => {
    emulator.configure({ timing: { busyAfterCreateCalls: 0 } });
    const envId = await createEnvironment(emulator, "grouped");
    const c = await client(emulator);
    await c.bap("POST", `${BAP}/environments/${envId}/governanceConfiguration?api-version=2021-04-01`, {
      protectionLevel: "Standard",
      settings,
    });
    emulator.settleOperations();
    const group = await c.bap("POST", `${BAP}/environmentGroups?api-version=2021-04-01`, { displayName: "g" });
    emulator.state.environments[envId]!.properties.parentEnvironmentGroup = { id: (group.body as { id: string }).id };
    const env = (await c.bap("GET", get(envId))).body as { properties: { governanceConfiguration: unknown } };
    expect(env.properties.governanceConfiguration).toEqual({ protectionLevel: "Standard", settings: null });
  });
});

describe("display-name propagation quirk", () => {
  it("with dropFirstDisplayNamePatch, the first rename is dropped and the second sticks", async () => {
    emulator.configure({ behaviour: { dropFirstDisplayNamePatch: true } });
    const envId = await createEnvironment(emulator, "renamer");
    const c = await client(emulator);
    const names: string[] = [];
    for (let i = 0; i < 2; i++) {
      await c.bap("PATCH", `${BAP}/scopes/admin/environments/${envId}?api-version=2021-04-01`, {
        properties: { displayName: "new name" },
      });
      emulator.settleOperations();
      names.push(emulator.state.environments[envId]?.properties.displayName ?? "");
    }
    expect(names).toEqual(["renamer-env", "new name"]);
  });
});

describe("more eventual consistency", () => {
  it("with listLagCalls, a new environment is missing from the first list calls while GET already finds it", async () => {
    emulator.configure({ timing: { listLagCalls: 2, metadataHiddenGets: 0 } });
    const envId = await createEnvironment(emulator, "lagging");
    const c = await client(emulator);
    const lists: number[] = [];
    for (let i = 0; i < 3; i++) {
      lists.push(
        ((await c.bap("GET", `${BAP}/scopes/admin/environments?api-version=2023-06-01`)).body as { value: unknown[] })
          .value.length,
      );
    }
    expect(lists).toEqual([0, 0, 1]);
    expect((await c.bap("GET", get(envId))).status).toBe(200);
  });
});

describe("busy after create and failed-then-retried operations (real service behaviours)", () => {
  const remove = (c: Awaited<ReturnType<typeof client>>, envId: string) =>
    c.bap("DELETE", `${BAP}/scopes/admin/environments/${envId}?api-version=2023-06-01`, { code: "7", message: "x" });
  const enable = (c: Awaited<ReturnType<typeof client>>, envId: string) =>
    c.bap("POST", `${BAP}/environments/${envId}/governanceConfiguration?api-version=2021-04-01`, {
      protectionLevel: "Basic",
    });

  it("busyAfterCreateCalls refusals are shared by DELETE and governanceConfiguration; 0 switches the window off", async () => {
    emulator.configure({ timing: { busyAfterCreateCalls: 2 } });
    const busyId = await createEnvironment(emulator, "busy2");
    const c = await client(emulator);
    const replies = [await enable(c, busyId), await remove(c, busyId), await remove(c, busyId)];
    expect(replies.map((r) => [r.status, r.body])).toEqual([
      [409, undefined],
      [409, undefined],
      [202, undefined],
    ]);

    emulator.configure({ timing: { busyAfterCreateCalls: 0 } });
    const calmId = await createEnvironment(emulator, "calm");
    expect((await remove(c, calmId)).status).toBe(202);
  });

  it("the window also closes busyAfterCreateMs after the create finished (emulator clock), refusals left or not", async () => {
    let now = Date.parse(NOW);
    await emulator.close();
    emulator = await start({
      clock: () => new Date(now),
      timing: { busyAfterCreateCalls: 5, busyAfterCreateMs: 30_000 },
    });
    const envId = await createEnvironment(emulator, "window");
    const c = await client(emulator);
    now += 29_999;
    expect((await remove(c, envId)).status).toBe(409);
    now += 1;
    expect((await remove(c, envId)).status).toBe(202);
  });

  it("a failLifecycle rule with times: n makes the next n operations it matches end Failed; the next one succeeds", async () => {
    // Terraform provider fixture internal/services/environment/tests/resource/Validate_Retry_LidecycleOperation:
    // get_lifecycle_delete_1..3 read Failed, Failed, Succeeded, each for a re-issued DELETE.
    emulator.configure({ timing: { busyAfterCreateCalls: 0 } });
    const envId = await createEnvironment(emulator, "flaky");
    emulator.faults.add({
      kind: "failLifecycle",
      method: "DELETE",
      path: `/bap${BAP}/scopes/admin/environments/*`,
      times: 2,
    });
    const c = await client(emulator);
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const started = await remove(c, envId);
      expect(started.status).toBe(202);
      emulator.settleOperations();
      const poll = await c.url("GET", started.headers.get("location") ?? "");
      outcomes.push(poll.status === 404 ? "Gone" : (poll.body as { state: { id: string } }).state.id);
      if (i < 2) expect(emulator.state.environments[envId]?.name).toBe(envId);
    }
    expect(outcomes).toEqual(["Failed", "Failed", "Gone"]);
    expect(emulator.state.environments).toEqual({});
  });
});

describe("environment GET body fidelity", () => {
  // The keys (and their casing) of a real environment GET, from the Terraform provider's fixture
  // internal/services/environment/tests/datasource/Validate_Read/get_environment_00000000-0000-0000-0000-000000000001.json
  // (an environment with a description, in a group, with Dataverse).
  const SERVICE_PROPERTY_KEYS = [
    "addons",
    "azureRegion",
    "billingPolicy",
    "capacity",
    "clientUris",
    "cluster",
    "connectedGroups",
    "createdBy",
    "createdTime",
    "creationType",
    "databaseType",
    "description",
    "displayName",
    "environmentSku",
    "governanceConfiguration",
    "isDefault",
    "lastModifiedTime",
    "lifecycleOperationsEnforcement",
    "linkedEnvironmentMetadata",
    "notificationMetadata",
    "parentEnvironmentGroup",
    "protectionStatus",
    "provisioningState",
    "retentionDetails",
    "retentionPeriod",
    "runtimeEndpoints",
    "states",
    "tenantId",
    "trialScenarioType",
    "updateCadence",
  ];
  const SERVICE_METADATA_KEYS = [
    "backgroundOperationsState",
    "baseLanguage",
    "createdTime",
    "domainName",
    "friendlyName",
    "instanceApiUrl",
    "instanceState",
    "instanceUrl",
    "platformSku",
    "resourceId",
    "scaleGroup",
    "schemaType",
    "uniqueName",
    "version",
  ];
  /** Keys the emulator does not serve: `capacity` needs usage data, `creationType` and `scaleGroup` are unknown to it. */
  const NOT_SERVED = ["capacity", "creationType", "scaleGroup"];

  it("has the service's keys and enum casing, and billingPolicy {id: ''} when none is set", async () => {
    emulator.configure({ timing: { metadataHiddenGets: 0 } });
    const c = await client(emulator);
    const group = await c.bap("POST", `${BAP}/environmentGroups?api-version=2021-04-01`, { displayName: "g" });
    const groupId = (group.body as { id: string }).id;
    const envId = await createEnvironment(emulator, "fidelity", {
      description: "aaa",
      parentEnvironmentGroup: { id: groupId },
    });
    const body = (await c.bap("GET", get(envId))).body as {
      properties: Record<string, unknown> & { linkedEnvironmentMetadata: Record<string, unknown> };
    };
    const p = body.properties;
    expect(Object.keys(p).sort()).toEqual(SERVICE_PROPERTY_KEYS.filter((k) => !NOT_SERVED.includes(k)));
    expect(Object.keys(p.linkedEnvironmentMetadata).sort()).toEqual(
      SERVICE_METADATA_KEYS.filter((k) => !NOT_SERVED.includes(k)),
    );
    expect({
      description: p.description,
      parentEnvironmentGroup: p.parentEnvironmentGroup,
      billingPolicy: p.billingPolicy,
      updateCadence: p.updateCadence,
      environmentSku: p.environmentSku,
      databaseType: p.databaseType,
      states: p.states,
      governanceConfiguration: p.governanceConfiguration,
      cluster: p.cluster,
      trialScenarioType: p.trialScenarioType,
      notificationMetadata: p.notificationMetadata,
      protectionStatus: p.protectionStatus,
      backgroundOperationsState: p.linkedEnvironmentMetadata.backgroundOperationsState,
      instanceState: p.linkedEnvironmentMetadata.instanceState,
      platformSku: p.linkedEnvironmentMetadata.platformSku,
      schemaType: p.linkedEnvironmentMetadata.schemaType,
    }).toEqual({
      description: "aaa",
      parentEnvironmentGroup: { id: groupId },
      billingPolicy: { id: "" },
      updateCadence: { id: "Moderate" },
      environmentSku: "Sandbox",
      databaseType: "CommonDataService",
      states: { management: { id: "Ready" }, runtime: { id: "Enabled" } },
      governanceConfiguration: { protectionLevel: "Basic" },
      cluster: { category: "Prod" },
      trialScenarioType: "None",
      notificationMetadata: { state: "NotSpecified", branding: "NotSpecific" },
      protectionStatus: { keyManagedBy: "Microsoft" },
      backgroundOperationsState: "Enabled",
      instanceState: "Ready",
      platformSku: "Standard",
      schemaType: "Standard",
    });
  });

  it("keeps the update cadence a create asked for", async () => {
    emulator.configure({ timing: { metadataHiddenGets: 0 } });
    const envId = await createEnvironment(emulator, "frequent", { updateCadence: { id: "Frequent" } });
    const c = await client(emulator);
    const p = ((await c.bap("GET", get(envId))).body as { properties: Record<string, unknown> }).properties;
    expect(p.updateCadence).toEqual({ id: "Frequent" });
  });
});
