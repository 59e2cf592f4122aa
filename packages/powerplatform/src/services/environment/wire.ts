/**
 * BAPI environment wire types: the exact JSON field names of `…/environments` (reference §3).
 * Only the fields the client reads or writes are typed; everything is optional on read because the service
 * omits what is unset.
 */

/** `{ "id": … }` reference objects (billing policy, group, cadence, states). */
export interface WireRef {
  id?: string;
}

/** `properties.linkedEnvironmentMetadata` as read. */
export interface WireLinkedEnvironmentMetadata {
  resourceId?: string;
  uniqueName?: string;
  domainName?: string;
  version?: string;
  instanceUrl?: string;
  instanceApiUrl?: string;
  baseLanguage?: number;
  securityGroupId?: string;
  backgroundOperationsState?: string;
  instanceState?: string;
  /** Read DTO spelling of the template list. */
  template?: string[];
  templates?: string[];
}

/** `properties.governanceConfiguration`. */
export interface WireGovernanceConfiguration {
  protectionLevel?: string;
  /** `null` when the environment is in a group (the group's rules own the settings). */
  settings?: { extendedSettings?: Record<string, string> } | null;
}

/** `properties.copilotPolicies`. */
export interface WireCopilotPolicies {
  crossGeoCopilotDataMovementEnabled?: boolean;
  crossBoundaryCopilotDataMovementEnabled?: boolean;
}

/** An environment as `GET …/scopes/admin/environments/{id}` returns it. */
export interface WireEnvironment {
  id?: string;
  name?: string;
  type?: string;
  location?: string;
  properties?: {
    tenantId?: string;
    displayName?: string;
    description?: string;
    environmentSku?: string;
    azureRegion?: string;
    provisioningState?: string;
    databaseType?: string;
    createdTime?: string;
    /** Who created the environment (`type`: `User`, `ServicePrincipal`, …). */
    createdBy?: { id?: string; type?: string; displayName?: string; tenantId?: string };
    updateCadence?: WireRef;
    billingPolicy?: WireRef;
    parentEnvironmentGroup?: WireRef;
    cluster?: { category?: string };
    usedBy?: { id?: string; type?: string; tenantId?: string };
    bingChatEnabled?: boolean;
    m365Enabled?: boolean;
    copilotPolicies?: WireCopilotPolicies;
    states?: { management?: WireRef; runtime?: WireRef; disasterRecovery?: WireRef };
    governanceConfiguration?: WireGovernanceConfiguration;
    linkedEnvironmentMetadata?: WireLinkedEnvironmentMetadata;
    runtimeEndpoints?: Record<string, string>;
  };
}

/** `{ "value": [...], "nextLink"?: … }` list envelope. */
export interface WireList<T> {
  value?: T[];
  nextLink?: string;
  "@odata.nextLink"?: string;
}

/** Body of `POST …/environments?api-version=2023-06-01`. Optional blocks are left out, never zero-filled. */
export interface WireEnvironmentCreate {
  location: string;
  properties: {
    displayName: string;
    description?: string;
    environmentSku: string;
    azureRegion?: string;
    updateCadence?: WireRef;
    billingPolicy?: WireRef;
    /** Never the zero GUID on create: the service would record a group (see environments.convert.ts). */
    parentEnvironmentGroup?: WireRef;
    cluster?: { category: string };
    bingChatEnabled?: boolean;
    m365Enabled?: boolean;
    copilotPolicies?: WireCopilotPolicies;
    databaseType?: "CommonDataService";
    linkedEnvironmentMetadata?: {
      baseLanguage: number;
      domainName: string;
      currency: { code: string };
      securityGroupId?: string;
      templates?: string[];
      templateMetadata?: unknown;
    };
  };
}

/** Body of the environment PATCH (api-version 2021-04-01). */
export interface WireEnvironmentPatch {
  properties: {
    displayName?: string;
    description?: string;
    updateCadence?: WireRef;
    /** The zero GUID removes the environment from its group (PATCH only). */
    parentEnvironmentGroup?: WireRef;
    billingPolicy?: WireRef;
    linkedEnvironmentMetadata?: { domainName?: string; securityGroupId?: string; backgroundOperationsState?: string };
    states?: { runtime?: WireRef };
    bingChatEnabled?: boolean;
    m365Enabled?: boolean;
    copilotPolicies?: WireCopilotPolicies;
  };
}

/** A lifecycle operation body (reference §2.4). */
export interface WireLifecycleOperation {
  id?: string;
  links?: { self?: { path?: string }; environment?: { path?: string } };
  type?: WireRef;
  state?: WireRef;
  createdDateTime?: string;
  lastActionDateTime?: string;
  stages?: Array<{ id?: string; name?: string; state?: WireRef }>;
  error?: { code?: string; message?: string };
}
