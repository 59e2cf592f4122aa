/**
 * The Pulumi package schema of `govai` (https://www.pulumi.com/docs/iac/extending-pulumi/schema/): every resource,
 * its inputs, outputs and nested types, derived from each resource's one description (`services/<resource>/inputs.ts`,
 * see `describe.ts`). It documents the resources for SDK generation and `pulumi package` tooling; the Node provider
 * server hands it to the engine on GetSchema.
 */
import { z } from "zod";
import { argsSource } from "./args-source.ts";
import { pulumiResourceSchema, type SchemaProperty, TOKEN_PREFIX } from "./describe.ts";
import { DESCRIPTIONS } from "./descriptions.ts";
import { PROVIDER_VERSION } from "./version.ts";

export { PROVIDER_VERSION };

/** The package schema as an object. */
export function getSchema(): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  const types: Record<string, SchemaProperty> = {};
  for (const [name, description] of Object.entries(DESCRIPTIONS)) {
    const derived = pulumiResourceSchema(description, z.toJSONSchema as never);
    resources[`${TOKEN_PREFIX}${name}`] = derived.resource;
    for (const [token, type] of Object.entries(derived.types)) {
      // A named type shared by resources (Cloud, Sharing, …) must be one definition.
      if (types[token] && JSON.stringify(types[token]) !== JSON.stringify(type)) {
        throw new Error(`${token} is described twice, differently (the second time by ${name})`);
      }
      types[token] = type;
    }
  }
  return {
    name: "govai",
    displayName: "govai Power Platform",
    version: PROVIDER_VERSION,
    description:
      "Governed AI workloads on Microsoft Power Platform: environments, governance, DLP, settings, identities and agent telemetry.",
    keywords: ["pulumi", "powerplatform", "copilot-studio", "governance", "category/cloud", "kind/native"],
    license: "Apache-2.0",
    publisher: "govai",
    meta: { moduleFormat: "(.*)" },
    config: {},
    provider: {
      description:
        "The govai provider takes no configuration: credentials come from the environment (DefaultAzureCredential), the cloud from GOVAI_POWERPLATFORM_CLOUD or each resource's cloud input.",
    },
    types,
    resources,
    language: { nodejs: { packageName: "@govai/powerplatform" } },
  };
}

/** The source of `src/resources/args.ts`: every resource class's `Args`, from the same descriptions. */
export function getArgsSource(): string {
  return argsSource(Object.values(DESCRIPTIONS), z.toJSONSchema as never);
}
