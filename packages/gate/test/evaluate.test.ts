import type { StageName, WorkloadModel } from "@govai/spec";
import { describe, expect, it } from "vitest";
import { CHECKS, type CheckResult, DIMENSIONS, evaluate, GateInputError } from "../src/index.ts";
import { DIGEST, mutated, NOW, readyEvidence, readyModel } from "./fixtures.ts";

/** The gate with the evidence prod requires by default (a load test, an evaluation, a restore drill). */
const run = (m: WorkloadModel, stage: StageName) => evaluate(m, stage, readyEvidence(), { now: NOW });
const byId = (checks: CheckResult[], id: string) => checks.filter((c) => c.id === id);

describe("the ready fixture", () => {
  it.each(["dev", "test", "prod"] as const)("passes every check in %s, with its evidence", (stage) => {
    const v = run(readyModel(), stage);
    expect(v.pass).toBe(true);
    expect(v.failures).toEqual([]);
    const notPassing = v.checks.filter((c) => c.status !== "pass").map((c) => [c.id, c.status]);
    expect(notPassing).toEqual([
      ...(stage === "dev" ? [["security.app-sharing-limited", "n-a"]] : []),
      ["security.pen-test", "n-a"],
      ["data.restricted-protected", "n-a"],
      ...(stage === "prod" ? [] : [["rollback.deletion-protected", "n-a"]]),
    ]);
    const proven = ["latencyThroughput", "failureHandling", "rollback"];
    for (const d of DIMENSIONS) {
      expect(v.dimensions[d]).toMatchObject({
        status: "pass",
        provenBy: proven.includes(d) ? "evidence" : "declarations",
      });
    }
    expect(v.declarationsOnly).toEqual(DIMENSIONS.filter((d) => !proven.includes(d)));
  });

  it("lists every check of the catalogue exactly once, in dimension order", () => {
    const v = run(readyModel(), "prod");
    const ids = v.checks.map((c) => c.id);
    expect(ids).toEqual(CHECKS.map((c) => c.meta.id).filter((id) => id !== "evidence.other-readable"));
    expect(new Set(CHECKS.map((c) => c.meta.id)).size).toBe(CHECKS.length);
    const dims = v.checks.map((c) => DIMENSIONS.indexOf(c.dimension));
    expect([...dims].sort((a, b) => a - b)).toEqual(dims);
  });

  it("reports a check with all its fields", () => {
    const [c] = byId(run(readyModel(), "prod").checks, "audit.retention");
    expect(c).toEqual({
      id: "audit.retention",
      dimension: "complianceAudit",
      severity: "high",
      enforcement: "mandatory",
      status: "pass",
      message: "Audit logs are kept 365 days (policy: at least 365).",
      path: "stages.prod.auditing.retentionDays",
      remediation: "Raise auditing.retentionDays to at least the stage's minimum, or -1 to keep audit logs forever.",
      basis: "declaration",
      evidence: { retentionDays: 365, minRetentionDays: 365 },
    });
  });

  it("says which stage-scoped check does not apply", () => {
    expect(byId(run(readyModel(), "dev").checks, "rollback.deletion-protected")[0]?.message).toBe(
      "Not checked in dev: applies to prod only.",
    );
  });
});

type Mutation = [id: string, change: (m: WorkloadModel) => void, message: string, path?: string];
const P = (m: WorkloadModel) => m.stages.prod;

