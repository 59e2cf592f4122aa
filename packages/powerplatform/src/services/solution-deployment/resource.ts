import * as pulumi from "@pulumi/pulumi";
import { type CommonArgs, isResourceOfType } from "../../resources/common.ts";
import type { RollbackStrategy } from "../../resources/vocabulary.ts";

/** The connection a connection reference uses in the target environment. */
export interface ConnectionReferenceBindingArgs {
  /** Id of a connection that exists in the target environment and is shared with the deploying identity. */
  connectionId: pulumi.Input<string>;
  /** The connector, e.g. `/providers/Microsoft.PowerApps/apis/shared_sharepointonline`; must match the package. */
  connectorId: pulumi.Input<string>;
}

/**
 * Connection references and environment-variable values the import binds (`ComponentParameters`): the content of a
 * `pac solution create-settings` file as maps. Read such a file with `parseDeploymentSettings` of this package.
 */
export interface SolutionDeploymentSettingsArgs {
  /**
   * Values by environment-variable schema name. A Key Vault secret variable takes the secret's resource id
   * (`/subscriptions/…/providers/Microsoft.KeyVault/vaults/<kv>/secrets/<name>`). Default: none.
   */
  environmentVariables?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Connections by connection-reference logical name. Every reference the package declares must be bound, and no
   * other (checked at preview). Default: none.
   */
  connectionReferences?: pulumi.Input<Record<string, pulumi.Input<ConnectionReferenceBindingArgs>>>;
}

/** What a lower version than the installed one does. */
export interface SolutionRollbackArgs {
  /**
   * `refuse` (default): fail with the options (roll forward, or this strategy). `uninstallAndReinstall`: uninstall
   * the installed version — its components, the connection references and variable values its imports bound, and
   * the data of the tables it owns are deleted — then install the wanted version.
   */
  strategy?: pulumi.Input<RollbackStrategy>;
  /**
   * Recovery time objective in minutes, e.g. the spec's `readiness.rollback.rtoMinutes`. An uninstall-and-reinstall
   * estimated over it (twice the last import's service-measured duration) is refused. Default: none.
   */
  rtoMinutes?: pulumi.Input<number>;
}

/** Inputs of {@link SolutionDeployment}. */
export interface SolutionDeploymentArgs extends CommonArgs {
  /** The environment (GUID); it must have Dataverse. Changing it replaces the resource. */
  environmentId: pulumi.Input<string>;
  /** The solution's unique name (`<UniqueName>` of its solution.xml). Changing it replaces the resource. */
  uniqueName: pulumi.Input<string>;
  /**
   * The version to deploy (`<Version>` of solution.xml, e.g. `1.2.0.0`; `1.2` means `1.2.0.0`). Higher than the
   * installed one: an upgrade. Lower: a rollback (see `rollback`).
   */
  version: pulumi.Input<string>;
  /**
   * Path of the managed solution zip, relative to the folder `pulumi` runs in. The provider reads it at preview
   * (checks) and on deploy. Give exactly one of `solutionFile` and `solutionContent`.
   */
  solutionFile?: pulumi.Input<string>;
  /** The managed solution zip in base64 instead of a path. It is kept in the stack's state: prefer `solutionFile`. */
  solutionContent?: pulumi.Input<string>;
  /**
   * SHA-256 (hex) of the zip. Required with `solutionFile`: a different file is refused, and a changed file shows in
   * the preview. Computed from `solutionContent` when not given.
   */
  sha256?: pulumi.Input<string>;
  /** Connection references and environment variables. Changing them re-imports the same version. */
  deploymentSettings?: pulumi.Input<SolutionDeploymentSettingsArgs>;
  /** Rollback policy. Default `{ strategy: "refuse" }`. */
  rollback?: pulumi.Input<SolutionRollbackArgs>;
}

