import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import {
  type AdminApplicationArgs,
  type AdminApplicationOutputs,
  AdminApplicationProperties,
} from "../../resources/args.ts";
import { isResourceOfType, registeredOptions, registeredProperties } from "../../resources/common.ts";

/**
 * Registers a service principal as a Power Platform admin management application (BAPI `adminApplications`), which
 * lets it call the admin APIs every other resource here uses.
 *
 * **The one-time admin bootstrap.** A service principal cannot register itself: run this once with a Power Platform
 * Administrator or Global Administrator *user* credential (for example after `az login`), or from a principal
 * that is already registered. Until then every admin call answers 403 "does not have permission to access the path".
 *
 * - Idempotent: an application that is already registered is adopted (`adopted: true`) and not registered again.
 * - Replacement: `applicationId`, `cloud`.
 * - Delete: unregisters the application only when this resource registered it. An adopted (or imported) registration
 *   stays: it is tenant-wide, and other stacks or teams may depend on it. Unregister it in the admin centre (or with
 *   `Remove-AdminPowerAppManagementApp`) when nobody does.
 * - Import: the id is the application id; an imported registration counts as adopted.
 *
 * See https://learn.microsoft.com/power-platform/admin/powershell-create-service-principal
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface of the same name only adds the generated output declarations, which the registered properties initialise
export class AdminApplication extends pulumi.CustomResource {
  /** The Pulumi type token. */
  static readonly __pulumiType = powerPlatformToken("AdminApplication");

  /** Looks up a registration; the id is the application id. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): AdminApplication {
    return new AdminApplication(name, undefined, { ...opts, id });
  }

  /** True when `obj` is an {@link AdminApplication}. */
  static override isInstance(obj: unknown): obj is AdminApplication {
    return isResourceOfType(obj, AdminApplication.__pulumiType);
  }

  /**
   * @param name The unique name of the resource.
   * @param args The application to register.
   * @param opts Resource options.
   */
  constructor(name: string, args: AdminApplicationArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    super(
      AdminApplication.__pulumiType,
      name,
      registeredProperties(AdminApplicationProperties, args),
      registeredOptions(AdminApplicationProperties, opts),
    );
  }
}

/** The outputs of {@link AdminApplication}, generated from its description (see `../../resources/args.ts`). */
export interface AdminApplication extends AdminApplicationOutputs {}
