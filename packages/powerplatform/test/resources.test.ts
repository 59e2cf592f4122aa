import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";

// Proves the resource classes register the right type tokens and inputs, expose every output, and keep the
// Copilot connection string secret. setMocks must run before the classes are constructed.
const seen: pulumi.runtime.MockResourceArgs[] = [];
const value = <T>(o: pulumi.Output<T>) =>
  new Promise<T>((ok) =>
    o.apply((v) => {
      ok(v);
      return v;
    }),
  );

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        seen.push(a);
        const extra: Record<string, unknown> =
          a.type === "govai:powerplatform:Environment"
            ? { environmentId: "env-1", dataverseUrl: "https://x.crm4.dynamics.com/", tenantId: "t", state: "Ready" }
            : {};
        return { id: a.id ?? `${a.name}-id`, state: { ...a.inputs, ...extra } };
      },
      call: (a) => {
        throw new Error(`unmocked invoke ${a.token}`);
      },
    },
    "proj",
    "unit",
    false,
  );
});

describe("resource classes", () => {
  it("registers every resource with its type token and inputs", async () => {
    const r = await import("../src/index.ts");
    const env = new r.Environment("dev", {
      displayName: "Claims (dev)",
      environmentType: "Sandbox",
      location: "europe",
      azureRegion: "westeurope",
      dataverse: { language: 1033, currency: "EUR", domain: "claims-dev", securityGroupId: undefined },
    });
    const me = new r.ManagedEnvironment("dev-me", {
      environmentId: env.environmentId,
      sharing: {
        apps: { groupSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxUsers: 20 },
        flows: { mode: "disableSharing" },
        agents: { editorSharingDisabled: true, mode: "excludeSharingToSecurityGroups", maxViewers: 20 },
      },
      solutionChecker: { mode: "block", ruleOverrides: [], suppressValidationEmails: true },
      usageInsights: true,
      makerWelcome: undefined,
    });
    const tel = new r.CopilotTelemetry("agent", {
      environmentId: env.environmentId,
      botId: "bot",
      connectionString: "InstrumentationKey=k",
      logActivities: true,
      logActions: true,
      logSensitiveActivity: false,
    });
    const admin = new r.AdminApplication("sp", { applicationId: "11111111-1111-1111-1111-111111111111" });
    expect(await value(env.dataverseUrl)).toBe("https://x.crm4.dynamics.com/");
    expect(await value(me.environmentId)).toBe("env-1");
    expect(await value(tel.connectionString)).toBe("InstrumentationKey=k");
    expect(await pulumi.isSecret(tel.connectionString)).toBe(true);
    await value(admin.urn);
    expect(seen.map((s) => [s.type, s.name]).sort()).toEqual([
      ["govai:powerplatform:AdminApplication", "sp"],
      ["govai:powerplatform:CopilotTelemetry", "agent"],
      ["govai:powerplatform:Environment", "dev"],
      ["govai:powerplatform:ManagedEnvironment", "dev-me"],
    ]);
    expect(seen.find((s) => s.name === "dev")?.inputs).toEqual({
      displayName: "Claims (dev)",
      environmentType: "Sandbox",
      location: "europe",
      azureRegion: "westeurope",
      dataverse: { language: 1033, currency: "EUR", domain: "claims-dev" },
    });
    expect(r.Environment.isInstance(env)).toBe(true);
    expect(r.Environment.isInstance(me)).toBe(false);
    expect(r.ManagedEnvironment.isInstance(me)).toBe(true);
    expect(r.DataPolicy.__pulumiType).toBe("govai:powerplatform:DataPolicy");
    expect(r.EnvironmentSettings.__pulumiType).toBe("govai:powerplatform:EnvironmentSettings");
    expect(r.ApplicationUser.__pulumiType).toBe("govai:powerplatform:ApplicationUser");
  });

  it("registers a SolutionDeployment with its inputs and no outputs set by the program", async () => {
    const r = await import("../src/index.ts");
    const agent = new r.SolutionDeployment("claims-agent", {
      environmentId: "env-1",
      uniqueName: "ClaimsAgent",
      version: "1.2.0.0",
      solutionFile: "artifacts/ClaimsAgent_1_2_0_0_managed.zip",
      sha256: "a".repeat(64),
      deploymentSettings: { environmentVariables: { cr_Url: "https://x" } },
      rollback: { strategy: "uninstallAndReinstall", rtoMinutes: 60 },
    });
    await value(agent.urn);
    expect(r.SolutionDeployment.isInstance(agent)).toBe(true);
    expect(seen.find((s) => s.name === "claims-agent")?.inputs).toEqual({
      environmentId: "env-1",
      uniqueName: "ClaimsAgent",
      version: "1.2.0.0",
      solutionFile: "artifacts/ClaimsAgent_1_2_0_0_managed.zip",
      sha256: "a".repeat(64),
      deploymentSettings: { environmentVariables: { cr_Url: "https://x" } },
      rollback: { strategy: "uninstallAndReinstall", rtoMinutes: 60 },
    });
    expect(seen.find((s) => s.name === "claims-agent")?.type).toBe("govai:powerplatform:SolutionDeployment");
  });

  it("reads an existing resource by id with get()", async () => {
    const r = await import("../src/index.ts");
    const got = r.DataPolicy.get("imported", "policy-guid");
    expect(await value(got.id)).toBe("policy-guid");
  });

  it("registers an EnvironmentGroup and its rule set, the package root exporting the classes over the client's types", async () => {
    const r = await import("../src/index.ts");
    const group = new r.EnvironmentGroup("developer", { displayName: "Developer environments" });
    const rules = new r.EnvironmentGroupRuleSet("developer-rules", {
      groupId: "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
      rules: { usageInsights: true, backupRetentionDays: 14 },
    });
    expect(await value(rules.groupId)).toBe("9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d");
    await value(group.urn);
    expect(seen.find((s) => s.name === "developer")).toMatchObject({
      type: "govai:powerplatform:EnvironmentGroup",
      inputs: { displayName: "Developer environments" },
    });
    expect(seen.find((s) => s.name === "developer-rules")).toMatchObject({
      type: "govai:powerplatform:EnvironmentGroupRuleSet",
      inputs: {
        groupId: "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d",
        rules: { usageInsights: true, backupRetentionDays: 14 },
      },
    });
    expect(r.EnvironmentGroup.isInstance(group)).toBe(true);
    expect(r.EnvironmentGroupRuleSet.isInstance(group)).toBe(false);
    expect(r.EnvironmentGroupRuleSet.get("imported", "group-guid").id).toBeDefined();
  });

  it("every class exposes, as Outputs, each input and output of its description, also when read with get()", async () => {
    const r = (await import("../src/index.ts")) as unknown as Record<
      string,
      { get(name: string, id: string): Record<string, unknown> }
    >;
    const { DESCRIPTIONS } = await import("../src/provider/descriptions.ts");
    const missing: string[] = [];
    for (const d of Object.values(DESCRIPTIONS)) {
      const cls = r[d.name];
      if (cls === undefined) {
        missing.push(`${d.name}: no class`);
        continue;
      }
      const got = cls.get(`read-${d.name}`, `${d.name}-id`);
      const keys = [...Object.keys(d.inputs.shape), ...Object.keys(d.outputs.shape)];
      for (const key of keys) if (!pulumi.Output.isInstance(got[key])) missing.push(`${d.name}.${key}`);
      await value(got.urn as pulumi.Output<string>);
    }
    expect(missing).toEqual([]);
    expect(Object.keys(DESCRIPTIONS).length).toBe(13);
  });

  it("a class keeps its secret inputs secret: the description's secret mark reaches the registered property", async () => {
    const { CopilotTelemetryProperties } = await import("../src/resources/args.ts");
    const { registeredProperties, registeredOptions } = await import("../src/resources/common.ts");
    expect(CopilotTelemetryProperties.secrets).toEqual(["connectionString"]);
    const props = registeredProperties(CopilotTelemetryProperties, { connectionString: "InstrumentationKey=k" });
    expect(await pulumi.isSecret(props.connectionString as pulumi.Output<string>)).toBe(true);
    expect(registeredOptions(CopilotTelemetryProperties, { protect: true })).toMatchObject({
      protect: true,
      additionalSecretOutputs: ["connectionString"],
    });
    expect(props.environmentId).toBeUndefined();
  });
});
