/** User text in text and markdown outputs: controls shown as escapes, markdown syntax escaped. */
import { describe, expect, it } from "vitest";
import { mdCode, mdText, neutralise, plain } from "../src/render/safe-text.ts";

describe("plain", () => {
  it.each([
    ["\u001b[31mred\u001b[0m", "\\e[31mred\\e[0m"],
    ["\u009b2J", "\\x9b2J"], // C1 CSI
    ["a\nb\r\nc\td", "a\\nb\\r\\nc\\td"],
    ["\u0007bell\u007f", "\\x07bell\\x7f"],
    ["abc\u202egnp.exe", "abc\\u202egnp.exe"], // right-to-left override
    ["line\u2028separator", "line\\u2028separator"],
    ["ordinary text, ünïcödé and emoji 🟢", "ordinary text, ünïcödé and emoji 🟢"],
  ])("%j → %j", (input, output) => {
    expect(plain(input)).toBe(output);
  });
});

describe("markdown", () => {
  it("escapes the syntax a renderer acts on, and keeps the rest", () => {
    expect(mdText("*bold* _it_ | `code` <b>x</b> [link](u) ~~s~~ # h \\ end\nnext")).toBe(
      "\\*bold\\* \\_it\\_ \\| \\`code\\` \\<b\\>x\\</b\\> \\[link\\](u) \\~\\~s\\~\\~ \\# h \\\\ end\\\\nnext",
    );
  });

  // Review L3: a sign-off name "@contoso-fs/security-team" reached the pull-request comment verbatim and pinged the
  // team; a bare URL became a link.
  it.each([
    ["@contoso-fs/security-team", "@\u2060contoso-fs/security-team"],
    ["ask @dana or (@ops)", "ask @\u2060dana or (@\u2060ops)"],
    ["see https://evil.example/x and http://a.b", "see https\u2060://evil.example/x and http\u2060://a.b"],
    ["www.contoso.com and WWW.x.org", "www\u2060.contoso.com and WWW\u2060.x.org"],
    ["dana.smith@contoso.com", "dana.smith@contoso.com"], // an address is no mention
    ["a @ b, 5@", "a @ b, 5@"],
  ])("disarms mentions and bare links: %j", (input, output) => {
    expect(mdText(input)).toBe(output);
  });

  it("code spans cannot be closed from inside, and cannot split a table cell", () => {
    expect(mdCode("stages.prod.auditing")).toBe("`stages.prod.auditing`");
    expect(mdCode("a`b")).toBe("``a`b``");
    expect(mdCode("`x`")).toBe("`` `x` ``");
    expect(mdCode("a|b")).toBe("`a\\|b`");
    expect(mdCode("a|b", { inTable: false })).toBe("`a|b`");
    expect(mdCode("x\ny")).toBe("`x\\ny`");
  });
});

describe("neutralise", () => {
  it("copies plain data with every string (keys too) made plain", () => {
    const data = { "k\u001b": ["\u001b[2J", 3, true, null, { deep: "a\nb" }], n: 1 };
    expect(neutralise(data)).toEqual({ "k\\e": ["\\e[2J", 3, true, null, { deep: "a\\nb" }], n: 1 });
    expect(data["k\u001b"][0]).toBe("\u001b[2J");
  });
});
