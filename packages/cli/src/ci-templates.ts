/**
 * CI/CD pipelines for one workload, written from its resolved spec so that what a pipeline signs in as is what the
 * spec's deployment identities trust (`govai init <name> --ci github|azure-devops`).
 *
 * Both pipelines do the same: on a pull request, `govai validate`, the governance diff posted on the pull request
 * (markdown) and `pulumi preview` of every stage with the govai policy pack, signed in as a read-only preview identity
 * that is not in the spec (a pull request must never sign in as a deployment identity: the gate's
 * `security.no-pull-request-deployment`); on the main branch, `pulumi up` stage after stage (dev → test → prod), each
 * in the environment whose OIDC subject the stage's deployment identity trusts, and `govai gate --stage prod` before
 * prod, whose environment carries the required approvals. No pipeline holds a secret.
 *
 * Pure: a model and a spec path in, file texts out. The subjects come from the model's federated credentials
 * (`@govai/spec` resolves the spec's GitHub and Azure DevOps forms to `repo:<org>/<repo>:environment:<env>` and
 * `sc://<organization>/<project>/<service connection>`).
 */
import { type FederatedCredential, GITHUB_ISSUER, STAGES, type StageName, type WorkloadModel } from "@govai/spec";

/** The CI systems `govai init --ci` writes for. */
export const CI_KINDS = ["github", "azure-devops"] as const;
/** A CI system `govai init --ci` writes for. */
export type CiKind = (typeof CI_KINDS)[number];

/** Where the installed policy pack lives in a project that depends on `@govai/gate`. */
export const POLICY_PACK = "node_modules/@govai/gate/policy-pack";
/** Version of the Pulumi CLI the pipelines install: the one of the `@pulumi/pulumi` SDK the packages are built on. */
export const PULUMI_CLI_VERSION = "3.276.0";

const ADO_ISSUER = "https://vstoken.dev.azure.com/";

/** The deployment of one stage in GitHub Actions: the environment its job runs in and the repository it runs from. */
export interface GithubStage {
  stage: StageName;
  /** Pulumi stack of the stage: `<workload>-<stage>`. */
  stack: string;
  /** GitHub environment of the stage's deploy job; the token's subject is `repo:<repo>:environment:<environment>`. */
  environment: string;
  /** `org/name` of the repository the deployment identity trusts. */
  repo: string;
  /** The OIDC subject the deploy job's token carries (equal to one of the stage's deployment credentials). */
  subject: string;
}

/** The deployment of one stage in Azure Pipelines: the service connection it signs in through. */
export interface AzureDevOpsStage {
  stage: StageName;
  /** Pulumi stack of the stage: `<workload>-<stage>`. */
  stack: string;
  /** Azure DevOps organization and project, `organization/project`. */
  project: string;
  /** Service connection (workload identity federation) of the stage; subject `sc://<project>/<serviceConnection>`. */
  serviceConnection: string;
  /** Azure DevOps environment of the stage's deployment job (approvals and checks live there). */
  environment: string;
  /** The OIDC subject the service connection's token carries (equal to one of the stage's deployment credentials). */
  subject: string;
}

