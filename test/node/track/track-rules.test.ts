import { describe, expect, it } from "vitest";
import { normalizeEvents } from "../../../src/events/validate.ts";
import { addressGroup } from "../../../src/shared/address-group.ts";
import { AppError } from "../../../src/shared/errors.ts";
import { browserKeyScope } from "../../../src/track/request.ts";
import { checkTokenClaims, type TokenRules } from "../../../src/track/token-claims.ts";

const NOW = 1_795_000_000;
const rules: TokenRules = { maxLifetimeSeconds: 86_400, skewSeconds: 60 };

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected a refusal");
}

describe("Messenger token claims", () => {
  it("refuses an exp further than the maximum life from iat, or from now without iat", () => {
    const tenYears = NOW + 10 * 365 * 86_400;
    const withIat = refusal(() =>
      checkTokenClaims({ user_id: "u1", iat: NOW, exp: tenYears }, rules, NOW),
    );
    expect(withIat.message).toMatch(/lives longer than 86400 s/);
    expect(() => checkTokenClaims({ user_id: "u1", exp: tenYears }, rules, NOW)).toThrow(
      /lives longer/,
    );
    // An old iat does not lengthen a token's life: exp - iat is what counts.
    expect(() =>
      checkTokenClaims({ user_id: "u1", iat: NOW - 86_000, exp: NOW + 3600 }, rules, NOW),
    ).toThrow(/lives longer/);
    expect(checkTokenClaims({ user_id: "u1", iat: NOW, exp: NOW + 86_400 }, rules, NOW)).toEqual({
      userId: "u1",
    });
  });

  it("refuses time claims that are not numbers instead of ignoring them", () => {
    for (const claim of ["exp", "nbf", "iat"]) {
      const payload = { user_id: "u1", exp: NOW + 300, [claim]: "tomorrow" };
      expect(refusal(() => checkTokenClaims(payload, rules, NOW)).message).toBe(
        `token ${claim} must be a number of Unix seconds`,
      );
    }
  });

  it("checks iss and aud only when they are configured", () => {
    const payload = { user_id: "u1", exp: NOW + 300, iss: "https://app.example", aud: ["bridge"] };
    expect(checkTokenClaims(payload, rules, NOW).userId).toBe("u1");
    const strict = { ...rules, issuer: "https://app.example", audience: "bridge" };
    expect(checkTokenClaims(payload, strict, NOW).userId).toBe("u1");
    expect(() => checkTokenClaims({ ...payload, iss: "https://evil" }, strict, NOW)).toThrow(/iss/);
    expect(() => checkTokenClaims({ ...payload, aud: "other" }, strict, NOW)).toThrow(/aud/);
    const { iss: _, ...noIss } = payload;
    expect(() => checkTokenClaims(noIss, strict, NOW)).toThrow(/iss/);
  });
});

describe("event link metadata", () => {
  const now = new Date(NOW * 1000);
  const withLink = (url: string) => ({
    event_name: "x",
    user_id: "u1",
    metadata: { report: { url, value: "Report" } },
  });

  it("refuses links that are not http(s), with 422 naming the field", () => {
    for (const url of ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>"]) {
      const error = refusal(() => normalizeEvents(withLink(url), { now, max: 10 }));
      expect(error.kind).toBe("unprocessable");
      expect(error.problems).toEqual([
        { field: "events.0.metadata.report.url", message: expect.stringMatching(/http or https/) },
      ]);
    }
    const [ok] = normalizeEvents(withLink("https://app.example/r/1"), { now, max: 10 });
    expect(ok?.metadata).toEqual({ report: { url: "https://app.example/r/1", value: "Report" } });
  });
});

describe("browser idempotency keys", () => {
  it("live in the proven user's own space, apart from the backend's", () => {
    const event = { event_name: "x", idempotency_key: "K" };
    const [browser] = normalizeEvents(event, {
      now: new Date(NOW * 1000),
      max: 10,
      userId: "u1",
      keyScope: browserKeyScope("u1"),
    });
    expect(browser?.idempotencyKey).toBe("track:u1:key:K");
    expect(browser?.clientKey).toBe("K");
    // No user's keys can start with another user's space.
    expect(`${browserKeyScope("a:key:b")}:key:x`).not.toBe(`${browserKeyScope("a")}:key:b:key:x`);
  });
});

describe("budget addresses", () => {
  it("counts IPv4 as is and IPv6 by its /64", () => {
    expect(addressGroup("203.0.113.9")).toBe("203.0.113.9");
    expect(addressGroup("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(addressGroup("2001:db8:0:1:aaaa::1")).toBe("2001:db8:0:1::/64");
    expect(addressGroup("2001:DB8:0:1:bbbb:cccc:dddd:eeee")).toBe("2001:db8:0:1::/64");
    expect(addressGroup("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressGroup("local")).toBe("local");
  });
});
