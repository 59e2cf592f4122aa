/**
 * The CI/CD templates `govai init --ci` writes: they pass the structural checks of workflow-lint.ts, promote
 * dev → test → gate → prod, and every job that signs in presents exactly an OIDC subject the spec's deployment identity
 * of its stage trusts, while no pull-request job presents one. Built from the policy-lookup example (GitHub
 * credentials) and from init's own template with Azure DevOps credentials.
 */
import { loadWorkloadFile, loadWorkloadText, type StageName, type WorkloadModel } from "@govai/spec";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  azureDevOpsStages,
  azurePipeline,
  CiTemplateError,
  githubStages,
  githubWorkflows,
  POLICY_PACK,
} from "../src/ci-templates.ts";
import { workloadTemplate } from "../src/commands/init.ts";
import { lintAzurePipeline, lintGithubWorkflow } from "./workflow-lint.ts";

async function load(file: string): Promise<WorkloadModel> {
  const r = await loadWorkloadFile(file);
  if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.errors)}`);
  return r.model;
}

const example = await load("examples/policy-lookup-agent/workload.yaml");
const minimal = await load("examples/minimal/workload.yaml");
const ORG_ID = "6b0e2c8a-1d3f-4a5b-9c7d-0e1f2a3b4c5d";
/** A GitHub Actions expression, `${{ e }}` (spelt so that no string here looks like a forgotten interpolation). */
const ex = (e: string) => `$\{{ ${e} }}`;
const adoCredential = (stage: string, connection = `claims-agent-${stage}`) =>
  `azure-devops-${stage}: { azureDevOps: { organization: contoso, project: claims, serviceConnection: ${connection}, organizationId: ${ORG_ID} } }`;
function fromTemplate(credentials: Partial<Record<StageName, string>>): WorkloadModel {
  const r = loadWorkloadText(
    workloadTemplate("claims-agent", "schema.json", credentials),
    "claims-agent/workload.yaml",
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.model;
}
const adoModel = fromTemplate({ dev: adoCredential("dev"), test: adoCredential("test"), prod: adoCredential("prod") });

/** The deployment credential subjects the spec declares for a stage. */
const specSubjects = (model: WorkloadModel, stage: StageName) =>
  Object.values(model.stages[stage]!.identities.deployment.federatedCredentials).map((c) => c.subject);

type Job = {
  needs?: string;
  environment?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix: Record<string, unknown> };
  steps: Array<{ uses?: string; run?: string; with?: Record<string, string> }>;
};
type Workflow = { on: Record<string, unknown>; env: Record<string, string>; jobs: Record<string, Job> };

describe("GitHub Actions", () => {
  const [pullRequest, deploy] = githubWorkflows(example, "examples/policy-lookup-agent/workload.yaml");
  const pr = parse(pullRequest!.text) as Workflow;
  const up = parse(deploy!.text) as Workflow;

  it("reads each stage's deploy environment and repository from the spec's deployment credentials", () => {
    expect(githubStages(example)).toEqual(
      (["dev", "test", "prod"] as const).map((stage) => ({
        stage,
        stack: `policy-lookup-${stage}`,
        environment: stage,
        repo: "contoso-fs/policy-lookup-agent",
        subject: `repo:contoso-fs/policy-lookup-agent:environment:${stage}`,
      })),
    );
  });

  it("writes two workflows that pass the structural checks", () => {
    expect([pullRequest!.path, deploy!.path]).toEqual([
      ".github/workflows/govai-policy-lookup-pull-request.yml",
      ".github/workflows/govai-policy-lookup-deploy.yml",
    ]);
    expect(lintGithubWorkflow(pullRequest!.text)).toEqual([]);
    expect(lintGithubWorkflow(deploy!.text)).toEqual([]);
  });

  it("deploys on main dev → test → gate → prod, each deploy job in its stage's environment and alone holding id-token: write", () => {
    expect(Object.keys(up.on)).toEqual(["push", "workflow_dispatch"]);
    expect(
      Object.entries(up.jobs).map(([id, j]) => [id, j.needs ?? null, j.environment ?? null, j.permissions ?? null]),
    ).toEqual([
      ["dev", null, "dev", { contents: "read", "id-token": "write" }],
      ["test", "dev", "test", { contents: "read", "id-token": "write" }],
      ["gate-prod", "test", null, null],
      ["prod", "gate-prod", "prod", { contents: "read", "id-token": "write" }],
    ]);
    expect(up.jobs["gate-prod"]!.steps.at(-1)!.run).toBe('npx govai gate "$SPEC" --stage prod');
    for (const stage of ["dev", "test", "prod"]) {
      expect(up.jobs[stage]!.steps.at(-1)!.run).toBe(
        `pulumi up --yes --stack policy-lookup-${stage} --policy-pack "$POLICY_PACK" --non-interactive`,
      );
    }
    expect(up.env.POLICY_PACK).toBe(POLICY_PACK);
  });

  it("signs each deploy job in with exactly a subject the spec's deployment identity of its stage trusts", () => {
    for (const stage of ["dev", "test", "prod"] as const) {
      const job = up.jobs[stage]!;
      const login = job.steps.find((s) => s.uses?.startsWith("azure/login@"))!;
      expect(login.with).toEqual({
        "client-id": ex("vars.AZURE_CLIENT_ID"),
        "tenant-id": ex("vars.AZURE_TENANT_ID"),
        "subscription-id": ex("vars.AZURE_SUBSCRIPTION_ID"),
      });
      const subject = `repo:${up.env.GOVAI_REPOSITORY}:environment:${job.environment}`;
      expect(specSubjects(example, stage)).toContain(subject);
    }
  });

  it("validates, posts the governance diff and previews every stack on a pull request, signed in as no deployment identity", () => {
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
    const runs = pr.jobs.review!.steps.flatMap((s) => (s.run ? [s.run] : []));
    expect(runs).toEqual([
      "npm ci",
      'npx govai validate "$SPEC"',
      'npx govai diff "origin/$BASE_REF:$SPEC" "$SPEC" --format markdown --out governance-diff.md',
    ]);
    expect(pr.jobs.review!.steps.at(-1)!.uses).toBe("actions/github-script@v7");
    expect(pr.jobs.review!.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(pr.jobs.preview!.strategy!.matrix).toEqual({
      stack: ["policy-lookup-dev", "policy-lookup-test", "policy-lookup-prod"],
    });
    expect(pr.jobs.preview!.steps.at(-1)!.run).toBe(
      'pulumi preview --stack "$STACK" --policy-pack "$POLICY_PACK" --diff --non-interactive',
    );
    // No environment: a pull-request job's token says repo:<repo>:pull_request, which no deployment identity trusts.
    const prSubject = "repo:contoso-fs/policy-lookup-agent:pull_request";
    for (const job of Object.values(pr.jobs)) expect(job.environment).toBeUndefined();
    for (const stage of ["dev", "test", "prod"] as const) expect(specSubjects(example, stage)).not.toContain(prSubject);
    const login = pr.jobs.preview!.steps.find((s) => s.uses?.startsWith("azure/login@"))!;
    expect(login.with?.["client-id"]).toBe(ex("vars.AZURE_PREVIEW_CLIENT_ID"));
  });

  it("deploys only the stages the spec has: a prod-only workload gets the gate and prod", () => {
    const prodOnly = { ...example, stages: { prod: example.stages.prod } } as WorkloadModel;
    const [pr1, deploy1] = githubWorkflows(prodOnly, "examples/policy-lookup-agent/workload.yaml");
    expect([lintGithubWorkflow(pr1!.text), lintGithubWorkflow(deploy1!.text)]).toEqual([[], []]);
    const jobs = (parse(deploy1!.text) as Workflow).jobs;
    expect(Object.entries(jobs).map(([id, j]) => [id, j.needs ?? null, j.environment ?? null])).toEqual([
      ["gate-prod", null, null],
      ["prod", "gate-prod", "prod"],
    ]);
    expect((parse(pr1!.text) as Workflow).jobs.preview!.strategy!.matrix).toEqual({ stack: ["policy-lookup-prod"] });
  });

  it("refuses a spec whose stages name no GitHub environment credential, saying what to add", () => {
    expect(() => githubStages(minimal)).toThrow(CiTemplateError);
    expect(() => githubStages(minimal)).toThrowError(
      expect.objectContaining({
        problems: (["dev", "test", "prod"] as const).map(
          (stage) =>
            `stages.${stage}.identities.deployment.federatedCredentials: no GitHub environment credential (the ${stage} deploy job signs in as repo:<org>/<repo>:environment:<environment>); add github-${stage}: { github: { repo: <org>/<repo>, environment: ${stage} } }`,
        ),
      }),
    );
  });

  it("refuses two stages deploying from one GitHub environment (prod's reviewers would guard test too)", () => {
    const shared = (stage: string) => `github-${stage}: { github: { repo: contoso/claims, environment: shared } }`;
    const model = fromTemplate({ dev: shared("dev"), test: shared("test"), prod: shared("prod") });
    expect(() => githubStages(model)).toThrowError(
      expect.objectContaining({
        problems: [
          "stages.test.identities.deployment.federatedCredentials: dev and test both deploy from the GitHub environment shared; give each stage its own, so prod's reviewers guard prod alone",
          "stages.prod.identities.deployment.federatedCredentials: test and prod both deploy from the GitHub environment shared; give each stage its own, so prod's reviewers guard prod alone",
        ],
      }),
    );
  });
});

type AdoStep = { task?: string; script?: string; inputs?: Record<string, string> };
type AdoJob = {
  job?: string;
  deployment?: string;
  environment?: string;
  steps?: AdoStep[];
  strategy?: { runOnce?: { deploy: { steps: AdoStep[] } }; matrix?: Record<string, { STACK: string }> };
};
type AdoStage = { stage: string; dependsOn?: string[]; condition?: string; jobs: AdoJob[] };
type Pipeline = { variables: Array<{ name?: string; value?: string; group?: string }>; stages: AdoStage[] };

describe("Azure Pipelines", () => {
  const [file] = azurePipeline(adoModel, "claims-agent/workload.yaml");
  const pipeline = parse(file!.text) as Pipeline;
  const variable = (name: string) => pipeline.variables.find((v) => v.name === name)?.value;

  it("reads each stage's service connection from the spec's Azure DevOps credentials", () => {
    expect(azureDevOpsStages(adoModel)).toEqual(
      (["dev", "test", "prod"] as const).map((stage) => ({
        stage,
        stack: `claims-agent-${stage}`,
        project: "contoso/claims",
        serviceConnection: `claims-agent-${stage}`,
        environment: `claims-agent-${stage}`,
        subject: `sc://contoso/claims/claims-agent-${stage}`,
      })),
    );
  });

  it("writes one pipeline that passes the structural checks", () => {
    expect(file!.path).toBe("azure-pipelines/govai-claims-agent.yml");
    expect(lintAzurePipeline(file!.text)).toEqual([]);
  });

  it("reviews pull requests and deploys the main branch dev → test → gate → prod in environments", () => {
    const notPr = "and(succeeded(), ne(variables['Build.Reason'], 'PullRequest'))";
    expect(pipeline.stages.map((s) => [s.stage, s.dependsOn ?? null, s.condition])).toEqual([
      ["review", null, "eq(variables['Build.Reason'], 'PullRequest')"],
      ["dev", [], notPr],
      ["test", ["dev"], notPr],
      ["gate_prod", ["test"], notPr],
      ["prod", ["gate_prod"], notPr],
    ]);
    const review = pipeline.stages[0]!.jobs;
    expect(review[0]!.steps!.flatMap((s) => (s.script ? [s.script.trim().split("\n")[0]] : []))).toEqual([
      "npm ci",
      'npx govai validate "$(SPEC)"',
      'npx govai diff "origin/$(System.PullRequest.TargetBranchName):$(SPEC)" "$(SPEC)" --format markdown --out governance-diff.md',
      `node -e 'process.stdout.write(JSON.stringify({ comments: [{ parentCommentId: 0, content: require("node:fs").readFileSync("governance-diff.md", "utf8"), commentType: 1 }], status: 1 }))' > thread.json`,
    ]);
    expect(Object.values(review[1]!.strategy!.matrix!).map((m) => m.STACK)).toEqual([
      "claims-agent-dev",
      "claims-agent-test",
      "claims-agent-prod",
    ]);
    expect(pipeline.stages[3]!.jobs[0]!.steps!.at(-1)!.script).toBe('npx govai gate "$(SPEC)" --stage prod');
  });

  it("signs each deployment in through a service connection whose subject the spec's identity of that stage trusts", () => {
    for (const stage of ["dev", "test", "prod"] as const) {
      const job = pipeline.stages.find((s) => s.stage === stage)!.jobs[0]!;
      expect([job.deployment, job.environment]).toEqual(["up", `claims-agent-${stage}`]);
      const cli = job.strategy!.runOnce!.deploy.steps.find((s) => s.task === "AzureCLI@2")!;
      const subject = `sc://${variable("GOVAI_AZURE_DEVOPS_PROJECT")}/${cli.inputs!.azureSubscription}`;
      expect(specSubjects(adoModel, stage)).toContain(subject);
      expect(cli.inputs!.inlineScript).toContain(
        `pulumi up --yes --stack claims-agent-${stage} --policy-pack "$(POLICY_PACK)" --non-interactive`,
      );
    }
    const preview = pipeline.stages[0]!.jobs[1]!.steps!.find((s) => s.task === "AzureCLI@2")!;
    const previewSubject = `sc://${variable("GOVAI_AZURE_DEVOPS_PROJECT")}/${preview.inputs!.azureSubscription}`;
    for (const stage of ["dev", "test", "prod"] as const)
      expect(specSubjects(adoModel, stage)).not.toContain(previewSubject);
  });

  it("refuses a spec whose stages have no Azure DevOps credential, or credentials of two projects", () => {
    expect(() => azureDevOpsStages(example)).toThrowError(
      expect.objectContaining({
        problems: (["dev", "test", "prod"] as const).map(
          (stage) =>
            `stages.${stage}.identities.deployment.federatedCredentials: no Azure DevOps credential (the ${stage} stage signs in through a service connection with workload identity federation); add azure-devops-${stage}: { azureDevOps: { organization: <organization>, project: <project>, serviceConnection: policy-lookup-${stage}, organizationId: <organization id> } }`,
        ),
      }),
    );
    const other = `azure-devops-prod: { azureDevOps: { organization: contoso, project: other, serviceConnection: x, organizationId: ${ORG_ID} } }`;
    expect(() =>
      azureDevOpsStages(fromTemplate({ dev: adoCredential("dev"), test: adoCredential("test"), prod: other })),
    ).toThrowError(
      expect.objectContaining({
        problems: [
          "the deployment credentials name several Azure DevOps projects (dev: contoso/claims, test: contoso/claims, prod: contoso/other); one pipeline runs in one project",
        ],
      }),
    );
  });
});

