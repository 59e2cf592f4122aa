/**
 * examples/consumer/README.md lists the project's files in full; each listing is the file as committed, so the README
 * a user copies from is the project the install test runs.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const DIR = path.resolve(import.meta.dirname, "../../examples/consumer");
const readme = readFileSync(path.join(DIR, "README.md"), "utf8");

/** The fenced block under each "### `file`" heading. */
const listings = new Map(
  [...readme.matchAll(/^### `([^`]+)`\n\n```[a-z]*\n([\s\S]*?)```$/gm)].map((m) => [m[1] as string, m[2] as string]),
);

describe("examples/consumer/README.md", () => {
  it("lists the four files of the project", () => {
    expect([...listings.keys()]).toEqual(["package.json", "tsconfig.json", "Pulumi.yaml", "index.ts"]);
  });

  for (const file of ["package.json", "tsconfig.json", "Pulumi.yaml", "index.ts"]) {
    it(`shows ${file} exactly as committed`, () => {
      expect(listings.get(file)).toBe(readFileSync(path.join(DIR, file), "utf8"));
    });
  }
});
