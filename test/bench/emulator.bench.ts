/**
 * Emulator throughput: how many requests a test suite can push through one emulator. Measures sequential and
 * concurrent environment GETs, a full create (POST + lifecycle polls) and the list with many environments.
 * Prints a table; compare ratios within one run (these machines are shared and noisy).
 */
import { emulatorCredential, startEmulator } from "../../packages/emulator/src/index.ts";

const APP = "0a1b2c3d-0000-4000-8000-00000000e005";
const BAP = "/providers/Microsoft.BusinessAppPlatform";

const emulator = await startEmulator({ seed: 1, adminApplications: [APP], timing: { metadataHiddenGets: 0 } });
const token = (await emulatorCredential({ appId: APP }).getToken("https://service.powerapps.com/.default"))?.token;
const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };

async function create(domain: string): Promise<string> {
  const started = await fetch(`${emulator.endpoints.bapi}${BAP}/environments?api-version=2023-06-01`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      location: "europe",
      properties: {
        displayName: domain,
        environmentSku: "Sandbox",
        linkedEnvironmentMetadata: {
          domainName: domain,
          baseLanguage: 1033,
          currency: { code: "EUR" },
          securityGroupId: "00000000-0000-0000-0000-000000000000",
        },
      },
    }),
  });
  const location = started.headers.get("location") ?? "";
  for (;;) {
    const op = (await (await fetch(location, { headers })).json()) as {
      state: { id: string };
      links: { environment: { path: string } };
    };
    if (op.state.id !== "Running") return op.links.environment.path.split("/").pop() ?? "";
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(name: string, count: number, concurrency: number, one: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await one(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  rows.push({
    case: name,
    requests: count,
    concurrency,
    "ops/s": Math.round(count / seconds),
    "p50 ms": percentile(latencies, 50).toFixed(2),
    "p99 ms": percentile(latencies, 99).toFixed(2),
  });
}

const rows: Array<Record<string, string | number>> = [];
const envId = await create("bench-0");
const get = () =>
  fetch(`${emulator.endpoints.bapi}${BAP}/scopes/admin/environments/${envId}?api-version=2023-06-01`, { headers }).then(
    (r) => r.arrayBuffer(),
  );
await measure("warm-up GET", 200, 1, get);
rows.length = 0;
await measure("GET environment", 2000, 1, get);
await measure("GET environment", 2000, 8, get);
await measure("create (POST + 2 polls)", 200, 4, (i) => create(`bench-${i + 1}`));
await measure("list (201 environments)", 200, 1, () =>
  fetch(`${emulator.endpoints.bapi}${BAP}/scopes/admin/environments?api-version=2023-06-01`, { headers }).then((r) =>
    r.arrayBuffer(),
  ),
);
console.table(rows);
console.log(`log entries: ${emulator.log.entries.length}; unmatched: ${emulator.log.unmatched.length}`);
await emulator.close();
