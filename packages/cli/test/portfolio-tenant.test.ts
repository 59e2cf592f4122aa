/**
 * `govai portfolio <dir> --tenant` in-process, against the emulator on 127.0.0.1: a folder holding the policy-lookup
 * example, and a tenant seeded through the REST client (as a pilot team would have built it) with the Copilot Studio
 * agents written into each environment's Dataverse `bots` table. Proves which environments and agents are declared
 * and which are shadow (the default environment's always), that every page of a paged `bots` table is read, that an
 * environment whose Dataverse is missing or refuses is listed with the reason, that a whole run sends GETs only, the
 * JSON shape, and the exit codes and one-line refusals.
 */
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Emulator, StoredBot } from "@govai/emulator";
import { EMULATOR_DEFAULT_TENANT_ID, type PowerPlatformClient } from "@govai/powerplatform";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../src/main.ts";
import { portfolioOutput } from "../src/output-schemas.ts";
import { ADMIN, seedingClient, startTenant, tenantEnv } from "./adopt-fixtures.ts";

const EXAMPLE = path.resolve(import.meta.dirname, "../../../examples/policy-lookup-agent");
const DEFAULT_ID = `Default-${EMULATOR_DEFAULT_TENANT_ID}`;
const OWNER = "7a000000-0000-4000-8000-0000000000f1";
const MAKER = "7a000000-0000-4000-8000-0000000000f2";

let emulator: Emulator | undefined;
afterEach(async () => {
  expect(emulator?.log.unmatched ?? []).toEqual([]);
  await emulator?.close();
  emulator = undefined;
  vi.unstubAllEnvs();
});

async function portfolio(args: string[], cwd: string, env: Record<string, string>) {
  let stdout = "";
  let stderr = "";
  const code = await main(["portfolio", ...args], {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    isTTY: false,
    cwd,
    env,
  });
  return { code, stdout, stderr };
}

/** A folder with the policy-lookup example (workload `policy-lookup`, agent.botId `cr4f2_policyLookup`). */
function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "govai-portfolio-tenant-"));
  cpSync(EXAMPLE, path.join(dir, "policy-lookup"), { recursive: true });
  return dir;
}

