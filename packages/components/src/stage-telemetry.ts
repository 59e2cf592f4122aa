import * as appinsights from "@pulumi/azure-native/applicationinsights/index.js";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights/index.js";
import * as pulumi from "@pulumi/pulumi";
import { partSchemas, validatePart } from "./args.ts";
import { ComponentArgsError } from "./errors.ts";
import { childName } from "./names.ts";

/**
 * Outputs of the Application Insights component that grant ingestion (anyone holding them can write telemetry):
 * registered as `additionalSecretOutputs`, so Pulumi encrypts them in the child's state.
 */
export const APP_INSIGHTS_SECRET_OUTPUTS = ["connectionString", "instrumentationKey"] as const;

/** Inputs of {@link StageTelemetry}. */
export interface StageTelemetryArgs {
  /** Resource group of the telemetry resources. Changing it replaces them. */
  resourceGroupName: pulumi.Input<string>;
  /** Azure region, e.g. `westeurope` (`EnvironmentModel.azureRegion`). Changing it replaces the resources. */
  location: string;
  /**
   * The Log Analytics workspace. Created by default (physical name `workspaceName`, retention `retentionDays`);
   * `existing.resourceId` adopts one by its full ARM id and creates nothing. `existing` and `args` exclude each other.
   */
  workspace: {
    /** Physical workspace name (`StageNames.logAnalyticsWorkspace`). Changing it replaces the workspace. */
    workspaceName: string;
    /** Retention in days, 30–730. Default 90. Changed in place. */
    retentionDays?: number;
    /** Adopt an existing workspace: its full ARM id. */
    existing?: { resourceId: pulumi.Input<string> };
    /** Overrides of the owned defaults, merged last. */
    args?: Partial<operationalinsights.WorkspaceArgs>;
  };
  /**
   * The workspace-based Application Insights component for the agent's telemetry. Created by default;
   * `existing` adopts one (its connection string and ARM id); `skip` creates nothing (no alerts can then be built).
   * `existing` and `args` exclude each other.
   */
  appInsights: {
    /** Physical component name (`StageNames.appInsights`). Changing it replaces the component. */
    resourceName: string;
    /** Percentage of telemetry kept, 0 < x ≤ 100 (`TelemetryModel.samplingPercentage`). Changed in place. */
    samplingPercentage: number;
    /** Create no component. Default false. Nothing downstream (alerts, the Copilot Studio binding) can then be wired. */
    skip?: boolean;
    /** Adopt an existing component: its connection string (kept secret) and full ARM id. Nothing is created. */
    existing?: { connectionString: pulumi.Input<string>; resourceId: pulumi.Input<string> };
    /** Overrides of the owned defaults, merged last (they can undo the local-auth exception, at your risk). */
    args?: Partial<appinsights.ComponentArgs>;
  };
  /** Pulumi `protect` on the created workspace and component (they hold the telemetry). Default false. */
  protect?: boolean;
  /** Tags on every resource. */
  tags: Record<string, string>;
}

/**
 * The telemetry sink of one stage: a Log Analytics workspace (created or adopted) and a workspace-based Application
 * Insights component that the Copilot Studio agent sends its telemetry to.
 *
 * **Named exception to the secure default.** The component sets `disableLocalAuth: false`: Copilot Studio's agent
 * setting accepts only a connection string and has no way to authenticate ingestion with Entra ID, and agent
 * telemetry is reported to stop arriving when local auth is disabled (governance-controls §3.5; unconfirmed in a real
 * tenant). This component is dedicated to agent telemetry; the workspace keeps `disableLocalAuth: true`.
 *
 * Children: `<name>-law` (operationalinsights Workspace, unless adopted), `<name>-appi` (applicationinsights
 * Component, unless adopted or skipped).
 *
 * See https://learn.microsoft.com/microsoft-copilot-studio/advanced-bot-framework-composer-capture-telemetry
 */
export class StageTelemetry extends pulumi.ComponentResource {
  /** Full ARM id of the workspace (created or adopted). */
  declare readonly workspaceResourceId: pulumi.Output<string>;
  /** Full ARM id of the App Insights component; undefined when skipped. */
  declare readonly appInsightsResourceId: pulumi.Output<string | undefined>;
  /** Connection string of the App Insights component (a Pulumi secret); undefined when skipped. */
  declare readonly connectionString: pulumi.Output<string | undefined>;

  constructor(name: string, args: StageTelemetryArgs, opts?: pulumi.ComponentResourceOptions) {
    validatePart(`govai:workload:StageTelemetry "${name}"`, partSchemas.telemetry, args);
    const component = `govai:workload:StageTelemetry "${name}"`;
    if (args.workspace.existing && args.workspace.args) {
      throw new ComponentArgsError(component, [
        { path: "workspace", message: "only one of [workspace.existing] or [workspace.args] can be specified" },
      ]);
    }
    const ai = args.appInsights;
    if (ai.existing && ai.args) {
      throw new ComponentArgsError(component, [
        { path: "appInsights", message: "only one of [appInsights.existing] or [appInsights.args] can be specified" },
      ]);
    }
    super("govai:workload:StageTelemetry", name, {}, opts);
    const protect = args.protect ?? false;

    let workspaceResourceId: pulumi.Input<string>;
    if (args.workspace.existing) {
      workspaceResourceId = args.workspace.existing.resourceId;
    } else {
      const law = new operationalinsights.Workspace(
        childName(name, "law"),
        {
          resourceGroupName: args.resourceGroupName,
          workspaceName: args.workspace.workspaceName,
          location: args.location,
          sku: { name: "PerGB2018" },
          retentionInDays: args.workspace.retentionDays ?? 90,
          features: { disableLocalAuth: true },
          tags: args.tags,
          ...args.workspace.args,
        },
        { parent: this, protect },
      );
      workspaceResourceId = law.id;
    }

    let appInsightsResourceId: pulumi.Input<string | undefined> = ai.existing?.resourceId;
    let connectionString: pulumi.Input<string | undefined> = ai.existing?.connectionString;
    if (!ai.existing && !ai.skip) {
      const appi = new appinsights.Component(
        childName(name, "appi"),
        {
          resourceGroupName: args.resourceGroupName,
          resourceName: ai.resourceName,
          location: args.location,
          kind: "web",
          applicationType: "web",
          ingestionMode: "LogAnalytics",
          workspaceResourceId,
          samplingPercentage: ai.samplingPercentage,
          // Named exception (see the class doc): Copilot Studio ingests with the connection string only.
          disableLocalAuth: false,
          tags: args.tags,
          ...ai.args,
        },
        // Secret in the component's own state, not only in this component's output: the state file and `pulumi
        // stack export` would otherwise carry the ingestion key in plain text.
        { parent: this, protect, additionalSecretOutputs: [...APP_INSIGHTS_SECRET_OUTPUTS] },
      );
      appInsightsResourceId = appi.id;
      connectionString = appi.connectionString;
    }

    this.workspaceResourceId = pulumi.output(workspaceResourceId);
    this.appInsightsResourceId = pulumi.output(appInsightsResourceId);
    this.connectionString = pulumi.secret(pulumi.output(connectionString));
    this.registerOutputs({
      workspaceResourceId: this.workspaceResourceId,
      appInsightsResourceId: this.appInsightsResourceId,
      connectionString: this.connectionString,
    });
  }
}
