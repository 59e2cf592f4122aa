import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import {
  type ApplicationUserArgs,
  type ApplicationUserOutputs,
  ApplicationUserProperties,
} from "../../resources/args.ts";
import { isResourceOfType, registeredOptions, registeredProperties } from "../../resources/common.ts";

/**
 * A service principal as a Dataverse application user (`systemusers`, access mode 4) with its security roles.
 *
 * - Idempotent: an active application user with the same application id is adopted (`adopted: true`); a
 *   soft-deleted one is purged first.
 * - Replacement: `environmentId`, `applicationId`, `cloud`. `roles` change in place.
 * - Delete: deletes (and purges) the user this resource created. An adopted user is kept and given back the roles it
 *   had when it was adopted or imported (`foundRoles`): the roles this resource added are removed, the ones it removed
 *   are added again.
 * - Import: the id is `<environmentId>/<applicationId>`.
 *
 * See https://learn.microsoft.com/power-platform/admin/manage-application-users
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface of the same name only adds the generated output declarations, which the registered properties initialise
export class ApplicationUser extends pulumi.CustomResource {
  /** The Pulumi type token. */
  static readonly __pulumiType = powerPlatformToken("ApplicationUser");

  /** Looks up an application user; the id is `<environmentId>/<applicationId>`. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): ApplicationUser {
    return new ApplicationUser(name, undefined, { ...opts, id });
  }

  /** True when `obj` is an {@link ApplicationUser}. */
  static override isInstance(obj: unknown): obj is ApplicationUser {
    return isResourceOfType(obj, ApplicationUser.__pulumiType);
  }

  /**
   * @param name The unique name of the resource.
   * @param args The application user.
   * @param opts Resource options.
   */
  constructor(name: string, args: ApplicationUserArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    super(
      ApplicationUser.__pulumiType,
      name,
      registeredProperties(ApplicationUserProperties, args),
      registeredOptions(ApplicationUserProperties, opts),
    );
  }
}

/** The outputs of {@link ApplicationUser}, generated from its description (see `../../resources/args.ts`). */
export interface ApplicationUser extends ApplicationUserOutputs {}
