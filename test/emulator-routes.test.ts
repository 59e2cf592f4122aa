/**
 * The emulator serves what the client calls, and nothing else (issue 13): every route it registers is a row of the
 * route table in packages/emulator/README.md, and that row names the `PowerPlatformClient` operations that call it.
 * A route added without a client operation, or a row that names an operation the client does not have, fails here.
 */
import { readFile } from "node:fs/promises";
import { type Emulator, startEmulator } from "@govai/emulator";
import { PowerPlatformClient } from "@govai/powerplatform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const README = new URL("../packages/emulator/README.md", import.meta.url);

/** The rows of the README's route table: route name → the operations named in its last column. */
async function routeTable(): Promise<Map<string, string[]>> {
  const text = await readFile(README, "utf8");
  const section = text.slice(text.indexOf("\n## Routes"), text.indexOf("\n## Behaviours reproduced"));
  const rows = new Map<string, string[]>();
  for (const line of section.split("\n")) {
    const cells = line.split(" | ");
    const name = /^\| `([A-Za-z.]+)`$/.exec(cells[0] ?? "")?.[1];
    if (!name) continue;
    if (rows.has(name)) throw new Error(`the route table lists ${name} twice`);
    const usedBy = (cells.at(-1) ?? "").replace(/\|$/, "");
    rows.set(
      name,
      [...usedBy.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1] ?? ""),
    );
  }
  return rows;
}

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 1 });
});
afterAll(async () => {
  await emulator.close();
});

describe("emulator routes and the client", () => {
  it("every route served is a row of the README's route table, and every row is a route served", async () => {
    const served = emulator.router.routes.map((r) => r.name).sort();
    expect(new Set(served).size).toBe(served.length);
    expect([...(await routeTable()).keys()].sort()).toEqual(served);
  });

  it("every row names at least one operation, and each one is a PowerPlatformClient method", async () => {
    const methods = new Set(
      Object.getOwnPropertyNames(PowerPlatformClient.prototype).filter(
        (n) =>
          n !== "constructor" &&
          typeof Object.getOwnPropertyDescriptor(PowerPlatformClient.prototype, n)?.value === "function",
      ),
    );
    const unknown: string[] = [];
    const empty: string[] = [];
    for (const [route, operations] of await routeTable()) {
      if (operations.length === 0) empty.push(route);
      for (const op of operations) if (!methods.has(op)) unknown.push(`${route}: ${op}`);
    }
    expect({ empty, unknown }).toEqual({ empty: [], unknown: [] });
  });
});
