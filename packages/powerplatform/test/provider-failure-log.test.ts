import { describe, expect, it } from "vitest";
import {
  quietConsoleError,
  ReportedErrors,
  serverEcho,
  verbosityOf,
  withFailureLog,
} from "../src/provider/failure-log.ts";
import { ProviderError } from "../src/provider/handler.ts";

// The plugin's stderr report of failed calls, pure: the verbosity flag, the one line, the stack only when verbose,
// and the server's duplicate echo dropped. test/provider/inside-environment.test.ts proves it on the executable.

const URN = "urn:pulumi:dev::claims::govai:powerplatform:EnvironmentSettings::settings";

describe("verbosityOf", () => {
  it.each([
    [[], 0],
    [["127.0.0.1:1"], 0],
    [["--logtostderr", "-v=9", "127.0.0.1:1"], 9],
    [["-v=0", "127.0.0.1:1"], 0],
    [["--v=3", "127.0.0.1:1"], 3],
    [["-v=2", "-v=5"], 5],
    [["--tracing", "-v=7"], 7],
    [["-vv", "-v=", "v=3"], 0],
  ])("%j → %i", (args, level) => {
    expect(verbosityOf(args)).toBe(level);
  });
});

describe("withFailureLog", () => {
  const failing = (err: unknown) => ({
    version: "0",
    read: async () => {
      throw err;
    },
    check: async () => ({ inputs: {}, failures: [] }),
  });

  it("writes one line per failed call, the message folded, and rethrows the same error", async () => {
    const lines: string[] = [];
    const err = new ProviderError("EnvironmentSettings: environment e has no working Dataverse.\nTo recover, run it.");
    const p = withFailureLog(failing(err), { verbose: false, write: (l) => lines.push(l) });
    await expect(p.read!("e", URN, {})).rejects.toBe(err);
    expect(await p.check!(URN, {}, {})).toEqual({ inputs: {}, failures: [] });
    expect(lines).toEqual([
      'govai: read govai:powerplatform:EnvironmentSettings "settings" failed: ProviderError: EnvironmentSettings: environment e has no working Dataverse. To recover, run it.',
    ]);
  });

  it("verbose: the stack frames follow, then each cause with its own frames", async () => {
    const lines: string[] = [];
    const cause = new TypeError("inner");
    const err = new ProviderError("outer", { cause });
    const p = withFailureLog(failing(err), { verbose: true, write: (l) => lines.push(l) });
    await expect(p.read!("e", URN, {})).rejects.toBe(err);
    expect(lines[0]).toBe(
      'govai: read govai:powerplatform:EnvironmentSettings "settings" failed: ProviderError: outer',
    );
    const causeAt = lines.indexOf("  caused by TypeError: inner");
    expect(causeAt).toBeGreaterThan(1);
    expect(
      lines
        .slice(1)
        .filter((_line, i) => i + 1 !== causeAt)
        .every((l) => /^ {4}at /.test(l)),
    ).toBe(true);
  });

  it("the server's echo of a reported error is dropped once; anything else still reaches stderr", async () => {
    const printed: unknown[][] = [];
    const fakeConsole = { error: (...a: unknown[]) => printed.push(a) } as unknown as Console;
    const reported = new ReportedErrors();
    const restore = quietConsoleError(reported, fakeConsole);
    const err = new Error("boom");
    const p = withFailureLog(failing(err), { verbose: false, write: () => {} }, reported);
    await expect(p.read!("e", URN, {})).rejects.toBe(err);
    fakeConsole.error(serverEcho(err)); // what the Node provider server prints for a failed Read
    fakeConsole.error(serverEcho(err)); // a second, unreported echo passes
    fakeConsole.error("something else", 1);
    expect(printed).toEqual([[serverEcho(err)], ["something else", 1]]);
    restore();
    fakeConsole.error(serverEcho(err));
    expect(printed).toHaveLength(3);
  });
});
