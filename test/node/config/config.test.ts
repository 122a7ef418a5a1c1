import { describe, expect, it } from "vitest";
import { type Env, loadConfig } from "../../../src/config/env.ts";
import { ConfigError } from "../../../src/shared/errors.ts";
import { configEnv } from "../../support/config-env.ts";

const env = configEnv;

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

const limiter = { limit: async () => ({ success: true }) } as unknown as RateLimit;

describe("settings outside local runs", () => {
  const production = (overrides: Partial<Env> = {}) =>
    env({
      ENVIRONMENT: undefined,
      ADMIN_API_KEY: "k".repeat(32),
      DASHBOARD_SESSION_SECRET: "s".repeat(32),
      ADMIN_FAILURE_LIMITER: limiter,
      INTERCOM_WORKSPACE_ID: "ecahpwf5",
      ERASURE_HASH_KEY: "e".repeat(32),
      ...overrides,
    });
  const problemsOf = (input: Env) => {
    try {
      loadConfig(input);
      return [];
    } catch (error) {
      return (error as ConfigError).problems.map((p) => p.field);
    }
  };

  it("accepts a safe configuration, and is the default when ENVIRONMENT is unset", () => {
    expect(problemsOf(production())).toEqual([]);
  });

  it("refuses each unsafe setting by name", () => {
    expect(problemsOf(production({ ADMIN_API_KEY: "k".repeat(31) }))).toEqual(["ADMIN_API_KEY"]);
    expect(problemsOf(production({ INTERCOM_API_BASE: "http://api.intercom.io" }))).toEqual([
      "INTERCOM_API_BASE",
    ]);
    expect(problemsOf(production({ NEON_WS_PROXY: "127.0.0.1:1/v2" }))).toEqual(["NEON_WS_PROXY"]);
    expect(problemsOf(production({ BENCH_ROUTES: "1" }))).toEqual(["BENCH_ROUTES"]);
    expect(problemsOf(production({ INTERCOM_WORKSPACE_ID: undefined }))).toEqual([
      "INTERCOM_WORKSPACE_ID",
    ]);
    // Unset (the local key everyone knows) or too short to resist guessing.
    expect(problemsOf(production({ ERASURE_HASH_KEY: undefined }))).toEqual(["ERASURE_HASH_KEY"]);
    expect(problemsOf(production({ ERASURE_HASH_KEY: "e".repeat(31) }))).toEqual([
      "ERASURE_HASH_KEY",
    ]);
    expect(
      problemsOf(production({ ADMIN_API_KEY: "short", NEON_WS_PROXY: "127.0.0.1:1/v2" })),
    ).toEqual(["ADMIN_API_KEY", "NEON_WS_PROXY"]);
  });

  it("want the session secret of its own, held to the admin key's rules, and the failure limiter", () => {
    expect(problemsOf(production({ DASHBOARD_SESSION_SECRET: undefined }))).toEqual([
      "DASHBOARD_SESSION_SECRET",
    ]);
    expect(problemsOf(production({ DASHBOARD_SESSION_SECRET: "s".repeat(31) }))).toEqual([
      "DASHBOARD_SESSION_SECRET",
    ]);
    expect(problemsOf(production({ DASHBOARD_SESSION_SECRET: "k".repeat(32) }))).toEqual([
      "DASHBOARD_SESSION_SECRET",
    ]);
    expect(problemsOf(production({ ADMIN_FAILURE_LIMITER: undefined }))).toEqual([
      "ADMIN_FAILURE_LIMITER",
    ]);
    // Locally both may be left out: the session secret's default is for local runs only.
    const local = env({ ENVIRONMENT: "local" });
    expect(problemsOf(local)).toEqual([]);
    expect(loadConfig(local).DASHBOARD_SESSION_SECRET).toBe("local-dashboard-session-secret");
  });

  it("allows them in local runs only", () => {
    const local = env({
      ENVIRONMENT: "local",
      ADMIN_API_KEY: "short",
      INTERCOM_API_BASE: "http://127.0.0.1:8790",
      NEON_WS_PROXY: "127.0.0.1:1/v2",
    });
    expect(problemsOf(local)).toEqual([]);
    expect(problemsOf(production({ ENVIRONMENT: "staging" }))).toEqual(["ENVIRONMENT"]);
  });
});

describe("dashboard settings", () => {
  it("reads the Access team as its issuer URL, and wants its audience with it", () => {
    for (const team of ["acme", "acme.cloudflareaccess.com", "https://acme.cloudflareaccess.com/"])
      expect(
        loadConfig(env({ CF_ACCESS_TEAM_DOMAIN: team, CF_ACCESS_AUD: "aud" }))
          .CF_ACCESS_TEAM_DOMAIN,
      ).toBe("https://acme.cloudflareaccess.com");
    expect(() => loadConfig(env({ CF_ACCESS_TEAM_DOMAIN: "acme" }))).toThrow(/CF_ACCESS_AUD/);
    expect(() => loadConfig(env({ CF_ACCESS_AUD: "aud" }))).toThrow(/CF_ACCESS_TEAM_DOMAIN/);
    expect(() => loadConfig(env({ CF_ACCESS_TEAM_DOMAIN: "https://evil.example" }))).toThrow(
      /CF_ACCESS_TEAM_DOMAIN/,
    );
  });

  it("refuses a test certs URL outside local runs", () => {
    const certs = { CF_ACCESS_CERTS_URL: "http://127.0.0.1:1/certs" };
    expect(() => loadConfig(env(certs))).not.toThrow();
    expect(() =>
      loadConfig(
        env({
          ...certs,
          ENVIRONMENT: "production",
          ADMIN_API_KEY: "k".repeat(32),
          INTERCOM_API_BASE: "https://api.intercom.io",
        }),
      ),
    ).toThrow(/CF_ACCESS_CERTS_URL/);
  });
});
