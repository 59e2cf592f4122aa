/**
 * Environments (§3): create, get, list, PATCH, modifySku, delete, validateEnvironmentDetails,
 * governanceConfiguration (§4), and the lifecycle-operation polls. Reads are normalised like the service (§2.5).
 */
import { clone, isObject, type JsonObject, sameId } from "../json.ts";
import {
  AI_FLAG_KEYS,
  busyConflict,
  createOperation,
  newDataverseMetadata,
  notStartable,
  pollOperation,
  runningOperation,
  settle,
  startOperation,
  stillBusyAfterCreate,
} from "../lifecycle.ts";
import { CURRENCIES, findLocation, LANGUAGES, LOCATIONS } from "../locations.ts";
import { bapiError, empty, ok, type RouteResult } from "../responses.ts";
import type { EmulatorCore, RequestContext, Router } from "../router.ts";
import type { StoredEnvironment, StoredEnvironmentProperties } from "../state.ts";
import { ZERO_GUID } from "../state.ts";

const BAP = "/providers/Microsoft.BusinessAppPlatform";
const SKUS = ["Sandbox", "Production", "Trial", "Developer", "Default"];
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
/** extendedSettings keys whose enum values the service returns with a different initial-letter case. */
const DRIFTING_ENUM_KEYS = [
  "limitSharingMode",
  "solutionCheckerMode",
  "bot-limitSharingMode",
  "solutionCloudFlows-limitSharingMode",
];

/** The environment, or the service's 404. */
export function findEnvironment(core: EmulatorCore, envId: string): StoredEnvironment | RouteResult {
  const env = Object.values(core.state.environments).find((e) => sameId(e.name, envId));
  return env ?? bapiError(404, "EnvironmentNotFound", `The environment '${envId}' could not be found in the tenant.`);
}

/** True when the value is a stored environment rather than an error result. */
export function isEnvironment(value: StoredEnvironment | RouteResult): value is StoredEnvironment {
  return "properties" in value && "pending" in value;
}

/** The environment whose Dataverse domain is this one (case-insensitive), if any. */
export function environmentByDomain(core: EmulatorCore, domain: string): StoredEnvironment | undefined {
  return Object.values(core.state.environments).find((e) =>
    sameId(e.properties.linkedEnvironmentMetadata?.domainName, domain),
  );
}

/** True when the environment counts as a member of an environment group (a recorded zero GUID counts, §2.5). */
export function inGroup(env: StoredEnvironment): boolean {
  return (
    typeof env.properties.parentEnvironmentGroup?.id === "string" && env.properties.parentEnvironmentGroup.id !== ""
  );
}

function domainTaken(domain: string): RouteResult {
  return bapiError(
    409,
    "DomainNameAlreadyInUse",
    `The domain name '${domain.toLowerCase()}' is already in use. Please choose a different domain name.`,
  );
}

function unsetId(core: EmulatorCore): { id: string } | undefined {
  return core.config.behaviour.unsetIdStyle === "empty" ? { id: "" } : undefined;
}

/**
 * The environment as the service returns it. `countRead` marks a single-environment GET, which advances the
 * read-lag counters (metadata hidden, management Running, stale AI flags).
 */
