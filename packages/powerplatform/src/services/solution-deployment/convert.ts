/**
 * Pure conversions of the solution ALM calls: solution versions, what a solution package (zip) declares, the
 * `pac solution create-settings` deployment-settings file and the `ComponentParameters` it becomes, `solutions`
 * rows, import results and checker rules. No I/O: the provider uses these to refuse bad input before any request.
 */
import { createHash } from "node:crypto";
import { inflateRawSync } from "node:zlib";
import { PowerPlatformError } from "../../client/errors.ts";
import type {
  WireCheckerRule,
  WireComponentParameter,
  WireDeploymentSettingsFile,
  WireImportResult,
  WireSolution,
} from "./wire.ts";

/** A solution installed in an environment (a `solutions` row). */
export interface InstalledSolution {
  /** `solutionid`. */
  id: string;
  /** `uniquename`: the solution's identity across environments. */
  uniqueName: string;
  /** `friendlyname`. */
  displayName: string;
  /** `version`, as the service stores it (four parts, e.g. `1.2.0.0`). */
  version: string;
  /** `ismanaged`: true for a managed solution (what a stage other than dev should hold). */
  managed: boolean;
  createdOn: string | undefined;
  modifiedOn: string | undefined;
  installedOn: string | undefined;
}

/** What a solution package (the zip an export or `pac solution pack` produced) declares about itself. */
export interface SolutionPackage {
  /** `<UniqueName>` of `solution.xml`. */
  uniqueName: string;
  /** The first `<LocalizedName description>`, else the unique name. */
  displayName: string;
  /** `<Version>` of `solution.xml`, normalised to four parts. */
  version: string;
  /** `<Managed>1</Managed>`. */
  managed: boolean;
  /** Connection references declared in `customizations.xml`, by logical name, with their connector id. */
  connectionReferences: Record<string, { connectorId: string }>;
}

/**
 * Connection references and environment-variable values an import binds: the content of a
 * `pac solution create-settings` file, as maps keyed by logical / schema name.
 */
export interface DeploymentSettings {
  /** Environment-variable values by schema name. Key Vault secret references take the secret's resource id. */
  environmentVariables: Record<string, string>;
  /** Connections by connection-reference logical name. The connection must exist in the target environment. */
  connectionReferences: Record<string, { connectionId: string; connectorId: string }>;
}

/** A rule of the solution checker's catalogue. */
export interface SolutionCheckerRule {
  /** Rule code, e.g. `meta-remove-dup-reg` (what `ManagedEnvironment.solutionChecker.ruleOverrides` names). */
  code: string;
  summary: string;
  description: string;
  howToFix: string;
  guidanceUrl: string;
  /** 1–5 as the service reports it. */
  severity: number;
  /** `Error`, `Performance`, `Security`, `Design`, `Usage` or `Unknown` (from `primaryCategory`). */
  category: string;
  include: boolean;
}

/** A solution file that is not a readable solution package; nothing was sent. */
export class SolutionPackageError extends PowerPlatformError {
  override name = "SolutionPackageError";
}

/** A deployment-settings document that is not valid; `problems` lists every path with what is wrong. */
export class DeploymentSettingsError extends PowerPlatformError {
  override name = "DeploymentSettingsError";
  readonly problems: readonly string[];
  constructor(source: string, problems: string[]) {
    super(`${source} is not a valid deployment-settings document:\n${problems.map((p) => `  - ${p}`).join("\n")}`, {
      hint: 'the format is what `pac solution create-settings` writes: {"EnvironmentVariables":[{"SchemaName","Value"}],"ConnectionReferences":[{"LogicalName","ConnectionId","ConnectorId"}]}',
    });
    this.problems = problems;
  }
}

// ── Versions ──────────────────────────────────────────────────────────────────────────────────────────────────

const MAX_VERSION_PART = 2_147_483_647;

