/**
 * The owner key: a name for "the resource that asked for this create", stable across runs. A create whose POST
 * reaches the service only after the call gave up (attempt timeout) leaves something nobody recorded; the next run
 * of the same resource has to recognise it, and a random marker only this call knew cannot do that. So the creates
 * that prove ownership by a marker (DLP policies, environments, environment groups) write the caller's owner key
 * into it, next to a per-request random part. The provider derives the key from the resource's Pulumi URN, which
 * is the same on every run of that resource and differs for every other resource.
 */
import { createHash } from "node:crypto";

/** 24 lower-case hex digits. */
export const OWNER_KEY = /^[0-9a-f]{24}$/;

/**
 * The owner key for `seed` (the provider passes the resource's Pulumi URN): the first 24 hex digits of its SHA-256.
 * The same seed gets the same key on every run, another seed a different one.
 */
export function ownerKey(seed: string): string {
  if (seed === "") throw new TypeError("the seed of an owner key must not be empty");
  return createHash("sha256").update(seed, "utf8").digest("hex").slice(0, 24);
}

/** Refuses anything but an owner key before a request is sent; `what` names the argument in the message. */
export function checkOwnerKey(key: string, what: string): string {
  if (!OWNER_KEY.test(key)) {
    throw new TypeError(`${what} is 24 lower-case hex digits (see ownerKey); got ${JSON.stringify(key)}`);
  }
  return key;
}
