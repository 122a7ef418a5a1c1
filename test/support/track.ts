import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { like } from "drizzle-orm";
import { sign } from "hono/jwt";
import type { Env } from "../../src/config/env.ts";
import { outboxMessages } from "../../src/db/schema/outbox.ts";
import worker from "../../src/index.ts";
import { createServices } from "../../src/services.ts";
import { contractFetch } from "./contract.ts";
import { BASE } from "./webhooks.ts";

export const MESSENGER_SECRET = "test-messenger-secret";
export const ORIGIN = "http://localhost:5173";
export const nowSeconds = () => Math.floor(Date.now() / 1000);

export const userToken = (payload: Record<string, unknown>, secret = MESSENGER_SECRET) =>
  sign({ exp: nowSeconds() + 300, ...payload }, secret, "HS256");

/** A client address of its own, so tests never share the per-address budget. */
export const uniqueAddress = () =>
  `198.18.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`;

function trackRequest(body: unknown, headers: Record<string, string>) {
  return new Request(`${BASE}/v1/track`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export function postTrack(body: unknown, headers: Record<string, string> = {}) {
  return contractFetch(trackRequest(body, headers));
}

/** The real Worker with some settings changed, as a deployment with those vars would run. */
export function postTrackWith(
  settings: Partial<Env>,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return worker.fetch(
    trackRequest(body, headers),
    { ...env, ...settings } as Env,
    createExecutionContext(),
  );
}

/** The outbox rows stored under a key prefix, read from Postgres. */
export async function storedKeys(prefix: string): Promise<string[]> {
  const services = createServices(env as Env);
  try {
    const rows = await services
      .db()
      .select({ key: outboxMessages.idempotencyKey })
      .from(outboxMessages)
      .where(like(outboxMessages.idempotencyKey, `${prefix}%`));
    return rows.map((r) => r.key).sort();
  } finally {
    await services.close();
  }
}
