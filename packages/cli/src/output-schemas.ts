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

/** `govai gate --format json`. */
export const gateOutput = z
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

/** `govai plan --format json`. */
export const planOutput = z
  .object({
    workload: z
      .object({ name: z.string(), displayName: z.string(), problemRevision: z.number().int(), file: z.string() })
      .strict(),
    stages: z.array(
      z.object({ stage, resources: z.array(plannedResource), gate: gateOutput, refusedByGate: z.boolean() }).strict(),
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

/** `govai diff --format json`. */
export const diffOutput = z
  .object({
    old: z.object({ label: z.string(), name: z.string(), problemRevision: z.number().int() }).strict().nullable(),
    new: z.object({ label: z.string(), name: z.string(), problemRevision: z.number().int() }).strict(),
    counts: z.object({ high: z.number().int(), medium: z.number().int(), low: z.number().int() }).strict(),
    changes: z.array(
      z
        .object({
          risk: z.enum(RISKS),
          stage: stage.optional(),
          path: z.string(),
          before: z.unknown().optional(),
          after: z.unknown().optional(),
          summary: z.string(),
          control: z.string().optional(),
          item: z.string().optional(),
        })
        .strict(),
    ),
  })
  .strict();

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
