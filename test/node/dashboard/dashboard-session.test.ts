import { describe, expect, it } from "vitest";
import { adminKeyMark } from "../../../src/audit/who.ts";
import {
  isSessionToken,
  newSessionToken,
  sessionOrigin,
  sessionTokenHash,
} from "../../../src/sessions/rules.ts";

describe("dashboard session tokens", () => {
  it("are 256 random bits, base64url, different each time", () => {
    const tokens = new Set(Array.from({ length: 200 }, newSessionToken));
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(isSessionToken(token)).toBe(true);
    expect(isSessionToken(undefined)).toBe(false);
    expect(isSessionToken("1767225600.admin%20key")).toBe(false);
    expect(isSessionToken(`${newSessionToken()}x`)).toBe(false);
  });

  it("are stored as a keyed hash: another secret gives another hash, and the token is not in it", async () => {
    const token = newSessionToken();
    const hash = await sessionTokenHash("secret-one", token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(await sessionTokenHash("secret-one", token)).toBe(hash);
    expect(await sessionTokenHash("secret-two", token)).not.toBe(hash);
  });

  it("mark the admin key by a hash keyed with the session secret, never the key itself", async () => {
    const mark = await adminKeyMark("secret-one", "key-one");
    expect(mark).not.toContain("key-one");
    expect(await adminKeyMark("secret-one", "key-two")).not.toBe(mark);
    // Without the secret the mark is no test of a key guess: the same key under another
    // secret is another mark.
    expect(await adminKeyMark("secret-two", "key-one")).not.toBe(mark);
  });
});

describe("where a session came from", () => {
  it("is a country code and a browser family, never the user agent or anything else", () => {
    const chrome =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0 Safari/537.36";
    expect(sessionOrigin("DE", chrome)).toEqual({ fromCountry: "DE", fromAgent: "Chrome" });
    expect(sessionOrigin(undefined, "curl/8.5.0")).toEqual({
      fromCountry: null,
      fromAgent: "curl",
    });
    expect(sessionOrigin("<script>", "ada@example.com's bot")).toEqual({
      fromCountry: null,
      fromAgent: "other",
    });
    expect(sessionOrigin("T1", undefined)).toEqual({ fromCountry: null, fromAgent: null });
  });
});
