/**
 * Properties of the gate over randomly perturbed models: it never throws on a well-typed model, dev never fails,
 * `pass` means no failures, dimension statuses follow their checks, and strictness only grows from dev to test to
 * prod (with identical stage settings, whatever fails or warns earlier fails in prod).
 */

import type { StageModel, WorkloadModel } from "@govai/spec";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "../src/index.ts";
import { NOW, readyModel } from "./fixtures.ts";

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const perturbation = fc.record(
  {
    slo: maybe(fc.integer({ min: 0, max: 20_000 })),
    throughput: maybe(fc.integer({ min: 0, max: 100 })),
    escalation: maybe(fc.constantFrom("", " ", "queue")),
    rto: maybe(fc.integer({ min: 0, max: 1000 })),
    authMode: fc.constantFrom("entra", "manual", "none"),
    requireSignIn: fc.boolean(),
    defaultGroup: fc.constantFrom("business", "nonBusiness", "blocked"),
    blockPvaAuth: fc.boolean(),
    httpRules: fc.constantFrom("deny*", "allow*", "none"),
    editorSharingDisabled: fc.boolean(),
    agentMode: fc.constantFrom("noLimit", "excludeSharingToSecurityGroups", "disableSharing"),
    maxViewers: fc.integer({ min: -1, max: 500 }),
    checker: fc.constantFrom("none", "warn", "block"),
    runtimeAdmin: fc.boolean(),
    secret: fc.boolean(),
    securityGroup: fc.boolean(),
    firewall: fc.constantFrom("off", "audit", "enforce"),
    ranges: fc.boolean(),
    cookieBinding: fc.boolean(),
    logActivities: fc.boolean(),
    logSensitive: fc.boolean(),
    notify: fc.boolean(),
    workspaceDays: fc.integer({ min: 30, max: 730 }),
    auditEnabled: fc.boolean(),
    auditDays: fc.constantFrom(-1, 31, 90, 365, 2555),
    alertMs: fc.integer({ min: 1, max: 20_000 }),
    failurePct: fc.integer({ min: 0, max: 30 }),
    protect: fc.boolean(),
    botId: fc.boolean(),
    locked: fc.constantFrom("same", "other", "none"),
    signOffRevision: fc.constantFrom(1, 2),
    dropSignOff: fc.constantFrom("none", "it", "security", "legal", "businessOwner"),
  },
  { requiredKeys: [] },
);
type Perturbation = typeof perturbation extends fc.Arbitrary<infer T> ? T : never;

