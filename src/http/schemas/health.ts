import { z } from "@hono/zod-openapi";
import { Instant, NullableInstant } from "./common.ts";

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
