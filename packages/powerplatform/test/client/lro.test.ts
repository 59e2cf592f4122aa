/**
 * Lifecycle-operation rules: Retry-After re-read on every poll, 409 while polling, deadlines, the empty-body 409 of
 * a busy environment, and re-issuing an operation that ended Failed.
 */
import type { Emulator } from "@govai/emulator";
import { afterEach, describe, expect, it } from "vitest";
import { DeadlineExceededError, EnvironmentBusyError, LifecycleOperationFailedError } from "../../src/client/errors.ts";
import type { ManagedEnvironmentSettings } from "../../src/client/types.ts";
import { clientFor, devInput, start } from "./support.ts";

const ENVS = "/bap/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments";
const settings: ManagedEnvironmentSettings = {
  sharing: { apps: { groupSharingDisabled: true, mode: "noLimit", maxUsers: -1 } },
  solutionChecker: { mode: "warn", ruleOverrides: [], suppressValidationEmails: false },
  usageInsights: false,
};

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

describe("a busy environment: 409 with an empty body", () => {
  // Terraform provider fixture internal/services/environment/tests/resource/Validate_Delete_Retry_On_EmptyBody_Conflict
  // (three empty 409s on DELETE, then 202) and the managed environment's Validate_Create_Retries_When_Enablement_Conflicts.
  it("delete waits it out with a doubling, jittered backoff (random fixed at 0.5: 1.5 s, 3 s, …)", async () => {
    emulator = await start({ timing: { busyAfterCreateCalls: 3 } });
    const { client, clock } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    const before = clock.sleeps.length;
    await client.deleteEnvironment(env.id);
    expect(emulator.log.find({ route: "environments.delete" }).map((e) => e.status)).toEqual([409, 409, 409, 202]);
    expect(clock.sleeps.slice(before, before + 3)).toEqual([1_500, 3_000, 6_000]);
    expect(emulator.state.environments).toEqual({});
  });

  it("delete gives up after polling.startAttempts with EnvironmentBusyError, and nothing is deleted", async () => {
    emulator = await start({ timing: { busyAfterCreateCalls: 100 } });
    const { client, clock } = clientFor(emulator, { polling: { startAttempts: 4 } });
    const env = await client.createEnvironment(devInput());
    const before = clock.sleeps.length;
    const error = await client.deleteEnvironment(env.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentBusyError);
    const busy = error as EnvironmentBusyError;
    expect([busy.status, busy.code, busy.rawBody]).toEqual([409, undefined, ""]);
    expect(busy.message).toMatch(
      new RegExp(
        `^still busy after 4 start attempts: deleteEnvironment: DELETE http://127\\.0\\.0\\.1:\\d+${ENVS}/${env.id}\\?api-version=2023-06-01 → 409: \\(empty body\\) \\(request id emu-\\d+, client request id [0-9a-f-]{36}\\)\\nHint: the service kept refusing the operation with an empty 409: the environment is busy \\(right after its creation, or with another lifecycle operation\\); wait a few minutes and run again$`,
      ),
    );
    expect(emulator.log.find({ route: "environments.delete" }).map((e) => e.status)).toEqual([409, 409, 409, 409]);
    expect(clock.sleeps.slice(before)).toEqual([1_500, 3_000, 6_000]);
    expect(Object.keys(emulator.state.environments)).toEqual([env.id]);
  });

  it("governanceConfiguration re-reads the environment after each empty 409, waits, and gives up the same way", async () => {
    emulator = await start({ timing: { busyAfterCreateCalls: 100 } });
    const { client, clock } = clientFor(emulator, { polling: { startAttempts: 3 } });
    const env = await client.createEnvironment(devInput());
    emulator.log.clear();
    const before = clock.sleeps.length;
    const error = await client.setManagedEnvironment(env.id, settings).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentBusyError);
    expect((error as Error).message).toMatch(/^still busy after 3 start attempts: setManagedEnvironment: POST /);
    expect(emulator.log.entries.map((e) => `${e.method} ${e.route} ${e.status}`)).toEqual([
      "GET environments.get 200",
      "POST environments.governanceConfiguration 409",
      "GET environments.get 200",
      "POST environments.governanceConfiguration 409",
      "GET environments.get 200",
      "POST environments.governanceConfiguration 409",
      "GET environments.get 200",
    ]);
    expect(clock.sleeps.slice(before)).toEqual([1_500, 3_000]);
    expect(emulator.state.environments[env.id]?.properties.governanceConfiguration).toEqual({
      protectionLevel: "Basic",
    });
  });
});

