/**
 * The connector catalogue (§6): the PowerApps RP `apis` list, and the DLP v1 unblockable and virtual connector
 * metadata (Copilot Studio and HTTP virtual connectors have bare ids).
 */
import { ok, type RouteResult } from "../responses.ts";
import type { RequestContext, Router } from "../router.ts";

const APIS = "/providers/Microsoft.PowerApps/apis";

function catalogue(ctx: RequestContext): RouteResult {
  return ok({
    value: ctx.core.state.connectors.catalogue.map((c) => ({
      name: c.name,
      id: `${APIS}/${c.name}`,
      type: "Microsoft.PowerApps/apis",
      properties: { displayName: c.displayName, description: c.description, tier: c.tier, publisher: c.publisher },
    })),
  });
}

function unblockable(ctx: RequestContext): RouteResult {
  return ok(ctx.core.state.connectors.unblockable.map((id) => ({ id, metadata: { unblockable: true } })));
}

function virtual(ctx: RequestContext): RouteResult {
  return ok(
    ctx.core.state.connectors.virtual.map((v) => ({
      id: v.id,
      metadata: {
        virtualConnector: true,
        name: v.displayName,
        type: "Microsoft.PowerApps/apis",
        displayName: v.displayName,
        iconUri: `https://connectoricons-prod.azureedge.net/virtual/${v.id}/icon.png`,
      },
    })),
  );
}

/** Registers the connector routes. */
export function connectorRoutes(router: Router): void {
  router.add("GET", "powerApps", APIS, "connectors.list", catalogue, { apiVersion: true });
  router.add(
    "GET",
    "bapi",
    "/providers/PowerPlatform.Governance/v1/connectors/metadata/unblockable",
    "connectors.unblockable",
    unblockable,
  );
  router.add(
    "GET",
    "bapi",
    "/providers/PowerPlatform.Governance/v1/connectors/metadata/virtual",
    "connectors.virtual",
    virtual,
  );
}
