import { powerPlatformToken } from "@govai/spec/model";
import * as pulumi from "@pulumi/pulumi";
import type { DataPolicyArgs } from "../../resources/args.ts";
import { isResourceOfType } from "../../resources/common.ts";
import type { ConnectorGroup, EnvironmentScope } from "../../resources/vocabulary.ts";

/**
 * A DLP data policy (BAPI `PowerPlatform.Governance/v2/policies`): business, non-business and blocked connectors,
 * the default group, the environments it covers, endpoint and action rules, custom-connector URL patterns.
 *
 * - Replacement: `cloud` only. Everything else is updated in place (the full document is sent).
 * - Delete: deletes the policy.
 * - Import: `pulumi import govai:powerplatform:DataPolicy <name> <policyName>`.
 * - Ownership: the policy carries a marker derived from the resource's URN (a Blocked custom-connector rule for
 *   `https://govai-<ownershipMarker>.invalid`, hidden from `customConnectorPatterns`). A create whose outcome is
 *   unknown returns only the policy carrying it, never another policy with the same display name, and the next run
 *   adopts a policy that a timed-out create left behind instead of creating a second one.
 *
 * See https://learn.microsoft.com/power-platform/admin/wp-data-loss-prevention
 */
export class DataPolicy extends pulumi.CustomResource {
  /** The Pulumi type token. */
  static readonly __pulumiType = powerPlatformToken("DataPolicy");

  /** Looks up an existing data policy by its name (a GUID). */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): DataPolicy {
    return new DataPolicy(name, undefined, { ...opts, id });
  }

  /** True when `obj` is a {@link DataPolicy}. */
  static override isInstance(obj: unknown): obj is DataPolicy {
    return isResourceOfType(obj, DataPolicy.__pulumiType);
  }

  /** The policy name (a GUID), the same as the resource id. */
  declare readonly policyName: pulumi.Output<string>;
  /** Display name. */
  declare readonly displayName: pulumi.Output<string>;
  /** Default group. */
  declare readonly defaultGroup: pulumi.Output<ConnectorGroup>;
  /** Covered (or excluded) environments, sorted. */
  declare readonly environmentIds: pulumi.Output<string[]>;
  /** How `environmentIds` is read. */
  declare readonly environmentScope: pulumi.Output<EnvironmentScope>;
  /** Business connectors, sorted. */
  declare readonly business: pulumi.Output<string[]>;
  /** Non-business connectors, sorted. */
  declare readonly nonBusiness: pulumi.Output<string[]>;
  /** Blocked connectors, sorted. */
  declare readonly blocked: pulumi.Output<string[]>;
  /** Endpoint rules per connector. */
  declare readonly endpointRules: pulumi.Output<Record<string, { behavior: "allow" | "deny"; endpoint: string }[]>>;
  /** Action rules per connector. */
  declare readonly actionRules: pulumi.Output<
    Record<string, { defaultBehavior: "allow" | "block"; actions: Record<string, "allow" | "block"> }>
  >;
  /** Custom-connector URL patterns, sorted by order. */
  declare readonly customConnectorPatterns: pulumi.Output<
    { order: number; classification: ConnectorGroup | "ignore"; pattern: string }[]
  >;
  /** The cloud. */
  declare readonly cloud: pulumi.Output<string | undefined>;
  /** The policy's etag after the last write. */
  declare readonly etag: pulumi.Output<string>;
  /** `owner-incarnation` of the ownership marker the policy carries; undefined when it carries none. */
  declare readonly ownershipMarker: pulumi.Output<string | undefined>;

  /**
   * @param name The unique name of the resource.
   * @param args The policy.
   * @param opts Resource options.
   */
  constructor(name: string, args: DataPolicyArgs | undefined, opts?: pulumi.CustomResourceOptions) {
    const a: Partial<DataPolicyArgs> = args ?? {};
    super(
      DataPolicy.__pulumiType,
      name,
      {
        displayName: a.displayName,
        defaultGroup: a.defaultGroup,
        environmentIds: a.environmentIds,
        environmentScope: a.environmentScope,
        business: a.business,
        nonBusiness: a.nonBusiness,
        blocked: a.blocked,
        endpointRules: a.endpointRules,
        actionRules: a.actionRules,
        customConnectorPatterns: a.customConnectorPatterns,
        cloud: a.cloud,
        policyName: undefined,
        etag: undefined,
        ownershipMarker: undefined,
      },
      opts,
    );
  }
}
