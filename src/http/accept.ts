import type { Context } from "hono";
import { z } from "zod";
import { acceptWrites } from "../outbox/accept.ts";
import type { OutboxWrite } from "../outbox/payloads.ts";
import type { Accepted } from "../outbox/rows.ts";
import { AppError } from "../shared/errors.ts";
import { assertStorable } from "../shared/storable.ts";
import type { AppEnv } from "./app-env.ts";
import { readBodyWithLimit } from "./read-body.ts";
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

export async function readJson(c: Context<AppEnv>, limitBytes = 256 * 1024): Promise<unknown> {
  const body = await readBodyWithLimit(c.req.raw, limitBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new AppError("invalid_request", "body is not valid JSON");
  }
  assertStorable(parsed);
  return parsed;
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
  });
}

export function acceptedResponse(
  c: Context<AppEnv>,
  accepted: readonly Accepted[],
  extra: Record<string, unknown> = {},
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