function bot(n: number, schemaname: string, name: string, publishedon: string | null = null): StoredBot {
  return {
    botid: `b0000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    name,
    schemaname,
    createdon: "2026-03-01T09:00:00Z",
    modifiedon: "2026-04-01T10:30:00Z",
    publishedon,
    _ownerid_value: OWNER,
    _createdby_value: MAKER,
  };
}

function seedBots(id: string, bots: StoredBot[]): void {
  emulator!.state.environments[id]!.dataverse!.bots = Object.fromEntries(bots.map((b) => [b.botid, b]));
}

async function environment(client: PowerPlatformClient, displayName: string, domain: string | undefined) {
  return client.createEnvironment({
    displayName,
    description: "",
    type: "Sandbox",
    location: "europe",
    azureRegion: "westeurope",
    ...(domain ? { dataverse: { language: 1033, currency: "EUR", domain, securityGroupId: undefined } } : {}),
  });
}

/**
 * Turns an environment into the tenant's default environment: id `Default-<tenantId>`, type Default. Its Dataverse
 * domain is the test stage's of policy-lookup, so only the default-environment rule keeps it from being declared.
 */
function makeDefault(id: string): void {
  const envs = emulator!.state.environments;
  const env = envs[id]!;
  delete envs[id];
  env.name = DEFAULT_ID;
  env.properties.environmentSku = "Default";
  env.properties.isDefault = true;
  envs[DEFAULT_ID] = env;
}

interface Seeded {
  dev: string;
  prod: string;
  marketing: string;
  bare: string;
  finance: string;
}

/**
 * The tenant: policy-lookup's dev (its declared agent and a side project) and prod (no agent); a marketing sandbox
 * with three agents (two pages at dataverseMaxPageSize 2); an environment without Dataverse; a finance environment
 * whose Dataverse does not know this identity; and the default environment with an agent named like the declared one.
 */
async function seedTenant(): Promise<Seeded> {
  emulator = await startTenant();
  emulator.configure({ behaviour: { dataverseMaxPageSize: 2 } });
  const client = seedingClient(emulator);
  const dev = await environment(client, "Policy Lookup (dev)", "policy-lookup-dev");
  const prod = await environment(client, "Policy Lookup (prod)", "policy-lookup-prod");
  const marketing = await environment(client, "Marketing sandbox", "marketing-sbx");
  const bare = await environment(client, "Bare", undefined);
  const finance = await environment(client, "Finance", "finance-dev");
  const byDefault = await environment(client, "Contoso (default)", "policy-lookup-test");
  seedBots(dev.id, [
    bot(1, "cr4f2_policyLookup", "Policy Lookup", "2026-05-01T08:00:00Z"),
    bot(2, "cr4f2_sideProject", "Side project"),
  ]);
  seedBots(marketing.id, [
    bot(3, "cr9_campaigns", "Campaign helper", "2026-05-02T08:00:00Z"),
    bot(4, "cr9_leads", "Lead scorer"),
    bot(5, "cr9_events", "Event planner"),
  ]);
  seedBots(byDefault.id, [bot(6, "cr4f2_policyLookup", "Policy Lookup (copy)")]);
  // The finance environment's Dataverse no longer has this identity as an enabled application user.
  for (const u of Object.values(emulator.state.environments[finance.id]!.dataverse!.systemUsers)) u.isdisabled = true;
  makeDefault(byDefault.id);
  emulator.log.clear();
  return { dev: dev.id, prod: prod.id, marketing: marketing.id, bare: bare.id, finance: finance.id };
}

/** Why the finance environment's agents are not listed: its Dataverse's own answer, and what would let us in. */
const FINANCE_REFUSED = `Dataverse answered 403 0x80072560: The user is not a member of the organization: no enabled application user has applicationid '${ADMIN}'. (to list its agents, make this identity an application user of the environment with a role that reads the bots table, e.g. System Administrator)`;

const declared = (stage: string) => ({
  workload: "policy-lookup",
  stage,
  file: "policy-lookup/workload.yaml",
});

function agent(n: number, schemaName: string, name: string, publishedOn: string | null, by: string | null) {
  return {
    id: `b0000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    name,
    schemaName,
    createdOn: "2026-03-01T09:00:00Z",
    modifiedOn: "2026-04-01T10:30:00Z",
    publishedOn,
    ownerId: OWNER,
    createdById: MAKER,
    status: by ? "declared" : "shadow",
    declaredBy: by ? declared(by) : null,
  };
}

