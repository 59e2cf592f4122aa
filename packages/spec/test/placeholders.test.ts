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

  // The forms the review of issues 10 and 11 found passing the prod gate and `govai lock` (G1).
  it.each([
    ["n/a", "n/a"],
    ["N/A", "N/A"],
    [" n/a ", "n/a"],
    ["t.b.d.", "t.b.d."],
    ["T.B.D", "T.B.D"],
    ["owner: TBA", "TBA"],
    ["TBC", "TBC"],
    ["To Do", "To Do"],
    ["to-do", "to-do"],
    ["T O D O", "T O D O"],
    ["\uff34\uff2f\uff24\uff2f", "TODO"], // full-width
    ["TO\u200bDO later", "TODO"], // a zero-width space inside
    ["TODO1", "TODO"],
    ["changeme", "changeme"],
    ["password: change-me", "change-me"],
    ["Lorem ipsum dolor sit amet", "Lorem ipsum"],
    ["placeholder", "placeholder"],
    ["fill me in", "fill me in"],
    ["the escalation path: ???", "???"],
    ["...", "..."],
    ["\u2026", "..."], // one ellipsis character
    ["test@test.com", "test@test.com"],
    ["user@domain.com", "user@domain.com"],
    ["foo@bar.com", "foo@bar.com"],
    ["name@company.com", "name@company.com"],
    ["john.doe@company.com", "john.doe@company.com"],
    ["a@b.c", "a@b.c"],
    ["ops@example.co.uk", "ops@example.co.uk"],
    ["ops@example.edu", "ops@example.edu"],
    ["https://portal.example.de/x", "portal.example.de"],
    ["jane.doe@contoso.com", "jane.doe@contoso.com"], // the schema's own suggestion
    ["https://contoso.com/path", "https://contoso.com/path"],
  ])("%j is a placeholder too (%j)", (text, placeholder) => {
    expect(findPlaceholder(text)).toBe(placeholder);
  });

  // Real text that merely resembles a placeholder. "N/A" or "to do" inside a sentence is an explanation, not a
  // blank: only the bare value counts.
  it.each([
    "Tobago",
    "NA", // North America, as a business unit
    "Todos los días",
    "Questions about what to do after a claim is denied",
    "Keep a to-do list per claim",
    "N/A for internal users: they sign in through the intranet",
    "The placeholder text in letters is refused",
    "and so on...",
    "Is the claim covered?",
    "tbdx-queue",
    "priya.raman@contoso-fs.com",
    "dana.smith@contoso.com",
    "claims@example-insurance.com",
    "ops@examples.com",
    "ab@bc.com",
    "https://contosofs.sharepoint.com/sites/GroupPolicies",
    "latest.testing.contoso.com",
    "Fabrikam test team",
  ])("%j is real text", (text) => {
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
