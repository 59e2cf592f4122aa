import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { DIMENSION_TITLES, DIMENSIONS, evaluate, loadEvidence } from "@govai/gate";
import { asOfOption, formatOption, parseCommandArgs, positionals } from "../args.ts";
import { CliError, EXIT } from "../errors.ts";
import type { Io } from "../io.ts";
import { displayPath, loadWorkload } from "../load.ts";
import { fsRefusal, writeOutputFile } from "../output-file.ts";
import { byReadiness, FAILURE_MODES, type PilotReadiness, pilotReadiness } from "../portfolio.ts";
import {
  type DeclaringSpec,
  hasShadow,
  type InventoryEnvironment,
  inventory,
  readTenant,
  type TenantInventory,
} from "../portfolio-tenant.ts";
import { mdCode, mdText, neutralise, plain } from "../render/safe-text.ts";
import { renderMarkdownTable, renderTable } from "../render/table.ts";

export interface PortfolioReport {
  dir: string;
  pilots: PilotReadiness[];
  invalid: Array<{ file: string; errors: string[] }>;
  /** With `--tenant`: the tenant's environments and agents, declared or shadow. Absent without it. */
  tenant?: TenantInventory;
}

/** The client's error classes, as loaded (the client is loaded only with `--tenant`). */
type ClientErrors = Pick<
  typeof import("@govai/powerplatform"),
  "AuthenticationError" | "NotAdminApplicationError" | "PowerPlatformError"
>;

/**
 * The credentials `@azure/identity` tried and found unavailable (none configured), or undefined when the failure is
 * something else. The client wraps the credential's error (its `cause`); `DefaultAzureCredential` reports a chain
 * whose every member was unavailable as an `AggregateAuthenticationError` of `CredentialUnavailableError`s.
 */
export function unavailableCredentials(error: unknown): string[] | undefined {
  for (let e = error as { name?: string; message?: string; cause?: unknown; errors?: unknown[] } | undefined; e; ) {
    if (e.name === "CredentialUnavailableError" || e.name === "AuthenticationRequiredError") {
      return [/^(\w+) is unavailable/.exec(e.message ?? "")?.[1] ?? "the Azure credential"];
    }
    if (e.name === "AggregateAuthenticationError" && Array.isArray(e.errors) && e.errors.length > 0) {
      const each = e.errors.map((inner) => unavailableCredentials(inner));
      return each.every((x) => x !== undefined) ? each.flat() : undefined;
    }
    e = e.cause as typeof e;
  }
  return undefined;
}

const isNoCredential = (error: unknown) => unavailableCredentials(error) !== undefined;

/** Where `--tenant` takes its credentials from, for the message that finds none. */
export const TENANT_CREDENTIALS =
  "sign in with `az login`, or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE (or AZURE_CLIENT_SECRET); against the emulator, set GOVAI_POWERPLATFORM_ENDPOINTS and GOVAI_POWERPLATFORM_EMULATOR_IDENTITY";

/**
 * A failure that ends the whole tenant read, as one line (exit 2: the inventory could not be made), or undefined
 * when it is not the sign-in's or the tenant's answer (a defect). What one environment's Dataverse answers is not
 * here: that environment is listed with the reason instead.
 */
