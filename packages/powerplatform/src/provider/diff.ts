/**
 * Diff: which inputs changed and which of them replace the resource, from the resource's description. Pure, so it is
 * table-tested directly; it loads the descriptions (zod), so the plugin imports it on the first Diff only.
 */
import { derivedOf } from "./descriptions.ts";
import type { ResourceTypeName } from "./inputs.ts";
import { containsUnknown, type PropertyMap } from "./wire.ts";

const CLOUD_KEY = "cloud";

function isRecord(v: unknown): v is PropertyMap {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(
      Object.keys(v)
        .filter((k) => (v as PropertyMap)[k] !== undefined)
        .sort()
        .map((k) => [k, sortKeys((v as PropertyMap)[k])]),
    );
  }
  return v;
}

/** The result of comparing old state with new inputs. Pure, so it is table-tested directly. */
export function computeDiff(
  type: ResourceTypeName,
  olds: PropertyMap,
  news: PropertyMap,
): { changes: boolean; changed: string[]; replaces: string[]; deleteBeforeReplace: boolean } {
  const { inputKeys, replaceOn } = derivedOf(type);
  const changed: string[] = [];
  const replaces: string[] = [];
  for (const key of inputKeys) {
    let o = olds[key];
    const n = news[key];
    // Read takes an environment's currency from Dataverse (the admin API does not return it). When it could not be
    // read (the organisation names no base currency), the state has none, and the program's currency is taken as
    // given rather than proposed as a replacement.
    if (type === "Environment" && key === "dataverse" && isRecord(o) && o.currency === undefined && isRecord(n)) {
      o = { ...o, currency: n.currency };
    }
    if (!containsUnknown(n) && deepEqual(o, n)) continue;
    changed.push(key);
    const rule = key === CLOUD_KEY ? true : replaceOn[key];
    if (rule === true) {
      replaces.push(key);
    } else if (Array.isArray(rule)) {
      const oo = (o ?? {}) as PropertyMap;
      const nn = (n ?? {}) as PropertyMap;
      if (containsUnknown(n) && typeof n !== "object") replaces.push(key);
      else if (rule.some((sub) => containsUnknown(nn[sub]) || !deepEqual(oo[sub], nn[sub]))) replaces.push(key);
    }
  }
  // A Dataverse domain is unique per tenant: a replacement that keeps the domain must delete the old one first.
  const keepsDomain =
    type === "Environment" &&
    replaces.length > 0 &&
    (olds.dataverse as PropertyMap | undefined)?.domain === (news.dataverse as PropertyMap | undefined)?.domain;
  // An environment is billed by one policy at a time, and BillingPolicyEnvironment refuses to take an environment
  // another policy bills: a replaced link, or a replaced policy (whose links are replaced with it), must go first.
  const unlinksFirst = (type === "BillingPolicy" || type === "BillingPolicyEnvironment") && replaces.length > 0;
  return { changes: changed.length > 0, changed, replaces, deleteBeforeReplace: keepsDomain || unlinksFirst };
}
