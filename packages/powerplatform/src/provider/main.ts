/**
 * The `pulumi-resource-govai` plugin: serves the govai provider over gRPC. The engine starts it as
 * `pulumi-resource-govai [--logtostderr] [-v=N] [--tracing URL] [<engine address>]`; it prints its port and serves
 * until killed. Nothing else may write to stdout before the port line. A failed call writes one line to stderr,
 * with its stack only when the engine passes `-v=N` (see `failure-log.ts`).
 *
 * Configuration comes only from the environment (the Node provider server passes no provider configuration):
 * `GOVAI_POWERPLATFORM_CLOUD`, `GOVAI_POWERPLATFORM_ENDPOINTS`, `GOVAI_POWERPLATFORM_EMULATOR_IDENTITY`, and the
 * `AZURE_*` variables `DefaultAzureCredential` reads.
 */
import module from "node:module";

// Cache compiled code between launches (the engine starts the plugin once per operation). Enabled before the
// imports below are evaluated, hence the dynamic imports.
module.enableCompileCache?.();
const { main } = await import("@pulumi/pulumi/provider/index.js");
const { clientPort, lazyPort } = await import("./client-port.ts");
const { makeProvider } = await import("./provider.ts");
const { quietConsoleError, ReportedErrors, verbosityOf, withFailureLog } = await import("./failure-log.ts");

type PowerPlatformPort = import("./port.ts").PowerPlatformPort;
type CloudName = import("./provider.ts").CloudName;
const ports = new Map<string, PowerPlatformPort>();

/** One client per cloud, shared by every resource (it holds the token cache and the per-host limiter). */
function portFor(cloud: CloudName | undefined): PowerPlatformPort {
  const key = cloud ?? "";
  let port = ports.get(key);
  if (!port) {
    port = lazyPort(async () => {
      const { clientFromEnv } = await import("../client/index.ts");
      const env = cloud ? { ...process.env, GOVAI_POWERPLATFORM_CLOUD: cloud } : process.env;
      return clientPort(clientFromEnv(env));
    });
    ports.set(key, port);
  }
  return port;
}

const args = process.argv.slice(2);
// One stderr line per failed call (the engine shows plugin stderr to the user); stacks only with `-v=N`.
const reported = new ReportedErrors();
quietConsoleError(reported);
const log = { verbose: verbosityOf(args) > 0, write: (line: string) => void process.stderr.write(`${line}\n`) };
await main(withFailureLog(makeProvider(portFor), log, reported), args);
