/** Binds the provider's {@link PowerPlatformPort} to the REST client. */
import type { PowerPlatformClient } from "../client/index.ts";
import type { PowerPlatformPort } from "./port.ts";

/** The port over a {@link PowerPlatformClient}. Every call carries the provider's deadline and cancellation. */
export function clientPort(client: PowerPlatformClient): PowerPlatformPort {
  return {
    createEnvironment: (input, o) => client.createEnvironment(input, o),
    getEnvironment: (id, o) => client.getEnvironment(id, o),
    // The admin API does not return the currency: the client reads it from Dataverse (organizations →
    // transactioncurrencies), so Read and import report the real one.
    getEnvironmentCurrency: (env, o) => client.getEnvironmentCurrency(env.id, o),
    updateEnvironment: async (id, update, o) => {
      await client.updateEnvironment(id, update, o);
    },
    changeEnvironmentType: async (id, type, o) => {
      await client.changeEnvironmentType(id, type, o);
    },
    deleteEnvironment: (id, o) => client.deleteEnvironment(id, o),
    enableManagedEnvironment: async (id, settings, o) => {
      await client.setManagedEnvironment(id, settings, o);
    },
    disableManagedEnvironment: async (id, o) => {
      await client.disableManagedEnvironment(id, o);
    },
    createDlpPolicy: (input, o) => client.createDlpPolicy(input, o),
    getDlpPolicy: (name, o) => client.getDlpPolicy(name, o),
    updateDlpPolicy: (name, input, o) => client.updateDlpPolicy(name, input, o),
    deleteDlpPolicy: (name, o) => client.deleteDlpPolicy(name, o),
    getOrganizationSettings: (env, o) => client.getOrganizationSettings(env, o),
    updateOrganizationSettings: (env, settings, o) => client.updateOrganizationSettings(env, settings, o),
    restoreOrganizationSettings: (env, snapshot, o) => client.restoreOrganizationSettings(env, snapshot, o),
    findApplicationUser: async (env, app, o) => {
      const user = await client.findApplicationUser(env, app, o);
      return user && !user.deleted ? user : undefined;
    },
    createApplicationUser: (env, app, o) => client.ensureApplicationUser(env, app, o),
    setApplicationUserRoles: async (env, user, roles, o) => {
      await client.setApplicationUserRoles(env, user, roles, o);
    },
    deleteApplicationUser: (env, user, o) => client.deleteApplicationUser(env, user, o),
    getAgentTelemetry: (env, bot, o) => client.getAgentTelemetry(env, bot, o),
    setAgentTelemetry: async (env, bot, settings, o) => {
      await client.setAgentTelemetry(env, bot, settings, o);
    },
    getSolution: (env, name, o) => client.getSolution(env, name, o),
    importSolution: (env, file, o) => client.importSolution(env, file, o),
    uninstallSolution: (env, name, o) => client.uninstallSolution(env, name, o),
    registerAdminApplication: async (app, o) => {
      await client.registerAdminApplication(app, o);
    },
    isAdminApplication: async (app, o) => (await client.getAdminApplication(app, o)) !== undefined,
    unregisterAdminApplication: (app, o) => client.unregisterAdminApplication(app, o),
    getTenantId: (o) => client.getTenantId(o),
    readTenantSettings: (partial, o) => client.readTenantSettings(partial, o),
    updateTenantSettings: (wanted, o) => client.updateTenantSettings(wanted, o),
    createBillingPolicy: (input, o) => client.createBillingPolicy(input, o),
    getBillingPolicy: (id, o) => client.getBillingPolicy(id, o),
    listBillingPolicies: (o) => client.listBillingPolicies(o),
    updateBillingPolicy: (id, update, o) => client.updateBillingPolicy(id, update, o),
    deleteBillingPolicy: (id, o) => client.deleteBillingPolicy(id, o),
    listBillingPolicyEnvironments: (id, o) => client.listBillingPolicyEnvironments(id, o),
    addBillingPolicyEnvironments: (id, envs, o) => client.addBillingPolicyEnvironments(id, envs, o),
    removeBillingPolicyEnvironments: (id, envs, o) => client.removeBillingPolicyEnvironments(id, envs, o),
    createEnvironmentGroup: (input, o) => client.createEnvironmentGroup(input, o),
    getEnvironmentGroup: (id, o) => client.getEnvironmentGroup(id, o),
    updateEnvironmentGroup: (id, input, o) => client.updateEnvironmentGroup(id, input, o),
    deleteEnvironmentGroup: (id, o) => client.deleteEnvironmentGroup(id, o),
    listEnvironmentGroupMembers: async (id, o) =>
      (await client.listEnvironments({ environmentGroupId: id }, o)).map((e) => e.id),
    getEnvironmentGroupRuleSet: (id, o) => client.getEnvironmentGroupRuleSet(id, o),
    setEnvironmentGroupRuleSet: (id, rules, o) => client.setEnvironmentGroupRuleSet(id, rules, o),
    deleteEnvironmentGroupRuleSet: (id, o) => client.deleteEnvironmentGroupRuleSet(id, o),
    addEnvironmentToGroup: async (group, env, o) => {
      await client.addEnvironmentToGroup(group, env, o);
    },
    removeEnvironmentFromGroup: async (group, env, o) => {
      await client.removeEnvironmentFromGroup(group, env, o);
    },
  };
}

/**
 * A port whose client is built on first use. The plugin must print its port quickly, and loading the client
 * (with `@azure/identity`) is the slow part; configuration errors then surface on the first call, as a clear error.
 */
export function lazyPort(load: () => Promise<PowerPlatformPort>): PowerPlatformPort {
  let loaded: Promise<PowerPlatformPort> | undefined;
  return new Proxy({} as PowerPlatformPort, {
    get(_target, name: string | symbol) {
      if (typeof name !== "string" || name === "then") return undefined;
      return async (...args: unknown[]) => {
        loaded ??= load();
        const port = (await loaded) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
        const fn = port[name];
        if (!fn) throw new TypeError(`the Power Platform port has no operation ${name}`);
        return fn(...args);
      };
    },
  });
}
