/**
 * Schemas of govai's JSON outputs (`--format json`). Machines may rely on these shapes; tests validate every JSON
 * output against them, and `govai schema --output <name>` prints them as JSON Schema.
 */
import { DIMENSIONS, ENFORCEMENTS, SEVERITIES } from "@govai/gate";
import { STAGES } from "@govai/spec";
import { z } from "zod";
import { RISKS } from "./governance-diff.ts";

const stage = z.enum(STAGES);
const checkStatus = z.enum(["pass", "fail", "warn", "n-a"]);
const dimension = z.enum(DIMENSIONS);

const checkResult = z
  .object({
    id: z.string(),
    dimension,
    severity: z.enum(SEVERITIES),
    enforcement: z.enum(ENFORCEMENTS),
    status: checkStatus,
    message: z.string(),
    path: z.string(),
    remediation: z.string(),
    basis: z.enum(["declaration", "evidence"]),
    evidence: z.record(z.string(), z.unknown()),
  })
  .strict();

/** `govai gate --format json` on a workload: one stage's verdict. */
export const workloadGateOutput = z
  .object({
    workload: z.string(),
    stage,
    problemRevision: z.number().int(),
    pass: z.boolean(),
    dimensions: z.record(
      dimension,
      z
        .object({
          dimension,
          status: checkStatus,
          provenBy: z.enum(["declarations", "evidence"]),
          checks: z.array(z.string()),
        })
        .strict(),
    ),
    checks: z.array(checkResult),
    failures: z.array(checkResult),
    declarationsOnly: z.array(dimension),
    evidenceLoaded: z.boolean(),
    evaluatedAt: z.string(),
  })
  .strict();

const baselineCheckResult = z
  .object({
    id: z.string(),
    severity: z.enum(SEVERITIES),
    status: z.enum(["pass", "fail", "n-a"]),
    message: z.string(),
    path: z.string(),
    remediation: z.string(),
    evidence: z.record(z.string(), z.unknown()),
  })
  .strict();

/** `govai gate --format json` on a tenant baseline: every check's finding, no stages. */
export const baselineGateOutput = z
  .object({
    kind: z.literal("TenantBaseline"),
    baseline: z.string(),
    tenantId: z.string(),
    pass: z.boolean(),
    checks: z.array(baselineCheckResult),
    failures: z.array(baselineCheckResult),
    evaluatedAt: z.string(),
  })
  .strict();

/** `govai gate --format json`: a workload stage's verdict, or a tenant baseline's. */
export const gateOutput = z.union([workloadGateOutput, baselineGateOutput]);

const plannedResource = z
  .object({
    urn: z.string(),
    type: z.string(),
    name: z.string(),
    parent: z.string().optional(),
    inputs: z.record(z.string(), z.unknown()),
    protect: z.boolean(),
  })
  .strict();

/** `govai plan --format json` of a workload: per stage its resources and gate verdict. */
export const workloadPlanOutput = z
  .object({
    workload: z
      .object({ name: z.string(), displayName: z.string(), problemRevision: z.number().int(), file: z.string() })
      .strict(),
    stages: z.array(
      z
        .object({
          stage,
          resources: z.array(plannedResource),
          notes: z.array(z.string()),
          gate: workloadGateOutput,
          refusedByGate: z.boolean(),
        })
        .strict(),
    ),
    governance: z.array(
      z
        .object({
          title: z.string(),
          rows: z.array(z.object({ label: z.string(), values: z.partialRecord(stage, z.string()) }).strict()),
        })
        .strict(),
    ),
    overrides: z.array(
      z
        .object({
          stage: stage.optional(),
          path: z.string(),
          defaultValue: z.unknown().optional(),
          value: z.unknown().optional(),
        })
        .strict(),
    ),
  })
  .strict();

/** `govai plan --format json` of a tenant baseline: one stack's resources, notes, controls and gate verdict. */
export const baselinePlanOutput = z
  .object({
    kind: z.literal("TenantBaseline"),
    baseline: z.object({ name: z.string(), displayName: z.string(), tenantId: z.string(), file: z.string() }).strict(),
    resources: z.array(plannedResource),
    notes: z.array(z.string()),
    governance: z.array(
      z
        .object({ control: z.string(), path: z.string(), label: z.string(), value: z.string(), risk: z.enum(RISKS) })
        .strict(),
    ),
    gate: baselineGateOutput,
  })
  .strict();