/** One mutation per check: prod fails with exactly this message. */
const MUTATIONS: Mutation[] = [
  [
    "latency.slo-declared",
    (m) => {
      m.readiness.slos.p95LatencyMs = undefined;
    },
    "No p95 latency SLO is declared.",
  ],
  [
    "latency.slo-alerted",
    (m) => {
      P(m).alerts.p95LatencyMs = 6000;
    },
    "The p95 latency alert fires at 6000 ms, above the 4000 ms SLO.",
  ],
  [
    "throughput.slo-declared",
    (m) => {
      m.readiness.slos.throughputPerMinute = undefined;
    },
    "No throughput SLO is declared.",
  ],
  [
    "failure.escalation-path",
    (m) => {
      m.readiness.failureHandling.escalationPath = " ";
    },
    "No escalation path is declared.",
  ],
  [
    "failure.fallback",
    (m) => {
      m.readiness.failureHandling.fallback = undefined;
    },
    "No fallback is declared for when the agent cannot answer.",
  ],
  [
    "failure.rate-alerted",
    (m) => {
      P(m).alerts.failureRatePercent = 25;
    },
    "The failure-rate alert fires at 25%, above the 10% the policy allows.",
  ],
  [
    "security.agent-authenticated",
    (m) => {
      m.agent.authentication.mode = "none";
    },
    "The agent allows chat without authentication (authentication mode none).",
  ],
  [
    "security.unauthenticated-chat-blocked",
    (m) => {
      P(m).connectorPolicy.blocked = ["PvaFacebook"];
    },
    "The data policy does not block chat without Entra ID authentication (PvaAuth).",
  ],
  [
    "security.dlp-default-blocked",
    (m) => {
      P(m).connectorPolicy.defaultGroup = "nonBusiness";
    },
    "The data policy's default group is nonBusiness: connectors nobody classified, including ones Microsoft adds later, are allowed.",
  ],
  [
    "security.custom-connectors-blocked",
    (m) => {
      P(m).connectorPolicy.customConnectorPatterns = [{ order: 1, classification: "business", pattern: "*" }];
    },
    "Custom connectors matching * are classified business: any custom connector a maker builds is allowed, as under a data policy whose default group is business.",
  ],
  [
    "security.endpoint-filtering",
    (m) => {
      delete P(m).connectorPolicy.endpointRules.Http;
    },
    "Endpoint filtering is missing or does not end with deny * for: Http.",
  ],
  [
    "security.sharing-limited",
    (m) => {
      P(m).managedEnvironment.sharing.agents = { editorSharingDisabled: false, mode: "noLimit", maxViewers: -1 };
    },
    "Agent sharing is not limited: viewer sharing mode is noLimit; editor sharing is allowed; viewers are not capped.",
  ],
  [
    "security.app-sharing-limited",
    (m) => {
      P(m).managedEnvironment.sharing.apps = { groupSharingDisabled: true, mode: "noLimit", maxUsers: -1 };
      P(m).managedEnvironment.sharing.flows = { mode: "noLimit" };
    },
    "App and flow sharing is not limited: canvas apps can be shared with everyone (mode noLimit); canvas-app sharing is not capped (maxUsers -1); solution flows can be shared without limit (mode noLimit).",
  ],
  [
    "security.solution-checker",
    (m) => {
      P(m).managedEnvironment.solutionChecker.mode = "warn";
    },
    "Solution checker is warn; this stage requires block.",
  ],
  [
    "security.least-privilege",
    (m) => {
      P(m).identities.runtime.bot!.roles = ["Basic User", "system administrator"];
    },
    "Runtime identities hold System Administrator: bot.",
  ],
  [
    "security.no-client-secrets",
    (m) => {
      P(m).identities.deployment.clientSecret = { expiresInDays: 180 };
    },
    "Client secrets are declared: deployment identity client secret (expires after 180 days). Use federated credentials instead.",
  ],
  [
    "security.no-pull-request-deployment",
    (m) => {
      P(m).identities.deployment.federatedCredentials["github-pr"] = {
        issuer: "https://token.actions.githubusercontent.com",
        subject: "repo:contoso/claims:pull_request",
        audience: "api://AzureADTokenExchange",
      };
    },
    "Deployment credentials trust pull-request workflows, which could then deploy with System Administrator rights: github-pr (repo:contoso/claims:pull_request).",
  ],
  [
    "security.environment-security-group",
    (m) => {
      P(m).environment.dataverse.securityGroupId = undefined;
    },
    "No Dataverse security group restricts who can use the environment.",
  ],
  [
    "security.network",
    (m) => {
      P(m).firewall.mode = "audit";
      P(m).firewall.cookieBinding = false;
    },
    "Network access is not restricted: the Dataverse IP firewall is audit (this stage requires enforce); session cookies are not bound to the client IP.",
  ],
  [
    "data.source-ownership",
    (m) => {
      m.dataSources.tickets!.owningTeam = "";
      m.dataSources.policies!.contact.email = "nobody";
    },
    "Data sources without an owning team and a contact: policies (no contact email), tickets (no owning team).",
  ],
  [
    "data.restricted-protected",
    (m) => {
      m.dataSources.policies!.classification = "restricted";
      m.dataSources.policies!.contact.name = "Policy Admin";
    },
    "Restricted data reaches the agent through connectors nothing narrows: policies (shared_sharepointonline: no action rules that block by default). Restricted data sources without a named owner contact: policies.",
  ],
  [
    "data.write-least-privilege",
    (m) => {
      P(m).identities.runtime = {};
    },
    "The agent writes to tickets but the stage declares no runtime identity to write as, so writes run as the deployment identity (System Administrator) or a person.",
  ],
  [
    "data.connectors-allowed",
    (m) => {
      P(m).connectorPolicy.business = P(m).connectorPolicy.business.filter((c) => c !== "shared_servicenow");
    },
    "Connectors the agent uses are blocked in this stage: shared_servicenow.",
  ],
  [
    "data.freshness-declared",
    (m) => {
      m.dataSources.tickets!.freshness = undefined;
    },
    "Data sources without a declared freshness: tickets.",
  ],
  [
    "observability.telemetry-bound",
    (m) => {
      P(m).telemetry.logActivities = false;
    },
    "Activity logging is off: the agent sends no conversation telemetry.",
  ],
  [
    "observability.sensitive-logging-off",
    (m) => {
      P(m).telemetry.logSensitiveActivity = true;
    },
    "Sensitive activity logging is on: message text and user identity are copied into Application Insights.",
  ],
  [
    "observability.alerts-routed",
    (m) => {
      P(m).alerts.notify = {};
    },
    "Alerts notify nobody.",
  ],
  [
    "observability.workspace-retention",
    (m) => {
      P(m).telemetry.workspace = { mode: "create", retentionDays: 30 };
    },
    "Log Analytics keeps telemetry 30 days; this stage requires at least 90.",
  ],
  [
    "observability.success-metrics-measured",
    (m) => {
      m.problem.successMetrics.handlingTime!.measuredIn = "";
    },
    "Success metrics measured nowhere: handlingTime.",
  ],
  [
    "cost.budget-sized",
    (m) => {
      P(m).cost.monthlyBudget = 5000;
    },
    "The monthly budget of 5000 EUR is 500% of the forecast spend of 1000 EUR (20000 interactions × 0.05 EUR); above 200% it would not catch a cost overrun.",
  ],
  [
    "audit.enabled",
    (m) => {
      P(m).auditing.enabled = false;
    },
    "Dataverse auditing is off.",
  ],
  [
    "audit.retention",
    (m) => {
      P(m).auditing.retentionDays = 90;
    },
    "Audit logs are kept 90 days; this stage requires at least 365.",
  ],
  [
    "compliance.data-residency",
    (m) => {
      m.metadata.dataResidency = "unitedkingdom";
    },
    "The stage puts data in geography europe and Azure region westeurope, outside the declared residency unitedkingdom (the United Kingdom).",
  ],
  [
    "rollback.rto-declared",
    (m) => {
      m.readiness.rollback.rtoMinutes = undefined;
    },
    "No rollback RTO is declared.",
  ],
  [
    "rollback.deletion-protected",
    (m) => {
      P(m).protection.protectFromDeletion = false;
    },
    "Prod resources are not protected from deletion.",
  ],
  [
    "signoff.owner-named",
    (m) => {
      m.metadata.owningTeam = "TODO team";
      m.metadata.costCenter = "<cost center>";
    },
    "The workload's owners are placeholders: metadata.owningTeam (TODO), metadata.costCenter (<cost center>).",
  ],
  [
    "signoff.problem-defined",
    (m) => {
      m.problem.statement = "TBD: what claims handlers need";
      m.problem.outOfScope = ["FIXME"];
    },
    "The problem definition has placeholders: problem.outOfScope[0] (FIXME), problem.statement (TBD).",
  ],
  [
    "signoff.problem-locked",
    (m) => {
      m.problem.digest = `sha256:${"b".repeat(64)}`;
    },
    `The problem statement or success metrics changed since revision 2 was locked (locked ${DIGEST}, now sha256:${"b".repeat(64)}); run govai lock --bump to lock them as revision 3, or revert them.`,
  ],
  [
    "signoff.it",
    (m) => {
      delete m.readiness.signOffs.it;
    },
    "No IT sign-off is recorded.",
  ],
  [
    "signoff.security",
    (m) => {
      m.readiness.signOffs.security!.problemRevision = 1;
    },
    "The Security sign-off by Sue Secure approved problem revision 1; the current revision is 2.",
  ],
  [
    "signoff.legal",
    (m) => {
      m.readiness.signOffs.legal!.date = "2026-12-24";
    },
    "The Legal sign-off date 2026-12-24 is in the future.",
  ],
  [
    "signoff.businessOwner",
    (m) => {
      delete m.readiness.signOffs.businessOwner;
    },
    "No business owner sign-off is recorded.",
  ],
];

