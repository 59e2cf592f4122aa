/**
 * Lifecycle operations (§2.4 pattern A): start with 202 + a regional `Location`,
 * answer `lifecyclePolls` polls with `Running`, then settle — apply the change to the environment, or fail — and
 * answer the terminal state. Like the service, an operation also finishes on its own once its time is up
 * (`lifecycleSettleMs`), polled or not: {@link settleDue} runs before every request and on a timer. One running
 * operation holds its environment: any other start gets 409 `OperationNotStartable` until it settles.
 */
import { clone, isObject, type JsonObject, mergePatch } from "./json.ts";
import { bapiError, type RouteResult } from "./responses.ts";
import type { EmulatorCore, RequestContext } from "./router.ts";
import {
  createDataverseOrg,
  type OperationType,
  type StoredDataverseMetadata,
  type StoredEnvironment,
  type StoredOperation,
  ZERO_GUID,
} from "./state.ts";

/** The AI flags (§3.4) that can read back stale after a PATCH. */
export const AI_FLAG_KEYS = ["bingChatEnabled", "m365Enabled", "copilotPolicies"] as const;

const API_VERSION_OF_LOCATION = "2023-06-01";

/** The regional `Location` URL of an operation. */
export function operationUrl(core: EmulatorCore, op: StoredOperation): string {
  return `${core.urls.bapiRegional(op.geo)}/providers/Microsoft.BusinessAppPlatform/lifecycleOperations/${op.id}?api-version=${API_VERSION_OF_LOCATION}`;
}

function retryAfterHeader(core: EmulatorCore): Record<string, string> {
  const seconds = core.config.timing.retryAfterSeconds;
  return seconds === null ? {} : { "Retry-After": String(seconds) };
}

/** True once an operation has served its `Running` polls and its minimum duration has passed. */
function isDue(core: EmulatorCore, op: StoredOperation): boolean {
  return (
    op.pollsServed >= core.config.timing.lifecyclePolls &&
    core.now().getTime() - op.startedAtMs >= core.config.timing.lifecycleMs
  );
}

/** True once an operation's time is up, whether or not anyone polled it (`lifecycleSettleMs`, at least `lifecycleMs`). */
function isOverdue(core: EmulatorCore, op: StoredOperation): boolean {
  const { lifecycleSettleMs, lifecycleMs } = core.config.timing;
  if (lifecycleSettleMs === null) return false;
  return core.now().getTime() - op.startedAtMs >= Math.max(lifecycleSettleMs, lifecycleMs);
}

/**
 * Settles every running operation whose time is up (see {@link isOverdue}), as the service finishes operations
 * nobody polls. Called before every request and on the emulator's timer. Returns how many settled.
 */
export function settleDue(core: EmulatorCore): number {
  let n = 0;
  for (const op of Object.values(core.state.lifecycleOperations)) {
    if (op.state === "Running" && isOverdue(core, op)) {
      settle(core, op);
      n += 1;
    }
  }
  return n;
}

/**
 * The running operation holding the environment, or null. An operation that is due is settled first, so a client
 * that polled to the end (or a test that called `settleOperations`) is never blocked by it.
 */
export function runningOperation(core: EmulatorCore, env: StoredEnvironment): StoredOperation | null {
  if (!env.activeOperationId) return null;
  const op = core.state.lifecycleOperations[env.activeOperationId];
  if (op?.state !== "Running") {
    env.activeOperationId = null;
    return null;
  }
  if (isDue(core, op) || isOverdue(core, op)) {
    settle(core, op);
    return null;
  }
  return op;
}

/** The 409 a second start gets while an operation runs. */
export function notStartable(envId: string): RouteResult {
  return bapiError(
    409,
    "OperationNotStartable",
    `The requested operation cannot be started because there is an active lifecycle operation on the environment '${envId}'. Please try again later.`,
  );
}

/**
 * The 409 with an empty body that environment DELETE and `governanceConfiguration` get while the environment is busy
 * (right after its create, or while another lifecycle operation runs): the service says nothing more, and clients must
 * wait and re-send (Terraform provider fixtures `Validate_Delete_Retry_On_EmptyBody_Conflict`, managed-environment
 * `Validate_Create_Retries_When_Enablement_Conflicts`).
 */
export function busyConflict(): RouteResult {
  return { status: 409 };
}

/**
 * True while a freshly created environment is still busy (knobs `busyAfterCreateCalls`, `busyAfterCreateMs`); each
 * call that answers true uses up one refusal.
 */
