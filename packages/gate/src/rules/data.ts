import type { ActionRules, ConnectorGroup, DataClassification, EndpointRule } from "@govai/spec";
import { endsWithDenyAll, findPlaceholder, leakingAllowRule } from "@govai/spec";
import { connectorKey, fail, isAdminRole, list, notApplicable, pass, present, type Rule, STRICT } from "./rule.ts";
import { ENDPOINT_FILTERABLE_CONNECTORS } from "./security.ts";

/** `data.source-ownership`: every data source has an owning team and a contact with an email address. */
export const sourceOwnership: Rule<{
  sources: Readonly<
    Record<
      string,
      { owningTeam: string | undefined; contactName?: string | undefined; contactEmail: string | undefined }
    >
  >;
}> = {
  id: "data.source-ownership",
  passWhen: "Every data source has an owning team and a contact with an email address, none of them a placeholder.",
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
      const placeholder = (what: string, v: string | undefined) => {
        const p = findPlaceholder(v);
        return p === undefined ? [] : [`${what} is a placeholder: ${p}`];
      };
      const missing = [
        ...(present(s.owningTeam) ? placeholder("owning team", s.owningTeam) : ["no owning team"]),
        ...(present(s.contactEmail) && s.contactEmail.includes("@")
          ? [...placeholder("contact", s.contactName), ...placeholder("contact email", s.contactEmail)]
          : ["no contact email"]),
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
  passWhen: "Every data source declares its freshness, not as a placeholder.",
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
    if (missing.length > 0) return fail(`Data sources without a declared freshness: ${list(missing)}.`, { missing });
    const placeholders = keys.flatMap((k) => {
      const p = findPlaceholder(freshness[k]);
      return p === undefined ? [] : [`${k} (${p})`];
    });
    return placeholders.length === 0
      ? pass(`Every data source declares its freshness (${keys.length} checked).`, { missing })
      : fail(`Data sources whose freshness is a placeholder: ${list(placeholders)}.`, { missing, placeholders });
  },
};

/** What `data.restricted-protected` reads about one data source. */
export interface SourceProtectionFacts {
  classification: DataClassification;
  connector: string;
  owningTeam: string;
  contactName: string;
  contactEmail: string;
}

/**
 * How a connector is narrowed for restricted data, or why it is not. DLP endpoint filtering exists only for a few
 * connectors (HTTP, SQL, Blob, SMTP, the Copilot Studio knowledge connectors); for every other connector the
 * narrowing the service offers is action rules that block by default, so only the listed operations run.
 */
function narrowing(
  connector: string,
  f: {
    endpointRules: Readonly<Record<string, readonly EndpointRule[]>>;
    actionRules: Readonly<Record<string, ActionRules>>;
    blocked: readonly string[];
  },
): string | undefined {
  const key = connectorKey(connector);
  if (f.blocked.some((c) => connectorKey(c) === key)) return undefined;
  if (ENDPOINT_FILTERABLE_CONNECTORS.includes(key)) {
    const rules = Object.entries(f.endpointRules).find(([id]) => connectorKey(id) === key)?.[1];
    if (!endsWithDenyAll(rules)) return `${connector}: no endpoint rules ending in deny *`;
    const leak = rules ? leakingAllowRule(rules) : undefined;
    return leak ? `${connector}: endpoint rules allow every host (allow ${leak.endpoint})` : undefined;
  }
  const actions = Object.entries(f.actionRules).find(([id]) => connectorKey(id) === key)?.[1];
  return actions?.defaultBehavior === "block" ? undefined : `${connector}: no action rules that block by default`;
}

/**
 * `data.restricted-protected`: restricted data reaches the agent only through a narrowed connector (endpoint rules
 * ending in deny *, or action rules that block by default where DLP cannot filter endpoints) and has a named person
 * as its owner contact.
 */
