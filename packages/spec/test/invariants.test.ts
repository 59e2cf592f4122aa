/**
 * Invariants of resolve() over generated valid specs: the DLP groups are disjoint and sorted, every Copilot Studio
 * capability connector is classified explicitly (never left to the default group), prod stays locked down unless
 * the spec says otherwise, and names stay within their limits.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AGENT_AUTH_MODES,
  AGENT_CHANNELS,
  COPILOT_CONNECTORS,
  KNOWLEDGE_KINDS,
  resolve,
  STAGES,
  type WorkloadSpec,
} from "../src/index.ts";
import { baseSpec } from "./fixtures.ts";

/** Tool connectors an agent may list; `PvaAuth` and channel or knowledge connectors are governed elsewhere. */
const toolIds = ["shared_office365", "shared_sql", "Http", "PvaSkills", "shared_service-now"];
/** Connectors a stage may classify explicitly, including capability connectors. */
const connectorIds = [...toolIds, "PvaAuth", "PvaMicrosoftTeams"];

const specs: fc.Arbitrary<WorkloadSpec> = fc
  .record({
    name: fc.stringMatching(/^[a-z][a-z0-9-]{1,22}[a-z0-9]$/),
    mode: fc.constantFrom(...AGENT_AUTH_MODES),
    channels: fc.subarray([...AGENT_CHANNELS]),
    kinds: fc.subarray([...KNOWLEDGE_KINDS]),
    tools: fc.subarray(toolIds),
    extraBusiness: fc.subarray(connectorIds),
    extraBlocked: fc.subarray(connectorIds),
  })
  .map(({ name, mode, channels, kinds, tools, extraBusiness, extraBlocked }) => {
    const spec = baseSpec();
    spec.metadata.name = name;
    spec.agent = {
      authentication: { mode },
      channels,
      knowledgeSources: Object.fromEntries(kinds.map((k, i) => [`k${i}`, { kind: k }])),
      connectors: tools,
    };
    // Keep the user's groups disjoint (overlaps are a spec error, tested elsewhere).
    const blocked = extraBlocked.filter((c) => !extraBusiness.includes(c));
    spec.stages.test = { connectorPolicy: { business: extraBusiness, blocked } };
    return spec;
  });

describe("resolve invariants", () => {
  it("DLP groups are disjoint and sorted, and every Copilot Studio connector is classified", () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const m = resolve(spec);
        for (const stage of STAGES) {
          const cp = m.stages[stage]!.connectorPolicy;
          const all = [...cp.business, ...cp.nonBusiness, ...cp.blocked];
          expect(new Set(all).size).toBe(all.length);
          for (const list of [cp.business, cp.nonBusiness, cp.blocked]) expect([...list].sort()).toStrictEqual(list);
          for (const c of COPILOT_CONNECTORS) expect(all).toContain(c.id);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("prod blocks unauthenticated chat unless the agent has no authentication, and keeps its secure defaults", () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const prod = resolve(spec).stages.prod;
        const none = spec.agent.authentication?.mode === "none";
        expect(prod.connectorPolicy[none ? "business" : "blocked"]).toContain("PvaAuth");
        expect([
          prod.connectorPolicy.defaultGroup,
          prod.connectorPolicy.endpointRules.Http?.at(-1),
          prod.managedEnvironment.solutionChecker.mode,
          prod.telemetry.logSensitiveActivity,
          prod.identities.deployment.clientSecret,
          prod.protection.protectFromDeletion,
          prod.auditing.enabled,
        ]).toStrictEqual(["blocked", { behavior: "deny", endpoint: "*" }, "block", false, undefined, true, true]);
      }),
      { numRuns: 150 },
    );
  });

  it("derived names stay within their limits and differ between stages", () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const m = resolve(spec);
        const seen = new Set<string>();
        for (const stage of STAGES) {
          const n = m.stages[stage]!.names;
          expect(n.logAnalyticsWorkspace).toMatch(/^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/);
          expect(n.actionGroupShortName.length).toBeLessThanOrEqual(12);
          expect(n.budget.length).toBeLessThanOrEqual(63);
          expect(n.resourceGroup.length).toBeLessThanOrEqual(90);
          expect(m.stages[stage]!.environment.dataverse.domain).toMatch(/^[a-z][a-z0-9-]{0,61}[a-z0-9]$/);
          for (const v of [n.resourceGroup, n.logAnalyticsWorkspace, n.actionGroupShortName, n.budget]) {
            expect(seen.has(v)).toBe(false);
            seen.add(v);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