export function renderEnvironment(core: EmulatorCore, env: StoredEnvironment, countRead: boolean): JsonObject {
  const { behaviour } = core.config;
  const p = clone(env.properties) as StoredEnvironmentProperties;
  for (const key of ["billingPolicy", "parentEnvironmentGroup"] as const) {
    const value = p[key];
    if (!value || value.id === "" || (key === "billingPolicy" && value.id === ZERO_GUID)) {
      // The service reads an unset billing policy as {"id": ""} whatever the style (every environment GET fixture
      // of the Terraform provider without a policy has it); an unset group follows `unsetIdStyle`.
      const replacement = key === "billingPolicy" ? { id: "" } : unsetId(core);
      if (replacement) p[key] = replacement;
      else delete p[key];
    }
  }
  const meta = p.linkedEnvironmentMetadata;
  const hideMeta = p.provisioningState === "Creating" || env.pending.metadataHiddenGets > 0;
  if (meta && !hideMeta) {
    const m = meta as unknown as JsonObject;
    if (!meta.securityGroupId || meta.securityGroupId === ZERO_GUID) {
      if (behaviour.unsetIdStyle === "empty") m.securityGroupId = "";
      else delete m.securityGroupId;
    }
    const dataverseUrl = core.urls.dataverse(meta.domainName);
    m.instanceUrl = dataverseUrl;
    m.instanceApiUrl = dataverseUrl.replace(/\/$/, "");
    m.friendlyName = p.displayName;
    m.createdTime = p.createdTime;
    m.platformSku = "Standard";
    m.schemaType = "Standard";
  } else {
    delete p.linkedEnvironmentMetadata;
  }
  const gov = p.governanceConfiguration;
  if (inGroup(env) && gov.protectionLevel === "Standard") {
    gov.settings = null;
  } else if (gov.settings && behaviour.enumCaseDrift) {
    const ext = gov.settings.extendedSettings;
    for (const key of DRIFTING_ENUM_KEYS) {
      const v = ext[key];
      if (typeof v === "string" && v.length > 0) ext[key] = v.charAt(0).toUpperCase() + v.slice(1);
    }
  }
  if (env.pending.managementRunningGets > 0) p.states.management = { id: "Running" };
  if (env.pending.aiFlagsStaleGets > 0 && env.pending.staleAiFlags) {
    for (const [key, value] of Object.entries(env.pending.staleAiFlags)) {
      if (value === null) delete p[key];
      else p[key] = clone(value);
    }
  }
  p.runtimeEndpoints = {
    "microsoft.BusinessAppPlatform": core.urls.bapiRegional(env.location),
    "microsoft.CommonDataModel": `${core.urls.origin}/unemulated/commondatamodel`,
    "microsoft.PowerApps": core.urls.powerApps,
    "microsoft.PowerAppsAdvisor": core.urls.advisor,
    "microsoft.PowerVirtualAgents": core.urls.copilot,
    "microsoft.ApiManagement": `${core.urls.origin}/unemulated/apim`,
    "microsoft.Flow": `${core.urls.origin}/unemulated/flow`,
  };
  addServiceFields(core, env, p);
  if (countRead) {
    const pending = env.pending;
    if (p.provisioningState !== "Creating" && pending.metadataHiddenGets > 0) pending.metadataHiddenGets -= 1;
    if (pending.managementRunningGets > 0) pending.managementRunningGets -= 1;
    if (pending.aiFlagsStaleGets > 0) {
      pending.aiFlagsStaleGets -= 1;
      if (pending.aiFlagsStaleGets === 0) pending.staleAiFlags = null;
    }
  }
  p.lifecycleOperationsEnforcement = enforcement(env);
  return {
    id: `${BAP}/scopes/admin/environments/${env.name}`,
    name: env.name,
    type: "Microsoft.BusinessAppPlatform/scopes/environments",
    location: env.location,
    properties: p,
  };
}

/**
 * The read-only fields every environment GET of the service carries (key names and enum casing as in the Terraform
 * provider's fixtures, e.g. `internal/services/environment/tests/resource/Validate_Create/get_environment_*.json`).
 * Values the emulator cannot know are constants; `capacity` (only with `$expand=properties.capacity`) and
 * `creationType` are not served.
 */
function addServiceFields(core: EmulatorCore, env: StoredEnvironment, p: StoredEnvironmentProperties): void {
  const origin = core.urls.origin;
  p.lastModifiedTime ??= p.createdTime;
  p.isDefault = false;
  p.addons = [];
  p.clientUris = {
    admin: `${origin}/unemulated/admin/environments/environment/${env.name}/hub`,
    maker: `${origin}/unemulated/maker/environments/${env.name}/home`,
  };
  p.trialScenarioType = "None";
  p.notificationMetadata = { state: "NotSpecified", branding: "NotSpecific" };
  p.retentionPeriod = "P7D";
  p.retentionDetails = { retentionPeriod: "P7D", backupsAvailableFromDateTime: p.createdTime };
  p.protectionStatus = { keyManagedBy: "Microsoft" };
  p.cluster ??= { category: "Prod" };
  p.connectedGroups = [];
}

