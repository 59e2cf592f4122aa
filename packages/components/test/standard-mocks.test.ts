/**
 * Proves the components under the plain, documented `pulumi.runtime.setMocks` pattern (process-wide runtime,
 * `setMocks` first, then `await import()` of the code), the way a platform engineer tests their own program.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, expect, it, vi } from "vitest";
import type * as Components from "../src/index.ts";
import { exampleModel } from "./fixtures/model.ts";
import { fakeOutputs, resolved } from "./support/harness.ts";

// Mock-runtime registrations run at 50–150 per second on a shared 2-core machine; give whole stages room.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const seen: pulumi.runtime.MockResourceArgs[] = [];
let c: typeof Components;

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        seen.push(a);
        return { id: `${a.name}-id`, state: { ...a.inputs, ...fakeOutputs(a.type, a.name, a.inputs) } };
      },
      call: (a) => {
        throw new Error(`unmocked invoke ${a.token}`);
      },
    },
    "proj",
    "unit",
    false,
  );
  c = await import("../src/index.ts");
});

it("materialises dev: every Power Platform resource registered, outputs resolved from the mocks", async () => {
  const w = new c.GovernedAiWorkload("policy-lookup", {
    model: exampleModel(),
    stages: ["dev"],
    budgetStartDate: "2026-11-01",
  });
  // The environment URL depends on the environment; the app users are the last children to register.
  expect(await resolved(w.environmentUrls)).toEqual({
    dev: "https://policy-lookup-dev-powerplatform-env.crm4.dynamics.com/",
  });
  await resolved(w.stages.dev!.powerPlatform.urn);
  await new Promise((ok) => setTimeout(ok, 200));
  expect(
    seen
      .filter((r) => r.type.startsWith("govai:powerplatform:"))
      .map((r) => r.name)
      .sort(),
  ).toEqual([
    "policy-lookup-dev-powerplatform-appuser-deployment",
    "policy-lookup-dev-powerplatform-appuser-runtime-agent",
    "policy-lookup-dev-powerplatform-dlp",
    "policy-lookup-dev-powerplatform-env",
    "policy-lookup-dev-powerplatform-managed",
    "policy-lookup-dev-powerplatform-settings",
  ]);
  expect(await pulumi.isSecret(w.appInsightsConnectionStrings)).toBe(true);
});
