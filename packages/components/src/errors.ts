/**
 * A mistake in the arguments of a govai component. Thrown synchronously by the constructor, before any resource is
 * registered, so a bad input never leaves half a stage behind. The message names every failing input path.
 */
export class ComponentArgsError extends Error {
  /** The component type token and name, e.g. `govai:workload:GovernedAiWorkload "claims"`. */
  readonly component: string;
  /** One entry per problem: the input path (`model.stages.prod.alerts.p95LatencyMs`) and what is wrong. */
  readonly issues: readonly { path: string; message: string }[];

  constructor(component: string, issues: readonly { path: string; message: string }[]) {
    super(`${component}: invalid arguments:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join("\n")}`);
    this.name = "ComponentArgsError";
    this.component = component;
    this.issues = issues;
  }
}