/**
 * One managed solution — typically the Copilot Studio agent's — at one version in one environment, with its
 * connection references and environment-variable values. Deploys it per stage; promotion is a new version.
 *
 * - Preview (Check): the file is read, its sha256 checked, and it must be a managed package of `uniqueName` at
 *   `version` whose connection references `deploymentSettings` binds exactly.
 * - Create: installs (`ImportSolutionAsync`); the same managed version already installed is adopted (re-imported
 *   when there are settings to apply), a lower one upgraded. An import start is never sent twice blindly. A solution
 *   found installed at any version is recorded as adopted (`adopted: true`).
 * - Update: a higher version upgrades (`StageAndUpgradeAsync`: components the new version dropped are removed); new
 *   settings re-import the same version; the same version with another file is refused (bump the version); a lower
 *   version is a rollback, refused unless `rollback.strategy` is `uninstallAndReinstall` (data loss, see above).
 * - Read: reports the installed version; another version installed outside the stack is drift.
 * - Replacement: `environmentId`, `uniqueName`, `cloud`.
 * - Delete: uninstalls a solution this resource installed (components and data of its tables); to keep it, use the
 *   `retainOnDelete` resource option. An adopted solution stays installed, at whatever version this resource last
 *   upgraded, re-imported or rolled it back to: it was there before the stack (for example the pilot's solution in an
 *   environment taken over with `govai adopt`), so destroying the stack never uninstalls it.
 * - Import: the id is `<environmentId>/<uniqueName>`; an imported solution counts as adopted.
 *
 * See https://learn.microsoft.com/power-platform/alm/solution-concepts-alm and
 * https://learn.microsoft.com/power-platform/alm/conn-ref-env-variables-build-tools
 */
export class SolutionDeployment extends pulumi.CustomResource {
  /** The Pulumi type token. */
  static readonly __pulumiType = "govai:powerplatform:SolutionDeployment";

  /** Looks up a deployed solution; the id is `<environmentId>/<uniqueName>`. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): SolutionDeployment {
    return new SolutionDeployment(name, undefined, { ...opts, id });
  }

  /** True when `obj` is a {@link SolutionDeployment}. */
  static override isInstance(obj: unknown): obj is SolutionDeployment {
    return isResourceOfType(obj, SolutionDeployment.__pulumiType);
  }

  /** The environment id. */
  declare readonly environmentId: pulumi.Output<string>;
  /** The solution's unique name. */
  declare readonly uniqueName: pulumi.Output<string>;
  /** The version, four parts (the installed one after a refresh). */
  declare readonly version: pulumi.Output<string>;
  /** The file path, when given. */
  declare readonly solutionFile: pulumi.Output<string | undefined>;
  /** SHA-256 of the deployed file. */
  declare readonly sha256: pulumi.Output<string>;
  /** Settings as applied. */
  declare readonly deploymentSettings: pulumi.Output<{
    environmentVariables: Record<string, string>;
    connectionReferences: Record<string, { connectionId: string; connectorId: string }>;
  }>;
  /** Rollback policy as applied. */
  declare readonly rollback: pulumi.Output<{ strategy: RollbackStrategy; rtoMinutes?: number }>;
  /** The cloud. */
  declare readonly cloud: pulumi.Output<string | undefined>;
  /** Dataverse `solutionid`. */
  declare readonly solutionId: pulumi.Output<string>;
  /** Friendly name of the installed solution. */
  declare readonly displayName: pulumi.Output<string>;
  /** What the last create or update did: `install`, `upgrade`, `reimport`, `rollback` or `adopt`. */
  declare readonly lastOperation: pulumi.Output<string>;
  /** Import job of the last import (maker portal: Solutions → See history). */
  declare readonly importJobId: pulumi.Output<string | undefined>;
  /** How long the last import ran on the service's clock, in minutes (what a rollback is estimated from). */
  declare readonly lastImportMinutes: pulumi.Output<number | undefined>;
  /** True when the solution was already installed when this resource was created (or it was imported). */
  declare readonly adopted: pulumi.Output<boolean>;

  /**
   * @param name The unique name of the resource.
   * @param args The solution, its version and settings.
   * @param opts Resource options.
   */
  constructor(name: string, args: SolutionDeploymentArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    const a: Partial<SolutionDeploymentArgs> = args ?? {};
    super(
      SolutionDeployment.__pulumiType,
      name,
      {
        environmentId: a.environmentId,
        uniqueName: a.uniqueName,
        version: a.version,
        solutionFile: a.solutionFile,
        solutionContent: a.solutionContent,
        sha256: a.sha256,
        deploymentSettings: a.deploymentSettings,
        rollback: a.rollback,
        cloud: a.cloud,
        solutionId: undefined,
        displayName: undefined,
        lastOperation: undefined,
        importJobId: undefined,
        lastImportMinutes: undefined,
        adopted: undefined,
      },
      opts,
    );
  }
}
