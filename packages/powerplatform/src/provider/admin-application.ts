/** The AdminApplication resource: the one-time admin bootstrap that registers a service principal. */
import type { ResourceHandler } from "./handler.ts";
import { normalise } from "./inputs.ts";
import { clean } from "./wire.ts";

/** See the `AdminApplication` resource class for the documented behaviour. */
export const adminApplicationHandler: ResourceHandler = {
  name: "AdminApplication",
  replaceOn: { applicationId: true },
  secretKeys: [],
  deadlines: { create: 5, update: 5, delete: 5, read: 5 },

  async create(port, inputs, opts) {
    const id = inputs.applicationId as string;
    await port.registerAdminApplication(id, opts);
    return { id, outs: clean({ ...inputs }) };
  },

  async read(port, id, props, opts) {
    const app = id.toLowerCase();
    if (!(await port.isAdminApplication(app, opts))) return undefined;
    const inputs = normalise("AdminApplication", { applicationId: app, cloud: props.cloud });
    return { props: clean({ ...inputs }), inputs };
  },

  async update(_port, _id, _olds, news) {
    // Only `cloud` and `applicationId` exist, and both replace: an update has nothing to send.
    return clean({ ...news });
  },

  async delete(port, id, _props, opts) {
    await port.unregisterAdminApplication(id, opts);
  },
};