export const restrictedDataProtected: Rule<{
  sources: Readonly<Record<string, SourceProtectionFacts>>;
  endpointRules: Readonly<Record<string, readonly EndpointRule[]>>;
  actionRules: Readonly<Record<string, ActionRules>>;
  blocked: readonly string[];
}> = {
  id: "data.restricted-protected",
  passWhen:
    "Every restricted data source's connector is narrowed in the stage's data policy (endpoint rules ending in deny * without an allow-every-host rule; for connectors DLP cannot endpoint-filter, action rules that block by default), and its contact is a named person.",
  dimension: "dataPipeline",
  severity: "high",
  title: "Restricted data protected",
  remediation:
    "For each restricted data source, narrow its connector in connectorPolicy (endpointRules listing the allowed endpoints and ending with deny *; or actionRules with defaultBehavior: block and the operations the agent uses), and name the person (not the team) to call in its contact.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: (f) => {
    const restricted = Object.keys(f.sources)
      .sort()
      .filter((k) => f.sources[k]!.classification === "restricted");
    const read = { restricted };
    if (restricted.length === 0) return notApplicable("The workload declares no restricted data source.", read);
    const unnarrowed = restricted.flatMap((k) => {
      const why = narrowing(f.sources[k]!.connector, f);
      return why === undefined ? [] : [`${k} (${why})`];
    });
    const unnamed = restricted.filter((k) => {
      const s = f.sources[k]!;
      return (
        !present(s.contactName) ||
        s.contactName.trim().toLowerCase() === s.owningTeam.trim().toLowerCase() ||
        findPlaceholder(s.contactName) !== undefined ||
        findPlaceholder(s.contactEmail) !== undefined
      );
    });
    const problems = [
      ...(unnarrowed.length > 0
        ? [`Restricted data reaches the agent through connectors nothing narrows: ${unnarrowed.join(", ")}.`]
        : []),
      ...(unnamed.length > 0 ? [`Restricted data sources without a named owner contact: ${list(unnamed)}.`] : []),
    ];
    return problems.length === 0
      ? pass(
          `Restricted data (${list(restricted)}) flows only through narrowed connectors and has named owner contacts.`,
          read,
        )
      : fail(problems.join(" "), { ...read, unnarrowed, unnamed });
  },
};

/**
 * `data.write-least-privilege`: an agent that writes to a data source writes as a runtime identity with named,
 * non-admin roles, not as the deployment identity (System Administrator) or a person.
 */
export const writeLeastPrivilege: Rule<{
  writes: readonly string[];
  runtimeRoles: Readonly<Record<string, readonly string[]>>;
}> = {
  id: "data.write-least-privilege",
  passWhen:
    "When a data source has write or readWrite access, the stage declares a runtime identity, and every runtime identity has named roles, none of them System Administrator or System Customizer.",
  dimension: "dataPipeline",
  severity: "high",
  title: "Writes by a least-privilege identity",
  remediation:
    "Declare identities.runtime for the stage with the least-privilege Dataverse roles the writes need (never System Administrator or System Customizer), and run the agent's writing flows and tools as that identity.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ writes, runtimeRoles }) => {
    const writers = [...writes].sort();
    const identities = Object.keys(runtimeRoles).sort();
    const read = { writes: writers, identities };
    if (writers.length === 0) return notApplicable("The agent writes to no data source.", read);
    if (identities.length === 0) {
      return fail(
        `The agent writes to ${list(writers)} but the stage declares no runtime identity to write as, so writes run as the deployment identity (System Administrator) or a person.`,
        read,
      );
    }
    const bad = identities.flatMap((k) => {
      const roles = runtimeRoles[k] ?? [];
      const admin = roles.filter(isAdminRole);
      if (roles.length === 0) return [`${k} (no roles)`];
      return admin.length > 0 ? [`${k} (${admin.join(", ")})`] : [];
    });
    return bad.length === 0
      ? pass(`Writes to ${list(writers)} run as least-privilege runtime identities (${list(identities)}).`, read)
      : fail(
          `The agent writes to ${list(writers)} with runtime identities that hold admin roles or none: ${bad.join(", ")}.`,
          {
            ...read,
            bad,
          },
        );
  },
};