export function explainTenantFailure(
  error: unknown,
  { AuthenticationError, NotAdminApplicationError, PowerPlatformError }: ClientErrors,
): CliError | undefined {
  const first = (e: unknown) => plain((e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "");
  if (error instanceof NotAdminApplicationError) {
    return new CliError(
      `portfolio: permission denied: ${plain(error.serviceMessage ?? first(error))} A Power Platform administrator must register this identity as an admin management application first (the AdminApplication bootstrap in packages/powerplatform/README.md)`,
    );
  }
  if (error instanceof AuthenticationError) return new CliError(`portfolio: the sign-in was refused: ${first(error)}`);
  const unavailable = unavailableCredentials(error);
  if (unavailable) {
    return new CliError(
      `portfolio: --tenant found no Azure credential (unavailable: ${unavailable.join(", ")}); ${TENANT_CREDENTIALS}`,
    );
  }
  if (error instanceof PowerPlatformError) {
    return new CliError(`portfolio: ${first(error)}${error.hint ? ` (${plain(error.hint)})` : ""}`);
  }
  return undefined;
}

const SPEC_FILE = /^(workload|.+\.workload)\.ya?ml$/;
const DIM_SHORT: Record<string, string> = {
  latencyThroughput: "lat",
  failureHandling: "fail",
  securityAccess: "sec",
  dataPipeline: "data",
  observability: "obs",
  complianceAudit: "audit",
  rollback: "rbk",
  signOff: "sign",
};
const STATUS_MARK: Record<string, string> = { pass: "✓", fail: "✗", warn: "!", "n-a": "·" };

/** Every `workload.yaml` / `*.workload.yaml` under `dir`, skipping `node_modules` and dot-folders, sorted. */
export async function findSpecs(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (current: string) => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
        await walk(path.join(current, entry.name));
      } else if (entry.isFile() && SPEC_FILE.test(entry.name)) {
        found.push(path.join(current, entry.name));
      }
    }
  };
  await walk(dir);
  return found.sort();
}

/**
 * `govai portfolio <dir>`: readiness of every pilot, closest to production first. Exit 1 if a spec is invalid.
 * With `--tenant`, also the tenant's environments and agents that no spec declares (read only); with
 * `--fail-on-shadow`, exit 1 when there is one.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs("portfolio", argv, {
    format: { type: "string" },
    out: { type: "string" },
    "as-of": { type: "string" },
    tenant: { type: "boolean" },
    "fail-on-shadow": { type: "boolean" },
  });
  const [dir] = positionals("portfolio", parsed, ["dir"]) as [string];
  const format = formatOption("portfolio", parsed.values.format, ["text", "markdown", "json"] as const, "text");
  const now = asOfOption("portfolio", parsed.values["as-of"]);
  const tenant = parsed.values.tenant === true;
  const failOnShadow = parsed.values["fail-on-shadow"] === true;
  if (failOnShadow && !tenant) throw new CliError("portfolio: --fail-on-shadow needs --tenant (it judges the tenant)");
  const root = path.resolve(io.cwd, dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new CliError(`portfolio: ${dir} is not a directory`);
  const files = await findSpecs(root).catch(async (error: unknown) => {
    // A folder under <dir> that cannot be listed (permission) is the user's input problem, not a defect.
    const where = (error as { path?: string }).path ?? root;
    throw new CliError(
      `portfolio: cannot read ${displayPath(where, io.cwd)}: ${await fsRefusal(error, where, (p) => displayPath(p, io.cwd))}`,
    );
  });
  // With --tenant an empty folder still answers a question: everything in the tenant is shadow.
  if (files.length === 0 && !tenant)
    throw new CliError(`portfolio: no workload specs (workload.yaml or *.workload.yaml) under ${dir}`);
  const report: PortfolioReport = { dir, pilots: [], invalid: [] };
  const specs: DeclaringSpec[] = [];
  for (const file of files) {
    const shown = displayPath(file, io.cwd);
    try {
      const { model } = await loadWorkload(shown, io.cwd, {
        command: "portfolio",
        refusal: "portfolio reads workload specs; judge a baseline with govai gate",
      });
      specs.push({ file: shown, model });
      report.pilots.push(
        pilotReadiness(shown, model, evaluate(model, "prod", await loadEvidence(model), now ? { now } : {})),
      );
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      report.invalid.push({ file: shown, errors: error.details.length ? error.details : [error.message] });
    }
  }
  report.pilots.sort(byReadiness);
  if (tenant) report.tenant = await tenantInventory(io, specs);
  const text =
    format === "json"
      ? `${JSON.stringify(report, null, 2)}\n`
      : format === "markdown"
        ? portfolioMarkdown(report)
        : portfolioText(report);
  const out = typeof parsed.values.out === "string" && parsed.values.out !== "" ? parsed.values.out : undefined;
  if (out) {
    await writeOutputFile("portfolio", out, io.cwd, text);
    io.stdout(`portfolio written to ${out}\n`);
  } else {
    io.stdout(text);
  }
  if (report.invalid.length > 0) return EXIT.failed;
  return failOnShadow && report.tenant && hasShadow(report.tenant) ? EXIT.failed : EXIT.ok;
}

/**
 * Reads the tenant with the credentials and cloud `govai adopt` uses (the provider plugin's: `GOVAI_POWERPLATFORM_*`,
 * else `DefaultAzureCredential`), and judges it against the specs. The client loads only here.
 */