export function stillBusyAfterCreate(core: EmulatorCore, env: StoredEnvironment): boolean {
  const left = env.pending.busyRefusalsLeft ?? 0;
  if (left <= 0) return false;
  const until = env.pending.busyUntilMs;
  if (typeof until === "number" && core.now().getTime() >= until) {
    env.pending.busyRefusalsLeft = 0;
    return false;
  }
  env.pending.busyRefusalsLeft = left - 1;
  return true;
}

/**
 * Starts an operation on an environment (the caller has checked that none is running) and answers
 * 202 + `Location` (+ `Retry-After`).
 */
export function startOperation(
  ctx: RequestContext,
  env: StoredEnvironment,
  type: OperationType,
  payload: JsonObject,
): RouteResult {
  const op = createOperation(ctx, env, type, payload);
  return { status: 202, headers: { Location: operationUrl(ctx.core, op), ...retryAfterHeader(ctx.core) } };
}

/** Records a new running operation holding the environment. */
export function createOperation(
  ctx: RequestContext,
  env: StoredEnvironment,
  type: OperationType,
  payload: JsonObject,
): StoredOperation {
  const { core } = ctx;
  const now = core.now();
  const op: StoredOperation = {
    id: core.newId(),
    environmentId: env.name,
    geo: env.location,
    type,
    state: "Running",
    createdDateTime: now.toISOString(),
    lastActionDateTime: now.toISOString(),
    startedAtMs: now.getTime(),
    pollsServed: 0,
    requestedBy: ctx.principal,
    payload,
    failure: ctx.failLifecycle,
  };
  core.state.lifecycleOperations[op.id] = op;
  env.activeOperationId = op.id;
  return op;
}

/** Settles every running operation now, whatever the knobs say (a test helper). Returns how many settled. */
export function settleAll(core: EmulatorCore): number {
  let n = 0;
  for (const op of Object.values(core.state.lifecycleOperations)) {
    if (op.state === "Running") {
      settle(core, op);
      n += 1;
    }
  }
  return n;
}

/** Ends an operation: applies its change (or its failure) and releases the environment. */
export function settle(core: EmulatorCore, op: StoredOperation): void {
  const env = core.state.environments[op.environmentId];
  op.state = op.failure ? "Failed" : "Succeeded";
  op.lastActionDateTime = core.now().toISOString();
  if (!env) return;
  env.activeOperationId = null;
  if (op.failure) {
    if (op.type === "Create") {
      if (op.failure.leaveOrphan) env.properties.provisioningState = "Failed";
      else delete core.state.environments[env.name];
    }
    return;
  }
  const timing = core.config.timing;
  env.properties.lastModifiedTime = op.lastActionDateTime;
  switch (op.type) {
    case "Create":
      env.properties.provisioningState = "Succeeded";
      env.pending.listHiddenCalls = timing.listLagCalls;
      env.pending.busyRefusalsLeft = timing.busyAfterCreateCalls;
      env.pending.busyUntilMs =
        timing.busyAfterCreateMs === null ? null : core.now().getTime() + timing.busyAfterCreateMs;
      if (env.properties.linkedEnvironmentMetadata) {
        const meta = env.properties.linkedEnvironmentMetadata;
        env.dataverse = createDataverseOrg(
          core.newId,
          meta.resourceId,
          meta.domainName,
          op.requestedBy,
          timing.dataverseForbiddenCalls,
          typeof op.payload.currency === "string" ? op.payload.currency : "USD",
        );
        env.pending.metadataHiddenGets = op.type === "Create" ? timing.metadataHiddenGets : 0;
      }
      break;
    case "Edit":
      applyEnvironmentPatch(core, env, op.payload);
      break;
    case "ModifySku":
      env.properties.environmentSku = String(op.payload.environmentSku);
      break;
    case "Delete":
      delete core.state.environments[env.name];
      break;
    case "EnableGovernanceConfiguration":
    case "DisableGovernanceConfiguration":
      env.properties.governanceConfiguration = clone(
        op.payload,
      ) as StoredEnvironment["properties"]["governanceConfiguration"];
      break;
  }
}

