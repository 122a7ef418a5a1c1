import { z } from "@hono/zod-openapi";
import { DELIVERY_STATUSES } from "../../db/schema/index.ts";
import { countFilterFields, replayFilterFields } from "../../webhooks/replay-filter.ts";
import { Instant, JsonValue, NullableInstant } from "./common.ts";

export const Delivery = z
  .object({
    workspace_id: z.string(),
    delivery_key: z.string(),
    notification_id: z.string().nullable(),
    topic: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.int(),
    last_error: z.string().nullable(),
    ignored_reason: z
      .string()
      .nullable()
      .describe("Why an ignored delivery changed nothing (a topic not applied, a 1.x item)"),
    intercom_created_at: NullableInstant,
    received_at: Instant,
    processed_at: NullableInstant,
    payload: JsonValue,
  })
  .openapi("Delivery");

/** The fields as src/webhooks/replay-filter.ts defines them; `until` after `since` is the route's. */
export const BulkReplayBody = z.strictObject(replayFilterFields.shape).openapi("BulkReplayBody", {
  description:
    "Which stored deliveries to replay: `status` (dead, failed or ignored) and optionally `workspace_id`, the exact `topic`, and a `received_at` range (`since` inclusive, `until` exclusive; ISO date-times with a zone, or dates meaning midnight UTC). `limit` (1-1000, default 1000) bounds one call. `processed_before`: pass the first answer's `as_of` on follow-up calls, so a delivery replayed and already processed again is not replayed twice.",
  example: { status: "dead", topic: "contact.user.created", since: "2026-11-01" },
});

export const BulkReplayed = z
  .object({
    replayed: z.int().describe("Deliveries put back to `received` and queued by this call"),
    more: z.boolean().describe("More matched than the limit: call again"),
    as_of: Instant.describe(
      "The instant the filter was taken at (`processed_before`, or now): pass it as `processed_before` to continue and as `processed_since` to `GET /v1/webhooks/deliveries/counts` to see what became of the replay",
    ),
  })
  .openapi("BulkReplayed", {
    example: { replayed: 1000, more: true, as_of: "2026-11-30T09:15:00.000Z" },
  });

export const DeliveryCountsQuery = countFilterFields;

const count = z.int();
export const DeliveryCounts = z
  .object({
    received: count.describe("Still waiting to be applied"),
    applied: count,
    ignored: count,
    failed: count,
    dead: count,
  })
  .openapi("DeliveryCounts");