async function tenantInventory(io: Io, specs: DeclaringSpec[]): Promise<TenantInventory> {
  const pp = await import("@govai/powerplatform");
  const explain = (error: unknown) => explainTenantFailure(error, pp) ?? error;
  try {
    // A Dataverse that refuses this identity answers 403 at once: list the environment with that, do not wait out
    // the grace a new organisation gets.
    const client = pp.clientFromEnv(io.env, { polling: { dataverseAccessMaxWaitMs: 0 } });
    const fatal = (e: unknown) => e instanceof pp.AuthenticationError || isNoCredential(e);
    return inventory(await readTenant(client, fatal), specs);
  } catch (error) {
    throw explain(error);
  }
}

function rows(report: PortfolioReport): string[][] {
  return [
    ["pilot", "owner", "prod", ...DIMENSIONS.map((d) => DIM_SHORT[d] ?? d), "failing", "signals"],
    ...report.pilots.map((p) => [
      p.name,
      `${p.owningTeam} (${p.accountable})`,
      p.prodReady ? "ready" : "not ready",
      ...DIMENSIONS.map((d) => STATUS_MARK[p.dimensions[d]] ?? p.dimensions[d]),
      String(p.failingChecks),
      FAILURE_MODES.filter((m) => p.signals[m].length > 0).join(", ") || "none",
    ]),
  ];
}

function signalLines(report: PortfolioReport): string[] {
  const lines: string[] = [];
  for (const p of report.pilots) {
    for (const mode of FAILURE_MODES) for (const reason of p.signals[mode]) lines.push(`${p.name}: ${mode}: ${reason}`);
  }
  return lines;
}

const LEGEND = `Dimensions (prod gate): ${DIMENSIONS.map((d) => `${DIM_SHORT[d]} = ${DIMENSION_TITLES[d]}`).join("; ")}. ✓ pass, ✗ fail, ! warn, · n/a.`;

/** The portfolio as text; control characters in user strings are shown as escapes, never sent to the terminal. */
export function portfolioText(unsafe: PortfolioReport): string {
  const report = neutralise(unsafe);
  const ready = report.pilots.filter((p) => p.prodReady).length;
  const out = [
    `Portfolio of ${report.dir}: ${report.pilots.length} pilots, ${ready} ready for production`,
    "",
    renderTable(rows(report), 40),
    "",
    LEGEND,
  ];
  const signals = signalLines(report);
  if (signals.length) out.push("", "Signals:", ...signals.map((l) => `  ${l}`));
  for (const bad of report.invalid) out.push("", `invalid spec ${bad.file}:`, ...bad.errors.map((e) => `  ${e}`));
  if (report.tenant) out.push("", ...tenantText(report.tenant));
  return `${out.join("\n")}\n`;
}

/** The portfolio as markdown; every user string is escaped (see `render/safe-text.ts`). */
export function portfolioMarkdown(report: PortfolioReport): string {
  const ready = report.pilots.filter((p) => p.prodReady).length;
  const out = [
    `# Portfolio: ${report.pilots.length} pilots, ${ready} ready for production`,
    "",
    renderMarkdownTable(rows(report).map((row) => row.map(mdText))),
    "",
    LEGEND,
  ];
  const signals = signalLines(report);
  if (signals.length) out.push("", "## Signals", "", ...signals.map((l) => `- ${mdText(l)}`));
  if (report.invalid.length) {
    out.push("", "## Invalid specs");
    for (const bad of report.invalid) {
      out.push("", `- ${mdCode(bad.file, { inTable: false })}`, ...bad.errors.map((e) => `  - ${mdText(e)}`));
    }
  }
  if (report.tenant) out.push("", ...tenantMarkdown(report.tenant));
  return `${out.join("\n")}\n`;
}

