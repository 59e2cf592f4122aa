/**
 * Reading an existing pilot for `govai adopt`: the environment, its managed-environment settings, the DLP policies
 * that cover it, its Dataverse auditing and firewall, and its application users.
 *
 * Every resource govai would import is read through the provider's own Read, exactly as `pulumi import` reads it
 * (an id and no state), so the spec adopt writes is built from the very inputs the stack will record. Only what the
 * provider has no Read for (which policies cover the environment, which application users exist) comes from the
 * REST client directly.
 */
import type { ApplicationUserInfo, DlpPolicy, EnvironmentInfo, PowerPlatformClient } from "@govai/powerplatform";
import { clientPort, makeProvider, type ResourceTypeName } from "@govai/powerplatform/provider";
import { CliError, EXIT } from "./errors.ts";

/** A resource as `pulumi import` records it: its type, its import id and the inputs the provider's Read gives. */
export interface AdoptedResource {
  type: ResourceTypeName;
  /** The import id, in the provider's format (environment id, policy name, `<environmentId>/<applicationId>`). */
  id: string;
  /** The inputs the provider's Read reports on import: normalised, in the resource's vocabulary. */
  inputs: Record<string, unknown>;
}

/** An application user of the environment, with the resource to import when it can be read. */
export interface LiveApplicationUser {
  /** Entra application (client) id, lower-case. */
  applicationId: string;
  /** Dataverse full name, e.g. `# claims-runtime`. */
  fullName: string | undefined;
  disabled: boolean;
  /** Security role names, sorted. */
  roles: string[];
  /** Why adopt left it out before reading it (`--exclude-app`, disabled); undefined when it was read. */
  skipped: string | undefined;
  /** The ApplicationUser resource, when it was read. */
  resource: AdoptedResource | undefined;
}

/** A DLP policy that covers the environment but is not the one adopted, and why. */
export interface OtherPolicy {
  id: string;
  displayName: string;
  reason: string;
}

/** Everything adopt read from the tenant. */
export interface LivePilot {
  environment: EnvironmentInfo;
  environmentResource: AdoptedResource;
  /** Undefined when the environment is not a managed environment. */
  managedEnvironment: AdoptedResource | undefined;
  /** The policy that covers only this environment, when there is one (or the one `--dlp-policy` chose). */
  dataPolicy: AdoptedResource | undefined;
  /** The owner key of the govai ownership marker the adopted policy carries: a govai stack created it. */
  dataPolicyOwner?: string | undefined;
  settings: AdoptedResource;
  applicationUsers: LiveApplicationUser[];
  /** Policies covering the environment that govai leaves alone. */
  otherPolicies: OtherPolicy[];
}

/** Options of {@link readPilot}. */
export interface ReadPilotOptions {
  /** The policy name to adopt when several policies cover only this environment. */
  dlpPolicy?: string | undefined;
  /** Application ids whose application users are left out. */
  excludeApplications?: readonly string[];
}

/** The environment types govai creates and can therefore govern. */
const GOVERNED_TYPES = ["Sandbox", "Production"];

/** A URN of the given type: the provider reads the type from it, nothing else. */
function urnOf(type: ResourceTypeName): string {
  return `urn:pulumi:adopt::govai-workload::govai:powerplatform:${type}::adopt`;
}

/**
 * Refuses, with what to do, an environment workload.yaml cannot describe: not Sandbox or Production, without
 * Dataverse, in an environment group (whose rules own its governance), or without an Azure region or base language
 * (both replace the environment when they change, so guessing them would replace it on the first `pulumi up`).
 */
export function refusal(env: EnvironmentInfo): string | undefined {
  const name = `environment ${env.id} ("${env.displayName}")`;
  if (!GOVERNED_TYPES.includes(env.type)) {
    return `${name} is a ${env.type} environment; govai governs Sandbox and Production environments only (change its type in the Power Platform admin centre first)`;
  }
  if (!env.dataverse) {
    return `${name} has no Dataverse database; a governed workload needs one for auditing, the IP firewall and application users (add Dataverse to it in the Power Platform admin centre, then run adopt again)`;
  }
  if (env.environmentGroupId) {
    return `${name} is in environment group ${env.environmentGroupId}, whose rules own its managed-environment settings; workload.yaml cannot express group membership (remove it from the group first)`;
  }
  // workload.yaml's patterns for the geography and the region (both lower-case; the provider reads them so).
  if (!/^[a-z]+$/.test(env.location.toLowerCase())) {
    return `${name} is in the location "${env.location}", which workload.yaml cannot name`;
  }
  if (env.azureRegion && !/^[a-z][a-z0-9]*$/.test(env.azureRegion.toLowerCase())) {
    return `${name} is in the Azure region "${env.azureRegion}", which workload.yaml cannot name`;
  }
  if (!env.azureRegion) {
    return `${name} reports no Azure region; workload.yaml needs it, and a wrong one would replace the environment`;
  }
  if (env.dataverse.language === undefined) {
    return `${name} reports no Dataverse base language; workload.yaml needs it, and a wrong one would replace the environment`;
  }
  return undefined;
}

