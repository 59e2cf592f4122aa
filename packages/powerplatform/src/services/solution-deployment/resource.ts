import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import {
  type SolutionDeploymentArgs,
  type SolutionDeploymentOutputs,
  SolutionDeploymentProperties,
} from "../../resources/args.ts";
import { isResourceOfType, registeredOptions, registeredProperties } from "../../resources/common.ts";

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
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface of the same name only adds the generated output declarations, which the registered properties initialise
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

  /**
   * @param name The unique name of the resource.
   * @param args The solution, its version and settings.
   * @param opts Resource options.
   */
  constructor(name: string, args: SolutionDeploymentArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    super(
      SolutionDeployment.__pulumiType,
      name,
      registeredProperties(SolutionDeploymentProperties, args),
      registeredOptions(SolutionDeploymentProperties, opts),
    );
  }
}

/** The outputs of {@link SolutionDeployment}, generated from its description (see `../../resources/args.ts`). */
export interface SolutionDeployment extends SolutionDeploymentOutputs {}