function tenantHeadline(t: TenantInventory): string {
  const c = t.counts;
  return `${c.environments} environments (${c.shadowEnvironments} shadow), ${c.agents} agents (${c.shadowAgents} shadow)`;
}

const STATUS_WORD: Record<InventoryEnvironment["status"], string> = {
  declared: "declared",
  shadow: "SHADOW",
  default: "default env",
};

/** The environment table; the markers are plain words so the table reads without colour. */
function environmentRows(t: TenantInventory): string[][] {
  return [
    ["environment", "id", "type", "dataverse", "status", "declared by", "agents"],
    ...t.environments.map((e) => {
      const shadow = e.agents.filter((a) => a.status === "shadow").length;
      return [
        e.displayName,
        e.id,
        e.type,
        e.dataverseDomain ?? "none",
        STATUS_WORD[e.status],
        e.declaredBy.map((d) => `${d.workload} ${d.stage}`).join(", ") || "-",
        e.agentsNotListed !== null ? "not listed" : `${e.agents.length} (${shadow} shadow)`,
      ];
    }),
  ];
}

/** Each shadow agent on its own line: where it lives, who owns it, when it was made and published. */
function shadowAgentLines(t: TenantInventory): string[] {
  return t.environments.flatMap((e) =>
    e.agents
      .filter((a) => a.status === "shadow")
      .map(
        (a) =>
          `${e.displayName} (${e.id}): ${a.name} (${a.schemaName}, ${a.id}), owner ${a.ownerId ?? "unknown"}, created ${a.createdOn ?? "unknown"}, published ${a.publishedOn ?? "never"}${e.status === "default" ? " [default environment]" : ""}`,
      ),
  );
}

function notListedLines(t: TenantInventory): string[] {
  return t.environments
    .filter((e) => e.agentsNotListed !== null)
    .map((e) => `${e.displayName} (${e.id}): ${e.agentsNotListed}`);
}

const TENANT_LEGEND =
  "An environment is declared when a stage of a spec here resolves to its Dataverse domain; an agent when its schema name is that workload's agent.botId. The default environment is no workload's: its agents are shadow. Read only: nothing was changed in the tenant.";

/** The tenant inventory as text lines; every tenant string is shown with its control characters escaped. */
function tenantText(unsafe: TenantInventory): string[] {
  const t = neutralise(unsafe);
  const out = [`Tenant: ${tenantHeadline(t)}`, "", renderTable(environmentRows(t), 48)];
  const shadow = shadowAgentLines(t);
  if (shadow.length) out.push("", "Shadow agents:", ...shadow.map((l) => `  ${l}`));
  const notListed = notListedLines(t);
  if (notListed.length) out.push("", "Agents not listed:", ...notListed.map((l) => `  ${l}`));
  out.push("", TENANT_LEGEND);
  return out;
}

/** The tenant inventory as markdown lines; every tenant string is escaped. */
function tenantMarkdown(t: TenantInventory): string[] {
  const out = [
    `## Tenant: ${tenantHeadline(t)}`,
    "",
    renderMarkdownTable(environmentRows(t).map((row) => row.map(mdText))),
  ];
  const shadow = shadowAgentLines(t);
  if (shadow.length) out.push("", "### Shadow agents", "", ...shadow.map((l) => `- ${mdText(l)}`));
  const notListed = notListedLines(t);
  if (notListed.length) out.push("", "### Agents not listed", "", ...notListed.map((l) => `- ${mdText(l)}`));
  out.push("", TENANT_LEGEND);
  return out;
}
