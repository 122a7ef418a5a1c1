import type { Hono } from "hono";
import { z } from "zod";
import { ERASURE_SOURCES } from "../../db/schema/index.ts";
import { listErasures } from "../../erasure/record.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";

const query = z.object({
  workspace_id: z.string().min(1).max(200).optional(),
  /** "Was this user erased?": hashed with each record's salt, never stored or echoed. */
  user_id: z.string().min(1).max(255).optional(),
  contact_id: z.string().min(1).max(100).optional(),
  requested_by: z.enum(ERASURE_SOURCES).optional(),
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Erasure requests, newest first: who asked, when, what was removed (counts only). */
export function registerErasuresList(app: Hono<AppEnv>) {
  app.get("/v1/erasures", requireAdmin, async (c) => {
    const filter = validate(query, c.req.query(), "query");
    const rows = await listErasures(c.var.services.db(), {
      workspaceId: filter.workspace_id,
      userId: filter.user_id,
      contactId: filter.contact_id,
      requestedBy: filter.requested_by,
      before: filter.before ? new Date(filter.before) : undefined,
      limit: filter.limit,
    });
    return c.json({
      data: rows.map((row) => ({
        id: row.id,
        workspace_id: row.workspaceId,
        requested_by: row.requestedBy,
        reference: row.reference,
        requested_at: row.requestedAt,
        completed_at: row.completedAt,
        passes: row.passes,
        intercom_contact_ids: row.intercomContactIds,
        intercom_status: row.intercomStatus,
        removed: row.removed,
      })),
    });
  });
}
