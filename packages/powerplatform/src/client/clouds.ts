/**
 * Sovereign clouds as an endpoint table, and the OAuth scope of every API family.
 * Values restate the reference (power-platform-api.md §1.2); GCC High values are unverified there and here.
 */

/** The Power Platform clouds this client knows. */
export const CLOUDS = ["public", "gcc", "gcchigh", "dod", "china"] as const;
/** A Power Platform cloud. `gcc` is US Government Community Cloud; `gcchigh` and `dod` are the US sovereign clouds. */
export type Cloud = (typeof CLOUDS)[number];

/** Base URLs of the three API families the client addresses directly (Dataverse and Copilot Studio URLs come from the environment). */
export interface Endpoints {
  /** Business Application Platform admin API, e.g. `https://api.bap.microsoft.com`. */
  bapi: string;
  /** PowerApps resource provider (connector catalogue), e.g. `https://api.powerapps.com`. */
  powerApps: string;
  /** Power Platform API, e.g. `https://api.powerplatform.com`. */
  ppapi: string;
}

/** Everything that differs per cloud. */
export interface CloudProfile {
  cloud: Cloud;
  /** Entra authority host for this cloud (for credentials built by {@link credentialFromEnv}). */
  authorityHost: string;
  endpoints: Endpoints;
  /** Token audience of BAPI and the PowerApps RP (scope = audience + `/.default`). */
  bapiAudience: string;
  /** Token audience of the Power Platform API. */
  ppapiAudience: string;
  /** Token audience (an application id) of the Copilot Studio management API. Outside `public` it is unverified. */
  copilotStudioAudience: string;
  /** Whether generative-AI flags (`bingChatEnabled`, `copilotPolicies`) are accepted in this cloud. */
  generativeAiFlags: boolean;
  /** The early-release cluster category of this cloud. */
  earlyReleaseCluster: string;
}

const COPILOT_STUDIO_APP_ID = "96ff4394-9197-43aa-b393-6a41652e21f8";

/** The endpoint table. */
export const CLOUD_PROFILES: Readonly<Record<Cloud, CloudProfile>> = {
  public: {
    cloud: "public",
    authorityHost: "https://login.microsoftonline.com",
    endpoints: {
      bapi: "https://api.bap.microsoft.com",
      powerApps: "https://api.powerapps.com",
      ppapi: "https://api.powerplatform.com",
    },
    bapiAudience: "https://service.powerapps.com",
    ppapiAudience: "https://api.powerplatform.com",
    copilotStudioAudience: COPILOT_STUDIO_APP_ID,
    generativeAiFlags: true,
    earlyReleaseCluster: "FirstRelease",
  },
  gcc: {
    cloud: "gcc",
    authorityHost: "https://login.microsoftonline.com",
    endpoints: {
      bapi: "https://gov.api.bap.microsoft.us",
      powerApps: "https://gov.api.powerapps.us",
      ppapi: "https://api.gov.powerplatform.microsoft.us",
    },
    bapiAudience: "https://service.powerapps.us",
    ppapiAudience: "https://api.gov.powerplatform.microsoft.us",
    copilotStudioAudience: COPILOT_STUDIO_APP_ID,
    generativeAiFlags: false,
    earlyReleaseCluster: "GovFR",
  },
  gcchigh: {
    cloud: "gcchigh",
    authorityHost: "https://login.microsoftonline.us",
    endpoints: {
      bapi: "https://high.api.bap.microsoft.us",
      powerApps: "https://high.api.powerapps.us",
      ppapi: "https://api.appsplatform.us",
    },
    bapiAudience: "https://high.service.apps.appsplatform.us",
    ppapiAudience: "https://api.appsplatform.us",
    copilotStudioAudience: COPILOT_STUDIO_APP_ID,
    generativeAiFlags: false,
    earlyReleaseCluster: "FirstRelease",
  },
  dod: {
    cloud: "dod",
    authorityHost: "https://login.microsoftonline.us",
    endpoints: {
      bapi: "https://api.bap.appsplatform.us",
      powerApps: "https://api.apps.appsplatform.us",
      ppapi: "https://api.appsplatform.us",
    },
    bapiAudience: "https://service.apps.appsplatform.us",
    ppapiAudience: "https://api.appsplatform.us",
    copilotStudioAudience: COPILOT_STUDIO_APP_ID,
    generativeAiFlags: false,
    earlyReleaseCluster: "FirstRelease",
  },
  china: {
    cloud: "china",
    authorityHost: "https://login.chinacloudapi.cn",
    endpoints: {
      bapi: "https://api.bap.partner.microsoftonline.cn",
      powerApps: "https://api.powerapps.cn",
      ppapi: "https://api.powerplatform.partner.microsoftonline.cn",
    },
    bapiAudience: "https://service.powerapps.cn",
    ppapiAudience: "https://api.powerplatform.partner.microsoftonline.cn",
    copilotStudioAudience: COPILOT_STUDIO_APP_ID,
    generativeAiFlags: false,
    earlyReleaseCluster: "FirstRelease",
  },
};

/** The scope string `@azure/identity` expects for an audience: `<audience>/.default`. */
export function scopeOf(audience: string): string {
  return `${audience.replace(/\/+$/, "")}/.default`;
}

/** The Dataverse scope of an organisation URL: its origin plus `/.default`. */
export function dataverseScope(instanceUrl: string): string {
  return scopeOf(new URL(instanceUrl).origin);
}

function normaliseBase(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`endpoints.${name} must be an absolute http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`endpoints.${name} must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.search || url.hash) {
    throw new TypeError(`endpoints.${name} must not carry a query or fragment, got ${JSON.stringify(value)}`);
  }
  return url.href.replace(/\/+$/, "");
}

/** Merges base-URL overrides (e.g. the emulator's `endpoints`) into a cloud's defaults, validating each URL. */
export function resolveEndpoints(cloud: Cloud, overrides: Partial<Endpoints> | undefined): Endpoints {
  if (!(CLOUDS as readonly string[]).includes(cloud)) {
    throw new TypeError(`unknown cloud ${JSON.stringify(cloud)}; expected one of ${CLOUDS.join(", ")}`);
  }
  const base = CLOUD_PROFILES[cloud].endpoints;
  const merged = { ...base };
  for (const key of ["bapi", "powerApps", "ppapi"] as const) {
    const value = overrides?.[key];
    if (value !== undefined) merged[key] = normaliseBase(key, value);
  }
  return merged;
}

/** True when `url` may receive a BAPI token: the BAPI host, one of its regional sub-hosts, or the overridden BAPI origin. */
export function isBapiFamilyUrl(url: URL, endpoints: Endpoints, cloud: Cloud): boolean {
  const configured = new URL(endpoints.bapi);
  if (url.origin === configured.origin) return true;
  const defaultHost = new URL(CLOUD_PROFILES[cloud].endpoints.bapi).host;
  return url.protocol === "https:" && (url.host === defaultHost || url.host.endsWith(`.${defaultHost}`));
}

/** True when every endpoint is a loopback URL (127.0.0.0/8, ::1 or localhost). */
export function allLoopback(endpoints: Endpoints): boolean {
  return Object.values(endpoints).every((value) => {
    const host = new URL(value).hostname;
    return /^127\.\d+\.\d+\.\d+$/.test(host) || host === "[::1]" || host === "localhost";
  });
}
