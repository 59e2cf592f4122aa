/**
 * Runs Pulumi code under the SDK's mock runtime, in its own async-local runtime state, and records every resource
 * registration (type, name, parent, inputs, protect, retainOnDelete, dependencies, additionalSecretOutputs).
 *
 * Isolation: `withLocalStorage` (the mechanism the Automation API uses for inline programs) gives each run a fresh
 * runtime store (settings, monitor, stack resource, config), so several runs in one process do not see each other.
 * It and the unknown/secret sentinels are SDK internals of `@pulumi/pulumi` 3.276; `test/plan.test.ts` (isolation,
 * unknowns) and `test/outputs.test.ts` (secrets) pin their behaviour, so an SDK upgrade that changes them fails loudly.
 */
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";

const require = createRequire(import.meta.url);
const state: { withLocalStorage<T>(fn: () => Promise<T>): Promise<T> } = require("@pulumi/pulumi/runtime/state.js");

/** What the engine would see for an input that is not known until apply. */
export const KNOWN_AFTER_APPLY = "(known after apply)";
/** What a plan shows instead of a secret value. */
export const SECRET = "(secret)";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const STACK_TYPE = "pulumi:pulumi:Stack";

/** One registration as the engine receives it. */
export interface RecordedResource {
  /** Mock URN: `urn:pulumi:<stack>::<project>::<parent type>$<type>::<name>` (immediate parent type only). */
  urn: string;
  /** Type token. */
  type: string;
  /** Logical name. */
  name: string;
  /** Parent URN; undefined for children of the stack. */
  parent: string | undefined;
  /** True for custom resources, false for components. */
  custom: boolean;
  /** Inputs as plain JSON: unknowns are {@link KNOWN_AFTER_APPLY}, secrets (when `revealSecrets` is off) {@link SECRET}. */
  inputs: Record<string, unknown>;
  /** Input paths whose value is a secret. */
  secretInputs: string[];
  /** Pulumi `protect`. */
  protect: boolean;
  /** Pulumi `retainOnDelete`. */
  retainOnDelete: boolean;
  /** URNs this resource depends on: `dependsOn` plus every resource whose outputs feed its inputs. */
  dependencies: string[];
  /** Pulumi `ignoreChanges` paths. */
  ignoreChanges: string[];
  /** Pulumi `additionalSecretOutputs`: output properties stored as secrets in the resource's state. */
  additionalSecretOutputs: string[];
}

/** Options of {@link runUnderMocks}. */
export interface MockRunOptions {
  /** Preview (unknown outputs stay unknown) or update (outputs come from `outputs`). Default true. */
  preview?: boolean;
  /** Computed outputs per registration, merged over the inputs as the resource's state. Default none. */
  outputs?: (type: string, name: string, inputs: Record<string, unknown>) => Record<string, unknown>;
  /** Keep secret values in `inputs` (tests) instead of {@link SECRET}. Default false. */
  revealSecrets?: boolean;
  /** Project name in the mock URNs. Default `govai`. */
  project?: string;
  /** Stack name in the mock URNs. Default `plan`. */
  stack?: string;
}

function plain(v: unknown, path: string, secrets: string[], reveal: boolean): unknown {
  if (v === UNKNOWN) return KNOWN_AFTER_APPLY;
  if (Array.isArray(v)) return v.map((x, i) => plain(x, `${path}[${i}]`, secrets, reveal));
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (o[SIG] === SECRET_SIG) {
      secrets.push(path);
      const inner = plain(o.value, path, [], reveal);
      return reveal || inner === KNOWN_AFTER_APPLY ? inner : SECRET;
    }
    if (o[SIG] === RESOURCE_SIG) return o.urn;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, plain(o[k], path ? `${path}.${k}` : k, secrets, reveal)]),
    );
  }
  return v;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProtect(): boolean;
  getRetainondelete(): boolean;
  getDependenciesList(): string[];
  getIgnorechangesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface MockMonitorLike {
  registerResource(req: RegisterRequest, cb: (err: unknown, res?: { getUrn(): string }) => void): Promise<void>;
}

/**
 * Runs `program` as the body of a mock stack and returns its value plus every registration but the stack's own.
 * Throws what `program` throws (a component's argument or gate error), after the run is torn down.
 */
export function runUnderMocks<T>(
  program: () => T | Promise<T>,
  options: MockRunOptions = {},
): Promise<{ result: T; resources: RecordedResource[] }> {
  return state.withLocalStorage(async () => {
    const resources: RecordedResource[] = [];
    let stackUrn: string | undefined;
    await pulumi.runtime.setMocks(
      {
        newResource: (a) => ({
          id: options.preview === false ? `${a.name}-id` : undefined,
          state: { ...a.inputs, ...(options.outputs?.(a.type, a.name, a.inputs) ?? {}) },
        }),
        call: (a) => {
          throw new Error(`unexpected invoke ${a.token} under the mock runtime`);
        },
      },
      options.project ?? "govai",
      options.stack ?? "plan",
      options.preview ?? true,
    );
    const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorLike;
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) =>
      original(req, (err, res) => {
        if (!err && res) {
          const urn = res.getUrn();
          if (req.getType() === STACK_TYPE) {
            stackUrn = urn;
          } else {
            const secretInputs: string[] = [];
            const inputs = plain(
              req.getObject()?.toJavaScript() ?? {},
              "",
              secretInputs,
              options.revealSecrets ?? false,
            ) as Record<string, unknown>;
            const parent = req.getParent() || undefined;
            resources.push({
              urn,
              type: req.getType(),
              name: req.getName(),
              parent: parent === stackUrn ? undefined : parent,
              custom: req.getCustom(),
              inputs,
              secretInputs: secretInputs.sort(),
              protect: req.getProtect(),
              retainOnDelete: req.getRetainondelete(),
              dependencies: [...req.getDependenciesList()].sort(),
              ignoreChanges: [...req.getIgnorechangesList()].sort(),
              additionalSecretOutputs: [...req.getAdditionalsecretoutputsList()].sort(),
            });
          }
        }
        cb(err, res);
      });
    let result: T | undefined;
    let failure: { error: unknown } | undefined;
    // The program's own error is caught inside the stack body, so the stack never fails: a failing stack
    // rejects several internal promises at once, which surface as unhandled rejections.
    await pulumi.runtime.runInPulumiStack(async () => {
      try {
        result = await program();
      } catch (error) {
        failure = { error };
      }
      return {};
    });
    await pulumi.runtime.disconnect();
    if (failure) throw failure.error;
    resources.sort((x, y) => (x.urn < y.urn ? -1 : x.urn > y.urn ? 1 : 0));
    return { result: result as T, resources };
  });
}
