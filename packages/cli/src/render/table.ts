/** Splits a cell into lines of at most `width` characters, breaking after ", " or at spaces where it can. */
export function wrapCell(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let rest = paragraph;
    while (rest.length > width) {
      const window = rest.slice(0, width + 1);
      const comma = window.lastIndexOf(", ");
      const space = window.lastIndexOf(" ");
      const cut = comma > width / 3 ? comma + 1 : space > width / 3 ? space : width;
      lines.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).trimStart();
    }
    lines.push(rest);
  }
  return lines;
}

/**
 * A plain-text table: the first row is the header; columns are padded to their widest line, and cells longer than
 * `maxCellWidth` wrap onto continuation lines so wide matrices stay readable in a terminal.
 */
export function renderTable(rows: string[][], maxCellWidth = 48): string {
  const wrapped = rows.map((row) => row.map((cell) => wrapCell(cell, maxCellWidth)));
  const widths: number[] = [];
  for (const row of wrapped) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, ...cell.map((l) => l.length));
    });
  }
  const render = (row: string[][]) => {
    const height = Math.max(...row.map((c) => c.length));
    const out: string[] = [];
    for (let line = 0; line < height; line++) {
      out.push(
        row
          .map((cell, i) => (i === row.length - 1 ? (cell[line] ?? "") : (cell[line] ?? "").padEnd(widths[i] ?? 0)))
          .join("  ")
          .trimEnd(),
      );
    }
    return out.join("\n");
  };
  const [header, ...body] = wrapped;
  if (!header) return "";
  return [render(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(render)].join("\n");
}

/**
 * A GitHub-flavoured markdown table of cells that already are markdown: user text must come through `mdText` or
 * `mdCode` (`render/safe-text.ts`), which escape pipes, so a cell cannot split the table. A line break left in a
 * cell becomes `<br>` rather than ending the table.
 */
export function renderMarkdownTable(rows: string[][]): string {
  const esc = (s: string) => s.replace(/\r?\n/g, "<br>");
  const [header, ...body] = rows;
  if (!header) return "";
  return [
    `| ${header.map(esc).join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...body.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}
