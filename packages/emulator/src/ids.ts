/**
 * Identifier and clock sources. A seeded generator makes every id the emulator hands out reproducible, so tests
 * can assert whole response bodies.
 */
import { randomUUID } from "node:crypto";

/** Returns a new identifier (GUID-shaped unless the caller supplies its own generator). */
export type IdGenerator = () => string;

/** Returns the current time. Inject a fixed or stepping clock to make timestamps deterministic. */
export type Clock = () => Date;

/** Hashes any seed (number or string) to a 32-bit integer. */
function hashSeed(seed: number | string): number {
  const text = String(seed);
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/**
 * A GUID generator. With a seed, the sequence is a pure function of the seed (mulberry32), so the same seed gives
 * the same ids in the same order; without one, ids come from `crypto.randomUUID()`.
 */
export function guidGenerator(seed?: number | string): IdGenerator {
  if (seed === undefined) return () => randomUUID();
  let state = hashSeed(seed);
  const next32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return () => {
    const hex = [next32(), next32(), next32(), next32()].map((n) => n.toString(16).padStart(8, "0")).join("");
    const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
}