/** Why pipelines cannot be written from a spec: one line per problem, each naming the spec path to change. */
export class CiTemplateError extends Error {
  readonly problems: string[];
  constructor(kind: CiKind, problems: string[]) {
    super(`cannot write the ${kind} pipelines from this spec:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "CiTemplateError";
    this.problems = problems;
  }
}

/** The stages the spec deploys, in promotion order. */
function stagesOf(model: WorkloadModel): StageName[] {
  return STAGES.filter((s) => model.stages[s] !== undefined);
}

const credentialsPath = (stage: StageName) => `stages.${stage}.identities.deployment.federatedCredentials`;

/**
 * The one deployment credential of each stage that `match` recognises, in promotion order. A stage with none or with
 * several adds the line `none` or `several` gives to `problems` and is left out.
 */
function onePerStage<T>(
  model: WorkloadModel,
  problems: string[],
  match: (credential: FederatedCredential) => T | undefined,
  none: (stage: StageName) => string,
  several: (stage: StageName, keys: string[]) => string,
): Array<{ stage: StageName; credential: T }> {
  const found: Array<{ stage: StageName; credential: T }> = [];
  for (const stage of stagesOf(model)) {
    const creds = Object.entries(model.stages[stage]!.identities.deployment.federatedCredentials);
    const matched = creds.flatMap(([key, c]) => {
      const m = match(c);
      return m === undefined ? [] : [{ key, credential: m }];
    });
    const keys = matched.map((m) => m.key);
    if (keys.length === 0) problems.push(none(stage));
    else if (keys.length > 1) problems.push(several(stage, keys));
    else found.push({ stage, credential: matched[0]!.credential });
  }
  return found;
}

/**
 * The GitHub Actions deployment of every stage, read from the spec's deployment credentials: each stage needs exactly
 * one credential of the form `repo:<org>/<repo>:environment:<env>` (a deploy job in a GitHub environment, where
 * required reviewers can guard it), all of one repository.
 * @throws CiTemplateError naming every stage without such a credential, with the line to add.
 */
export function githubStages(model: WorkloadModel): GithubStage[] {
  const problems: string[] = [];
  const found: GithubStage[] = onePerStage(
    model,
    problems,
    (c) => {
      const m = c.issuer === GITHUB_ISSUER ? /^repo:([^:]+\/[^:]+):environment:(.+)$/.exec(c.subject) : null;
      return m ? { repo: m[1] as string, environment: m[2] as string, subject: c.subject } : undefined;
    },
    (stage) =>
      `${credentialsPath(stage)}: no GitHub environment credential (the ${stage} deploy job signs in as repo:<org>/<repo>:environment:<environment>); add ${stage === "prod" ? "github-prod" : `github-${stage}`}: { github: { repo: <org>/<repo>, environment: ${stage} } }`,
    (stage, keys) =>
      `${credentialsPath(stage)}: ${keys.join(", ")} are all GitHub environment credentials; keep one, so the ${stage} deploy job has one environment`,
  ).map(({ stage, credential: e }) => ({
    stage,
    stack: `${model.metadata.name}-${stage}`,
    environment: e.environment,
    repo: e.repo,
    subject: e.subject,
  }));
  const repos = [...new Set(found.map((s) => s.repo))];
  if (repos.length > 1) {
    problems.push(
      `the deployment credentials trust several repositories (${found.map((s) => `${s.stage}: ${s.repo}`).join(", ")}); one workflow runs from one repository`,
    );
  }
  const environments = new Map<string, StageName>();
  for (const s of found) {
    const other = environments.get(s.environment);
    if (other) {
      problems.push(
        `${credentialsPath(s.stage)}: ${other} and ${s.stage} both deploy from the GitHub environment ${s.environment}; give each stage its own, so prod's reviewers guard prod alone`,
      );
    }
    environments.set(s.environment, s.stage);
  }
  if (problems.length) throw new CiTemplateError("github", problems);
  return found;
}

/**
 * The Azure Pipelines deployment of every stage, read from the spec's deployment credentials: each stage needs exactly
 * one Azure DevOps credential (`sc://<organization>/<project>/<service connection>`), all of one project.
 * @throws CiTemplateError naming every stage without such a credential, with the line to add.
 */
export function azureDevOpsStages(model: WorkloadModel): AzureDevOpsStage[] {
  const problems: string[] = [];
  const found: AzureDevOpsStage[] = onePerStage(
    model,
    problems,
    (c) => {
      const m = c.issuer.startsWith(ADO_ISSUER) ? /^sc:\/\/([^/]+\/[^/]+)\/([^/]+)$/.exec(c.subject) : null;
      return m ? { project: m[1] as string, serviceConnection: m[2] as string, subject: c.subject } : undefined;
    },
    (stage) =>
      `${credentialsPath(stage)}: no Azure DevOps credential (the ${stage} stage signs in through a service connection with workload identity federation); add azure-devops-${stage}: { azureDevOps: { organization: <organization>, project: <project>, serviceConnection: ${model.metadata.name}-${stage}, organizationId: <organization id> } }`,
    (stage, keys) =>
      `${credentialsPath(stage)}: ${keys.join(", ")} are all Azure DevOps credentials; keep one, so the ${stage} stage has one service connection`,
  ).map(({ stage, credential: c }) => ({
    stage,
    stack: `${model.metadata.name}-${stage}`,
    project: c.project,
    serviceConnection: c.serviceConnection,
    environment: `${model.metadata.name}-${stage}`,
    subject: c.subject,
  }));
  const projects = [...new Set(found.map((s) => s.project))];
  if (projects.length > 1) {
    problems.push(
      `the deployment credentials name several Azure DevOps projects (${found.map((s) => `${s.stage}: ${s.project}`).join(", ")}); one pipeline runs in one project`,
    );
  }
  if (problems.length) throw new CiTemplateError("azure-devops", problems);
  return found;
}

