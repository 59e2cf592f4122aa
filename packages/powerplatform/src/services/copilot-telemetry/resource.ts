import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import type { CopilotTelemetryArgs } from "../../resources/args.ts";
import { isResourceOfType } from "../../resources/common.ts";

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

  /** The environment id. */
  declare readonly environmentId: pulumi.Output<string>;
  /** The bot id. */
  declare readonly botId: pulumi.Output<string>;
  /** The connection string (secret). */
  declare readonly connectionString: pulumi.Output<string>;
  /** Activity logging. */
  declare readonly logActivities: pulumi.Output<boolean>;
  /** Action logging. */
  declare readonly logActions: pulumi.Output<boolean>;
  /** Sensitive-information logging. */
  declare readonly logSensitiveActivity: pulumi.Output<boolean>;
  /** The cloud. */
  declare readonly cloud: pulumi.Output<string | undefined>;

  /**
   * @param name The unique name of the resource.
   * @param args The binding.
   * @param opts Resource options.
   */
  constructor(name: string, args: CopilotTelemetryArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    const a: Partial<CopilotTelemetryArgs> = args ?? {};
    super(
      CopilotTelemetry.__pulumiType,
      name,
      {
        environmentId: a.environmentId,
        botId: a.botId,
        connectionString: a.connectionString === undefined ? undefined : pulumi.secret(a.connectionString),
        logActivities: a.logActivities,
        logActions: a.logActions,
        logSensitiveActivity: a.logSensitiveActivity,
        cloud: a.cloud,
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["connectionString"] }),
    );
  }
}
