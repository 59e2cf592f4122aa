/** Managed-environment converters: string booleans and numbers, enum case drift, inverted flags. */
import { MAX_SHARE_LIMIT } from "@govai/spec/model";
import { readEnum, readStringBoolean, readStringInteger, splitList } from "../../client/common.convert.ts";
import type { ManagedEnvironmentSettings, SharingMode, SolutionCheckerMode } from "../../client/types.ts";
import type { WireExtendedSettings } from "./wire.ts";

const APP_MODES = ["noLimit", "excludeSharingToSecurityGroups"] as const;
const AGENT_MODES: readonly SharingMode[] = ["noLimit", "excludeSharingToSecurityGroups", "disableSharing"];
const FLOW_MODES = ["noLimit", "disableSharing"] as const;
const CHECKER_MODES: readonly SolutionCheckerMode[] = ["none", "warn", "block"];

/** Keys this converter models; the rest are kept in `other`. */
export const MODELLED_KEYS: readonly string[] = [
  "excludeEnvironmentFromAnalysis",
  "includeOnHomepageInsights",
  "isGroupSharingDisabled",
  "limitSharingMode",
  "maxLimitUserSharing",
  "solutionCheckerMode",
  "solutionCheckerRuleOverrides",
  "suppressValidationEmails",
  "disableAiGeneratedDescriptions",
  "solutionCloudFlows-limitSharingMode",
  "solutionCloudFlows-maxLimitUserSharing",
  "bot-authoringSharingDisabled",
  "bot-limitSharingMode",
  "bot-maxLimitUserSharing",
  "makerOnboardingUrl",
  "makerOnboardingMarkdown",
];

function checkInteger(field: string, value: number, min: number, max: number): string {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`${field} must be an integer from ${min} to ${max} (-1 = no limit), got ${value}`);
  }
  return String(value);
}

/** Builds `extendedSettings`: every unprefixed key always, the flow and agent keys only when configured. */
export function toWireExtendedSettings(settings: ManagedEnvironmentSettings): WireExtendedSettings {
  const { sharing, solutionChecker } = settings;
  const out: WireExtendedSettings = { ...(settings.other ?? {}) };
  out.excludeEnvironmentFromAnalysis = String(!settings.usageInsights);
  out.includeOnHomepageInsights = "false";
  out.isGroupSharingDisabled = String(sharing.apps.groupSharingDisabled);
  out.limitSharingMode = sharing.apps.mode;
  out.maxLimitUserSharing = checkInteger("sharing.apps.maxUsers", sharing.apps.maxUsers, -1, MAX_SHARE_LIMIT);
  out.solutionCheckerMode = solutionChecker.mode;
  for (const rule of solutionChecker.ruleOverrides) {
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(rule)) {
      throw new TypeError(
        `solutionChecker.ruleOverrides: ${JSON.stringify(rule)} is not a rule code such as meta-remove-dup-reg`,
      );
    }
  }
  out.solutionCheckerRuleOverrides = solutionChecker.ruleOverrides.join(",");
  out.suppressValidationEmails = String(solutionChecker.suppressValidationEmails);
  out.disableAiGeneratedDescriptions = "false";
  if (sharing.flows) {
    out["solutionCloudFlows-limitSharingMode"] = sharing.flows.mode;
    out["solutionCloudFlows-maxLimitUserSharing"] = "-1";
  }
  if (sharing.agents) {
    out["bot-authoringSharingDisabled"] = String(sharing.agents.editorSharingDisabled);
    out["bot-limitSharingMode"] = sharing.agents.mode;
    out["bot-maxLimitUserSharing"] = checkInteger(
      "sharing.agents.maxViewers",
      sharing.agents.maxViewers,
      -1,
      MAX_SHARE_LIMIT,
    );
  }
  if (settings.makerWelcome) {
    out.makerOnboardingMarkdown = settings.makerWelcome.markdown;
    if (settings.makerWelcome.url !== undefined) out.makerOnboardingUrl = settings.makerWelcome.url;
  }
  return out;
}

/** Reads `extendedSettings` back, tolerating case drift (`NoLimit`, `Warn`) and missing keys. */
export function toManagedEnvironmentSettings(wire: WireExtendedSettings): ManagedEnvironmentSettings {
  const flowsMode = wire["solutionCloudFlows-limitSharingMode"];
  const botMode = wire["bot-limitSharingMode"];
  const other: Record<string, string> = {};
  for (const [key, value] of Object.entries(wire)) if (!MODELLED_KEYS.includes(key)) other[key] = value;
  const result: ManagedEnvironmentSettings = {
    sharing: {
      apps: {
        groupSharingDisabled: readStringBoolean(wire.isGroupSharingDisabled, false),
        mode: readEnum(wire.limitSharingMode, APP_MODES, "noLimit"),
        maxUsers: readStringInteger(wire.maxLimitUserSharing, -1),
      },
      flows: flowsMode === undefined ? undefined : { mode: readEnum(flowsMode, FLOW_MODES, "noLimit") },
      agents:
        botMode === undefined
          ? undefined
          : {
              editorSharingDisabled: readStringBoolean(wire["bot-authoringSharingDisabled"], false),
              mode: readEnum(botMode, AGENT_MODES, "noLimit"),
              maxViewers: readStringInteger(wire["bot-maxLimitUserSharing"], -1),
            },
    },
    solutionChecker: {
      mode: readEnum(wire.solutionCheckerMode, CHECKER_MODES, "none"),
      ruleOverrides: splitList(wire.solutionCheckerRuleOverrides),
      suppressValidationEmails: readStringBoolean(wire.suppressValidationEmails, false),
    },
    usageInsights: !readStringBoolean(wire.excludeEnvironmentFromAnalysis, false),
    makerWelcome:
      wire.makerOnboardingMarkdown === undefined && wire.makerOnboardingUrl === undefined
        ? undefined
        : { markdown: wire.makerOnboardingMarkdown ?? "", url: wire.makerOnboardingUrl || undefined },
  };
  if (Object.keys(other).length > 0) result.other = other;
  return result;
}
