/**
 * Copilot Studio agents as Dataverse serves them: the `bots` table of each environment's org, read only
 * (`GET /dataverse/<domain>/api/data/v9.x/bots`), with `$select`, `$filter` and server-driven paging.
 *
 * Paging is Dataverse's: at most `Prefer: odata.maxpagesize` rows (and never more than the behaviour knob
 * `dataverseMaxPageSize`, default 5000, the service's cap) per answer, then an `@odata.nextLink` that repeats the
 * query with a `$skiptoken` paging cookie. Rows come in `botid` order and the cookie holds the last `botid` served,
 * so a row added between pages is neither served twice nor makes another row skip.
 * Table reference: https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/bot
 */
import type { JsonObject } from "../json.ts";
import { odataError, ok, type RouteResult } from "../responses.ts";
import type { RequestContext, Router } from "../router.ts";
import { isOrg, odataList, queryRows, resolve } from "./dataverse.ts";

/** The page size the client asked for with `Prefer: odata.maxpagesize=<n>`, if any. */
function preferredPageSize(ctx: RequestContext): number | undefined {
  const raw = ctx.headers.prefer;
  const prefer = Array.isArray(raw) ? raw.join(",") : (raw ?? "");
  const m = /(?:^|[,;\s])odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer);
  const n = m?.[1] ? Number(m[1]) : undefined;
  return n !== undefined && n > 0 ? n : undefined;
}

/** The last `botid` a `$skiptoken` paging cookie says was served; undefined on the first page. */
function cookieAfter(token: string | null): string | undefined | RouteResult {
  if (token === null) return undefined;
  const m = /^<cookie pagenumber="\d+" pagingcookie="([0-9a-f-]{36})" istracking="False" \/>$/i.exec(token);
  if (!m?.[1]) return odataError(400, "0x80040203", `The paging cookie '${token}' is not valid.`);
  return m[1].toLowerCase();
}

function pageNumber(token: string | null): number {
  return Number(/pagenumber="(\d+)"/.exec(token ?? "")?.[1] ?? "1");
}

function listBots(ctx: RequestContext): RouteResult {
  const o = resolve(ctx);
  if (!isOrg(o)) return o;
  const token = ctx.query.get("$skiptoken");
  const after = cookieAfter(token);
  if (typeof after === "object") return after;
  const ordered = Object.values(o.org.bots ?? {})
    .map((b) => ({ ...b }) as unknown as JsonObject)
    .sort((a, b) => String(a.botid).localeCompare(String(b.botid)));
  const remaining = after === undefined ? ordered : ordered.filter((b) => String(b.botid).toLowerCase() > after);
  const rows = queryRows(ctx, remaining, "botid");
  if (!Array.isArray(rows)) return rows;
  const preferred = preferredPageSize(ctx);
  const size = Math.min(preferred ?? Number.POSITIVE_INFINITY, ctx.core.config.behaviour.dataverseMaxPageSize);
  const version = ctx.params.version ?? "v9.2";
  const body = odataList(o.base, version, "bots", rows.slice(0, size));
  if (rows.length > size) {
    const last = rows[size - 1]?.botid;
    const next = new URLSearchParams(ctx.query);
    next.set(
      "$skiptoken",
      `<cookie pagenumber="${pageNumber(token) + 1}" pagingcookie="${String(last)}" istracking="False" />`,
    );
    body["@odata.nextLink"] = `${o.base}api/data/${version}/bots?${next.toString()}`;
  }
  return ok(body, preferred === undefined ? undefined : { "Preference-Applied": `odata.maxpagesize=${preferred}` });
}

/** Registers the `bots` route (read only: govai never writes an agent). */
export function botRoutes(router: Router): void {
  router.add("GET", "dataverse", "/api/data/{version}/bots", "dataverse.bots.list", listBots);
}
