import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import {
  type CopilotTelemetryArgs,
  type CopilotTelemetryOutputs,
  CopilotTelemetryProperties,
} from "../../resources/args.ts";
import { isResourceOfType, registeredOptions, registeredProperties } from "../../resources/common.ts";

/**
 * Binds a Copilot Studio agent to Application Insights (the Copilot Studio management API's
 * `applicationinsightsconfiguration`).
 *
 * **Needs a delegated user.** The API rejects app-only (service principal) tokens, so the plugin must run with a
 * user credential (for example `az login` picked up by `DefaultAzureCredential`).
 *
 * - Replacement: `environmentId`, `botId`, `cloud`. The connection string and flags change in place.
 * - Delete: clears the binding (empty connection string, every flag `false`).
 * - Import: the id is `<environmentId>/<botId>`.
 *
 * See https://learn.microsoft.com/microsoft-copilot-studio/advanced-bot-framework-composer-capture-telemetry
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface of the same name only adds the generated output declarations, which the registered properties initialise
export class CopilotTelemetry extends pulumi.CustomResource {
  /** The Pulumi type token. */
  static readonly __pulumiType = powerPlatformToken("CopilotTelemetry");

  /** Looks up an agent's telemetry binding; the id is `<environmentId>/<botId>`. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): CopilotTelemetry {
    return new CopilotTelemetry(name, undefined, { ...opts, id });
  }

  /** True when `obj` is a {@link CopilotTelemetry}. */
  static override isInstance(obj: unknown): obj is CopilotTelemetry {
    return isResourceOfType(obj, CopilotTelemetry.__pulumiType);
  }

  /**
   * @param name The unique name of the resource.
   * @param args The binding.
   * @param opts Resource options.
   */
  constructor(name: string, args: CopilotTelemetryArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    super(
      CopilotTelemetry.__pulumiType,
      name,
      registeredProperties(CopilotTelemetryProperties, args),
      registeredOptions(CopilotTelemetryProperties, opts),
    );
  }
}

/** The outputs of {@link CopilotTelemetry}, generated from its description (see `../../resources/args.ts`). */
export interface CopilotTelemetry extends CopilotTelemetryOutputs {}
