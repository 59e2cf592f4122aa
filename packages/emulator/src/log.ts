/**
 * The request log: every request the emulator answered (control endpoint excepted), so tests can count and assert
 * exact calls, and fail on any call nobody expected (`unmatched`).
 */

/** API family of a request, from its path prefix. */
export type Family = "bapi" | "bapiRegional" | "powerApps" | "ppapi" | "dataverse" | "copilot" | "advisor" | "unknown";

/** One logged request. */
export interface LogEntry {
  /** 1-based order of arrival. */
  seq: number;
  /** ISO time the request arrived (from the emulator clock). */
  timestamp: string;
  method: string;
  /** Path and query exactly as received, prefix included (`/bap/providers/…?api-version=…`). */
  path: string;
  /** Path after the family prefix, without the query (`/providers/…`). */
  apiPath: string;
  family: Family;
  /** Route name (`environments.create`, `dlp.get`, …); `null` when no route matched. */
  route: string | null;
  /** False when no route matched (answered 501). */
  matched: boolean;
  /** Parsed JSON body; the raw text when it is not JSON; `undefined` when empty. */
  body: unknown;
  /** Status sent; `null` when the socket was destroyed before a status was sent. */
  status: number | null;
  /** Kind of the fault rule that fired on this request, if any. */
  fault: string | null;
}

/** A filter for {@link RequestLog.count} and {@link RequestLog.find}; every given field must match. */
export interface LogFilter {
  method?: string;
  /** Exact `path` (string) or a RegExp tested against `path`. */
  path?: string | RegExp;
  /** Exact `apiPath` (string) or a RegExp tested against `apiPath`. */
  apiPath?: string | RegExp;
  family?: Family;
  route?: string;
  status?: number | null;
  matched?: boolean;
}

function matches(entry: LogEntry, filter: LogFilter): boolean {
  if (filter.method !== undefined && entry.method !== filter.method.toUpperCase()) return false;
  if (filter.family !== undefined && entry.family !== filter.family) return false;
  if (filter.route !== undefined && entry.route !== filter.route) return false;
  if (filter.status !== undefined && entry.status !== filter.status) return false;
  if (filter.matched !== undefined && entry.matched !== filter.matched) return false;
  for (const [key, want] of [
    ["path", filter.path],
    ["apiPath", filter.apiPath],
  ] as const) {
    if (want === undefined) continue;
    const got = entry[key];
    if (typeof want === "string" ? got !== want : !want.test(got)) return false;
  }
  return true;
}

/** The request log. */
export class RequestLog {
  #entries: LogEntry[] = [];
  #seq = 0;

  /** Every entry, oldest first (a copy). */
  get entries(): LogEntry[] {
    return [...this.#entries];
  }

  /** Requests no route matched; a test that ends with any of these called something the emulator does not serve. */
  get unmatched(): LogEntry[] {
    return this.#entries.filter((e) => !e.matched);
  }

  /** Entries matching the filter, oldest first. */
  find(filter: LogFilter = {}): LogEntry[] {
    return this.#entries.filter((e) => matches(e, filter));
  }

  /** How many entries match the filter. */
  count(filter: LogFilter = {}): number {
    return this.find(filter).length;
  }

  /** Forgets every entry (sequence numbers restart at 1). */
  clear(): void {
    this.#entries = [];
    this.#seq = 0;
  }

  /** Appends an entry (used by the server). The returned object is updated when the response is sent. */
  record(entry: Omit<LogEntry, "seq">): LogEntry {
    this.#seq += 1;
    const full: LogEntry = { seq: this.#seq, ...entry };
    this.#entries.push(full);
    return full;
  }
}
