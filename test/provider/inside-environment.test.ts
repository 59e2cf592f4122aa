import { DEFAULT_APP_ID, DEFAULT_TENANT_ID, type Emulator, startEmulator } from "@govai/emulator";
import type { ServiceError } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUserInputs, environmentInputs, settingsInputs } from "./fixtures.ts";
import { initFailure, launch, type Plugin, urnOf } from "./harness.ts";

// The plugin executable over gRPC, against the emulator: resources inside an environment once the environment is
// gone (refresh drops them, destroy succeeds) or orphaned by a failed create (a message that says so and how to
// recover), and what the plugin writes to stderr for each failed call (the engine shows it to the user): one line
// at the default verbosity, the stack only with -v.

const ENDPOINT_ENV = () => ({
  GOVAI_POWERPLATFORM_ENDPOINTS: JSON.stringify(emulator.endpoints),
  GOVAI_POWERPLATFORM_EMULATOR_IDENTITY: `app:${DEFAULT_APP_ID}`,
  AZURE_TENANT_ID: DEFAULT_TENANT_ID,
});
const RECOVER =
  "To recover, delete the orphaned environment and create it again: `pulumi destroy --target '<URN of its Environment resource>' --target-dependents`, then `pulumi up`; " +
  "or delete it in the Power Platform admin centre, then run `pulumi refresh` and `pulumi up`.";
const SETTINGS = urnOf("EnvironmentSettings", "settings");
const USER = urnOf("ApplicationUser", "runtime");

let emulator: Emulator;
let plugin: Plugin;

beforeAll(async () => {
  emulator = await startEmulator({
    seed: 13,
    adminApplications: [DEFAULT_APP_ID],
    timing: { metadataHiddenGets: 0, managementRunningGets: 0 },
  });
  plugin = await launch(ENDPOINT_ENV());
});
afterAll(async () => {
  plugin?.stop();
  await emulator?.close();
});

function grpcError(p: Promise<unknown>): Promise<ServiceError> {
  return p.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: ServiceError) => e,
  );
}

async function checked(urn: string, news: object): Promise<Record<string, unknown>> {
  const r = await plugin.check(urn, news);
  expect(r.failures).toEqual([]);
  return r.inputs;
}

async function environment(domain: string) {
  const urn = urnOf("Environment", domain);
  const inputs = await checked(urn, { ...environmentInputs, dataverse: { ...environmentInputs.dataverse, domain } });
  return { urn, inputs };
}

/**
 * The complete stderr lines written after `from`, once one of them starts with `last` (pipes keep the plugin's
 * write order, so everything written before that line has arrived too).
 */
async function stderrUntil(p: Plugin, from: number, last: string): Promise<string[]> {
  const lines = () => p.stderr().slice(from).split("\n").slice(0, -1);
  for (let i = 0; i < 500 && !lines().some((l) => l.startsWith(last)); i += 1) {
    await new Promise((r) => setTimeout(r, 10));
  }
  return lines();
}

describe("the environment is gone", () => {
  it("refresh drops EnvironmentSettings and ApplicationUser (Read: not found) and destroy deletes them", async () => {
    const env = await environment("claims-gone");
    const created = await plugin.create(env.urn, env.inputs);
    const settings = await plugin.create(SETTINGS, await checked(SETTINGS, settingsInputs(created.id)));
    const user = await plugin.create(USER, await checked(USER, appUserInputs(created.id)));

    // Deleted outside the stack (admin centre, another tool): the resources inside went with it.
    delete emulator.state.environments[created.id];
    emulator.log.clear();
    expect(await plugin.read(SETTINGS, settings.id, settings.props)).toEqual({ id: "", props: {}, inputs: {} });
    expect(await plugin.read(USER, user.id, user.props)).toEqual({ id: "", props: {}, inputs: {} });
    await plugin.delete(SETTINGS, settings.id, settings.props);
    await plugin.delete(USER, user.id, user.props);
    expect(emulator.log.entries.map((e) => `${e.route} ${e.status}`)).toEqual(Array(4).fill("environments.get 404"));
    expect(emulator.log.unmatched).toEqual([]);
  });
});

