import { z } from "@hono/zod-openapi";
import { ERASURE_SOURCES } from "../../db/schema/index.ts";
import { Accepted } from "./accepted.ts";
import { Instant } from "./common.ts";
import { pageOf } from "./page.ts";

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
