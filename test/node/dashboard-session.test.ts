import { describe, expect, it } from "vitest";
import {
  readSession,
  SESSION_SECONDS,
  sessionSecret,
  sessionValue,
} from "../../src/dashboard/session.ts";

const now = new Date("2026-12-01T12:00:00Z");

describe("dashboard sessions", () => {
  it("hold who signed in and until when, and end at that time", () => {
    const value = sessionValue("ops@example.com", now);
    expect(readSession(value, now)).toEqual({
      subject: "ops@example.com",
      expiresAt: now.getTime() / 1000 + SESSION_SECONDS,
    });
    const later = new Date(now.getTime() + SESSION_SECONDS * 1000);
    expect(readSession(value, later)).toBeNull();
    expect(readSession("garbage", now)).toBeNull();
  });

  it("are signed with a secret derived from the admin key, never the key itself", async () => {
    const one = await sessionSecret({ ADMIN_API_KEY: "key-one" });
    expect(one).toMatch(/^[0-9a-f]{64}$/);
    expect(one).not.toContain("key-one");
    expect(await sessionSecret({ ADMIN_API_KEY: "key-one" })).toBe(one);
    expect(await sessionSecret({ ADMIN_API_KEY: "key-two" })).not.toBe(one);
    const secret = "s".repeat(32);
    expect(
      await sessionSecret({ ADMIN_API_KEY: "key-one", DASHBOARD_SESSION_SECRET: secret }),
    ).toBe(secret);
  });
});
