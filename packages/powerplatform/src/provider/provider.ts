/**
 * `makeProvider`: the Pulumi provider that serves the govai Power Platform resources. It turns raw wire values
 * (unknowns, secrets) into plain inputs, validates and normalises them, decides replacements, and runs each
 * resource's lifecycle against a {@link PowerPlatformPort}.
 */
import type * as provider from "@pulumi/pulumi/provider/index.js";
import type { Cloud } from "../client/clouds.ts";
import { adminApplicationHandler } from "../services/admin-application/handler.ts";
import { applicationUserHandler } from "../services/application-user/handler.ts";
import { billingPolicyEnvironmentHandler, billingPolicyHandler } from "../services/billing-policy/handler.ts";
import { copilotTelemetryHandler } from "../services/copilot-telemetry/handler.ts";
import { dataPolicyHandler } from "../services/data-policy/handler.ts";
import { environmentHandler } from "../services/environment/handler.ts";
import { environmentGroupHandler } from "../services/environment-group/handler.ts";
import { environmentGroupRuleSetHandler } from "../services/environment-group/rule-set-handler.ts";
import { environmentSettingsHandler } from "../services/environment-settings/handler.ts";
import { managedEnvironmentHandler } from "../services/managed-environment/handler.ts";
import { solutionDeploymentHandler } from "../services/solution-deployment/handler.ts";
import { tenantSettingsHandler } from "../services/tenant-settings/handler.ts";
import { type Deadlines, type ResourceHandler, ResourceInitError } from "./handler.ts";
import { RESOURCE_TYPES, type ResourceTypeName } from "./inputs.ts";
import { normalise } from "./normalise.ts";
import type { CallOptions, PowerPlatformPort } from "./port.ts";
import { PROVIDER_VERSION } from "./version.ts";
import { clean, containsUnknown, type PropertyMap, unwrap, wrapSecrets } from "./wire.ts";

/** The package (and plugin) name. */
export const PACKAGE = "govai";
/** The module of every resource token. */
export const MODULE = "powerplatform";

/** Every resource handler, by type name. */
export const HANDLERS: Readonly<Record<ResourceTypeName, ResourceHandler>> = {
  Environment: environmentHandler,
  ManagedEnvironment: managedEnvironmentHandler,
  DataPolicy: dataPolicyHandler,
  EnvironmentSettings: environmentSettingsHandler,
  ApplicationUser: applicationUserHandler,
  CopilotTelemetry: copilotTelemetryHandler,
  AdminApplication: adminApplicationHandler,
  SolutionDeployment: solutionDeploymentHandler,
  TenantSettings: tenantSettingsHandler,
  BillingPolicy: billingPolicyHandler,
  BillingPolicyEnvironment: billingPolicyEnvironmentHandler,
  EnvironmentGroup: environmentGroupHandler,
  EnvironmentGroupRuleSet: environmentGroupRuleSetHandler,
};

/** The clouds a resource's `cloud` input names (`CLOUDS` of the client). */
export type CloudName = Cloud;

/** Gives the port for a resource's cloud (undefined = the plugin's default cloud). */
export type ClientFactory = (cloud: CloudName | undefined) => PowerPlatformPort;

/** Options of {@link makeProvider}. */
export interface ProviderOptions {
  /** Deadline overrides in minutes, per resource type (tests use short ones). */
  deadlines?: Partial<Record<ResourceTypeName, Partial<Deadlines>>>;
  /** Wait between the provider's own re-reads, ms. Default 10 000. */
  pollMs?: number;
}

/** The resource type name of a URN (`urn:pulumi:<stack>::<project>::[<parent>$]govai:powerplatform:<Type>::<name>`). */
export function typeOfUrn(urn: string): ResourceTypeName {
  const token = urn.split("::")[2]?.split("$").pop() ?? "";
  const [pkg, mod, name] = token.split(":");
  if (pkg === PACKAGE && mod === MODULE && name && (RESOURCE_TYPES as readonly string[]).includes(name))
    return name as ResourceTypeName;
  throw new Error(`unknown resource type ${JSON.stringify(token)}; this provider serves ${tokens().join(", ")}`);
}

/** Every type token this provider serves. */
export function tokens(): string[] {
  return Object.keys(HANDLERS).map((n) => `${PACKAGE}:${MODULE}:${n}`);
}

/** Input keys of a resource type, from its description (loads the descriptions). */
export async function inputKeys(type: ResourceTypeName): Promise<readonly string[]> {
  return (await import("./descriptions.ts")).derivedOf(type).inputKeys;
}

function callOptions(minutes: number, pollMs: number | undefined): CallOptions {
  const timeoutMs = Math.max(1, Math.round(minutes * 60_000));
  return pollMs === undefined ? { timeoutMs } : { timeoutMs, pollMs };
}

