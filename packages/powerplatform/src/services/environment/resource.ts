import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentArgs } from "../../resources/args.ts";
import { isResourceOfType } from "../../resources/common.ts";
import type { EnvironmentSku } from "../../resources/vocabulary.ts";

/**
 * A Power Platform environment with Dataverse.
 *
 * - Replacement: `location`, `azureRegion`, `dataverse.language`, `dataverse.currency`, `cloud`.
 * - In place: `displayName`, `description`, `dataverse.domain`, `dataverse.securityGroupId`, `environmentGroupId`,
 *   and `environmentType` (through `modifySku`).
 * - Group membership (`environmentGroupId`), in place: joining or moving is an environment PATCH with the group,
 *   leaving is the service's `removeEnvironment`. A grouped environment's managed-environment settings are the
 *   group's rules (`EnvironmentGroupRuleSet`): a `ManagedEnvironment` on it is refused. Leaving takes the
 *   group's rules away; the environment keeps its own governance configuration, so declare a `ManagedEnvironment`
 *   for it in the same run to govern it (see the package README).
 * - Delete: deletes the environment and its Dataverse data. Protect production environments with `protect: true`.
 * - Import: `pulumi import govai:powerplatform:Environment <name> <environmentId>`.
 *
 * Never orphaned: if a step after the create fails, the plugin still reports the new id so the next `up` continues.
 * Never made twice: the create's marker carries an owner key derived from this resource's URN, so an environment
 * an earlier `up` of this same resource created after it gave up (a POST that outlived its timeout) is adopted by
 * the next `up`, brought to these inputs; another resource's or another team's environment never is.
 * See https://learn.microsoft.com/power-platform/admin/create-environment
 */
export class Environment extends pulumi.CustomResource {
  /** The Pulumi type token. */
  static readonly __pulumiType = powerPlatformToken("Environment");

  /** Looks up an existing environment by its id (a GUID), without managing it. */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Environment {
    return new Environment(name, undefined, { ...opts, id });
  }

  /** True when `obj` is an {@link Environment}, even one created by another copy of this package. */
  static override isInstance(obj: unknown): obj is Environment {
    return isResourceOfType(obj, Environment.__pulumiType);
  }

  /** The environment id (a GUID), the same as the resource id. */
  declare readonly environmentId: pulumi.Output<string>;
  /** Display name. */
  declare readonly displayName: pulumi.Output<string>;
  /** Description. */
  declare readonly description: pulumi.Output<string>;
  /** `Sandbox` or `Production`. */
  declare readonly environmentType: pulumi.Output<EnvironmentSku>;
  /** Power Platform geography. */
  declare readonly location: pulumi.Output<string>;
  /** Azure region. */
  declare readonly azureRegion: pulumi.Output<string>;
  /** Dataverse settings as applied (domain lower-cased; no security group = undefined). */
  declare readonly dataverse: pulumi.Output<{
    language: number;
    currency: string;
    domain: string;
    securityGroupId?: string;
  }>;
  /** Environment group id, or undefined. */
  declare readonly environmentGroupId: pulumi.Output<string | undefined>;
  /** The cloud. */
  declare readonly cloud: pulumi.Output<string | undefined>;
  /** Dataverse organisation URL, e.g. `https://contoso-dev.crm4.dynamics.com/`. */
  declare readonly dataverseUrl: pulumi.Output<string>;
  /** Dataverse organisation id (`linkedEnvironmentMetadata.resourceId`). */
  declare readonly organizationId: pulumi.Output<string>;
  /** Entra tenant id the environment belongs to. */
  declare readonly tenantId: pulumi.Output<string>;
  /** Management state, e.g. `Ready`. */
  declare readonly state: pulumi.Output<string>;

  /**
   * @param name The unique name of the resource.
   * @param args The environment's settings.
   * @param opts Resource options (`protect`, `customTimeouts`, …).
   */
  constructor(name: string, args: EnvironmentArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    const a: Partial<EnvironmentArgs> = args ?? {};
    super(
      Environment.__pulumiType,
      name,
      {
        displayName: a.displayName,
        description: a.description,
        environmentType: a.environmentType,
        location: a.location,
        azureRegion: a.azureRegion,
        dataverse: a.dataverse,
        environmentGroupId: a.environmentGroupId,
        cloud: a.cloud,
        environmentId: undefined,
        dataverseUrl: undefined,
        organizationId: undefined,
        tenantId: undefined,
        state: undefined,
      },
      opts,
    );
  }
}