/**
 * A solution version in its four-part form (`1.2` → `1.2.0.0`). Dataverse versions are one to four whole numbers
 * `major.minor.build.revision`; undefined when `raw` is not one.
 */
export function normaliseSolutionVersion(raw: string): string | undefined {
  if (typeof raw !== "string") return undefined;
  const parts = raw.trim().split(".");
  if (parts.length > 4) return undefined;
  const numbers: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,10}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > MAX_VERSION_PART) return undefined;
    numbers.push(n);
  }
  while (numbers.length < 4) numbers.push(0);
  return numbers.join(".");
}

/** -1, 0 or 1 as `a` is lower than, equal to or higher than `b` (both valid versions; throws otherwise). */
export function compareSolutionVersions(a: string, b: string): -1 | 0 | 1 {
  const na = normaliseSolutionVersion(a);
  const nb = normaliseSolutionVersion(b);
  if (na === undefined || nb === undefined) {
    throw new TypeError(`not a solution version: ${JSON.stringify(na === undefined ? a : b)}`);
  }
  const pa = na.split(".").map(Number);
  const pb = nb.split(".").map(Number);
  for (let i = 0; i < 4; i++) {
    if ((pa[i] ?? 0) < (pb[i] ?? 0)) return -1;
    if ((pa[i] ?? 0) > (pb[i] ?? 0)) return 1;
  }
  return 0;
}

/** The SHA-256 of a solution file, lower-case hex (what `sha256sum` prints). */
export function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

// ── Solution packages ─────────────────────────────────────────────────────────────────────────────────────────

