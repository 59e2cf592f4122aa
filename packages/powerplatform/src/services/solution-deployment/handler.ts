/**
 * The SolutionDeployment resource: one managed solution (the agent's) at one version in one environment, with its
 * connection references and environment-variable values. Create installs it (or adopts that version when it is
 * already installed), a higher version upgrades it (`StageAndUpgradeAsync`), new settings re-import the same version,
 * a lower version is a rollback — refused unless the resource's rollback strategy allows uninstall and reinstall and
 * its RTO is not known to be exceeded — and Delete uninstalls what this resource installed. A solution found installed
 * by Create (at any version) is adopted and stays installed on Delete.
 */
import { readFile } from "node:fs/promises";
import { ProviderError, type ResourceHandler, rec } from "../../provider/handler.ts";
import type { Failure } from "../../provider/inputs.ts";
import { environmentGone, explainOrphan, nothingLeft } from "../../provider/inside-environment.ts";
import { normalise } from "../../provider/normalise.ts";
import type { CallOptions, PowerPlatformPort } from "../../provider/port.ts";
import { clean, containsUnknown, isUnknown, type PropertyMap } from "../../provider/wire.ts";
import type { RollbackStrategy } from "../../resources/vocabulary.ts";
import type { SolutionImportResult } from "./api.ts";
import {
  compareSolutionVersions,
  type DeploymentSettings,
  deploymentSettingsProblems,
  type InstalledSolution,
  inspectSolutionPackage,
  normaliseSolutionVersion,
  type SolutionPackage,
  settingsMismatches,
  sha256Of,
} from "./convert.ts";

/** A deployment's rollback policy. */
export interface RollbackPolicy {
  strategy: RollbackStrategy;
  /** The recovery time objective in minutes (e.g. the spec's `readiness.rollback.rtoMinutes`). */
  rtoMinutes: number | undefined;
}

/** What one create or update does. */
export type DeploymentStep =
  | { kind: "install" }
  | { kind: "upgrade" }
  | { kind: "reimport" }
  | { kind: "none" }
  | { kind: "rollback"; from: string }
  | { kind: "refuse"; reason: string };

/** What {@link planDeployment} decides from. */
export interface DeploymentFacts {
  uniqueName: string;
  /** The wanted version (normalised). */
  version: string;
  /** The installed solution of that name, if any. */
  installed: InstalledSolution | undefined;
  /** The settings changed since the last deployment (on create: there are settings to apply). */
  settingsChanged: boolean;
  /** The file's content changed since the last deployment (update only). */
  contentChanged: boolean;
  rollback: RollbackPolicy;
  /** The service-measured duration of this resource's last import, in minutes, when known. */
  lastImportMinutes: number | undefined;
}

/**
 * Decides a deployment step. Pure, so it is table-tested. A managed solution cannot be downgraded in place: a lower
 * version is installed by uninstalling the installed one (its components and the data of its tables go with it) and
 * installing the lower one, which this refuses unless the rollback strategy is `uninstallAndReinstall` and, when an
 * RTO is declared and a past import was measured, the estimated rollback (uninstall plus install, each taken as long
 * as the last import) fits in it.
 */
export function planDeployment(f: DeploymentFacts): DeploymentStep {
  const { installed, uniqueName, version } = f;
  if (!installed) return { kind: "install" };
  if (!installed.managed) {
    return {
      kind: "refuse",
      reason: `${uniqueName} is installed in this environment as an unmanaged solution (version ${installed.version}); SolutionDeployment installs managed solutions, and Dataverse does not turn an unmanaged solution into a managed one. Deploy to an environment where makers do not edit ${uniqueName} (test, prod), or remove the unmanaged solution first`,
    };
  }
  const order = compareSolutionVersions(version, installed.version);
  if (order > 0) return { kind: "upgrade" };
  if (order === 0) {
    if (f.contentChanged) {
      return {
        kind: "refuse",
        reason: `the solution file changed but its version (${version}) did not: one version must name one content, or environments holding "${version}" would differ. Raise <Version> in solution.xml (export again after changing the version in dev) and deploy the new version`,
      };
    }
    return f.settingsChanged ? { kind: "reimport" } : { kind: "none" };
  }
  const downgrade = `${uniqueName} ${installed.version} is installed and ${version} is wanted; a managed solution cannot be downgraded in place`;
  if (f.rollback.strategy !== "uninstallAndReinstall") {
    return {
      kind: "refuse",
      reason: `${downgrade}. Either roll forward (rebuild the previous content with a version higher than ${installed.version} and deploy that), or set rollback.strategy to "uninstallAndReinstall", which uninstalls ${installed.version} — deleting its components and the data of the tables it owns — and installs ${version}`,
    };
  }
  const rto = f.rollback.rtoMinutes;
  if (rto !== undefined && f.lastImportMinutes !== undefined && 2 * f.lastImportMinutes > rto) {
    return {
      kind: "refuse",
      reason: `${downgrade}, and a rollback by uninstall and reinstall is estimated at ${2 * f.lastImportMinutes} minutes (twice the ${f.lastImportMinutes} minutes the last import took), over the ${rto}-minute RTO. Roll forward instead (the previous content with a version higher than ${installed.version}), or restore the environment from its backup`,
    };
  }
  return { kind: "rollback", from: installed.version };
}

