import {
  ApplicationUser,
  BillingPolicyEnvironment,
  CopilotTelemetry,
  DataPolicy,
  Environment,
  EnvironmentSettings,
  ManagedEnvironment,
} from "@govai/powerplatform/resources";
import type {
  AuditingModel,
  ConnectorPolicyModel,
  EnvironmentModel,
  FirewallModel,
  ManagedEnvironmentModel,
} from "@govai/spec";
import * as pulumi from "@pulumi/pulumi";
import { partSchemas, validatePart } from "./args.ts";
import { childName } from "./names.ts";
import { sortedEntries } from "./tags.ts";

/** One Dataverse application user: a service principal and its security roles. */
export interface ApplicationUserSpec {
  /** Client (application) id of the Entra service principal. Changing it replaces the application user. */
  applicationId: pulumi.Input<string>;
  /** Dataverse security role names. Changed in place. Never `System Administrator` for a runtime identity in prod. */
  roles: string[];
}

/** The Copilot Studio telemetry binding: opt-in, because its API accepts only a delegated user. */
export interface CopilotTelemetrySpec {
  /** The agent's bot id (GUID or schema name). Changing it replaces the binding. */
  botId: string;
  /** App Insights connection string (kept secret). */
  connectionString: pulumi.Input<string>;
  /** Log messages and events. */
  logActivities: boolean;
  /** Log topic node executions. */
  logActions: boolean;
  /** Log message text and user identity. Keep `false` outside dev. */
  logSensitiveActivity: boolean;
}

/** Inputs of {@link StagePowerPlatform}. */
export interface StagePowerPlatformArgs {
  /** The environment with Dataverse (`StageModel.environment`). See `Environment` for what replaces it. */
  environment: EnvironmentModel;
  /** The DLP policy (`StageModel.connectorPolicy`); it covers exactly this environment. Changed in place. */
  connectorPolicy: ConnectorPolicyModel;
  /**
   * Managed-environment governance (`StageModel.managedEnvironment`). Changed in place. Not applied when the
   * environment joins an environment group (`environment.environmentGroupId`): the group's rules govern it then, and
   * no ManagedEnvironment is registered.
   */
  managedEnvironment: ManagedEnvironmentModel;
  /** Dataverse auditing and retention (`StageModel.auditing`). Changed in place. */
  auditing: AuditingModel;
  /** Dataverse IP firewall and cookie binding (`StageModel.firewall`). Changed in place. */
  firewall: FirewallModel;
  /**
   * Application users keyed by a stable name (`deployment`, `runtime-<key>`): the key goes into the child name.
   */
  applicationUsers: Record<string, ApplicationUserSpec>;
  /**
   * The Copilot Studio App Insights binding. Undefined (the default) creates none. Set it only when the agent's bot
   * id is known and the stack runs as a user: the API rejects service principals.
   */
  copilotTelemetry?: CopilotTelemetrySpec;
  /**
   * The pay-as-you-go billing policy (a GUID; the tenant baseline's `billingPolicyIds.<name>` output) the environment
   * is linked to, as a child `<name>-billing` (BillingPolicyEnvironment). Default: none. Changing it replaces the link.
   */
  billingPolicyId?: string;
  /** Pulumi `protect` on the environment. Default false. */
  protect?: boolean;
  /**
   * Keep the environment (and its Dataverse data) when the resource is deleted (`retainOnDelete`). Default true:
   * deleting Dataverse data is an explicit opt-in (`ProtectionModel.allowDataverseDeletion`).
   */
  retainEnvironmentOnDelete?: boolean;
}

/**
 * The Power Platform side of one stage: the environment with Dataverse, managed-environment governance, a DLP policy
 * that covers exactly this environment, the Dataverse settings (auditing, retention, firewall), the application
 * users with their roles, and, opt-in, the Copilot Studio telemetry binding.
 *
 * Power Platform resources take no tags; the stage's identity is in the environment's display name and description.
 *
 * Children: `<name>-env` (Environment), `<name>-managed` (ManagedEnvironment, unless the environment joins an
 * environment group, whose rules then govern it), `<name>-dlp` (DataPolicy), `<name>-settings` (EnvironmentSettings),
 * `<name>-appuser-<key>` (ApplicationUser), `<name>-copilot-telemetry` (CopilotTelemetry, opt-in), `<name>-billing`
 * (BillingPolicyEnvironment, when `billingPolicyId` is given).
 *
 * See https://learn.microsoft.com/power-platform/admin/managed-environment-overview
 */
