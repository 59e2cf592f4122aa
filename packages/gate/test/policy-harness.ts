/**
 * A fake of the CrossGuard analyzer for one resource: builds `ResourceValidationArgs` like `@pulumi/policy`'s server
 * does (props behind `unknownCheckingProxy`, config defaults from the schema, stack tags, `notApplicable`), runs a
 * policy and reports what the engine would: violations, not-applicable, or "can't run during preview".
 */
import type { PolicyResourceOptions, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
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

export async function runPolicy(policy: ResourceValidationPolicy, r: FakeResource): Promise<PolicyRun> {
  const name = r.name ?? "res";
  const stack = r.stack ?? "claims-prod";
  const defaults = Object.fromEntries(
    Object.entries(policy.configSchema?.properties ?? {})
      .filter(([, s]) => (s as { default?: unknown }).default !== undefined)
      .map(([k, s]) => [k, (s as { default?: unknown }).default]),
  );
  const opts: PolicyResourceOptions = {
    protect: r.protect ?? false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
  };
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
    getConfig: <T extends object>() => ({ ...defaults, ...r.config }) as T,
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
