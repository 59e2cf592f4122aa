/**
 * Fault injection. A rule matches requests by method and path (and optionally family), fires on the next
 * `times` matches (after skipping `skip`), and then retires. The first live matching rule wins.
 */
import type { Family } from "./log.ts";

/** Which requests a rule applies to. */
export interface FaultMatch {
  /** HTTP method (case-insensitive); omit for any. */
  method?: string;
  /**
   * Path pattern. A string is matched case-insensitively against the request path *without* its query, prefix
   * included (`/bap/providers/Microsoft.BusinessAppPlatform/environments`); `*` matches any run of characters,
   * `/` included. A RegExp is tested against the path *with* its query. Omit for any path.
   */
  path?: string | RegExp;
  /** API family; omit for any. */
  family?: Family;
  /** Matching requests to let through untouched before the rule fires. Default 0. */
  skip?: number;
  /** How many matching requests the rule fires on: a positive integer (default 1) or `"always"`. */
  times?: number | "always";
}

/**
 * `Retry-After` of an injected status: a number sends integer seconds; a string is sent verbatim (e.g. the
 * non-standard `"5s"`); `{ httpDateInSeconds: n }` sends an HTTP-date n seconds after the emulator clock's now.
 * Omit (or `null`) to send no header.
 */
export type RetryAfterSpec = number | string | { httpDateInSeconds: number } | null;

/** What a rule does. */
export type FaultAction =
  /** Answer with this status (429, 500, 502, 503, 504, 408, 499, 409, …) instead of serving the request. */
  | { kind: "status"; status: number; retryAfter?: RetryAfterSpec; body?: unknown; headers?: Record<string, string> }
  /** Destroy the socket without answering (the client sees a connection reset). */
  | { kind: "reset" }
  /** Wait this many milliseconds, then serve the request normally. */
  | { kind: "delay"; ms: number }
  /** Serve the request (state changes happen), then destroy the socket instead of sending the response. */
  | { kind: "dropResponse" }
  /** Answer 401 `InvalidAuthenticationToken` (an expired token; a refreshed token fixes it). */
  | { kind: "unauthorized" }
  /** Answer 401 with a Continuous Access Evaluation challenge (`insufficient_claims`); must not be retried blindly. */
  | { kind: "caeChallenge"; claims?: string }
  /**
   * Serve the lifecycle start normally, but the operation it starts ends `Failed`. A failed create reports
   * `links.environment.path: ""` and removes its environment unless `leaveOrphan` is true (then the environment
   * stays, provisioningState `Failed`, and its domain stays taken).
   */
  | { kind: "failLifecycle"; leaveOrphan?: boolean };

/** A fault rule: a match plus an action. */
export type FaultRule = FaultMatch & FaultAction;

/** A rule as listed by {@link FaultSet.list}; a RegExp path is shown as `pathRegex` (its source). */
export type ActiveFault = Omit<FaultRule, "path"> & {
  path?: string;
  pathRegex?: string;
  id: number;
  remaining: number | "always";
  skipRemaining: number;
  fired: number;
};

const KINDS = ["status", "reset", "delay", "dropResponse", "unauthorized", "caeChallenge", "failLifecycle"];

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`, "i");
}

/** Checks a rule (e.g. one posted as JSON) and returns an error message, or null when it is valid. */
export function validateFaultRule(rule: unknown): string | null {
  if (typeof rule !== "object" || rule === null || Array.isArray(rule)) return "a fault rule must be a JSON object";
  const r = rule as Record<string, unknown>;
  if (typeof r.kind !== "string" || !KINDS.includes(r.kind)) {
    return `fault 'kind' must be one of ${KINDS.join(", ")}; got ${JSON.stringify(r.kind)}`;
  }
  if (r.path !== undefined && typeof r.path !== "string" && !(r.path instanceof RegExp)) {
    return "fault 'path' must be a string pattern (use 'pathRegex' for a regular expression)";
  }
  if (r.method !== undefined && typeof r.method !== "string") return "fault 'method' must be a string";
  if (r.times !== undefined && r.times !== "always" && !(Number.isInteger(r.times) && (r.times as number) > 0)) {
    return `fault 'times' must be a positive integer or "always"; got ${JSON.stringify(r.times)}`;
  }
  if (r.skip !== undefined && !(Number.isInteger(r.skip) && (r.skip as number) >= 0)) {
    return `fault 'skip' must be a non-negative integer; got ${JSON.stringify(r.skip)}`;
  }
  if (
    r.kind === "status" &&
    !(Number.isInteger(r.status) && (r.status as number) >= 100 && (r.status as number) <= 599)
  ) {
    return `fault of kind 'status' needs 'status' between 100 and 599; got ${JSON.stringify(r.status)}`;
  }
  if (r.kind === "delay" && !(typeof r.ms === "number" && r.ms >= 0)) {
    return `fault of kind 'delay' needs 'ms' >= 0; got ${JSON.stringify(r.ms)}`;
  }
  return null;
}

/** The live fault rules of one emulator. */
export class FaultSet {
  #rules: Array<{
    rule: FaultRule;
    id: number;
    pattern: RegExp | null;
    remaining: number;
    skip: number;
    fired: number;
  }> = [];
  #nextId = 1;

  /** Adds a rule; returns its id (for {@link FaultSet.remove}). Throws on an invalid rule. */
  add(rule: FaultRule): number {
    const problem = validateFaultRule(rule);
    if (problem) throw new Error(problem);
    const pattern =
      rule.path === undefined ? null : typeof rule.path === "string" ? globToRegExp(rule.path) : rule.path;
    const id = this.#nextId++;
    this.#rules.push({
      rule,
      id,
      pattern,
      remaining: rule.times === "always" ? Number.POSITIVE_INFINITY : (rule.times ?? 1),
      skip: rule.skip ?? 0,
      fired: 0,
    });
    return id;
  }

  /** Removes one rule; returns whether it existed. */
  remove(id: number): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.id !== id);
    return this.#rules.length !== before;
  }

  /** Removes every rule. */
  clear(): void {
    this.#rules = [];
  }

  /** The rules still live, with how often each will still fire. */
  list(): ActiveFault[] {
    return this.#rules.map((r) => {
      const { path, ...rest } = r.rule;
      const shown = path instanceof RegExp ? { pathRegex: path.source } : path === undefined ? {} : { path };
      return {
        ...rest,
        ...shown,
        id: r.id,
        remaining: r.remaining === Number.POSITIVE_INFINITY ? "always" : r.remaining,
        skipRemaining: r.skip,
        fired: r.fired,
      };
    }) as ActiveFault[];
  }

  /** Finds the rule that fires on this request (consuming one use), or null. */
  take(method: string, pathWithQuery: string, family: Family): FaultRule | null {
    const pathOnly = pathWithQuery.split("?")[0] ?? "";
    for (const entry of this.#rules) {
      const { rule, pattern } = entry;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method) continue;
      if (rule.family !== undefined && rule.family !== family) continue;
      if (pattern) {
        const subject = rule.path instanceof RegExp ? pathWithQuery : pathOnly;
        pattern.lastIndex = 0;
        if (!pattern.test(subject)) continue;
      }
      if (entry.skip > 0) {
        entry.skip -= 1;
        continue;
      }
      entry.remaining -= 1;
      entry.fired += 1;
      if (entry.remaining <= 0) this.#rules = this.#rules.filter((r) => r !== entry);
      return rule;
    }
    return null;
  }
}
