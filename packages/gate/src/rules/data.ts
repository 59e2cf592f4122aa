import type { ConnectorGroup } from "@govai/spec";
import { connectorKey, fail, list, notApplicable, pass, present, type Rule, STRICT } from "./rule.ts";

/** `data.source-ownership`: every data source has an owning team and a contact with an email address. */
export const sourceOwnership: Rule<{
  sources: Readonly<Record<string, { owningTeam: string | undefined; contactEmail: string | undefined }>>;
}> = {
  id: "data.source-ownership",
  passWhen: "Every data source has an owning team and a contact with an email address.",
  dimension: "dataPipeline",
  severity: "high",
  title: "Data sources owned",
  remediation: "Give every entry of dataSources an owningTeam and a contact with name and email.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ sources }) => {
    const keys = Object.keys(sources).sort();
    if (keys.length === 0) return notApplicable("The workload declares no data sources.", { sources: [] });
    const problems = keys.flatMap((k) => {
      const s = sources[k]!;
      const missing = [
        ...(present(s.owningTeam) ? [] : ["no owning team"]),
        ...(present(s.contactEmail) && s.contactEmail.includes("@") ? [] : ["no contact email"]),
      ];
      return missing.length > 0 ? [`${k} (${missing.join(", ")})`] : [];
    });
    return problems.length === 0
      ? pass(`Every data source has an owning team and a contact (${keys.length} checked).`, { sources: keys })
      : fail(`Data sources without an owning team and a contact: ${problems.join(", ")}.`, { sources: keys, problems });
  },
};

/** `data.connectors-allowed`: every connector the agent and its data sources use is allowed by the stage's DLP. */
export const connectorsAllowed: Rule<{
  used: readonly string[];
  business: readonly string[];
  nonBusiness: readonly string[];
  blocked: readonly string[];
  defaultGroup: ConnectorGroup;
}> = {
  id: "data.connectors-allowed",
  passWhen:
    "No connector the agent, its actions or its data sources use is blocked (explicitly, or as unclassified under a blocked default).",
  dimension: "dataPipeline",
  severity: "high",
  title: "Used connectors allowed",
  remediation:
    "Classify every connector the agent, its actions and its data sources use as business in the stage's data policy.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: (f) => {
    const blocked = new Set(f.blocked.map(connectorKey));
    const classified = new Set([...f.business, ...f.nonBusiness, ...f.blocked].map(connectorKey));
    const used = [...new Set(f.used)].sort();
    const refused = used.filter(
      (c) => blocked.has(connectorKey(c)) || (!classified.has(connectorKey(c)) && f.defaultGroup === "blocked"),
    );
    const read = { used, refused };
    if (used.length === 0) return notApplicable("The agent uses no connector.", read);
    return refused.length === 0
      ? pass(`Every connector the agent uses is allowed (${used.length} checked).`, read)
      : fail(`Connectors the agent uses are blocked in this stage: ${list(refused)}.`, read);
  },
};

/** `data.freshness-declared`: every data source states the freshness or SLA the agent relies on. */
export const freshnessDeclared: Rule<{ freshness: Readonly<Record<string, string | undefined>> }> = {
  id: "data.freshness-declared",
  passWhen: "Every data source declares its freshness.",
  dimension: "dataPipeline",
  severity: "low",
  title: "Data freshness declared",
  remediation: 'Set freshness on every data source ("updated nightly", "99.9% business hours").',
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ freshness }) => {
    const keys = Object.keys(freshness).sort();
    if (keys.length === 0) return notApplicable("The workload declares no data sources.", { missing: [] });
    const missing = keys.filter((k) => !present(freshness[k]));
    return missing.length === 0
      ? pass(`Every data source declares its freshness (${keys.length} checked).`, { missing })
      : fail(`Data sources without a declared freshness: ${list(missing)}.`, { missing });
  },
};
