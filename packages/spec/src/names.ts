/**
 * Derived resource names: deterministic, distinct per workload and stage, and within each service's limits.
 * A name that would be too long is cut and given a short stable hash of the full name, so two long names that
 * share a prefix still differ.
 */
import { createHash } from "node:crypto";
import type { StageName, StageNames } from "./model.ts";

/** First `length` hex digits of the SHA-256 of `text`. */
export function shortHash(text: string, length = 6): string {
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, length);
}

/** Limits of one kind of name. */
export interface NameRule {
  /** Longest allowed name. */
  max: number;
  /** Characters allowed; every other character becomes `-`. */
  allowed: RegExp;
  /** Lower-case the name. */
  lowerCase?: boolean;
}

/**
 * Fit `base` into `rule`: replace disallowed characters by `-`, collapse and trim hyphens, and when too long keep
 * a prefix and append `-<hash6>` of the whole base.
 */
export function fitName(base: string, rule: NameRule): string {
  let name = rule.lowerCase ? base.toLowerCase() : base;
  name = [...name].map((c) => (rule.allowed.test(c) ? c : "-")).join("");
  name = name.replace(/-{2,}/g, "-").replace(/^-+|-+$/g, "");
  if (name.length <= rule.max) return name;
  const hash = shortHash(base);
  const prefix = name.slice(0, rule.max - hash.length - 1).replace(/[-_.]+$/, "");
  return `${prefix}-${hash}`;
}

/** Limits of the names this library derives. Sources: Azure naming rules, Entra and Power Platform limits. */
export const NAME_RULES = {
  /** Azure resource group: 1–90 of letters, digits, `-_.()`. */
  resourceGroup: { max: 90, allowed: /[A-Za-z0-9_.()-]/ },
  /** Log Analytics workspace: 4–63 of letters, digits and hyphens, starting and ending alphanumeric. */
  logAnalyticsWorkspace: { max: 63, allowed: /[A-Za-z0-9-]/ },
  /** Application Insights component: 1–255. */
  appInsights: { max: 255, allowed: /[A-Za-z0-9_.()-]/ },
  /** Monitor action group: 1–260. */
  actionGroup: { max: 260, allowed: /[A-Za-z0-9_.-]/ },
  /** Action group short name: 1–12. */
  actionGroupShortName: { max: 12, allowed: /[A-Za-z0-9-]/ },
  /** Consumption budget: 1–63 of letters, digits, `-_`. */
  budget: { max: 63, allowed: /[A-Za-z0-9_-]/ },
  /** Entra application display name: at most 120 characters. */
  entraApplication: { max: 120, allowed: /\P{Cc}/u },
  /** DLP policy display name. */
  dlpPolicy: { max: 256, allowed: /\P{Cc}/u },
  /** Dataverse domain: lower-case letters, digits, hyphens; at most 63. */
  dataverseDomain: { max: 63, allowed: /[a-z0-9-]/, lowerCase: true },
  /** Power Platform environment display name. */
  environmentDisplayName: { max: 100, allowed: /\P{Cc}/u },
} as const satisfies Record<string, NameRule>;

const STAGE_ABBREVIATIONS: Record<StageName, string> = { dev: "dev", test: "tst", prod: "prd" };

/** The derived names of one stage of workload `name`. */
export function stageNames(name: string, stage: StageName): StageNames {
  const ns = `${name}-${stage}`;
  const shortBase = `${name}-${STAGE_ABBREVIATIONS[stage]}`;
  const actionGroupShortName =
    shortBase.length <= NAME_RULES.actionGroupShortName.max
      ? shortBase
      : `${name.slice(0, 3)}${shortHash(name, 4)}-${STAGE_ABBREVIATIONS[stage]}`;
  return {
    resourceGroup: fitName(`rg-${ns}`, NAME_RULES.resourceGroup),
    logAnalyticsWorkspace: fitName(`log-${ns}`, NAME_RULES.logAnalyticsWorkspace),
    appInsights: fitName(`appi-${ns}`, NAME_RULES.appInsights),
    actionGroup: fitName(`ag-${ns}`, NAME_RULES.actionGroup),
    actionGroupShortName,
    budget: fitName(`budget-${ns}`, NAME_RULES.budget),
    deploymentApplication: fitName(`govai-${ns}-deploy`, NAME_RULES.entraApplication),
    dlpPolicy: fitName(`${ns}-dlp`, NAME_RULES.dlpPolicy),
  };
}

/** Default Dataverse domain of a stage: `<name>-<stage>`. */
export function defaultDomain(name: string, stage: StageName): string {
  return fitName(`${name}-${stage}`, NAME_RULES.dataverseDomain);
}

/** Default environment display name: `<displayName> (<stage>)`. */
export function defaultEnvironmentDisplayName(displayName: string, stage: StageName): string {
  const suffix = ` (${stage})`;
  const max = NAME_RULES.environmentDisplayName.max - suffix.length;
  const base =
    displayName.length <= max ? displayName : `${displayName.slice(0, max - 7).trimEnd()}-${shortHash(displayName)}`;
  return `${base}${suffix}`;
}

/** Default display name of a runtime identity's Entra application. */
export function runtimeApplicationName(name: string, stage: StageName, key: string): string {
  return fitName(`govai-${name}-${stage}-${key}`, NAME_RULES.entraApplication);
}