function parseId(id: string): [string, string] {
  const [env, name, ...rest] = id.split("/");
  if (!env || !name || rest.length > 0) {
    throw new ProviderError(`a SolutionDeployment id is <environmentId>/<uniqueName>, got ${JSON.stringify(id)}`);
  }
  return [env.toLowerCase(), name];
}

function settingsOf(inputs: PropertyMap): DeploymentSettings {
  const s = rec(inputs.deploymentSettings);
  return {
    environmentVariables: rec(s.environmentVariables) as Record<string, string>,
    connectionReferences: rec(s.connectionReferences) as DeploymentSettings["connectionReferences"],
  };
}

function rollbackOf(inputs: PropertyMap): RollbackPolicy {
  const r = rec(inputs.rollback);
  return {
    strategy: r.strategy === "uninstallAndReinstall" ? "uninstallAndReinstall" : "refuse",
    rtoMinutes: typeof r.rtoMinutes === "number" ? r.rtoMinutes : undefined,
  };
}

function hasSettings(s: DeploymentSettings): boolean {
  return Object.keys(s.environmentVariables).length + Object.keys(s.connectionReferences).length > 0;
}

/** Reads the solution file (or decodes the content); undefined when the location is not known yet (a preview). */
async function loadBytes(inputs: PropertyMap): Promise<{ bytes: Uint8Array; source: string } | undefined> {
  if (typeof inputs.solutionContent === "string") {
    if (isUnknown(inputs.solutionContent)) return undefined;
    return { bytes: new Uint8Array(Buffer.from(inputs.solutionContent, "base64")), source: "solutionContent" };
  }
  const path = inputs.solutionFile;
  if (typeof path !== "string" || isUnknown(path)) return undefined;
  try {
    return { bytes: new Uint8Array(await readFile(path)), source: `solutionFile ${path}` };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new ProviderError(
      `solutionFile ${path} cannot be read (${e.code ?? e.message}); relative paths are resolved from the folder pulumi runs in (${process.cwd()})`,
    );
  }
}

/**
 * Every problem of the file against the inputs: its sha256, that it is a managed package of `uniqueName` at `version`,
 * and that the deployment settings bind exactly the connection references it declares. Empty when it fits.
 */
