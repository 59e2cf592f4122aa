/** `GOVAI_POWERPLATFORM_*` variables: cloud, endpoints, and the loopback-only emulator identity. */
import type { Emulator } from "@govai/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { clientFromEnv, clientOptionsFromEnv, credentialFromEnv } from "../../src/client/from-env.ts";
import { APP, start } from "./support.ts";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
}

describe("clientFromEnv", () => {
  it("talks to the emulator with an unsigned app token when every endpoint is loopback", async () => {
    emulator = await start();
    const client = clientFromEnv({
      GOVAI_POWERPLATFORM_ENDPOINTS: JSON.stringify(emulator.endpoints),
      GOVAI_POWERPLATFORM_EMULATOR_IDENTITY: `app:${APP}`,
    });
    expect(await client.listEnvironments()).toEqual([]);
    expect(client.endpoints).toEqual(emulator.endpoints);
  });

  it("mints tokens with the audience of the requested scope", async () => {
    const credential = credentialFromEnv({
      GOVAI_POWERPLATFORM_ENDPOINTS:
        '{"bapi":"http://127.0.0.1:1/bap","powerApps":"http://127.0.0.1:1/powerapps","ppapi":"http://localhost:1/ppapi"}',
      GOVAI_POWERPLATFORM_EMULATOR_IDENTITY: "user:66666666-7777-4888-9999-000000000000",
    });
    const token = await credential.getToken("https://service.powerapps.com/.default");
    expect(claims(token?.token ?? "")).toMatchObject({
      aud: "https://service.powerapps.com",
      tid: "4f6c7b1e-0d3a-4c55-9e1a-7a1c2b3d4e5f",
      oid: "66666666-7777-4888-9999-000000000000",
      idtyp: "user",
    });
  });

  it.each([
    [
      { GOVAI_POWERPLATFORM_EMULATOR_IDENTITY: `app:${APP}` },
      /^GOVAI_POWERPLATFORM_EMULATOR_IDENTITY is set but not every endpoint is a loopback URL/,
    ],
    [
      {
        GOVAI_POWERPLATFORM_EMULATOR_IDENTITY: `app:${APP}`,
        GOVAI_POWERPLATFORM_ENDPOINTS: '{"bapi":"http://127.0.0.1:1/bap"}',
      },
      /^GOVAI_POWERPLATFORM_EMULATOR_IDENTITY is set but not every endpoint is a loopback URL/,
    ],
    [
      { GOVAI_POWERPLATFORM_EMULATOR_IDENTITY: "robot" },
      /^GOVAI_POWERPLATFORM_EMULATOR_IDENTITY="robot" must be app:<clientId> or user:<objectId>$/,
    ],
    [
      { GOVAI_POWERPLATFORM_CLOUD: "mars" },
      /^GOVAI_POWERPLATFORM_CLOUD="mars" is not a cloud; expected one of public, gcc, gcchigh, dod, china$/,
    ],
    [{ GOVAI_POWERPLATFORM_ENDPOINTS: "{" }, /^GOVAI_POWERPLATFORM_ENDPOINTS is not JSON: \{$/],
    [
      { GOVAI_POWERPLATFORM_ENDPOINTS: '{"dataverse":"x"}' },
      /^GOVAI_POWERPLATFORM_ENDPOINTS has an unknown key "dataverse"/,
    ],
  ])("refuses %j", (env, message) => {
    expect(() => clientOptionsFromEnv(env)).toThrow(message);
  });

  it("reads the cloud without an emulator identity (DefaultAzureCredential, not called here)", () => {
    const options = clientOptionsFromEnv({ GOVAI_POWERPLATFORM_CLOUD: "GCC" });
    expect(options.cloud).toEqual("gcc");
    expect(options.credential.constructor.name).toEqual("DefaultAzureCredential");
  });
});
