import { STAGES, type WorkloadModel } from "@govai/spec";

/** One row per present stage: the environment and the headline governance of each. */
export function stageSummaryRows(model: WorkloadModel): string[][] {
  const rows = [["stage", "environment", "type", "location / region", "dataverse domain", "DLP default", "budget"]];
  for (const name of STAGES) {
    const stage = model.stages[name];
    if (!stage) continue;
    rows.push([
      name,
      stage.environment.displayName,
      stage.environment.type,
      `${stage.environment.location} / ${stage.environment.azureRegion}`,
      stage.environment.dataverse.domain,
      stage.connectorPolicy.defaultGroup,
      `${stage.cost.monthlyBudget} ${stage.cost.currency}/month`,
    ]);
  }
  return rows;
}
