/** The one input description of SolutionDeployment (see `provider/describe.ts` for what is derived from it). */
import { z } from "zod";
import type { ResourceDescription } from "../../provider/describe.ts";
import { cloud, environmentId, nonEmpty } from "../../provider/fields.ts";
import { unknownAlong } from "../../provider/wire.ts";
import { ROLLBACK_STRATEGIES } from "../../resources/vocabulary.ts";
import { CONNECTOR_ID, normaliseSolutionVersion, SOLUTION_UNIQUE_NAME, sha256Of } from "./convert.ts";

const deploymentSettings = z
  .strictObject({
    environmentVariables: z.record(nonEmpty("a schema name"), z.string()).optional().meta({
      description:
        "Values by environment-variable schema name (a Key Vault secret reference takes the secret's resource id).",
    }),
    connectionReferences: z
      .record(
        nonEmpty("a logical name"),
        z
          .strictObject({
            connectionId: nonEmpty("connectionId").meta({
              description: "Id of a connection in the target environment, shared with the deploying identity.",
            }),
            connectorId: z
              .string()
              .regex(CONNECTOR_ID, "connectorId must look like /providers/Microsoft.PowerApps/apis/shared_x")
              .meta({ description: "Connector id, e.g. /providers/Microsoft.PowerApps/apis/shared_sharepointonline." }),
          })
          .meta({
            id: "ConnectionReferenceBinding",
            description: "The connection a connection reference of the solution uses in the target environment.",
          }),
      )
      .optional()
      .meta({
        description:
          "Connections by connection-reference logical name; every reference the package declares must be bound.",
      }),
  })
  .meta({
    id: "SolutionDeploymentSettings",
    description:
      "Connection references and environment-variable values the import binds: a pac solution create-settings file as maps.",
  });

const rollback = z
  .strictObject({
    strategy: z.enum(ROLLBACK_STRATEGIES).optional().meta({
      description:
        "refuse (default): fail with the options; uninstallAndReinstall: uninstall the installed version (its components and the data of its tables are deleted) and install the wanted one.",
    }),
    rtoMinutes: z
      .number()
      .int("rtoMinutes must be a whole number")
      .positive("rtoMinutes must be positive")
      .optional()
      .meta({
        description:
          "Recovery time objective; an uninstall-and-reinstall estimated (twice the last measured import) over it is refused.",
      }),
  })
  .meta({ id: "SolutionRollback", description: "What a lower version than the installed one does." });

/** The inputs of a SolutionDeployment. */
export const solutionDeploymentInputs = z
  .strictObject({
    environmentId: environmentId(),
    uniqueName: z
      .string()
      .regex(
        SOLUTION_UNIQUE_NAME,
        "uniqueName must be the solution's unique name: letters, digits and underscores, not starting with a digit",
      )
      .meta({
        description: "Unique name of the solution; must match the package. Changing it replaces the resource.",
        replaceOnChanges: true,
      }),
    version: z
      .string()
      .refine(
        (v) => normaliseSolutionVersion(v) !== undefined,
        "version must be one to four whole numbers, e.g. 1.2.0.0 (the <Version> of solution.xml)",
      )
      .meta({ description: "Version to deploy, e.g. 1.2.0.0; must match the package's solution.xml." }),
    solutionFile: nonEmpty("solutionFile").optional().meta({
      description: "Path of the managed solution zip (relative to the folder pulumi runs in). Give sha256 with it.",
    }),
    solutionContent: z
      .string()
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, "solutionContent must be the solution zip in base64")
      .optional()
      .meta({ description: "The managed solution zip in base64, instead of solutionFile (kept in the state)." }),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/i, "sha256 must be the file's SHA-256 digest, 64 hexadecimal characters")
      .optional()
      .meta({ description: "SHA-256 of the solution zip; required with solutionFile, computed for solutionContent." }),
    deploymentSettings: deploymentSettings.optional(),
    rollback: rollback.optional(),
    cloud,
  })
  .superRefine((d, ctx) => {
    const file = d.solutionFile !== undefined;
    const content = d.solutionContent !== undefined;
    if (file === content) {
      ctx.addIssue({
        code: "custom",
        path: [file ? "solutionContent" : "solutionFile"],
        message: "give exactly one of solutionFile (a path, with sha256) and solutionContent (base64)",
      });
    }
    if (file && d.sha256 === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["sha256"],
        message:
          "sha256 is required with solutionFile: the digest of the reviewed file, so a changed file shows in the preview and a different one is refused (sha256sum <file>)",
      });
    }
    if (content && d.sha256 !== undefined && !unknownAlong(d, ["solutionContent"])) {
      const digest = sha256Of(Buffer.from(d.solutionContent as string, "base64"));
      if (digest !== d.sha256.toLowerCase()) {
        ctx.addIssue({
          code: "custom",
          path: ["sha256"],
          message: `solutionContent has sha256 ${digest}, not ${d.sha256}`,
        });
      }
    }
  });

/** The SolutionDeployment description. */
export const solutionDeployment: ResourceDescription<typeof solutionDeploymentInputs> = {
  name: "SolutionDeployment",
  description:
    "One managed solution (e.g. the Copilot Studio agent's) at one version in one environment, with its connection references and environment variables. A higher version upgrades (StageAndUpgradeAsync); new settings re-import the same version; a lower version is a rollback, refused unless rollback.strategy is uninstallAndReinstall. A solution already installed at create is adopted (adopted: true) and stays installed on delete; delete uninstalls only what this resource installed (use retainOnDelete to keep that). Id: <environmentId>/<uniqueName>.",
  inputs: solutionDeploymentInputs,
  outputs: z.object({
    solutionId: z.string().meta({ description: "Dataverse solutionid." }),
    displayName: z.string().meta({ description: "Friendly name of the installed solution." }),
    lastOperation: z.string().meta({
      description: "What the last create or update did: install, upgrade, reimport, rollback or adopt.",
    }),
    importJobId: z.string().meta({ description: "Import job of the last import (Solutions → See history)." }),
    lastImportMinutes: z
      .number()
      .meta({ description: "How long the last import ran on the service's clock, in minutes." }),
    adopted: z.boolean().meta({
      description:
        "True when the solution was already installed when this resource was created (or imported); delete then leaves it installed.",
    }),
  }),
};
