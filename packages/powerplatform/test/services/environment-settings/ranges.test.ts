/**
 * One rule for IP firewall ranges in every layer: what `govai validate` accepts in `firewall.allowedRanges`, the
 * provider's Check accepts and the client's converter writes, and each refuses the same. Before, Check accepted IPv6
 * ranges that the converter then refused at apply (after a clean preview), and the three layers held three regexes.
 */
import { readFileSync } from "node:fs";
import { loadWorkloadText } from "@govai/spec";
import { describe, expect, it } from "vitest";
import type { PowerPlatformPort } from "../../../src/provider/port.ts";
import { makeProvider } from "../../../src/provider/provider.ts";
import { toWireOrganizationPatch } from "../../../src/services/environment-settings/convert.ts";

const provider = makeProvider((() => {
  throw new Error("check must not call the Power Platform");
}) as unknown as () => PowerPlatformPort);
const MINIMAL = readFileSync(new URL("../../../../../examples/minimal/workload.yaml", import.meta.url), "utf8");

const RANGES: Array<[string, boolean]> = [
  ["10.0.0.0/8", true],
  ["203.0.113.7", true],
  ["255.255.255.255/32", true],
  ["0.0.0.0/0", true],
  ["256.0.0.1", false],
  ["10.0.0.0/33", false],
  ["10.0.0", false],
  ["2001:db8::/32", false],
  ["::/0", false],
  ["1:::2", false],
];

function specAccepts(range: string): boolean {
  expect(MINIMAL).toContain("  prod:");
  const text = MINIMAL.replace(
    /^ {2}prod:.*$/m,
    (line) => `${line}\n    firewall: { mode: enforce, allowedRanges: [${JSON.stringify(range)}] }`,
  );
  const r = loadWorkloadText(text, "w.yaml");
  if (!r.ok && !r.errors.every((e) => e.path.startsWith("stages.prod.firewall.allowedRanges"))) {
    throw new Error(`unexpected issues: ${JSON.stringify(r.errors)}`);
  }
  return r.ok;
}

/** EnvironmentSettings inputs whose firewall allows `range` alone. */
function settingsAllowing(range: string): Record<string, unknown> {
  return {
    environmentId: "6b1c3a52-0d55-4f0e-9f57-2f4bb8f6f0a1",
    auditing: { enabled: true, userAccessAudit: true, readAudit: false, retentionDays: 365 },
    firewall: {
      mode: "enforce",
      allowedRanges: [range],
      serviceTags: [],
      allowMicrosoftTrustedServices: true,
      allowApplicationUsers: true,
      cookieBinding: true,
    },
  };
}

const URN = "urn:pulumi:dev::proj::govai:powerplatform:EnvironmentSettings::s";

async function checkAccepts(range: string): Promise<boolean> {
  const r = await provider.check!(URN, {}, settingsAllowing(range));
  return (r.failures ?? []).length === 0;
}

function clientWrites(range: string): boolean {
  try {
    toWireOrganizationPatch({ firewall: { enabled: true, allowedRanges: [range] } });
    return true;
  } catch {
    return false;
  }
}

describe("IP firewall ranges", () => {
  it("are accepted and refused alike by validate, Check and the client (IPv4 only, no IPv6 yet)", async () => {
    const verdicts = [];
    for (const [range] of RANGES) {
      verdicts.push([range, specAccepts(range), await checkAccepts(range), clientWrites(range)]);
    }
    expect(verdicts).toEqual(RANGES.map(([range, ok]) => [range, ok, ok, ok]));
  });

  it("Check says why an IPv6 range is refused", async () => {
    const r = await provider.check!(URN, {}, settingsAllowing("2001:db8::/32"));
    expect(r.failures).toEqual([
      {
        property: "firewall.allowedRanges.0",
        reason: "an allowed range must be an IPv4 address or CIDR range such as 10.0.0.0/8 (no IPv6 yet)",
      },
    ]);
  });
});
