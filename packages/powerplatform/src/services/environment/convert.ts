/** Environment converters: wire ↔ caller types. Zero GUIDs, domain case and the create-body rules stop here. */
import type { CloudProfile } from "../../client/clouds.ts";
import { lastSegment, readOptionalId, ZERO_GUID } from "../../client/common.convert.ts";
import type { Environment, EnvironmentCreateInput, EnvironmentUpdate } from "../../client/types.ts";
import { toManagedEnvironmentSettings } from "../managed-environment/convert.ts";
import { splitCreateMarker } from "./ownership.ts";
import type { WireEnvironment, WireEnvironmentCreate, WireEnvironmentPatch, WireLifecycleOperation } from "./wire.ts";

/** Lower-cases and checks a Dataverse domain: letters, digits and hyphens, 1–63 characters, no leading/trailing hyphen. */
export function normaliseDomain(domain: string): string {
  const d = domain.trim().toLowerCase();
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(d)) {
    throw new TypeError(
      `invalid Dataverse domain ${JSON.stringify(domain)}: use lower-case letters, digits and hyphens, at most 63 characters, not starting or ending with a hyphen`,
    );
  }
  return d;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkGuid(field: string, value: string): string {
  if (!GUID.test(value)) throw new TypeError(`${field} must be a GUID, got ${JSON.stringify(value)}`);
  return value.toLowerCase();
}

/** Builds the create body. Optional blocks are left out entirely; the zero GUID is never sent for a group or billing policy. */
export function toWireEnvironmentCreate(input: EnvironmentCreateInput, profile: CloudProfile): WireEnvironmentCreate {
  if (!input.displayName || input.displayName.length > 100) {
    throw new TypeError(`displayName must be 1–100 characters, got ${JSON.stringify(input.displayName)}`);
  }
  if (!input.location) throw new TypeError("location is required (a Power Platform geography such as `europe`)");
  const properties: WireEnvironmentCreate["properties"] = {
    displayName: input.displayName,
    environmentSku: input.type,
  };
  if (input.description !== undefined) properties.description = input.description;
  if (input.azureRegion) properties.azureRegion = input.azureRegion;
  if (input.updateCadence) properties.updateCadence = { id: input.updateCadence };
  const billing = readOptionalId(input.billingPolicyId);
  if (billing) properties.billingPolicy = { id: checkGuid("billingPolicyId", billing) };
  const group = readOptionalId(input.environmentGroupId);
  if (group) properties.parentEnvironmentGroup = { id: checkGuid("environmentGroupId", group) };
  if (input.earlyRelease) properties.cluster = { category: profile.earlyReleaseCluster };
  if (input.ai && Object.values(input.ai).some((v) => v !== undefined)) {
    if (!profile.generativeAiFlags) {
      throw new TypeError(
        `generative-AI settings (ai.*) are only accepted in the public cloud, not in ${profile.cloud}`,
      );
    }
    Object.assign(properties, toWireAiFlags(input.ai));
  }
  if (input.dataverse) {
    const dv = input.dataverse;
    if (!Number.isInteger(dv.language) || dv.language <= 0) {
      throw new TypeError(`dataverse.language must be an LCID such as 1033, got ${JSON.stringify(dv.language)}`);
    }
    if (!/^[A-Za-z]{3}$/.test(dv.currency)) {
      throw new TypeError(
        `dataverse.currency must be an ISO 4217 code such as EUR, got ${JSON.stringify(dv.currency)}`,
      );
    }
    const metadata: NonNullable<WireEnvironmentCreate["properties"]["linkedEnvironmentMetadata"]> = {
      baseLanguage: dv.language,
      domainName: normaliseDomain(dv.domain),
      currency: { code: dv.currency.toUpperCase() },
    };
    const sg = readOptionalId(dv.securityGroupId);
    // The service expects the zero GUID for "no group" in the create body of non-Developer environments.
    metadata.securityGroupId = sg ? checkGuid("dataverse.securityGroupId", sg) : ZERO_GUID;
    if (dv.templates && dv.templates.length > 0) metadata.templates = [...dv.templates];
    if (dv.templateMetadata !== undefined) metadata.templateMetadata = dv.templateMetadata;
    properties.databaseType = "CommonDataService";
    properties.linkedEnvironmentMetadata = metadata;
  }
  return { location: input.location, properties };
}

/** The generative-AI keys of a create or PATCH body; only the switches given. */
export function toWireAiFlags(
  ai: EnvironmentCreateInput["ai"],
): Pick<WireEnvironmentPatch["properties"], "bingChatEnabled" | "m365Enabled" | "copilotPolicies"> {
  const out: Pick<WireEnvironmentPatch["properties"], "bingChatEnabled" | "m365Enabled" | "copilotPolicies"> = {};
  if (!ai) return out;
  if (ai.bingSearch !== undefined) out.bingChatEnabled = ai.bingSearch;
  if (ai.m365Services !== undefined) out.m365Enabled = ai.m365Services;
  if (ai.crossGeoDataMovement !== undefined || ai.crossBoundaryDataMovement !== undefined) {
    out.copilotPolicies = {};
    if (ai.crossGeoDataMovement !== undefined)
      out.copilotPolicies.crossGeoCopilotDataMovementEnabled = ai.crossGeoDataMovement;
    if (ai.crossBoundaryDataMovement !== undefined) {
      out.copilotPolicies.crossBoundaryCopilotDataMovementEnabled = ai.crossBoundaryDataMovement;
    }
  }
  return out;
}

