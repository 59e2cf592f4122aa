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
 * The cell of a managed-environment row for a stage whose environment joins an environment group: the stage registers
 * no ManagedEnvironment, so its values apply nowhere and the row names the group instead: `group 3f2a9c1e…` where the
 * group's rules set the value, `not limited (group 3f2a9c1e…)` where a group has no rule for it (agent sharing, which
 * a group cannot limit yet, and solution-flow sharing, which a rule set does not hold). Undefined for a stage in no
 * group.
 */
export function groupCell(stage: StageModel, groupRuled: boolean): string | undefined {
  const id = stage.environment.environmentGroupId;
  if (id === undefined) return undefined;
  const group = `group ${id.slice(0, 8)}…`;
  return groupRuled ? group : `not limited (${group})`;
}

const MANAGED = "managedEnvironment";
const isManaged = (path: string) => path === MANAGED || path.startsWith(`${MANAGED}.`);
/** Managed-environment values no group rule sets: agent sharing (not writable yet) and solution-flow sharing. */
const NO_GROUP_RULE = /^managedEnvironment\.sharing\.(agents|flows)(\.|$)/;
/** How a row of these controls reads for a grouped stage: the stage's value, the group, or nothing limiting it. */
const grouping = (managed: boolean, ids: readonly string[]): "stage" | "group" | "none" =>
  !managed ? "stage" : ids.some((id) => NO_GROUP_RULE.test(id)) ? "none" : "group";

/**
 * The governance matrix: every governed setting with the stages side by side, in the layout of the controls
 * catalogue (`MATRIX` of `@govai/spec`). A stage control no layout row names gets a row of its own at the end of the
 * section of its model path (or of a last section, `OTHER_SECTION`), so a control added to the catalogue shows here
 * without an edit. `controls` replaces the catalogue (tests add a control to a copy). The rows of the managed
 environment (its section, and any managed-environment control) show the group for a stage in one ({@link groupCell}).
 */
export function governanceMatrix(
  model: WorkloadModel,
  only?: StageName,
  controls: readonly Control[] = CONTROLS,
): MatrixSection[] {
  const stages = STAGES.filter((s) => (only ? s === only : true))
    .map((s) => model.stages[s])
    .filter((s): s is StageModel => s !== undefined);
  const row = (label: string, cell: (s: StageModel) => string, grouped: "stage" | "group" | "none" = "stage") => ({
    label,
    values: Object.fromEntries(
      stages.map((s) => [s.name, (grouped === "stage" ? undefined : groupCell(s, grouped === "group")) ?? cell(s)]),
    ),
  });
  const byId = new Map(controls.map((c) => [c.id, c]));
  const own = (c: Control) =>
    row(
      c.matrix === false ? c.label : (c.matrix.label ?? c.label),
      (s) => controlCell(c, model, s),
      grouping(isManaged(c.id), [c.id]),
    );
  // A control named by a layout row is placed; every other stage control the matrix shows gets its own row.
  const placed = new Set(
    MATRIX.flatMap((section) => section.rows.flatMap((r) => (typeof r === "string" ? [r] : r.controls))),
  );
  const unplaced = controls.filter((c) => c.matrix !== false && !placed.has(c.id));
  const sectionOf = (c: Control) =>
    MATRIX.find((section) => section.paths.some((p) => c.id === p || c.id.startsWith(`${p}.`)))?.title ?? OTHER_SECTION;
  const layoutRow = (r: MatrixRow | string, managed: boolean) => {
    if (typeof r !== "string") return [row(r.label, r.cell, grouping(managed, r.controls))];
    const c = byId.get(r);
    return c && c.matrix !== false ? [own(c)] : [];
  };
  const sections: MatrixSection[] = MATRIX.map((section) => ({
    title: section.title,
    rows: [
      ...section.rows.flatMap((r) => layoutRow(r, section.paths.some(isManaged))),
      ...unplaced.filter((c) => sectionOf(c) === section.title).map(own),
    ],
  }));
  const other = unplaced.filter((c) => sectionOf(c) === OTHER_SECTION).map(own);
  return other.length > 0 ? [...sections, { title: OTHER_SECTION, rows: other }] : sections;
}
