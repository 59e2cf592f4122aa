/** The README's check catalogue is generated from CHECKS; this test keeps the two from drifting apart. */
import { readFileSync } from "node:fs";
import { STAGES } from "@govai/spec";
import { expect, it } from "vitest";
import { BASELINE_CHECKS, CHECKS, DIMENSION_TITLES } from "../src/index.ts";

export function catalogueMarkdown(): string {
  const rows = CHECKS.map(({ meta: m }) => {
    const levels = STAGES.map((s) => m.enforcement[s]).join(" / ");
    const cells = [
      `\`${m.id}\``,
      DIMENSION_TITLES[m.dimension],
      m.severity,
      levels,
      m.basis,
      m.passWhen,
      m.remediation,
    ];
    return `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  });
  return [
    "| id | dimension | severity | dev / test / prod | reads | passes when | remediation |",
    "|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

/** Table rows as trimmed cells; separator cells become `---` (the formatter pads tables). */
function tableRows(markdown: string): string[][] {
  return markdown
    .split("\n")
    .filter((l) => l.startsWith("|"))
    .map((l) =>
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim())
        .map((c) => (/^-+$/.test(c) ? "---" : c)),
    );
}

it("README lists every check exactly as the catalogue defines it", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## Check catalogue"), readme.indexOf("### Thresholds"));
  expect(tableRows(section)).toEqual(tableRows(catalogueMarkdown()));
});

it("README lists every tenant baseline check exactly as BASELINE_CHECKS defines it", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## Tenant baseline checks"), readme.indexOf("What each check reads"));
  const rows = BASELINE_CHECKS.map(
    ({ meta: m }) =>
      `| ${[`\`${m.id}\``, m.severity, m.passWhen, m.remediation].map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`,
  );
  const expected = ["| id | severity | passes when | remediation |", "|---|---|---|---|", ...rows].join("\n");
  expect(tableRows(section)).toEqual(tableRows(expected));
});