/** Adds which deadline passed, and that `customTimeouts` cannot change it, to the client's deadline error. */
function explainDeadline(err: unknown, type: ResourceTypeName, op: keyof Deadlines, minutes: number): unknown {
  if (!(err instanceof Error) || err.name !== "DeadlineExceededError") return err;
  err.message +=
    `\n${type} ${op} has a deadline of ${minutes} min in the govai provider; Pulumi customTimeouts do not reach ` +
    "Node providers (see the powerplatform README). Run `pulumi up` again to continue: the resource is picked up where it stands.";
  return err;
}

/** Creates the provider. `clientFactory` gives the Power Platform port of a cloud; credentials never pass through here. */
export function makeProvider(clientFactory: ClientFactory, options: ProviderOptions = {}): provider.Provider {
  const minutes = (type: ResourceTypeName, op: keyof Deadlines) =>
    options.deadlines?.[type]?.[op] ?? HANDLERS[type].deadlines[op];
  const deadline = (type: ResourceTypeName, op: keyof Deadlines) => callOptions(minutes(type, op), options.pollMs);
  /** Runs one lifecycle step under its deadline, explaining a deadline error. */
  const timed = async <T>(type: ResourceTypeName, op: keyof Deadlines, run: (o: CallOptions) => Promise<T>) => {
    try {
      return await run(deadline(type, op));
    } catch (err) {
      throw explainDeadline(err, type, op, minutes(type, op));
    }
  };
  const portFor = (plain: PropertyMap) => clientFactory(plain.cloud as CloudName | undefined);
  /** The always-secret inputs (from the description, loaded on the first call) and the ones sent as secrets. */
  const secretsOf = async (type: ResourceTypeName, found: Iterable<string>) =>
    new Set([...(await import("./descriptions.ts")).derivedOf(type).secretKeys, ...found]);
  const refuseUnknowns = (type: ResourceTypeName, verb: string, plain: PropertyMap) => {
    if (containsUnknown(plain)) {
      throw new Error(
        `refusing to ${verb} a ${type} while some inputs are unknown: a preview never sends a mutating request`,
      );
    }
  };

  return {
    version: PROVIDER_VERSION,
    getSchema: async () => JSON.stringify((await import("./schema.ts")).getSchema()),

    async check(urn, _olds, news) {
      const type = typeOfUrn(urn);
      // Keys starting with `__` are Pulumi's own bookkeeping (e.g. `__defaults` from other SDKs), never inputs.
      const own = Object.fromEntries(Object.entries(news ?? {}).filter(([k]) => !k.startsWith("__")));
      const { plain, secretKeys } = unwrap(own);
      const { validate } = await import("./rules.ts");
      const failures = validate(type, plain);
      if (failures.length > 0) return { inputs: news, failures };
      const normalised = clean(normalise(type, plain));
      const more = (await HANDLERS[type].check?.(normalised)) ?? [];
      if (more.length > 0) return { inputs: news, failures: more };
      const inputs = wrapSecrets(normalised, await secretsOf(type, secretKeys));
      return { inputs, failures: [] };
    },

    async diff(_id, urn, olds, news) {
      const type = typeOfUrn(urn);
      const { computeDiff } = await import("./diff.ts");
      const d = computeDiff(type, unwrap(olds ?? {}).plain, unwrap(news ?? {}).plain);
      return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
    },

    async create(urn, inputs) {
      const type = typeOfUrn(urn);
      const { plain, secretKeys } = unwrap(inputs ?? {});
      refuseUnknowns(type, "create", plain);
      const secrets = await secretsOf(type, secretKeys);
      try {
        const r = await timed(type, "create", (o) => HANDLERS[type].create(portFor(plain), plain, o, { urn }));
        return { id: r.id, outs: wrapSecrets(clean(r.outs), secrets) };
      } catch (err) {
        if (err instanceof ResourceInitError) {
          throw Object.assign(err, { properties: wrapSecrets(clean(err.properties), secrets) });
        }
        throw err;
      }
    },

    async read(id, urn, props) {
      const type = typeOfUrn(urn);
      const { plain, secretKeys } = unwrap(props ?? {});
      const r = await timed(type, "read", (o) => HANDLERS[type].read(portFor(plain), id, plain, o));
      if (!r) return { id: "", props: {} };
      const secrets = await secretsOf(type, secretKeys);
      return {
        id: r.id ?? id,
        props: wrapSecrets(clean(r.props), secrets),
        inputs: wrapSecrets(clean(r.inputs), secrets),
      };
    },

    async update(id, urn, olds, news) {
      const type = typeOfUrn(urn);
      const o = unwrap(olds ?? {});
      const n = unwrap(news ?? {});
      refuseUnknowns(type, "update", n.plain);
      const outs = await timed(type, "update", (c) =>
        HANDLERS[type].update(portFor(n.plain), id, o.plain, n.plain, c, { urn }),
      );
      return { outs: wrapSecrets(clean(outs), await secretsOf(type, n.secretKeys)) };
    },

    async delete(id, urn, props) {
      const type = typeOfUrn(urn);
      const { plain } = unwrap(props ?? {});
      await timed(type, "delete", (o) => HANDLERS[type].delete(portFor(plain), id, plain, o));
    },
  };
}