function apply(p: Perturbation): WorkloadModel {
  const m = readyModel();
  const set = <K extends keyof Perturbation>(k: K, fn: (v: NonNullable<Perturbation[K]>) => void) => {
    if (k in p && p[k] !== undefined) fn(p[k] as NonNullable<Perturbation[K]>);
  };
  if ("slo" in p) m.readiness.slos.p95LatencyMs = p.slo;
  if ("throughput" in p) m.readiness.slos.throughputPerMinute = p.throughput;
  if ("escalation" in p) m.readiness.failureHandling.escalationPath = p.escalation;
  if ("rto" in p) m.readiness.rollback.rtoMinutes = p.rto;
  set("authMode", (v) => {
    m.agent.authentication.mode = v;
  });
  set("requireSignIn", (v) => {
    m.agent.authentication.requireSignIn = v;
  });
  set("botId", (v) => {
    if (!v) m.agent.botId = undefined;
  });
  set("locked", (v) => {
    m.problem.lockedDigest = v === "same" ? m.problem.digest : v === "other" ? "sha256:x" : undefined;
  });
  set("signOffRevision", (v) => {
    m.readiness.signOffs.security!.problemRevision = v;
  });
  set("dropSignOff", (v) => {
    if (v !== "none") delete m.readiness.signOffs[v];
  });
  const stage = (s: StageModel) => {
    set("defaultGroup", (v) => {
      s.connectorPolicy.defaultGroup = v;
    });
    set("blockPvaAuth", (v) => {
      if (!v) s.connectorPolicy.blocked = s.connectorPolicy.blocked.filter((c) => c !== "PvaAuth");
    });
    set("httpRules", (v) => {
      if (v === "none") delete s.connectorPolicy.endpointRules.Http;
      else s.connectorPolicy.endpointRules.Http = [{ behavior: v === "deny*" ? "deny" : "allow", endpoint: "*" }];
    });
    set("editorSharingDisabled", (v) => {
      s.managedEnvironment.sharing.agents.editorSharingDisabled = v;
    });
    set("agentMode", (v) => {
      s.managedEnvironment.sharing.agents.mode = v;
    });
    set("maxViewers", (v) => {
      s.managedEnvironment.sharing.agents.maxViewers = v;
    });
    set("checker", (v) => {
      s.managedEnvironment.solutionChecker.mode = v;
    });
    set("runtimeAdmin", (v) => {
      if (v) s.identities.runtime.bot!.roles = ["System Administrator"];
    });
    set("secret", (v) => {
      if (v) s.identities.deployment.clientSecret = { expiresInDays: 90 };
    });
    set("securityGroup", (v) => {
      if (!v) s.environment.dataverse.securityGroupId = undefined;
    });
    set("firewall", (v) => {
      s.firewall.mode = v;
    });
    set("ranges", (v) => {
      if (!v) {
        s.firewall.allowedRanges = [];
        s.firewall.serviceTags = [];
      }
    });
    set("cookieBinding", (v) => {
      s.firewall.cookieBinding = v;
    });
    set("logActivities", (v) => {
      s.telemetry.logActivities = v;
    });
    set("logSensitive", (v) => {
      s.telemetry.logSensitiveActivity = v;
    });
    set("notify", (v) => {
      if (!v) s.alerts.notify = {};
    });
    set("workspaceDays", (v) => {
      s.telemetry.workspace = { mode: "create", retentionDays: v };
    });
    set("auditEnabled", (v) => {
      s.auditing.enabled = v;
    });
    set("auditDays", (v) => {
      s.auditing.retentionDays = v;
    });
    set("alertMs", (v) => {
      s.alerts.p95LatencyMs = v;
    });
    set("failurePct", (v) => {
      s.alerts.failureRatePercent = v;
    });
    set("protect", (v) => {
      s.protection.protectFromDeletion = v;
    });
  };
  for (const s of Object.values(m.stages)) stage(s);
  return m;
}

describe("gate properties", () => {
  it("holds for random perturbations of a ready model", () => {
    fc.assert(
      fc.property(perturbation, (p) => {
        const m = apply(p);
        const [dev, test, prod] = (["dev", "test", "prod"] as const).map((s) =>
          evaluate(m, s, undefined, { now: NOW }),
        );
        for (const v of [dev!, test!, prod!]) {
          expect(v.pass).toBe(v.failures.length === 0);
          expect(v.failures).toEqual(v.checks.filter((c) => c.status === "fail"));
          for (const d of Object.values(v.dimensions)) {
            const statuses = v.checks.filter((c) => c.dimension === d.dimension).map((c) => c.status);
            if (statuses.includes("fail")) expect(d.status).toBe("fail");
            else if (statuses.includes("warn")) expect(d.status).toBe("warn");
            expect(d.provenBy).toBe("declarations");
          }
          for (const c of v.checks) {
            if (c.enforcement === "advisory") expect(c.status).not.toBe("fail");
            if (c.enforcement === "mandatory") expect(c.status).not.toBe("warn");
            if (c.enforcement === "off") expect(c.status).toBe("n-a");
          }
        }
        expect(dev!.pass).toBe(true);
        const prodFailing = new Set(prod!.failures.map((f) => f.id));
        for (const f of test!.failures) expect(prodFailing).toContain(f.id);
        for (const w of [...test!.checks, ...dev!.checks].filter((c) => c.status === "warn"))
          expect(prodFailing).toContain(w.id);
      }),
      { numRuns: 200 },
    );
  });
});