/** Checks whose bar is lower in dev, so the prod mutation passes there. */
const DEV_LENIENT = [
  "security.solution-checker",
  "security.network",
  "observability.sensitive-logging-off",
  "observability.workspace-retention",
  "audit.retention",
];

describe("each declared check fails prod on one mutation, with its exact message", () => {
  it("covers every declared check of the catalogue", () => {
    const declaredIds = CHECKS.filter((c) => c.meta.basis === "declaration").map((c) => c.meta.id);
    expect(MUTATIONS.map(([id]) => id).sort()).toEqual([...declaredIds].sort());
  });

  it.each(MUTATIONS)("%s", (id, change, message) => {
    const v = run(mutated(change), "prod");
    expect(v.pass).toBe(false);
    // Some values feed two checks: without an SLO neither the alert nor the load test can be judged (fail closed),
    // an admin runtime identity also writes as admin, and without an RTO the restore drill proves nothing.
    const others =
      {
        "latency.slo-declared": ["latency.slo-alerted", "latency.load-test"],
        "security.least-privilege": ["data.write-least-privilege"],
        "rollback.rto-declared": ["rollback.restore-drill"],
      }[id] ?? [];
    expect(v.failures.filter((f) => !others.includes(f.id)).map((f) => [f.id, f.status, f.message])).toEqual([
      [id, "fail", message],
    ]);
    const dimension = v.failures[0]!.dimension;
    expect(v.dimensions[dimension].status).toBe("fail");
  });

  it.each(
    MUTATIONS.filter(
      ([id]) => (!id.startsWith("signoff.") || id === "signoff.problem-locked") && !EVERY_STAGE_CHECKS.includes(id),
    ),
  )("%s is advisory in dev: the same finding warns and dev passes", (id, change, _message) => {
    const m = mutated((x) => {
      change(x);
      // apply the same stage-scoped change to dev as well
      x.stages.dev = structuredClone(x.stages.prod);
      x.stages.dev.name = "dev";
    });
    const v = run(m, "dev");
    expect(v.pass).toBe(true);
    const hit = byId(v.checks, id)[0]!;
    if (id === "rollback.deletion-protected" || id === "security.app-sharing-limited") expect(hit.status).toBe("n-a");
    else if (DEV_LENIENT.includes(id)) expect(hit.status, hit.message).toBe("pass");
    else expect(hit.status, hit.message).toBe("warn");
  });
});

