/**
 * Federated identity credentials: the friendly forms of the spec (GitHub Actions, Azure DevOps) turned into the
 * issuer / subject / audience triple Entra stores.
 * See https://learn.microsoft.com/entra/workload-id/workload-identity-federation
 */
import type { FederatedCredential, StageName } from "./model.ts";
import type { StageSpec } from "./schema.ts";

/** The audience Entra expects from GitHub Actions and Azure DevOps tokens. */
export const AZURE_AD_TOKEN_EXCHANGE = "api://AzureADTokenExchange";
/** Issuer of GitHub Actions OIDC tokens. */
export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

/** A federated credential as written in the spec. */
export type FederatedCredentialSpec = NonNullable<
  NonNullable<NonNullable<StageSpec["identities"]>["deployment"]>["federatedCredentials"]
>[string];

/**
 * Resolve one credential. GitHub without environment, branch, tag or pullRequest trusts the GitHub environment
 * named after the stage. Assumes the spec passed `checkSpec` (exactly one form given).
 */
export function resolveFederatedCredential(cred: FederatedCredentialSpec, stage: StageName): FederatedCredential {
  if (cred.github) {
    const g = cred.github;
    const repo = `repo:${g.repo}`;
    let subject: string;
    if (g.branch !== undefined) subject = `${repo}:ref:refs/heads/${g.branch}`;
    else if (g.tag !== undefined) subject = `${repo}:ref:refs/tags/${g.tag}`;
    else if (g.pullRequest) subject = `${repo}:pull_request`;
    else subject = `${repo}:environment:${g.environment ?? stage}`;
    return { issuer: GITHUB_ISSUER, subject, audience: AZURE_AD_TOKEN_EXCHANGE };
  }
  if (cred.azureDevOps) {
    const a = cred.azureDevOps;
    return {
      issuer: `https://vstoken.dev.azure.com/${a.organizationId.toLowerCase()}`,
      subject: `sc://${a.organization}/${a.project}/${a.serviceConnection}`,
      audience: AZURE_AD_TOKEN_EXCHANGE,
    };
  }
  return { issuer: cred.issuer ?? "", subject: cred.subject ?? "", audience: cred.audience ?? AZURE_AD_TOKEN_EXCHANGE };
}
