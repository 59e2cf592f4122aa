import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import type { SolutionDeploymentArgs } from "../../resources/args.ts";
import { isResourceOfType } from "../../resources/common.ts";
import type { RollbackStrategy } from "../../resources/vocabulary.ts";

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
  static readonly __pulumiType = powerPlatformToken("SolutionDeployment");

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
