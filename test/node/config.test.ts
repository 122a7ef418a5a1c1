import { describe, expect, it } from "vitest";
import { type Env, loadConfig } from "../../src/config/env.ts";
import { ConfigError } from "../../src/shared/errors.ts";

const queue = { send: async () => {}, sendBatch: async () => {} } as unknown as Queue<unknown>;

function env(overrides: Partial<Env> = {}): Env {
  return {
    DATABASE_URL: "postgres://u:p@db.example/app",
    INTERCOM_CLIENT_SECRET: "s1, s2",
    ADMIN_API_KEY: "admin",
    WEBHOOK_QUEUE: queue,
    OUTBOX_QUEUE: queue,
    SYNC_QUEUE: queue,
    INTERCOM_GATE: { idFromName: () => null } as unknown as Env["INTERCOM_GATE"],
    ...overrides,
  };
}

describe("loadConfig", () => {
  it("splits rotated client secrets and applies defaults", () => {
    const config = loadConfig(env());
    expect(config.INTERCOM_CLIENT_SECRET).toEqual(["s1", "s2"]);
    expect(config.LOG_LEVEL).toBe("info");
  });

  it("names every missing or invalid setting in one error", () => {
    const bad = env({
      DATABASE_URL: "mysql://x",
      ADMIN_API_KEY: "",
      INTERCOM_CLIENT_SECRET: " , ",
    });
    expect(() => loadConfig(bad)).toThrow(ConfigError);
    try {
      loadConfig(bad);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("DATABASE_URL");
      expect(message).toContain("ADMIN_API_KEY");
      expect(message).toContain("INTERCOM_CLIENT_SECRET");
    }
  });

  it("rejects a missing queue binding", () => {
    expect(() => loadConfig(env({ WEBHOOK_QUEUE: undefined as unknown as Queue }))).toThrow(
      /WEBHOOK_QUEUE/,
    );
  });
});

describe("browser route settings", () => {
  it("default to 600 events per user and 1,200 per address a minute, tokens of a day, user_hash on", () => {
    const config = loadConfig(env());
    expect(config.TRACK_EVENTS_PER_USER_PER_MINUTE).toBe(600);
    expect(config.TRACK_EVENTS_PER_ADDRESS_PER_MINUTE).toBe(1200);
    expect(config.TRACK_JWT_MAX_LIFETIME_SECONDS).toBe(86_400);
    expect(config.TRACK_ALLOW_USER_HASH).toBe(true);
    expect(loadConfig(env({ TRACK_ALLOW_USER_HASH: "false" })).TRACK_ALLOW_USER_HASH).toBe(false);
  });

  it("refuses a budget below one full request and a non-boolean switch, naming them", () => {
    const bad = env({ TRACK_EVENTS_PER_USER_PER_MINUTE: "10", TRACK_ALLOW_USER_HASH: "no" });
    expect(() => loadConfig(bad)).toThrow(/TRACK_EVENTS_PER_USER_PER_MINUTE: must be at least 50/);
    expect(() => loadConfig(bad)).toThrow(/TRACK_ALLOW_USER_HASH: must be "true" or "false"/);
  });
});
