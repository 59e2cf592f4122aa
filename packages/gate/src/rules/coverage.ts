import { fail, list, notApplicable, pass, type Rule, STRICT } from "./rule.ts";

/** What governs one Power Platform environment in a stack. */
export interface EnvironmentCoverage {
  managedEnvironment: boolean;
  environmentSettings: boolean;
  dataPolicy: boolean;
}

/**
 * `security.environment-governed`: every Power Platform environment in a stack is a managed environment, has its
 * Dataverse settings (auditing, firewall) and is covered by a data policy. Policy pack only: the WorkloadModel always
 * declares all three, so the gate has nothing to check; the pack catches environments built without the components.
 */
export const environmentGoverned: Rule<{ environments: Readonly<Record<string, EnvironmentCoverage>> }> = {
  id: "security.environment-governed",
  dimension: "securityAccess",
  severity: "critical",
  title: "Environments governed",
  passWhen:
    "Every Power Platform environment of the stack has a ManagedEnvironment, an EnvironmentSettings and a DataPolicy that reference it.",
  remediation:
    "Build the environment with the govai components, or add a ManagedEnvironment, an EnvironmentSettings and a DataPolicy whose environmentId(s) reference it.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ environments }) => {
    const names = Object.keys(environments).sort();
    if (names.length === 0) return notApplicable("The stack has no Power Platform environment.");
    const gaps = names.flatMap((n) => {
      const c = environments[n]!;
      const missing = [
        ...(c.managedEnvironment ? [] : ["ManagedEnvironment"]),
        ...(c.environmentSettings ? [] : ["EnvironmentSettings"]),
        ...(c.dataPolicy ? [] : ["DataPolicy"]),
      ];
      return missing.length > 0 ? [`${n} (no ${missing.join(", no ")})`] : [];
    });
    return gaps.length === 0
      ? pass(`Every environment is governed (${list(names)}).`, { environments: names })
      : fail(`Environments without governance: ${gaps.join("; ")}.`, { environments: names, gaps });
  },
};
