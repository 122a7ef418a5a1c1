import { z } from "@hono/zod-openapi";
import { Instant, NullableInstant } from "./common.ts";

/** A suppression as the operator sees it: ids and times, never an identifier or its hash. */
export const Suppression = z
  .object({
    id: z.uuid().describe("What `DELETE /v1/suppressions/{id}` lifts"),
    erasure_id: z.uuid().describe("The erasure record in `GET /v1/erasures`"),
    reference: z.string().describe("The erasure request: the `DELETE /v1/contacts` outbox row id"),
    workspace_id: z.string(),
    status: z.enum(["active", "lifted"]),
    identifiers: z
      .int()
      .describe("How many identifiers (contact ids, user ids, emails, as keyed hashes) it holds"),
    created_at: Instant,
    updated_at: Instant,
    lifted_at: NullableInstant,
  })
  .openapi("Suppression");

export const SuppressionParam = z.object({
  id: z.uuid().openapi({ description: "The suppression's id (from a 409 `erased` problem)" }),
});

export const SuppressionQuery = {
  status: z.enum(["active", "lifted"]).optional(),
  erasure_id: z.uuid().optional().describe("Only the suppression of this erasure"),
};
