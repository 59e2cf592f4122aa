/**
 * `govai adopt` end to end: the real command (the node_modules/.bin shim, Node 24) against the emulator on
 * 127.0.0.1, configured the way a user configures the provider plugin (GOVAI_POWERPLATFORM_ENDPOINTS and the
 * emulator identity instead of AZURE_*). Proves the exit codes and one-line errors, that the files it writes pass
 * `govai validate`, and that `govai plan --format json` of the written spec plans every imported resource under
 * the name and parent the import file gives it.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Emulator } from "@govai/emulator";
import { afterEach, describe, expect, it } from "vitest";
import {
  ADMIN,
  RUNTIME,
  seedingClient,
  seedPilot,
  startTenant,
  tenantEnv,
} from "../../packages/cli/test/adopt-fixtures.ts";
import { govai } from "./run-govai.ts";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const tmp = () => mkdtempSync(path.join(tmpdir(), "govai-adopt-e2e-"));

interface ImportEntry {
  type: string;
  name: string;
  id?: string;
  component?: true;
  parent?: string;
}

describe("govai adopt through the command", () => {
  it("adopts a pilot as dev: exit 0, the spec validates, and the plan has every imported resource", async () => {
    emulator = await startTenant();
    const pilot = await seedPilot(seedingClient(emulator), emulator);
    const dir = tmp();

    const run = await govai(
      ["adopt", "--environment", pilot.environmentId, "--exclude-app", ADMIN, "--out", "pilot.yaml"],
      dir,
      tenantEnv(emulator),
    );

    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(run.stdout.split("\n").slice(0, 2)).toEqual([
      `Adopted environment ${pilot.environmentId} ("Claims Pilot") as stage dev of workload claims-pilot.`,
      "Wrote pilot.yaml and import-claims-pilot-dev.json (5 resources to import: Environment, EnvironmentSettings, DataPolicy, ManagedEnvironment, ApplicationUser).",
    ]);
    expect(run.stdout).toContain(`  The application user # ${ADMIN} (${ADMIN}): left out with --exclude-app.\n`);
    expect(readdirSync(dir).sort()).toEqual(["import-claims-pilot-dev.json", "pilot.yaml"]);

    const validate = await govai(["validate", "pilot.yaml"], dir);
    expect([validate.code, validate.stderr, validate.stdout.split("\n")[0]]).toEqual([
      0,
      "",
      "valid: pilot.yaml: claims-pilot (Claims Pilot), problem revision 1, stages dev, test, prod",
    ]);

    const plan = await govai(["plan", "pilot.yaml", "--stage", "dev", "--format", "json"], dir);
    expect([plan.code, plan.stderr]).toEqual([0, ""]);
    const planned = (
      JSON.parse(plan.stdout) as {
        stages: Array<{ resources: Array<{ type: string; name: string; urn: string; parent?: string }> }>;
      }
    ).stages[0]!.resources;
    const imports = (
      JSON.parse(readFileSync(path.join(dir, "import-claims-pilot-dev.json"), "utf8")) as { resources: ImportEntry[] }
    ).resources;
    const nameOf = (urn: string | undefined) => planned.find((r) => r.urn === urn)?.name;
    expect(imports.map((i) => [i.type, i.name, i.parent])).toEqual(
      imports.map((i) => {
        const p = planned.find((r) => r.name === i.name);
        return [p?.type, p?.name, nameOf(p?.parent)];
      }),
    );
    expect(imports.filter((i) => !i.component).map((i) => i.id)).toEqual([
      pilot.environmentId,
      pilot.environmentId,
      pilot.policyId,
      pilot.environmentId,
      `${pilot.environmentId}/${RUNTIME}`,
    ]);
  });

  it("exit 2 for an identity that is no admin management application, one line, nothing written", async () => {
    emulator = await startTenant();
    const pilot = await seedPilot(seedingClient(emulator), emulator);
    const dir = tmp();
    const run = await govai(
      ["adopt", "--environment", pilot.environmentId],
      dir,
      tenantEnv(emulator, "0a1b2c3d-0000-4000-8000-00000000b002"),
    );
    expect([run.code, run.stdout, run.stderr.split("\n").length]).toEqual([2, "", 2]);
    expect(run.stderr).toMatch(
      /^govai: adopt: permission denied: The service principal with id '[^']+' for application '0a1b2c3d-0000-4000-8000-00000000b002' does not have permission to access the path /,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it("exit 2 for an unknown environment and exit 1 for one without Dataverse, one line each, nothing written", async () => {
    emulator = await startTenant();
    const env = await seedingClient(emulator).createEnvironment({
      displayName: "Claims (no Dataverse)",
      description: "",
      type: "Sandbox",
      location: "europe",
      azureRegion: "westeurope",
    });
    const dir = tmp();

    expect(
      await govai(["adopt", "--environment", "00000000-0000-4000-8000-00000000ffff"], dir, tenantEnv(emulator)),
    ).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "govai: adopt: environment 00000000-0000-4000-8000-00000000ffff does not exist in this tenant (or this identity cannot see it)\n",
    });
    expect(await govai(["adopt", "--environment", env.id], dir, tenantEnv(emulator))).toEqual({
      code: 1,
      stdout: "",
      stderr: `govai: adopt: environment ${env.id} ("Claims (no Dataverse)") has no Dataverse database; a governed workload needs one for auditing, the IP firewall and application users (add Dataverse to it in the Power Platform admin centre, then run adopt again)\n`,
    });
    expect(await govai(["adopt", "--environment", env.id, "--stage", "qa"], dir, tenantEnv(emulator))).toEqual({
      code: 2,
      stdout: "",
      stderr: "govai: adopt: unknown stage 'qa'; expected one of dev, test, prod\n",
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("is listed in govai --help and has its own --help", async () => {
    const dir = tmp();
    const help = await govai(["--help"], dir);
    expect(help.stdout).toContain(
      "\n  adopt      Adopt an existing pilot environment as a stage: workload.yaml, a pulumi import file, the drift\n",
    );
    const own = await govai(["adopt", "--help"], dir);
    expect([own.code, own.stdout.split("\n")[2]]).toEqual([
      0,
      "Usage: govai adopt --environment <id> [--stage dev|test|prod (default dev)] [--workload NAME] [--out FILE (default workload.yaml) | --into SPEC] [--import-file FILE] [--dlp-policy NAME] [--exclude-app CLIENT_ID]... [--force] [--as-of YYYY-MM-DD]",
    ]);
  });
});
