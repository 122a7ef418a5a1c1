import { z } from "@hono/zod-openapi";
import { AUDIT_ACTIONS, AUDIT_ACTOR_KINDS, AUDIT_OUTCOMES } from "../../db/schema/audit.ts";
import { Instant } from "./common.ts";
import { pageOf } from "./page.ts";

const AuditEvent = z
  .object({
    id: z.uuid(),
    at: Instant,
    action: z.enum(AUDIT_ACTIONS),
    outcome: z
      .enum(AUDIT_OUTCOMES)
      .describe("`refused`: the service said no (404, 409); `failed`: it could not"),
    reason: z.string().nullable().describe("When not ok: the error's kind, never its text"),
    actor: z.object({
      kind: z.enum(AUDIT_ACTOR_KINDS),
      ref: z
        .string()
        .nullable()
        .describe(
          "admin_key: a keyed mark of the key; dashboard_session: the start of the session's token_hash; access: the Access identity",
        ),
    }),
    target: z
      .string()
      .nullable()
      .describe("An opaque id: delivery key, outbox id, run id, erasure id, session reference"),
    detail: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .describe("Kinds, modes, filters and counts; never a person's id"),
    from: z.object({
      address: z
        .string()
        .nullable()
        .describe("A keyed hash of the address group (an IPv6 /64 as one), never the address"),
      country: z.string().nullable(),
    }),
    request_id: z.string().nullable(),
  })
  .openapi("AuditEvent");

export const AuditPage = pageOf(AuditEvent).openapi("AuditPage");
