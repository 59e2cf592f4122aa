import type { StageSpec, WorkloadSpec } from "../src/index.ts";

/** The minimal spec as an object; tests derive variants from it. */
export function baseSpec(): WorkloadSpec {
  return {
    apiVersion: "govai/v1",
    kind: "Workload",
    metadata: {
      name: "hr-faq",
      displayName: "HR FAQ Agent",
      owningTeam: "People Operations",
      accountable: { name: "Dana Smith", email: "dana.smith@contoso.com" },
      businessUnit: "Human Resources",
      costCenter: "CC-1001",
    },
    problem: {
      statement: "Employees wait two days for answers to routine HR policy questions.",
      successMetrics: {
        timeToAnswer: { baseline: 2880, target: 5, unit: "minutes", measuredIn: "HR service desk report" },
      },
      revision: 1,
    },
    agent: {},
    stages: {
      dev: {},
      test: {},
      prod: { environment: { location: "europe", azureRegion: "westeurope" } },
    },
  };
}

/** The base spec with `prod` extended by `block` (the geography stays). */
export function withProd(block: StageSpec, agent: WorkloadSpec["agent"] = {}): WorkloadSpec {
  const spec = baseSpec();
  spec.agent = agent;
  spec.stages.prod = {
    ...block,
    environment: { location: "europe", azureRegion: "westeurope", ...block.environment },
  };
  return spec;
}

/** The minimal spec as YAML text, as a user writes it (line and column assertions count from here). */
export const MINIMAL = `apiVersion: govai/v1
kind: Workload
metadata:
  name: hr-faq
  displayName: HR FAQ Agent
  owningTeam: People Operations
  accountable: { name: Dana Smith, email: dana.smith@contoso.com }
  businessUnit: Human Resources
  costCenter: CC-1001
problem:
  statement: Employees wait two days for answers to routine HR policy questions.
  successMetrics:
    timeToAnswer: { baseline: 2880, target: 5, unit: minutes, measuredIn: HR service desk report }
  revision: 1
agent: {}
stages:
  dev: {}
  test: {}
  prod:
    environment: { location: europe, azureRegion: westeurope }
`;
