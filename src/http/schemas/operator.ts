import { z } from "@hono/zod-openapi";
import { DELIVERY_STATUSES, ERASURE_SOURCES } from "../../db/schema/index.ts";
import { OUTBOX_KINDS, OUTBOX_STATUSES } from "../../db/schema/outbox.ts";
import { Instant, JsonValue, NullableInstant } from "./common.ts";
import { pageOf } from "./page.ts";

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

export const Erasure = z
  .object({
    id: z.uuid(),
    workspace_id: z.string(),
    requested_by: z.enum(ERASURE_SOURCES),
    reference: z.string(),
    requested_at: Instant,
    completed_at: Instant,
    passes: z.int(),
    intercom_contact_ids: z.array(z.string()),
    intercom_status: z.string(),
    removed: z.record(z.string(), z.number()).describe("Rows removed per table (counts only)"),
  })
  .openapi("Erasure");

export const ErasurePage = pageOf(Erasure).openapi("ErasurePage");

const backlog = z.object({
  pending: z.int(),
  failed: z.int(),
  dead: z.int(),
  unsure: z
    .int()
    .optional()
    .describe("Outbox only: writes whose answer was lost, to be looked for in Intercom"),
});
const state = z.enum(["ok", "degraded", "down"]);

export const PublicHealth = z
  .object({
    status: state,
    checks: z.object({ database: state, intercom: state }),
    intercom_configured: z.boolean(),
  })
  .openapi("PublicHealth", {
    example: {
      status: "ok",
      checks: { database: "ok", intercom: "ok" },
      intercom_configured: true,
    },
  });

export const HealthReport = z
  .object({
    status: state,
    checks: z.object({
      database: z.object({
        status: z.enum(["ok", "down"]),
        latency_ms: z.number().optional(),
        error: z.string().optional(),
      }),
      // Whom the token belongs to (Intercom's GET /me), or why it does not work here.
      intercom: z.object({
        status: z.enum(["ok", "unconfigured", "down"]),
        api_base: z.string(),
        detail: z.string().optional(),
        error: z.string().optional(),
        workspace: z
          .object({
            id: z.string().nullable(),
            name: z.string().nullable(),
            region: z.string().nullable(),
          })
          .optional(),
        admin: z
          .object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() })
          .optional(),
      }),
      webhooks: backlog.optional(),
      outbox: backlog.optional(),
      syncs: z
        .record(
          z.string(),
          z.object({ status: z.string(), started_at: Instant, finished_at: NullableInstant }),
        )
        .optional(),
    }),
  })
  .openapi("HealthReport");