/** A file a template writes, relative to the project root (where Pulumi.yaml is). */
export interface CiFile {
  path: string;
  text: string;
}

/** A YAML double-quoted scalar (JSON strings are valid YAML). */
const q = (s: string) => JSON.stringify(s);

/** The paths whose change concerns the workload: its spec folder, its stack files, the program and its dependencies. */
function watchedPaths(name: string, specPath: string): string[] {
  const folder = specPath.includes("/") ? `${specPath.slice(0, specPath.lastIndexOf("/"))}/**` : specPath;
  return [folder, `stacks/Pulumi.${name}-*.yaml`, "Pulumi.yaml", "*.ts", "package.json", "package-lock.json"];
}

/** Checkout (with `fetchDepth`, when given), Node 24 and `npm ci` in a GitHub Actions job, indented by `indent`. */
const githubNodeSteps = (indent: string, fetchDepth?: number) =>
  [
    "- uses: actions/checkout@v4",
    ...(fetchDepth === undefined ? [] : ["  with:", `    fetch-depth: ${fetchDepth}`]),
    "- uses: actions/setup-node@v4",
    "  with:",
    "    node-version: 24",
    "    cache: npm",
    "- run: npm ci",
  ]
    .map((l) => `${indent}${l}`)
    .join("\n");

/** Checkout (with `fetchDepth`, when given), Node 24 and `npm ci` in an Azure Pipelines job, indented by `indent`. */
const azureNodeSteps = (indent: string, fetchDepth?: number) =>
  [
    "- checkout: self",
    ...(fetchDepth === undefined ? [] : [`  fetchDepth: ${fetchDepth}`]),
    "- task: NodeTool@0",
    "  inputs:",
    "    versionSpec: 24.x",
    "- script: npm ci",
    "  displayName: npm ci",
  ]
    .map((l) => `${indent}${l}`)
    .join("\n");

/**
 * The two GitHub Actions workflows of a workload: `govai-<name>-pull-request.yml` and `govai-<name>-deploy.yml`.
 * @param specPath the spec's path from the project root, with `/` separators.
 */
