import type { ResourceValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import * as all from "../src/policy/policies.ts";
import { policies, policyName, resourcePolicies } from "../src/policy/policies.ts";
import { detectStage, stageFromStackName } from "../src/policy/stage.ts";
import { readyModel } from "./fixtures.ts";
import { type FakeStackResource, runPolicy, runStackPolicy, UNKNOWN } from "./policy-harness.ts";

/** Resource inputs as the govai components build them from the ready fixture's prod stage. */
function resources() {
  const m = readyModel();
  const s = m.stages.prod;
  return {
    dataPolicy: {
      type: "govai:powerplatform:DataPolicy",
      props: { ...s.connectorPolicy, environmentIds: [UNKNOWN] } as Record<string, unknown>,
    },
    managedEnvironment: {
      type: "govai:powerplatform:ManagedEnvironment",
      props: { environmentId: UNKNOWN, ...s.managedEnvironment } as Record<string, unknown>,
    },
    environmentSettings: {
      type: "govai:powerplatform:EnvironmentSettings",
      props: { environmentId: UNKNOWN, auditing: s.auditing, firewall: s.firewall } as Record<string, unknown>,
    },
    applicationUser: {
      type: "govai:powerplatform:ApplicationUser",
      name: "claims-prod-powerplatform-appuser-runtime-bot",
      props: { environmentId: UNKNOWN, applicationId: UNKNOWN, roles: ["Basic User"] } as Record<string, unknown>,
    },
    copilotTelemetry: {
      type: "govai:powerplatform:CopilotTelemetry",
      props: {
        environmentId: UNKNOWN,
        botId: "cr123_claimsAssistant",
        connectionString: UNKNOWN,
        logActivities: true,
        logActions: true,
        logSensitiveActivity: false,
      } as Record<string, unknown>,
    },
    environment: {
      type: "govai:powerplatform:Environment",
      protect: true,
      props: {
        displayName: s.environment.displayName,
        environmentType: "Production",
        location: "europe",
        azureRegion: "westeurope",
        dataverse: s.environment.dataverse,
      } as Record<string, unknown>,
    },
    workspace: {
      type: "azure-native:operationalinsights:Workspace",
      props: { resourceGroupName: UNKNOWN, retentionInDays: 90, sku: { name: "PerGB2018" } } as Record<string, unknown>,
    },
    actionGroup: {
      type: "azure-native:monitor:ActionGroup",
      props: {
        groupShortName: "claimsprod",
        enabled: true,
        emailReceivers: [{ name: "oncall", emailAddress: "claims-oncall@contoso.com" }],
      } as Record<string, unknown>,
    },
    federatedCredential: {
      type: "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
      name: "claims-prod-identities-deploy-fic-main",
      props: {
        applicationId: UNKNOWN,
        displayName: "main",
        issuer: s.identities.deployment.federatedCredentials.main!.issuer,
        subject: s.identities.deployment.federatedCredentials.main!.subject,
        audiences: ["api://AzureADTokenExchange"],
      } as Record<string, unknown>,
    },
    applicationPassword: {
      type: "azuread:index/applicationPassword:ApplicationPassword",
      name: "claims-prod-deploy-secret",
      props: { applicationId: UNKNOWN } as Record<string, unknown>,
    },
  };
}
// biome-ignore lint/suspicious/noExplicitAny: tests reach into resource inputs freely, like the engine hands them over
type Props = Record<string, any>;
type Resources = ReturnType<typeof resources>;
type Key = keyof Resources;

type Case = [policy: ResourceValidationPolicy, resource: Key, mutate: (p: Props) => void, message: string];
const CASES: Case[] = [
  [
    all.unauthenticatedChatBlockedPolicy,
    "dataPolicy",
    (p) => {
      p.blocked = ["PvaFacebook"];
    },
    "The data policy does not block chat without Entra ID authentication (PvaAuth).",
  ],
  [
    all.dlpDefaultBlockedPolicy,
    "dataPolicy",
    (p) => {
      p.defaultGroup = "business";
    },
    "The data policy's default group is business: connectors nobody classified, including ones Microsoft adds later, are allowed.",
  ],
  [
    all.customConnectorsBlockedPolicy,
    "dataPolicy",
    (p) => {
      p.customConnectorPatterns = [
        { order: 1, classification: "blocked", pattern: "https://*.fabrikam.com" },
        { order: 2, classification: "business", pattern: "*" },
      ];
    },
    "Custom connectors matching * are classified business: any custom connector a maker builds is allowed, as under a data policy whose default group is business.",
  ],
  [
    all.endpointFilteringPolicy,
    "dataPolicy",
    (p) => {
      p.endpointRules.Http = [{ behavior: "allow", endpoint: "*" }];
    },
    "Endpoint filtering is missing or does not end with deny * for: Http.",
  ],
  [
    all.endpointFilteringPolicy,
    "dataPolicy",
    (p) => {
      // The same hole written another way: a final deny * after an allow that already matched every host.
      p.endpointRules.Http = [
        { behavior: "allow", endpoint: "https://*" },
        { behavior: "deny", endpoint: "*" },
      ];
    },
    "Endpoint rules allow every host before the final deny * for: Http (allow https://*).",
  ],
  [
    all.sharingLimitedPolicy,
    "managedEnvironment",
    (p) => {
      p.sharing.agents.editorSharingDisabled = false;
    },
    "Agent sharing is not limited: editor sharing is allowed.",
  ],
  [
    all.appSharingLimitedPolicy,
    "managedEnvironment",
    (p) => {
      p.sharing.apps.maxUsers = -1;
      p.sharing.flows.mode = "noLimit";
    },
    "App and flow sharing is not limited: canvas-app sharing is not capped (maxUsers -1); solution flows can be shared without limit (mode noLimit).",
  ],
  [
    all.solutionCheckerPolicy,
    "managedEnvironment",
    (p) => {
      p.solutionChecker.mode = "none";
    },
    "Solution checker is none; this stage requires block.",
  ],
  [
    all.leastPrivilegePolicy,
    "applicationUser",
    (p) => {
      p.roles = ["System Administrator"];
    },
    "Runtime identities hold System Administrator: claims-prod-powerplatform-appuser-runtime-bot.",
  ],
  [
    all.noPullRequestDeploymentPolicy,
    "federatedCredential",
    (p) => {
      p.subject = "repo:contoso/claims:pull_request";
    },
    "Deployment credentials trust pull-request workflows, which could then deploy with System Administrator rights: claims-prod-identities-deploy-fic-main (repo:contoso/claims:pull_request).",
  ],
  [
    all.environmentSecurityGroupPolicy,
    "environment",
    (p) => {
      delete p.dataverse.securityGroupId;
    },
    "No Dataverse security group restricts who can use the environment.",
  ],
  [
    all.networkPolicy,
    "environmentSettings",
    (p) => {
      p.firewall.mode = "off";
    },
    "Network access is not restricted: the Dataverse IP firewall is off (this stage requires enforce).",
  ],
  [
    all.networkPolicy,
    "environmentSettings",
    (p) => {
      // enforce, but with a range that admits the whole internet
      p.firewall.allowedRanges = ["0.0.0.0/0"];
    },
    "Network access is not restricted: allowed ranges wider than /16 admit nearly everyone: 0.0.0.0/0.",
  ],
  [
    all.auditEnabledPolicy,
    "environmentSettings",
    (p) => {
      p.auditing.userAccessAudit = false;
    },
    "Dataverse user access auditing is off.",
  ],
  [
    all.auditRetentionPolicy,
    "environmentSettings",
    (p) => {
      p.auditing.retentionDays = 31;
    },
    "Audit logs are kept 31 days; this stage requires at least 365.",
  ],
  [
    all.sensitiveLoggingOffPolicy,
    "copilotTelemetry",
    (p) => {
      p.logSensitiveActivity = true;
    },
    "Sensitive activity logging is on: message text and user identity are copied into Application Insights.",
  ],
  [
    all.telemetryBoundPolicy,
    "copilotTelemetry",
    (p) => {
      p.logActivities = false;
    },
    "Activity logging is off: the agent sends no conversation telemetry.",
  ],
  [
    all.alertsRoutedPolicy,
    "actionGroup",
    (p) => {
      p.emailReceivers = [];
    },
    "Alerts notify nobody.",
  ],
  [
    all.alertsRoutedPolicy,
    "actionGroup",
    (p) => {
      p.emailReceivers = [{ name: "accountable", emailAddress: "todo@example.com" }];
    },
    "Alert recipients are placeholders, so alerts reach nobody: accountable (todo@example.com).",
  ],
  [
    all.workspaceRetentionPolicy,
    "workspace",
    (p) => {
      delete p.retentionInDays;
    },
    "Log Analytics keeps telemetry 30 days; this stage requires at least 90.",
  ],
];

const run = (policy: ResourceValidationPolicy, key: Key, mutate?: (p: Props) => void, extra = {}) => {
  const r = resources()[key];
  if (mutate) mutate(r.props);
  return runPolicy(policy, { ...r, ...extra });
};

describe("each mandatory policy in prod: the fixture passes, one mutation fails with the gate's exact message", () => {
  it.each(CASES)("%s", async (policy, key, mutate, message) => {
    expect(await run(policy, key)).toEqual({ violations: [] });
    expect(await run(policy, key, mutate)).toEqual({ violations: [message] });
  });

  it("client secrets: any ApplicationPassword is a violation; other resources are ignored", async () => {
    expect(await run(all.noClientSecretsPolicy, "applicationPassword")).toEqual({
      violations: [
        "Client secrets are declared: ApplicationPassword claims-prod-deploy-secret. Use federated credentials instead.",
      ],
    });
    expect(await run(all.noClientSecretsPolicy, "workspace")).toEqual({
      violations: [],
      notApplicable:
        "applies to azuread:index/applicationPassword:ApplicationPassword, azuread:index/servicePrincipalPassword:ServicePrincipalPassword only",
    });
  });

  it("pull-request subjects: a credential without subject fails closed; in dev the advisory policy warns", async () => {
    const pr = (p: Props) => {
      p.subject = "repo:contoso/claims:pull_request";
    };
    expect(
      await run(all.noPullRequestDeploymentPolicy, "federatedCredential", (p) => {
        delete p.subject;
      }),
    ).toEqual({
      violations: [
        "claims-prod-identities-deploy-fic-main does not set subject, so security.no-pull-request-deployment cannot be checked.",
      ],
    });
    expect(await run(all.noPullRequestDeploymentPolicy, "federatedCredential", pr, { stack: "claims-dev" })).toEqual({
      violations: [],
      notApplicable: "security.no-pull-request-deployment is advisory in dev",
    });
    expect(await run(all.noPullRequestDeploymentAdvisory, "federatedCredential", pr, { stack: "claims-dev" })).toEqual({
      violations: [
        "Deployment credentials trust pull-request workflows, which could then deploy with System Administrator rights: claims-prod-identities-deploy-fic-main (repo:contoso/claims:pull_request).",
      ],
    });
    for (const subject of ["repo:contoso/claims:ref:refs/heads/main", "repo:contoso/claims:environment:prod"]) {
      expect(
        await run(all.noPullRequestDeploymentPolicy, "federatedCredential", (p) => {
          p.subject = subject;
        }),
      ).toEqual({ violations: [] });
    }
    expect(await run(all.noPullRequestDeploymentPolicy, "applicationPassword")).toEqual({
      violations: [],
      notApplicable:
        "applies to azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential only",
    });
  });

  it("deletion protection: a prod environment without protect is a violation", async () => {
    expect(await run(all.deletionProtectedPolicy, "environment")).toEqual({ violations: [] });
    expect(await run(all.deletionProtectedPolicy, "environment", undefined, { protect: false })).toEqual({
      violations: ["Prod resources are not protected from deletion."],
    });
  });

  it("the deployment identity may hold System Administrator, by name or by configured application id", async () => {
    const admin = (p: Props) => {
      p.roles = ["System Administrator"];
    };
    expect(
      await run(all.leastPrivilegePolicy, "applicationUser", admin, {
        name: "claims-prod-powerplatform-appuser-deployment",
      }),
    ).toEqual({
      violations: [],
      notApplicable: "claims-prod-powerplatform-appuser-deployment is exempt from security.least-privilege",
    });
    const byId = (p: Props) => {
      admin(p);
      p.applicationId = "app-1";
    };
    expect(
      await run(all.leastPrivilegePolicy, "applicationUser", byId, { config: { deploymentApplicationIds: ["app-1"] } }),
    ).toEqual({
      violations: [],
      notApplicable: "claims-prod-powerplatform-appuser-runtime-bot is exempt from security.least-privilege",
    });
  });

  it("covers every policy pair", () => {
    const tested = new Set([
      ...CASES.map(([p]) => p.name),
      all.noClientSecretsPolicy.name,
      all.deletionProtectedPolicy.name,
      all.environmentGovernedPolicy.name,
    ]);
    expect(
      policies
        .filter((p) => p.enforcementLevel === "mandatory")
        .map((p) => p.name)
        .sort(),
    ).toEqual([...tested].sort());
    expect(policies.map((p) => p.name)).toEqual(
      policies.flatMap((p, i) => (i % 2 === 0 ? [p.name, `${p.name}-advisory`] : [])),
    );
  });
});

describe("stack policy: every environment is governed", () => {
  const env = { type: "govai:powerplatform:Environment", name: "env", props: { environmentId: UNKNOWN } };
  const governed: FakeStackResource[] = [
    env,
    {
      type: "govai:powerplatform:ManagedEnvironment",
      name: "me",
      props: { environmentId: UNKNOWN },
      dependsOnInputs: { environmentId: ["env"] },
    },
    {
      type: "govai:powerplatform:EnvironmentSettings",
      name: "settings",
      props: { environmentId: UNKNOWN },
      dependsOnInputs: { environmentId: ["env"] },
    },
    {
      type: "govai:powerplatform:DataPolicy",
      name: "dlp",
      props: { environmentIds: [UNKNOWN] },
      dependsOnInputs: { environmentIds: ["env"] },
    },
  ];

  it("passes when each environment is referenced by its governing resources (by dependency, at preview)", async () => {
    expect(await runStackPolicy(all.environmentGovernedPolicy, governed)).toEqual({ violations: [] });
  });

  it("matches by known ids too (resources adopted or built outside the components)", async () => {
    const known: FakeStackResource[] = [
      { type: env.type, name: "env", props: { environmentId: "e-1" } },
      { type: "govai:powerplatform:ManagedEnvironment", name: "me", props: { environmentId: "e-1" } },
      { type: "govai:powerplatform:EnvironmentSettings", name: "settings", props: { environmentId: "e-1" } },
      { type: "govai:powerplatform:DataPolicy", name: "dlp", props: { environmentIds: ["e-0", "e-1"] } },
    ];
    expect(await runStackPolicy(all.environmentGovernedPolicy, known)).toEqual({ violations: [] });
  });

  it("names each environment and what it lacks", async () => {
    const bare = [
      ...governed.filter((r) => r.name !== "settings" && r.name !== "dlp"),
      { type: env.type, name: "rogue", props: { environmentId: UNKNOWN } },
    ];
    expect(await runStackPolicy(all.environmentGovernedPolicy, bare)).toEqual({
      violations: [
        "Environments without governance: env (no EnvironmentSettings, no DataPolicy); rogue (no ManagedEnvironment, no EnvironmentSettings, no DataPolicy).",
      ],
    });
  });

  it("is advisory in dev and not applicable without environments", async () => {
    const bare = [env];
    expect(await runStackPolicy(all.environmentGovernedPolicy, bare, { stack: "claims-dev" })).toEqual({
      violations: [],
      notApplicable: "security.environment-governed is advisory in dev",
    });
    expect(await runStackPolicy(all.environmentGovernedAdvisory, bare, { stack: "claims-dev" })).toEqual({
      violations: [
        "Environments without governance: env (no ManagedEnvironment, no EnvironmentSettings, no DataPolicy).",
      ],
    });
    expect(await runStackPolicy(all.environmentGovernedPolicy, [])).toEqual({
      violations: [],
      notApplicable: "the stack has no Power Platform environment",
    });
  });
});

describe("resources that lack an input a rule reads", () => {
  it.each([
    [all.dlpDefaultBlockedPolicy, "dataPolicy", "defaultGroup", "defaultGroup"],
    [all.sharingLimitedPolicy, "managedEnvironment", "sharing", "sharing.agents.editorSharingDisabled"],
    [all.solutionCheckerPolicy, "managedEnvironment", "solutionChecker", "solutionChecker.mode"],
    [all.networkPolicy, "environmentSettings", "firewall", "firewall"],
    [all.auditEnabledPolicy, "environmentSettings", "auditing", "auditing.enabled"],
    [all.auditRetentionPolicy, "environmentSettings", "auditing", "auditing.retentionDays"],
  ] as const)("%s reports a missing %s instead of passing or crashing", async (policy, key, drop, input) => {
    const r = await run(policy, key, (p) => {
      delete p[drop];
    });
    expect(r).toEqual({
      violations: [
        `res does not set ${input}, so ${policy.name.replace(/^govai-/, "").replace("-", ".")} cannot be checked.`,
      ],
    });
  });
});

describe("staging", () => {
  it("in dev the mandatory policy does not apply and the advisory one reports the same finding", async () => {
    const mutate = (p: Props) => {
      p.blocked = [];
    };
    expect(await run(all.unauthenticatedChatBlockedPolicy, "dataPolicy", mutate, { stack: "claims-dev" })).toEqual({
      violations: [],
      notApplicable: "security.unauthenticated-chat-blocked is advisory in dev",
    });
    const advisory = await run(all.unauthenticatedChatBlockedAdvisory, "dataPolicy", mutate, { stack: "claims-dev" });
    expect(advisory).toEqual({
      violations: ["The data policy does not block chat without Entra ID authentication (PvaAuth)."],
    });
    expect(all.unauthenticatedChatBlockedAdvisory.enforcementLevel).toBe("advisory");
    expect(await run(all.unauthenticatedChatBlockedAdvisory, "dataPolicy", mutate)).toEqual({
      violations: [],
      notApplicable: "security.unauthenticated-chat-blocked is mandatory in prod",
    });
  });

  it("stage-lenient rules accept dev values in dev (sensitive logging, audit firewall)", async () => {
    expect(
      await run(
        all.sensitiveLoggingOffAdvisory,
        "copilotTelemetry",
        (p) => {
          p.logSensitiveActivity = true;
        },
        { stack: "claims-dev" },
      ),
    ).toEqual({ violations: [] });
    expect(
      await run(
        all.networkPolicy,
        "environmentSettings",
        (p) => {
          p.firewall.mode = "audit";
        },
        { stack: "claims-test" },
      ),
    ).toEqual({ violations: [] });
  });

  it("prod-only rules apply nowhere else", async () => {
    expect(
      await run(all.deletionProtectedPolicy, "environment", undefined, { protect: false, stack: "claims-test" }),
    ).toEqual({
      violations: [],
      notApplicable: "rollback.deletion-protected is off in test",
    });
    expect(
      await run(all.deletionProtectedAdvisory, "environment", undefined, { protect: false, stack: "claims-dev" }),
    ).toEqual({
      violations: [],
      notApplicable: "rollback.deletion-protected is off in dev",
    });
  });

  it("the config stage wins over the stack tag, which wins over the stack name", async () => {
    const mutate = (p: Props) => {
      p.auditing.retentionDays = 100;
    };
    // 100 days pass test (90) and fail prod (365).
    expect(
      (await run(all.auditRetentionPolicy, "environmentSettings", mutate, { stack: "claims-test" })).violations,
    ).toEqual([]);
    expect(
      (
        await run(all.auditRetentionPolicy, "environmentSettings", mutate, {
          stack: "claims-test",
          stackTags: { "govai:stage": "prod" },
        })
      ).violations,
    ).toEqual(["Audit logs are kept 100 days; this stage requires at least 365."]);
    expect(
      (
        await run(all.auditRetentionPolicy, "environmentSettings", mutate, {
          stack: "claims-prod",
          stackTags: { "govai:stage": "prod" },
          config: { stage: "test" },
        })
      ).violations,
    ).toEqual([]);
  });

  it("thresholds are configurable", async () => {
    expect(
      (
        await run(all.auditRetentionPolicy, "environmentSettings", undefined, {
          config: { thresholds: { minAuditRetentionDays: { prod: 730 } } },
        })
      ).violations,
    ).toEqual(["Audit logs are kept 365 days; this stage requires at least 730."]);
  });
});

describe("stage detection", () => {
  const tags = (t: Record<string, string> = {}) => new Map(Object.entries(t));
  it.each([
    ["claims-prod", "prod"],
    ["claims_test", "test"],
    ["org.claims.dev", "dev"],
    ["prod", "prod"],
    ["production", undefined],
    ["claims-devx", undefined],
  ])("stack %s → %s", (stack, stage) => {
    expect(stageFromStackName(stack)).toBe(stage);
  });

  it("an unrecognisable stack is treated as prod (fail closed)", () => {
    expect(detectStage({ configured: undefined, stackTags: tags(), urn: "urn:pulumi:sandbox::p::t::n" })).toEqual({
      stage: "prod",
      source: "default",
    });
  });

  it("a misspelt stage in config or tag is an error, not a weaker stage", () => {
    expect(() => detectStage({ configured: "prd", stackTags: tags(), urn: "urn:pulumi:x-dev::p::t::n" })).toThrow(
      'Policy config stage "prd" is not one of dev, test, prod.',
    );
    expect(() =>
      detectStage({
        configured: undefined,
        stackTags: tags({ "govai:stage": "Prod" }),
        urn: "urn:pulumi:x-dev::p::t::n",
      }),
    ).toThrow('Stack tag govai:stage="Prod" is not one of dev, test, prod.');
  });
});

describe("unknown values at preview never fail a policy", () => {
  const paths: [Key, string[]][] = [
    ["dataPolicy", ["blocked"]],
    ["dataPolicy", ["defaultGroup"]],
    ["dataPolicy", ["business"]],
    ["dataPolicy", ["endpointRules"]],
    ["managedEnvironment", ["sharing"]],
    ["managedEnvironment", ["sharing", "agents", "mode"]],
    ["managedEnvironment", ["solutionChecker", "mode"]],
    ["environmentSettings", ["auditing"]],
    ["environmentSettings", ["auditing", "retentionDays"]],
    ["environmentSettings", ["firewall", "mode"]],
    ["applicationUser", ["roles"]],
    ["copilotTelemetry", ["botId"]],
    ["copilotTelemetry", ["logSensitiveActivity"]],
    ["environment", ["dataverse", "securityGroupId"]],
    ["workspace", ["retentionInDays"]],
    ["actionGroup", ["emailReceivers"]],
    ["federatedCredential", ["subject"]],
  ];
  const concerned = (key: Key) =>
    resourcePolicies
      .filter((p) => p.enforcementLevel === "mandatory")
      .filter((p) => CASES.some(([c, k]) => c === p && k === key));
  it.each(paths)("%s %j", async (key, path) => {
    const mutate = (p: Props) => {
      let o = p;
      for (const k of path.slice(0, -1)) o = o[k];
      o[path.at(-1)!] = UNKNOWN;
    };
    const runs = await Promise.all(concerned(key).map((p) => run(p, key, mutate)));
    expect(runs.length).toBeGreaterThan(0);
    for (const r of runs) expect(r.violations).toEqual([]);
    expect(runs.some((r) => r.unknownAtPreview !== undefined)).toBe(true);
  });

  it("names the unknown path like the engine does", async () => {
    const r = await run(all.auditRetentionPolicy, "environmentSettings", (p) => {
      p.auditing.retentionDays = UNKNOWN;
    });
    expect(r).toEqual({
      violations: [],
      unknownAtPreview: "string value at .auditing.retentionDays can't be known during preview",
    });
  });
});

describe("policy metadata", () => {
  it("names, levels and remediation come from the gate's rules", () => {
    expect(policyName("security.no-client-secrets", "mandatory")).toBe("govai-security-no-client-secrets");
    const p = all.noClientSecretsPolicy;
    expect({
      name: p.name,
      enforcementLevel: p.enforcementLevel,
      severity: p.severity,
      remediationSteps: p.remediationSteps,
    }).toEqual({
      name: "govai-security-no-client-secrets",
      enforcementLevel: "mandatory",
      severity: "critical",
      remediationSteps:
        "Remove the client secret (identities.deployment.clientSecret) and authenticate the pipeline with a federated credential (OIDC).",
    });
    expect(new Set(policies.map((x) => x.name)).size).toBe(policies.length);
    expect(policies.every((x) => x.name !== "all" && !("enforcementLevel" in (x.configSchema?.properties ?? {})))).toBe(
      true,
    );
  });
});
