import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";

/**
 * Compares `actual` with the golden file `test/cli/golden/<name>`. With `UPDATE_GOLDEN=1` the file is (re)written
 * instead; a missing golden file fails the test, so a new golden output is always a reviewed, committed change.
 */
export function expectGolden(name: string, actual: string): void {
  const file = path.join(import.meta.dirname, "golden", name);
  if (process.env.UPDATE_GOLDEN === "1") {
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file ${name} is missing; run with UPDATE_GOLDEN=1 to create it`);
  expect(actual).toBe(readFileSync(file, "utf8"));
}
