/**
 * Cross-field rules of a tenant baseline that the shape alone cannot express. They run on a baseline that passed
 * the schema and report issues by field path; the loader adds positions.
 */
import type { TenantBaselineSpec } from "./baseline-schema.ts";
import { connectorGroupIssues } from "./checks.ts";
import type { PathIssue } from "./issues.ts";
import { nearest } from "./suggest.ts";

/** Every cross-field problem of `spec`, in document order of the rules below. */
export function checkBaseline(spec: TenantBaselineSpec): PathIssue[] {
  const issues: PathIssue[] = [];
  const policies = spec.dataPolicies;
  if (policies.defaultEnvironment) {
    connectorGroupIssues(policies.defaultEnvironment, ["dataPolicies", "defaultEnvironment"], issues);
  }
  connectorGroupIssues({ blocked: policies.tenantWide.blocked }, ["dataPolicies", "tenantWide"], issues);
  checkTenantWideScope(spec, issues);
  checkRoutingTarget(spec, issues);
  checkGroupAgentSharing(spec, issues);
  return issues;
}

/**
 * An environment group's rule set cannot hold agent sharing yet: the service's rule type and value names for it are
 * not in any recorded response or document, and govai writes nothing it cannot read back as sent. Refused here, at
 * validate, rather than by the provider in the middle of `pulumi up`.
 */
function checkGroupAgentSharing(spec: TenantBaselineSpec, issues: PathIssue[]): void {
  for (const [name, group] of Object.entries(spec.environmentGroups ?? {})) {
    if (group.rules?.sharing?.agents === undefined) continue;
    issues.push({
      path: ["environmentGroups", name, "rules", "sharing", "agents"],
      message:
        "an environment group's rules cannot set agent sharing yet: the service's rule for Copilot Studio agent sharing appears in no recorded response, so govai can neither write it nor read it back; remove sharing.agents (agents in the group's environments keep the tenant's sharing defaults, which `govai gate` on this baseline reports per group; a workload stage outside any group limits its agents with managedEnvironment.sharing.agents)",
      found: "an agent sharing rule",
      // At the key: the whole block is what has to go.
      atKey: true,
    });
  }
}

function checkTenantWideScope(spec: TenantBaselineSpec, issues: PathIssue[]): void {
  const base = ["dataPolicies", "tenantWide"];
  const { scope = "allEnvironments", exceptEnvironments } = spec.dataPolicies.tenantWide;
  const except = exceptEnvironments ?? [];
  if (scope === "allEnvironments" && except.length > 0) {
    // An empty list with allEnvironments says the same as the scope; a non-empty one would be silently ignored.
    issues.push({
      path: [...base, "exceptEnvironments"],
      message:
        "exceptEnvironments applies only with scope exceptEnvironments (the scope is allEnvironments, so the policy would cover these environments too); set scope: exceptEnvironments or remove exceptEnvironments",
      found: `a list of ${except.length}`,
    });
  }
  if (scope === "exceptEnvironments" && except.length === 0) {
    issues.push({
      path: exceptEnvironments === undefined ? [...base, "scope"] : [...base, "exceptEnvironments"],
      message:
        "scope exceptEnvironments needs at least one environment id in exceptEnvironments; list the environments the policy leaves out, or use scope allEnvironments",
      found: exceptEnvironments === undefined ? "nothing" : "an empty list",
      expected: "at least one environment id",
    });
  }
  const seen = new Set<string>();
  except.forEach((id, i) => {
    // Environment ids are GUIDs: the same one in another case is the same environment.
    const key = id.toLowerCase();
    if (seen.has(key)) {
      issues.push({
        path: [...base, "exceptEnvironments", i],
        message: `environment ${JSON.stringify(key)} is listed twice in exceptEnvironments`,
        found: JSON.stringify(id),
      });
    } else seen.add(key);
  });
}

function checkRoutingTarget(spec: TenantBaselineSpec, issues: PathIssue[]): void {
  const target = spec.settings?.environmentRouting?.targetGroup;
  if (target === undefined) return;
  const known = Object.keys(spec.environmentGroups ?? {});
  if (known.includes(target)) return;
  const suggestion = nearest(target, known);
  issues.push({
    path: ["settings", "environmentRouting", "targetGroup"],
    message:
      `unknown environment group ${JSON.stringify(target)}` +
      (suggestion
        ? `; did you mean ${JSON.stringify(suggestion)}?`
        : known.length > 0
          ? `; known: ${known.join(", ")}`
          : "; environmentGroups is empty: declare the group there"),
    found: JSON.stringify(target),
    expected: "a key of environmentGroups",
    ...(suggestion ? { suggestion } : {}),
  });
}