/** The observed preflight block (§3.3): which operations are allowed now, and why the others are not. */
function enforcement(env: StoredEnvironment): JsonObject {
  const allowed = [{ type: { id: "Delete" } }, { type: { id: "Edit" } }];
  const disallowed: JsonObject[] = [];
  const governance = { type: { id: "EnableGovernanceConfiguration" } };
  if (!env.properties.linkedEnvironmentMetadata) {
    disallowed.push({
      ...governance,
      reason: { type: "Dataverse", message: "Managed Environments need a Dataverse database." },
    });
  } else if (inGroup(env)) {
    disallowed.push({
      ...governance,
      reason: {
        type: "GovernanceConfig",
        message: "The environment belongs to an environment group, whose rules own its governance.",
      },
    });
  } else {
    allowed.push(governance);
  }
  return { allowedOperations: allowed, disallowedOperations: disallowed };
}

function badRequest(code: string, message: string): RouteResult {
  return bapiError(400, code, message);
}

function requireProperties(ctx: RequestContext): JsonObject | RouteResult {
  if (!isObject(ctx.body) || !isObject(ctx.body.properties)) {
    return badRequest("InvalidRequestContent", "The request body must be a JSON object with a 'properties' object.");
  }
  return ctx.body.properties;
}

function checkCopilotPolicies(properties: JsonObject, location: string): RouteResult | null {
  const policies = properties.copilotPolicies;
  if (
    isObject(policies) &&
    policies.crossBoundaryCopilotDataMovementEnabled === true &&
    !findLocation(location)?.euDataBoundary
  ) {
    return badRequest(
      "CrossBoundaryCopilotDataMovementNotSupported",
      `crossBoundaryCopilotDataMovementEnabled can only be set for environments in an EU Data Boundary location; '${location}' is not one.`,
    );
  }
  return null;
}

function checkGroupExists(core: EmulatorCore, properties: JsonObject): RouteResult | null {
  const group = properties.parentEnvironmentGroup;
  if (!isObject(group)) return null;
  if (typeof group.id !== "string")
    return badRequest("InvalidRequestContent", "parentEnvironmentGroup.id must be a string.");
  if (group.id === ZERO_GUID || group.id === "") return null;
  if (!Object.values(core.state.environmentGroups).some((g) => sameId(g.id, group.id as string))) {
    return badRequest(
      "EnvironmentGroupNotFound",
      `The environment group '${group.id}' could not be found in the tenant.`,
    );
  }
  return null;
}

function domainInUse(core: EmulatorCore, domain: string, exceptEnvId?: string): boolean {
  const owner = environmentByDomain(core, domain);
  return owner !== undefined && !sameId(owner.name, exceptEnvId);
}

function checkDataverseRequest(
  core: EmulatorCore,
  meta: JsonObject,
  sku: string,
  developer: boolean,
): RouteResult | null {
  if (typeof meta.domainName !== "string" || !DOMAIN.test(meta.domainName)) {
    return badRequest(
      "InvalidDomainName",
      `The domain name '${String(meta.domainName)}' is invalid: use 1-63 letters, digits and hyphens, not starting or ending with a hyphen.`,
    );
  }
  if (meta.baseLanguage !== undefined && !LANGUAGES.includes(meta.baseLanguage as number)) {
    return badRequest(
      "InvalidLanguage",
      `The language '${String(meta.baseLanguage)}' is not available in this location.`,
    );
  }
  const currency = isObject(meta.currency) ? meta.currency.code : undefined;
  if (currency !== undefined && !CURRENCIES.includes(String(currency))) {
    return badRequest("InvalidCurrency", `The currency '${String(currency)}' is not available in this location.`);
  }
  if (!developer && typeof meta.securityGroupId !== "string") {
    return badRequest(
      "SecurityGroupIdRequired",
      `linkedEnvironmentMetadata.securityGroupId is required for a ${sku} environment; send the zero GUID for no group.`,
    );
  }
  if (domainInUse(core, meta.domainName)) return domainTaken(meta.domainName);
  return null;
}

/** What settling needs from the requested Dataverse metadata: the base currency (not part of the BAPI body). */
function dataversePayload(meta: JsonObject | null): JsonObject {
  const code = meta && isObject(meta.currency) ? meta.currency.code : undefined;
  return typeof code === "string" ? { currency: code } : {};
}

