import { z } from "@hono/zod-openapi";
import { OUTBOX_STATUSES } from "../../db/schema/outbox.ts";

const AcceptedWrite = z.object({
  id: z.uuid().describe("The outbox row: `GET /v1/outbox` shows what became of it"),
  idempotency_key: z.string().nullable(),
  status: z.enum(OUTBOX_STATUSES),
  duplicate: z.boolean().describe("True when the key had been seen: nothing new was stored"),
});

/** 202 of every write for Intercom: stored in the outbox, delivered later. */
export const Accepted = z
  .object({
    data: z.array(AcceptedWrite),
    delivery: z.string().describe('"queued", or why delivery waits'),
  })
  .openapi("Accepted", {
    example: {
      data: [
        {
          id: "5b1d7f0e-8f57-4f4e-9d1c-2a8d1f0c9a11",
          idempotency_key: "message:7c0e",
          status: "pending",
          duplicate: false,
        },
      ],
      delivery: "queued",
    },
  });

/**
 * Writes may carry an `Idempotency-Key`: the same key again stores nothing new. Declared as a
 * plain parameter (src/http/accept.ts checks it), so typed clients need not pass headers.
 */
export const IDEMPOTENCY_KEY = {
  name: "Idempotency-Key",
  in: "header" as const,
  required: false,
  description: "Makes a retried request the same write (1-200 characters)",
  schema: { type: "string" as const, minLength: 1, maxLength: 200 },
  example: "order-42-welcome",
};

/** 202 of an erasure: the Intercom delete is in the outbox, our copies are gone already. */
export const Erased = Accepted.extend({
  erasure: z.object({
    id: z.uuid().describe("The record in `GET /v1/erasures`"),
    removed: z.record(z.string(), z.number()).describe("Rows removed per table, all workspaces"),
    suppression_id: z
      .uuid()
      .nullable()
      .describe(
        "Refuses later writes about the person until lifted (`DELETE /v1/suppressions/{id}`); null when a repeat finds it lifted",
      ),
  }),
}).openapi("Erased");