/** Every entry of a zip archive (stored or deflated), by name; null when the bytes are not a readable zip. */
function zipEntries(zip: Buffer): Map<string, () => Buffer | null> | null {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > zip.length) return null;
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, () => Buffer | null>();
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return null;
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    entries.set(name.toLowerCase(), () => {
      if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== 0x04034b50) return null;
      const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
      const data = zip.subarray(start, start + size);
      try {
        if (method === 0) return Buffer.from(data);
        if (method === 8) return inflateRawSync(data);
      } catch {
        return null;
      }
      return null;
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function xmlText(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([^<]*)</${tag}>`, "i").exec(xml)?.[1]?.trim();
}

function xmlDecode(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/**
 * Reads what a solution package declares: `solution.xml` (unique name, version, managed, display name) and the
 * connection references of `customizations.xml`. Throws a {@link SolutionPackageError} naming `source` when the
 * bytes are not a zip, or `solution.xml` is missing or incomplete.
 */
export function inspectSolutionPackage(bytes: Uint8Array, source = "the solution file"): SolutionPackage {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = zipEntries(zip);
  if (!entries) {
    throw new SolutionPackageError(`${source} is not a zip archive (${bytes.byteLength} bytes)`, {
      hint: "pass the .zip a solution export (ExportSolution, `pac solution export --managed`) produced",
    });
  }
  const solutionXml = entries.get("solution.xml")?.();
  if (!solutionXml) {
    throw new SolutionPackageError(`${source} has no readable solution.xml: it is not a solution package`, {
      hint: "pass the .zip a solution export produced, not a folder archive or an unpacked solution",
    });
  }
  const xml = solutionXml.toString("utf8");
  const uniqueName = xmlText(xml, "UniqueName");
  const rawVersion = xmlText(xml, "Version");
  if (!uniqueName) throw new SolutionPackageError(`${source}: solution.xml has no <UniqueName>`);
  if (!rawVersion) throw new SolutionPackageError(`${source}: solution.xml has no <Version>`);
  const version = normaliseSolutionVersion(rawVersion);
  if (!version) {
    throw new SolutionPackageError(
      `${source}: solution.xml <Version> ${JSON.stringify(rawVersion)} is not a version (one to four whole numbers, e.g. 1.2.0.0)`,
    );
  }
  const displayName = /<LocalizedName[^>]*description="([^"]*)"/i.exec(xml)?.[1];
  const connectionReferences: Record<string, { connectorId: string }> = {};
  const customizations = entries.get("customizations.xml")?.()?.toString("utf8") ?? "";
  for (const m of customizations.matchAll(
    /<connectionreference\s+connectionreferencelogicalname="([^"]+)"[^>]*>([\s\S]*?)<\/connectionreference>/gi,
  )) {
    const logicalName = xmlDecode(m[1] ?? "");
    connectionReferences[logicalName] = { connectorId: xmlDecode(xmlText(m[2] ?? "", "connectorid") ?? "") };
  }
  return {
    uniqueName,
    displayName: displayName ? xmlDecode(displayName) : uniqueName,
    version,
    managed: xmlText(xml, "Managed") === "1",
    connectionReferences,
  };
}

// ── Deployment settings ───────────────────────────────────────────────────────────────────────────────────────

/** A connector id as deployment settings name it: `/providers/Microsoft.PowerApps/apis/<connector>`. */
export const CONNECTOR_ID = /^\/providers\/Microsoft\.PowerApps\/apis\/[A-Za-z0-9_.-]+$/;

/** A solution unique name: letters, digits and underscores, not starting with a digit. */
export const SOLUTION_UNIQUE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

type SettingsVariable = NonNullable<WireDeploymentSettingsFile["EnvironmentVariables"]>[number];
type SettingsReference = NonNullable<WireDeploymentSettingsFile["ConnectionReferences"]>[number];

/** Reads one `EnvironmentVariables` entry into `out`; returns its problem, if any (unknown keys go to `problems`). */
function readVariable(at: string, entry: unknown, out: DeploymentSettings, problems: string[]): string | undefined {
  if (!isRecord(entry)) return `${at}: must be an object {SchemaName, Value}`;
  const { SchemaName, Value, ...rest } = entry as SettingsVariable;
  for (const k of Object.keys(rest)) problems.push(`${at}.${k}: unknown key; use SchemaName and Value`);
  if (typeof SchemaName !== "string" || SchemaName.trim() === "") {
    return `${at}.SchemaName: must be the variable's schema name, e.g. cr123_ApiBaseUrl`;
  }
  if (Value !== undefined && Value !== null && typeof Value !== "string") {
    return `${at}.Value: must be a string (JSON values are written as text)`;
  }
  if (Object.hasOwn(out.environmentVariables, SchemaName)) return `${at}.SchemaName: ${SchemaName} is listed twice`;
  if (typeof Value === "string" && Value !== "") out.environmentVariables[SchemaName] = Value;
  return undefined;
}

/** Reads one `ConnectionReferences` entry into `out`; returns its problem, if any (unknown keys go to `problems`). */
function readReference(
  at: string,
  entry: unknown,
  out: DeploymentSettings,
  seen: Set<string>,
  problems: string[],
): string | undefined {
  if (!isRecord(entry)) return `${at}: must be an object {LogicalName, ConnectionId, ConnectorId}`;
  const { LogicalName, ConnectionId, ConnectorId, ...rest } = entry as SettingsReference;
  for (const k of Object.keys(rest))
    problems.push(`${at}.${k}: unknown key; use LogicalName, ConnectionId and ConnectorId`);
  if (typeof LogicalName !== "string" || LogicalName.trim() === "") {
    return `${at}.LogicalName: must be the connection reference's logical name`;
  }
  if (seen.has(LogicalName)) return `${at}.LogicalName: ${LogicalName} is listed twice`;
  seen.add(LogicalName);
  if (typeof ConnectorId !== "string" || !CONNECTOR_ID.test(ConnectorId)) {
    return `${at}.ConnectorId: must be a connector id such as /providers/Microsoft.PowerApps/apis/shared_sharepointonline; got ${JSON.stringify(ConnectorId)}`;
  }
  if (ConnectionId !== undefined && ConnectionId !== null && typeof ConnectionId !== "string") {
    return `${at}.ConnectionId: must be a string (a connection id of the target environment)`;
  }
  if (typeof ConnectionId === "string" && ConnectionId !== "") {
    out.connectionReferences[LogicalName] = { connectionId: ConnectionId, connectorId: ConnectorId };
  }
  return undefined;
}

