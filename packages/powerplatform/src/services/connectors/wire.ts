/** Connector catalogue wire types (reference §6). */

/** An entry of `GET …/providers/Microsoft.PowerApps/apis`. */
export interface WireApi {
  name?: string;
  id?: string;
  type?: string;
  properties?: { displayName?: string; description?: string; tier?: string; publisher?: string };
}

/** An entry of `…/v1/connectors/metadata/unblockable` or `/virtual`. */
export interface WireConnectorMetadata {
  id?: string;
  metadata?: {
    unblockable?: boolean;
    virtualConnector?: boolean;
    name?: string;
    type?: string;
    displayName?: string;
    iconUri?: string;
  };
}
