/** Connector catalogue REST calls (reference §6): the PowerApps RP list and the BAPI unblockable/virtual metadata. */

import { type ClientCore, withQuery } from "../../client/core.ts";
import type { CallContext } from "../../client/http.ts";
import type { Connector } from "../../client/types.ts";
import { mergeConnectors } from "./convert.ts";
import type { WireApi, WireConnectorMetadata } from "./wire.ts";

/** The DLP-enforceable connector catalogue, the unblockable ids and the virtual connectors, merged. */
export async function listConnectors(core: ClientCore, ctx: CallContext): Promise<Connector[]> {
  const catalogue = withQuery(`${core.endpoints.powerApps}/providers/Microsoft.PowerApps/apis`, {
    "api-version": "2019-05-01",
    showApisWithToS: "true",
    hideDlpExemptApis: "true",
    showAllDlpEnforceableApis: "true",
    $filter: "environment eq '~Default'",
  });
  const metadata = (kind: string) =>
    `${core.endpoints.bapi}/providers/PowerPlatform.Governance/v1/connectors/metadata/${kind}`;
  const [apis, unblockable, virtual] = await Promise.all([
    core.http.send(ctx, { method: "GET", url: catalogue, scope: core.bapiScope, accept: [200] }),
    core.http.send(ctx, { method: "GET", url: metadata("unblockable"), scope: core.bapiScope, accept: [200] }),
    core.http.send(ctx, { method: "GET", url: metadata("virtual"), scope: core.bapiScope, accept: [200] }),
  ]);
  const list = <T>(body: unknown): T[] =>
    (Array.isArray(body) ? body : ((body as { value?: T[] } | undefined)?.value ?? [])) as T[];
  return mergeConnectors(
    list<WireApi>(apis.body),
    list<WireConnectorMetadata>(unblockable.body),
    list<WireConnectorMetadata>(virtual.body),
  );
}
