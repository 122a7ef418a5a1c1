import { z } from "@hono/zod-openapi";
import { OUTBOX_KINDS, OUTBOX_STATUSES } from "../../db/schema/outbox.ts";
import { Instant, JsonValue, NullableInstant } from "./common.ts";

export const OutboxRow = z
  .object({
    id: z.uuid(),
    kind: z.enum(OUTBOX_KINDS),
    idempotency_key: z.string(),
    user_id: z.string().nullable().describe("The person the write is for"),
    status: z.enum(OUTBOX_STATUSES),
    attempts: z.int(),
    last_error: z.string().nullable(),
    result: JsonValue,
    payload: JsonValue,
    created_at: Instant,
    next_attempt_at: NullableInstant,
    delivered_at: NullableInstant,
  })
  .openapi("OutboxRow");
