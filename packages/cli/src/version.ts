/** govai's version, kept equal to packages/cli/package.json's (a test checks it). */
export const VERSION = "0.1.0";