function create(ctx: RequestContext): RouteResult {
  const { core } = ctx;
  const props = requireProperties(ctx);
  if (!isObject(props)) return props;
  const body = ctx.body as JsonObject;
  const location = findLocation(body.location);
  if (!location) {
    return badRequest(
      "InvalidLocation",
      `The location '${String(body.location)}' is not valid. Valid locations: ${LOCATIONS.map((l) => l.name).join(", ")}.`,
    );
  }
  if (typeof props.displayName !== "string" || props.displayName.trim() === "") {
    return badRequest("InvalidDisplayName", "properties.displayName is required.");
  }
  const sku = props.environmentSku;
  if (typeof sku !== "string" || !SKUS.includes(sku) || sku === "Default") {
    return badRequest(
      "InvalidEnvironmentSku",
      `environmentSku must be one of Sandbox, Production, Trial, Developer; got '${String(sku)}'.`,
    );
  }
  const developer = sku === "Developer";
  if (developer && (!isObject(props.usedBy) || ctx.principal.kind === "app")) {
    return badRequest(
      "DeveloperEnvironmentRequiresUserOwner",
      "A Developer environment needs a user owner in properties.usedBy and must be created in a user context.",
    );
  }
  if (typeof props.azureRegion === "string" && !location.azureRegions.includes(props.azureRegion)) {
    return badRequest(
      "InvalidAzureRegion",
      `The Azure region '${props.azureRegion}' is not in location '${location.name}'.`,
    );
  }
  const problem = checkCopilotPolicies(props, location.name) ?? checkGroupExists(core, props);
  if (problem) return problem;
  const meta = isObject(props.linkedEnvironmentMetadata) ? props.linkedEnvironmentMetadata : null;
  if (meta) {
    const dvProblem = checkDataverseRequest(core, meta, sku, developer);
    if (dvProblem) return dvProblem;
  }
  const stored = clone(props) as JsonObject;
  delete stored.linkedEnvironmentMetadata;
  // The service ignores the generative-AI switches of a create body: only a PATCH sets them (the Terraform provider
  // PATCHes them after create and reads until they match, fixtures Validate_Generative_Ai_Features_*).
  for (const key of AI_FLAG_KEYS) delete stored[key];
  const now = core.now().toISOString();
  const envId = core.newId();
  const properties: StoredEnvironmentProperties = {
    ...(stored as Partial<StoredEnvironmentProperties>),
    tenantId: core.state.tenantId,
    displayName: props.displayName,
    environmentSku: sku,
    azureRegion: typeof props.azureRegion === "string" ? props.azureRegion : location.azureRegions[0],
    provisioningState: "Creating",
    createdTime: now,
    lastModifiedTime: now,
    updateCadence: isObject(props.updateCadence) ? (clone(props.updateCadence) as { id: string }) : { id: "Moderate" },
    createdBy: {
      id: ctx.principal.objectId,
      displayName: ctx.principal.kind === "app" ? ctx.principal.appId : "Emulator Admin",
      type: ctx.principal.kind === "app" ? "ServicePrincipal" : "User",
    },
    databaseType: meta ? "CommonDataService" : "None",
    states: { management: { id: "Ready" }, runtime: { id: "Enabled" } },
    governanceConfiguration: { protectionLevel: "Basic" },
  };
  if (meta) properties.linkedEnvironmentMetadata = newDataverseMetadata(core, meta);
  const env: StoredEnvironment = {
    name: envId,
    location: location.name,
    properties,
    dataverse: null,
    pending: {
      metadataHiddenGets: 0,
      managementRunningGets: 0,
      aiFlagsStaleGets: 0,
      staleAiFlags: null,
    },
    activeOperationId: null,
  };
  core.state.environments[envId] = env;
  if (core.config.behaviour.createMode === "sync") {
    settle(core, createOperation(ctx, env, "Create", dataversePayload(meta)));
    return { status: 201, body: { name: envId, properties: { provisioningState: "Succeeded" } } };
  }
  return startOperation(ctx, env, "Create", dataversePayload(meta));
}

