/** Environment group converters. */

import { GROUP_MAX_SHARE_LIMIT } from "@govai/spec/model";
import type { EnvironmentGroup, EnvironmentGroupRuleSet, EnvironmentGroupRules } from "../../client/types.ts";
import { splitCreateMarker } from "../environment/ownership.ts";
import type { WireEnvironmentGroup, WireRuleParameter, WireRuleSet } from "./wire.ts";

/** Builds the create/update body. */
export function toWireEnvironmentGroup(input: { displayName: string; description?: string }): WireEnvironmentGroup {
  if (!input.displayName?.trim()) throw new TypeError("displayName of an environment group must not be empty");
  return { displayName: input.displayName, description: input.description ?? "" };
}

/** Reads a group; the create marker at the end of its description (see `createEnvironmentGroup`) is not shown. */
export function fromWireEnvironmentGroup(w: WireEnvironmentGroup): EnvironmentGroup {
  return {
    id: w.id ?? "",
    displayName: w.displayName ?? "",
    description: splitCreateMarker(w.description).text,
    createdTime: w.createdTime,
  };
}

// ── Rule sets ──────────────────────────────────────────────────────────────────────────────────────────────────
// Rule types and value ids as the service recorded them for the Terraform provider
// (internal/services/environment_group_rule_set/tests/Validate_Create/get_rule_set.json).

/** The rule types this client manages; every other type in a rule set is kept as it is. */
export const MANAGED_RULE_TYPES = [
  "Sharing",
  "AdminDigest",
  "MakerOnboarding",
  "SolutionChecker",
  "Lifecycle",
  "GenerativeAISettings",
] as const;

/**
 * Why `rules.sharing.agents` is refused: the admin centre has agent-sharing rules, but neither the reference (§12.2)
 * nor the Terraform provider's rule-set service (constants, fixtures, docs) names their wire type or value ids.
 */
export const AGENT_SHARING_REFUSAL =
  "rules.sharing.agents cannot be written: the rule set's wire names for agent sharing are not known (reference §12.2); set agent sharing per environment instead";

/** The backup retention days the service accepts. */
export const RETENTION_DAYS = [7, 14, 21, 28] as const;
const APP_SHARING_MODES = ["noLimit", "excludeSharingToSecurityGroups"] as const;
const CHECKER_MODES = ["none", "warn", "block"] as const;

