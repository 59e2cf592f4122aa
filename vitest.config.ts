import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Workspace packages export their TypeScript sources under the "@govai/source" condition and dist/ otherwise
  // (what an installed package runs): tests run the sources, so no build step comes before them. The rest is
  // vitest's own default, which leaves out `module` (bundler builds, not always native ESM).
  ssr: { resolve: { conditions: ["@govai/source", ...defaultServerConditions.filter((c) => c !== "module")] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    setupFiles: ["test/support/network-guard.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
