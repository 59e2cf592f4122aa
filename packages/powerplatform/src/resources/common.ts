import type * as pulumi from "@pulumi/pulumi";
import { mergeOptions, secret } from "@pulumi/pulumi";
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

/** The property names a resource class registers (generated in `args.ts` from its description). */
export interface ResourceProperties {
  /** Its inputs, in the description's order. */
  inputs: readonly string[];
  /** The outputs the provider sets (registered as unknown, so the class exposes them). */
  outputs: readonly string[];
  /** The inputs always kept secret, in the state and in the class's outputs. */
  secrets: readonly string[];
}

/**
 * The property map a resource class registers: each input from `args` (a secret one wrapped in `pulumi.secret`),
 * then every output as `undefined`. `get()` passes no args: every property is then read from the provider.
 */
export function registeredProperties(props: ResourceProperties, args: object | undefined): pulumi.Inputs {
  const given = (args ?? {}) as Record<string, pulumi.Input<unknown> | undefined>;
  const out: pulumi.Inputs = {};
  for (const key of props.inputs) {
    const v = given[key];
    out[key] = v !== undefined && props.secrets.includes(key) ? secret(v) : v;
  }
  for (const key of props.outputs) out[key] = undefined;
  return out;
}

/** The resource options of a class: `opts`, plus its secret inputs as additional secret outputs. */
export function registeredOptions(
  props: ResourceProperties,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.CustomResourceOptions | undefined {
  return props.secrets.length === 0 ? opts : mergeOptions(opts, { additionalSecretOutputs: [...props.secrets] });
}
