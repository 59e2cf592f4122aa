/**
 * Timing and behaviour knobs. Defaults are small so tests run fast; every knob can be changed at start
 * (`startEmulator({ timing, behaviour })`), at run time (`emulator.config`), or over `PATCH /_emulator/config`.
 */

/** How long things take. Counts are in requests, durations in milliseconds; nothing ever sleeps by default. */
export interface EmulatorTiming {
  /**
   * Non-terminal (`Running`) answers a lifecycle operation gives before its terminal state. Default 1: the first
   * poll says `Running`, the second `Succeeded`. 0 = the first poll is terminal.
   */
  lifecyclePolls: number;
  /** Minimum milliseconds between the start and the terminal state (in addition to `lifecyclePolls`). Default 0. */
  lifecycleMs: number;
  /**
   * How long a lifecycle operation runs when nobody polls it to the end, as the real service finishes an operation
   * whether or not anyone polls: once this many milliseconds (emulator clock, and at least `lifecycleMs`) have
   * passed since its start, it settles on the next request or tick of the emulator's timer. Polls can finish it
   * sooner (`lifecyclePolls`). `null` = only polls (or `settleOperations()`) finish it. Default 5000.
   */
  lifecycleSettleMs: number | null;
  /** `Retry-After` (integer seconds) sent with every 202 and every non-terminal poll; `null` = no header. Default 0. */
  retryAfterSeconds: number | null;
  /** Environment GETs that still omit `linkedEnvironmentMetadata` after a create succeeded (§2.5). Default 1. */
  metadataHiddenGets: number;
  /** Environment GETs that still report `states.management.id: "Running"` after a PATCH succeeded. Default 1. */
  managementRunningGets: number;
  /**
   * Environment GETs that still return the previous AI flags after a PATCH succeeded. Default 1: the service lags
   * here (the Terraform provider's `Validate_Generative_Ai_Features_Eventual_Consistency` test serves 2 stale reads),
   * so a client that trusts the first read-back is caught by default.
   */
  aiFlagsStaleGets: number;
  /** Dataverse calls a new org answers with 403 before it knows its caller (§2.5). Default 0. */
  dataverseForbiddenCalls: number;
  /**
   * Reads of a running solution import (`asyncoperations(<id>)`, `importjobs(<id>)`, the `asyncoperations` list) that
   * report it in progress before it completes. Default 1.
   */
  solutionImportPolls: number;
  /** List calls that still omit an environment after its create succeeded (the list lags single GETs). Default 0. */
  listLagCalls: number;
  /**
   * Right after its create finished, an environment is still busy: this many environment DELETE and
   * `governanceConfiguration` starts on it are answered 409 with an empty body (recorded in the Terraform provider's
   * fixtures `Validate_Delete_Retry_On_EmptyBody_Conflict` and the managed-environment enablement tests). Default 1;
   * 0 = never busy after create.
   */
  busyAfterCreateCalls: number;
  /**
   * The busy window after a create also closes this many milliseconds (emulator clock) after the create finished,
   * whatever is left of `busyAfterCreateCalls`. `null` = only the count closes it. Default 60000.
   */
  busyAfterCreateMs: number | null;
  /**
   * Reads of a new billing policy that say `status: "Provisioning"`, counting the create's own answer first, then
   * single GETs; after them it reads its requested status. Default 1: the create answers `Provisioning` and the
   * first GET `Enabled`, as the Terraform provider recorded
   * (internal/services/licensing/test/resource/policies/Validate_Create_WithoutFinalStatusInPostResponse). 0 = the
   * create answers the final status (`Validate_Create`).
   */
  billingPolicyProvisioningReads: number;
}

/** Switchable service behaviours. */
export interface EmulatorBehaviour {
  /** `async` (default): environment create answers 202 + `Location`; `sync`: 201 with the finished environment. */
  createMode: "async" | "sync";
  /** `async` (default): environment DELETE answers 202 + `Location`; `sync`: 204 and the environment is gone. */
  deleteMode: "async" | "sync";
  /** Polling a finished delete operation answers 404 (§2.4: "normal after a delete"). Default true. */
  deletePollNotFound: boolean;
  /**
   * How unset ids (`securityGroupId`, `parentEnvironmentGroup.id`, `billingPolicy.id`) read back: `omit` (the key
   * is missing, default) or `empty` (`""`). Either way the client must map it to the zero GUID.
   */
  unsetIdStyle: "omit" | "empty";
  /** Return `extendedSettings` enum values with an upper-case first letter (`NoLimit`, `Warn`). Default true. */
  enumCaseDrift: boolean;
  /** Return DLP custom-connector URL rules in reverse order (clients must sort by `order`). Default true. */
  shuffleUrlPatternRules: boolean;
  /** Drop the first display-name change of each environment (§2.5: "does not always stick"). Default false. */
  dropFirstDisplayNamePatch: boolean;
  /** At most this many requests in flight per API family; more get 429 + `Retry-After: 1`. `null` = no cap (default). */
  maxConcurrentRequestsPerFamily: number | null;
  /**
   * Most rows a paged Dataverse list (`bots`) returns before an `@odata.nextLink`, whatever the client's
   * `Prefer: odata.maxpagesize` asks. Default 5000, Dataverse's own cap; lower it to exercise a client's paging.
   */
  dataverseMaxPageSize: number;
}

