import type { Context } from "hono";
import { z } from "zod";
import { acceptWrites } from "../outbox/accept.ts";
import type { OutboxWrite } from "../outbox/payloads.ts";
import type { Accepted } from "../outbox/rows.ts";
import type { AppEnv } from "./app-env.ts";
import { validate } from "./validate.ts";

const idempotencyHeader = z.string().min(1).max(200).optional();

/** The client's `Idempotency-Key`, or a fresh key: without one, every request is a new write. */
export function idempotencyKeyOf(c: Context<AppEnv>, scope: string): string {
  const key = validate(
    idempotencyHeader,
    c.req.header("idempotency-key"),
    "Idempotency-Key header",
  );
  return key ? `${scope}:${key}` : `${scope}:${crypto.randomUUID()}`;
}

/** Stores the writes in the outbox and answers 202 with their ids. */
export async function acceptAndRespond(c: Context<AppEnv>, writes: OutboxWrite[]) {
  return acceptedResponse(c, await storeInOutbox(c, writes));
}

/** Stores the writes in the outbox (and queues the new ones), for routes that do more. */
export function storeInOutbox(c: Context<AppEnv>, writes: OutboxWrite[]): Promise<Accepted[]> {
  const { db, logger, queues, config } = c.var.services;
  return acceptWrites(writes, {
    db: db(),
    logger,
    queue: queues.outbox,
    workspaceId: config.INTERCOM_WORKSPACE_ID,
    deliveryEnabled: Boolean(config.INTERCOM_ACCESS_TOKEN),
    hashKey: config.ERASURE_HASH_KEY,
  });
}

export function acceptedResponse<const E extends Record<string, unknown> = Record<never, never>>(
  c: Context<AppEnv>,
  accepted: readonly Accepted[],
  extra: E = {} as E,
) {
  const { config } = c.var.services;
  return c.json(
    {
      data: accepted.map((a) => ({
        id: a.id,
        idempotency_key: a.idempotencyKey,
        status: a.status,
        duplicate: !a.created,
      })),
      delivery: config.INTERCOM_ACCESS_TOKEN ? "queued" : "waiting for INTERCOM_ACCESS_TOKEN",
      ...extra,
    },
    202,
  );
}
