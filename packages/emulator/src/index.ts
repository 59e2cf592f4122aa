/**
 * `@govai/emulator`: a loopback emulator of the Power Platform admin APIs (BAPI, PowerApps RP, Power Platform API,
 * Dataverse, Copilot Studio management) with fault injection, a request log and editable state.
 */
export {
  ADVISOR_AUDIENCE,
  COPILOT_STUDIO_AUDIENCE,
  DEFAULT_APP_ID,
  DEFAULT_OBJECT_ID,
  type EmulatorCredentialOptions,
  type EmulatorTokenClaims,
  emulatorCredential,
  mintEmulatorToken,
  POWERAPPS_AUDIENCE,
  PPAPI_AUDIENCE,
} from "./auth.ts";
export type { EmulatorBehaviour, EmulatorConfig, EmulatorTiming } from "./config.ts";
export { defaultConfig } from "./config.ts";
export { CONTROL_ROUTES } from "./control.ts";
export { Emulator, type EmulatorEndpoints, type EmulatorOptions, startEmulator } from "./emulator.ts";
export type { ActiveFault, FaultAction, FaultMatch, FaultRule, RetryAfterSpec } from "./faults.ts";
export { FaultSet } from "./faults.ts";
export { type Clock, guidGenerator, type IdGenerator } from "./ids.ts";
export { type Family, type LogEntry, type LogFilter, RequestLog } from "./log.ts";
export { tenantHostLabel } from "./routes/rulesets.ts";
export { FAMILY_PREFIXES } from "./server.ts";
export * from "./state.ts";
export { buildZip, readZipEntry } from "./zip.ts";