const SUPPORTED_FILTER = /^properties\/parentEnvironmentGroup\/id eq '?([0-9a-fA-F-]+)'?$/;

function list(ctx: RequestContext): RouteResult {
  const { core } = ctx;
  let envs = Object.values(core.state.environments);
  const filter = ctx.query.get("$filter");
  if (filter !== null) {
    const m = SUPPORTED_FILTER.exec(filter.trim());
    if (!m) {
      return badRequest(
        "InvalidFilter",
        `The emulator supports only "$filter=properties/parentEnvironmentGroup/id eq <groupId>"; got '${filter}'.`,
      );
    }
    envs = envs.filter((e) => sameId(e.properties.parentEnvironmentGroup?.id, m[1]));
  }
  const visible = envs.filter((e) => {
    const hidden = e.pending.listHiddenCalls ?? 0;
    if (hidden > 0) e.pending.listHiddenCalls = hidden - 1;
    return hidden === 0;
  });
  return ok({ value: visible.map((e) => renderEnvironment(core, e, false)) });
}

function get(ctx: RequestContext): RouteResult {
  const env = findEnvironment(ctx.core, ctx.params.envId ?? "");
  if (!isEnvironment(env)) return env;
  return ok(renderEnvironment(ctx.core, env, true));
}

function update(ctx: RequestContext): RouteResult {
  const { core } = ctx;
  const env = findEnvironment(core, ctx.params.envId ?? "");
  if (!isEnvironment(env)) return env;
  const props = requireProperties(ctx);
  if (!isObject(props)) return props;
  if (runningOperation(core, env)) return notStartable(env.name);
  if (
    props.environmentSku !== undefined &&
    (typeof props.environmentSku !== "string" || !SKUS.includes(props.environmentSku))
  ) {
    return badRequest(
      "InvalidEnvironmentSku",
      `environmentSku must be one of ${SKUS.join(", ")}; got '${String(props.environmentSku)}'.`,
    );
  }
  const problem = checkCopilotPolicies(props, env.location) ?? checkGroupExists(core, props);
  if (problem) return problem;
  const meta = props.linkedEnvironmentMetadata;
  if (isObject(meta) && typeof meta.domainName === "string") {
    if (!DOMAIN.test(meta.domainName))
      return badRequest("InvalidDomainName", `The domain name '${meta.domainName}' is invalid.`);
    if (domainInUse(core, meta.domainName, env.name)) return domainTaken(meta.domainName);
  }
  return startOperation(ctx, env, "Edit", clone(ctx.body as JsonObject));
}

function modifySku(ctx: RequestContext): RouteResult {
  const { core } = ctx;
  const env = findEnvironment(core, ctx.params.envId ?? "");
  if (!isEnvironment(env)) return env;
  const sku = isObject(ctx.body) ? ctx.body.environmentSku : undefined;
  if (typeof sku !== "string" || !SKUS.includes(sku) || sku === "Default") {
    return badRequest(
      "InvalidEnvironmentSku",
      `environmentSku must be one of Sandbox, Production, Trial, Developer; got '${String(sku)}'.`,
    );
  }
  if (runningOperation(core, env)) return notStartable(env.name);
  return startOperation(ctx, env, "ModifySku", { environmentSku: sku });
}

function remove(ctx: RequestContext): RouteResult {
  const { core } = ctx;
  const env = findEnvironment(core, ctx.params.envId ?? "");
  if (!isEnvironment(env)) return env;
  if (runningOperation(core, env) || stillBusyAfterCreate(core, env)) return busyConflict();
  if (core.config.behaviour.deleteMode === "sync") {
    delete core.state.environments[env.name];
    return empty(204);
  }
  return startOperation(ctx, env, "Delete", isObject(ctx.body) ? clone(ctx.body) : {});
}

