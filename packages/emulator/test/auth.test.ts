/** Tokens: audience per family, tenant, admin-application registration, user-only paths, the credential. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, emulatorCredential, mintEmulatorToken } from "../src/index.ts";
import { APP, BAP, call, client, createEnvironment, STRANGER, start, token } from "./support.ts";

let emulator: Emulator;
beforeEach(async () => {
  emulator = await start();
});
afterEach(async () => {
  await emulator.close();
});

const listPath = `${BAP}/scopes/admin/environments?api-version=2023-06-01`;

describe("bearer tokens", () => {
  it("answers 401 AuthenticationFailed without a token, with a WWW-Authenticate header", async () => {
    const reply = await call("GET", `${emulator.endpoints.bapi}${listPath}`);
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({
      error: { code: "AuthenticationFailed", message: "Authentication failed. The 'Authorization' header is missing." },
    });
    expect(reply.headers.get("www-authenticate")).toBe(
      'Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
    );
  });

  it("answers 401 InvalidAuthenticationToken for a token that is not a JWT", async () => {
    const reply = await call("GET", `${emulator.endpoints.bapi}${listPath}`, { token: "not-a-jwt" });
    expect(reply.body).toEqual({
      error: { code: "InvalidAuthenticationToken", message: "The access token is invalid: it is not a JWT." },
    });
  });

  it("answers 401 InvalidAudience for a Dataverse token on BAPI and a BAPI token on Dataverse", async () => {
    const dvToken = await token(`${emulator.url}/.default`);
    const onBap = await call("GET", `${emulator.endpoints.bapi}${listPath}`, { token: dvToken });
    expect(onBap).toMatchObject({
      status: 401,
      body: {
        error: {
          code: "InvalidAudience",
          message: `The access token has audience '${emulator.url}'; this API requires 'https://service.powerapps.com'.`,
        },
      },
    });
    await createEnvironment(emulator, "aud");
    const bapToken = await token("https://service.powerapps.com/.default");
    const onDv = await call("GET", `${emulator.url}/dataverse/aud/api/data/v9.2/organizations`, { token: bapToken });
    expect(onDv.status).toBe(401);
    expect((onDv.body as { error: { code: string } }).error.code).toBe("InvalidAudience");
    const ppapiOnBap = await call("GET", `${emulator.endpoints.bapi}${listPath}`, {
      token: await token("https://api.powerplatform.com/.default"),
    });
    expect((ppapiOnBap.body as { error: { code: string } }).error.code).toBe("InvalidAudience");
  });

  it("answers 401 InvalidTenant for a token from another tenant", async () => {
    const other = await token("https://service.powerapps.com/.default", {
      tenantId: "99999999-9999-4999-8999-999999999999",
    });
    const reply = await call("GET", `${emulator.endpoints.bapi}${listPath}`, { token: other });
    expect((reply.body as { error: { code: string } }).error.code).toBe("InvalidTenant");
  });

  it("answers 401 ExpiredAuthenticationToken for an expired token", async () => {
    const expired = mintEmulatorToken({
      aud: "https://service.powerapps.com",
      tid: emulator.state.tenantId,
      appid: APP,
      oid: "o",
      idtyp: "app",
      exp: 1,
    });
    const reply = await call("GET", `${emulator.endpoints.bapi}${listPath}`, { token: expired });
    expect((reply.body as { error: { code: string } }).error.code).toBe("ExpiredAuthenticationToken");
  });
});

describe("admin management application registration", () => {
  it("answers 403 with the service's text to an unregistered service principal on every scopes/admin path", async () => {
    const c = await client(emulator, { appId: STRANGER });
    const reply = await c.bap("GET", listPath);
    expect(reply).toMatchObject({
      status: 403,
      body: {
        error: {
          code: "Forbidden",
          message: `The service principal with id '66666666-7777-4888-9999-000000000000' for application '${STRANGER}' does not have permission to access the path '${BAP}/scopes/admin/environments' in tenant '${emulator.state.tenantId}'.`,
          detailUrlType: "NotSpecified",
        },
      },
    });
    const tenant = await c.bap("POST", `${BAP}/scopes/admin/updateTenantSettings?api-version=2023-06-01`, {
      walkMeOptOut: true,
    });
    expect(tenant.status).toBe(403);
  });

  it("cannot register itself; a user can; after that its admin calls work; registration is idempotent", async () => {
    const stranger = await client(emulator, { appId: STRANGER });
    const self = await stranger.bap("PUT", `${BAP}/adminApplications/${STRANGER}?api-version=2020-10-01`);
    expect(self.status).toBe(403);
    const admin = await client(emulator, { kind: "user" });
    const first = await admin.bap("PUT", `${BAP}/adminApplications/${STRANGER}?api-version=2020-10-01`);
    const second = await admin.bap("PUT", `${BAP}/adminApplications/${STRANGER}?api-version=2020-10-01`);
    expect([first.status, first.body, second.status, second.body]).toEqual([
      200,
      { applicationId: STRANGER },
      200,
      { applicationId: STRANGER },
    ]);
    expect((await stranger.bap("GET", listPath)).status).toBe(200);
    expect((await admin.bap("GET", `${BAP}/adminApplications/${STRANGER}?api-version=2020-10-01`)).body).toEqual({
      applicationId: STRANGER,
    });
    expect((await admin.bap("DELETE", `${BAP}/adminApplications/${STRANGER}?api-version=2020-10-01`)).status).toBe(200);
    expect((await stranger.bap("GET", listPath)).status).toBe(403);
  });

  it("registerAdminApplication() registers programmatically", async () => {
    const c = await client(emulator, { appId: STRANGER });
    expect((await c.bap("GET", listPath)).status).toBe(403);
    emulator.registerAdminApplication(STRANGER);
    expect((await c.bap("GET", listPath)).status).toBe(200);
  });
});

describe("emulatorCredential", () => {
  it("mints an unsigned JWT whose audience is the scope without /.default", async () => {
    const credential = emulatorCredential({ appId: APP, kind: "user", objectId: "oid-1", tenantId: "tid-1" });
    const result = await credential.getToken("https://service.powerapps.com/.default");
    const [header, payload, signature] = (result?.token ?? "").split(".");
    expect(JSON.parse(Buffer.from(header ?? "", "base64url").toString())).toEqual({ alg: "none", typ: "JWT" });
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString());
    expect({ ...claims, iat: 0, exp: 0 }).toEqual({
      aud: "https://service.powerapps.com",
      tid: "tid-1",
      appid: APP,
      oid: "oid-1",
      idtyp: "user",
      iat: 0,
      exp: 0,
    });
    expect(claims.exp - claims.iat).toBe(3600);
    expect(signature).toBe("");
    expect(result?.expiresOnTimestamp).toBe(claims.exp * 1000);
  });

  it("refuses a call without a scope", async () => {
    await expect(emulatorCredential().getToken([])).rejects.toThrow("emulatorCredential: getToken needs a scope");
  });
});
