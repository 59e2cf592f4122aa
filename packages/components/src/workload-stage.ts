import {
  normaliseSolutionVersion,
  SolutionDeployment,
  type SolutionDeploymentSettingsArgs,
} from "@govai/powerplatform";
import type { StageName, WorkloadModel } from "@govai/spec";
import * as resources from "@pulumi/azure-native/resources/index.js";
import * as pulumi from "@pulumi/pulumi";
import { validateWorkloadArgs } from "./args.ts";
import { ComponentArgsError } from "./errors.ts";
import { defaultGate, GATED_STAGES, type Gate } from "./gate.ts";
import { type CopilotTelemetryState, type GovernanceSummary, governanceSummary } from "./governance-summary.ts";
import { childName } from "./names.ts";
import { StageAlerts } from "./stage-alerts.ts";
import { StageCostGuardrail } from "./stage-cost-guardrail.ts";
import { StageIdentities } from "./stage-identities.ts";
import { type ApplicationUserSpec, StagePowerPlatform } from "./stage-power-platform.ts";
import { StageTelemetry } from "./stage-telemetry.ts";
import { sortedEntries } from "./tags.ts";

/** Options shared by {@link WorkloadStage} and {@link GovernedAiWorkload}; plain values only. */
export interface StageOptions {
  /**
   * Azure subscription id (a GUID). Required only when a stage adopts an existing resource group (the budget is
   * scoped to it); otherwise the created group's id is used.
   */
  subscriptionId?: string;
  /**
   * First day of the cost budgets, `YYYY-MM-01`. Default: the first of the current month (UTC). Ignored after the
   * budget exists, so passing "this month" every run causes no diff.
   */
  budgetStartDate?: string;
  /**
   * The Copilot Studio App Insights binding. Default: the stage's `telemetry.bindAgent` (off unless the spec asks,
   * because its API accepts only a delegated user and CI runs as a service principal). With `enabled: true` it is
   * created in every stage whose agent bot id is known (`agent.botId`); run that `pulumi up` as a user. Setting it
   * against the spec leaves the gate judging the spec, so the root program writes its config into the model first.
   * The governance summary says which.
   */
  copilotTelemetry?: { enabled: boolean };
  /**
   * The production-readiness gate. Default: `@govai/gate`. Prod is refused while it fails. TypeScript only (an object
   * with a method); not for cross-language use.
   */
  gate?: Gate;
}

/**
 * The agent's managed solution to deploy in the stage (the `agentSolution` arg of {@link WorkloadStage}): a
 * {@link SolutionDeployment}. Plain values chosen by the program — it reads the deployment-settings file
 * (`parseDeploymentSettings` of `@govai/powerplatform`), the component reads nothing.
 */
export interface AgentSolutionArgs {
  /** The solution's unique name (`<UniqueName>` of solution.xml). Changing it replaces the deployment. */
  uniqueName: string;
  /** The version this stage runs, e.g. `1.4.0.0`. Promotion is a new version here; a lower one is a rollback. */
  version: string;
  /** Path of the managed solution zip, relative to the folder `pulumi` runs in; give `sha256` with it. */
  solutionFile?: string;
  /** SHA-256 (hex) of the zip; required with `solutionFile`. */
  sha256?: string;
  /** The zip in base64 instead of a path (kept in the state). */
  solutionContent?: string;
  /** Connection references and environment-variable values of this stage. Default: none. */
  deploymentSettings?: SolutionDeploymentSettingsArgs;
  /**
   * What a lower version does: `refuse` (default) or `uninstallAndReinstall` (uninstalls the installed version — its
   * components and the data of its tables — then installs this one). The RTO is the spec's
   * `readiness.rollback.rtoMinutes`.
   */
  rollbackStrategy?: "refuse" | "uninstallAndReinstall";
}

