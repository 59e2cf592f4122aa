import { placeholderGuid } from "@govai/spec";
import { fail, list, notApplicable, pass, type Rule, STRICT } from "./rule.ts";

/** What governs one Power Platform environment in a stack. */
export interface EnvironmentCoverage {
  managedEnvironment: boolean;
  environmentSettings: boolean;
  dataPolicy: boolean;
  /**
   * The environment group the Environment joins (its `environmentGroupId` input): the id, `null` when it is not known
   * yet (an output of another stack at preview), absent when it joins none. A grouped environment is governed by the
   * group's rules and has no ManagedEnvironment (the service refuses one there).
   */
  environmentGroupId?: string | null;
}

/**
 * `security.environment-governed`: every Power Platform environment in a stack is a managed environment (or joins an
 * environment group, whose rules govern it instead), has its Dataverse settings (auditing, firewall) and is covered by
 * a data policy. Policy pack only: the WorkloadModel always declares all three, so the gate has nothing to check; the
 * pack catches environments built without the components. A group id that is the zero GUID or a placeholder
 * (`placeholderGuid` of `@govai/spec`) is no group: such an environment counts as neither managed nor grouped.
 */
export const environmentGoverned: Rule<{ environments: Readonly<Record<string, EnvironmentCoverage>> }> = {
  id: "security.environment-governed",
  dimension: "securityAccess",
  severity: "critical",
  title: "Environments governed",
  passWhen:
    "Every Power Platform environment of the stack has a ManagedEnvironment (or joins an environment group by a real id), an EnvironmentSettings and a DataPolicy that reference it.",
  remediation:
    "Build the environment with the govai components, or add a ManagedEnvironment (or an environmentGroupId from the tenant baseline stack), an EnvironmentSettings and a DataPolicy whose environmentId(s) reference it.",
  enforcement: STRICT,
  basis: "declaration",
  evaluate: ({ environments }) => {
    const names = Object.keys(environments).sort();
    if (names.length === 0) return notApplicable("The stack has no Power Platform environment.");
    const gaps = names.flatMap((n) => {
      const c = environments[n]!;
      const group = c.environmentGroupId;
      const fake = typeof group === "string" ? placeholderGuid(group) : undefined;
      const grouped = group !== undefined && fake === undefined;
      const missing = [
        ...(c.managedEnvironment || grouped
          ? []
          : [
              fake === undefined
                ? "ManagedEnvironment"
                : `ManagedEnvironment, and its environment group ${group} is ${fake}`,
            ]),
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
