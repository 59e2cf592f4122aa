/**
 * The shape every resource implementation has, and the errors they share.
 */
import type { Failure, ResourceTypeName } from "./inputs.ts";
import type { CallOptions, PowerPlatformPort } from "./port.ts";
import type { PropertyMap } from "./wire.ts";

/** Per-operation default deadlines in minutes. The 3.276 Node provider server drops `customTimeouts` (see README). */
export interface Deadlines {
  create: number;
  update: number;
  delete: number;
  read: number;
}

/** The resource a lifecycle step works on, as the engine names it. */
export interface ResourceContext {
  /** The resource's URN: the same on every run of the stack, different for every other resource. */
  urn: string;
}

/** One resource type's lifecycle, on plain (unwrapped, validated, normalised) inputs. */
export interface ResourceHandler {
  name: ResourceTypeName;
  deadlines: Deadlines;
  /**
   * Checks beyond the input rules that need I/O — reading a file the inputs name — run by `Check` once the rules
   * pass, on the normalised inputs (which may hold unknowns). Optional.
   */
  check?(inputs: PropertyMap): Promise<Failure[]>;
  create(
    port: PowerPlatformPort,
    inputs: PropertyMap,
    opts: CallOptions,
    resource: ResourceContext,
  ): Promise<{ id: string; outs: PropertyMap }>;
  /** Live state, or undefined when the resource is gone. `props` is empty on import. */
  read(
    port: PowerPlatformPort,
    id: string,
    props: PropertyMap,
    opts: CallOptions,
  ): Promise<{ id?: string; props: PropertyMap; inputs: PropertyMap } | undefined>;
  update(
    port: PowerPlatformPort,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    opts: CallOptions,
    resource: ResourceContext,
  ): Promise<PropertyMap>;
  delete(port: PowerPlatformPort, id: string, props: PropertyMap, opts: CallOptions): Promise<void>;
}

/**
 * The resource exists but a step after its creation failed. The Node provider server turns an error carrying `id`
 * into `pulumirpc.ErrorResourceInitFailed`, so the engine records the resource and the next `up` continues from it
 * instead of creating a second one.
 */
export class ResourceInitError extends Error {
  override name = "ResourceInitError";
  readonly id: string;
  /** The partial state to record. */
  readonly properties: PropertyMap;
  readonly reasons: string[];
  constructor(id: string, properties: PropertyMap, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(reason.includes(id) ? reason : `created ${id}, but a later step failed: ${reason}`, { cause });
    this.id = id;
    this.properties = properties;
    this.reasons = [reason];
  }
}

/** A user-facing refusal (bad state of the tenant, not a bug): reported without a stack. */
export class ProviderError extends Error {
  override name = "ProviderError";
}

/** `obj[key]` as a record, or an empty one. */
export function rec(v: unknown): PropertyMap {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as PropertyMap) : {};
}

/** Strings of an array, or an empty array. */
export function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}
