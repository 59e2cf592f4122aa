import net from "node:net";
import { describe, expect, it } from "vitest";

describe("network guard", () => {
  it("refuses a connection to a non-loopback host before any packet leaves", () => {
    expect(() => net.connect({ host: "203.0.113.10", port: 443 })).toThrow(
      "network guard: test tried to connect to 203.0.113.10; only 127.0.0.1 is allowed",
    );
    const recorded = (globalThis as { __govaiNetworkViolations?: string[] }).__govaiNetworkViolations ?? [];
    expect(recorded).toEqual(["network guard: test tried to connect to 203.0.113.10; only 127.0.0.1 is allowed"]);
    recorded.splice(0); // provoked on purpose: do not fail this file in afterAll
  });
  it("refuses fetch to a real Microsoft host", async () => {
    await expect(fetch("https://api.bap.microsoft.com/providers")).rejects.toThrow("fetch failed");
    const recorded = (globalThis as { __govaiNetworkViolations?: string[] }).__govaiNetworkViolations ?? [];
    expect(recorded).toEqual([
      "network guard: test tried to connect to api.bap.microsoft.com; only 127.0.0.1 is allowed",
    ]);
    recorded.splice(0);
  });
  it("allows loopback", async () => {
    const server = net.createServer((s) => s.end("ok"));
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const port = (server.address() as net.AddressInfo).port;
    const data = await new Promise<string>((ok, fail) => {
      const s = net.connect({ host: "127.0.0.1", port });
      let buf = "";
      s.on("data", (b) => {
        buf += b;
      });
      s.on("end", () => ok(buf));
      s.on("error", fail);
    });
    server.close();
    expect(data).toBe("ok");
  });
});