/** Inputs of {@link WorkloadStage}. */
export interface WorkloadStageArgs extends StageOptions {
  /** The resolved workload (`resolve()` of `@govai/spec`). Read once, at construction. */
  model: WorkloadModel;
  /** Which stage of the model to materialise. */
  stage: StageName;
  /**
   * Opt-in: deploy the agent's managed solution into the stage's environment as a child `<name>-agent-solution`
   * ({@link SolutionDeployment}), after the environment's governance (it depends on `<name>-powerplatform`), with
   * the stage's protection (`protect`, and `retainOnDelete` unless Dataverse deletion is allowed). Default: none —
   * the solution is deployed by a pipeline step (see the README).
   */
  agentSolution?: AgentSolutionArgs;
}

/**
 * Refuses a malformed `agentSolution` before anything is registered (the provider checks the file itself at
 * preview): the name and version syntax, exactly one of file and content, and a digest with a file.
 */
function validateAgentSolution(component: string, a: AgentSolutionArgs | undefined): void {
  if (a === undefined) return;
  const issues: { path: string; message: string }[] = [];
  if (typeof a.uniqueName !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(a.uniqueName)) {
    issues.push({ path: "agentSolution.uniqueName", message: "must be a solution unique name (letters, digits, _)" });
  }
  if (typeof a.version !== "string" || normaliseSolutionVersion(a.version) === undefined) {
    issues.push({ path: "agentSolution.version", message: "must be one to four whole numbers, e.g. 1.2.0.0" });
  }
  if ((a.solutionFile === undefined) === (a.solutionContent === undefined)) {
    issues.push({ path: "agentSolution", message: "give exactly one of solutionFile and solutionContent" });
  }
  if (a.solutionFile !== undefined && !/^[0-9a-f]{64}$/i.test(a.sha256 ?? "")) {
    issues.push({ path: "agentSolution.sha256", message: "is required with solutionFile: the zip's SHA-256 in hex" });
  }
  if (a.rollbackStrategy !== undefined && !["refuse", "uninstallAndReinstall"].includes(a.rollbackStrategy)) {
    issues.push({ path: "agentSolution.rollbackStrategy", message: "must be refuse or uninstallAndReinstall" });
  }
  if (issues.length > 0) throw new ComponentArgsError(component, issues);
}

