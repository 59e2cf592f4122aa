/**
 * Normalisation of every resource's inputs, and their keys. Separate from the rules (`rules.ts`, zod) so the plugin
 * starts without loading zod. Normalisation is unknown-safe: a preview hands us unknowns anywhere, and they are left
 * alone.
 */
import { CONNECTOR_GROUPS, type ConnectorGroup } from "@govai/spec/model";
import { normaliseSolutionVersion, sha256Of } from "../services/solution-deployment/convert.ts";
import { isUnknown, type PropertyMap } from "./wire.ts";

/**
 * The connector groups of a DataPolicy: `CONNECTOR_GROUPS` of the spec's model. Imported from `@govai/spec/model`,
 * the model file alone (no zod, no yaml), so the plugin still prints its port before loading the spec.
 */
export const DATA_POLICY_GROUPS: readonly ConnectorGroup[] = CONNECTOR_GROUPS;

/** The zero GUID; the service's spelling of "none" for group ids. */
export const ZERO_GUID = "00000000-0000-0000-0000-000000000000";

/** Every resource type this provider serves, by the last part of its token (`govai:powerplatform:<Name>`). */
export const RESOURCE_TYPES = [
  "Environment",
  "ManagedEnvironment",
  "DataPolicy",
  "EnvironmentSettings",
  "ApplicationUser",
  "CopilotTelemetry",
  "AdminApplication",
  "SolutionDeployment",
] as const;

/** A resource type name (the last part of the token). */
export type ResourceTypeName = (typeof RESOURCE_TYPES)[number];

/** One check failure, as Pulumi wants it. */
export interface Failure {
  property: string;
  reason: string;
}

/** The name part of a connector id (`/providers/Microsoft.PowerApps/apis/shared_x` and `shared_x` are one connector). */
export function connectorKey(id: string): string {
  return (id.split("/").pop() ?? id).toLowerCase();
}

// --- normalisation (unknown-safe) ------------------------------------------------------------------------------

const mapStr = (v: unknown, f: (s: string) => string): unknown => (typeof v === "string" && !isUnknown(v) ? f(v) : v);
const lower = (v: unknown) => mapStr(v, (s) => s.toLowerCase());

/** Sorted and de-duplicated, when the array holds only known strings; otherwise unchanged. */
export function sortedUnique(v: unknown, key: (s: string) => string = (s) => s): unknown {
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string" || isUnknown(x))) return v;
  const byKey = new Map<string, string>();
  for (const s of v as string[]) if (!byKey.has(key(s))) byKey.set(key(s), s);
  return [...byKey.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** `""`, missing and the zero GUID are all "none" (undefined); other GUIDs are lower-cased. */
export function normaliseGroupId(v: unknown): unknown {
  if (v === undefined || v === null || v === "" || v === ZERO_GUID) return undefined;
  return lower(v);
}

function obj(v: unknown): PropertyMap | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as PropertyMap) : undefined;
}

/**
 * Normalises valid (or partially unknown) inputs into the canonical form stored as the resource's inputs: the
 * service's casing, defaults spelled out, collections sorted, "none" spelled as absence. Whatever a reviewer sees in
 * a diff is therefore meaningful: only real changes differ.
 */
export function normalise(type: ResourceTypeName, input: PropertyMap): PropertyMap {
  const i: PropertyMap = { ...input };
  switch (type) {
    case "Environment": {
      i.description = i.description ?? "";
      i.location = lower(i.location);
      i.azureRegion = lower(i.azureRegion);
      const d = obj(i.dataverse);
      if (d) {
        const dv: PropertyMap = {
          ...d,
          currency: mapStr(d.currency, (s) => s.toUpperCase()),
          domain: lower(d.domain),
          securityGroupId: normaliseGroupId(d.securityGroupId),
        };
        if (dv.securityGroupId === undefined) delete dv.securityGroupId;
        i.dataverse = dv;
      }
      i.environmentGroupId = normaliseGroupId(i.environmentGroupId);
      if (i.environmentGroupId === undefined) delete i.environmentGroupId;
      break;
    }
    case "ManagedEnvironment": {
      i.environmentId = lower(i.environmentId);
      const sc = obj(i.solutionChecker);
      if (sc) i.solutionChecker = { ...sc, ruleOverrides: sortedUnique(sc.ruleOverrides, (s) => s.toLowerCase()) };
      const mw = obj(i.makerWelcome);
      if (mw && mw.url === undefined) i.makerWelcome = { markdown: mw.markdown };
      if (i.makerWelcome === undefined || i.makerWelcome === null) delete i.makerWelcome;
      break;
    }
    case "DataPolicy": {
      i.environmentScope = i.environmentScope ?? "onlyEnvironments";
      i.environmentIds = sortedUnique(Array.isArray(i.environmentIds) ? i.environmentIds.map(lower) : i.environmentIds);
      for (const g of DATA_POLICY_GROUPS) i[g] = sortedUnique(i[g], connectorKey);
      i.endpointRules = i.endpointRules ?? {};
      i.actionRules = i.actionRules ?? {};
      const patterns = i.customConnectorPatterns ?? [];
      i.customConnectorPatterns =
        Array.isArray(patterns) && patterns.every((p) => typeof obj(p)?.order === "number")
          ? [...patterns].sort((a, b) => (a as { order: number }).order - (b as { order: number }).order)
          : patterns;
      break;
    }
    case "EnvironmentSettings": {
      i.environmentId = lower(i.environmentId);
      i.deleteBehavior = i.deleteBehavior ?? "restore";
      const f = obj(i.firewall);
      if (f) {
        i.firewall = {
          ...f,
          allowedRanges: sortedUnique(Array.isArray(f.allowedRanges) ? f.allowedRanges.map(lower) : f.allowedRanges),
          serviceTags: sortedUnique(f.serviceTags),
        };
      }
      break;
    }
    case "ApplicationUser":
      i.environmentId = lower(i.environmentId);
      i.applicationId = lower(i.applicationId);
      i.roles = sortedUnique(i.roles);
      break;
    case "CopilotTelemetry":
      i.environmentId = lower(i.environmentId);
      break;
    case "AdminApplication":
      i.applicationId = lower(i.applicationId);
      break;
    case "SolutionDeployment": {
      i.environmentId = lower(i.environmentId);
      i.version = mapStr(i.version, (s) => normaliseSolutionVersion(s) ?? s);
      // The content's digest is spelled out, so a changed content shows as a changed sha256 in the diff.
      if (typeof i.solutionContent === "string" && !isUnknown(i.solutionContent)) {
        i.sha256 = sha256Of(Buffer.from(i.solutionContent, "base64"));
      }
      i.sha256 = lower(i.sha256);
      const ds = obj(i.deploymentSettings);
      i.deploymentSettings = ds
        ? { environmentVariables: ds.environmentVariables ?? {}, connectionReferences: ds.connectionReferences ?? {} }
        : (i.deploymentSettings ?? { environmentVariables: {}, connectionReferences: {} });
      const rb = obj(i.rollback);
      i.rollback = rb ? { ...rb, strategy: rb.strategy ?? "refuse" } : (i.rollback ?? { strategy: "refuse" });
      break;
    }
  }
  if (i.cloud === undefined || i.cloud === null) delete i.cloud;
  return i;
}
