import type { Env } from "../../src/config/env.ts";

const queue = { send: async () => {}, sendBatch: async () => {} } as unknown as Queue<unknown>;

/** The smallest Env that loads, for tests of the settings themselves (no workerd needed). */
export function configEnv(overrides: Partial<Env> = {}): Env {
  return {
    DATABASE_URL: "postgres://u:p@db.example/app",
    INTERCOM_CLIENT_SECRET: "s1, s2",
    ADMIN_API_KEY: "admin",
    ENVIRONMENT: "local",
    WEBHOOK_QUEUE: queue,
    OUTBOX_QUEUE: queue,
    SYNC_QUEUE: queue,
    COMPANY_SCROLL_QUEUE: queue,
    INTERCOM_GATE: { idFromName: () => null } as unknown as Env["INTERCOM_GATE"],
    ...overrides,
  } as Env;
}
