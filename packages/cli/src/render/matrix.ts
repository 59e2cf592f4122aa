import { type ConnectorGroup, STAGES, type StageModel, type StageName, type WorkloadModel } from "@govai/spec";

/** The Copilot Studio capabilities governed as DLP connectors, in the admin centre's words. */
export const COPILOT_CAPABILITIES: ReadonlyArray<{ id: string; label: string }> = [
  { id: "PvaAuth", label: "Chat without Entra ID authentication" },
  { id: "CSKnowledgeSharePoint", label: "Knowledge: SharePoint and OneDrive" },
  { id: "CSKnowledgePublicSites", label: "Knowledge: public websites" },
  { id: "CSKnowledgeDocs", label: "Knowledge: uploaded documents" },
  { id: "Http", label: "HTTP requests" },
  { id: "PvaSkills", label: "Skills" },
  { id: "PvaMicrosoftTeams", label: "Channel: Teams and Microsoft 365" },
  { id: "PvaCustomDemoMobile", label: "Channel: Direct Line (web, mobile, SDK)" },
  { id: "PvaFacebook", label: "Channel: Facebook" },
  { id: "PvaOmniChannel", label: "Channel: Omnichannel" },
];

const GROUP_LABEL: Record<ConnectorGroup, string> = {
  business: "business",
  nonBusiness: "non-business",
  blocked: "blocked",
};

/** Which group a connector lands in under a stage's policy (listed, else the default group). */
export function connectorGroupOf(
  stage: StageModel,
  connectorId: string,
): { group: ConnectorGroup; viaDefault: boolean } {
  const policy = stage.connectorPolicy;
  const match = (list: string[]) => list.some((id) => id.toLowerCase() === connectorId.toLowerCase());
  if (match(policy.blocked)) return { group: "blocked", viaDefault: false };
  if (match(policy.business)) return { group: "business", viaDefault: false };
  if (match(policy.nonBusiness)) return { group: "nonBusiness", viaDefault: false };
  return { group: policy.defaultGroup, viaDefault: true };
}

export interface MatrixSection {
  title: string;
  rows: Array<{ label: string; values: Partial<Record<StageName, string>> }>;
}

function row(label: string, stages: StageModel[], value: (s: StageModel) => string) {
  return { label, values: Object.fromEntries(stages.map((s) => [s.name, value(s)])) };
}

const yesNo = (b: boolean) => (b ? "on" : "off");
const retention = (days: number) => (days === -1 ? "forever" : `${days} days`);
const list = (items: string[]) => (items.length === 0 ? "none" : items.join(", "));

