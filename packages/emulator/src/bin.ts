#!/usr/bin/env node
/**
 * `govai-emulator`: runs the emulator until killed. Prints the base URL on the first stdout line, the endpoints
 * JSON (`{"bapi","powerApps","ppapi"}`) on the second and the control token on the third, so a parent process can
 * read all three.
 */
import { parseArgs } from "node:util";
import { applyConfig, defaultConfig, type EmulatorBehaviour, type EmulatorTiming } from "./config.ts";
import { startEmulator } from "./emulator.ts";

const USAGE = `Usage: govai-emulator [options]

Runs a loopback emulator of the Power Platform admin APIs until interrupted.
Prints the base URL, the endpoints JSON, then the control token (for
Authorization: Bearer <token> on /_emulator/*), one a line, on stdout.

Options:
  --port <n>            TCP port on 127.0.0.1 (default: a free port)
  --seed <s>            seed for reproducible ids (default: random ids)
  --tenant-id <guid>    tenant id of the emulated tenant
  --register-app <id>   register a client id as an admin management application (repeatable)
  --config <json>       knobs, e.g. '{"timing":{"lifecyclePolls":3},"behaviour":{"createMode":"sync"}}'
  -h, --help            show this help
`;

function fail(message: string): never {
  process.stderr.write(`govai-emulator: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      options: {
        port: { type: "string" },
        seed: { type: "string" },
        "tenant-id": { type: "string" },
        "register-app": { type: "string", multiple: true },
        config: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    fail((error as Error).message);
  }
}

async function main(): Promise<void> {
  const values = parse();
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`--port must be an integer 0-65535, got '${values.port}'`);
  let knobs: { timing?: Partial<EmulatorTiming>; behaviour?: Partial<EmulatorBehaviour> } = {};
  if (values.config !== undefined) {
    try {
      knobs = JSON.parse(values.config);
      applyConfig(defaultConfig(), knobs);
    } catch (error) {
      fail(`--config: ${(error as Error).message}`);
    }
  }
  const emulator = await startEmulator({
    port,
    ...(values.seed !== undefined ? { seed: values.seed } : {}),
    ...(values["tenant-id"] !== undefined ? { tenantId: values["tenant-id"] } : {}),
    adminApplications: values["register-app"] ?? [],
    ...(knobs.timing ? { timing: knobs.timing } : {}),
    ...(knobs.behaviour ? { behaviour: knobs.behaviour } : {}),
  });
  process.stdout.write(`${emulator.url}\n${JSON.stringify(emulator.endpoints)}\n${emulator.controlToken}\n`);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`govai-emulator: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`govai-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