/** First of the current month, UTC, `YYYY-MM-01`. */
export function currentMonthStart(now: Date = new Date()): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}-01`;
}

/**
 * One stage of a governed AI workload: everything one Pulumi stack (`<workload>-<stage>`) deploys.
 *
 * Refuses, synchronously and before registering anything, bad arguments (every failing input path listed) and, for
 * prod, a failing production-readiness gate (every failing check listed).
 *
 * Children: `<name>-rg` (ResourceGroup, unless adopted), `<name>-identities` (StageIdentities), `<name>-telemetry`
 * (StageTelemetry), `<name>-alerts` (StageAlerts), `<name>-cost` (StageCostGuardrail), `<name>-powerplatform`
 * (StagePowerPlatform).
 *
 * Protection: with `protection.protectFromDeletion` (prod by default) the resource group, workspace, App Insights and
 * Power Platform environment are `protect`ed; unless `protection.allowDataverseDeletion`, the environment is
 * `retainOnDelete` (a destroy leaves it and its Dataverse data in place).
 */
export class WorkloadStage extends pulumi.ComponentResource {
  /** Power Platform environment id. */
  declare readonly environmentId: pulumi.Output<string>;
  /** Dataverse URL of the environment. */
  declare readonly environmentUrl: pulumi.Output<string>;
  /** DLP policy name (GUID). */
  declare readonly dataPolicyId: pulumi.Output<string>;
  /** Client id of the deployment application (what CI logs in as, with OIDC). */
  declare readonly deploymentClientId: pulumi.Output<string>;
  /** Client secret of the deployment application, only when the model asks for one (a Pulumi secret). */
  declare readonly deploymentClientSecret: pulumi.Output<string | undefined>;
  /** Client ids of the runtime identities, keyed like `identities.runtime`. */
  declare readonly runtimeClientIds: pulumi.Output<Record<string, string>>;
  /** Name of the stage's Azure resource group (created or adopted). */
  declare readonly resourceGroupName: pulumi.Output<string>;
  /** Full ARM id of the Log Analytics workspace. */
  declare readonly workspaceResourceId: pulumi.Output<string>;
  /** App Insights connection string (a Pulumi secret). */
  declare readonly appInsightsConnectionString: pulumi.Output<string | undefined>;
  /** What the stage enforces, as plain data. */
  declare readonly governance: GovernanceSummary;
  /** The parts, as escape hatches. */
  declare readonly identities: StageIdentities;
  declare readonly telemetry: StageTelemetry;
  declare readonly alerts: StageAlerts;
  declare readonly cost: StageCostGuardrail;
  declare readonly powerPlatform: StagePowerPlatform;
  /** The agent's solution deployment, when `agentSolution` was given. */
  declare readonly agentSolution: SolutionDeployment | undefined;

  constructor(name: string, args: WorkloadStageArgs, opts?: pulumi.ComponentResourceOptions) {
    const label = `govai:workload:WorkloadStage "${name}"`;
    const stages = validateWorkloadArgs(
      label,
      { ...args, stages: args?.stage === undefined ? [] : [args.stage] },
      "stage",
    );
    validateAgentSolution(label, args.agentSolution);
    const stageName = stages[0]!;
    const gated = GATED_STAGES.includes(stageName);
    if (gated) (args.gate ?? defaultGate).assertGate(args.model, stageName);
    super("govai:workload:WorkloadStage", name, {}, opts);

    const model = args.model;
    const s = model.stages[stageName]!;
    const tags = s.tags;
    const location = s.environment.azureRegion;
    const protect = s.protection.protectFromDeletion;

    let resourceGroupName: pulumi.Input<string>;
    let budgetScope: pulumi.Input<string>;
    if (s.resourceGroup.mode === "existing") {
      resourceGroupName = s.resourceGroup.name;
      budgetScope = `/subscriptions/${args.subscriptionId}/resourceGroups/${s.resourceGroup.name}`;
    } else {
      const rg = new resources.ResourceGroup(
        childName(name, "rg"),
        { resourceGroupName: s.names.resourceGroup, location, tags },
        { parent: this, protect },
      );
      resourceGroupName = rg.name;
      budgetScope = rg.id;
    }

    const identities = new StageIdentities(
      childName(name, "identities"),
      { identities: s.identities, groups: s.groups, tags },
      { parent: this },
    );

    const ws = s.telemetry.workspace;
    const telemetry = new StageTelemetry(
      childName(name, "telemetry"),
      {
        resourceGroupName,
        location,
        workspace: {
          workspaceName: s.names.logAnalyticsWorkspace,
          ...(ws.mode === "create" ? { retentionDays: ws.retentionDays } : { existing: { resourceId: ws.resourceId } }),
        },
        appInsights: { resourceName: s.names.appInsights, samplingPercentage: s.telemetry.samplingPercentage },
        protect,
        tags,
      },
      { parent: this },
    );

    const alerts = new StageAlerts(
      childName(name, "alerts"),
      {
        resourceGroupName,
        location,
        appInsightsResourceId: telemetry.appInsightsResourceId as pulumi.Output<string>,
        alerts: s.alerts,
        ruleNamePrefix: s.names.appInsights,
        actionGroup: {
          actionGroupName: s.names.actionGroup,
          shortName: s.names.actionGroupShortName,
        },
        tags,
      },
      { parent: this },
    );

    const cost = new StageCostGuardrail(
      childName(name, "cost"),
      {
        scope: budgetScope,
        budgetName: s.names.budget,
        amount: s.cost.monthlyBudget,
        thresholdsPercent: s.cost.alertThresholdsPercent,
        contactEmails: sortedEntries(s.alerts.notify).map(([, p]) => p.email),
        actionGroupResourceId: alerts.actionGroupResourceId,
        startDate: args.budgetStartDate ?? currentMonthStart(),
        // A zero budget means "no Azure spend expected": no budget resource (Azure refuses an amount of 0).
        budget: { skip: s.cost.monthlyBudget === 0 },
      },
      { parent: this },
    );

    const applicationUsers: Record<string, ApplicationUserSpec> = {
      deployment: { applicationId: identities.deploymentClientId, roles: s.identities.deployment.roles },
    };
    for (const [key, rt] of sortedEntries(s.identities.runtime)) {
      applicationUsers[`runtime-${key}`] = {
        applicationId: identities.runtimeClientIdsByKey[key]!,
        roles: rt.roles,
      };
    }
    const botId = model.agent.botId;
    // The spec decides (telemetry.bindAgent), so the gate judges what the stack does; an explicit arg overrides it.
    const binding: CopilotTelemetryState = !(args.copilotTelemetry?.enabled ?? s.telemetry.bindAgent)
      ? "skippedNotEnabled"
      : botId === undefined
        ? "skippedNoBotId"
        : "bound";
    const powerPlatform = new StagePowerPlatform(
      childName(name, "powerplatform"),
      {
        environment: s.environment,
        connectorPolicy: s.connectorPolicy,
        managedEnvironment: s.managedEnvironment,
        auditing: s.auditing,
        firewall: s.firewall,
        applicationUsers,
        billingPolicyId: s.billingPolicyId,
        copilotTelemetry:
          binding === "bound" && botId !== undefined
            ? {
                botId,
                connectionString: telemetry.connectionString as pulumi.Output<string>,
                logActivities: s.telemetry.logActivities,
                logActions: s.telemetry.logActions,
                logSensitiveActivity: s.telemetry.logSensitiveActivity,
              }
            : undefined,
        protect,
        retainEnvironmentOnDelete: !s.protection.allowDataverseDeletion,
      },
      { parent: this },
    );

    const solution = args.agentSolution;
    const agentSolution = solution
      ? new SolutionDeployment(
          childName(name, "agent-solution"),
          {
            environmentId: powerPlatform.environmentId,
            uniqueName: solution.uniqueName,
            version: solution.version,
            solutionFile: solution.solutionFile,
            sha256: solution.sha256,
            solutionContent: solution.solutionContent,
            deploymentSettings: solution.deploymentSettings,
            rollback: {
              strategy: solution.rollbackStrategy ?? "refuse",
              rtoMinutes: model.readiness.rollback.rtoMinutes,
            },
          },
          {
            parent: this,
            // Governance first: the DLP policy, managed environment (solution checker) and settings are in place
            // before the agent's components arrive.
            dependsOn: [powerPlatform],
            protect,
            retainOnDelete: !s.protection.allowDataverseDeletion,
          },
        )
      : undefined;

    this.identities = identities;
    this.agentSolution = agentSolution;
    this.telemetry = telemetry;
    this.alerts = alerts;
    this.cost = cost;
    this.powerPlatform = powerPlatform;
    this.environmentId = powerPlatform.environmentId;
    this.environmentUrl = powerPlatform.environmentUrl;
    this.dataPolicyId = powerPlatform.dataPolicyId;
    this.deploymentClientId = identities.deploymentClientId;
    this.deploymentClientSecret = identities.deploymentClientSecret;
    this.runtimeClientIds = identities.runtimeClientIds;
    this.resourceGroupName = pulumi.output(resourceGroupName);
    this.workspaceResourceId = telemetry.workspaceResourceId;
    this.appInsightsConnectionString = telemetry.connectionString;
    this.governance = governanceSummary(model, s, binding, gated);
    this.registerOutputs({
      environmentId: this.environmentId,
      environmentUrl: this.environmentUrl,
      dataPolicyId: this.dataPolicyId,
      deploymentClientId: this.deploymentClientId,
      deploymentClientSecret: this.deploymentClientSecret,
      runtimeClientIds: this.runtimeClientIds,
      resourceGroupName: this.resourceGroupName,
      workspaceResourceId: this.workspaceResourceId,
      appInsightsConnectionString: this.appInsightsConnectionString,
      governance: this.governance,
    });
  }
}
