/**
 * The shadow-AI inventory of `govai portfolio <dir> --tenant`: every environment and every Copilot Studio agent of
 * the tenant, each marked declared (a workload spec under <dir> describes it) or shadow (none does).
 *
 * - An environment is declared when a stage of a valid spec resolves to its Dataverse domain (the stage model's
 *   `environment.dataverse.domain`, compared case-insensitively). The domain is what a govai stack names the
 *   environment by and what `govai adopt` matches on; the ownership marker is not used, because its owner key comes
 *   from the stack's URN, which a folder of specs does not know.
 * - The tenant's default environment (`Default-<tenantId>`) is never declared: no workload owns it, and every agent
 *   in it is shadow.
 * - An agent is declared when its schema name (or its botid) is the `agent.botId` of a workload with a stage in its
 *   environment.
 *
 * Reading is separate from judging: {@link readTenant} only sends GETs through the REST client, {@link inventory}
 * is a pure function of what was read and the specs.
 */
import type { AgentInfo, EnvironmentInfo, PowerPlatformClient } from "@govai/powerplatform";
import type { StageName, WorkloadModel } from "@govai/spec";

/** A workload stage that declares an environment or agent. */
export interface Declaration {
  workload: string;
  stage: StageName;
  /** The spec file, as the portfolio shows it. */
  file: string;
}

/** Declared (a spec describes it), shadow (none does), or the tenant's default environment. */
export type EnvironmentStatus = "declared" | "shadow" | "default";

/** One agent of the inventory. */
export interface InventoryAgent {
  id: string;
  name: string;
  schemaName: string;
  createdOn: string | null;
  modifiedOn: string | null;
  publishedOn: string | null;
  ownerId: string | null;
  createdById: string | null;
  status: "declared" | "shadow";
  /** The stage whose workload's `agent.botId` names it; null for a shadow agent. */
  declaredBy: Declaration | null;
}

/** One environment of the inventory. */
export interface InventoryEnvironment {
  id: string;
  displayName: string;
  type: string;
  /** Lower-case; null when the environment has no Dataverse. */
  dataverseDomain: string | null;
  status: EnvironmentStatus;
  /** Every stage that resolves to it (more than one is a conflict the specs should settle). */
  declaredBy: Declaration[];
  /** Its agents; empty when they could not be listed (see `agentsNotListed`). */
  agents: InventoryAgent[];
  /** Why its agents could not be listed (no Dataverse, Dataverse refused or unreachable); null when they were. */
  agentsNotListed: string | null;
}

/** The whole inventory, with its counts. */
export interface TenantInventory {
  environments: InventoryEnvironment[];
  counts: {
    environments: number;
    shadowEnvironments: number;
    agents: number;
    shadowAgents: number;
    /** Environments whose agents could not be listed. */
    agentsNotListed: number;
  };
}

/** What was read of one environment: its agents, or why they could not be listed. */
export type AgentsRead = { agents: AgentInfo[] } | { notListed: string };

/** What {@link readTenant} read. */
export interface TenantRead {
  environments: EnvironmentInfo[];
  /** By environment id. */
  agents: Record<string, AgentsRead>;
}

/** A valid spec of the folder, with the file it came from. */
export interface DeclaringSpec {
  file: string;
  model: WorkloadModel;
}

/** True for the tenant's default environment (its id is `Default-<tenantId>`, its type `Default`). */
export function isDefaultEnvironment(env: Pick<EnvironmentInfo, "id" | "type">): boolean {
  return /^default-/i.test(env.id) || env.type === "Default";
}

/** The first line of an error's message. */
function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

/**
 * Why one environment's agents could not be listed, on one line. A Dataverse answer is told by its status, code and
 * message (not the client's whole line, whose request ids differ on every run); a refusal says what would let the
 * inventory in.
 */
export function notListedReason(error: unknown): string {
  const e = error as { name?: string; status?: unknown; code?: unknown; serviceMessage?: unknown };
  if (e?.name === "PowerPlatformApiError" && typeof e.status === "number") {
    const code = typeof e.code === "string" ? ` ${e.code}` : "";
    const message = typeof e.serviceMessage === "string" ? `: ${e.serviceMessage.split("\n")[0]}` : "";
    const advice =
      e.status === 403
        ? " (to list its agents, make this identity an application user of the environment with a role that reads the bots table, e.g. System Administrator)"
        : "";
    return `Dataverse answered ${e.status}${code}${message}${advice}`;
  }
  return firstLine(error);
}

