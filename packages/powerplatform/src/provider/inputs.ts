/**
 * The resource types this provider serves and the vocabulary their inputs share (connector keys and groups). No zod:
 * the plugin loads this before it prints its port.
 */
import { CONNECTOR_GROUPS, type ConnectorGroup, connectorKey, POWER_PLATFORM_RESOURCE_TYPES } from "@govai/spec/model";

/** The name part of a connector id, lower-cased: the spec's one definition. */
export { connectorKey };

/**
 * The connector groups of a DataPolicy: `CONNECTOR_GROUPS` of the spec's model. Imported from `@govai/spec/model`,
 * the model file alone (no zod, no yaml), so the plugin still prints its port before loading the spec.
 */
export const DATA_POLICY_GROUPS: readonly ConnectorGroup[] = CONNECTOR_GROUPS;

/**
 * Every resource type this provider serves, by the last part of its token (`govai:powerplatform:<Name>`): the spec's
 * one list, so the components, the policy pack and the CLI name the same types.
 */
export const RESOURCE_TYPES = POWER_PLATFORM_RESOURCE_TYPES;

/** A resource type name (the last part of the token). */
export type ResourceTypeName = (typeof RESOURCE_TYPES)[number];

/** One check failure, as Pulumi wants it. */
export interface Failure {
  property: string;
  reason: string;
}

export { normaliseGroupId, sortedUnique, ZERO_GUID } from "./normalise-kit.ts";