export function githubWorkflows(model: WorkloadModel, specPath: string): CiFile[] {
  const stages = githubStages(model);
  const name = model.metadata.name;
  const repo = stages[0]!.repo;
  const paths = watchedPaths(name, specPath)
    .map((p) => `      - ${q(p)}`)
    .join("\n");
  const header = (what: string) =>
    `# ${what} of the ${name} workload, written by \`govai init ${name} --ci github\` from ${specPath}.
# Write it again after changing the spec's stages or deployment identities. It holds no secret: Azure sign-in is
# OIDC (azure/login with a client id), and the other settings are repository and environment variables:
#   vars.AZURE_TENANT_ID, vars.AZURE_SUBSCRIPTION_ID   the tenant and subscription the stacks deploy to
#   vars.PULUMI_BACKEND_URL                            the Pulumi state backend, e.g. azblob://state?storage_account=…`;

  const pullRequest = `${header("Pull-request checks")}
#   vars.AZURE_PREVIEW_CLIENT_ID                       a read-only identity federated with repo:${repo}:pull_request
#
# On a pull request that touches the workload: govai validate, the governance diff posted on the pull request, and
# pulumi preview of every stack with the govai policy pack. The previews sign in as the read-only preview identity,
# never as a stage's deployment identity: those trust only the deploy workflow's environments (the gate refuses a
# deployment credential that trusts pull requests, security.no-pull-request-deployment).
name: ${q(`govai ${name} (pull request)`)}

on:
  pull_request:
    branches: [main]
    paths:
${paths}

permissions:
  contents: read

concurrency:
  group: govai-${name}-pr-\${{ github.event.pull_request.number }}
  cancel-in-progress: true

env:
  SPEC: ${q(specPath)}
  POLICY_PACK: ${q(POLICY_PACK)}

jobs:
  review:
    name: Validate the spec and post the governance diff
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write
    steps:
${githubNodeSteps("      ", 0)}
      - name: govai validate
        run: npx govai validate "$SPEC"
      - name: govai diff
        env:
          BASE_REF: \${{ github.base_ref }}
        # A spec that is new in this pull request is reviewed against the secure defaults.
        run: npx govai diff "origin/$BASE_REF:$SPEC" "$SPEC" --format markdown --out governance-diff.md
      - name: Post the governance diff on the pull request
        uses: actions/github-script@v7
        with:
          script: |
            const fs = require("node:fs");
            const marker = "<!-- govai-diff:${name} -->";
            const body = \`\${marker}\\n\${fs.readFileSync("governance-diff.md", "utf8")}\`;
            const { owner, repo } = context.repo;
            const issue_number = context.issue.number;
            const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number });
            const previous = comments.find((c) => c.body?.startsWith(marker));
            if (previous) await github.rest.issues.updateComment({ owner, repo, comment_id: previous.id, body });
            else await github.rest.issues.createComment({ owner, repo, issue_number, body });

  preview:
    name: Preview \${{ matrix.stack }}
    needs: review
    runs-on: ubuntu-latest
    permissions:
      contents: read
      id-token: write
    strategy:
      fail-fast: false
      matrix:
        stack: [${stages.map((s) => s.stack).join(", ")}]
    env:
      STACK: \${{ matrix.stack }}
      PULUMI_BACKEND_URL: \${{ vars.PULUMI_BACKEND_URL }}
      ARM_TENANT_ID: \${{ vars.AZURE_TENANT_ID }}
      ARM_SUBSCRIPTION_ID: \${{ vars.AZURE_SUBSCRIPTION_ID }}
    steps:
${githubNodeSteps("      ")}
      - name: Sign in as the read-only preview identity (OIDC)
        uses: azure/login@v2
        with:
          client-id: \${{ vars.AZURE_PREVIEW_CLIENT_ID }}
          tenant-id: \${{ vars.AZURE_TENANT_ID }}
          subscription-id: \${{ vars.AZURE_SUBSCRIPTION_ID }}
      - name: Install the Pulumi CLI
        uses: pulumi/actions@v6
        with:
          pulumi-version: ${PULUMI_CLI_VERSION}
      - name: pulumi preview with the govai policy pack
        run: pulumi preview --stack "$STACK" --policy-pack "$POLICY_PACK" --diff --non-interactive
`;

  const deployJob = (s: GithubStage, needs: string | undefined) => `  ${s.stage}:
    name: ${q(`Deploy ${s.stage} (${s.stack})`)}${needs ? `\n    needs: ${needs}` : ""}
    runs-on: ubuntu-latest
    # The token's subject is ${s.subject}: the ${s.stage} deployment identity trusts exactly this.
    environment: ${q(s.environment)}
    permissions:
      contents: read
      id-token: write
    steps:
      - name: Check that this is the repository the deployment identity trusts
        run: |
          if [ "$GITHUB_REPOSITORY" != "$GOVAI_REPOSITORY" ]; then
            echo "::error::the ${s.stage} deployment identity trusts $GOVAI_REPOSITORY, not $GITHUB_REPOSITORY"
            exit 1
          fi
${githubNodeSteps("      ")}
      - name: Sign in as the ${s.stage} deployment identity (OIDC)
        uses: azure/login@v2
        with:
          client-id: \${{ vars.AZURE_CLIENT_ID }}
          tenant-id: \${{ vars.AZURE_TENANT_ID }}
          subscription-id: \${{ vars.AZURE_SUBSCRIPTION_ID }}
      - name: Install the Pulumi CLI
        uses: pulumi/actions@v6
        with:
          pulumi-version: ${PULUMI_CLI_VERSION}
      - name: pulumi up ${s.stack}
        run: pulumi up --yes --stack ${s.stack} --policy-pack "$POLICY_PACK" --non-interactive
`;

  const jobs: string[] = [];
  let previous: string | undefined;
  for (const s of stages) {
    if (s.stage === "prod") {
      jobs.push(`  gate-prod:
    name: Production-readiness gate (govai gate --stage prod)${previous ? `\n    needs: ${previous}` : ""}
    runs-on: ubuntu-latest
    steps:
${githubNodeSteps("      ")}
      - name: govai gate
        run: npx govai gate "$SPEC" --stage prod
`);
      previous = "gate-prod";
    }
    jobs.push(deployJob(s, previous));
    previous = s.stage;
  }

  const deploy = `${header("Deployment")}
#   vars.AZURE_CLIENT_ID (one per environment)         the stage's deployment identity: the stack output deploymentClientId
#
# On a push to main that touches the workload: pulumi up of each stage in turn (${stages.map((s) => s.stage).join(" → ")}), with the govai policy
# pack. Each deploy job runs in the GitHub environment that the stage's deployment identity trusts, and signs in as
# that identity. Prod runs only after govai gate --stage prod passes and the prod environment's required reviewers
# approve (set them in the repository's Settings → Environments → ${stages.at(-1)!.environment}).
name: ${q(`govai ${name} (deploy)`)}

on:
  push:
    branches: [main]
    paths:
${paths}
  workflow_dispatch: {}

permissions:
  contents: read

# One deployment at a time, in order; a newer push waits instead of cancelling one that is running.
concurrency:
  group: govai-${name}-deploy
  cancel-in-progress: false

env:
  SPEC: ${q(specPath)}
  POLICY_PACK: ${q(POLICY_PACK)}
  # The repository the spec's deployment identities trust (repo:<this>:environment:<environment>).
  GOVAI_REPOSITORY: ${q(repo)}
  PULUMI_BACKEND_URL: \${{ vars.PULUMI_BACKEND_URL }}
  ARM_TENANT_ID: \${{ vars.AZURE_TENANT_ID }}
  ARM_SUBSCRIPTION_ID: \${{ vars.AZURE_SUBSCRIPTION_ID }}

jobs:
${jobs.join("\n")}`;

  return [
    { path: `.github/workflows/govai-${name}-pull-request.yml`, text: pullRequest },
    { path: `.github/workflows/govai-${name}-deploy.yml`, text: deploy },
  ];
}

