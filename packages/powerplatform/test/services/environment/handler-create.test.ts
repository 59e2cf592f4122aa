import {
  DEFAULT_APP_ID,
  DEFAULT_TENANT_ID,
  type Emulator,
  emulatorCredential,
  type FaultRule,
  startEmulator,
} from "@govai/emulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { environmentInputs } from "../../../../../test/provider/fixtures.ts";
import { ownerKey, PowerPlatformClient } from "../../../src/client/index.ts";
import { clientPort } from "../../../src/provider/client-port.ts";
import { ResourceInitError } from "../../../src/provider/handler.ts";
import { makeProvider } from "../../../src/provider/provider.ts";

// The Environment resource's Create, in-process on the real client, against the emulator: whatever happens to the
// create request, a same-domain environment that already existed is never returned as the new resource nor recorded
// (a later `pulumi destroy` would delete it) — unless an earlier run of this same resource made it: the handler
// passes an owner key derived from the URN, and that environment is adopted instead of failing or making another.

const OTHER_APP = "0a1b2c3d-0000-4000-8000-00000000c003";
const OTHER_OID = "77777777-0000-4000-8000-00000000c003";
const URN = "urn:pulumi:dev::proj::govai:powerplatform:Environment::dev";
/** Another Environment resource of the same stack. */
const OTHER_URN = "urn:pulumi:dev::proj::govai:powerplatform:Environment::test";
const CREATE = "/bap/providers/Microsoft.BusinessAppPlatform/environments";
const FAST = {
  pollIntervalMs: 10,
  minPollIntervalMs: 1,
  convergeIntervalMs: 10,
  startRetryDelayMs: [10, 20] as [number, number],
  lifecycleRetryBaseMs: 10,
  createSettleIntervalMs: 10,
};

let emulator: Emulator;
let provider: ReturnType<typeof makeProvider>;
beforeEach(async () => {
  // Operations nobody polls (a lost create) finish on the next request, as the service finishes them on its own.
  emulator = await startEmulator({
    seed: 9,
    adminApplications: [DEFAULT_APP_ID, OTHER_APP],
    timing: { lifecycleSettleMs: 0 },
  });
  const client = new PowerPlatformClient({
    credential: emulatorCredential({ tenantId: DEFAULT_TENANT_ID }),
    endpoints: emulator.endpoints,
    polling: FAST,
  });
  provider = makeProvider(() => clientPort(client));
});
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

async function inputs() {
  const r = await provider.check!(URN, {}, environmentInputs);
  expect(r.failures).toEqual([]);
  return r.inputs as Record<string, unknown>;
}

type Whose =
  | "another team"
  | "another resource of ours"
  | "our create without an owner key"
  | "an earlier run of this resource";

/**
 * The environment already holding the domain `claims-dev`: another team's, one an earlier run of another resource
 * of ours left (another URN, so another owner key), one a create without an owner key made (as before owner keys),
 * or one an earlier run of this resource left (its URN, so its owner key).
 */
async function existing(whose: Whose): Promise<string> {
  const credential =
    whose === "another team"
      ? emulatorCredential({ appId: OTHER_APP, objectId: OTHER_OID, tenantId: DEFAULT_TENANT_ID })
      : emulatorCredential({ tenantId: DEFAULT_TENANT_ID });
  const client = new PowerPlatformClient({ credential, endpoints: emulator.endpoints, polling: FAST });
  const key =
    whose === "another resource of ours"
      ? ownerKey(OTHER_URN)
      : whose === "an earlier run of this resource"
        ? ownerKey(URN)
        : undefined;
  const env = await client.createEnvironment(
    {
      displayName: `Claims (${whose})`,
      type: "Sandbox",
      location: "europe",
      azureRegion: "westeurope",
      dataverse: { language: 1033, currency: "EUR", domain: "claims-dev" },
    },
    key ? { ownerKey: key } : {},
  );
  return env.id;
}

const FAULTS: Array<[string, FaultRule | undefined]> = [
  ["no fault (the service's 409 DomainNameAlreadyInUse)", undefined],
  ["a connection reset", { method: "POST", path: CREATE, kind: "reset" }],
  ["a 503", { method: "POST", path: CREATE, kind: "status", status: 503 }],
  ["a lost response", { method: "POST", path: CREATE, kind: "dropResponse" }],
];

describe.each(["another team", "another resource of ours", "our create without an owner key"] as const)(
  "Create when %s holds the domain",
  (whose) => {
    it.each(FAULTS)(
      "after %s: fails, returns and records nothing, leaves the environment as it was",
      async (_, fault) => {
        const held = await existing(whose);
        const before = structuredClone(emulator.state.environments[held]);
        if (fault) emulator.faults.add(fault);
        const error = await provider.create!(URN, await inputs()).then(
          (r) => {
            throw new Error(`Create returned ${JSON.stringify(r)}`);
          },
          (e: unknown) => e as Error,
        );
        // Not a ResourceInitError: the engine records nothing (no id), so nothing of theirs is in the stack's state.
        expect(error).not.toBeInstanceOf(ResourceInitError);
        expect("id" in error).toEqual(false);
        if (fault) {
          expect(error.name).toEqual("ForeignEnvironmentError");
          expect(error.message).toContain(`environment ${held} "Claims (${whose})"`);
          expect(error.message).toContain("so it was not adopted");
        } else {
          expect(error.name).toEqual("PowerPlatformApiError");
          expect(error.message).toContain("409 DomainNameAlreadyInUse");
        }
        expect(Object.keys(emulator.state.environments)).toEqual([held]);
        expect(emulator.state.environments[held]).toEqual(before);
        expect(emulator.log.count({ route: "environments.delete" })).toEqual(0);
      },
    );
  },
);

describe("Create when an earlier run of this resource left the environment (same URN, so same owner key)", () => {
  it("adopts it before sending anything, under the program's name, and records it", async () => {
    const held = await existing("an earlier run of this resource");
    emulator.log.clear();
    const created = await provider.create!(URN, await inputs());
    expect(created.id).toEqual(held);
    expect(created.outs).toMatchObject({ environmentId: held, displayName: environmentInputs.displayName });
    expect(Object.keys(emulator.state.environments)).toEqual([held]);
    expect(emulator.state.environments[held]?.properties.displayName).toEqual(environmentInputs.displayName);
    expect(emulator.log.count({ route: "environments.create" })).toEqual(0);
    expect(emulator.log.count({ route: "environments.delete" })).toEqual(0);
  });

  it.each(FAULTS.flatMap(([name, fault]) => (fault ? [[name, fault] as const] : [])))(
    "adopts it after %s when the list before the POST did not show it yet",
    async (_, fault) => {
      const held = await existing("an earlier run of this resource");
      emulator.state.environments[held]!.pending.listHiddenCalls = 1;
      emulator.log.clear();
      emulator.faults.add(fault);
      const created = await provider.create!(URN, await inputs());
      expect(created.id).toEqual(held);
      expect(Object.keys(emulator.state.environments)).toEqual([held]);
      expect(emulator.log.count({ route: "environments.create" })).toEqual(1);
      expect(emulator.log.count({ route: "environments.delete" })).toEqual(0);
    },
  );
});

it("Create whose own response was lost returns the one environment it made", async () => {
  emulator.faults.add({ method: "POST", path: CREATE, kind: "dropResponse" });
  const created = await provider.create!(URN, await inputs());
  expect(Object.keys(emulator.state.environments)).toEqual([created.id]);
  expect(created.outs).toMatchObject({ environmentId: created.id, description: environmentInputs.description });
  expect(emulator.log.count({ route: "environments.create" })).toEqual(1);
});