describe("an operation that ends Failed is issued again (idempotent operations only), bounded", () => {
  // Terraform provider fixture internal/services/environment/tests/resource/Validate_Retry_LidecycleOperation:
  // get_lifecycle_delete_1..3 read Failed, Failed, Succeeded for three DELETEs.
  const states = (type: string) =>
    Object.values(emulator.state.lifecycleOperations)
      .filter((o) => o.type === type)
      .map((o) => o.state);

  it("delete: Failed, Failed, Succeeded — three DELETEs, a doubling backoff apart (1.5 s, 3 s at random 0.5)", async () => {
    emulator = await start({ timing: { busyAfterCreateCalls: 0 } });
    const { client, clock } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    emulator.faults.add({ method: "DELETE", path: `${ENVS}/*`, kind: "failLifecycle", times: 2 });
    const before = clock.sleeps.length;
    await client.deleteEnvironment(env.id);
    expect(emulator.log.find({ route: "environments.delete" }).map((e) => e.status)).toEqual([202, 202, 202]);
    expect(states("Delete")).toEqual(["Failed", "Failed", "Succeeded"]);
    expect(clock.sleeps.slice(before).filter((ms) => ms === 1_500 || ms === 3_000)).toEqual([1_500, 3_000]);
    expect(emulator.state.environments).toEqual({});
  });

  it("delete that fails every time: LifecycleOperationFailedError carrying each attempt, the environment kept", async () => {
    emulator = await start({ timing: { busyAfterCreateCalls: 0 } });
    const { client } = clientFor(emulator, { polling: { failedOperationAttempts: 3 } });
    const env = await client.createEnvironment(devInput());
    emulator.faults.add({ method: "DELETE", path: `${ENVS}/*`, kind: "failLifecycle", times: "always" });
    const error = await client.deleteEnvironment(env.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LifecycleOperationFailedError);
    const ops = Object.values(emulator.state.lifecycleOperations)
      .filter((o) => o.type === "Delete")
      .map((o) => o.id);
    expect((error as LifecycleOperationFailedError).attempts.map((a) => [a.operationId, a.message])).toEqual(
      ops.map((op) => [op, `deleteEnvironment: lifecycle operation ${op} failed: Run`]),
    );
    expect((error as Error).message).toEqual(
      [
        "deleteEnvironment: the lifecycle operation ended Failed each of the 3 times it was issued:",
        ...ops.map((op, i) => `  ${i + 1}. deleteEnvironment: lifecycle operation ${op} failed: Run`),
      ].join("\n"),
    );
    expect(Object.keys(emulator.state.environments)).toEqual([env.id]);
  });

  it("update (PATCH), type change (modifySku) and governance are issued again after a Failed operation", async () => {
    emulator = await start({ timing: { busyAfterCreateCalls: 0 } });
    const { client } = clientFor(emulator);
    const env = await client.createEnvironment(devInput());
    emulator.faults.add({ method: "PATCH", path: `${ENVS}/*`, kind: "failLifecycle" });
    emulator.faults.add({ method: "POST", path: `${ENVS}/*/modifySku`, kind: "failLifecycle" });
    emulator.faults.add({ method: "POST", path: "*/governanceConfiguration", kind: "failLifecycle" });
    expect((await client.updateEnvironment(env.id, { description: "renamed" })).description).toEqual("renamed");
    expect((await client.changeEnvironmentType(env.id, "Production")).type).toEqual("Production");
    expect((await client.setManagedEnvironment(env.id, settings)).managed).toEqual(true);
    expect([states("Edit"), states("ModifySku"), states("EnableGovernanceConfiguration")]).toEqual([
      ["Failed", "Succeeded"],
      ["Failed", "Succeeded"],
      ["Failed", "Succeeded"],
    ]);
  });
});