export function packageFailures(
  inputs: PropertyMap,
  loaded: { bytes: Uint8Array; source: string },
): { failures: Failure[]; pkg: SolutionPackage | undefined } {
  const where = typeof inputs.solutionContent === "string" ? "solutionContent" : "solutionFile";
  const failures: Failure[] = [];
  const sha = sha256Of(loaded.bytes);
  if (typeof inputs.sha256 === "string" && !isUnknown(inputs.sha256) && inputs.sha256.toLowerCase() !== sha) {
    failures.push({
      property: "sha256",
      reason: `${loaded.source} has sha256 ${sha}, not ${inputs.sha256.toLowerCase()}: it is not the file that was reviewed`,
    });
    return { failures, pkg: undefined };
  }
  let pkg: SolutionPackage;
  try {
    pkg = inspectSolutionPackage(loaded.bytes, loaded.source);
  } catch (error) {
    failures.push({ property: where, reason: (error as Error).message.split("\nHint:")[0] ?? "" });
    return { failures, pkg: undefined };
  }
  if (!pkg.managed) {
    failures.push({
      property: where,
      reason: `${loaded.source} is an unmanaged package of ${pkg.uniqueName}; deploy the managed export (ExportSolution with Managed: true, or \`pac solution export --managed\`)`,
    });
  }
  if (typeof inputs.uniqueName === "string" && !isUnknown(inputs.uniqueName) && pkg.uniqueName !== inputs.uniqueName) {
    failures.push({
      property: "uniqueName",
      reason: `${loaded.source} is the solution ${pkg.uniqueName}, not ${inputs.uniqueName}`,
    });
  }
  const version = typeof inputs.version === "string" ? normaliseSolutionVersion(inputs.version) : undefined;
  if (version !== undefined && pkg.version !== version) {
    failures.push({ property: "version", reason: `${loaded.source} holds version ${pkg.version}, not ${version}` });
  }
  // Settings computed from other resources (a connection id) are checked once they are known.
  if (!containsUnknown(inputs.deploymentSettings)) {
    const settings = settingsOf(inputs);
    for (const reason of [...deploymentSettingsProblems(settings), ...settingsMismatches(pkg, settings)]) {
      failures.push({ property: "deploymentSettings", reason });
    }
  }
  return { failures, pkg };
}

async function loadPackage(inputs: PropertyMap): Promise<Uint8Array> {
  const loaded = await loadBytes(inputs);
  if (!loaded) throw new ProviderError("the solution file is not known yet");
  const { failures } = packageFailures(inputs, loaded);
  if (failures.length > 0) {
    throw new ProviderError(
      `the solution file does not fit the inputs:\n${failures.map((f) => `  - ${f.property}: ${f.reason}`).join("\n")}`,
    );
  }
  return loaded.bytes;
}

/** Minutes, to a tenth, of a service-measured duration. */
function minutes(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round(ms / 6_000) / 10;
}

function importOutputs(r: SolutionImportResult, operation: string): PropertyMap {
  return {
    solutionId: r.solution.id,
    displayName: r.solution.displayName,
    lastOperation: operation,
    importJobId: r.importJobId,
    lastImportMinutes: minutes(r.durationMs),
  };
}

/** Carries out a step; returns the outputs it produced (undefined for `none`). */
async function apply(
  port: PowerPlatformPort,
  inputs: PropertyMap,
  step: DeploymentStep,
  id: string,
  opts: CallOptions,
): Promise<PropertyMap | undefined> {
  const env = inputs.environmentId as string;
  const name = inputs.uniqueName as string;
  const settings = settingsOf(inputs);
  switch (step.kind) {
    case "refuse":
      throw new ProviderError(`SolutionDeployment ${name}: ${step.reason}`);
    case "none":
      return undefined;
    case "install":
    case "reimport":
    case "upgrade": {
      const file = await loadPackage(inputs);
      const mode = step.kind === "upgrade" ? "upgrade" : "install";
      return importOutputs(await port.importSolution(env, file, { ...opts, mode, settings }), step.kind);
    }
    case "rollback": {
      // Checked before the uninstall, so a bad file never leaves the environment without the solution.
      const file = await loadPackage(inputs);
      await port.uninstallSolution(env, name, opts);
      try {
        return importOutputs(await port.importSolution(env, file, { ...opts, mode: "install", settings }), "rollback");
      } catch (err) {
        throw new ProviderError(
          `SolutionDeployment ${name}: the rollback uninstalled ${step.from}, but installing ${inputs.version} failed, so environment ${env} has no ${name} now (${id}). Fix the cause and run \`pulumi up\` again: it installs ${inputs.version}. ${(err as Error).message}`,
          { cause: err },
        );
      }
    }
  }
}

/**
 * True when this resource found the solution installed (or imported it): its delete leaves it installed. A state
 * recorded before `adopted` existed counts as adopted when its last operation was the adoption itself.
 */
function wasAdopted(props: PropertyMap): boolean {
  if (typeof props.adopted === "boolean") return props.adopted;
  return props.lastOperation === "adopt";
}

