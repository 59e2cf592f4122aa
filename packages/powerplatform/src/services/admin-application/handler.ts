/** The AdminApplication resource: the one-time admin bootstrap that registers a service principal. */
import type { ResourceHandler } from "../../provider/handler.ts";
import { normalise } from "../../provider/normalise.ts";
import { clean } from "../../provider/wire.ts";

/** See the `AdminApplication` resource class for the documented behaviour. */
export const adminApplicationHandler: ResourceHandler = {
  name: "AdminApplication",
  deadlines: { create: 5, update: 5, delete: 5, read: 5 },

  async create(port, inputs, opts) {
    const id = inputs.applicationId as string;
    // The registration is tenant-wide: one another stack or team made is recorded as adopted, so destroying this
    // stack does not take away the admin access they rely on.
    const adopted = await port.isAdminApplication(id, opts);
    if (!adopted) await port.registerAdminApplication(id, opts);
    return { id, outs: clean({ ...inputs, adopted }) };
  },

  async read(port, id, props, opts) {
    const app = id.toLowerCase();
    if (!(await port.isAdminApplication(app, opts))) return undefined;
    const inputs = normalise("AdminApplication", { applicationId: app, cloud: props.cloud });
    // An import (no recorded application) takes over a registration this resource did not make: adopted.
    const imported = props.applicationId === undefined;
    return { props: clean({ ...inputs, adopted: imported ? true : props.adopted }), inputs };
  },

  async update(_port, _id, olds, news) {
    // Only `cloud` and `applicationId` exist, and both replace: an update has nothing to send.
    return clean({ ...news, adopted: olds.adopted });
  },

  async delete(port, id, props, opts) {
    // A registration this resource found in place stays. A state recorded before `adopted` existed is unregistered,
    // as it was then.
    if (props.adopted === true) return;
    await port.unregisterAdminApplication(id, opts);
  },
};