function validateDetails(ctx: RequestContext): RouteResult {
  const { core } = ctx;
  if (!isObject(ctx.body) || typeof ctx.body.domainName !== "string") {
    return badRequest("InvalidRequestContent", "validateEnvironmentDetails needs a 'domainName'.");
  }
  const domain = ctx.body.domainName;
  if (!DOMAIN.test(domain)) return badRequest("InvalidDomainName", `The domain name '${domain}' is invalid.`);
  const self = typeof ctx.body.environmentName === "string" ? ctx.body.environmentName : undefined;
  if (ctx.body.environmentLocation !== undefined && !findLocation(ctx.body.environmentLocation)) {
    return badRequest("InvalidLocation", `The location '${String(ctx.body.environmentLocation)}' is not valid.`);
  }
  // A taken domain is a 400 InvalidDomainName here, not the 409 DomainNameAlreadyInUse of create (Terraform
  // provider test TestUnitEnvironmentsResource_Validate_Taken_Domain_Name).
  if (domainInUse(core, domain, self)) {
    return badRequest("InvalidDomainName", `The specified domain name with a value of '${domain}' is invalid.`);
  }
  return empty(200);
}

function governanceConfiguration(ctx: RequestContext): RouteResult {
  const { core } = ctx;
  const env = findEnvironment(core, ctx.params.envId ?? "");
  if (!isEnvironment(env)) return env;
  const body = ctx.body;
  if (!isObject(body) || (body.protectionLevel !== "Standard" && body.protectionLevel !== "Basic")) {
    return badRequest("InvalidRequestContent", "protectionLevel must be 'Standard' or 'Basic'.");
  }
  const settings = body.settings;
  if (settings !== undefined && settings !== null) {
    const ext = isObject(settings) ? settings.extendedSettings : undefined;
    if (!isObject(ext)) return badRequest("InvalidRequestContent", "settings.extendedSettings must be an object.");
    const bad = Object.entries(ext).find(([, v]) => typeof v !== "string");
    if (bad) {
      return badRequest(
        "InvalidRequestContent",
        `Every extendedSettings value must be a JSON string; '${bad[0]}' is ${JSON.stringify(bad[1])}.`,
      );
    }
  }
  if (!env.properties.linkedEnvironmentMetadata) {
    return badRequest(
      "DataverseRequired",
      `Managed Environments need Dataverse; the environment '${env.name}' has no Dataverse database.`,
    );
  }
  if (inGroup(env)) {
    return badRequest(
      "GovernanceConfigurationChangeBlockedByGroup",
      `The governance configuration of environment '${env.name}' cannot be changed because it belongs to an environment group; change the group's rules instead.`,
    );
  }
  if (runningOperation(core, env) || stillBusyAfterCreate(core, env)) return busyConflict();
  const payload: JsonObject =
    body.protectionLevel === "Standard"
      ? { protectionLevel: "Standard", settings: clone(settings ?? { extendedSettings: {} }) }
      : { protectionLevel: "Basic" };
  return startOperation(
    ctx,
    env,
    body.protectionLevel === "Standard" ? "EnableGovernanceConfiguration" : "DisableGovernanceConfiguration",
    payload,
  );
}

/** Registers the environment routes. */
export function environmentRoutes(router: Router): void {
  const v = { apiVersion: true };
  router.add("POST", "bapi", `${BAP}/environments`, "environments.create", create, v);
  router.add("GET", "bapi", `${BAP}/scopes/admin/environments`, "environments.list", list, v);
  router.add("GET", "bapi", `${BAP}/scopes/admin/environments/{envId}`, "environments.get", get, v);
  router.add("PATCH", "bapi", `${BAP}/scopes/admin/environments/{envId}`, "environments.update", update, v);
  router.add("DELETE", "bapi", `${BAP}/scopes/admin/environments/{envId}`, "environments.delete", remove, v);
  router.add(
    "POST",
    "bapi",
    `${BAP}/scopes/admin/environments/{envId}/modifySku`,
    "environments.modifySku",
    modifySku,
    v,
  );
  router.add("POST", "bapi", `${BAP}/validateEnvironmentDetails`, "environments.validateDetails", validateDetails, v);
  router.add(
    "POST",
    "bapi",
    `${BAP}/environments/{envId}/governanceConfiguration`,
    "environments.governanceConfiguration",
    governanceConfiguration,
    v,
  );
  router.add(
    "GET",
    ["bapi", "bapiRegional"],
    `${BAP}/lifecycleOperations/{opId}`,
    "lifecycleOperations.get",
    (ctx) => pollOperation(ctx, ctx.params.opId ?? ""),
    v,
  );
}
