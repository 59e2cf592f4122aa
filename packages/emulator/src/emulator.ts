/**
 * `startEmulator()`: one loopback server for every family, plus the programmatic handles tests use —
 * state, knobs, faults, the request log — and `close()`.
 */
import { randomBytes } from "node:crypto";
import type http from "node:http";
import {
  applyConfig,
  defaultConfig,
  type EmulatorBehaviour,
  type EmulatorConfig,
  type EmulatorTiming,
} from "./config.ts";
import { handleControl } from "./control.ts";
import { FaultSet } from "./faults.ts";
import { type Clock, guidGenerator, type IdGenerator } from "./ids.ts";
import { settleAll, settleDue } from "./lifecycle.ts";
import { RequestLog } from "./log.ts";
import type { EmulatorCore, EmulatorUrls } from "./router.ts";
import { Router } from "./router.ts";
import { advisorRoutes } from "./routes/advisor.ts";
import { botRoutes } from "./routes/bots.ts";
import { connectorRoutes } from "./routes/connectors.ts";
import { copilotRoutes } from "./routes/copilot.ts";
import { dataverseRoutes } from "./routes/dataverse.ts";
import { dlpRoutes } from "./routes/dlp.ts";
import { environmentRoutes } from "./routes/environments.ts";
import { groupRoutes } from "./routes/groups.ts";
import { identityRoutes } from "./routes/identities.ts";
import { licensingRoutes } from "./routes/licensing.ts";
import { ruleSetRoutes } from "./routes/rulesets.ts";
import { solutionRoutes } from "./routes/solutions.ts";
import { tenantRoutes } from "./routes/tenant.ts";
import { FAMILY_PREFIXES, listen } from "./server.ts";
import { createInitialState, DEFAULT_TENANT_ID, type EmulatorState } from "./state.ts";

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1. Default 0 (a free port chosen by the OS). */
  port?: number;
  /**
   * Seed of the id generator: the same seed gives the same environment, operation, policy and row ids in the same
   * order. Default: random ids. Ignored when `idGenerator` is given.
   */
  seed?: number | string;
  /** Custom id generator (for example a counter) instead of the seeded GUID generator. */
  idGenerator?: IdGenerator;
  /**
   * Clock for every timestamp and for `timing.lifecycleMs` / `timing.lifecycleSettleMs`. Default the system clock.
   * A test can pass its virtual clock, so operations finish as virtual time passes.
   */
  clock?: Clock;
  /** Tenant id the emulated tenant has; tokens must carry it as `tid`. Default {@link DEFAULT_TENANT_ID}. */
  tenantId?: string;
  /** Client ids registered as admin management applications from the start (§8.1). Default none. */
  adminApplications?: string[];
  /** Timing knobs (see {@link EmulatorTiming}); unspecified knobs keep their defaults. */
  timing?: Partial<EmulatorTiming>;
  /** Behaviour switches (see {@link EmulatorBehaviour}); unspecified switches keep their defaults. */
  behaviour?: Partial<EmulatorBehaviour>;
  /**
   * The token the control endpoint (`/_emulator/*`) requires as `Authorization: Bearer <token>`: at least 16
   * visible ASCII characters, no spaces. Default: 32 random bytes as hex, new for every emulator
   * ({@link Emulator.controlToken}).
   */
  controlToken?: string;
}

/**
 * Base URLs a client uses instead of the real hosts — the same shape `PowerPlatformClient` takes as `endpoints`.
 * Dataverse and Copilot Studio URLs are not here: clients read them from the environment GET.
 */
export interface EmulatorEndpoints {
  /** Replaces `https://api.bap.microsoft.com`. */
  bapi: string;
  /** Replaces `https://api.powerapps.com`. */
  powerApps: string;
  /** Replaces `https://api.powerplatform.com`. */
  ppapi: string;
}

/** How often the emulator settles operations whose time is up when no request arrives (real milliseconds). */
const SETTLE_TICK_MS = 50;

function buildRouter(): Router {
  const router = new Router();
  environmentRoutes(router);
  identityRoutes(router);
  dlpRoutes(router);
  connectorRoutes(router);
  groupRoutes(router);
  tenantRoutes(router);
  licensingRoutes(router);
  ruleSetRoutes(router);
  dataverseRoutes(router);
  botRoutes(router);
  solutionRoutes(router);
  copilotRoutes(router);
  advisorRoutes(router);
  return router;
}

/** A running emulator. Create it with {@link startEmulator}; stop it with {@link Emulator.close}. */
export class Emulator {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The base URLs to hand to a client (`{ bapi, powerApps, ppapi }`). */
  readonly endpoints: EmulatorEndpoints;
  /** Active fault rules: `add(rule)`, `remove(id)`, `clear()`, `list()`. */
  readonly faults = new FaultSet();
  /** Every request answered, for counting and asserting exact calls. */
  readonly log = new RequestLog();
  /** Knobs; edit in place or with `configure()`. */
  readonly config: EmulatorConfig;
  /** The route table (route names appear in the log). */
  readonly router: Router;
  /**
   * What the control endpoint requires as `Authorization: Bearer <controlToken>`. Tests use the programmatic
   * handles instead; `govai-emulator` prints it on its third line for other processes.
   */
  readonly controlToken: string;
  readonly #core: EmulatorCore;
  readonly #server: http.Server;
  readonly #options: EmulatorOptions;
  readonly #ticker: ReturnType<typeof setInterval>;
  #closed = false;

