import { DEFAULT_OBJECT_ID, DEFAULT_TENANT_ID, type Emulator, startEmulator } from "@govai/emulator";
import type { ServiceError } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUserInputs, environmentInputs, telemetryInputs } from "./fixtures.ts";
import { DIFF, initFailure, launch, type Plugin, secret, urnOf } from "./harness.ts";

// The plugin run as a delegated user (the identity CopilotTelemetry needs), over gRPC against the emulator: the
// agent's Application Insights binding end to end, with the connection string kept secret on the wire; and the
// partial create of an application user whose roles fail.

let emulator: Emulator;
let plugin: Plugin;
let envId = "";
let envState: Record<string, unknown> = {};
const ENV_URN = urnOf("Environment", "agent");
const URN = urnOf("CopilotTelemetry", "agent");
const ROTATED =
  "InstrumentationKey=00000000-0000-0000-0000-000000000002;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/";

beforeAll(async () => {
  emulator = await startEmulator({ seed: 5, timing: { metadataHiddenGets: 0, managementRunningGets: 0 } });
  plugin = await launch({
    GOVAI_POWERPLATFORM_ENDPOINTS: JSON.stringify(emulator.endpoints),
    GOVAI_POWERPLATFORM_EMULATOR_IDENTITY: `user:${DEFAULT_OBJECT_ID}`,
    AZURE_TENANT_ID: DEFAULT_TENANT_ID,
  });
  const env = await plugin.check(ENV_URN, {
    ...environmentInputs,
    dataverse: { ...environmentInputs.dataverse, domain: "agent" },
  });
  const created = await plugin.create(ENV_URN, env.inputs);
  envId = created.id;
  envState = created.props;
});
afterAll(async () => {
  if (envId) await plugin.delete(ENV_URN, envId, envState);
  plugin?.stop();
  await emulator?.close();
});

describe("CopilotTelemetry over gRPC, as a delegated user", () => {
  it("keeps the connection string secret from check to state, and round-trips create, read, update, delete", async () => {
    const plain = telemetryInputs(envId);
    const checked = await plugin.check(URN, plain);
    expect(checked).toEqual({ inputs: { ...plain, connectionString: secret(plain.connectionString) }, failures: [] });
    const created = await plugin.create(URN, checked.inputs);
    expect(created).toEqual({ id: `${envId}/cr123_claimsAgent`, props: checked.inputs });
    const stored = emulator.state.copilotAppInsights[`${envId}/cr123_claimsagent`];
    expect([stored?.appInsightsConnectionString, stored?.includeSensitiveInformation]).toEqual([
      plain.connectionString,
      false,
    ]);

    const read = await plugin.read(URN, created.id, created.props);
    expect(read).toEqual({ id: created.id, props: checked.inputs, inputs: checked.inputs });
    expect(await plugin.read(URN, created.id, {})).toEqual(read);

    const rotated = { ...checked.inputs, connectionString: secret(ROTATED), logActions: false };
    expect(await plugin.diff(URN, created.id, created.props, rotated)).toEqual({
      changes: DIFF.SOME,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(await plugin.update(URN, created.id, created.props, rotated)).toEqual(rotated);
    expect(emulator.state.copilotAppInsights[`${envId}/cr123_claimsagent`]?.appInsightsConnectionString).toBe(ROTATED);

    await plugin.delete(URN, created.id, rotated);
    expect(await plugin.read(URN, created.id, rotated)).toEqual({ id: "", props: {}, inputs: {} });
  });
});

describe("ApplicationUser partial create", () => {
  it("records the created user when its roles fail, so the next up only retries the roles", async () => {
    const urn = urnOf("ApplicationUser", "runtime");
    const inputs = (await plugin.check(urn, { ...appUserInputs(envId), roles: ["No Such Role"] })).inputs;
    const err = await plugin.create(urn, inputs).then(
      () => {
        throw new Error("expected the create to fail");
      },
      (e: ServiceError) => e,
    );
    const detail = initFailure(err);
    expect(detail?.getId()).toBe(`${envId}/${inputs.applicationId}`);
    const partial = detail!.getProperties()!.toJavaScript() as Record<string, unknown>;
    expect(partial).toEqual({ ...inputs, roles: [], systemUserId: partial.systemUserId, adopted: false });
    expect(err.details).toMatch(/security role "No Such Role" does not exist in the root business unit/);
    const fixed = { ...inputs, roles: ["Basic User"] };
    expect(await plugin.diff(urn, detail!.getId(), partial, fixed)).toEqual({
      changes: DIFF.SOME,
      replaces: [],
      deleteBeforeReplace: false,
    });
    const outs = await plugin.update(urn, detail!.getId(), partial, fixed);
    expect(outs).toEqual({ ...fixed, systemUserId: partial.systemUserId, adopted: false });
    await plugin.delete(urn, detail!.getId(), outs);
  });
});
