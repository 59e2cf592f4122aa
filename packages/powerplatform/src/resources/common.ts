import type * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../client/clouds.ts";

/** Arguments every govai Power Platform resource accepts. No resource ever accepts credentials. */
export interface CommonArgs {
  /**
   * The cloud whose admin APIs manage this resource. Default: the plugin's `GOVAI_POWERPLATFORM_CLOUD` environment
   * variable, else `public`. Changing it replaces the resource. Credentials are never an input: the plugin takes
   * them from its environment (`@azure/identity` `DefaultAzureCredential`).
   */
  cloud?: pulumi.Input<Cloud>;
}

/**
 * Builds the `isInstance` test every resource class shares: it compares the `__pulumiType` the Pulumi SDK stores
 * on each resource, so it works across copies of this package.
 */
export function isResourceOfType(obj: unknown, type: string): boolean {
  return typeof obj === "object" && obj !== null && (obj as { __pulumiType?: unknown }).__pulumiType === type;
}