  /** @internal Use {@link startEmulator}. */
  constructor(server: http.Server, core: EmulatorCore, router: Router, options: EmulatorOptions) {
    this.#server = server;
    // Operations whose time is up settle even when no request arrives (`timing.lifecycleSettleMs`).
    this.#ticker = setInterval(() => settleDue(core), SETTLE_TICK_MS);
    this.#ticker.unref();
    this.#core = core;
    this.#options = options;
    this.router = router;
    this.config = core.config;
    this.url = core.urls.origin;
    this.controlToken = options.controlToken ?? randomBytes(32).toString("hex");
    this.endpoints = { bapi: core.urls.bapi, powerApps: core.urls.powerApps, ppapi: core.urls.ppapi };
  }

  /**
   * The emulated tenant. Typed and live: edit it to stage drift (someone changing a setting in the admin centre),
   * e.g. `emulator.state.environments[id].properties.displayName = "renamed"`.
   */
  get state(): EmulatorState {
    return this.#core.state;
  }

  /** @internal Swaps the whole state (used by `PUT /_emulator/state`). */
  replaceState(next: EmulatorState): void {
    const state = this.#core.state as unknown as Record<string, unknown>;
    for (const key of Object.keys(state)) delete state[key];
    Object.assign(state, next);
  }

  /** Registers a client id as an admin management application (what a tenant admin does once, §8.1). */
  registerAdminApplication(appId: string): void {
    if (!appId) throw new Error("registerAdminApplication needs a client id");
    this.#core.state.adminApplications[appId.toLowerCase()] = { applicationId: appId };
  }

  /** Removes an admin management application registration. */
  unregisterAdminApplication(appId: string): void {
    delete this.#core.state.adminApplications[appId.toLowerCase()];
  }

  /** Changes knobs at run time; throws on an unknown knob or a bad value. */
  configure(patch: { timing?: Partial<EmulatorTiming>; behaviour?: Partial<EmulatorBehaviour> }): void {
    applyConfig(this.config, patch);
  }

  /**
   * Finishes every running lifecycle operation now, whatever its time (as if it had been polled to the end).
   * Operations also finish on their own once `timing.lifecycleSettleMs` has passed. Returns how many settled.
   */
  settleOperations(): number {
    return settleAll(this.#core);
  }

  /** Back to the start: initial state, initial knobs, id generator restarted from its seed, no faults, empty log. */
  reset(): void {
    const fresh = createInitialState(
      this.#options.tenantId ?? DEFAULT_TENANT_ID,
      this.#options.adminApplications ?? [],
    );
    this.replaceState(fresh);
    const config = defaultConfig();
    applyConfig(config, { timing: this.#options.timing ?? {}, behaviour: this.#options.behaviour ?? {} });
    Object.assign(this.config.timing, config.timing);
    Object.assign(this.config.behaviour, config.behaviour);
    if (!this.#options.idGenerator) this.#core.newId = guidGenerator(this.#options.seed);
    this.faults.clear();
    this.log.clear();
  }

  /** Stops the server (open keep-alive connections are closed). Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#ticker);
    await new Promise<void>((resolve, reject) => {
      this.#server.close((error) => (error ? reject(error) : resolve()));
      this.#server.closeAllConnections();
    });
  }
}

function urlsFor(origin: string): EmulatorUrls {
  return {
    origin,
    bapi: `${origin}${FAMILY_PREFIXES.bapi}`,
    powerApps: `${origin}${FAMILY_PREFIXES.powerApps}`,
    ppapi: `${origin}${FAMILY_PREFIXES.ppapi}`,
    copilot: `${origin}${FAMILY_PREFIXES.copilot}`,
    advisor: `${origin}${FAMILY_PREFIXES.advisor}`,
    bapiRegional: (geo) => `${origin}${FAMILY_PREFIXES.bapiRegional}/${geo}`,
    dataverse: (domain) => `${origin}${FAMILY_PREFIXES.dataverse}/${domain}/`,
  };
}

/**
 * Starts an emulator on 127.0.0.1 (a random port unless `options.port` is given). Throws on a bad option.
 *
 * @example
 * const emulator = await startEmulator({ seed: 1, adminApplications: [appId] });
 * const client = new PowerPlatformClient({ credential: emulatorCredential({ appId }), endpoints: emulator.endpoints });
 * // … exercise the client …
 * expect(emulator.log.unmatched).toEqual([]);
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`port must be an integer 0-65535, got ${port}`);
  if (options.controlToken !== undefined && !/^[\x21-\x7e]{16,}$/.test(options.controlToken))
    throw new Error("controlToken must be at least 16 visible ASCII characters, without spaces");
  const config = defaultConfig();
  applyConfig(config, { timing: options.timing ?? {}, behaviour: options.behaviour ?? {} });
  const core: EmulatorCore = {
    state: createInitialState(options.tenantId ?? DEFAULT_TENANT_ID, options.adminApplications ?? []),
    config,
    newId: options.idGenerator ?? guidGenerator(options.seed),
    now: options.clock ?? (() => new Date()),
    urls: urlsFor("http://127.0.0.1:0"),
  };
  const router = buildRouter();
  let emulator: Emulator | undefined;
  const faults = new FaultSet();
  const log = new RequestLog();
  const { server, port: actual } = await listen(
    {
      core,
      router,
      get faults() {
        return emulator?.faults ?? faults;
      },
      get log() {
        return emulator?.log ?? log;
      },
      control: (req, url, body) => handleControl(emulator as Emulator, req, url, body),
    },
    port,
  );
  core.urls = urlsFor(`http://127.0.0.1:${actual}`);
  emulator = new Emulator(server, core, router, options);
  return emulator;
}