/** `govai plan --format json`: of a workload, or of a tenant baseline. */
export const planOutput = z.union([workloadPlanOutput, baselinePlanOutput]);

const riskCounts = z.object({ high: z.number().int(), medium: z.number().int(), low: z.number().int() }).strict();
const change = z
  .object({
    risk: z.enum(RISKS),
    stage: stage.optional(),
    path: z.string(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    summary: z.string(),
    control: z.string().optional(),
    item: z.string().optional(),
    reason: z.string().optional(),
  })
  .strict();

/** `govai diff --format json` of two workload revisions. */
export const workloadDiffOutput = z
  .object({
    old: z.object({ label: z.string(), name: z.string(), problemRevision: z.number().int() }).strict().nullable(),
    new: z.object({ label: z.string(), name: z.string(), problemRevision: z.number().int() }).strict(),
    counts: riskCounts,
    changes: z.array(change),
  })
  .strict();

const baselineSide = z.object({ label: z.string(), name: z.string(), tenantId: z.string() }).strict();

/** `govai diff --format json` of two tenant baseline revisions: changes carry no stage, weakenings a reason. */
export const baselineDiffOutput = z
  .object({
    kind: z.literal("TenantBaseline"),
    old: baselineSide.nullable(),
    new: baselineSide,
    counts: riskCounts,
    changes: z.array(change),
  })
  .strict();

/** `govai diff --format json`: of two workload revisions, or of two tenant baseline revisions. */
export const diffOutput = z.union([workloadDiffOutput, baselineDiffOutput]);

const declaration = z.object({ workload: z.string(), stage, file: z.string() }).strict();
const count = z.number().int().nonnegative();

/** `govai portfolio --tenant`: the tenant's environments and agents, each declared by a spec or shadow. */
const tenantInventory = z
  .object({
    environments: z.array(
      z
        .object({
          id: z.string(),
          displayName: z.string(),
          type: z.string(),
          dataverseDomain: z.string().nullable(),
          status: z.enum(["declared", "shadow", "default"]),
          declaredBy: z.array(declaration),
          agents: z.array(
            z
              .object({
                id: z.string(),
                name: z.string(),
                schemaName: z.string(),
                createdOn: z.string().nullable(),
                modifiedOn: z.string().nullable(),
                publishedOn: z.string().nullable(),
                ownerId: z.string().nullable(),
                createdById: z.string().nullable(),
                status: z.enum(["declared", "shadow"]),
                declaredBy: declaration.nullable(),
              })
              .strict(),
          ),
          agentsNotListed: z.string().nullable(),
        })
        .strict(),
    ),
    counts: z
      .object({
        environments: count,
        shadowEnvironments: count,
        agents: count,
        shadowAgents: count,
        agentsNotListed: count,
      })
      .strict(),
  })
  .strict();

/** `govai portfolio --format json`. */
export const portfolioOutput = z
  .object({
    dir: z.string(),
    pilots: z.array(
      z
        .object({
          file: z.string(),
          name: z.string(),
          displayName: z.string(),
          owningTeam: z.string(),
          businessUnit: z.string(),
          accountable: z.string(),
          problemRevision: z.number().int(),
          dimensions: z.record(dimension, checkStatus),
          dimensionsPassing: z.number().int(),
          failingChecks: z.number().int(),
          prodReady: z.boolean(),
          signals: z
            .object({
              abandoned: z.array(z.string()),
              zombie: z.array(z.string()),
              costTrap: z.array(z.string()),
              governanceBreach: z.array(z.string()),
            })
            .strict(),
        })
        .strict(),
    ),
    invalid: z.array(z.object({ file: z.string(), errors: z.array(z.string()) }).strict()),
    tenant: tenantInventory.optional(),
  })
  .strict();

/** The outputs `govai schema --output` can print. */
export const OUTPUT_SCHEMAS = {
  gate: gateOutput,
  plan: planOutput,
  diff: diffOutput,
  portfolio: portfolioOutput,
} as const;
