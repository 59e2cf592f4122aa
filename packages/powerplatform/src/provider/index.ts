/**
 * `@govai/powerplatform/provider`: the govai Pulumi provider as a library. `main.ts` serves it as the
 * `pulumi-resource-govai` plugin; tests and embedders call {@link makeProvider} directly.
 *
 * ```ts
 * import { PowerPlatformClient } from "@govai/powerplatform";
 * import { clientPort, makeProvider } from "@govai/powerplatform/provider";
 * const client = new PowerPlatformClient({ endpoints: emulator.endpoints, credential });
 * const provider = makeProvider(() => clientPort(client));
 * ```
 */
export { clientPort, lazyPort } from "./client-port.ts";
export type { ArgsOf, InputOf, ResourceDescription } from "./describe.ts";
export { DESCRIPTIONS } from "./descriptions.ts";
export { computeDiff } from "./diff.ts";
export { type Deadlines, ProviderError, type ResourceHandler, ResourceInitError } from "./handler.ts";
export { type Failure, RESOURCE_TYPES, type ResourceTypeName } from "./inputs.ts";
export { NORMALISERS, normalise } from "./normalise.ts";
export type { CallOptions, PowerPlatformPort } from "./port.ts";
export {
  type ClientFactory,
  type CloudName,
  HANDLERS,
  makeProvider,
  type ProviderOptions,
  tokens,
  typeOfUrn,
} from "./provider.ts";
export { getSchema, PROVIDER_VERSION } from "./schema.ts";
export { secret, UNKNOWN } from "./wire.ts";
