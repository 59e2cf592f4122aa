/** Tenant isolation: 404 without a policy, PUT → 202 + Location polled to 200, both read shapes, validation. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.ts";
import { client, id, start } from "./support.ts";

let emulator: Emulator;
beforeEach(async () => {
  emulator = await start();
});
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

const path = (tenantId: string) => `/providers/PowerPlatform.Governance/v1/tenants/${tenantId}/tenantIsolationPolicy`;
const PARTNER = "12345678-1234-4234-8234-123456789012";

describe("tenant isolation", () => {
  it("reads 404 first; PUT answers 202 with a Location that answers 202, then 200 with the policy", async () => {
    const c = await client(emulator);
    const tenantId = emulator.state.tenantId;
    expect((await c.bap("GET", path(tenantId))).status).toBe(404);
    const body = {
      properties: {
        tenantId,
        isDisabled: false,
        allowedTenants: [{ tenantId: PARTNER, direction: { inbound: true, outbound: false } }],
      },
    };
    const started = await c.bap("PUT", path(tenantId), body);
    expect([started.status, started.headers.get("location"), started.headers.get("retry-after")]).toEqual([
      202,
      `${emulator.endpoints.bapi}${path(tenantId)}/operations/${id(1)}`,
      "2",
    ]);
    const location = started.headers.get("location") ?? "";
    expect((await c.url("GET", location)).status).toBe(202);
    const done = await c.url("GET", location);
    const expected = {
      id: path(tenantId),
      name: "tenantIsolationPolicy",
      type: "PowerPlatform.Governance/tenantIsolationPolicy",
      properties: body.properties,
    };
    expect(done).toMatchObject({ status: 200, body: expected });
    expect((await c.bap("GET", path(tenantId))).body).toEqual(expected);
    emulator.configure({ behaviour: { tenantIsolationShape: "flat" } });
    expect((await c.bap("GET", path(tenantId))).body).toEqual({ id: path(tenantId), ...body.properties });
  });

  it("answers 400 BadRequest with details for a malformed tenant id", async () => {
    const c = await client(emulator);
    const tenantId = emulator.state.tenantId;
    const reply = await c.bap("PUT", path(tenantId), {
      properties: {
        tenantId,
        isDisabled: false,
        allowedTenants: [{ tenantId: "not-a-guid", direction: { inbound: true, outbound: true } }],
      },
    });
    expect(reply).toMatchObject({
      status: 400,
      body: {
        error: {
          code: "BadRequest",
          message: "The tenant isolation policy is invalid.",
          details: [{ code: "ValidationError", message: "'not-a-guid' is not a valid tenant id." }],
        },
      },
    });
    expect((await c.bap("GET", path("nope"))).status).toBe(400);
  });

  it("applies at once in sync mode", async () => {
    emulator.configure({ behaviour: { tenantIsolationPutMode: "sync" } });
    const c = await client(emulator);
    const reply = await c.bap("PUT", path(emulator.state.tenantId), {
      properties: { isDisabled: true, allowedTenants: [] },
    });
    expect(reply.status).toBe(200);
    expect(emulator.state.tenantIsolation.policy).toEqual({
      tenantId: emulator.state.tenantId,
      isDisabled: true,
      allowedTenants: [],
    });
  });
});