/** Builds the (non-AI) PATCH body; undefined when nothing but AI flags changes. On PATCH the zero GUID removes a group. */
export function toWireEnvironmentPatch(update: EnvironmentUpdate): WireEnvironmentPatch | undefined {
  const p: WireEnvironmentPatch["properties"] = {};
  if (update.displayName !== undefined) p.displayName = update.displayName;
  if (update.description !== undefined) p.description = update.description;
  if (update.updateCadence !== undefined) p.updateCadence = { id: update.updateCadence };
  if (update.environmentGroupId !== undefined) {
    p.parentEnvironmentGroup = {
      id: update.environmentGroupId === null ? ZERO_GUID : checkGuid("environmentGroupId", update.environmentGroupId),
    };
  }
  if (update.billingPolicyId !== undefined) {
    p.billingPolicy = {
      id: update.billingPolicyId === null ? ZERO_GUID : checkGuid("billingPolicyId", update.billingPolicyId),
    };
  }
  const lem: NonNullable<WireEnvironmentPatch["properties"]["linkedEnvironmentMetadata"]> = {};
  if (update.domain !== undefined) lem.domainName = normaliseDomain(update.domain);
  if (update.securityGroupId !== undefined) {
    lem.securityGroupId =
      update.securityGroupId === null ? ZERO_GUID : checkGuid("securityGroupId", update.securityGroupId);
  }
  if (update.backgroundOperations !== undefined)
    lem.backgroundOperationsState = update.backgroundOperations ? "Enabled" : "Disabled";
  if (Object.keys(lem).length > 0) p.linkedEnvironmentMetadata = lem;
  if (update.adminMode !== undefined) p.states = { runtime: { id: update.adminMode ? "AdminMode" : "Enabled" } };
  return Object.keys(p).length > 0 ? { properties: p } : undefined;
}

/** Converts an environment body to the caller type. Returns undefined when the body has no id. */
export function fromWireEnvironment(wire: WireEnvironment): Environment | undefined {
  const id = wire.name ?? lastSegment(wire.id);
  if (!id) return undefined;
  const p = wire.properties ?? {};
  const lem = p.linkedEnvironmentMetadata;
  const gov = p.governanceConfiguration;
  const managed = (gov?.protectionLevel ?? "").toLowerCase() === "standard";
  const extended = gov?.settings?.extendedSettings;
  return {
    id,
    displayName: p.displayName ?? "",
    // The marker a create writes (environments.ownership.ts) is the client's, not the caller's text.
    description: splitCreateMarker(p.description).text,
    type: p.environmentSku ?? "",
    location: wire.location ?? "",
    azureRegion: p.azureRegion || undefined,
    tenantId: p.tenantId || undefined,
    provisioningState: p.provisioningState || undefined,
    updateCadence: p.updateCadence?.id || undefined,
    billingPolicyId: readOptionalId(p.billingPolicy?.id),
    environmentGroupId: readOptionalId(p.parentEnvironmentGroup?.id),
    managementState: p.states?.management?.id || undefined,
    runtimeState: p.states?.runtime?.id || undefined,
    managed,
    governance: managed && extended ? toManagedEnvironmentSettings(extended) : undefined,
    ai: {
      bingSearch: p.bingChatEnabled ?? false,
      m365Services: p.m365Enabled ?? false,
      crossGeoDataMovement: p.copilotPolicies?.crossGeoCopilotDataMovementEnabled ?? false,
      crossBoundaryDataMovement: p.copilotPolicies?.crossBoundaryCopilotDataMovementEnabled ?? false,
    },
    dataverse:
      lem?.instanceUrl && lem.domainName
        ? {
            organizationId: lem.resourceId || undefined,
            uniqueName: lem.uniqueName || undefined,
            domain: lem.domainName.toLowerCase(),
            version: lem.version || undefined,
            url: lem.instanceUrl,
            apiUrl: lem.instanceApiUrl || undefined,
            language: lem.baseLanguage,
            securityGroupId: readOptionalId(lem.securityGroupId),
            backgroundOperationsEnabled:
              lem.backgroundOperationsState === undefined
                ? undefined
                : lem.backgroundOperationsState.toLowerCase() === "enabled",
            instanceState: lem.instanceState || undefined,
          }
        : undefined,
    copilotStudioUrl: p.runtimeEndpoints?.["microsoft.PowerVirtualAgents"] || undefined,
    runtimeEndpoints: { ...(p.runtimeEndpoints ?? {}) },
  };
}

/** The lifecycle state, the environment id (`links.environment.path`) and the operation id of a lifecycle body. */
export function readLifecycleOperation(body: WireLifecycleOperation | undefined): {
  state: string | undefined;
  environmentId: string | undefined;
  operationId: string | undefined;
} {
  return {
    state: body?.state?.id,
    environmentId: lastSegment(body?.links?.environment?.path),
    operationId: body?.id,
  };
}