/**
 * Reads a deployment-settings document in the `pac solution create-settings` format (text or parsed JSON) into
 * maps. Entries whose `Value` or `ConnectionId` is empty — the placeholders `pac` writes — are left out: the import
 * then leaves that variable or reference as the environment has it. Every problem is reported at once, with its
 * JSON path, in a {@link DeploymentSettingsError}.
 */
export function parseDeploymentSettings(
  input: string | unknown,
  source = "the deployment settings",
): DeploymentSettings {
  let doc: unknown = input;
  if (typeof input === "string") {
    try {
      doc = JSON.parse(input.replace(/^\uFEFF/, ""));
    } catch (error) {
      throw new DeploymentSettingsError(source, [`not JSON: ${(error as Error).message}`]);
    }
  }
  const problems: string[] = [];
  const out: DeploymentSettings = { environmentVariables: {}, connectionReferences: {} };
  if (!isRecord(doc)) throw new DeploymentSettingsError(source, ["the document must be a JSON object"]);
  for (const key of Object.keys(doc)) {
    if (key !== "EnvironmentVariables" && key !== "ConnectionReferences") {
      problems.push(`${key}: unknown key; only EnvironmentVariables and ConnectionReferences are read`);
    }
  }
  const list = (key: "EnvironmentVariables" | "ConnectionReferences"): unknown[] => {
    const v = (doc as Record<string, unknown>)[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      problems.push(`${key}: must be an array`);
      return [];
    }
    return v;
  };
  for (const [i, entry] of list("EnvironmentVariables").entries()) {
    const problem = readVariable(`EnvironmentVariables[${i}]`, entry, out, problems);
    if (problem) problems.push(problem);
  }
  const seenReferences = new Set<string>();
  for (const [i, entry] of list("ConnectionReferences").entries()) {
    const problem = readReference(`ConnectionReferences[${i}]`, entry, out, seenReferences, problems);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new DeploymentSettingsError(source, problems);
  return out;
}

/** Checks deployment settings given as maps (e.g. a resource input); returns every problem, empty when valid. */
export function deploymentSettingsProblems(settings: DeploymentSettings): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(settings.environmentVariables)) {
    if (name.trim() === "") problems.push("environmentVariables: a schema name must not be empty");
    if (typeof value !== "string") problems.push(`environmentVariables.${name}: must be a string`);
  }
  for (const [name, ref] of Object.entries(settings.connectionReferences)) {
    if (name.trim() === "") problems.push("connectionReferences: a logical name must not be empty");
    if (!ref || typeof ref.connectionId !== "string" || ref.connectionId.trim() === "") {
      problems.push(
        `connectionReferences.${name}.connectionId: must be the id of a connection in the target environment`,
      );
    }
    if (!ref || typeof ref.connectorId !== "string" || !CONNECTOR_ID.test(ref.connectorId)) {
      problems.push(
        `connectionReferences.${name}.connectorId: must be a connector id such as /providers/Microsoft.PowerApps/apis/shared_sharepointonline`,
      );
    }
  }
  return problems;
}

