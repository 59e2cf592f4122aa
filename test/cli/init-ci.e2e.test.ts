/**
 * `govai init --ci github|azure-devops` through the real command. A new spec gets deployment credentials for the
 * pipelines init writes with it; an existing spec gets only the pipelines, written from its credentials. The files are
 * the ones committed under examples/ci (regenerate with `UPDATE_CI_EXAMPLES=1 npx vitest run test/cli/init-ci`).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { govai, ROOT } from "./run-govai.ts";

const made: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "govai-init-ci-"));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
const ORG_ID = "6b0e2c8a-1d3f-4a5b-9c7d-0e1f2a3b4c5d";
const GITHUB_FILES = [
  ".github/workflows/govai-claims-agent-pull-request.yml",
  ".github/workflows/govai-claims-agent-deploy.yml",
];
const ADO_FILES = ["azure-pipelines/govai-claims-agent.yml"];
const SPEC_FILES = [
  "claims-agent/workload.yaml",
  "stacks/Pulumi.claims-agent-dev.yaml",
  "stacks/Pulumi.claims-agent-test.yaml",
  "stacks/Pulumi.claims-agent-prod.yaml",
];

/** The written pipeline equals the committed example (or, with UPDATE_CI_EXAMPLES=1, becomes it). */
function expectExample(kind: "github" | "azure-devops", dir: string, file: string) {
  const example = path.join(ROOT, "examples/ci", kind, file);
  const written = readFileSync(path.join(dir, file), "utf8");
  if (process.env.UPDATE_CI_EXAMPLES) {
    mkdirSync(path.dirname(example), { recursive: true });
    writeFileSync(example, written);
  }
  expect(written).toBe(readFileSync(example, "utf8"));
}

describe("govai init --ci github", () => {
  it("writes a spec whose deployment identities trust the repository's environments, its stacks and both workflows", async () => {
    const dir = tmp();
    const run = await govai(["init", "claims-agent", "--ci", "github", "--repo", "contoso/claims-agent"], dir);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(run.stdout.split("\n").filter((l) => l.startsWith("created "))).toEqual(
      [...SPEC_FILES, ...GITHUB_FILES].map((f) => `created ${f}`),
    );
    for (const file of GITHUB_FILES) expectExample("github", dir, file);
    const spec = readFileSync(path.join(dir, "claims-agent/workload.yaml"), "utf8");
    expect(spec).toContain(
      '          github-prod: { github: { repo: "contoso/claims-agent", environment: "claims-agent-prod" } }\n',
    );
    expect((await govai(["validate", "claims-agent/workload.yaml"], dir)).code).toBe(0);
  });

  it("writes only the workflows, from an existing spec, and will not overwrite them without --force", async () => {
    const dir = tmp();
    await govai(["init", "claims-agent", "--ci", "github", "--repo", "contoso/claims-agent"], dir);
    for (const file of GITHUB_FILES) rmSync(path.join(dir, file));
    const again = await govai(["init", "claims-agent", "--ci", "github"], dir);
    expect([again.code, again.stderr]).toEqual([0, ""]);
    expect(again.stdout.split("\n").filter((l) => l.startsWith("created "))).toEqual(
      GITHUB_FILES.map((f) => `created ${f}`),
    );
    for (const file of GITHUB_FILES) expectExample("github", dir, file);
    expect(await govai(["init", "claims-agent", "--ci", "github"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: `govai: init: would overwrite ${GITHUB_FILES.join(", ")}; use --force to replace\n`,
    });
    expect((await govai(["init", "claims-agent", "--ci", "github", "--force"], dir)).code).toBe(0);
  });

  it("refuses to write workflows from a spec whose stages have no GitHub environment credential, naming each (exit 1)", async () => {
    const dir = tmp();
    expect((await govai(["init", "claims-agent"], dir)).code).toBe(0);
    const run = await govai(["init", "claims-agent", "--ci", "github"], dir);
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr: [
        "govai: init: cannot write the github pipelines from claims-agent/workload.yaml",
        ...(["dev", "test", "prod"] as const).map(
          (stage) =>
            `stages.${stage}.identities.deployment.federatedCredentials: no GitHub environment credential (the ${stage} deploy job signs in as repo:<org>/<repo>:environment:<environment>); add github-${stage}: { github: { repo: <org>/<repo>, environment: ${stage} } }`,
        ),
        "",
      ].join("\n"),
    });
    expect(existsSync(path.join(dir, ".github"))).toBe(false);
  });
});

describe("govai init --ci azure-devops", () => {
  it("writes a spec whose deployment identities trust the project's service connections, and the pipeline", async () => {
    const dir = tmp();
    const run = await govai(
      ["init", "claims-agent", "--ci", "azure-devops", "--repo", "contoso/claims", "--organization-id", ORG_ID],
      dir,
    );
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(run.stdout.split("\n").filter((l) => l.startsWith("created "))).toEqual(
      [...SPEC_FILES, ...ADO_FILES].map((f) => `created ${f}`),
    );
    for (const file of ADO_FILES) expectExample("azure-devops", dir, file);
    expect(readFileSync(path.join(dir, "claims-agent/workload.yaml"), "utf8")).toContain(
      `          azure-devops-prod: { azureDevOps: { organization: "contoso", project: "claims", serviceConnection: "claims-agent-prod", organizationId: ${ORG_ID} } }\n`,
    );
  });
});

describe("govai init --ci: bad options, one line each (exit 2), nothing written", () => {
  const cases: Array<[string, string[], string]> = [
    [
      "a new spec for GitHub without --repo",
      ["--ci", "github"],
      "init: --ci github for a new spec needs --repo <owner>/<name>, the repository whose environments the deployment identities trust",
    ],
    [
      "a repository that is not owner/name",
      ["--ci", "github", "--repo", "contoso"],
      "init: --ci github for a new spec needs --repo <owner>/<name>, the repository whose environments the deployment identities trust; found 'contoso'",
    ],
    [
      "Azure DevOps without the organization id",
      ["--ci", "azure-devops", "--repo", "contoso/claims"],
      "init: --ci azure-devops for a new spec needs --organization-id <guid>, the Azure DevOps organization id (the issuer of its tokens)",
    ],
    ["an unknown CI system", ["--ci", "gitlab"], "init: unknown --ci 'gitlab'; expected one of github, azure-devops"],
    [
      "--repo without --ci",
      ["--repo", "contoso/claims"],
      "init: --repo and --organization-id go with --ci (see 'govai init --help')",
    ],
  ];
  for (const [what, options, message] of cases) {
    it(what, async () => {
      const dir = tmp();
      expect(await govai(["init", "claims-agent", ...options], dir)).toEqual({
        code: 2,
        stdout: "",
        stderr: `govai: ${message}\n`,
      });
      expect(existsSync(path.join(dir, "claims-agent"))).toBe(false);
    });
  }

  it("--repo for a spec that exists (its identities decide)", async () => {
    const dir = tmp();
    await govai(["init", "claims-agent", "--ci", "github", "--repo", "contoso/claims-agent"], dir);
    expect(await govai(["init", "claims-agent", "--ci", "github", "--repo", "contoso/other", "--force"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "govai: init: claims-agent/workload.yaml exists, and its deployment identities decide the pipelines; leave out --repo and --organization-id\n",
    });
  });
});
