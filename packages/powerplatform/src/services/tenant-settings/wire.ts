/** Tenant settings wire type (reference §10): a JSON document with nested objects of booleans, numbers and strings. */
export type WireTenantSettings = Record<string, unknown>;