describe("govai portfolio --tenant", () => {
  it("json: every environment and agent, declared or shadow, the default environment's agents shadow, GETs only", async () => {
    const ids = await seedTenant();
    const dir = folder();

    const run = await portfolio(
      [".", "--tenant", "--format", "json", "--as-of", "2026-11-28"],
      dir,
      tenantEnv(emulator!),
    );

    expect([run.code, run.stderr]).toEqual([0, ""]);
    const report = portfolioOutput.parse(JSON.parse(run.stdout));
    expect(report.pilots.map((p) => p.name)).toEqual(["policy-lookup"]);
    expect(report.tenant).toEqual({
      environments: [
        {
          id: ids.bare,
          displayName: "Bare",
          type: "Sandbox",
          dataverseDomain: null,
          status: "shadow",
          declaredBy: [],
          agents: [],
          agentsNotListed: "no Dataverse database, so no Copilot Studio agents",
        },
        {
          id: DEFAULT_ID,
          displayName: "Contoso (default)",
          type: "Default",
          dataverseDomain: "policy-lookup-test",
          status: "default",
          declaredBy: [],
          agents: [agent(6, "cr4f2_policyLookup", "Policy Lookup (copy)", null, null)],
          agentsNotListed: null,
        },
        {
          id: ids.finance,
          displayName: "Finance",
          type: "Sandbox",
          dataverseDomain: "finance-dev",
          status: "shadow",
          declaredBy: [],
          agents: [],
          agentsNotListed: FINANCE_REFUSED,
        },
        {
          id: ids.marketing,
          displayName: "Marketing sandbox",
          type: "Sandbox",
          dataverseDomain: "marketing-sbx",
          status: "shadow",
          declaredBy: [],
          agents: [
            agent(3, "cr9_campaigns", "Campaign helper", "2026-05-02T08:00:00Z", null),
            agent(5, "cr9_events", "Event planner", null, null),
            agent(4, "cr9_leads", "Lead scorer", null, null),
          ],
          agentsNotListed: null,
        },
        {
          id: ids.dev,
          displayName: "Policy Lookup (dev)",
          type: "Sandbox",
          dataverseDomain: "policy-lookup-dev",
          status: "declared",
          declaredBy: [declared("dev")],
          agents: [
            agent(1, "cr4f2_policyLookup", "Policy Lookup", "2026-05-01T08:00:00Z", "dev"),
            agent(2, "cr4f2_sideProject", "Side project", null, null),
          ],
          agentsNotListed: null,
        },
        {
          id: ids.prod,
          displayName: "Policy Lookup (prod)",
          type: "Sandbox",
          dataverseDomain: "policy-lookup-prod",
          status: "declared",
          declaredBy: [declared("prod")],
          agents: [],
          agentsNotListed: null,
        },
      ],
      counts: { environments: 6, shadowEnvironments: 3, agents: 6, shadowAgents: 5, agentsNotListed: 2 },
    });
    // Read only: the environment list, then per environment with Dataverse (in the list's order) its GET and the bots
    // pages (the marketing sandbox's three agents in two pages); the bare environment needs no request.
    expect(emulator!.log.entries.filter((e) => e.method !== "GET")).toEqual([]);
    const where = (e: { route: string | null; path: string }) =>
      `${e.route} ${/\/dataverse\/([^/]+)\//.exec(e.path)?.[1] ?? /\/environments\/([^/?]+)/.exec(e.path)?.[1] ?? ""}`;
    expect(emulator!.log.entries.map(where)).toEqual([
      "environments.list ",
      `environments.get ${ids.dev}`,
      "dataverse.bots.list policy-lookup-dev",
      `environments.get ${ids.prod}`,
      "dataverse.bots.list policy-lookup-prod",
      `environments.get ${ids.marketing}`,
      "dataverse.bots.list marketing-sbx",
      "dataverse.bots.list marketing-sbx",
      `environments.get ${ids.finance}`,
      "dataverse.bots.list finance-dev",
      `environments.get ${DEFAULT_ID}`,
      "dataverse.bots.list policy-lookup-test",
    ]);
  });

  it("text: the environment table, each shadow agent on a line, the environments not listed", async () => {
    const ids = await seedTenant();
    const run = await portfolio([".", "--tenant", "--as-of", "2026-11-28"], folder(), tenantEnv(emulator!));
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const tenant = run.stdout.slice(run.stdout.indexOf("Tenant: "));
    const w = (s: string, n: number) => s.padEnd(n);
    const row = (cells: string[]) =>
      cells
        .map((c, i) => (i === cells.length - 1 ? c : w(c, [20, 44, 7, 18, 11, 18][i]!)))
        .join("  ")
        .trimEnd();
    expect(tenant).toBe(
      [
        "Tenant: 6 environments (3 shadow), 6 agents (5 shadow)",
        "",
        row(["environment", "id", "type", "dataverse", "status", "declared by", "agents"]),
        row([
          "-".repeat(20),
          "-".repeat(44),
          "-".repeat(7),
          "-".repeat(18),
          "-".repeat(11),
          "-".repeat(18),
          "-".repeat(12),
        ]),
        row(["Bare", ids.bare, "Sandbox", "none", "SHADOW", "-", "not listed"]),
        row(["Contoso (default)", DEFAULT_ID, "Default", "policy-lookup-test", "default env", "-", "1 (1 shadow)"]),
        row(["Finance", ids.finance, "Sandbox", "finance-dev", "SHADOW", "-", "not listed"]),
        row(["Marketing sandbox", ids.marketing, "Sandbox", "marketing-sbx", "SHADOW", "-", "3 (3 shadow)"]),
        row([
          "Policy Lookup (dev)",
          ids.dev,
          "Sandbox",
          "policy-lookup-dev",
          "declared",
          "policy-lookup dev",
          "2 (1 shadow)",
        ]),
        row([
          "Policy Lookup (prod)",
          ids.prod,
          "Sandbox",
          "policy-lookup-prod",
          "declared",
          "policy-lookup prod",
          "0 (0 shadow)",
        ]),
        "",
        "Shadow agents:",
        `  Contoso (default) (${DEFAULT_ID}): Policy Lookup (copy) (cr4f2_policyLookup, b0000000-0000-4000-8000-000000000006), owner ${OWNER}, created 2026-03-01T09:00:00Z, published never [default environment]`,
        `  Marketing sandbox (${ids.marketing}): Campaign helper (cr9_campaigns, b0000000-0000-4000-8000-000000000003), owner ${OWNER}, created 2026-03-01T09:00:00Z, published 2026-05-02T08:00:00Z`,
        `  Marketing sandbox (${ids.marketing}): Event planner (cr9_events, b0000000-0000-4000-8000-000000000005), owner ${OWNER}, created 2026-03-01T09:00:00Z, published never`,
        `  Marketing sandbox (${ids.marketing}): Lead scorer (cr9_leads, b0000000-0000-4000-8000-000000000004), owner ${OWNER}, created 2026-03-01T09:00:00Z, published never`,
        `  Policy Lookup (dev) (${ids.dev}): Side project (cr4f2_sideProject, b0000000-0000-4000-8000-000000000002), owner ${OWNER}, created 2026-03-01T09:00:00Z, published never`,
        "",
        "Agents not listed:",
        `  Bare (${ids.bare}): no Dataverse database, so no Copilot Studio agents`,
        `  Finance (${ids.finance}): ${FINANCE_REFUSED}`,
        "",
        "An environment is declared when a stage of a spec here resolves to its Dataverse domain; an agent when its schema name is that workload's agent.botId. The default environment is no workload's: its agents are shadow. Read only: nothing was changed in the tenant.",
        "",
      ].join("\n"),
    );
  });

  it("markdown: the tenant section, tenant text escaped", async () => {
    emulator = await startTenant();
    const dev = await environment(seedingClient(emulator), "Policy Lookup (dev)", "policy-lookup-dev");
    seedBots(dev.id, [bot(1, "cr4f2_policyLookup", "Policy Lookup"), bot(2, "cr4f2_side", "Side *bold* | pipe")]);
    const run = await portfolio([".", "--tenant", "--format", "markdown"], folder(), tenantEnv(emulator));
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(run.stdout.slice(run.stdout.indexOf("## Tenant: "))).toBe(
      [
        "## Tenant: 1 environments (0 shadow), 2 agents (1 shadow)",
        "",
        "| environment | id | type | dataverse | status | declared by | agents |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        `| Policy Lookup (dev) | ${dev.id} | Sandbox | policy-lookup-dev | declared | policy-lookup dev | 2 (1 shadow) |`,
        "",
        "### Shadow agents",
        "",
        `- Policy Lookup (dev) (${dev.id}): Side \\*bold\\* \\| pipe (cr4f2\\_side, b0000000-0000-4000-8000-000000000002), owner ${OWNER}, created 2026-03-01T09:00:00Z, published never`,
        "",
        "An environment is declared when a stage of a spec here resolves to its Dataverse domain; an agent when its schema name is that workload's agent.botId. The default environment is no workload's: its agents are shadow. Read only: nothing was changed in the tenant.",
        "",
      ].join("\n"),
    );
  });

  it("--fail-on-shadow: exit 1 when anything is shadow, exit 0 when the specs declare everything", async () => {
    await seedTenant();
    const shadow = await portfolio(
      [".", "--tenant", "--fail-on-shadow", "--format", "json"],
      folder(),
      tenantEnv(emulator!),
    );
    expect([shadow.code, shadow.stderr]).toEqual([1, ""]);
    await emulator!.close();

    emulator = await startTenant();
    const client = seedingClient(emulator);
    const dev = await environment(client, "Policy Lookup (dev)", "policy-lookup-dev");
    seedBots(dev.id, [bot(1, "cr4f2_policyLookup", "Policy Lookup")]);
    const clean = await portfolio(
      [".", "--tenant", "--fail-on-shadow", "--format", "json"],
      folder(),
      tenantEnv(emulator),
    );
    expect([clean.code, clean.stderr]).toEqual([0, ""]);
    expect(portfolioOutput.parse(JSON.parse(clean.stdout)).tenant?.counts).toEqual({
      environments: 1,
      shadowEnvironments: 0,
      agents: 1,
      shadowAgents: 0,
      agentsNotListed: 0,
    });
  });

  it("without --tenant the output has no tenant section and the tenant is not read", async () => {
    emulator = await startTenant();
    const run = await portfolio([".", "--format", "json"], folder(), tenantEnv(emulator));
    expect(run.code).toBe(0);
    expect(Object.keys(JSON.parse(run.stdout))).toEqual(["dir", "pilots", "invalid"]);
    expect(emulator.log.entries).toEqual([]);
  });

  it("bad flags: exit 2, one line, before any request", async () => {
    emulator = await startTenant();
    const env = tenantEnv(emulator);
    expect(await portfolio([".", "--fail-on-shadow"], folder(), env)).toEqual({
      code: 2,
      stdout: "",
      stderr: "govai: portfolio: --fail-on-shadow needs --tenant (it judges the tenant)\n",
    });
    expect(await portfolio([".", "--tenant=yes"], folder(), env)).toEqual({
      code: 2,
      stdout: "",
      stderr: "govai: portfolio: Option '--tenant' does not take an argument (see 'govai portfolio --help')\n",
    });
    expect(emulator.log.entries).toEqual([]);
  });

  it("an identity that is no admin management application: exit 2, one line", async () => {
    await seedTenant();
    const run = await portfolio(
      [".", "--tenant"],
      folder(),
      tenantEnv(emulator!, "0a1b2c3d-0000-4000-8000-00000000b002"),
    );
    expect([run.code, run.stdout, run.stderr.split("\n").length]).toEqual([2, "", 2]);
    expect(run.stderr).toMatch(
      /^govai: portfolio: permission denied: The service principal with id '[^']+' for application '0a1b2c3d-0000-4000-8000-00000000b002' does not have permission to access the path '[^']+' in tenant '4f6c7b1e-0d3a-4c55-9e1a-7a1c2b3d4e5f'\. A Power Platform administrator must register this identity as an admin management application first \(the AdminApplication bootstrap in packages\/powerplatform\/README\.md\)$/m,
    );
  });

  it("--tenant without credentials: exit 2, one line naming the variables to set", async () => {
    // Only the environment credential, with none of its variables: no Azure CLI started, no managed-identity probe.
    vi.stubEnv("AZURE_TOKEN_CREDENTIALS", "EnvironmentCredential");
    for (const name of ["AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH"])
      vi.stubEnv(name, undefined);
    const run = await portfolio([".", "--tenant"], folder(), {});
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "govai: portfolio: --tenant found no Azure credential (unavailable: EnvironmentCredential); sign in with `az login`, or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE (or AZURE_CLIENT_SECRET); against the emulator, set GOVAI_POWERPLATFORM_ENDPOINTS and GOVAI_POWERPLATFORM_EMULATOR_IDENTITY\n",
    });
  });
});