/** Applies an environment PATCH body (`{properties:{…}}`) as the service does once the operation succeeded. */
export function applyEnvironmentPatch(core: EmulatorCore, env: StoredEnvironment, body: JsonObject): void {
  const patch = clone(isObject(body.properties) ? body.properties : {});
  const previousAi: JsonObject = {};
  let aiChanged = false;
  for (const key of AI_FLAG_KEYS) {
    if (key in patch) {
      aiChanged = true;
      previousAi[key] = clone(env.properties[key]) ?? null;
    }
  }
  const group = patch.parentEnvironmentGroup;
  if (isObject(group) && (group.id === ZERO_GUID || group.id === "")) {
    delete patch.parentEnvironmentGroup;
    delete env.properties.parentEnvironmentGroup;
  }
  if (
    core.config.behaviour.dropFirstDisplayNamePatch &&
    typeof patch.displayName === "string" &&
    patch.displayName !== env.properties.displayName &&
    !env.pending.displayNamePatchDropped
  ) {
    // The service sometimes drops the first display-name change (§2.5); TF sends the PATCH twice.
    env.pending.displayNamePatchDropped = true;
    delete patch.displayName;
  }
  const meta = patch.linkedEnvironmentMetadata;
  if (isObject(meta) && typeof meta.domainName === "string") meta.domainName = meta.domainName.toLowerCase();
  if (isObject(meta) && !env.properties.linkedEnvironmentMetadata) delete patch.linkedEnvironmentMetadata;
  mergePatch(env.properties as unknown as JsonObject, patch);
  env.pending.managementRunningGets = core.config.timing.managementRunningGets;
  if (aiChanged && core.config.timing.aiFlagsStaleGets > 0) {
    env.pending.aiFlagsStaleGets = core.config.timing.aiFlagsStaleGets;
    env.pending.staleAiFlags = previousAi;
  }
}

/** New Dataverse metadata for a create body (`linkedEnvironmentMetadata` shape). */
export function newDataverseMetadata(core: EmulatorCore, meta: JsonObject): StoredDataverseMetadata {
  const orgId = core.newId();
  const stored: StoredDataverseMetadata = {
    resourceId: orgId,
    uniqueName: `unq${orgId.replace(/-/g, "").slice(0, 24)}`,
    domainName: String(meta.domainName).toLowerCase(),
    version: "9.2.25113.00183",
    baseLanguage: typeof meta.baseLanguage === "number" ? meta.baseLanguage : 1033,
    backgroundOperationsState: "Enabled",
    instanceState: "Ready",
  };
  if (typeof meta.securityGroupId === "string") stored.securityGroupId = meta.securityGroupId;
  return stored;
}

function stage(id: string, state: string, at: string | null): JsonObject {
  return at
    ? { id, name: id, state: { id: state }, firstActionDateTime: at, lastActionDateTime: at }
    : { id, name: id, state: { id: state } };
}

/** The wire body of an operation (§2.4). */
export function operationBody(op: StoredOperation): JsonObject {
  const failedCreate = op.state === "Failed" && op.type === "Create";
  const done = op.state !== "Running";
  const at = op.lastActionDateTime;
  return {
    id: op.id,
    links: {
      self: { path: `/providers/Microsoft.BusinessAppPlatform/lifecycleOperations/${op.id}` },
      environment: {
        path: failedCreate ? "" : `/providers/Microsoft.BusinessAppPlatform/environments/${op.environmentId}`,
      },
    },
    type: { id: op.type },
    typeDisplayName: op.type,
    state: { id: op.state },
    createdDateTime: op.createdDateTime,
    lastActionDateTime: op.lastActionDateTime,
    requestedBy: {
      id: op.requestedBy.objectId,
      displayName: op.requestedBy.kind === "app" ? op.requestedBy.appId : "Emulator Admin",
      type: op.requestedBy.kind === "app" ? "ServicePrincipal" : "User",
      tenantId: op.requestedBy.tenantId,
    },
    stages: [
      stage("Validate", "Succeeded", op.createdDateTime),
      stage("Prepare", "Succeeded", op.createdDateTime),
      stage("Run", op.state === "Running" ? "Running" : op.state, done ? at : null),
      stage("Finalize", op.state === "Succeeded" ? "Succeeded" : "NotStarted", op.state === "Succeeded" ? at : null),
    ],
  };
}

/** GET of a lifecycle operation's `Location`. */
export function pollOperation(ctx: RequestContext, opId: string): RouteResult {
  const { core } = ctx;
  const op = core.state.lifecycleOperations[opId];
  if (!op || (ctx.family === "bapiRegional" && op.geo.toLowerCase() !== ctx.prefixParam.toLowerCase())) {
    return bapiError(404, "LifecycleOperationNotFound", `The lifecycle operation '${opId}' could not be found.`);
  }
  if (op.state === "Running") {
    if (isDue(core, op)) {
      settle(core, op);
    } else {
      op.pollsServed += 1;
      return { status: 200, body: operationBody(op), headers: retryAfterHeader(core) };
    }
  }
  if (op.type === "Delete" && op.state === "Succeeded" && core.config.behaviour.deletePollNotFound) {
    return bapiError(
      404,
      "EnvironmentNotFound",
      `The environment '${op.environmentId}' could not be found in the tenant.`,
    );
  }
  return { status: 200, body: operationBody(op) };
}
