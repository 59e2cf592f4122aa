/**
 * A fake of the CrossGuard analyzer for one resource: builds `ResourceValidationArgs` like `@pulumi/policy`'s server
 * does (props behind `unknownCheckingProxy`, config defaults from the schema, stack tags, `notApplicable`), runs a
 * policy and reports what the engine would: violations, not-applicable, or "can't run during preview".
 */
import type {
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { UnknownValueError, unknownCheckingProxy } from "@pulumi/policy";

/** What the engine sends for a value not known until apply. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface FakeResource {
  type: string;
  props: Record<string, unknown>;
  name?: string;
  /** Stack name used in the URN. Default `claims-prod`. */
  stack?: string;
  stackTags?: Record<string, string>;
  config?: Record<string, unknown>;
  protect?: boolean;
}

export interface PolicyRun {
  violations: string[];
  /** Set when the policy called `notApplicable`. */
  notApplicable?: string;
  /** Set when the policy read an unknown value: the engine reports it as an advisory "can't run during preview". */
  unknownAtPreview?: string;
}

class NotApplicable extends Error {}

const noOpts = (protect = false): PolicyResourceOptions => ({
  protect,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
});

function configOf(policy: { configSchema?: ResourceValidationPolicy["configSchema"] }, overrides = {}) {
  const defaults = Object.entries(policy.configSchema?.properties ?? {})
    .filter(([, s]) => (s as { default?: unknown }).default !== undefined)
    .map(([k, s]) => [k, (s as { default?: unknown }).default]);
  return { ...Object.fromEntries(defaults), ...overrides };
}

/** One resource of a fake stack; `dependsOnInputs` maps an input name to the names of the resources feeding it. */
export interface FakeStackResource {
  type: string;
  name: string;
  props: Record<string, unknown>;
  dependsOnInputs?: Record<string, string[]>;
}

/** Runs a stack policy over a fake stack (like the analyzer's AnalyzeStack). */
export async function runStackPolicy(
  policy: StackValidationPolicy,
  resources: FakeStackResource[],
  options: { stack?: string; stackTags?: Record<string, string>; config?: Record<string, unknown> } = {},
): Promise<PolicyRun> {
  const stack = options.stack ?? "claims-prod";
  const byName = new Map<string, PolicyResource>();
  for (const r of resources) {
    byName.set(r.name, {
      type: r.type,
      name: r.name,
      urn: `urn:pulumi:${stack}::govai::${r.type}::${r.name}`,
      props: unknownCheckingProxy(structuredClone(r.props)),
      opts: noOpts(),
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    });
  }
  for (const r of resources) {
    const pr = byName.get(r.name)!;
    for (const [input, names] of Object.entries(r.dependsOnInputs ?? {})) {
      pr.propertyDependencies[input] = names.map((n) => byName.get(n)!);
      pr.dependencies.push(...pr.propertyDependencies[input]!);
    }
  }
  const args: StackValidationArgs = {
    resources: [...byName.values()],
    stackTags: new Map(Object.entries(options.stackTags ?? {})),
    getConfig: <T extends object>() => configOf(policy, options.config) as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason ?? "");
    },
  };
  const violations: string[] = [];
  try {
    await policy.validateStack(args, (message) => violations.push(message));
  } catch (e) {
    if (e instanceof NotApplicable) return { violations, notApplicable: e.message };
    if (e instanceof UnknownValueError) return { violations, unknownAtPreview: (e as Error).message };
    throw e;
  }
  return { violations };
}

export async function runPolicy(policy: ResourceValidationPolicy, r: FakeResource): Promise<PolicyRun> {
  const name = r.name ?? "res";
  const stack = r.stack ?? "claims-prod";
  const opts = noOpts(r.protect);
  const props = unknownCheckingProxy(structuredClone(r.props)) as Record<string, unknown>;
  const typeOf = (cls: unknown) => (cls as { __pulumiType?: string }).__pulumiType === r.type;
  const args: ResourceValidationArgs = {
    type: r.type,
    props,
    urn: `urn:pulumi:${stack}::govai::${r.type}::${name}`,
    name,
    opts,
    stackTags: new Map(Object.entries(r.stackTags ?? {})),
    isType: (cls) => typeOf(cls),
    asType: ((cls: unknown) => (typeOf(cls) ? props : undefined)) as ResourceValidationArgs["asType"],
    getConfig: <T extends object>() => configOf(policy, r.config) as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason ?? "");
    },
  };
  const violations: string[] = [];
  const validations = [policy.validateResource ?? []].flat();
  try {
    for (const v of validations) await v(args, (message) => violations.push(message));
  } catch (e) {
    if (e instanceof NotApplicable) return { violations, notApplicable: e.message };
    if (e instanceof UnknownValueError) return { violations, unknownAtPreview: (e as Error).message };
    throw e;
  }
  return { violations };
}