/**
 * The Azure Pipelines definition of a workload, `azure-pipelines/govai-<name>.yml`: a pull-request review stage
 * (validate, governance diff as a pull-request comment, previews) and one stage per deployment stage.
 * @param specPath the spec's path from the project root, with `/` separators.
 */
export function azurePipeline(model: WorkloadModel, specPath: string): CiFile[] {
  const stages = azureDevOpsStages(model);
  const name = model.metadata.name;
  const project = stages[0]!.project;
  const paths = watchedPaths(name, specPath)
    .map((p) => `      - ${q(p.replace(/\/\*\*$/, "/*"))}`)
    .join("\n");
  const preview = `govai-${name}-preview`;
  const installPulumi = `curl -fsSL https://get.pulumi.com | sh -s -- --version "$(PULUMI_VERSION)"
                export PATH="$HOME/.pulumi/bin:$PATH"`;

  const deployStage = (s: AzureDevOpsStage, dependsOn: string | undefined) => `  - stage: ${s.stage}
    displayName: ${q(`Deploy ${s.stage} (${s.stack})`)}
    dependsOn: ${dependsOn ? `[${dependsOn}]` : "[]"}
    condition: and(succeeded(), ne(variables['Build.Reason'], 'PullRequest'))
    jobs:
      - deployment: up
        displayName: ${q(`pulumi up ${s.stack}`)}
        # Approvals and checks of this environment guard the stage (set them in Pipelines → Environments).
        environment: ${q(s.environment)}
        strategy:
          runOnce:
            deploy:
              steps:
${azureNodeSteps("                ")}
                - task: AzureCLI@2
                  displayName: ${q(`Sign in through ${s.serviceConnection} and pulumi up`)}
                  inputs:
                    # Workload identity federation: the token's subject is ${s.subject}.
                    azureSubscription: ${q(s.serviceConnection)}
                    scriptType: bash
                    scriptLocation: inlineScript
                    inlineScript: |
                      ${installPulumi.replace(/\n {16}/g, "\n                      ")}
                      pulumi up --yes --stack ${s.stack} --policy-pack "$(POLICY_PACK)" --non-interactive
                  env:
                    ARM_SUBSCRIPTION_ID: $(AZURE_SUBSCRIPTION_ID)
`;

  const deployStages: string[] = [];
  let previous: string | undefined;
  for (const s of stages) {
    if (s.stage === "prod") {
      deployStages.push(`  - stage: gate_prod
    displayName: Production-readiness gate (govai gate --stage prod)
    dependsOn: ${previous ? `[${previous}]` : "[]"}
    condition: and(succeeded(), ne(variables['Build.Reason'], 'PullRequest'))
    jobs:
      - job: gate
        steps:
${azureNodeSteps("          ")}
          - script: npx govai gate "$(SPEC)" --stage prod
            displayName: govai gate
`);
      previous = "gate_prod";
    }
    deployStages.push(deployStage(s, previous));
    previous = s.stage;
  }

  const text = `# Pipeline of the ${name} workload, written by \`govai init ${name} --ci azure-devops\` from ${specPath}.
# Write it again after changing the spec's stages or deployment identities. It holds no secret: Azure sign-in is
# workload identity federation through service connections, and the other settings are plain variables of the
# variable group govai-${name}: PULUMI_BACKEND_URL (the Pulumi state backend) and AZURE_SUBSCRIPTION_ID.
#
# A pull request: govai validate, the governance diff posted on the pull request, and pulumi preview of every stack
# with the govai policy pack, signed in through the read-only service connection ${preview} (never a stage's
# deployment identity: the gate refuses one that pull requests could use). The main branch: pulumi up of each stage
# in turn (${stages.map((s) => s.stage).join(" → ")}), each a deployment job in its Azure DevOps environment, signed in through the service connection
# whose subject the stage's deployment identity trusts; prod only after govai gate --stage prod and the approvals of
# the environment ${stages.at(-1)!.environment}.
trigger:
  branches:
    include: [main]
  paths:
    include:
${paths}

pr:
  branches:
    include: [main]
  paths:
    include:
${paths}

pool:
  vmImage: ubuntu-latest

variables:
  - group: govai-${name}
  - name: SPEC
    value: ${q(specPath)}
  - name: POLICY_PACK
    value: ${q(POLICY_PACK)}
  - name: PULUMI_VERSION
    value: ${q(PULUMI_CLI_VERSION)}
  # The organization and project the spec's deployment identities trust (sc://<this>/<service connection>).
  - name: GOVAI_AZURE_DEVOPS_PROJECT
    value: ${q(project)}

stages:
  - stage: review
    displayName: Review the pull request
    condition: eq(variables['Build.Reason'], 'PullRequest')
    jobs:
      - job: validate
        displayName: Validate the spec and post the governance diff
        steps:
${azureNodeSteps("          ", 0)}
          - script: npx govai validate "$(SPEC)"
            displayName: govai validate
          - script: |
              npx govai diff "origin/$(System.PullRequest.TargetBranchName):$(SPEC)" "$(SPEC)" --format markdown --out governance-diff.md
            displayName: govai diff
          - script: |
              node -e 'process.stdout.write(JSON.stringify({ comments: [{ parentCommentId: 0, content: require("node:fs").readFileSync("governance-diff.md", "utf8"), commentType: 1 }], status: 1 }))' > thread.json
              curl --fail --silent --show-error -X POST \\
                -H "Authorization: Bearer $SYSTEM_ACCESSTOKEN" -H "Content-Type: application/json" --data @thread.json \\
                "$(System.CollectionUri)$(System.TeamProject)/_apis/git/repositories/$(Build.Repository.ID)/pullRequests/$(System.PullRequest.PullRequestId)/threads?api-version=7.1"
            displayName: Post the governance diff on the pull request
            env:
              # The job's own token, not a stored secret; the build service needs "Contribute to pull requests".
              SYSTEM_ACCESSTOKEN: $(System.AccessToken)
      - job: preview
        displayName: Preview $(STACK)
        dependsOn: validate
        strategy:
          matrix:
${stages.map((s) => `            ${s.stage}:\n              STACK: ${s.stack}`).join("\n")}
        steps:
${azureNodeSteps("          ")}
          - task: AzureCLI@2
            displayName: Sign in as the read-only preview identity and preview
            inputs:
              azureSubscription: ${q(preview)}
              scriptType: bash
              scriptLocation: inlineScript
              inlineScript: |
                ${installPulumi}
                pulumi preview --stack "$(STACK)" --policy-pack "$(POLICY_PACK)" --diff --non-interactive
            env:
              ARM_SUBSCRIPTION_ID: $(AZURE_SUBSCRIPTION_ID)

${deployStages.join("\n")}`;

  return [{ path: `azure-pipelines/govai-${name}.yml`, text }];
}

/** The pipeline files of `kind` for a workload. @throws CiTemplateError when the spec's credentials do not fit. */
export function ciFiles(kind: CiKind, model: WorkloadModel, specPath: string): CiFile[] {
  return kind === "github" ? githubWorkflows(model, specPath) : azurePipeline(model, specPath);
}