/** Checks mandatory in dev too (review L1: a dev stage contradicting the residency only warned). */
const EVERY_STAGE_CHECKS = ["compliance.data-residency"];

describe("stage strictness", () => {
  it.each(MUTATIONS.filter(([id]) => EVERY_STAGE_CHECKS.includes(id)))(
    "%s is mandatory in dev too: the same finding fails dev",
    (id, change, message) => {
      const m = mutated((x) => {
        change(x);
        x.stages.dev = structuredClone(x.stages.prod);
        x.stages.dev.name = "dev";
      });
      const v = run(m, "dev");
      expect(v.pass).toBe(false);
      expect(v.failures.map((f) => [f.id, f.enforcement, f.message])).toEqual([[id, "mandatory", message]]);
    },
  );

  it("test mirrors prod except sign-offs: missing sign-offs warn in test and fail in prod", () => {
    const m = mutated((x) => {
      x.readiness.signOffs = {};
    });
    const test = run(m, "test");
    expect(test.pass).toBe(true);
    expect(test.checks.filter((c) => c.status === "warn").map((c) => [c.id, c.message])).toEqual([
      ["signoff.it", "No IT sign-off is recorded."],
      ["signoff.security", "No Security sign-off is recorded."],
      ["signoff.legal", "No Legal sign-off is recorded."],
      ["signoff.businessOwner", "No business owner sign-off is recorded."],
    ]);
    expect(test.dimensions.signOff.status).toBe("warn");
    const prod = run(m, "prod");
    expect(prod.pass).toBe(false);
    expect(prod.failures.map((f) => f.id)).toEqual([
      "signoff.it",
      "signoff.security",
      "signoff.legal",
      "signoff.businessOwner",
    ]);
  });

  it("a security failure fails test too", () => {
    const v = run(
      mutated((x) => {
        x.stages.test!.connectorPolicy.defaultGroup = "nonBusiness";
      }),
      "test",
    );
    expect(v.failures.map((f) => [f.id, f.path])).toEqual([
      ["security.dlp-default-blocked", "stages.test.connectorPolicy.defaultGroup"],
    ]);
  });

  it("dev and test accept the firewall in audit mode, prod does not", () => {
    const m = mutated((x) => {
      for (const s of ["dev", "test", "prod"] as const) x.stages[s]!.firewall.mode = "audit";
    });
    expect(byId(run(m, "dev").checks, "security.network")[0]!.status).toBe("pass");
    expect(byId(run(m, "test").checks, "security.network")[0]!.status).toBe("pass");
    expect(byId(run(m, "prod").checks, "security.network")[0]!.status).toBe("fail");
  });

  it("an enforcing firewall without ranges locks everyone out and fails", () => {
    const v = run(
      mutated((x) => {
        P(x).firewall.allowedRanges = [];
        P(x).firewall.serviceTags = [];
      }),
      "prod",
    );
    expect(v.failures.map((f) => f.message)).toEqual([
      "Network access is not restricted: the firewall enforces with no allowed ranges or service tags, which locks everyone out.",
    ]);
  });

  it("dev allows sensitive logging and editor sharing, but not unlimited viewers", () => {
    const m = mutated((x) => {
      x.stages.dev!.telemetry.logSensitiveActivity = true;
      x.stages.dev!.managedEnvironment.sharing.agents = {
        editorSharingDisabled: false,
        mode: "excludeSharingToSecurityGroups",
        maxViewers: -1,
      };
    });
    const v = run(m, "dev");
    expect(byId(v.checks, "observability.sensitive-logging-off")[0]!.message).toBe(
      "Sensitive activity logging is on, which only dev allows.",
    );
    expect(byId(v.checks, "security.sharing-limited")[0]!.message).toBe(
      "Agent sharing is limited: editor sharing allowed, viewer mode excludeSharingToSecurityGroups, no viewer cap.",
    );
  });
});