/** The governance matrix: every governed setting with the stages side by side. */
export function governanceMatrix(model: WorkloadModel, only?: StageName): MatrixSection[] {
  const stages = STAGES.filter((s) => (only ? s === only : true))
    .map((s) => model.stages[s])
    .filter((s): s is StageModel => s !== undefined);
  const capability = (id: string) => (s: StageModel) => {
    const { group, viaDefault } = connectorGroupOf(s, id);
    return viaDefault ? `${GROUP_LABEL[group]} (default group)` : GROUP_LABEL[group];
  };
  return [
    {
      title: "Environment",
      rows: [
        row("type", stages, (s) => s.environment.type),
        row("location / region", stages, (s) => `${s.environment.location} / ${s.environment.azureRegion}`),
        row(
          "dataverse",
          stages,
          (s) =>
            `${s.environment.dataverse.domain} (${s.environment.dataverse.currency}, LCID ${s.environment.dataverse.language})`,
        ),
        row("security group", stages, (s) => s.environment.dataverse.securityGroupId ?? "none"),
        row("protected from deletion", stages, (s) => yesNo(s.protection.protectFromDeletion)),
      ],
    },
    {
      title: "Data policy (DLP)",
      rows: [
        row("default group for new connectors", stages, (s) => GROUP_LABEL[s.connectorPolicy.defaultGroup]),
        row("business", stages, (s) => list(s.connectorPolicy.business)),
        row("non-business", stages, (s) => list(s.connectorPolicy.nonBusiness)),
        row("blocked", stages, (s) => list(s.connectorPolicy.blocked)),
        row("endpoint filtering", stages, (s) =>
          list(
            Object.entries(s.connectorPolicy.endpointRules).map(
              ([c, rules]) => `${c}: ${rules.map((r) => `${r.behavior} ${r.endpoint}`).join(" → ")}`,
            ),
          ),
        ),
        row("action rules", stages, (s) =>
          list(
            Object.entries(s.connectorPolicy.actionRules).map(
              ([c, r]) =>
                `${c}: default ${r.defaultBehavior}${
                  Object.keys(r.actions).length
                    ? `, ${Object.entries(r.actions)
                        .map(([a, b]) => `${b} ${a}`)
                        .join(", ")}`
                    : ""
                }`,
            ),
          ),
        ),
        row("custom connectors", stages, (s) =>
          list(s.connectorPolicy.customConnectorPatterns.map((p) => `${p.order}. ${p.pattern} → ${p.classification}`)),
        ),
      ],
    },
    {
      title: "Copilot Studio capabilities",
      rows: COPILOT_CAPABILITIES.map((c) => row(c.label, stages, capability(c.id))),
    },
    {
      title: "Managed environment",
      rows: [
        row("agent sharing", stages, (s) => {
          const a = s.managedEnvironment.sharing.agents;
          return `editors ${a.editorSharingDisabled ? "off" : "on"}, viewers ${a.mode}, max ${a.maxViewers}`;
        }),
        row("app sharing", stages, (s) => {
          const a = s.managedEnvironment.sharing.apps;
          return `groups ${a.groupSharingDisabled ? "off" : "on"}, ${a.mode}, max ${a.maxUsers === -1 ? "unlimited" : a.maxUsers}`;
        }),
        row("flow sharing", stages, (s) => s.managedEnvironment.sharing.flows.mode),
        row("solution checker", stages, (s) => {
          const c = s.managedEnvironment.solutionChecker;
          return c.ruleOverrides.length ? `${c.mode} (except ${c.ruleOverrides.join(", ")})` : c.mode;
        }),
        row("usage insights", stages, (s) => yesNo(s.managedEnvironment.usageInsights)),
      ],
    },
    {
      title: "Auditing and network",
      rows: [
        row("auditing", stages, (s) => (s.auditing.enabled ? `on, ${retention(s.auditing.retentionDays)}` : "off")),
        row(
          "user access / read audit",
          stages,
          (s) => `${yesNo(s.auditing.userAccessAudit)} / ${yesNo(s.auditing.readAudit)}`,
        ),
        row("IP firewall", stages, (s) =>
          s.firewall.mode === "off"
            ? "off"
            : `${s.firewall.mode}: ${list([...s.firewall.allowedRanges, ...s.firewall.serviceTags])}`,
        ),
        row("cookie binding", stages, (s) => yesNo(s.firewall.cookieBinding)),
      ],
    },
    {
      title: "Identities",
      rows: [
        row("deployment", stages, (s) => {
          const d = s.identities.deployment;
          const creds = Object.keys(d.federatedCredentials);
          return `${d.displayName}: ${creds.length} federated credential(s)${d.clientSecret ? `, CLIENT SECRET (${d.clientSecret.expiresInDays} days)` : ", no secret"}; roles ${list(d.roles)}`;
        }),
        row("runtime", stages, (s) =>
          list(
            Object.entries(s.identities.runtime).map(
              ([k, r]) => `${k}: ${list(r.roles)}${r.existingClientId ? " (existing app)" : ""}`,
            ),
          ),
        ),
        row("admins / makers", stages, (s) => `${list(s.groups.admins)} / ${list(s.groups.makers)}`),
      ],
    },
    {
      title: "Telemetry and alerts",
      rows: [
        row("Log Analytics", stages, (s) =>
          s.telemetry.workspace.mode === "create"
            ? `new, ${s.telemetry.workspace.retentionDays} days`
            : `existing ${s.telemetry.workspace.resourceId}`,
        ),
        row("sampling", stages, (s) => `${s.telemetry.samplingPercentage}%`),
        row(
          "agent logging",
          stages,
          (s) =>
            `activities ${yesNo(s.telemetry.logActivities)}, actions ${yesNo(s.telemetry.logActions)}, sensitive ${yesNo(s.telemetry.logSensitiveActivity)}, agent bound ${yesNo(s.telemetry.bindAgent)}`,
        ),
        row(
          "alerts",
          stages,
          (s) =>
            `p95 > ${s.alerts.p95LatencyMs} ms, failures > ${s.alerts.failureRatePercent}%${s.alerts.volumeAnomaly.enabled ? `, volume anomaly (${s.alerts.volumeAnomaly.sensitivity})` : ""}`,
        ),
        row("notified", stages, (s) => list(Object.values(s.alerts.notify).map((p) => p.email))),
      ],
    },
    {
      title: "Cost",
      rows: [
        row(
          "monthly budget",
          stages,
          (s) => `${s.cost.monthlyBudget} ${s.cost.currency} (alerts at ${s.cost.alertThresholdsPercent.join("/")}%)`,
        ),
        row("cost per interaction", stages, (s) => {
          const implied =
            s.cost.expectedInteractionsPerMonth > 0
              ? s.cost.monthlyBudget / s.cost.expectedInteractionsPerMonth
              : Number.NaN;
          return `target ${s.cost.targetCostPerInteraction} ${s.cost.currency}; budget allows ${Number.isFinite(implied) ? implied.toFixed(4) : "n/a"} at ${s.cost.expectedInteractionsPerMonth}/month`;
        }),
      ],
    },
  ];
}
