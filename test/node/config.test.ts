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
