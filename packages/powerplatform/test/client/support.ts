/** Shared helpers of the client tests: an emulator, a client on a virtual clock, and a standard create input. */
import { type Emulator, type EmulatorOptions, emulatorCredential, startEmulator } from "@govai/emulator";
import { PowerPlatformClient, type PowerPlatformClientOptions } from "../../src/client/client.ts";
import { type VirtualClock, virtualClock } from "../../src/client/clock.ts";
import type { EnvironmentCreateInput, ManagedEnvironmentSettings } from "../../src/client/types.ts";

/** A registered service principal. */
export const APP = "0a1b2c3d-0000-4000-8000-00000000a001";
/** A service principal that is not registered as an admin management application. */
export const STRANGER = "0a1b2c3d-0000-4000-8000-00000000b002";
export const ZERO = "00000000-0000-0000-0000-000000000000";

/** Id number n of the counting generator. */
export function id(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

/** An emulator with counting ids and {@link APP} registered. */
export async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  let n = 0;
  return startEmulator({ idGenerator: () => id(++n), adminApplications: [APP], ...options });
}

/** A client on a virtual clock (sleeps return at once), pointed at the emulator, with deterministic jitter. */
export function clientFor(
  emulator: Emulator,
  options: PowerPlatformClientOptions & { appId?: string; kind?: "app" | "user" } = {},
): { client: PowerPlatformClient; clock: VirtualClock } {
  const clock = virtualClock();
  const { appId, kind, ...rest } = options;
  const client = new PowerPlatformClient({
    credential: emulatorCredential({ appId: appId ?? APP, kind: kind ?? "app" }),
    endpoints: emulator.endpoints,
    clock,
    random: () => 0.5,
    ...rest,
  });
  return { client, clock };
}

/** A Sandbox environment with Dataverse in `europe`. */
export function devInput(domain = "agents-dev"): EnvironmentCreateInput {
  return {
    displayName: "Agents (dev)",
    description: "Dev environment for the claims agent",
    type: "Sandbox",
    location: "europe",
    azureRegion: "westeurope",
    dataverse: { language: 1033, currency: "EUR", domain, securityGroupId: undefined },
  };
}

/** Managed-environment settings of a locked-down prod: sharing limited, solution checker blocking. */
export const prodSettings: ManagedEnvironmentSettings = {
  sharing: {
    apps: { groupSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxUsers: 20 },
    flows: { mode: "disableSharing" },
    agents: { editorSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxViewers: 20 },
  },
  solutionChecker: { mode: "block", ruleOverrides: ["meta-remove-dup-reg"], suppressValidationEmails: true },
  usageInsights: true,
  makerWelcome: undefined,
};

/** {@link prodSettings} as the wire's extendedSettings (every value a string, the service's enum casing). */
export const prodExtendedSettings = {
  excludeEnvironmentFromAnalysis: "false",
  includeOnHomepageInsights: "false",
  isGroupSharingDisabled: "true",
  limitSharingMode: "excludeSharingToSecurityGroups",
  maxLimitUserSharing: "20",
  solutionCheckerMode: "block",
  solutionCheckerRuleOverrides: "meta-remove-dup-reg",
  suppressValidationEmails: "true",
  disableAiGeneratedDescriptions: "false",
  "solutionCloudFlows-limitSharingMode": "disableSharing",
  "solutionCloudFlows-maxLimitUserSharing": "-1",
  "bot-authoringSharingDisabled": "true",
  "bot-limitSharingMode": "excludeSharingToSecurityGroups",
  "bot-maxLimitUserSharing": "20",
};