function covers(policy: DlpPolicy, environmentId: string): boolean {
  const scope = policy.environments;
  if (scope.kind === "all") return true;
  const listed = scope.environmentIds.some((e) => e.toLowerCase() === environmentId.toLowerCase());
  return scope.kind === "only" ? listed : !listed;
}

function exclusive(policy: DlpPolicy, environmentId: string): boolean {
  return (
    policy.environments.kind === "only" &&
    policy.environments.environmentIds.length === 1 &&
    policy.environments.environmentIds[0]?.toLowerCase() === environmentId.toLowerCase()
  );
}

function whyNotAdopted(policy: DlpPolicy): string {
  const scope = policy.environments;
  if (scope.kind === "all") return "it covers every environment of the tenant";
  if (scope.kind === "except") return `it covers every environment but ${scope.environmentIds.length} listed ones`;
  return `it covers ${scope.environmentIds.length} environments; a workload's policy covers its own environment only`;
}

/**
 * Reads the pilot. Fails with a `CliError` (nothing read is returned) when the environment does not exist (exit 2),
 * cannot be governed (exit 1, see {@link refusal}), or when several policies cover only it and `--dlp-policy` names
 * none of them (exit 2).
 */
export async function readPilot(
  client: PowerPlatformClient,
  environmentId: string,
  options: ReadPilotOptions = {},
): Promise<LivePilot> {
  const provider = makeProvider(() => clientPort(client));
  const read = async (type: ResourceTypeName, id: string): Promise<AdoptedResource | undefined> => {
    const r = await provider.read!(id, urnOf(type), {});
    return r.id ? { type, id: r.id, inputs: (r.inputs ?? {}) as Record<string, unknown> } : undefined;
  };

  const environment = await client.getEnvironment(environmentId);
  if (!environment) {
    throw new CliError(
      `adopt: environment ${environmentId} does not exist in this tenant (or this identity cannot see it)`,
      EXIT.usage,
    );
  }
  const refused = refusal(environment);
  if (refused) throw new CliError(`adopt: ${refused}`, EXIT.failed);
  const id = environment.id;

  const environmentResource = await read("Environment", id);
  if (!environmentResource) throw new CliError(`adopt: environment ${id} disappeared while it was read`, EXIT.usage);
  const managedEnvironment = environment.managed ? await read("ManagedEnvironment", id) : undefined;

  const covering = (await client.listDlpPolicies()).filter((p) => covers(p, id));
  const own = covering.filter((p) => exclusive(p, id));
  let chosen: DlpPolicy | undefined;
  if (options.dlpPolicy !== undefined) {
    chosen = own.find((p) => p.id.toLowerCase() === options.dlpPolicy?.toLowerCase());
    if (!chosen) {
      throw new CliError(
        `adopt: --dlp-policy ${options.dlpPolicy} is not a policy that covers only environment ${id}${own.length ? `; those are ${own.map((p) => `${p.id} ("${p.displayName}")`).join(", ")}` : "; none does"}`,
        EXIT.usage,
      );
    }
  } else if (own.length > 1) {
    throw new CliError(
      `adopt: ${own.length} policies cover only environment ${id}: ${own.map((p) => `${p.id} ("${p.displayName}")`).join(", ")}; a workload stage has one, choose it with --dlp-policy`,
      EXIT.usage,
    );
  } else {
    chosen = own[0];
  }
  const dataPolicy = chosen ? await read("DataPolicy", chosen.id) : undefined;
  const otherPolicies: OtherPolicy[] = covering
    .filter((p) => p !== chosen)
    .map((p) => ({
      id: p.id,
      displayName: p.displayName,
      reason: exclusive(p, id) ? "--dlp-policy chose another policy of this environment" : whyNotAdopted(p),
    }));

  const settings = await read("EnvironmentSettings", id);
  if (!settings) throw new CliError(`adopt: environment ${id} disappeared while it was read`, EXIT.usage);

  const excluded = new Set((options.excludeApplications ?? []).map((a) => a.toLowerCase()));
  const applicationUsers: LiveApplicationUser[] = [];
  for (const user of await client.listApplicationUsers(id)) {
    applicationUsers.push(await readUser(user, excluded, (app) => read("ApplicationUser", `${id}/${app}`)));
  }
  return {
    environment,
    environmentResource,
    managedEnvironment,
    dataPolicy,
    dataPolicyOwner: chosen?.ownership?.owner,
    settings,
    applicationUsers,
    otherPolicies,
  };
}

async function readUser(
  user: ApplicationUserInfo,
  excluded: Set<string>,
  read: (applicationId: string) => Promise<AdoptedResource | undefined>,
): Promise<LiveApplicationUser> {
  const base = {
    applicationId: user.applicationId,
    fullName: user.fullName,
    disabled: user.disabled,
    roles: user.roles.map((r) => r.name).sort(),
  };
  const skipped = excluded.has(user.applicationId)
    ? "left out with --exclude-app"
    : user.disabled
      ? "it is disabled, and workload.yaml cannot describe a disabled application user"
      : undefined;
  return { ...base, skipped, resource: skipped ? undefined : await read(user.applicationId) };
}
