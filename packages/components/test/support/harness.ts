/**
 * Test harness: runs components under the mock runtime (update mode, computed outputs faked) and projects the
 * recorded registrations. Every run has its own runtime state (see `src/mock-runtime.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../../src/mock-runtime.ts";

/** The computed outputs the components read, per type; everything else is the inputs echoed back. */
export function fakeOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  switch (type) {
    case "azuread:index/application:Application":
      return { clientId: `${name}-client-id`, objectId: `${name}-object-id` };
    case "azuread:index/servicePrincipal:ServicePrincipal":
    case "azuread:index/group:Group":
      return { objectId: `${name}-object-id` };
    case "azuread:index/applicationPassword:ApplicationPassword":
      return { value: `${name}-secret-value` };
    case "azure-native:resources:ResourceGroup":
      return { name: inputs.resourceGroupName };
    case "azure-native:applicationinsights:Component":
      return { connectionString: `InstrumentationKey=${name}` };
    case "govai:powerplatform:Environment":
      return { environmentId: `${name}-env-guid`, dataverseUrl: `https://${name}.crm4.dynamics.com/` };
    case "govai:powerplatform:DataPolicy":
      return { policyName: `${name}-policy-guid` };
    default:
      return {};
  }
}

/** The value of an output in update mode (never call in preview: an unknown never resolves). */
export function resolved<T>(o: pulumi.Input<T>): Promise<T> {
  return new Promise<T>((ok) => {
    pulumi.output(o).apply((v) => {
      ok(v as T);
      return v;
    });
  });
}

/** Type without the package prefix noise: `azuread:index/group:Group` → `azuread:Group`. */
export function shortType(type: string): string {
  const [pkg, , cls] = type.split(":");
  return `${pkg}:${cls}`;
}

/** Last URN segment (the name) of a parent URN. */
export function parentName(urn: string | undefined): string | undefined {
  return urn?.split("::").pop();
}

/** `[type, name, parent name]` triples, sorted: the exact child tree of a run. */
export function tree(resources: RecordedResource[]): [string, string, string | undefined][] {
  return resources
    .map((r): [string, string, string | undefined] => [shortType(r.type), r.name, parentName(r.parent)])
    .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
}

/** The inputs of the one resource with this name. */
export function inputsOf(resources: RecordedResource[], name: string): Record<string, unknown> {
  const found = resources.filter((r) => r.name === name);
  if (found.length !== 1) throw new Error(`expected exactly one resource named ${name}, found ${found.length}`);
  return found[0]!.inputs;
}