describe("the structural checks find what they claim to", () => {
  const [, deploy] = githubWorkflows(example, "examples/policy-lookup-agent/workload.yaml");
  const text = deploy!.text;
  const [pipelineFile] = azurePipeline(adoModel, "claims-agent/workload.yaml");

  it("an unpinned action, an unknown need, a secret, a missing id-token and an unclosed expression", () => {
    const broken = text
      .replace("      - uses: actions/checkout@v4\n", "      - uses: actions/checkout@main\n")
      .replace("    needs: dev\n", "    needs: build\n")
      .replace(`          tenant-id: ${ex("vars.AZURE_TENANT_ID")}\n`, `          tenant-id: ${ex("secrets.TENANT")}\n`)
      .replace(
        '  prod:\n    name: "Deploy prod (policy-lookup-prod)"\n    needs: gate-prod\n    runs-on: ubuntu-latest\n    # The token\'s subject is repo:contoso-fs/policy-lookup-agent:environment:prod: the prod deployment identity trusts exactly this.\n    environment: "prod"\n    permissions:\n      contents: read\n      id-token: write\n',
        '  prod:\n    name: "Deploy prod (policy-lookup-prod)"\n    needs: gate-prod\n    runs-on: ubuntu-latest\n    environment: "prod"\n    permissions:\n      contents: read\n',
      )
      .replace("  GOVAI_REPOSITORY:", `  BROKEN: $\{{ github.sha\n  GOVAI_REPOSITORY:`);
    expect(lintGithubWorkflow(broken)).toEqual([
      "jobs.dev.steps[1]: 'actions/checkout@main' is not pinned to a version",
      "jobs.dev.steps[4].with.tenant-id: reads a secret (secrets.TENANT); the pipelines hold none",
      "jobs.test: needs unknown job 'build'",
      "jobs.prod: signs in with OIDC but has no id-token: write",
      `env.BROKEN: expression '$\{{ github.sha' does not close with }}`,
    ]);
  });

  it("an unpinned task, an unknown stage dependency and a step with two actions", () => {
    const broken = pipelineFile!.text
      .replace("          - task: AzureCLI@2\n", "          - task: AzureCLI\n")
      .replace("    dependsOn: [gate_prod]\n", "    dependsOn: [gate]\n")
      .replace(
        "          - script: npx govai validate",
        "          - task: Npm@1\n            script: npx govai validate",
      );
    expect(lintAzurePipeline(broken)).toEqual([
      "stages[0].jobs[0].steps[3]: needs exactly one of script, bash, task or checkout",
      "stages[0].jobs[0].steps[3]: task without inputs",
      "stages[0].jobs[1].steps[3]: task 'AzureCLI' is not pinned to a major version",
      "stages.prod: dependsOn unknown stage 'gate'",
    ]);
  });
});
