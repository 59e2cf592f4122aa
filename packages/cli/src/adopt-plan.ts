/**
 * The adopted stage as the components build it (`govai adopt`): which planned resources the live ones become, the
 * `pulumi import --file` document that puts them under those names, and what the first `pulumi up` would still
 * change in them.
 *
 * Names and parents come from the components themselves (an offline plan of the adopted spec), never from a copy of
 * their naming rules: the import file names exactly the children the program will register. The changes are the
 * provider's own verdict: each planned resource's inputs go through the provider's Check and are compared with
 * what its Read reported on import by the provider's Diff, which is what the engine does on that `up`.
 */
import { collectPlan, KNOWN_AFTER_APPLY, type PlannedResource } from "@govai/components";
import { computeDiff, makeProvider, type ResourceTypeName } from "@govai/powerplatform/provider";
import type { StageName, WorkloadModel } from "@govai/spec";
import { POWER_PLATFORM_TOKEN_PREFIX } from "@govai/spec";
import type { AdoptedResource } from "./adopt-read.ts";

/** The package and module of the provider's resources (the spec's one prefix). */
const PP = POWER_PLATFORM_TOKEN_PREFIX;

/** One entry of Pulumi's bulk import file (`pulumi import --file`). */
export interface ImportEntry {
  /** Type token, e.g. `govai:powerplatform:Environment` (components: `govai:workload:…`). */
  type: string;
  /** The logical name the program gives the resource; also how other entries name it as their parent. */
  name: string;
  /** The provider's import id; absent for components. */
  id?: string;
  /** True for a component: it is recorded, not read. */
  component?: true;
  /** The `name` of the parent entry; absent for the top component (its parent is the stack). */
  parent?: string;
}

/** Pulumi's bulk import file. */
export interface ImportFile {
  resources: ImportEntry[];
}

/** One value the first `pulumi up` would change in an imported resource. */
export interface FirstUpChange {
  /** The resource's logical name. */
  resource: string;
  type: ResourceTypeName;
  /** The changed input, as segments under the resource's inputs (`["auditing", "retentionDays"]`). */
  path: ReadonlyArray<string | number>;
  /** What the provider read on import (undefined = absent). */
  live: unknown;
  /** What the components would send (undefined = absent). */
  planned: unknown;
  /** True when the provider's Diff replaces the resource for this change. */
  replaces: boolean;
}

/** The adopted stage, planned. */
export interface AdoptPlan {
  importFile: ImportFile;
  /** What the first `pulumi up` would change in the imported resources; empty when it changes nothing. */
  changes: FirstUpChange[];
  /** Provider check failures of the planned inputs, as `<resource>: <property>: <reason>`; normally none. */
  failures: string[];
  /** Resources the first `pulumi up` creates (custom resources of the plan that are not imported), by type. */
  creates: Array<{ type: string; name: string }>;
  /** Each adopted resource with the logical name it is imported under, in import order. */
  imported: Array<{ name: string; resource: AdoptedResource }>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The inputs the engine will have on the first `pulumi up`: the environment's id is then known from the import. */
function withEnvironmentId(inputs: Record<string, unknown>, environmentId: string): Record<string, unknown> {
  const out = { ...inputs };
  if (out.environmentId === KNOWN_AFTER_APPLY) out.environmentId = environmentId;
  if (Array.isArray(out.environmentIds)) {
    out.environmentIds = out.environmentIds.map((e) => (e === KNOWN_AFTER_APPLY ? environmentId : e));
  }
  return out;
}

/** Every leaf where `a` and `b` differ (lists are leaves), as paths. */
export function leafDifferences(
  a: unknown,
  b: unknown,
  path: ReadonlyArray<string | number> = [],
): Array<{ path: ReadonlyArray<string | number>; a: unknown; b: unknown }> {
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => leafDifferences(a[k], b[k], [...path, k]));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ path, a, b }];
}

function matches(planned: PlannedResource, adopted: AdoptedResource): boolean {
  if (planned.type !== `${PP}${adopted.type}`) return false;
  // Application users are told apart by their application id, which an adopted runtime identity gives as is.
  return adopted.type !== "ApplicationUser" || planned.inputs.applicationId === adopted.inputs.applicationId;
}

/**
 * Plans the adopted stage of `model` and pairs each adopted resource with the child the components create for it.
 * @param environmentId the live environment's id (what the engine knows after the import).
 * @throws Error when an adopted resource has no planned counterpart (a defect: the spec adopt wrote does not
 *   describe it).
 */
export async function planAdoption(
  model: WorkloadModel,
  stage: StageName,
  adopted: readonly AdoptedResource[],
  environmentId: string,
): Promise<AdoptPlan> {
  const plan = await collectPlan(model, [stage], {
    // The prod gate decides `pulumi up`, not the import; what is planned is the same either way.
    gate: { assertGate: () => undefined },
    budgetStartDate: "2000-01-01",
  });
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  // The provider's Check needs no client: it validates and normalises.
  const provider = makeProvider(() => {
    throw new Error("adopt plans offline");
  });

  const entries = new Map<string, ImportEntry>();
  /** Adds `r` with its id (components have none), after every ancestor not added yet. */
  const add = (r: PlannedResource, id: string | undefined): void => {
    const parent = r.parent ? byUrn.get(r.parent) : undefined;
    if (parent && !entries.has(parent.urn)) add(parent, undefined);
    entries.set(r.urn, {
      type: r.type,
      name: r.name,
      ...(id !== undefined ? { id } : { component: true as const }),
      ...(parent ? { parent: parent.name } : {}),
    });
  };

  const changes: FirstUpChange[] = [];
  const failures: string[] = [];
  const imported: AdoptPlan["imported"] = [];
  const taken = new Set<string>();
  for (const resource of adopted) {
    const planned = plan.resources.find((r) => !taken.has(r.urn) && matches(r, resource));
    if (!planned) throw new Error(`adopt: the adopted spec plans no ${resource.type} for ${resource.id}`);
    taken.add(planned.urn);
    add(planned, resource.id);
    imported.push({ name: planned.name, resource });

    const news = withEnvironmentId(planned.inputs, environmentId);
    const checked = await provider.check!(planned.urn, resource.inputs, news);
    if (checked.failures && checked.failures.length > 0) {
      for (const f of checked.failures) failures.push(`${planned.name}: ${f.property}: ${f.reason}`);
      continue;
    }
    const inputs = (checked.inputs ?? {}) as Record<string, unknown>;
    const verdict = computeDiff(resource.type, resource.inputs, inputs);
    for (const key of verdict.changed) {
      for (const d of leafDifferences(resource.inputs[key], inputs[key], [key])) {
        changes.push({
          resource: planned.name,
          type: resource.type,
          path: d.path,
          live: d.a,
          planned: d.b,
          replaces: verdict.replaces.includes(key),
        });
      }
    }
  }

  // Components first and parents before children, as the engine registers them.
  const ordered = [...entries.values()];
  const creates = plan.resources
    .filter((r) => !taken.has(r.urn) && !entries.has(r.urn) && isCustom(r))
    .map((r) => ({ type: r.type, name: r.name }));
  return { importFile: { resources: ordered }, changes, failures, creates, imported };
}

/** Components carry the `govai:workload:` module; everything else the plan records is a custom resource. */
function isCustom(r: PlannedResource): boolean {
  return !r.type.startsWith("govai:workload:");
}