describe("fail closed", () => {
  it("an undecidable check fails in prod and warns in dev", () => {
    const m = mutated((x) => {
      x.agent.botId = undefined;
    });
    const message = "The agent's bot id is not declared, so its telemetry binding cannot be made.";
    expect(byId(run(m, "prod").checks, "observability.telemetry-bound")[0]).toMatchObject({ status: "fail", message });
    expect(byId(run(m, "dev").checks, "observability.telemetry-bound")[0]).toMatchObject({ status: "warn", message });
  });

  it("the latency alert and the load test cannot be judged without an SLO: all three checks fail in prod", () => {
    const v = run(
      mutated((x) => {
        x.readiness.slos.p95LatencyMs = undefined;
      }),
      "prod",
    );
    expect(v.failures.map((f) => [f.id, f.message])).toEqual([
      ["latency.slo-declared", "No p95 latency SLO is declared."],
      ["latency.slo-alerted", "The latency alert cannot be checked: no p95 latency SLO is declared."],
      ["latency.load-test", "The load test of 2026-11-10 cannot prove latency: no p95 latency SLO is declared."],
    ]);
  });

  it("an unlocked problem definition fails prod and names the digest to declare", () => {
    const v = run(
      mutated((x) => {
        x.problem.lockedDigest = undefined;
      }),
      "prod",
    );
    expect(v.failures.map((f) => f.message)).toEqual([
      `Problem revision 2 is not locked: run govai lock to declare problem.lockedDigest: ${DIGEST}.`,
    ]);
  });
});

