/** Environment group converters. */

import type { EnvironmentGroup } from "../../client/types.ts";
import { splitCreateMarker } from "../environment/ownership.ts";
import type { WireEnvironmentGroup } from "./wire.ts";

/** Builds the create/update body. */
export function toWireEnvironmentGroup(input: { displayName: string; description?: string }): WireEnvironmentGroup {
  if (!input.displayName?.trim()) throw new TypeError("displayName of an environment group must not be empty");
  return { displayName: input.displayName, description: input.description ?? "" };
}

/** Reads a group; the create marker at the end of its description (see `createEnvironmentGroup`) is not shown. */
export function fromWireEnvironmentGroup(w: WireEnvironmentGroup): EnvironmentGroup {
  return {
    id: w.id ?? "",
    displayName: w.displayName ?? "",
    description: splitCreateMarker(w.description).text,
    createdTime: w.createdTime,
  };
}
