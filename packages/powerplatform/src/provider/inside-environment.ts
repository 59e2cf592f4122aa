/**
 * Resources that live inside an environment (EnvironmentSettings, ApplicationUser, CopilotTelemetry), and the
 * Environment's own Dataverse reads, share two situations the client reports as typed errors, matched here by name
 * so the provider does not load the client:
 *
 * - the environment is gone (`EnvironmentNotFoundError`): the resource is gone with it, so Read answers not-found
 *   (refresh drops it) and Delete has nothing left to do;
 * - the environment exists but its Dataverse never came up, or no longer answers (`DataverseUnavailableError`
 *   with `permanent`): an orphan of a failed create. Create, Read and Update say so and how to recover instead of
 *   passing on a bare Dataverse 404; Delete has nothing to undo (no organisation, nothing of ours in it).
 */
import { ProviderError } from "./handler.ts";
import type { ResourceTypeName } from "./inputs.ts";

/** True when the client said the environment does not exist. */
export function environmentGone(err: unknown): boolean {
  return err instanceof Error && err.name === "EnvironmentNotFoundError";
}

/** True when the client said the environment's Dataverse will not answer (failed provisioning, or 404). */
export function dataverseGone(err: unknown): boolean {
  return (
    err instanceof Error &&
    err.name === "DataverseUnavailableError" &&
    (err as Error & { permanent?: unknown }).permanent === true
  );
}

/** True when there is nothing left to delete: the environment, or its Dataverse, is gone. */
export function nothingLeft(err: unknown): boolean {
  return environmentGone(err) || dataverseGone(err);
}

/**
 * The error a user sees when the environment of a `type` resource is an orphan of a failed create: what happened
 * and how to recover. `err` is the client's `DataverseUnavailableError`, kept as the cause.
 */
export function orphanedEnvironmentError(type: ResourceTypeName, err: Error): ProviderError {
  const e = err as Error & { environmentId?: string; provisioningState?: string };
  const failed = e.provisioningState === "Failed";
  const why = failed
    ? "its provisioning failed (provisioningState Failed)"
    : `its Dataverse organisation does not answer (404; provisioningState ${e.provisioningState ?? "unknown"})`;
  const story = failed
    ? "The create of this environment failed part-way and left the environment behind without Dataverse"
    : "Its Dataverse was never provisioned or has been deleted, and the environment was left behind";
  // Not `pulumi up --target-replace`: the replacement would be created before the orphan is deleted, and the
  // orphan still holds the Dataverse domain (unique per tenant), so that create fails with DomainNameAlreadyInUse.
  const urn = type === "Environment" ? "<URN of this Environment>" : "<URN of its Environment resource>";
  return new ProviderError(
    `${type}: environment ${e.environmentId} has no working Dataverse organisation: ${why}. ${story}, so this ${type} cannot be read or changed.\n` +
      `To recover, delete the orphaned environment and create it again: \`pulumi destroy --target '${urn}' --target-dependents\`, then \`pulumi up\`; ` +
      "or delete it in the Power Platform admin centre, then run `pulumi refresh` and `pulumi up`.",
    { cause: err },
  );
}

/** Runs a Create, Read or Update step, turning an orphaned environment into {@link orphanedEnvironmentError}. */
export async function explainOrphan<T>(type: ResourceTypeName, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (dataverseGone(err)) throw orphanedEnvironmentError(type, err as Error);
    throw err;
  }
}
