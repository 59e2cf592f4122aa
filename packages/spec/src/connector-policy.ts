/**
 * What an ordered list of DLP endpoint rules or custom-connector patterns lets through. The gate's checks judge a
 * policy by these, and the controls catalogue orders two policies by them, so both read the service's first-match
 * semantics from one place.
 */
import type { CustomConnectorPattern, EndpointRule } from "./model.ts";

/**
 * True for an endpoint or URL pattern that matches every host: `*`, `https://*`, `*.com`, `https://*` with a path. A
 * wildcard under a named domain (`https://*.contoso.com`) is not one. The host is what follows an optional scheme,
 * up to a `/`, `?`, `#`, `:`, `,` or white space; it matches every host when what follows its last `*` names fewer
 * than two labels.
 */
export function isWildcardHost(pattern: string): boolean {
  const p = pattern.trim().toLowerCase();
  if (p === "*") return true;
  const host = /^(?:[a-z*][a-z0-9+.*-]*:\/\/)?([^/?#:,\s]*)/.exec(p)?.[1] ?? "";
  const star = host.lastIndexOf("*");
  if (star < 0) return false;
  return (
    host
      .slice(star + 1)
      .split(".")
      .filter(Boolean).length < 2
  );
}

/**
 * The allow rule of an ordered endpoint-rule list that lets every host through: the first allow rule with a wildcard
 * host ({@link isWildcardHost}) that no earlier deny rule shadows (a deny `*`, or a deny of the same pattern). Rules
 * are evaluated in order, first match wins, so `deny https://*, allow https://*` filters and the reverse does not.
 */
export function leakingAllowRule(rules: readonly EndpointRule[]): EndpointRule | undefined {
  const denied = new Set<string>();
  for (const r of rules) {
    const e = r.endpoint.trim().toLowerCase();
    if (r.behavior === "deny") {
      if (e === "*") return undefined;
      denied.add(e);
    } else if (isWildcardHost(e) && !denied.has(e)) return r;
  }
  return undefined;
}

/** True when an ordered rule list ends with `deny *` (everything not allowed earlier is refused). */
export function endsWithDenyAll(rules: readonly EndpointRule[] | undefined): boolean {
  const last = rules?.at(-1);
  return last !== undefined && last.behavior === "deny" && last.endpoint.trim() === "*";
}

/**
 * The classification custom connectors get from an ordered pattern list when no narrower pattern matches them: the
 * first wildcard-host pattern decides (`*`, `https://*`); without one the service appends `{ ignore, "*" }`, which
 * leaves them to the policy's default group.
 */
export function customConnectorFallback(patterns: readonly CustomConnectorPattern[]): {
  classification: CustomConnectorPattern["classification"];
  pattern: string | undefined;
} {
  const first = [...patterns].sort((a, b) => a.order - b.order).find((p) => isWildcardHost(p.pattern));
  return first
    ? { classification: first.classification, pattern: first.pattern }
    : { classification: "ignore", pattern: undefined };
}
