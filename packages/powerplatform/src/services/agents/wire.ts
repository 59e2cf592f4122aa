/**
 * Wire shape of the Dataverse `bots` table, where Copilot Studio keeps its agents (one row per agent). Column names
 * are the table's logical names: https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/bot
 * (EntitySetName `bots`, PrimaryIdAttribute `botid`, PrimaryNameAttribute `name`, OwnershipType UserOwned, so the
 * owner and creator lookups read as `_ownerid_value` and `_createdby_value`). The Terraform provider reads the same
 * entity set by `botid` and `name` (internal/services/copilot_studio_application_insights/
 * resource_copilot_studio_application_insights_test.go, `entity_collection = "bots"`).
 */

/** One `bots` row, as far as govai selects it. Every column may be missing from a row Dataverse returns. */
export interface WireBot {
  botid?: string;
  name?: string | null;
  schemaname?: string | null;
  /** ISO 8601 UTC, e.g. `2026-03-01T09:00:00Z`. */
  createdon?: string | null;
  modifiedon?: string | null;
  /** Null until the agent is first published. */
  publishedon?: string | null;
  /** The owning user or team (a GUID). */
  _ownerid_value?: string | null;
  /** The user who created the agent (a GUID). */
  _createdby_value?: string | null;
}

/** One page of `GET …/bots`: the rows, and the link to the next page while there is one. */
export interface WireBotPage {
  value?: WireBot[];
  "@odata.nextLink"?: string;
}
