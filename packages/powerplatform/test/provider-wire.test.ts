import { describe, expect, it } from "vitest";
import {
  clean,
  containsUnknown,
  OUTPUT_SIG,
  SIG_KEY,
  secret,
  UNKNOWN,
  unwrap,
  wrapSecrets,
} from "../src/provider/wire.ts";

// The wire values the Node provider server hands over raw: unknowns, secrets, output values, and the undefineds a
// Struct cannot carry.

describe("wire values", () => {
  it("unwraps secrets and output values, remembering which top-level keys were secret", () => {
    const props = {
      plain: "a",
      top: secret("s"),
      nested: { list: [1, secret(2)] },
      known: { [SIG_KEY]: OUTPUT_SIG, value: "v", secret: true },
      unknownOutput: { [SIG_KEY]: OUTPUT_SIG },
    };
    const { plain, secretKeys } = unwrap(props);
    expect(plain).toEqual({ plain: "a", top: "s", nested: { list: [1, 2] }, known: "v", unknownOutput: UNKNOWN });
    expect([...secretKeys].sort()).toEqual(["known", "nested", "top"]);
  });

  it("finds unknowns anywhere, including output values without a value", () => {
    const cases: Array<[unknown, boolean]> = [
      [UNKNOWN, true],
      [{ a: [1, { b: UNKNOWN }] }, true],
      [{ [SIG_KEY]: OUTPUT_SIG }, true],
      [{ [SIG_KEY]: OUTPUT_SIG, value: 1 }, false],
      [{ a: "04da6b54" }, false],
      [null, false],
    ];
    for (const [value, expected] of cases) expect([value, containsUnknown(value)]).toEqual([value, expected]);
  });

  it("wraps keys again once, and drops undefined the Struct cannot carry", () => {
    expect(wrapSecrets({ a: "x", b: secret("y"), c: undefined }, ["a", "b", "c"])).toEqual({
      a: secret("x"),
      b: secret("y"),
      c: undefined,
    });
    expect(clean({ a: undefined, b: [1, undefined, { c: undefined, d: 2 }] })).toEqual({ b: [1, { d: 2 }] });
    expect(Object.keys(clean({ a: undefined, b: 1 }))).toEqual(["b"]);
  });
});
