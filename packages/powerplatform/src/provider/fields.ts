/**
 * The zod building blocks the resource descriptions share (`services/<resource>/inputs.ts`): GUIDs, the cloud, the
 * environment id. Loaded with the descriptions, never at plugin start.
 */
import { z } from "zod";
import { CLOUDS } from "../client/clouds.ts";

/** A GUID, any case. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A GUID-valued string. */
export const guid = (what: string) =>
  z.string().regex(GUID, `${what} must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`);

/** A GUID, or `""`/the zero GUID for "none". */
export const optionalGuid = (what: string) =>
  z
    .string()
    .refine((s) => s === "" || GUID.test(s), `${what} must be a GUID, or empty for none`)
    .optional();

/** A string that is not blank. */
export const nonEmpty = (what: string) => z.string().trim().min(1, `${what} must not be empty`);

/** The `cloud` input every resource takes. */
export const cloud = z
  .enum(CLOUDS)
  .meta({
    id: "Cloud",
    description:
      "The cloud whose admin APIs manage this resource. Default: the plugin's GOVAI_POWERPLATFORM_CLOUD, else public. Changing it replaces the resource.",
  })
  .optional();

/** The environment a resource lives in; replacing it replaces the resource. */
export const environmentId = () =>
  guid("environmentId").meta({
    description: "Environment id (a GUID). Changing it replaces the resource.",
    replaceOnChanges: true,
  });
