import { type Emulator, emulatorCredential, startEmulator } from "@govai/emulator";
import { afterEach, expect, it } from "vitest";
import { PowerPlatformClient } from "../../../src/client/index.ts";
import { clientPort } from "../../../src/provider/client-port.ts";
import { makeProvider } from "../../../src/provider/provider.ts";

// Import of EnvironmentSettings from a new organisation, in-process on the real client against the emulator. A new
// organisation's row has auditretentionperiodv2 null and the legacy auditretentionperiod 30, and user-access, read
// and firewall audit on, as recorded from the real service by the Terraform provider:
// internal/services/environment_settings/tests/resources/Validate_Create_Empty_Settings/get_organisations_1.json.

const APP = "0a1b2c3d-0000-4000-8000-00000000a001";
const URN = "urn:pulumi:dev::proj::govai:powerplatform:EnvironmentSettings::imported";

let emulator: Emulator;
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

it("an import of a new organisation reads 30-day retention, passes the provider's own Check, and a delete puts 'not set' back", async () => {
  emulator = await startEmulator({ adminApplications: [APP], timing: { metadataHiddenGets: 0 } });
  const client = new PowerPlatformClient({
    credential: emulatorCredential({ appId: APP }),
    endpoints: emulator.endpoints,
  });
  const provider = makeProvider(() => clientPort(client));
  const env = await client.createEnvironment({
    displayName: "Claims (dev)",
    description: "",
    type: "Sandbox",
    location: "europe",
    azureRegion: "westeurope",
    dataverse: { language: 1033, currency: "EUR", domain: "claims-dev", securityGroupId: undefined },
  });
  const row = () => emulator.state.environments[env.id]?.dataverse?.organization;

  // `pulumi import`: a Read with the id and no state.
  const imported = await provider.read!(env.id, URN, {});
  const expected = {
    environmentId: env.id,
    auditing: { enabled: false, userAccessAudit: true, readAudit: true, retentionDays: 30 },
    firewall: {
      mode: "off",
      allowedRanges: [],
      serviceTags: [],
      allowMicrosoftTrustedServices: true,
      allowApplicationUsers: true,
      cookieBinding: false,
    },
    deleteBehavior: "restore",
  };
  expect(imported.inputs).toEqual(expected);
  expect(await provider.check!(URN, {}, imported.inputs!)).toEqual({ inputs: expected, failures: [] });
  expect((await provider.diff!(env.id, URN, imported.props, expected)).changes).toEqual(false);

  // The program then lengthens the retention; an unchanged 30 is never written as a number.
  const longer = { ...expected, auditing: { ...expected.auditing, enabled: true, retentionDays: 365 } };
  emulator.log.clear();
  const updated = await provider.update!(env.id, URN, imported.props, longer);
  expect(emulator.log.find({ route: "dataverse.organizations.update" }).map((e) => e.body)).toEqual([
    {
      isauditenabled: true,
      isuseraccessauditenabled: true,
      isreadauditenabled: true,
      auditretentionperiodv2: 365,
      enableipbasedfirewallrule: false,
      enableipbasedfirewallruleinauditmode: false,
      allowediprangeforfirewall: "",
      allowedservicetagsforfirewall: "",
      allowmicrosofttrustedservicetags: true,
      allowapplicationuseraccess: true,
      enableipbasedcookiebinding: false,
    },
  ]);
  expect(row()?.auditretentionperiodv2).toEqual(365);

  // Delete restores the state at import: the retention goes back to "not set" (null), never -1 (forever).
  emulator.log.clear();
  await provider.delete!(env.id, URN, updated.outs!);
  const restore = emulator.log.find({ route: "dataverse.organizations.update" }).map((e) => e.body);
  expect(restore).toHaveLength(1);
  expect((restore[0] as Record<string, unknown>).auditretentionperiodv2).toBeNull();
  expect([row()?.auditretentionperiodv2, row()?.auditretentionperiod, row()?.isauditenabled]).toEqual([
    null,
    30,
    false,
  ]);
});
