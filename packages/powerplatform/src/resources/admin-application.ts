import * as pulumi from "@pulumi/pulumi";
import { type CommonArgs, isResourceOfType } from "./common.ts";

/** Inputs of {@link AdminApplication}. */
export interface AdminApplicationArgs extends CommonArgs {
  /** Client (application) id of the Entra service principal to register. Changing it replaces the resource. */
  applicationId: pulumi.Input<string>;
}

/**
 * Registers a service principal as a Power Platform admin management application (BAPI `adminApplications`), which
 * lets it call the admin APIs every other resource here uses.
 *
 * **The one-time admin bootstrap.** A service principal cannot register itself: run this once with a Power Platform
 * Administrator or Global Administrator *user* credential (for example after `az login`), or from a principal
 * that is already registered. Until then every admin call answers 403 "does not have permission to access the path".
 *
 * - Idempotent: registering an already registered application adopts it.
 * - Replacement: `applicationId`, `cloud`.
 * - Delete: unregisters the application.
 * - Import: the id is the application id.
 *
 * See https://learn.microsoft.com/power-platform/admin/powershell-create-service-principal
 */
export class AdminApplication extends pulumi.CustomResource {
  /** The Pulumi type token. */
  static readonly __pulumiType = "govai:powerplatform:AdminApplication";

  /** Looks up a registration; the id is the application id. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): AdminApplication {
    return new AdminApplication(name, undefined, { ...opts, id });
  }

  /** True when `obj` is an {@link AdminApplication}. */
  static override isInstance(obj: unknown): obj is AdminApplication {
    return isResourceOfType(obj, AdminApplication.__pulumiType);
  }

  /** The registered application id, lower-case. Also the resource id. */
  declare readonly applicationId: pulumi.Output<string>;
  /** The cloud. */
  declare readonly cloud: pulumi.Output<string | undefined>;

  /**
   * @param name The unique name of the resource.
   * @param args The application to register.
   * @param opts Resource options.
   */
  constructor(name: string, args: AdminApplicationArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    const a: Partial<AdminApplicationArgs> = args ?? {};
    super(AdminApplication.__pulumiType, name, { applicationId: a.applicationId, cloud: a.cloud }, opts);
  }
}
