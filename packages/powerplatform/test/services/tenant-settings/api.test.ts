/**
 * Tenant settings: a snapshot reads exactly the keys about to be written, a write sends only what differs, and a
 * key outside the known document (internal/services/tenant_settings/tests/datasource/post_list_tenant_settings.json
 * plus the routing keys of reference §10) or a value of the wrong type is refused before any request.
 */
import type { Emulator } from "@govai/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { clientFor, start } from "../../client/support.ts";

let emulator: Emulator;
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

const PARTIAL = {
  disableTrialEnvironmentCreationByNonAdminUsers: true,
  powerPlatform: { governance: { enableDefaultEnvironmentRouting: true }, intelligence: { disableCopilot: true } },
};

describe("tenant settings", () => {
  it("readTenantSettings returns the current values of the partial document's keys; the write sends only those", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const snapshot = await client.readTenantSettings(PARTIAL);
    expect(snapshot).toEqual({
      disableTrialEnvironmentCreationByNonAdminUsers: false,
      powerPlatform: {
        governance: { enableDefaultEnvironmentRouting: false },
        intelligence: { disableCopilot: false },
      },
    });
    await client.updateTenantSettings(PARTIAL);
    await client.updateTenantSettings(snapshot);
    expect(emulator.log.find({ route: "tenantSettings.update" }).map((e) => e.body)).toEqual([PARTIAL, snapshot]);
  });

  it("refuses unknown keys and wrong types, naming each, before any request", async () => {
    emulator = await start();
    const { client } = clientFor(emulator);
    const bad = {
      disableEverything: true,
      powerPlatform: { governance: { enableDefaultEnvironmentRouting: "yes" }, powerApps: true },
    };
    const message =
      'tenant settings refused, nothing was sent: disableEverything is not a known tenant setting; powerPlatform.governance.enableDefaultEnvironmentRouting must be a boolean, got "yes"; powerPlatform.powerApps must be an object of settings, got true';
    await expect(client.updateTenantSettings(bad)).rejects.toThrow(message);
    await expect(client.readTenantSettings(bad)).rejects.toThrow(message);
    expect(emulator.log.entries).toEqual([]);
  });

  it("getTenantId reads the tenant id from GET …/tenant (api-version 2020-08-01), lower-cased", async () => {
    // The Terraform provider's tenant-settings resource reads its id from this call
    // (internal/services/tenant_settings/tests/resources/Validate_Create/get_tenant.json).
    emulator = await start();
    const { client } = clientFor(emulator);
    expect(await client.getTenantId()).toBe(emulator.state.tenantId.toLowerCase());
    expect(emulator.log.entries.map((e) => [e.method, e.route])).toEqual([["GET", "tenant.get"]]);
  });
});
