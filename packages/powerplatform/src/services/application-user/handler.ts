/** The ApplicationUser resource: a service principal as a Dataverse application user with security roles. */
import { ProviderError, type ResourceHandler, ResourceInitError, strs } from "../../provider/handler.ts";
import { environmentGone, explainOrphan, nothingLeft } from "../../provider/inside-environment.ts";
import { normalise } from "../../provider/normalise.ts";
import { clean, type PropertyMap } from "../../provider/wire.ts";

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

/** Role names, sorted (the form inputs and `foundRoles` use). */
const roleNames = (user: { roles: Array<{ name: string }> }) => user.roles.map((r) => r.name).sort();

/**
 * The roles an adopted user had when this resource took it over, as recorded; undefined when none were (a user this
 * resource created, or a state written before they were recorded).
 */
function foundRolesOf(props: PropertyMap): string[] | undefined {
  return Array.isArray(props.foundRoles) ? strs(props.foundRoles) : undefined;
}

/** See the `ApplicationUser` resource class for the documented behaviour. */
export const applicationUserHandler: ResourceHandler = {
  name: "ApplicationUser",
  deadlines: { create: 15, update: 10, delete: 10, read: 5 },

  create: (port, inputs, opts) =>
    explainOrphan("ApplicationUser", async () => {
      const env = inputs.environmentId as string;
      const app = inputs.applicationId as string;
      const id = applicationUserId(env, app);
      const existing = await port.findApplicationUser(env, app, opts);
      const user = existing ?? (await port.createApplicationUser(env, app, opts));
      // An adopted user keeps a record of its roles before this resource changed them: delete puts them back.
      const outs = clean({
        ...inputs,
        systemUserId: user.id,
        adopted: existing !== undefined,
        foundRoles: existing ? roleNames(existing) : undefined,
      });
      try {
        await port.setApplicationUserRoles(env, user.id, strs(inputs.roles), opts);
      } catch (err) {
        // The user exists now: record it so the next `up` only retries the roles.
        throw new ResourceInitError(id, { ...outs, roles: roleNames(user) }, err);
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
    // An import (no recorded user) adopts the user as it is now: delete puts back the roles it had at import.
    const imported = props.systemUserId === undefined;
    return {
      props: clean({
        ...inputs,
        systemUserId: user.id,
        adopted: props.adopted ?? true,
        foundRoles: imported ? roleNames(user) : foundRolesOf(props),
      }),
      inputs,
    };
  },

  update: (port, id, olds, news, opts) =>
    explainOrphan("ApplicationUser", async () => {
      const [env] = parseId(id);
      await port.setApplicationUserRoles(env, olds.systemUserId as string, strs(news.roles), opts);
      return clean({ ...news, systemUserId: olds.systemUserId, adopted: olds.adopted, foundRoles: foundRolesOf(olds) });
    }),

  async delete(port, id, props: PropertyMap, opts) {
    const [env, app] = parseId(id);
    try {
      if (props.adopted === true) {
        // An adopted user existed before this stack: it stays, with the roles it had when it was adopted. A state
        // recorded before those were kept has none: its roles are left as they are.
        const found = foundRolesOf(props);
        if (!found) return;
        const user = await port.findApplicationUser(env, app, opts);
        if (!user || user.deleted || user.id !== props.systemUserId) return;
        if (JSON.stringify(roleNames(user)) !== JSON.stringify(found)) {
          await port.setApplicationUserRoles(env, user.id, found, opts);
        }
        return;
      }
      await port.deleteApplicationUser(env, props.systemUserId as string, opts);
    } catch (err) {
      // No environment, or no organisation in it: the user went with them.
      if (nothingLeft(err)) return;
      throw err;
    }
  },
};
