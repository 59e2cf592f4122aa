/** The canonical form of SolutionDeployment inputs (see `provider/normalise.ts`). Unknown-safe. */
import { lower, mapStr, obj } from "../../provider/normalise-kit.ts";
import { isUnknown, type PropertyMap } from "../../provider/wire.ts";
import { normaliseSolutionVersion, sha256Of } from "./convert.ts";

/** SolutionDeployment inputs with the service's casing, defaults spelled out and collections sorted. */
export function normaliseSolutionDeployment(input: PropertyMap): PropertyMap {
  const i: PropertyMap = { ...input };
  i.environmentId = lower(i.environmentId);
  i.version = mapStr(i.version, (s) => normaliseSolutionVersion(s) ?? s);
  // The content's digest is spelled out, so a changed content shows as a changed sha256 in the diff.
  if (typeof i.solutionContent === "string" && !isUnknown(i.solutionContent)) {
    i.sha256 = sha256Of(Buffer.from(i.solutionContent, "base64"));
  }
  i.sha256 = lower(i.sha256);
  const ds = obj(i.deploymentSettings);
  i.deploymentSettings = ds
    ? { environmentVariables: ds.environmentVariables ?? {}, connectionReferences: ds.connectionReferences ?? {} }
    : (i.deploymentSettings ?? { environmentVariables: {}, connectionReferences: {} });
  const rb = obj(i.rollback);
  i.rollback = rb ? { ...rb, strategy: rb.strategy ?? "refuse" } : (i.rollback ?? { strategy: "refuse" });
  return i;
}
