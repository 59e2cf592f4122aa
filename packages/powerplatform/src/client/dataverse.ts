/** Dataverse organisation settings (reference §7): auditing, IP firewall, cookie binding. Host from the environment GET. */

import { getEnvironment } from "../services/environment/api.ts";
import { fromWireOrganization, toWireOrganizationPatch } from "../services/environment-settings/convert.ts";
import type { WireOrganization } from "../services/environment-settings/wire.ts";
import { dataverseScope } from "./clouds.ts";
import type { ClientCore } from "./core.ts";
import {
  DataverseUnavailableError,
  EnvironmentNotFoundError,
  PowerPlatformApiError,
  UnexpectedResponseError,
} from "./errors.ts";
import type { CallContext, HttpRequest, HttpResponse } from "./http.ts";
import { waitWithin } from "./lro.ts";
import type { OrganizationSettings, OrganizationSettingsState } from "./types.ts";

/** OData headers every Dataverse call sends. */
export const ODATA_HEADERS: Record<string, string> = { "OData-MaxVersion": "4.0", "OData-Version": "4.0" };

/** The Dataverse organisation of an environment: its Web API base (`<instanceUrl>api/data/`) and token scope. */
export interface DataverseTarget {
  /** Organisation URL with a trailing slash, e.g. `https://contoso.crm4.dynamics.com/`. */
  orgUrl: string;
  scope: string;
  /** The environment the organisation belongs to, and its provisioning state when read (for errors). */
  environmentId?: string;
  provisioningState?: string | undefined;
}

/** What to do about an environment whose Dataverse provisioning failed. */
const ORPHAN_HINT =
  "the environment was left behind by a create (or Dataverse provisioning) that failed, and its Dataverse will not come; delete it (Power Platform admin centre, or deleteEnvironment) and create it again";

/**
 * Reads the environment and returns its Dataverse organisation, failing clearly when there is none: a missing
 * environment is an {@link EnvironmentNotFoundError}; one whose provisioning failed, or that has no Dataverse, a
 * {@link DataverseUnavailableError}, before any Dataverse request (which would only answer a bare 404).
 */
export async function dataverseTarget(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
): Promise<DataverseTarget> {
  const env = await getEnvironment(core, ctx, environmentId);
  if (!env) throw new EnvironmentNotFoundError(ctx.operation, environmentId);
  const details = { environmentId, provisioningState: env.provisioningState };
  if (env.provisioningState === "Failed") {
    throw new DataverseUnavailableError(
      `${ctx.operation}: environment ${environmentId} has no working Dataverse organisation: its provisioning failed (provisioningState Failed)`,
      { ...details, permanent: true },
      { hint: ORPHAN_HINT },
    );
  }
  if (!env.dataverse) {
    throw new DataverseUnavailableError(
      `${ctx.operation}: environment ${environmentId} has no Dataverse organisation (yet)`,
      { ...details, permanent: false },
      { hint: "create the environment with Dataverse, or wait until its creation has finished" },
    );
  }
  const orgUrl = env.dataverse.url.endsWith("/") ? env.dataverse.url : `${env.dataverse.url}/`;
  return { orgUrl, scope: dataverseScope(orgUrl), environmentId, provisioningState: env.provisioningState };
}

/** A Web API entity-set collection path (`…/api/data/v9.x/organizations?…`): it answers 404 only without an org. */
const COLLECTION = /\/api\/data\/v9\.\d\/[A-Za-z_]+(?:\?|$)/;

/**
 * Sends a Dataverse Web API request relative to the organisation URL (`path` like `api/data/v9.2/systemusers`).
 * A GET answered 403 is repeated every `polling.dataverseAccessIntervalMs` for up to `dataverseAccessMaxWaitMs`:
 * a new organisation does not know its creator yet (reference §2.5). Other methods fail on the first 403.
 */
