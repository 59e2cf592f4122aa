/**
 * SolutionDeployment through the plugin executable over gRPC, against the emulator: the schema lists it, Check reads
 * the solution file and refuses one that does not fit, Create installs with the deployment settings, Read reports
 * the installed version, an Update to the next version upgrades, a lower version is refused with the options, and
 * Delete uninstalls.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_APP_ID, DEFAULT_TENANT_ID, type Emulator, startEmulator } from "@govai/emulator";
import type { ServiceError } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentSolutionZip, environmentInputs, solutionInputs } from "./fixtures.ts";
import { launch, type Plugin, urnOf } from "./harness.ts";

let emulator: Emulator;
let plugin: Plugin;
const URN = urnOf("SolutionDeployment", "agent");
const dir = mkdtempSync(path.join(tmpdir(), "govai-plugin-solution-"));

function file(name: string, bytes: Buffer) {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return { file: p, sha256: createHash("sha256").update(bytes).digest("hex") };
}

beforeAll(async () => {
  emulator = await startEmulator({
    seed: 17,
    adminApplications: [DEFAULT_APP_ID],
    timing: { metadataHiddenGets: 0, managementRunningGets: 0, solutionImportPolls: 0 },
  });
  plugin = await launch({
    GOVAI_POWERPLATFORM_ENDPOINTS: JSON.stringify(emulator.endpoints),
    GOVAI_POWERPLATFORM_EMULATOR_IDENTITY: `app:${DEFAULT_APP_ID}`,
    AZURE_TENANT_ID: DEFAULT_TENANT_ID,
  });
});
afterAll(async () => {
  plugin?.stop();
  expect(emulator.log.unmatched).toEqual([]);
  await emulator?.close();
});

describe("SolutionDeployment over gRPC", () => {
  it("is in the schema with its inputs and outputs", async () => {
    const schema = (await plugin.schema()) as {
      resources: Record<string, { inputProperties: Record<string, unknown>; properties: Record<string, unknown> }>;
    };
    const r = schema.resources["govai:powerplatform:SolutionDeployment"];
    expect(Object.keys(r?.inputProperties ?? {})).toEqual([
      "environmentId",
      "uniqueName",
      "version",
      "solutionFile",
      "solutionContent",
      "sha256",
      "deploymentSettings",
      "rollback",
      "cloud",
    ]);
    expect(Object.keys(r?.properties ?? {}).slice(9)).toEqual([
      "solutionId",
      "displayName",
      "lastOperation",
      "importJobId",
      "lastImportMinutes",
      "adopted",
    ]);
  });

  it("installs, reads, upgrades, refuses a downgrade and uninstalls", async () => {
    const envUrn = urnOf("Environment", "alm");
    const envInputs = (
      await plugin.check(envUrn, {
        ...environmentInputs,
        dataverse: { ...environmentInputs.dataverse, domain: "claims-alm" },
      })
    ).inputs;
    const env = (await plugin.create(envUrn, envInputs)).id;

    const v1 = file("agent-1.0.zip", agentSolutionZip("1.0.0.0"));
    const wrong = await plugin.check(URN, { ...solutionInputs(env, v1.file, v1.sha256, "1.0"), uniqueName: "Other" });
    expect(wrong.failures).toEqual([
      { property: "uniqueName", reason: `solutionFile ${v1.file} is the solution ClaimsAgent, not Other` },
    ]);

    const checked = await plugin.check(URN, solutionInputs(env, v1.file, v1.sha256, "1.0"));
    expect(checked.failures).toEqual([]);
    const created = await plugin.create(URN, checked.inputs);
    expect([created.id, created.props.version, created.props.lastOperation, created.props.displayName]).toEqual([
      `${env}/ClaimsAgent`,
      "1.0.0.0",
      "install",
      "Claims agent",
    ]);
    const read = await plugin.read(URN, created.id, created.props);
    expect(read.inputs).toEqual(checked.inputs);

    const v2 = file("agent-2.0.zip", agentSolutionZip("2.0.0.0"));
    const next = (await plugin.check(URN, solutionInputs(env, v2.file, v2.sha256, "2.0"))).inputs;
    const diff = await plugin.diff(URN, created.id, created.props, next);
    expect([diff.changes, diff.replaces]).toEqual([2, []]);
    const upgraded = await plugin.update(URN, created.id, created.props, next);
    expect([upgraded.version, upgraded.lastOperation]).toEqual(["2.0.0.0", "upgrade"]);
    expect(emulator.log.count({ route: "dataverse.solutions.stageAndUpgradeAsync" })).toEqual(1);

    const back = await plugin.update(URN, created.id, upgraded, checked.inputs).then(
      () => undefined,
      (e: ServiceError) => e,
    );
    expect(back?.details).toContain(
      "SolutionDeployment ClaimsAgent: ClaimsAgent 2.0.0.0 is installed and 1.0.0.0 is wanted; a managed solution cannot be downgraded in place.",
    );

    await plugin.delete(URN, created.id, upgraded);
    const org = emulator.state.environments[env]?.dataverse;
    expect([org?.solutions, org?.connectionReferences, org?.environmentVariableValues]).toEqual([{}, {}, {}]);
    expect(emulator.log.count({ route: "dataverse.solutions.importAsync" })).toEqual(1);
  });
});
