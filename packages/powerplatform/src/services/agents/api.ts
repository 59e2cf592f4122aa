/**
 * Copilot Studio agents of an environment, read from its Dataverse `bots` table (read only: govai inventories
 * agents, it never creates or changes one). Dataverse pages a large table: each answer carries an
 * `@odata.nextLink` until the last page, and every page is followed.
 */
import type { ClientCore } from "../../client/core.ts";
import { dataverseSend, dataverseTarget } from "../../client/dataverse.ts";
import { UnexpectedResponseError } from "../../client/errors.ts";
import type { CallContext } from "../../client/http.ts";
import { type Agent, BOT_COLUMNS, fromWireBot } from "./convert.ts";
import type { WireBotPage } from "./wire.ts";

/**
 * Every agent of the environment, sorted by schema name (then id). Fails with `EnvironmentNotFoundError` for an
 * unknown environment and `DataverseUnavailableError` for one without a working Dataverse, before any Dataverse
 * request. A next link that leaves the organisation, or repeats one already followed, is refused
 * (`UnexpectedResponseError`): the token is never sent elsewhere and a looping service cannot hold the call forever.
 */
export async function listAgents(core: ClientCore, ctx: CallContext, environmentId: string): Promise<Agent[]> {
  const target = await dataverseTarget(core, ctx, environmentId);
  const agents: Agent[] = [];
  const followed = new Set<string>();
  let path = `api/data/v9.2/bots?$select=${BOT_COLUMNS.join(",")}`;
  for (;;) {
    const r = await dataverseSend(core, ctx, target, { method: "GET", path, accept: [200] });
    const page = (r.body ?? {}) as WireBotPage;
    if (!Array.isArray(page.value)) {
      throw new UnexpectedResponseError(`${ctx.operation}: the bots query returned no value list`, r.body, r.request);
    }
    for (const row of page.value) {
      const agent = fromWireBot(row);
      if (agent) agents.push(agent);
    }
    const next = page["@odata.nextLink"];
    if (typeof next !== "string" || next === "") break;
    if (!next.startsWith(target.orgUrl) || followed.has(next)) {
      throw new UnexpectedResponseError(
        `${ctx.operation}: the bots query's next link ${followed.has(next) ? "repeats an earlier page" : `leaves the organisation ${target.orgUrl}`}: ${next}`,
        r.body,
        r.request,
      );
    }
    followed.add(next);
    path = next;
  }
  return agents.sort((a, b) => a.schemaName.localeCompare(b.schemaName) || a.id.localeCompare(b.id));
}
