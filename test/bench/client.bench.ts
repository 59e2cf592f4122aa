/**
 * REST client benchmark (a plain script, not a test): against the emulator on loopback,
 * 1. HTTP requests per environment create (with Dataverse), under the emulator's default and slower knobs;
 * 2. notice delay: time between the emulator finishing a lifecycle operation and the client returning;
 * 3. a 429 storm: many parallel reads against an emulator that admits only 4 concurrent requests per family.
 * Run: `npm run bench -- client` (or `node test/bench/client.bench.ts`).
 */
import { emulatorCredential, startEmulator } from "@govai/emulator";
import {
  PowerPlatformClient,
  type PowerPlatformClientOptions,
  virtualClock,
} from "../../packages/powerplatform/src/client/index.ts";

const APP = "0a1b2c3d-0000-4000-8000-00000000a001";

function table(title: string, rows: Array<Record<string, string | number>>): void {
  console.log(`\n${title}`);
  console.table(rows);
}

function client(endpoints: PowerPlatformClientOptions["endpoints"], extra: PowerPlatformClientOptions = {}) {
  return new PowerPlatformClient({ credential: emulatorCredential({ appId: APP }), endpoints, ...extra });
}

async function requestsPerCreate(): Promise<void> {
  const rows: Array<Record<string, string | number>> = [];
  const scenarios = [
    { name: "emulator defaults (1 running poll, metadata hidden for 1 GET)", timing: {} },
    {
      name: "slower service (5 running polls, metadata hidden for 3 GETs)",
      timing: { lifecyclePolls: 5, metadataHiddenGets: 3 },
    },
    { name: "dropped create response (recovery by the create marker)", timing: {}, drop: true },
  ];
  for (const s of scenarios) {
    const emulator = await startEmulator({ adminApplications: [APP], timing: s.timing });
    const c = client(emulator.endpoints, { clock: virtualClock() });
    const n = 10;
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      if (s.drop)
        emulator.faults.add({
          method: "POST",
          path: "/bap/providers/Microsoft.BusinessAppPlatform/environments",
          kind: "dropResponse",
        });
      const finisher = s.drop ? setInterval(() => emulator.settleOperations(), 2) : undefined;
      await c
        .createEnvironment({
          displayName: `bench ${i}`,
          type: "Sandbox",
          location: "europe",
          dataverse: { language: 1033, currency: "EUR", domain: `bench-${i}` },
        })
        .finally(() => clearInterval(finisher));
    }
    rows.push({
      scenario: s.name,
      creates: n,
      "requests/create": c.stats.requests / n,
      "environments in emulator": Object.keys(emulator.state.environments).length,
      "ms/create (virtual clock, CPU+loopback only)": Math.round((performance.now() - started) / n),
    });
    await emulator.close();
  }
  table("1. HTTP requests per environment create (with Dataverse)", rows);
}

async function noticeDelay(): Promise<void> {
  const lifecycleMs = 1_200;
  const rows: Array<Record<string, string | number>> = [];
  const scenarios: Array<{
    name: string;
    retryAfterSeconds: number | null;
    polling?: PowerPlatformClientOptions["polling"];
  }> = [
    { name: "service sends Retry-After: 0 (client floor 500 ms)", retryAfterSeconds: 0 },
    { name: "service sends Retry-After: 1", retryAfterSeconds: 1 },
    { name: "no Retry-After, default 5 s poll interval", retryAfterSeconds: null },
    { name: "no Retry-After, poll interval 1 s", retryAfterSeconds: null, polling: { pollIntervalMs: 1_000 } },
  ];
  for (const s of scenarios) {
    const emulator = await startEmulator({
      adminApplications: [APP],
      timing: { retryAfterSeconds: s.retryAfterSeconds },
    });
    const c = client(emulator.endpoints, s.polling ? { polling: s.polling } : {});
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      // No busy window after the create: this measures noticing the end of the delete, not waiting out a busy 409.
      emulator.configure({
        timing: {
          lifecyclePolls: 0,
          lifecycleMs: 0,
          metadataHiddenGets: 0,
          managementRunningGets: 0,
          busyAfterCreateCalls: 0,
        },
      });
      const env = await c.createEnvironment({
        displayName: `n${i}`,
        type: "Sandbox",
        location: "europe",
        dataverse: { language: 1033, currency: "EUR", domain: `notice-${i}` },
      });
      emulator.configure({ timing: { lifecycleMs } });
      const before = c.stats.requests;
      const t0 = performance.now();
      await c.deleteEnvironment(env.id);
      delays.push(performance.now() - t0 - lifecycleMs);
      if (i === 0) delays.push(-(c.stats.requests - before)); // remember the request count once (negative marker)
    }
    const requests = -(delays.find((d) => d < 0) ?? 0);
    const measured = delays.filter((d) => d >= 0);
    rows.push({
      scenario: s.name,
      "operation length ms": lifecycleMs,
      "notice delay mean ms": Math.round(measured.reduce((a, b) => a + b, 0) / measured.length),
      "notice delay max ms": Math.round(Math.max(...measured)),
      "requests per delete": requests,
    });
    await emulator.close();
  }
  table("2. Delay between the service finishing a lifecycle operation (delete) and the client noticing", rows);
}

async function storm(): Promise<void> {
  const rows: Array<Record<string, string | number>> = [];
  for (const limit of [4, 16]) {
    const emulator = await startEmulator({
      adminApplications: [APP],
      behaviour: { maxConcurrentRequestsPerFamily: 4 },
    });
    emulator.faults.add({
      method: "GET",
      path: "/bap/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments",
      kind: "delay",
      ms: 20,
      times: "always",
    });
    const c = client(emulator.endpoints, { maxConcurrencyPerHost: limit, retry: { maxElapsedMs: 60_000 } });
    const calls = 200;
    const t0 = performance.now();
    const results = await Promise.allSettled(Array.from({ length: calls }, () => c.listEnvironments()));
    const seconds = (performance.now() - t0) / 1000;
    rows.push({
      "client per-host limit": limit,
      "service cap": 4,
      calls,
      "wall s": Number(seconds.toFixed(2)),
      "calls/s": Math.round(calls / seconds),
      "429s answered": emulator.log.count({ status: 429 }),
      retries: c.stats.retries,
      failures: results.filter((r) => r.status === "rejected").length,
    });
    await emulator.close();
  }
  // A storm of injected 429s without Retry-After on every other request, virtual clock: counts only.
  {
    const emulator = await startEmulator({ adminApplications: [APP] });
    emulator.faults.add({ method: "GET", kind: "status", status: 429, retryAfter: null, times: 300 });
    const c = client(emulator.endpoints, { clock: virtualClock() });
    const calls = 200;
    const t0 = performance.now();
    const results = await Promise.allSettled(Array.from({ length: calls }, () => c.listEnvironments()));
    const seconds = (performance.now() - t0) / 1000;
    rows.push({
      "client per-host limit": 8,
      "service cap": "300 injected 429s, no Retry-After (virtual clock)",
      calls,
      "wall s": Number(seconds.toFixed(2)),
      "calls/s": Math.round(calls / seconds),
      "429s answered": emulator.log.count({ status: 429 }),
      retries: c.stats.retries,
      failures: results.filter((r) => r.status === "rejected").length,
    });
    await emulator.close();
  }
  table("3. Throughput and failures under a 429 storm (200 parallel list calls)", rows);
}

await requestsPerCreate();
await noticeDelay();
await storm();
