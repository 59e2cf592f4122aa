/** The ApplicationUser resource: a service principal as a Dataverse application user with security roles. */
import { ProviderError, type ResourceHandler, ResourceInitError, strs } from "./handler.ts";
import { normalise } from "./inputs.ts";
import { environmentGone, explainOrphan, nothingLeft } from "./inside-environment.ts";
import { clean, type PropertyMap } from "./wire.ts";

/** `<environmentId>/<applicationId>`. */
export function applicationUserId(environmentId: string, applicationId: string): string {
  return `${environmentId}/${applicationId}`;
}

function parseId(id: string): [string, string] {
  const [env, app, ...rest] = id.split("/");
  if (!env || !app || rest.length > 0) {
    throw new ProviderError(`an ApplicationUser id is <environmentId>/<applicationId>, got ${JSON.stringify(id)}`);
  }
  return [env.toLowerCase(), app.toLowerCase()];
}

/** See the `ApplicationUser` resource class for the documented behaviour. */
export const applicationUserHandler: ResourceHandler = {
  name: "ApplicationUser",
  replaceOn: { environmentId: true, applicationId: true },
  secretKeys: [],
  deadlines: { create: 15, update: 10, delete: 10, read: 5 },

  create: (port, inputs, opts) =>
    explainOrphan("ApplicationUser", async () => {
      const env = inputs.environmentId as string;
      const app = inputs.applicationId as string;
      const id = applicationUserId(env, app);
      const existing = await port.findApplicationUser(env, app, opts);
      const user = existing ?? (await port.createApplicationUser(env, app, opts));
      const outs = clean({ ...inputs, systemUserId: user.id, adopted: existing !== undefined });
      try {
        await port.setApplicationUserRoles(env, user.id, strs(inputs.roles), opts);
      } catch (err) {
        // The user exists now: record it so the next `up` only retries the roles.
        throw new ResourceInitError(id, { ...outs, roles: user.roles.map((r) => r.name).sort() }, err);
      }
      return { id, outs };
    }),

  async read(port, id, props, opts) {
    const [env, app] = parseId(id);
    let user: Awaited<ReturnType<typeof port.findApplicationUser>>;
    try {
      user = await explainOrphan("ApplicationUser", () => port.findApplicationUser(env, app, opts));
    } catch (err) {
      // The environment is gone, and the user with it: not found, so refresh drops the resource.
      if (environmentGone(err)) return undefined;
      throw err;
    }
    if (!user) return undefined;
    const inputs = normalise("ApplicationUser", {
      environmentId: env,
      applicationId: app,
      roles: user.roles.map((r) => r.name),
      cloud: props.cloud,
    });
    return { props: clean({ ...inputs, systemUserId: user.id, adopted: props.adopted ?? true }), inputs };
  },

  update: (port, id, olds, news, opts) =>
    explainOrphan("ApplicationUser", async () => {
      const [env] = parseId(id);
      await port.setApplicationUserRoles(env, olds.systemUserId as string, strs(news.roles), opts);
      return clean({ ...news, systemUserId: olds.systemUserId, adopted: olds.adopted });
    }),

  async delete(port, id, props: PropertyMap, opts) {
    // An adopted user existed before this stack: leave it (and its roles) as it was found.
    if (props.adopted === true) return;
    const [env] = parseId(id);
    try {
      await port.deleteApplicationUser(env, props.systemUserId as string, opts);
    } catch (err) {
      // No environment, or no organisation in it: the user went with them.
      if (nothingLeft(err)) return;
      throw err;
    }
  },
};