/** A map's entries sorted by key, so the messages and request bodies built from it are stable. */
function byName<T>(o: Record<string, T>): Array<[string, T]> {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Checks the settings against the package: every connection reference the package declares must be bound (an
 * unbound reference leaves the flows that use it off), with the connector the package names, and the settings must
 * not bind references the package does not have (a typo would otherwise go unnoticed). Returns every problem.
 */
export function settingsMismatches(pkg: SolutionPackage, settings: DeploymentSettings): string[] {
  const problems: string[] = [];
  const bound = settings.connectionReferences;
  for (const [name, ref] of byName(pkg.connectionReferences)) {
    const b = bound[name];
    if (!b) {
      problems.push(
        `connection reference ${name} (${ref.connectorId || "unknown connector"}) is declared by ${pkg.uniqueName} but not bound: add it to connectionReferences with a connection of the target environment`,
      );
    } else if (ref.connectorId && b.connectorId.toLowerCase() !== ref.connectorId.toLowerCase()) {
      problems.push(
        `connection reference ${name}: the package expects connector ${ref.connectorId}, the settings name ${b.connectorId}`,
      );
    }
  }
  for (const name of Object.keys(bound).sort()) {
    if (!Object.hasOwn(pkg.connectionReferences, name)) {
      problems.push(`connection reference ${name} is bound in the settings but ${pkg.uniqueName} does not declare it`);
    }
  }
  return problems;
}

/**
 * The import's `ComponentParameters`: connection references, then environment-variable values, each sorted by
 * name (a stable request body).
 */
export function toComponentParameters(settings: DeploymentSettings): WireComponentParameter[] {
  return [
    ...byName(settings.connectionReferences).map(
      ([logicalName, ref]): WireComponentParameter => ({
        "@odata.type": "Microsoft.Dynamics.CRM.connectionreference",
        connectionreferencelogicalname: logicalName,
        connectionreferencedisplayname: "",
        description: "",
        connectorid: ref.connectorId,
        connectionid: ref.connectionId,
      }),
    ),
    ...byName(settings.environmentVariables).map(
      ([schemaName, value]): WireComponentParameter => ({
        "@odata.type": "Microsoft.Dynamics.CRM.environmentvariablevalue",
        schemaname: schemaName,
        value,
      }),
    ),
  ];
}

// ── Rows and results ──────────────────────────────────────────────────────────────────────────────────────────

/** A `solutions` row as an {@link InstalledSolution}; undefined when it lacks its id or unique name. */
export function fromWireSolution(row: WireSolution): InstalledSolution | undefined {
  if (!row.solutionid || !row.uniquename) return undefined;
  return {
    id: row.solutionid,
    uniqueName: row.uniquename,
    displayName: row.friendlyname ?? row.uniquename,
    version: normaliseSolutionVersion(row.version ?? "") ?? row.version ?? "",
    managed: row.ismanaged === true,
    createdOn: row.createdon ?? undefined,
    modifiedOn: row.modifiedon ?? undefined,
    installedOn: row.installedon ?? undefined,
  };
}

function texts(list: unknown[] | undefined): string[] {
  return (list ?? []).map((m) => (typeof m === "string" ? m : JSON.stringify(m)));
}

/** The status, errors and warnings of `RetrieveSolutionImportResult`. */
export function fromWireImportResult(r: WireImportResult): { status: string; errors: string[]; warnings: string[] } {
  const result = r.SolutionOperationResult ?? {};
  return {
    status: result.Status ?? "Unknown",
    errors: texts(result.ErrorMessages),
    warnings: texts(result.WarningMessages),
  };
}

const CATEGORIES = ["Error", "Performance", "Security", "Design", "Usage"];

/** A checker rule of the catalogue. */
export function fromWireCheckerRule(rule: WireCheckerRule): SolutionCheckerRule {
  return {
    code: rule.code ?? "",
    summary: rule.summary ?? "",
    description: rule.description ?? "",
    howToFix: rule.howToFix ?? "",
    guidanceUrl: rule.guidanceUrl ?? "",
    severity: rule.severity ?? 0,
    category: CATEGORIES[rule.primaryCategory ?? -1] ?? "Unknown",
    include: rule.include ?? true,
  };
}

/** Milliseconds between two service timestamps; undefined when either is missing or unreadable. */
export function durationMs(from: string | null | undefined, to: string | null | undefined): number | undefined {
  if (!from || !to) return undefined;
  const a = Date.parse(from);
  const b = Date.parse(to);
  return Number.isNaN(a) || Number.isNaN(b) ? undefined : Math.max(0, b - a);
}