/** All knobs. */
export interface EmulatorConfig {
  timing: EmulatorTiming;
  behaviour: EmulatorBehaviour;
}

/** The defaults: fast, and every quirk of §16 switched on. */
export function defaultConfig(): EmulatorConfig {
  return {
    timing: {
      lifecyclePolls: 1,
      lifecycleMs: 0,
      lifecycleSettleMs: 5000,
      retryAfterSeconds: 0,
      metadataHiddenGets: 1,
      managementRunningGets: 1,
      aiFlagsStaleGets: 1,
      dataverseForbiddenCalls: 0,
      solutionImportPolls: 1,
      listLagCalls: 0,
      busyAfterCreateCalls: 1,
      busyAfterCreateMs: 60_000,
      billingPolicyProvisioningReads: 1,
    },
    behaviour: {
      createMode: "async",
      deleteMode: "async",
      deletePollNotFound: true,
      unsetIdStyle: "omit",
      enumCaseDrift: true,
      shuffleUrlPatternRules: true,
      dropFirstDisplayNamePatch: false,
      maxConcurrentRequestsPerFamily: null,
      dataverseMaxPageSize: 5000,
    },
  };
}

const COUNT_KEYS = [
  "lifecyclePolls",
  "lifecycleMs",
  "metadataHiddenGets",
  "managementRunningGets",
  "aiFlagsStaleGets",
  "dataverseForbiddenCalls",
  "solutionImportPolls",
  "listLagCalls",
  "busyAfterCreateCalls",
  "billingPolicyProvisioningReads",
] as const;

/** Timing knobs that take a non-negative integer or `null`. */
const NULLABLE_KEYS = ["retryAfterSeconds", "lifecycleSettleMs", "busyAfterCreateMs"] as const;

/**
 * Checks and applies a partial configuration. Throws an Error naming the bad key and the expected value.
 */
export function applyConfig(
  target: EmulatorConfig,
  patch: { timing?: Partial<EmulatorTiming>; behaviour?: Partial<EmulatorBehaviour> },
): void {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
    throw new Error("the configuration must be an object {timing?, behaviour?}");
  }
  const unknown = Object.keys(patch).filter((k) => k !== "timing" && k !== "behaviour");
  if (unknown.length > 0) throw new Error(`unknown configuration key '${unknown[0]}'; known: timing, behaviour`);
  const timing = patch.timing ?? {};
  for (const [key, value] of Object.entries(timing)) {
    if ((COUNT_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
        throw new Error(`timing.${key} must be a non-negative integer, got ${JSON.stringify(value)}`);
      }
    } else if ((NULLABLE_KEYS as readonly string[]).includes(key)) {
      if (value !== null && (typeof value !== "number" || !Number.isInteger(value) || value < 0)) {
        throw new Error(`timing.${key} must be a non-negative integer or null, got ${JSON.stringify(value)}`);
      }
    } else {
      throw new Error(`unknown timing knob '${key}'; known: ${[...COUNT_KEYS, ...NULLABLE_KEYS].join(", ")}`);
    }
  }
  const behaviour = patch.behaviour ?? {};
  const choices: Record<string, readonly unknown[]> = {
    createMode: ["async", "sync"],
    deleteMode: ["async", "sync"],
    deletePollNotFound: [true, false],
    unsetIdStyle: ["omit", "empty"],
    enumCaseDrift: [true, false],
    shuffleUrlPatternRules: [true, false],
    dropFirstDisplayNamePatch: [true, false],
  };
  for (const [key, value] of Object.entries(behaviour)) {
    if (key === "maxConcurrentRequestsPerFamily") {
      if (value !== null && (typeof value !== "number" || !Number.isInteger(value) || value < 1)) {
        throw new Error(`behaviour.${key} must be a positive integer or null, got ${JSON.stringify(value)}`);
      }
      continue;
    }
    if (key === "dataverseMaxPageSize") {
      if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
        throw new Error(`behaviour.${key} must be a positive integer, got ${JSON.stringify(value)}`);
      }
      continue;
    }
    const allowed = choices[key];
    if (!allowed) {
      throw new Error(
        `unknown behaviour knob '${key}'; known: ${[...Object.keys(choices), "maxConcurrentRequestsPerFamily", "dataverseMaxPageSize"].join(", ")}`,
      );
    }
    if (!allowed.includes(value)) {
      throw new Error(
        `behaviour.${key} must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}, got ${JSON.stringify(value)}`,
      );
    }
  }
  Object.assign(target.timing, timing);
  Object.assign(target.behaviour, behaviour);
}