function rule(type: string, resourceType: string, value: Array<[string, string]>): WireRuleParameter {
  return { type, resourceType, value: value.map(([id, v]) => ({ id, value: v })), hasStagedChanges: true };
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new TypeError(`${name} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

function bool(name: string, value: unknown): string {
  if (typeof value !== "boolean") throw new TypeError(`${name} must be true or false, got ${JSON.stringify(value)}`);
  return String(value);
}

/**
 * Our rules as wire rules, in the order the service recorded them. `timestamp` is the maker-welcome timestamp to
 * send (RFC 1123, as recorded); `current` is the rule set being replaced: a managed rule keeps the value ids of the
 * current rule that this client does not write, and the maker-welcome timestamp stays when its content is unchanged.
 * Bad input throws a TypeError naming the rule, before any request.
 */
export function toWireRules(
  rules: EnvironmentGroupRules,
  timestamp: string,
  current: WireRuleParameter[] = [],
): WireRuleParameter[] {
  if (typeof rules !== "object" || rules === null) throw new TypeError("rules must be an object");
  const known = new Set([
    "sharing",
    "solutionChecker",
    "usageInsights",
    "makerWelcome",
    "backupRetentionDays",
    "generativeAi",
  ]);
  const unknown = Object.keys(rules).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new TypeError(`rules has unknown keys ${unknown.join(", ")}; known: ${[...known].join(", ")}`);
  }
  const out: WireRuleParameter[] = [];
  const { sharing, solutionChecker, usageInsights, makerWelcome, backupRetentionDays, generativeAi } = rules;
  if (sharing !== undefined) {
    if (sharing.agents !== undefined) {
      // The admin centre has agent-sharing rules, but their wire names were never captured (reference §12.2).
      throw new TypeError(AGENT_SHARING_REFUSAL);
    }
    const apps = sharing.apps;
    const max = apps?.maxUsers;
    if (typeof max !== "number" || !Number.isInteger(max) || max < -1 || max > GROUP_MAX_SHARE_LIMIT) {
      throw new TypeError(
        `rules.sharing.apps.maxUsers must be an integer from -1 to ${GROUP_MAX_SHARE_LIMIT}, got ${JSON.stringify(max)}`,
      );
    }
    out.push(
      rule("Sharing", "App", [
        ["CanShareWithSecurityGroups", oneOf("rules.sharing.apps.mode", apps.mode, APP_SHARING_MODES)],
        ["IsGroupSharingDisabled", bool("rules.sharing.apps.groupSharingDisabled", apps.groupSharingDisabled)],
        ["MaximumShareLimit", String(max)],
      ]),
    );
  }
  if (usageInsights !== undefined) {
    out.push(
      rule("AdminDigest", "NotSpecified", [
        ["IncludeOnHomePageInsights", "false"],
        ["ExcludeEnvironmentFromAnalysis", String(bool("rules.usageInsights", usageInsights) === "false")],
      ]),
    );
  }
  if (makerWelcome !== undefined) {
    const markdown = makerWelcome.markdown;
    const url = makerWelcome.url ?? "";
    if (typeof markdown !== "string") throw new TypeError("rules.makerWelcome.markdown must be a string");
    if (typeof url !== "string") throw new TypeError("rules.makerWelcome.url must be a string");
    const before = current.find((p) => p.type === "MakerOnboarding");
    const same =
      before &&
      valueIn(before, "makerOnboardingUrl") === url &&
      valueIn(before, "makerOnboardingMarkdown") === markdown;
    out.push(
      rule("MakerOnboarding", "NotSpecified", [
        ["makerOnboardingUrl", url],
        ["makerOnboardingMarkdown", markdown],
        ["makerOnboardingTimestamp", (same && valueIn(before, "makerOnboardingTimestamp")) || timestamp],
      ]),
    );
  }
  if (solutionChecker !== undefined) {
    const overrides = solutionChecker.ruleOverrides ?? [];
    for (const code of overrides) {
      if (typeof code !== "string" || !/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(code)) {
        throw new TypeError(`rules.solutionChecker.ruleOverrides holds an invalid rule code ${JSON.stringify(code)}`);
      }
    }
    out.push(
      rule("SolutionChecker", "NotSpecified", [
        ["solutionCheckerMode", oneOf("rules.solutionChecker.mode", solutionChecker.mode, CHECKER_MODES)],
        [
          "suppressValidationEmails",
          bool("rules.solutionChecker.suppressValidationEmails", solutionChecker.suppressValidationEmails ?? false),
        ],
        ["solutionCheckerRuleOverrides", overrides.join(",")],
      ]),
    );
  }
  if (backupRetentionDays !== undefined) {
    if (!(RETENTION_DAYS as readonly unknown[]).includes(backupRetentionDays)) {
      throw new TypeError(
        `rules.backupRetentionDays must be 7, 14, 21 or 28, got ${JSON.stringify(backupRetentionDays)}`,
      );
    }
    out.push(rule("Lifecycle", "NotSpecified", [["RetentionPeriod", `${backupRetentionDays}.00:00:00`]]));
  }
  if (generativeAi !== undefined) {
    out.push(
      rule("GenerativeAISettings", "NotSpecified", [
        [
          "crossGeoCopilotDataMovementEnabled",
          bool("rules.generativeAi.moveDataAcrossRegions", generativeAi.moveDataAcrossRegions),
        ],
        ["bingChatEnabled", bool("rules.generativeAi.bingSearch", generativeAi.bingSearch)],
      ]),
    );
  }
  // Value ids of a current managed rule that this client does not write stay as they were.
  for (const p of out) {
    const before = current.find((c) => c.type === p.type);
    for (const v of before?.value ?? []) if (!p.value.some((w) => w.id === v.id)) p.value.push({ ...v });
  }
  return out;
}

function valueIn(p: WireRuleParameter | undefined, id: string): string | undefined {
  return p?.value?.find((v) => v.id === id)?.value;
}

/** The parameters of `current` whose type this client does not manage (kept on every write). */
export function unmanagedRules(current: WireRuleParameter[]): WireRuleParameter[] {
  return current.filter((p) => !(MANAGED_RULE_TYPES as readonly string[]).includes(p.type));
}

/** Reads a rule set: our rules from the managed types, the other types by name. */
export function fromWireRuleSet(w: WireRuleSet, groupId: string): EnvironmentGroupRuleSet {
  const params = w.parameters ?? [];
  const find = (type: string) => params.find((p) => p.type === type);
  const rules: EnvironmentGroupRules = {};
  const sharing = find("Sharing");
  if (sharing) {
    rules.sharing = {
      apps: {
        mode:
          valueIn(sharing, "CanShareWithSecurityGroups") === "noLimit" ? "noLimit" : "excludeSharingToSecurityGroups",
        groupSharingDisabled: valueIn(sharing, "IsGroupSharingDisabled") === "true",
        maxUsers: Number(valueIn(sharing, "MaximumShareLimit") ?? "-1"),
      },
    };
  }
  const digest = find("AdminDigest");
  if (digest) rules.usageInsights = valueIn(digest, "ExcludeEnvironmentFromAnalysis") !== "true";
  const welcome = find("MakerOnboarding");
  if (welcome) {
    const url = valueIn(welcome, "makerOnboardingUrl");
    rules.makerWelcome = { markdown: valueIn(welcome, "makerOnboardingMarkdown") ?? "", url: url || undefined };
  }
  const checker = find("SolutionChecker");
  if (checker) {
    const mode = valueIn(checker, "solutionCheckerMode")?.toLowerCase();
    rules.solutionChecker = {
      mode: (CHECKER_MODES as readonly string[]).includes(mode ?? "")
        ? (mode as (typeof CHECKER_MODES)[number])
        : "none",
      ruleOverrides: (valueIn(checker, "solutionCheckerRuleOverrides") ?? "").split(",").filter((c) => c !== ""),
      suppressValidationEmails: valueIn(checker, "suppressValidationEmails") === "true",
    };
  }
  const lifecycle = find("Lifecycle");
  const days = Number((valueIn(lifecycle, "RetentionPeriod") ?? "").split(".")[0]);
  if (lifecycle && (RETENTION_DAYS as readonly number[]).includes(days)) {
    rules.backupRetentionDays = days as (typeof RETENTION_DAYS)[number];
  }
  const ai = find("GenerativeAISettings");
  if (ai) {
    rules.generativeAi = {
      moveDataAcrossRegions: valueIn(ai, "crossGeoCopilotDataMovementEnabled") === "true",
      bingSearch: valueIn(ai, "bingChatEnabled") === "true",
    };
  }
  return {
    id: w.id ?? "",
    groupId,
    rules,
    unmanagedRuleTypes: unmanagedRules(params).map((p) => p.type),
  };
}