export class StagePowerPlatform extends pulumi.ComponentResource {
  /** The environment id (a GUID). */
  declare readonly environmentId: pulumi.Output<string>;
  /** The Dataverse URL, e.g. `https://org.crm4.dynamics.com/`. */
  declare readonly environmentUrl: pulumi.Output<string>;
  /** The DLP policy name (a GUID). */
  declare readonly dataPolicyId: pulumi.Output<string>;
  /** The environment resource, as an escape hatch. */
  declare readonly environment: Environment;
  /** The managed-environment settings, as an escape hatch; undefined when an environment group's rules govern it. */
  declare readonly managedEnvironment: ManagedEnvironment | undefined;
  /** The link to the billing policy, when `billingPolicyId` was given. */
  declare readonly billingPolicyEnvironment: BillingPolicyEnvironment | undefined;
  /** The DLP policy, as an escape hatch. */
  declare readonly dataPolicy: DataPolicy;
  /** The Dataverse settings, as an escape hatch. */
  declare readonly settings: EnvironmentSettings;
  /** The application users, keyed like `args.applicationUsers`. */
  declare readonly applicationUsers: Record<string, ApplicationUser>;
  /** The Copilot Studio telemetry binding, when created. */
  declare readonly copilotTelemetry: CopilotTelemetry | undefined;

  constructor(name: string, args: StagePowerPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    validatePart(`govai:workload:StagePowerPlatform "${name}"`, partSchemas.powerPlatform, args);
    super("govai:workload:StagePowerPlatform", name, {}, opts);
    const env = args.environment;
    const environment = new Environment(
      childName(name, "env"),
      {
        displayName: env.displayName,
        description: env.description,
        environmentType: env.type,
        location: env.location,
        azureRegion: env.azureRegion,
        dataverse: {
          language: env.dataverse.language,
          currency: env.dataverse.currency,
          domain: env.dataverse.domain,
          securityGroupId: env.dataverse.securityGroupId,
        },
        environmentGroupId: env.environmentGroupId,
      },
      { parent: this, protect: args.protect ?? false, retainOnDelete: args.retainEnvironmentOnDelete ?? true },
    );
    const environmentId = environment.environmentId;

    const me = args.managedEnvironment;
    // A grouped environment's managed-environment settings are its group's rules (the tenant baseline's rule set);
    // settings of its own would fight the group's on every run.
    const managed =
      env.environmentGroupId === undefined
        ? new ManagedEnvironment(
            childName(name, "managed"),
            {
              environmentId,
              // The model's managed-environment block is the resource's inputs, field for field (a new field
              // reaches the provider without a line here); rule overrides are sorted so their order never diffs.
              ...me,
              solutionChecker: { ...me.solutionChecker, ruleOverrides: [...me.solutionChecker.ruleOverrides].sort() },
            },
            { parent: this },
          )
        : undefined;

    const cp = args.connectorPolicy;
    const policy = new DataPolicy(
      childName(name, "dlp"),
      {
        displayName: cp.displayName,
        defaultGroup: cp.defaultGroup,
        environmentIds: [environmentId],
        environmentScope: "onlyEnvironments",
        business: [...cp.business].sort(),
        nonBusiness: [...cp.nonBusiness].sort(),
        blocked: [...cp.blocked].sort(),
        endpointRules: cp.endpointRules,
        actionRules: cp.actionRules,
        customConnectorPatterns: [...cp.customConnectorPatterns].sort((x, y) => x.order - y.order),
      },
      { parent: this },
    );

    const settings = new EnvironmentSettings(
      childName(name, "settings"),
      {
        environmentId,
        auditing: args.auditing,
        firewall: {
          ...args.firewall,
          allowedRanges: [...args.firewall.allowedRanges].sort(),
          serviceTags: [...args.firewall.serviceTags].sort(),
        },
      },
      { parent: this },
    );

    const applicationUsers: Record<string, ApplicationUser> = {};
    for (const [key, user] of sortedEntries(args.applicationUsers)) {
      applicationUsers[key] = new ApplicationUser(
        childName(name, "appuser", key),
        { environmentId, applicationId: user.applicationId, roles: [...new Set(user.roles)].sort() },
        // After the settings: an enforcing firewall must already let application users through.
        { parent: this, dependsOn: [settings] },
      );
    }

    const ct = args.copilotTelemetry;
    let binding: CopilotTelemetry | undefined;
    if (ct) {
      binding = new CopilotTelemetry(
        childName(name, "copilot-telemetry"),
        {
          environmentId,
          botId: ct.botId,
          connectionString: pulumi.secret(ct.connectionString),
          logActivities: ct.logActivities,
          logActions: ct.logActions,
          logSensitiveActivity: ct.logSensitiveActivity,
        },
        { parent: this },
      );
    }

    const billingLink =
      args.billingPolicyId === undefined
        ? undefined
        : new BillingPolicyEnvironment(
            childName(name, "billing"),
            { billingPolicyId: args.billingPolicyId, environmentId },
            { parent: this },
          );

    this.environment = environment;
    this.managedEnvironment = managed;
    this.billingPolicyEnvironment = billingLink;
    this.dataPolicy = policy;
    this.settings = settings;
    this.applicationUsers = applicationUsers;
    this.copilotTelemetry = binding;
    this.environmentId = environmentId;
    this.environmentUrl = environment.dataverseUrl;
    this.dataPolicyId = policy.policyName;
    this.registerOutputs({
      environmentId: this.environmentId,
      environmentUrl: this.environmentUrl,
      dataPolicyId: this.dataPolicyId,
    });
  }
}
