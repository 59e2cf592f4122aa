import {
  CONTROLS,
  type Control,
  controlCell,
  MATRIX,
  type MatrixRow,
  OTHER_SECTION,
  STAGES,
  type StageModel,
  type StageName,
  type WorkloadModel,
} from "@govai/spec";

/** One section of the governance matrix: its rows, each a label and the value per stage. */
export interface MatrixSection {
  title: string;
  rows: Array<{ label: string; values: Partial<Record<StageName, string>> }>;
}

/**
 * The governance matrix: every governed setting with the stages side by side, in the layout of the controls
 * catalogue (`MATRIX` of `@govai/spec`). A stage control no layout row names gets a row of its own at the end of the
 * section of its model path (or of a last section, `OTHER_SECTION`), so a control added to the catalogue shows here
 * without an edit. `controls` replaces the catalogue (tests add a control to a copy).
 */
export function governanceMatrix(
  model: WorkloadModel,
  only?: StageName,
  controls: readonly Control[] = CONTROLS,
): MatrixSection[] {
  const stages = STAGES.filter((s) => (only ? s === only : true))
    .map((s) => model.stages[s])
    .filter((s): s is StageModel => s !== undefined);
  const row = (label: string, cell: (s: StageModel) => string) => ({
    label,
    values: Object.fromEntries(stages.map((s) => [s.name, cell(s)])),
  });
  const byId = new Map(controls.map((c) => [c.id, c]));
  const own = (c: Control) =>
    row(c.matrix === false ? c.label : (c.matrix.label ?? c.label), (s) => controlCell(c, model, s));
  // A control named by a layout row is placed; every other stage control the matrix shows gets its own row.
  const placed = new Set(
    MATRIX.flatMap((section) => section.rows.flatMap((r) => (typeof r === "string" ? [r] : r.controls))),
  );
  const unplaced = controls.filter((c) => c.matrix !== false && !placed.has(c.id));
  const sectionOf = (c: Control) =>
    MATRIX.find((section) => section.paths.some((p) => c.id === p || c.id.startsWith(`${p}.`)))?.title ?? OTHER_SECTION;
  const layoutRow = (r: MatrixRow | string) => {
    if (typeof r !== "string") return [row(r.label, r.cell)];
    const c = byId.get(r);
    return c && c.matrix !== false ? [own(c)] : [];
  };
  const sections: MatrixSection[] = MATRIX.map((section) => ({
    title: section.title,
    rows: [...section.rows.flatMap(layoutRow), ...unplaced.filter((c) => sectionOf(c) === section.title).map(own)],
  }));
  const other = unplaced.filter((c) => sectionOf(c) === OTHER_SECTION).map(own);
  return other.length > 0 ? [...sections, { title: OTHER_SECTION, rows: other }] : sections;
}
