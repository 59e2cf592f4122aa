import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import type { ApplicationUserArgs } from "../../resources/args.ts";
import { isResourceOfType } from "../../resources/common.ts";

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

  /** The environment id. */
  declare readonly environmentId: pulumi.Output<string>;
  /** The application (client) id, lower-case. */
  declare readonly applicationId: pulumi.Output<string>;
  /** Role names, sorted. */
  declare readonly roles: pulumi.Output<string[]>;
  /** The cloud. */
  declare readonly cloud: pulumi.Output<string | undefined>;
  /** The Dataverse `systemuserid`. */
  declare readonly systemUserId: pulumi.Output<string>;
  /** True when the user already existed and was adopted rather than created. */
  declare readonly adopted: pulumi.Output<boolean>;
  /**
   * The role names an adopted user had when this resource adopted (or imported) it, sorted; delete gives them back.
   * Undefined for a user this resource created.
   */
  declare readonly foundRoles: pulumi.Output<string[] | undefined>;

  /**
   * @param name The unique name of the resource.
   * @param args The application user.
   * @param opts Resource options.
   */
  constructor(name: string, args: ApplicationUserArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    const a: Partial<ApplicationUserArgs> = args ?? {};
    super(
      ApplicationUser.__pulumiType,
      name,
      {
        environmentId: a.environmentId,
        applicationId: a.applicationId,
        roles: a.roles,
        cloud: a.cloud,
        systemUserId: undefined,
        adopted: undefined,
        foundRoles: undefined,
      },
      opts,
    );
  }
}
