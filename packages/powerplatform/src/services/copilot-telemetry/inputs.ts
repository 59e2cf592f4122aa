/** The one input description of CopilotTelemetry (see `provider/describe.ts` for what is derived from it). */
import { z } from "zod";
import type { ResourceDescription } from "../../provider/describe.ts";
import { cloud, environmentId, nonEmpty } from "../../provider/fields.ts";

/** The inputs of a CopilotTelemetry binding. */
export const copilotTelemetryInputs = z.strictObject({
  environmentId: environmentId(),
  botId: nonEmpty("botId")
    .regex(/^[A-Za-z0-9_.-]+$/, "botId must be a bot GUID or schema name")
    .meta({ description: "Bot id or schema name. Changing it replaces the resource.", replaceOnChanges: true }),
  connectionString: nonEmpty("connectionString")
    .regex(
      /InstrumentationKey=/i,
      "connectionString must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…)",
    )
    .meta({ description: "Application Insights connection string.", secret: true }),
  logActivities: z.boolean().meta({ description: "Log messages and events." }),
  logActions: z.boolean().meta({ description: "Log topic node executions." }),
  logSensitiveActivity: z
    .boolean()
    .meta({ description: "Log message text and user identity; keep false outside dev." }),
  cloud,
});

/** The CopilotTelemetry description. */
export const copilotTelemetry: ResourceDescription<typeof copilotTelemetryInputs> = {
  name: "CopilotTelemetry",
  description:
    "An agent's Application Insights binding. Needs a delegated user: the API rejects service-principal tokens. Delete clears the binding. Id: <environmentId>/<botId>.",
  inputs: copilotTelemetryInputs,
  outputs: z.object({}),
};
