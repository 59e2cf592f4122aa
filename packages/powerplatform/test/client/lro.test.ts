/** Lifecycle-operation polling rules: Retry-After re-read on every poll, 409 while polling, deadlines. */
import type { Emulator } from "@govai/emulator";
import { afterEach, expect, it } from "vitest";
import { DeadlineExceededError } from "../../src/client/errors.ts";
import { clientFor, devInput, start } from "./support.ts";

let emulator: Emulator;
afterEach(async () => {
  expect(emulator.log.unmatched).toEqual([]);
  await emulator.close();
});

it("re-reads Retry-After on every poll and falls back to the poll interval when a response has none", async () => {
  emulator = await start({ timing: { lifecyclePolls: 3, retryAfterSeconds: 2, metadataHiddenGets: 0 } });
  const { client, clock } = clientFor(emulator);
  // The second poll answers 409 without Retry-After: keep waiting, with the default 5 s interval.
  emulator.faults.add({ method: "GET", path: "/bap-regional/*", kind: "status", status: 409, skip: 1 });
  await client.createEnvironment(devInput());
  expect(emulator.log.find({ family: "bapiRegional" }).map((e) => e.status)).toEqual([200, 409, 200, 200, 200]);
  // after the 202 (Retry-After 2), poll 1 Running (2), poll 2 409 (none → 5 s), polls 3 and 4 Running (2), poll 5 Succeeded
  expect(clock.sleeps).toEqual([2_000, 2_000, 5_000, 2_000, 2_000]);
});

it("clamps a Retry-After of 0 to the 0.5 s floor", async () => {
  emulator = await start({ timing: { lifecyclePolls: 2, retryAfterSeconds: 0, metadataHiddenGets: 0 } });
  const { client, clock } = clientFor(emulator);
  await client.createEnvironment(devInput());
  expect(clock.sleeps).toEqual([500, 500, 500]);
});

it("stops polling at the operation deadline with DeadlineExceededError", async () => {
  emulator = await start({ timing: { lifecyclePolls: 1000, retryAfterSeconds: 10 } });
  const { client } = clientFor(emulator);
  const error = await client
    .changeEnvironmentType("00000000-0000-4000-8000-000000000404", "Production", { timeoutMs: 60_000 })
    .catch((e: unknown) => e);
  expect((error as Error).name).toEqual("PowerPlatformApiError");
  const env = await client.createEnvironment(devInput(), { timeoutMs: 60_000 }).catch((e: unknown) => e);
  expect(env).toBeInstanceOf(Error);
  expect((env as Error).name).toEqual("PartialCreateError");
  expect((env as Error).cause).toBeInstanceOf(DeadlineExceededError);
  expect(((env as Error).cause as Error).message).toEqual(
    "createEnvironment: the deadline passed while waiting for a lifecycle operation",
  );
});
