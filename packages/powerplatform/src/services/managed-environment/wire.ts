/** Managed-environment wire types: `POST …/environments/{id}/governanceConfiguration` (reference §4). */

/** Every value is a JSON string, booleans and numbers included. */
export type WireExtendedSettings = Record<string, string>;

/** Body of `governanceConfiguration`. `Basic` disables the managed environment. */
export interface WireGovernanceConfigurationBody {
  protectionLevel: "Standard" | "Basic";
  settings?: { extendedSettings: WireExtendedSettings };
}
