import type { IdentitiesModel, StageModel } from "@govai/spec";
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { partSchemas, validatePart } from "./args.ts";
import { childName, slug } from "./names.ts";
import { entraTags, sortedEntries } from "./tags.ts";

/** Inputs of {@link StageIdentities}. */
export interface StageIdentitiesArgs {
  /** The stage's identities section of the model (`StageModel.identities`). */
  identities: IdentitiesModel;
  /**
   * Security groups to create when `identities.createGroups` is true: display names of the admins and makers groups
   * (`StageModel.groups`). Ignored otherwise (the names are then object ids of existing groups). Each group's child
   * name derives from its display name, so renaming a group replaces it.
   */
  groups: StageModel["groups"];
  /** Tags of the stage; Entra objects get them as sorted `key:value` strings. */
  tags: Record<string, string>;
}

/**
 * The Entra ID side of one stage.
 *
 * - **Deployment identity**: an application and its service principal, owned by `identities.deployment.owners`, with
 *   one federated identity credential per entry of `federatedCredentials` (GitHub Actions or Azure DevOps OIDC
 *   subjects). No client secret unless the model asks for one (`clientSecret.expiresInDays`); it is then a Pulumi
 *   secret that expires after that many days, and changing the expiry replaces (rotates) it.
 * - **Runtime identities**: an application and service principal per entry of `identities.runtime`, unless the entry
 *   names an `existingClientId` (then nothing is created and that client id is used).
 * - **Groups**: with `identities.createGroups`, one security group per display name in `groups.admins` and
 *   `groups.makers`, owned by the deployment owners.
 *
 * Children (all `{ parent: this }`): `<name>-deploy` (Application), `<name>-deploy-sp` (ServicePrincipal),
 * `<name>-deploy-fic-<key>` (ApplicationFederatedIdentityCredential), `<name>-deploy-secret` (ApplicationPassword, only
 * on request), `<name>-runtime-<key>` and `<name>-runtime-<key>-sp`, `<name>-group-admins-<slug>`,
 * `<name>-group-makers-<slug>`.
 *
 * See https://learn.microsoft.com/entra/workload-id/workload-identity-federation
 */
export class StageIdentities extends pulumi.ComponentResource {
  /** Client (application) id of the deployment application: what CI logs in as. */
  declare readonly deploymentClientId: pulumi.Output<string>;
  /** Object id of the deployment service principal. */
  declare readonly deploymentPrincipalId: pulumi.Output<string>;
  /** The client secret, only when the model asks for one; always a Pulumi secret. */
  declare readonly deploymentClientSecret: pulumi.Output<string | undefined>;
  /** Client ids of the runtime identities, keyed like `identities.runtime`. */
  declare readonly runtimeClientIds: pulumi.Output<Record<string, string>>;
  /** Client id of each runtime identity, keyed like `identities.runtime` (one output per key). */
  declare readonly runtimeClientIdsByKey: Record<string, pulumi.Output<string>>;
  /** Object ids of the created groups, keyed `admins/<display name>` and `makers/<display name>`. */
  declare readonly groupObjectIds: pulumi.Output<Record<string, string>>;
  /** The deployment application, as an escape hatch. */
  declare readonly deploymentApplication: azuread.Application;

  constructor(name: string, args: StageIdentitiesArgs, opts?: pulumi.ComponentResourceOptions) {
    validatePart(`govai:workload:StageIdentities "${name}"`, partSchemas.identities, args);
    super("govai:workload:StageIdentities", name, {}, opts);
    const { identities, tags } = args;
    const deploy = identities.deployment;
    const owners = [...deploy.owners].sort();
    const tagList = entraTags(tags);

    const app = new azuread.Application(
      childName(name, "deploy"),
      {
        displayName: deploy.displayName,
        owners,
        signInAudience: "AzureADMyOrg",
        preventDuplicateNames: true,
        tags: tagList,
      },
      { parent: this },
    );
    const sp = new azuread.ServicePrincipal(
      childName(name, "deploy-sp"),
      { clientId: app.clientId, owners, tags: tagList },
      { parent: this },
    );
    for (const [key, fic] of sortedEntries(deploy.federatedCredentials)) {
      new azuread.ApplicationFederatedIdentityCredential(
        childName(name, "deploy-fic", key),
        {
          applicationId: app.id,
          displayName: key,
          description: `govai: CI subject ${fic.subject}`,
          issuer: fic.issuer,
          subject: fic.subject,
          audiences: [fic.audience],
        },
        { parent: this },
      );
    }
    let secret: pulumi.Output<string | undefined> = pulumi.output(undefined);
    if (deploy.clientSecret) {
      // Only on explicit request (federated credentials are the default). `endDateRelative` is fixed at creation,
      // so the secret does not rotate on every update; changing the number of days replaces it.
      const password = new azuread.ApplicationPassword(
        childName(name, "deploy-secret"),
        {
          applicationId: app.id,
          displayName: "govai deployment secret",
          endDateRelative: `${deploy.clientSecret.expiresInDays * 24}h`,
        },
        { parent: this },
      );
      secret = password.value;
    }

    const runtimeClientIds: Record<string, pulumi.Input<string>> = {};
    for (const [key, rt] of sortedEntries(identities.runtime)) {
      if (rt.existingClientId) {
        runtimeClientIds[key] = rt.existingClientId;
        continue;
      }
      const rtApp = new azuread.Application(
        childName(name, "runtime", key),
        {
          displayName: rt.displayName,
          owners,
          signInAudience: "AzureADMyOrg",
          preventDuplicateNames: true,
          tags: tagList,
        },
        { parent: this },
      );
      new azuread.ServicePrincipal(
        childName(name, "runtime", key, "sp"),
        { clientId: rtApp.clientId, owners, tags: tagList },
        { parent: this },
      );
      runtimeClientIds[key] = rtApp.clientId;
    }

    const groupObjectIds: Record<string, pulumi.Input<string>> = {};
    if (identities.createGroups) {
      for (const role of ["admins", "makers"] as const) {
        for (const displayName of [...new Set(args.groups[role])].sort()) {
          const group = new azuread.Group(
            childName(name, "group", role, slug(displayName)),
            {
              displayName,
              description: `govai ${role} of ${tags["govai-workload"] ?? "the workload"} (${tags["govai-stage"] ?? "stage"})`,
              securityEnabled: true,
              mailEnabled: false,
              owners,
              preventDuplicateNames: true,
            },
            { parent: this },
          );
          groupObjectIds[`${role}/${displayName}`] = group.objectId;
        }
      }
    }

    this.deploymentApplication = app;
    this.deploymentClientId = app.clientId;
    this.deploymentPrincipalId = sp.objectId;
    this.deploymentClientSecret = pulumi.secret(secret);
    this.runtimeClientIds = pulumi.output(runtimeClientIds);
    this.runtimeClientIdsByKey = Object.fromEntries(
      Object.entries(runtimeClientIds).map(([k, v]) => [k, pulumi.output(v)]),
    );
    this.groupObjectIds = pulumi.output(groupObjectIds);
    this.registerOutputs({
      deploymentClientId: this.deploymentClientId,
      deploymentPrincipalId: this.deploymentPrincipalId,
      deploymentClientSecret: this.deploymentClientSecret,
      runtimeClientIds: this.runtimeClientIds,
      groupObjectIds: this.groupObjectIds,
    });
  }
}
