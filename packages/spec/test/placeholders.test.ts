/** What counts as a placeholder: the text a template leaves for someone to fill in. */
import { describe, expect, it } from "vitest";
import { findPlaceholder, INIT_TEMPLATE_OWNERS, placeholdersIn } from "../src/index.ts";

describe("findPlaceholder", () => {
  it.each([
    ["TODO team", "TODO"],
    ["owner: tbd", "tbd"],
    ["FIXME: the real queue", "FIXME"],
    ["OPS-XXX", "XXX"],
    ["<team name>", "<team name>"],
    ["Contact <your email> for access", "<your email>"],
    ["todo@example.com", "todo@example.com"],
    ["ops@mail.example.org", "ops@mail.example.org"],
    ["https://dashboards.example.net/claims", "dashboards.example.net"],
    ["see https://wiki.contoso.example/x", "wiki.contoso.example"],
    ["jane@corp.invalid", "jane@corp.invalid"],
    ["report at portal.test.", "portal.test"],
  ])("%j has the placeholder %j", (text, placeholder) => {
    expect(findPlaceholder(text)).toBe(placeholder);
  });

  it.each([
    "Operations Excellence",
    "priya.raman@contoso-fs.com",
    "https://contosofs.sharepoint.com/sites/GroupPolicies",
    "Todos los días", // a word that starts with "todo" is not the marker
    "99.9% during business hours (ServiceNow SLA)",
    "p95 < 6 s > p50", // comparisons are not template brackets
    "myexample.com",
    "latest.testing.contoso.com",
    "",
  ])("%j has none", (text) => {
    expect(findPlaceholder(text)).toBeUndefined();
  });

  it("lists every placeholder of labelled values, skipping absent ones", () => {
    expect(
      placeholdersIn([
        ["owningTeam", "TODO team"],
        ["email", "a@b.example"],
        ["freshness", undefined],
        ["system", "ServiceNow"],
      ]),
    ).toEqual(["owningTeam (TODO)", "email (a@b.example)"]);
  });

  it("knows the owners the init template writes, each a placeholder itself", () => {
    expect(
      [
        INIT_TEMPLATE_OWNERS.owningTeam,
        INIT_TEMPLATE_OWNERS.accountable.name,
        INIT_TEMPLATE_OWNERS.accountable.email,
        INIT_TEMPLATE_OWNERS.businessUnit,
        INIT_TEMPLATE_OWNERS.costCenter,
      ].map(findPlaceholder),
    ).toEqual(["TODO", "TODO", "todo@example.com", "TODO", "TODO"]);
  });
});
