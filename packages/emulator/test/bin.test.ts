/**
 * The govai-emulator command: prints the URL, endpoints and control token, serves, refuses bad arguments, stops on
 * SIGTERM.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { emulatorCredential } from "../src/index.ts";

const BIN = fileURLToPath(new URL("../src/bin.ts", import.meta.url));
const APP = "0a1b2c3d-0000-4000-8000-00000000d004";

function run(args: string[]) {
  return spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
}

function firstLines(child: ReturnType<typeof run>, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split("\n");
      if (lines.length > count) resolve(lines.slice(0, count));
    });
    child.on("exit", (code) => reject(new Error(`exited with ${code} before printing ${count} lines: ${out}`)));
  });
}

describe("govai-emulator", () => {
  it("prints the URL, the endpoints JSON and the control token, serves requests for the registered app, and exits 0 on SIGTERM", async () => {
    const child = run(["--seed", "7", "--register-app", APP, "--config", '{"behaviour":{"createMode":"sync"}}']);
    const [url, endpointsJson, controlToken] = await firstLines(child, 3);
    expect(controlToken).toMatch(/^[0-9a-f]{64}$/);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(JSON.parse(endpointsJson ?? "")).toEqual({
      bapi: `${url}/bap`,
      powerApps: `${url}/powerapps`,
      ppapi: `${url}/ppapi`,
    });
    const token = await emulatorCredential({ appId: APP }).getToken("https://service.powerapps.com/.default");
    const reply = await fetch(
      `${url}/bap/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments?api-version=2023-06-01`,
      {
        headers: { authorization: `Bearer ${token?.token}` },
      },
    );
    expect([reply.status, await reply.json()]).toEqual([200, { value: [] }]);
    expect((await fetch(`${url}/_emulator/config`)).status).toBe(401);
    const config = (await (
      await fetch(`${url}/_emulator/config`, { headers: { authorization: `Bearer ${controlToken}` } })
    ).json()) as { behaviour: { createMode: string } };
    expect(config.behaviour.createMode).toBe("sync");
    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("refuses a bad argument with exit code 2 and the usage, without a stack trace", async () => {
    const child = run(["--config", '{"timing":{"lifecyclePolls":-1}}']);
    let err = "";
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(err.split("\n")[0]).toBe(
      "govai-emulator: --config: timing.lifecyclePolls must be a non-negative integer, got -1",
    );
    expect(err).toContain("Usage: govai-emulator [options]");
    expect(err).not.toContain("    at ");
  });
});