/** See the `SolutionDeployment` resource class for the documented behaviour. */
export const solutionDeploymentHandler: ResourceHandler = {
  name: "SolutionDeployment",
  // Imports of large solutions run for tens of minutes; a rollback is an uninstall and an import.
  deadlines: { create: 60, update: 90, delete: 30, read: 5 },

  async check(inputs) {
    let loaded: Awaited<ReturnType<typeof loadBytes>>;
    try {
      loaded = await loadBytes(inputs);
    } catch (error) {
      return [{ property: "solutionFile", reason: (error as Error).message }];
    }
    return loaded ? packageFailures(inputs, loaded).failures : [];
  },

  create: (port, inputs, opts) =>
    explainOrphan("SolutionDeployment", async () => {
      const env = inputs.environmentId as string;
      const name = inputs.uniqueName as string;
      const id = `${env}/${name}`;
      const settings = settingsOf(inputs);
      const installed = await port.getSolution(env, name, opts);
      const step = planDeployment({
        uniqueName: name,
        version: inputs.version as string,
        installed,
        settingsChanged: hasSettings(settings),
        contentChanged: false,
        rollback: rollbackOf(inputs),
        lastImportMinutes: undefined,
      });
      const outs = await apply(port, inputs, step, id, opts);
      const found = {
        solutionId: installed?.id,
        displayName: installed?.displayName,
        lastOperation: "adopt",
      };
      // A solution installed before this resource (by hand, another pipeline, or the pilot `govai adopt` took over)
      // is not this resource's to uninstall, even when this create upgraded or re-imported it.
      return { id, outs: clean({ ...inputs, ...(outs ?? found), adopted: installed !== undefined }) };
    }),

  async read(port, id, props, opts) {
    const [env, name] = parseId(id);
    let installed: InstalledSolution | undefined;
    try {
      installed = await explainOrphan("SolutionDeployment", () => port.getSolution(env, name, opts));
    } catch (err) {
      // The environment is gone, and the solution with it: not found, so refresh drops the resource.
      if (environmentGone(err)) return undefined;
      throw err;
    }
    if (!installed) return undefined;
    const inputs = normalise("SolutionDeployment", {
      environmentId: env,
      uniqueName: installed.uniqueName,
      // What is installed is the truth: another version here is drift the next `up` corrects (or refuses to).
      version: installed.version,
      solutionFile: props.solutionFile,
      solutionContent: props.solutionContent,
      sha256: props.sha256,
      deploymentSettings: props.deploymentSettings,
      rollback: props.rollback,
      cloud: props.cloud,
    });
    return {
      props: clean({
        ...inputs,
        solutionId: installed.id,
        displayName: installed.displayName,
        lastOperation: props.lastOperation ?? "adopt",
        importJobId: props.importJobId,
        lastImportMinutes: props.lastImportMinutes,
        // An import (nothing recorded) takes over a solution this resource did not install.
        adopted: props.uniqueName === undefined ? true : props.adopted,
      }),
      inputs,
    };
  },

  update: (port, id, olds, news, opts) =>
    explainOrphan("SolutionDeployment", async () => {
      const env = news.environmentId as string;
      const name = news.uniqueName as string;
      const installed = await port.getSolution(env, name, opts);
      const step = planDeployment({
        uniqueName: name,
        version: news.version as string,
        installed,
        settingsChanged: JSON.stringify(settingsOf(olds)) !== JSON.stringify(settingsOf(news)),
        // Only a change of the reviewed content counts; a new path to the same bytes does not.
        contentChanged: typeof olds.sha256 === "string" && olds.sha256 !== news.sha256,
        rollback: rollbackOf(news),
        lastImportMinutes: typeof olds.lastImportMinutes === "number" ? olds.lastImportMinutes : undefined,
      });
      const outs = await apply(port, news, step, id, opts);
      const kept = {
        solutionId: installed?.id ?? olds.solutionId,
        displayName: installed?.displayName ?? olds.displayName,
        lastOperation: olds.lastOperation,
        importJobId: olds.importJobId,
        lastImportMinutes: olds.lastImportMinutes,
      };
      // Whoever installed it first still did: an upgrade or a rollback of an adopted solution keeps it adopted.
      return clean({ ...news, ...(outs ?? kept), adopted: olds.adopted });
    }),

  async delete(port, id, props, opts) {
    const [env, name] = parseId(id);
    if (wasAdopted(props)) return;
    try {
      await port.uninstallSolution(env, (props.uniqueName as string | undefined) ?? name, opts);
    } catch (err) {
      // No environment, or no organisation in it: the solution went with them.
      if (nothingLeft(err)) return;
      throw err;
    }
  },
};
