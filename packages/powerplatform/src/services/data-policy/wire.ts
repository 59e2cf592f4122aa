/** DLP v2 wire types: `…/providers/PowerPlatform.Governance/v2/policies` (reference §5). */

/** Wire classification of a connector group. */
export type WireClassification = "Confidential" | "General" | "Blocked";
/** Wire classification of a custom-connector URL rule. */
export type WireUrlClassification = WireClassification | "Ignore";

/** A connector reference inside a group. */
export interface WireDlpConnector {
  id: string;
  name: string;
  type: string;
}

/** An environment reference inside a policy. */
export interface WireDlpEnvironment {
  name: string;
  id: string;
  type: string;
}

/** An endpoint rule. Sent as `endpoint`; the service answers `endPoint`. */
export interface WireEndpointRule {
  order: number;
  behavior: "Allow" | "Deny" | string;
  endpoint?: string;
  endPoint?: string;
}

/** The policy document. */
export interface WireDlpPolicy {
  policyDefinition: {
    name?: string;
    displayName: string;
    defaultConnectorsClassification: WireClassification | string;
    environmentType: "AllEnvironments" | "OnlyEnvironments" | "ExceptEnvironments" | string;
    environments: WireDlpEnvironment[];
    connectorGroups: Array<{ classification: WireClassification | string; connectors: WireDlpConnector[] }>;
    etag?: string;
    createdBy?: { displayName?: string };
    createdTime?: string;
    lastModifiedBy?: { displayName?: string };
    lastModifiedTime?: string;
    isLegacySchemaVersion?: boolean;
  };
  connectorConfigurationsDefinition?: {
    connectorActionConfigurations?: Array<{
      connectorId: string;
      defaultConnectorActionRuleBehavior: "Allow" | "Block" | string;
      actionRules: Array<{ actionId: string; behavior: "Allow" | "Block" | string }>;
    }>;
    endpointConfigurations?: Array<{ connectorId: string; endpointRules: WireEndpointRule[] }>;
  };
  customConnectorUrlPatternsDefinition?: {
    rules: Array<{ order: number; customConnectorRuleClassification: WireUrlClassification | string; pattern: string }>;
  };
}
