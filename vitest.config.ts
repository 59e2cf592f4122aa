import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    setupFiles: ["test/support/network-guard.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
