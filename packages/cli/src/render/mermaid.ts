import { STAGES, type WorkloadModel } from "@govai/spec";

/** Mermaid node ids: letters, digits and underscores only. */
const id = (...parts: string[]) => parts.join("_").replace(/[^A-Za-z0-9_]/g, "_");
/**
 * Mermaid labels: quotes and angle brackets would end or break the label, and a backtick run could close the
 * markdown fence the diagram sits in. Control characters are expected to be neutralised already (`neutralise`).
 */
const label = (text: string) => text.replace(/"/g, "'").replace(/[<>]/g, "").replace(/`/g, "'");

/**
 * A Mermaid flowchart of the workload: the agent, its data sources and their owners, and per stage the environment,
 * the identities and the telemetry. Node ids derive from names, so the diagram is stable across runs.
 */
export function workloadDiagram(model: WorkloadModel): string {
  const lines = ["flowchart LR"];
  const agent = id("agent");
  lines.push(
    `  ${agent}["${label(`${model.agent.displayName} (Copilot Studio, auth: ${model.agent.authentication.mode})`)}"]`,
  );
  lines.push(`  accountable(["${label(`Accountable: ${model.metadata.accountable.name}`)}"])`);
  lines.push(`  accountable -. owns .-> ${agent}`);
  lines.push('  subgraph data["Data sources"]');
  for (const [name, source] of Object.entries(model.dataSources)) {
    lines.push(
      `    ${id("ds", name)}[("${label(`${name}: ${source.system} (${source.classification})`)}")]`,
      `    ${id("owner", name)}(["${label(`${source.owningTeam}: ${source.contact.name}`)}"])`,
      `    ${id("owner", name)} -. owns .-> ${id("ds", name)}`,
    );
  }
  lines.push("  end");
  for (const [name, source] of Object.entries(model.dataSources)) {
    lines.push(`  ${agent} -- "${source.access}" --> ${id("ds", name)}`);
  }
  for (const stageName of STAGES) {
    const stage = model.stages[stageName];
    if (!stage) continue;
    lines.push(
      `  subgraph ${id("stage", stageName)}["${label(`${stageName}: ${stage.environment.type}, ${stage.environment.location}`)}"]`,
    );
    lines.push(`    ${id("env", stageName)}[("${label(`Dataverse ${stage.environment.dataverse.domain}`)}")]`);
    lines.push(`    ${id("dlp", stageName)}{{"${label(`DLP: default ${stage.connectorPolicy.defaultGroup}`)}"}}`);
    lines.push(
      `    ${id("deploy", stageName)}["${label(`Deploy identity: ${stage.identities.deployment.displayName}`)}"]`,
    );
    for (const [runtime] of Object.entries(stage.identities.runtime)) {
      lines.push(`    ${id("rt", stageName, runtime)}["${label(`Runtime identity: ${runtime}`)}"]`);
      lines.push(`    ${id("rt", stageName, runtime)} --> ${id("env", stageName)}`);
    }
    lines.push(`    ${id("appi", stageName)}["${label(`App Insights ${stage.names.appInsights}`)}"]`);
    lines.push(`    ${id("dlp", stageName)} -. governs .- ${id("env", stageName)}`);
    lines.push(`    ${id("deploy", stageName)} -- deploys --> ${id("env", stageName)}`);
    lines.push("  end");
    lines.push(`  ${agent} -- runs in --> ${id("env", stageName)}`);
    lines.push(`  ${agent} -. telemetry .-> ${id("appi", stageName)}`);
  }
  return lines.join("\n");
}
