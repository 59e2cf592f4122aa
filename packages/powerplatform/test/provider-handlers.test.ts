import { describe, expect, it } from "vitest";
import type { Environment } from "../src/client/types.ts";
import type { PowerPlatformPort } from "../src/provider/port.ts";
import { makeProvider } from "../src/provider/provider.ts";

// Environment lifecycle decisions against a scripted fake port: what is recorded after a failed create, and how
// the update after a partial create waits for Dataverse. Every port call is recorded and asserted.

const ENV = "6b1c3a52-0d55-4f0e-9f57-2f4bb8f6f0a1";
const URN = "urn:pulumi:dev::proj::govai:powerplatform:Environment::dev";
const inputs = {
  displayName: "Claims (dev)",
  description: "",
  environmentType: "Sandbox",
  location: "europe",
  azureRegion: "westeurope",
  dataverse: { language: 1033, currency: "EUR", domain: "claims-dev" },
};

function live(dataverse: boolean): Environment {
  return {
    id: ENV,
    displayName: "Claims (dev)",
    description: "",
    type: "Sandbox",
    location: "europe",
    azureRegion: "westeurope",
    tenantId: "t",
    provisioningState: "Succeeded",
    updateCadence: undefined,
    billingPolicyId: undefined,
    environmentGroupId: undefined,
    managementState: "Ready",
    runtimeState: "Enabled",
    managed: false,
    governance: undefined,
    ai: { bingSearch: false, m365Services: false, crossGeoDataMovement: false, crossBoundaryDataMovement: false },
    dataverse: dataverse
      ? {
          organizationId: "org",
          uniqueName: undefined,
          domain: "claims-dev",
          version: undefined,
          url: "https://claims-dev.crm4.dynamics.com/",
          apiUrl: undefined,
          language: 1033,
          securityGroupId: undefined,
          backgroundOperationsEnabled: true,
          instanceState: "Ready",
        }
      : undefined,
    copilotStudioUrl: undefined,
    runtimeEndpoints: {},
  };
}

/** A port whose calls are scripted per method; unscripted calls fail the test. */
function fakePort(script: Partial<Record<keyof PowerPlatformPort, (...args: unknown[]) => unknown>>) {
  const calls: string[] = [];
  const port = new Proxy({} as PowerPlatformPort, {
    get:
      (_t, name: string) =>
      async (...args: unknown[]) => {
        calls.push(name);
        const fn = script[name as keyof PowerPlatformPort];
        if (!fn) throw new Error(`unexpected port call ${name}`);
        return fn(...args);
      },
  });
  return { port, calls };
}

describe("Environment lifecycle decisions", () => {
  it("records the environment (ErrorResourceInitFailed) when a step after the create fails and it exists", async () => {
    const { port, calls } = fakePort({
      createEnvironment: (_input, o) => {
        (o as { onEnvironmentId: (id: string) => void }).onEnvironmentId(ENV);
        throw new Error("Dataverse did not show up");
      },
      getEnvironment: () => live(false),
    });
    const p = makeProvider(() => port);
    await expect(p.create!(URN, inputs)).rejects.toMatchObject({
      message: `created ${ENV}, but a later step failed: Dataverse did not show up`,
      id: ENV,
      properties: { ...inputs, environmentId: ENV },
      reasons: ["Dataverse did not show up"],
    });
    expect(calls).toEqual(["createEnvironment", "getEnvironment"]);
  });

  it("records nothing when the failed create removed the environment again", async () => {
    const { port } = fakePort({
      createEnvironment: (_input, o) => {
        (o as { onEnvironmentId: (id: string) => void }).onEnvironmentId(ENV);
        throw new Error("lifecycle operation failed");
      },
      getEnvironment: () => undefined,
    });
    const err = await makeProvider(() => port).create!(URN, inputs).catch((e: unknown) => e);
    expect([(err as Error).message, (err as { id?: string }).id]).toEqual(["lifecycle operation failed", undefined]);
  });

  it("after a partial create, the next update waits for Dataverse before changing anything", async () => {
    let reads = 0;
    const { port, calls } = fakePort({
      getEnvironment: () => live(++reads > 2),
      getEnvironmentCurrency: () => undefined,
      updateEnvironment: () => undefined,
    });
    const p = makeProvider(() => port, { pollMs: 5 });
    const outs = await p.update!(ENV, URN, { ...inputs, environmentId: ENV }, { ...inputs, displayName: "Claims" });
    expect(calls).toEqual([
      "getEnvironment",
      "getEnvironment",
      "getEnvironment",
      "getEnvironmentCurrency",
      "updateEnvironment",
      "getEnvironment",
      "getEnvironmentCurrency",
    ]);
    expect(outs.outs).toEqual({
      ...inputs,
      displayName: "Claims",
      environmentId: ENV,
      dataverseUrl: "https://claims-dev.crm4.dynamics.com/",
      organizationId: "org",
      tenantId: "t",
      state: "Ready",
    });
  });

  it("gives up clearly when Dataverse never shows up within the deadline", async () => {
    const { port } = fakePort({ getEnvironment: () => live(false) });
    const p = makeProvider(() => port, { pollMs: 5, deadlines: { Environment: { update: 0.0005 } } });
    await expect(p.update!(ENV, URN, { ...inputs }, inputs)).rejects.toThrow(
      `environment ${ENV} still shows no Dataverse organisation; run \`pulumi up\` again later`,
    );
  });
});