export async function dataverseSend(
  core: ClientCore,
  ctx: CallContext,
  target: DataverseTarget,
  request: Omit<HttpRequest, "url" | "scope"> & { path: string },
): Promise<HttpResponse> {
  const { path, ...rest } = request;
  const send = () =>
    core.http.send(ctx, {
      ...rest,
      url: new URL(path, target.orgUrl).href,
      scope: target.scope,
      headers: { ...ODATA_HEADERS, ...rest.headers },
    });
  const { dataverseAccessIntervalMs, dataverseAccessMaxWaitMs } = core.polling;
  const started = core.clock.now();
  for (;;) {
    try {
      return await send();
    } catch (error) {
      // An entity-set collection answers 404 only when the organisation itself is not there: say so, not "404".
      if (error instanceof PowerPlatformApiError && error.status === 404 && COLLECTION.test(error.request.url)) {
        throw new DataverseUnavailableError(
          `${ctx.operation}: the Dataverse organisation of environment ${target.environmentId ?? "(unknown)"} at ${target.orgUrl} does not answer (404 on ${request.method} ${new URL(path, target.orgUrl).pathname}); the environment reads provisioningState ${target.provisioningState ?? "unknown"}`,
          {
            environmentId: target.environmentId ?? "",
            provisioningState: target.provisioningState,
            permanent: true,
          },
          { hint: ORPHAN_HINT, cause: error, request: error.request },
        );
      }
      const forbidden = error instanceof PowerPlatformApiError && error.status === 403 && request.method === "GET";
      if (!forbidden || core.clock.now() + dataverseAccessIntervalMs - started > dataverseAccessMaxWaitMs) throw error;
      await waitWithin(
        core,
        ctx,
        dataverseAccessIntervalMs,
        "waiting for the new Dataverse organisation to accept the caller",
      );
    }
  }
}

async function readRow(core: ClientCore, ctx: CallContext, target: DataverseTarget): Promise<WireOrganization> {
  const r = await dataverseSend(core, ctx, target, {
    method: "GET",
    path: "api/data/v9.0/organizations",
    accept: [200],
  });
  const row = (r.body as { value?: WireOrganization[] } | undefined)?.value?.[0];
  if (!row?.organizationid)
    throw new UnexpectedResponseError(`${ctx.operation}: the organizations query returned no row`, r.body, r.request);
  return row;
}

/** Reads the managed organisation settings. */
export async function getOrganizationSettings(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
): Promise<OrganizationSettingsState> {
  const target = await dataverseTarget(core, ctx, environmentId);
  return fromWireOrganization(await readRow(core, ctx, target));
}

/**
 * Writes the organisation settings present in `settings` (a partial row) and returns the settings read back.
 * `readBack` marks values read from the organisation earlier (a restore): see {@link toWireOrganizationPatch}.
 */
export async function updateOrganizationSettings(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
  settings: OrganizationSettings,
  readBack = false,
): Promise<OrganizationSettingsState> {
  // Bad input fails before any request; the row read next decides how a default retention is written.
  toWireOrganizationPatch(settings, { readBack });
  const target = await dataverseTarget(core, ctx, environmentId);
  const row = await readRow(core, ctx, target);
  const patch = toWireOrganizationPatch(settings, { readBack, current: row });
  if (Object.keys(patch).length > 0) {
    await dataverseSend(core, ctx, target, {
      method: "PATCH",
      path: `api/data/v9.0/organizations(${row.organizationid})`,
      body: patch,
      accept: [200, 204],
      idempotent: true,
      // Dataverse answers 500 when it refuses a column value; the same PATCH would be refused again.
      finalStatuses: [500],
      finalHint:
        "Dataverse refused the organisation settings; check the values (retention, firewall ranges and service tags), then run again",
    });
  }
  return fromWireOrganization(await readRow(core, ctx, target));
}

/**
 * The base currency (ISO 4217 code) of the environment's Dataverse organisation, which the BAPI body does not carry:
 * `organizations` → `_basecurrencyid_value` → `transactioncurrencies(<id>)` → `isocurrencycode`. Undefined when unset.
 */
export async function getEnvironmentCurrency(
  core: ClientCore,
  ctx: CallContext,
  environmentId: string,
): Promise<string | undefined> {
  const target = await dataverseTarget(core, ctx, environmentId);
  const org = await dataverseSend(core, ctx, target, {
    method: "GET",
    path: "api/data/v9.2/organizations?$select=organizationid,_basecurrencyid_value",
    accept: [200],
  });
  const currencyId = (org.body as { value?: Array<{ _basecurrencyid_value?: string }> } | undefined)?.value?.[0]
    ?._basecurrencyid_value;
  if (!currencyId) return undefined;
  const r = await dataverseSend(core, ctx, target, {
    method: "GET",
    path: `api/data/v9.2/transactioncurrencies(${currencyId})?$select=isocurrencycode`,
    accept: [200, 404],
  });
  if (r.status === 404) return undefined;
  return (r.body as { isocurrencycode?: string } | undefined)?.isocurrencycode?.toUpperCase();
}