describe("not applicable", () => {
  it("an adopted workspace's retention is n-a; no data sources and no runtime identities are n-a", () => {
    const v = run(
      mutated((x) => {
        P(x).telemetry.workspace = {
          mode: "existing",
          resourceId: "/subscriptions/s/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/w",
        };
        x.dataSources = {};
        x.agent.knowledgeSources = {};
        x.agent.actions = {};
        x.agent.connectors = [];
        P(x).identities.runtime = {};
      }),
      "prod",
    );
    expect(
      v.checks.filter((c) => c.status === "n-a" && c.basis === "declaration").map((c) => [c.id, c.message]),
    ).toEqual([
      ["security.least-privilege", "No runtime identity is declared."],
      ["data.source-ownership", "The workload declares no data sources."],
      ["data.restricted-protected", "The workload declares no restricted data source."],
      ["data.write-least-privilege", "The agent writes to no data source."],
      ["data.connectors-allowed", "The agent uses no connector."],
      ["data.freshness-declared", "The workload declares no data sources."],
      [
        "observability.workspace-retention",
        "The workspace is adopted (existing): its retention is governed where it is owned.",
      ],
    ]);
    expect(v.pass).toBe(true);
  });
});

describe("bad input", () => {
  it("refuses a stage the workload leaves out, with the stated reason", () => {
    const m = mutated((x) => {
      delete x.stages.test;
      x.omittedStages.test = "pilot goes straight from dev to prod";
    });
    expect(() => run(m, "test")).toThrow(GateInputError);
    expect(() => run(m, "test")).toThrow(
      'Workload "claims" has no test stage (left out: pilot goes straight from dev to prod); nothing to evaluate.',
    );
  });

  it("refuses an unknown stage name", () => {
    expect(() => run(readyModel(), "staging" as StageName)).toThrow(
      'Unknown stage "staging"; expected one of dev, test, prod.',
    );
  });
});

describe("thresholds", () => {
  it("sign-offs expire after the policy's age", () => {
    const v = run(
      mutated((x) => {
        x.readiness.signOffs.it!.date = "2025-10-01";
      }),
      "prod",
    );
    expect(v.failures.map((f) => f.message)).toEqual([
      "The IT sign-off of 2025-10-01 is 423 days old; at most 365 are allowed.",
    ]);
  });

  it("policy overrides change the bar", () => {
    const v = evaluate(readyModel(), "prod", readyEvidence(), {
      now: NOW,
      policy: { minAuditRetentionDays: { prod: 730 } },
    });
    expect(v.failures.map((f) => f.message)).toEqual([
      "Audit logs are kept 365 days; this stage requires at least 730.",
    ]);
  });

  it("keeping audit logs forever (-1) passes", () => {
    const v = run(
      mutated((x) => {
        P(x).auditing.retentionDays = -1;
      }),
      "prod",
    );
    expect(byId(v.checks, "audit.retention")[0]!.message).toBe("Audit logs are kept forever.");
  });
});
