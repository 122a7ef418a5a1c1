import { createRoute, z } from "@hono/zod-openapi";
import { ERASURE_SOURCES } from "../../db/schema/index.ts";
import { listErasures } from "../../erasure/record.ts";
import { requireAdmin } from "../admin-auth.ts";
import { CURSOR_KEYS, decodeCursor, pageFrom } from "../cursor.ts";
import { routeApp } from "../route-app.ts";
import { ADMIN_SECURITY, adminProblems, json } from "../schemas/common.ts";
import { Erasure } from "../schemas/operator.ts";
import { pageOf, pageQuery } from "../schemas/page.ts";

const query = z.object({
  workspace_id: z.string().min(1).max(200).optional(),
  user_id: z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe("Was this user erased? Hashed with each record's salt, never stored or echoed"),
  contact_id: z.string().min(1).max(100).optional(),
  requested_by: z.enum(ERASURE_SOURCES).optional(),
  before: z.iso.datetime({ offset: true }).optional().describe("Only requests before this instant"),
  ...pageQuery({ max: 200, default: 50 }),
});

const route = createRoute({
  method: "get",
  path: "/v1/erasures",
  tags: ["Operator"],
  summary: "Erasure requests, newest first: who asked, when, what was removed (counts only)",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { query },
  responses: { 200: json(pageOf(Erasure).openapi("ErasurePage"), "A page"), ...adminProblems },
});

export const erasuresList = routeApp().openapi(route, async (c) => {
  const filter = c.req.valid("query");
  const rows = await listErasures(c.var.services.db(), {
    workspaceId: filter.workspace_id,
    userId: filter.user_id,
    contactId: filter.contact_id,
    requestedBy: filter.requested_by,
    before: filter.before ? new Date(filter.before) : undefined,
    limit: filter.limit + 1,
    after: decodeCursor(filter.cursor, CURSOR_KEYS.byTimeAndUuid),
  });
  const page = pageFrom(
    rows,
    filter.limit,
    (row) => [row.at, row.id],
    (row) => ({
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
    }),
  );
  return c.json(page, 200);
});
