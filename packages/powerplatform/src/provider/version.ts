/** The plugin's version, read without loading the schema (which loads zod). */
import { createRequire } from "node:module";

const pkg = createRequire(import.meta.url)("../../package.json") as { version: string };

/** The plugin's version: the `@govai/powerplatform` package version. */
export const PROVIDER_VERSION: string = pkg.version;