/**
 * Reads the tenant: the environment list, then the agents of every environment with Dataverse. GETs only. An
 * environment whose agents cannot be read gets the reason instead (`isFatal` decides which errors end the whole
 * run instead: a refused sign-in is not one environment's problem).
 */
export async function readTenant(
  client: PowerPlatformClient,
  isFatal: (error: unknown) => boolean,
): Promise<TenantRead> {
  const environments = await client.listEnvironments();
  const agents: Record<string, AgentsRead> = {};
  // One environment at a time: each is another Dataverse host, and the client's per-host limit would not pace them.
  for (const env of environments) {
    if (!env.dataverse) {
      agents[env.id] = { notListed: "no Dataverse database, so no Copilot Studio agents" };
      continue;
    }
    try {
      agents[env.id] = { agents: await client.listAgents(env.id) };
    } catch (error) {
      if (isFatal(error)) throw error;
      agents[env.id] = { notListed: notListedReason(error) };
    }
  }
  return { environments, agents };
}

/** Every stage of every spec, by the Dataverse domain its environment resolves to. */
function declarationsByDomain(specs: readonly DeclaringSpec[]): Map<string, Array<Declaration & { botId?: string }>> {
  const byDomain = new Map<string, Array<Declaration & { botId?: string }>>();
  for (const { file, model } of specs) {
    for (const [stage, s] of Object.entries(model.stages)) {
      if (!s) continue;
      const domain = s.environment.dataverse.domain.toLowerCase();
      const list = byDomain.get(domain) ?? [];
      list.push({
        workload: model.metadata.name,
        stage: stage as StageName,
        file,
        ...(model.agent.botId ? { botId: model.agent.botId.toLowerCase() } : {}),
      });
      byDomain.set(domain, list);
    }
  }
  return byDomain;
}

const byName = <T extends { displayName: string; id: string }>(a: T, b: T) =>
  a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id);

/** The inventory: what was read, judged against the specs. Pure. Environments by display name, then id. */
export function inventory(read: TenantRead, specs: readonly DeclaringSpec[]): TenantInventory {
  const byDomain = declarationsByDomain(specs);
  const environments = [...read.environments].sort(byName).map((env): InventoryEnvironment => {
    const domain = env.dataverse?.domain.toLowerCase() ?? null;
    const isDefault = isDefaultEnvironment(env);
    const stages = isDefault || domain === null ? [] : (byDomain.get(domain) ?? []);
    const declaredBy = stages.map(({ workload, stage, file }) => ({ workload, stage, file }));
    const got = read.agents[env.id] ?? { notListed: "not read" };
    const agents = "agents" in got ? got.agents : [];
    return {
      id: env.id,
      displayName: env.displayName,
      type: env.type,
      dataverseDomain: domain,
      status: isDefault ? "default" : declaredBy.length > 0 ? "declared" : "shadow",
      declaredBy,
      agents: agents.map((a): InventoryAgent => {
        const by = stages.find((s) => s.botId === a.schemaName.toLowerCase() || s.botId === a.id);
        return {
          id: a.id,
          name: a.name,
          schemaName: a.schemaName,
          createdOn: a.createdOn ?? null,
          modifiedOn: a.modifiedOn ?? null,
          publishedOn: a.publishedOn ?? null,
          ownerId: a.ownerId ?? null,
          createdById: a.createdById ?? null,
          status: by ? "declared" : "shadow",
          declaredBy: by ? { workload: by.workload, stage: by.stage, file: by.file } : null,
        };
      }),
      agentsNotListed: "notListed" in got ? got.notListed : null,
    };
  });
  const allAgents = environments.flatMap((e) => e.agents);
  return {
    environments,
    counts: {
      environments: environments.length,
      shadowEnvironments: environments.filter((e) => e.status === "shadow").length,
      agents: allAgents.length,
      shadowAgents: allAgents.filter((a) => a.status === "shadow").length,
      agentsNotListed: environments.filter((e) => e.agentsNotListed !== null).length,
    },
  };
}

/** True when the inventory found anything undeclared: a shadow environment or a shadow agent. */
export function hasShadow(inv: TenantInventory): boolean {
  return inv.counts.shadowEnvironments > 0 || inv.counts.shadowAgents > 0;
}
