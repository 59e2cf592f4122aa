/** `bots` rows ↔ {@link Agent}: the Dataverse lookups' `_…_value` spellings and nulls stop here. */
import type { WireBot } from "./wire.ts";

/** A Copilot Studio agent of one environment, as its Dataverse `bots` row describes it. Read only. */
export interface Agent {
  /** `botid`, lower-case: the agent's GUID (what Copilot Studio's management API calls the bot id). */
  id: string;
  /** Display name. */
  name: string;
  /** Unique schema name, e.g. `cr6a1_claimsAssistant`; a workload spec's `agent.botId` names an agent by it. */
  schemaName: string;
  /** When it was created, ISO 8601; undefined when the row does not say. */
  createdOn: string | undefined;
  /** When it was last changed, ISO 8601; undefined when the row does not say. */
  modifiedOn: string | undefined;
  /** When it was last published, ISO 8601; undefined when it never was. */
  publishedOn: string | undefined;
  /** The owning user or team (a GUID, lower-case); undefined when the row does not say. */
  ownerId: string | undefined;
  /** The user who created it (a GUID, lower-case); undefined when the row does not say. */
  createdById: string | undefined;
}

/** The `$select` of a `bots` read: exactly the columns {@link fromWireBot} uses. */
export const BOT_COLUMNS = [
  "botid",
  "name",
  "schemaname",
  "createdon",
  "modifiedon",
  "publishedon",
  "_ownerid_value",
  "_createdby_value",
] as const;

const text = (v: string | null | undefined): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** One row as an {@link Agent}; undefined for a row without a `botid` (nothing could name it). */
export function fromWireBot(row: WireBot): Agent | undefined {
  const id = text(row.botid)?.toLowerCase();
  if (id === undefined) return undefined;
  return {
    id,
    name: text(row.name) ?? "",
    schemaName: text(row.schemaname) ?? "",
    createdOn: text(row.createdon),
    modifiedOn: text(row.modifiedon),
    publishedOn: text(row.publishedon),
    ownerId: text(row._ownerid_value)?.toLowerCase(),
    createdById: text(row._createdby_value)?.toLowerCase(),
  };
}