describe("the environment is an orphan of a failed create", () => {
  let envId = "";
  let message = "";
  const stderrFrom = { at: 0 };

  it("the Environment's create is recorded with its id (ErrorResourceInitFailed)", async () => {
    const env = await environment("claims-orphan");
    emulator.faults.add({
      method: "POST",
      path: "/bap/providers/Microsoft.BusinessAppPlatform/environments",
      kind: "failLifecycle",
      leaveOrphan: true,
    });
    const e = await grpcError(plugin.create(env.urn, env.inputs));
    envId = initFailure(e)?.getId() ?? "";
    expect(emulator.state.environments[envId]?.properties.provisioningState).toBe("Failed");
    message =
      `EnvironmentSettings: environment ${envId} has no working Dataverse organisation: its provisioning failed (provisioningState Failed). ` +
      "The create of this environment failed part-way and left the environment behind without Dataverse, so this EnvironmentSettings cannot be read or changed.\n" +
      RECOVER;
  });

  it("EnvironmentSettings: the next up and refresh say provisioning failed and what to do; destroy succeeds", async () => {
    const inputs = await checked(SETTINGS, settingsInputs(envId));
    stderrFrom.at = plugin.stderr().length;
    const create = await grpcError(plugin.create(SETTINGS, inputs));
    expect(create.details).toBe(message);
    const state = {
      ...inputs,
      organizationId: "o",
      snapshot: { auditing: inputs.auditing, firewall: inputs.firewall },
    };
    const refresh = await grpcError(plugin.read(SETTINGS, envId, state));
    expect(refresh.details).toBe(message);
    await plugin.delete(SETTINGS, envId, state);
  });

  it("stderr holds exactly one line per failed call at the default verbosity, no stack", async () => {
    // A last failing call (an unknown type token in Check) marks the end: everything written before it has arrived.
    const unknown = await grpcError(plugin.check(urnOf("Nope", "x"), {}));
    expect(unknown.details).toMatch(/^unknown resource type "govai:powerplatform:Nope"/);
    const oneLine = message.replace("\n", " ");
    expect(await stderrUntil(plugin, stderrFrom.at, "govai: check")).toEqual([
      `govai: create govai:powerplatform:EnvironmentSettings "settings" failed: ProviderError: ${oneLine}`,
      `govai: read govai:powerplatform:EnvironmentSettings "settings" failed: ProviderError: ${oneLine}`,
      `govai: check govai:powerplatform:Nope "x" failed: Error: ${unknown.details}`,
    ]);
  });

  it("with -v=9 the stack follows the line, and the server's own echo is still not printed", async () => {
    const verbose = await launch(ENDPOINT_ENV(), ["--logtostderr", "-v=9"]);
    try {
      const inputs = await checked(SETTINGS, settingsInputs(envId));
      const from = verbose.stderr().length;
      await grpcError(verbose.read(SETTINGS, envId, { ...inputs, organizationId: "o" }));
      await grpcError(verbose.check(urnOf("Nope", "x"), {}));
      const lines = await stderrUntil(verbose, from, "govai: check");
      const heads = lines.filter((l) => l.startsWith("govai: "));
      expect(heads).toEqual([
        `govai: read govai:powerplatform:EnvironmentSettings "settings" failed: ProviderError: ${message.replace("\n", " ")}`,
        expect.stringMatching(/^govai: check govai:powerplatform:Nope "x" failed: Error: unknown resource type/),
      ]);
      const readBlock = lines.slice(lines.indexOf(heads[0] as string) + 1, lines.indexOf(heads[1] as string));
      expect(readBlock.length).toBeGreaterThan(0);
      expect(readBlock.every((l) => /^ {4}at |^ {2}caused by /.test(l))).toBe(true);
      expect(readBlock).toContainEqual(expect.stringMatching(/inside-environment\.ts/));
      expect(readBlock).toContainEqual(
        expect.stringMatching(/^ {2}caused by DataverseUnavailableError: getOrganizationSettings: environment /),
      );
    } finally {
      verbose.stop();
    }
  });
});
